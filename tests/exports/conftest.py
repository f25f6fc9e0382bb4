"""Fixtures of the export tests: the corpus graph, a live Neo4j (``tests/with-neo4j``), the sample graph."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from exports.rdf import graph_to_rdf
from kg.graph import KnowledgeGraph
from tests.conftest import SHARED
from tests.exports.rdf_sample import sample_graph


@pytest.fixture(scope="session")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``kg build ../shared/corpus -o OUT`` once per session (graph.json and graph.ttl)."""
    from paperkg.build import build  # imports spaCy: only sessions that need the corpus graph

    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"{corpus} not found (the shared corpus sits beside the repository)")
    out = tmp_path_factory.mktemp("corpus")
    build([corpus], out, exports=["turtle"])
    return out


@dataclass
class Live:
    """An empty database on a live Neo4j, with an open driver to it."""

    uri: str
    user: str
    password: str
    database: str | None
    driver: Any

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        from exports.neo4j import query_neo4j

        return query_neo4j(cypher, params, driver=self.driver, database=self.database).rows

    def wipe(self) -> None:
        with self.driver.session(database=self.database) as session:  # IN TRANSACTIONS needs auto-commit
            session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 50000 ROWS").consume()
            session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 50000 ROWS").consume()


def live_env() -> tuple[str, str, str] | None:
    keys = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")
    return tuple(os.environ[k] for k in keys) if all(os.environ.get(k) for k in keys) else None  # type: ignore


@pytest.fixture(scope="module")
def live() -> Iterator[Live]:
    """The live Neo4j of NEO4J_URI/USER/PASSWORD, empty; emptied again after the module."""
    env = live_env()
    if env is None:
        pytest.skip("no live Neo4j: set NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD, or run under `tests/with-neo4j`")
    from exports.neo4j import connect

    database = os.environ.get("NEO4J_DATABASE") or None
    driver = connect(*env, database)
    db = Live(*env, database, driver)
    try:
        if db.query("MATCH (n) RETURN count(n) AS n")[0][0]:
            pytest.skip(f"the database at {env[0]} is not empty; the live tests load and delete test graphs, "
                        "so point them at an empty database (NEO4J_DATABASE)")
        yield db
        db.wipe()
    finally:
        driver.close()


@pytest.fixture(scope="module")
def sample_kg() -> KnowledgeGraph:
    """The hand-made sample graph of rdf_sample.py (four papers, every relation type)."""
    return sample_graph()


@pytest.fixture(scope="module")
def sample_rdf(sample_kg: KnowledgeGraph) -> Graph:
    """:data:`sample_kg` as RDF."""
    return graph_to_rdf(sample_kg)
