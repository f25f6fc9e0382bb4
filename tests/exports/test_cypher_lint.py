"""Every Cypher statement we send to Neo4j, checked by Neo4j's own linter.

``@neo4j-cypher/language-support`` (pinned in tests/cypher/package.json) is the parser
and semantic checker behind Neo4j's editors. ``tests/cypher/lint.mjs`` runs its
``lintCypherQuery`` over a batch of queries; we pass our labels, relationship types,
property keys and each statement's parameter names, and require no diagnostics at all.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from exports.neo4j import count_in_neo4j, plan_load
from exports.neo4j_schema import examples, load_schema
from kg.graph import KnowledgeGraph

LINTER = Path(__file__).resolve().parents[1] / "cypher"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "neo4j.md"


def _lint_schema() -> dict[str, Any]:
    schema = load_schema()
    keys = {k for props in schema.nodes.values() for k in props} | set(schema.relationship_properties)
    return {"labels": list(schema.nodes), "relationshipTypes": list(schema.relationships),
            # "source"/"target"/"props" are the keys of the loader's parameter rows (row.source, ...)
            "propertyKeys": sorted(keys | {"extra", "source", "target", "props"})}


@pytest.fixture(scope="module")
def lint() -> Any:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (apt-get install nodejs); the Cypher linter runs on Node")
    if not (LINTER / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.skip("the Cypher linter is not installed: run `npm ci --prefix tests/cypher`")

    def run(queries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        payload = json.dumps({"schema": _lint_schema(), "queries": queries})
        done = subprocess.run([node, str(LINTER / "lint.mjs")], input=payload, capture_output=True, text=True,
                              cwd=LINTER, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout)
        run.functions_checked = out["functionsChecked"]  # type: ignore[attr-defined]
        return {r["name"]: r["diagnostics"] for r in out["results"]}

    return run


class _RecordingSession:
    """Stands in for a Neo4j session to collect the count statements the loader runs."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def execute_read(self, fn: Any, cypher: str, params: dict[str, Any]) -> list[dict[str, int]]:
        self.statements.append(cypher)
        return [{"n": 0}]


def loader_statements() -> list[dict[str, Any]]:
    """Every distinct statement the loader sends, with the parameters it sends them with."""
    session = _RecordingSession()
    count_in_neo4j(session)
    queries = [{"name": f"{s.kind}:{s.name}", "query": s.cypher, "parameters": {"rows": []} if s.kind != "constraint"
                else {}} for s in plan_load(KnowledgeGraph())]
    queries += [{"name": f"count:{i}", "query": q, "parameters": {}} for i, q in enumerate(session.statements)]
    return queries


def docs_queries() -> list[dict[str, Any]]:
    """The ```cypher blocks of docs/neo4j.md."""
    if not DOCS.exists():
        return []
    blocks = re.findall(r"```cypher\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    return [{"name": f"docs:{i}", "query": b.strip(), "parameters": {}} for i, b in enumerate(blocks)]


BROKEN = [
    {"name": "broken:syntax", "query": "MATCH (p:Paper RETURN p", "parameters": {}},
    {"name": "broken:param", "query": "UNWIND $rows AS row RETURN row", "parameters": {}},
    {"name": "broken:label", "query": "MATCH (p:Papper) RETURN p.id AS id", "parameters": {}},
    {"name": "broken:embedded-only", "query": "MATCH (n:Paper) RETURN label(n) AS l", "parameters": {}},
]


@pytest.fixture(scope="module")
def linted(lint: Any) -> dict[str, list[dict[str, Any]]]:
    """One linter run (Node starts once) over everything the tests below look at."""
    examples_ = [{"name": f"example:{ex.name}", "query": ex.text, "parameters": ex.params}
                 for ex in examples().values()]
    return lint([*loader_statements(), *examples_, *docs_queries(), *BROKEN])


def _dirty(linted: dict[str, list[dict[str, Any]]], prefix: str) -> dict[str, list[dict[str, Any]]]:
    return {name: d for name, d in linted.items() if name.startswith(prefix) and d}


def test_loader_statements_lint_clean(linted: dict[str, list[dict[str, Any]]]) -> None:
    schema = load_schema()
    loader = [n for n in linted if n.split(":")[0] in ("constraint", "nodes", "relationships", "count")]
    assert len(loader) == 3 * len(schema.nodes) + 2 * len(schema.relationships)
    assert _dirty(linted, "constraint") == _dirty(linted, "nodes") == _dirty(linted, "relationships") == {}
    assert _dirty(linted, "count") == {}


def test_example_questions_lint_clean(linted: dict[str, list[dict[str, Any]]]) -> None:
    assert sum(n.startswith("example:") for n in linted) == len(examples())
    assert _dirty(linted, "example:") == {}


def test_docs_queries_lint_clean(linted: dict[str, list[dict[str, Any]]]) -> None:
    assert any(n.startswith("docs:") for n in linted), "docs/neo4j.md has no ```cypher blocks"
    assert _dirty(linted, "docs:") == {}


def test_the_linter_reports_broken_queries(lint: Any, linted: dict[str, list[dict[str, Any]]]) -> None:
    assert any(d["severity"] == "error" and "Invalid input" in d["message"] for d in linted["broken:syntax"])
    assert any("Parameter $rows is not defined" in d["message"] for d in linted["broken:param"])
    assert any("Label Papper is not present" in d["message"] for d in linted["broken:label"])
    if lint.functions_checked:
        assert any("Function label is not present" in d["message"] for d in linted["broken:embedded-only"])


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def _satisfies(version: tuple[int, ...], spec: str) -> bool:
    """Whether *version* meets an npm ``engines`` range made of ``>=X.Y.Z`` alternatives (``a || b``)."""
    alternatives = [alt.strip() for alt in spec.split("||")]
    assert all(re.fullmatch(r">=\s*\d+(\.\d+){0,2}", alt) for alt in alternatives), f"unexpected range {spec!r}"
    return any(version >= _version(alt) for alt in alternatives)


def test_the_pinned_linter_runs_on_this_node_without_an_engine_warning() -> None:
    """`npm ci` warns (EBADENGINE) when a locked package's `engines.node` excludes the running Node."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (apt-get install nodejs); the Cypher linter runs on Node")
    running = _version(subprocess.run([node, "--version"], capture_output=True, text=True, check=True).stdout)
    lock = json.loads((LINTER / "package-lock.json").read_text(encoding="utf-8"))
    too_new = {name: meta["engines"]["node"] for name, meta in lock["packages"].items()
               if "node" in meta.get("engines", {}) and not _satisfies(running, meta["engines"]["node"])}
    assert too_new == {}, f"packages that want a newer Node than {'.'.join(map(str, running))}: {too_new}"
