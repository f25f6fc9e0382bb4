"""The Cypher queries the documentation shows, as (where, query, params), for the tests to run.

Three forms are found in README.md and docs/neo4j.md: fenced ```cypher blocks, ad-hoc queries
``kg query GRAPH "MATCH ..."``, and canned ones ``kg query ... --run NAME --param k=v``.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exports.neo4j_schema import examples

__all__ = ["DocQuery", "doc_queries"]

_BLOCK = re.compile(r"```cypher\n(.*?)```", re.S)
_KG_QUERY = re.compile(r"^\s*(?:\.venv/bin/)?kg query\b(.*)$", re.M)
_CYPHER_START = re.compile(r"^\s*(MATCH|OPTIONAL|WITH|UNWIND|CALL|RETURN)\b", re.I)


@dataclass(frozen=True)
class DocQuery:
    where: str  #: file and line
    cypher: str
    params: dict[str, Any] = field(default_factory=dict)
    graph: str | None = None  #: the graph.json the doc runs it on, if it names one

    @property
    def id(self) -> str:
        return self.where


def _params(pairs: list[str]) -> dict[str, Any]:
    """``--param NAME=VALUE`` as `kg query` reads it: JSON when it parses, else a string."""
    params: dict[str, Any] = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value
    return params


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def doc_queries(path: Path) -> list[DocQuery]:
    """Every Cypher query *path* shows, with the parameters it passes."""
    text = path.read_text(encoding="utf-8")
    found: list[DocQuery] = []
    for m in _BLOCK.finditer(text):
        found.append(DocQuery(f"{path.name}:{_line(text, m.start(1))}", m.group(1).strip()))
    canned = examples()
    for m in _KG_QUERY.finditer(text):
        rest = m.group(1).split("`")[0].split("  #")[0]  # inline code ends at a backtick; drop comments
        try:
            words = shlex.split(rest)
        except ValueError:
            continue
        where = f"{path.name}:{_line(text, m.start())}"
        graph = words[0] if words and words[0].endswith(".json") else None
        if "--run" in words:
            ex = canned[words[words.index("--run") + 1]]
            pairs = [words[i + 1] for i, w in enumerate(words) if w in ("--param", "-p")]
            found.append(DocQuery(where, ex.text, {**ex.params, **_params(pairs)}, graph))
        else:
            ad_hoc = [w for w in words if _CYPHER_START.match(w)]
            found += [DocQuery(where, q, {}, graph) for q in ad_hoc]
    return found
