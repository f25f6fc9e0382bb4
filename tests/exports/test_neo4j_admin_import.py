"""The bulk path: ``kg export neo4j-csv`` through the real ``neo4j-admin database import full``.

neo4j-admin is ``org.neo4j.cli.AdminTool`` from Maven Central (``tests/neo4j-server``); it
imports into a fresh Neo4j home, which a second server then opens. What it holds is compared,
node by node and relationship by relationship, with the online load (``kg load neo4j``) of the
same graph into the live server: the corpus plus a paper of hostile strings, arrays whose
elements hold the array delimiters, and numbers.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest

from exports.neo4j import connect, count_in_neo4j, load_neo4j, query_neo4j
from exports.neo4j_csv import write_neo4j_csv
from kg.graph import KnowledgeGraph
from kg.graphjson import read_graph_json
from kg.model import Evidence, Mention, Paper, PaperFragment, ResultRecord
from tests.exports.conftest import Live
from tests.jvm import neo4j_admin, neo4j_server

pytestmark = [pytest.mark.neo4j, pytest.mark.java]

HOSTILE = 'Quotes "x", back\\slash; semi | pipe, }{ and\nnewline, \u00e9\u4e2d'  # ; and | in arrays: U+001F delimits
NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id"
RELS = "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props ORDER BY a, t, b"


def hostile_graph(corpus: Path) -> KnowledgeGraph:
    kg = read_graph_json(corpus)
    ev = Evidence("COCO", 0, 4, HOSTILE, "hand", 0.5)
    kg.add_fragment(PaperFragment(
        Paper(id="arxiv:9999.00001", title=HOSTILE, abstract=HOSTILE, year=2024, authors=("A; B", "C | D", 'E "F"')),
        [Mention("dataset", "dataset:coco", "COCO", ev),
         Mention("dataset", "dataset:hostile", HOSTILE, Evidence(HOSTILE, None, None, "", "hand", 1.0))],
        [ResultRecord("AP", "metric:ap", 1e-7, "1e-7 AP", ev, None, "COCO", "dataset:coco", None, None)]))
    return kg


def snapshot(driver: Any) -> tuple[list[list[Any]], list[list[Any]]]:
    return query_neo4j(NODES, driver=driver).rows, query_neo4j(RELS, driver=driver).rows


def without_empty(props: dict[str, Any]) -> dict[str, Any]:
    """neo4j-admin reads an empty CSV field as "no property": [], "" and [""] are all written as one."""
    return {k: v for k, v in props.items() if v not in ([], "", [""])}


@pytest.fixture(scope="module")
def online_and_bulk(live: Live, corpus_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """(online snapshot, imported snapshot, import output, constraints found after constraints.cypher)."""
    kg = hostile_graph(corpus_out / "graph.json")
    load_neo4j(kg, driver=live.driver, database=live.database)
    online = snapshot(live.driver)

    tmp = tmp_path_factory.mktemp("bulk")
    export, home = tmp / "import", tmp / "home"
    home.mkdir()
    write_neo4j_csv(kg, export)
    command = shlex.split((export / "import-command.txt").read_text(encoding="utf-8").splitlines()[-1])
    assert command[:4] == ["neo4j-admin", "database", "import", "full"]
    done = neo4j_admin(*command[1:], home=home, cwd=export)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    with neo4j_server(home, log=tmp / "neo4j.log") as server:
        driver = connect(server.uri, server.user, server.password)
        try:
            bulk = snapshot(driver)
            with driver.session() as session:
                for statement in (export / "constraints.cypher").read_text(encoding="utf-8").split(";"):
                    if statement.strip():
                        session.run(statement).consume()
                counts = count_in_neo4j(session)
            constraints = query_neo4j("SHOW CONSTRAINTS YIELD labelsOrTypes RETURN labelsOrTypes[0] AS label",
                                      driver=driver).rows
        finally:
            driver.close()
    return online, bulk, done.stdout, counts, {r[0] for r in constraints}, kg


def test_neo4j_admin_imports_every_node_and_relationship(online_and_bulk: Any) -> None:
    online, bulk, stdout, counts, _, kg = online_and_bulk
    assert "IMPORT DONE" in stdout
    assert len(bulk[0]) == len(online[0]) == kg.number_of_nodes()
    assert len(bulk[1]) == len(online[1]) == kg.number_of_relations()
    expected = kg.counts()
    assert {k: v for k, v in counts["nodes"].items() if v} == expected["nodes"]
    assert {k: v for k, v in counts["edges"].items() if v} == expected["edges"]


def test_bulk_and_online_hold_the_same_properties(online_and_bulk: Any) -> None:
    online, bulk, *_ = online_and_bulk
    assert bulk[0] == [[labels, without_empty(props)] for labels, props in online[0]]
    assert bulk[1] == [[a, t, b, without_empty(props)] for a, t, b, props in online[1]]


def test_arrays_numbers_and_hostile_strings_arrive_verbatim(online_and_bulk: Any) -> None:
    _, bulk, *_ = online_and_bulk
    nodes = {props["id"]: props for _, props in bulk[0]}
    paper = nodes["arxiv:9999.00001"]
    assert paper["title"] == paper["abstract"] == HOSTILE
    assert paper["authors"] == ["A; B", "C | D", 'E "F"'] and paper["year"] == 2024 and type(paper["year"]) is int
    assert nodes["dataset:hostile"]["name"] == HOSTILE
    result = next(p for p in nodes.values() if p["id"].startswith("result:") and p.get("raw") == "1e-7 AP")
    assert result["value"] == 1e-7
    coco = nodes["dataset:coco"]
    assert isinstance(coco["aliases"], list) and "MS COCO" in coco["aliases"]
    rel = next(p for a, t, b, p in bulk[1] if (a, t, b) == ("arxiv:9999.00001", "EVALUATES_ON", "dataset:hostile"))
    assert rel["ev_surface"] == [HOSTILE] and rel["ev_start"] == [-1] and rel["count"] == 1
    assert "ev_sentence" not in rel  # [""]: the one value an empty CSV field cannot carry (see docs/neo4j.md)


def test_constraints_cypher_creates_the_constraints(online_and_bulk: Any) -> None:
    *_, constraints, kg = online_and_bulk
    from exports.neo4j_schema import load_schema

    assert constraints == set(load_schema().nodes)
