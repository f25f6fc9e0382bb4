"""exports/cypher_text.py: a query's RETURN columns named as Neo4j names them."""

from __future__ import annotations

import pytest

from exports.cypher_text import return_columns
from exports.neo4j_schema import examples


@pytest.mark.parametrize(("query", "columns"), [
    ("MATCH (n) RETURN n", ["n"]),
    ("MATCH (p)-[r]->(m) RETURN count(r), m.name", ["count(r)", "m.name"]),
    ("MATCH (p) RETURN  count( DISTINCT p )  AS  papers ,p.title", ["papers", "p.title"]),
    ("MATCH (p) return p.title as `the title` order by p.title limit 3", ["the title"]),
    ("MATCH (p) RETURN p.title AS t SKIP 2", ["t"]),
    ("MATCH (p) RETURN [x IN p.authors WHERE x <> 'a, b' | x] AS names", ["names"]),
    ("MATCH (p) RETURN CASE WHEN p.year > 2020 THEN 'new AS x' ELSE 'old' END AS age", ["age"]),
    ("MATCH (p) RETURN p.title // RETURN x, y\n", ["p.title"]),
    ("MATCH (p) RETURN p.title, /* a, b */ p.year", ["p.title", "p.year"]),
    ("MATCH (p) RETURN p.title /* unclosed", ["p.title"]),
    ("CALL { MATCH (n) RETURN n AS inner } RETURN count(inner) AS n", ["n"]),
    ("MATCH (n) WITH n.name AS name RETURN name, size(name)", ["name", "size(name)"]),
    ("MATCH (n) RETURN 'it''s', \"a \\\" RETURN b\"", ["'it''s'", '"a \\" RETURN b"']),
])
def test_columns(query: str, columns: list[str]) -> None:
    assert return_columns(query) == columns


@pytest.mark.parametrize("query", ["MATCH (n) RETURN *", "CREATE (n:Paper {id: 'x'})", "MATCH (n) RETURN n,"])
def test_unknowable_columns_are_none(query: str) -> None:
    assert return_columns(query) is None


def test_every_example_question_aliases_its_columns() -> None:
    for ex in examples().values():
        columns = return_columns(ex.text)
        assert columns and all(" " not in c and "(" not in c for c in columns), (ex.name, columns)
