"""exports/shacl_rewrite.py: FILTER NOT EXISTS becomes MINUS only where both give the same answers."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from exports.shacl_rewrite import minus_for_not_exists

P = "PREFIX x: <http://x/>"
DATA = """<http://x/a> <http://x/p> <http://x/b> . <http://x/a> <http://x/q> <http://x/b> .
<http://x/c> <http://x/p> <http://x/d> . <http://x/e> <http://x/p> <http://x/f> . <http://x/e> <http://x/r> <http://x/g> .
<http://x/e> <http://x/q> <http://x/h> ."""


def _rows(query: str) -> list:
    store = ox.Store()
    store.load(DATA, format=ox.RdfFormat.TURTLE)
    return sorted(str(sorted((k.value, str(s[k])) for k in store.query(query).variables if s[k] is not None))
                  for s in store.query(query))


REWRITTEN = [
    "SELECT ?a ?b WHERE { ?a x:p ?b . FILTER NOT EXISTS { ?a x:q ?b } }",
    "SELECT ?a ?b ?k WHERE { { ?a x:p ?b . BIND(x:p AS ?k) } UNION { ?a x:r ?b . BIND(x:r AS ?k) } "
    "FILTER NOT EXISTS { ?a x:q ?b . ?a ?k ?b } }",
]
KEPT = [
    # ?b is bound by OPTIONAL only: with it unbound, NOT EXISTS matches any ?b and MINUS nothing
    "SELECT ?a WHERE { ?a x:p ?c OPTIONAL { ?a x:r ?b } FILTER NOT EXISTS { ?a x:q ?b } }",
    # ?b is bound in one UNION branch only
    "SELECT ?a WHERE { { ?a x:p ?c } UNION { ?a x:r ?b } FILTER NOT EXISTS { ?a x:q ?b } }",
    # no shared variable: MINUS removes nothing, NOT EXISTS everything
    "SELECT ?a WHERE { ?a x:p ?c FILTER NOT EXISTS { ?z x:q ?y } }",
    # the filter is not last: MINUS would apply to less of the pattern
    "SELECT ?a WHERE { FILTER NOT EXISTS { ?a x:q ?b } ?a x:p ?b }",
    # a filter inside the body
    "SELECT ?a WHERE { ?a x:p ?b FILTER NOT EXISTS { ?a x:q ?c FILTER(?c != ?b) } }",
]


@pytest.mark.parametrize("query", REWRITTEN)
def test_safe_filters_become_minus_with_the_same_answers(query: str) -> None:
    rewritten = minus_for_not_exists(P, query)
    assert "MINUS" in rewritten and "NOT EXISTS" not in rewritten
    assert _rows(f"{P}\n{rewritten}") == _rows(f"{P}\n{query}")


@pytest.mark.parametrize("query", KEPT)
def test_other_queries_are_left_as_written(query: str) -> None:
    assert minus_for_not_exists(P, query) == query


def test_without_a_shared_variable_minus_really_differs() -> None:
    """Why KEPT[2] is kept (the others are kept to be safe, not because they always differ)."""
    minus = KEPT[2].replace("FILTER NOT EXISTS", "MINUS")
    assert _rows(f"{P}\n{minus}") != _rows(f"{P}\n{KEPT[2]}")
