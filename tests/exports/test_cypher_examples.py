"""Every canned question, run on the embedded engine (always) and on a live Neo4j (marker ``neo4j``).

The small graph below is built by hand so that each question has a known answer,
including ties, missing links and hostile strings.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from exports.embedded import load_embedded, run_query
from exports.neo4j_schema import QueryResult, examples
from tests.exports.neo4j_sample import P1, P2, P3, P4, REPO, sample_graph

#: (parameters, expected rows) per example; every example in examples.cypher must be here.
EXPECTED: dict[str, list[tuple[dict[str, Any], list[list[Any]]]]] = {
    "papers-on-dataset": [
        ({}, [["COCO", "arxiv:0001", P1, 2], ["COCO", "arxiv:0002", P2, 1], ["COCO", "arxiv:0003", P3, 1]]),
        ({"dataset": "ms coco"}, []),  # aliases match exactly, names case-insensitively
        ({"dataset": "MS COCO"}, [["COCO", "arxiv:0001", P1, 2], ["COCO", "arxiv:0002", P2, 1],
                                  ["COCO", "arxiv:0003", P3, 1]]),
        ({"dataset": "imagenet"}, [["ImageNet", "arxiv:0002", P2, 1], ["ImageNet", "arxiv:0003", P3, 1],
                                   ["ImageNet", "arxiv:0004", P4, 1]]),
    ],
    "best-results": [
        ({}, [["COCO", "AP", 51.5, None, "DetNet", P1, 3], ["COCO", "AP", 51.5, None, "SegNet2", P3, 3],
              ["VOC", "AP", 80.0, None, None, P1, 1]]),
    ],
    "methods-for-task": [
        ({}, [["object detection", "DetNet", P1, [REPO]], ["object detection", "SegNet2", P3, []]]),
        ({"task": "task:object-detection"}, [["object detection", "DetNet", P1, [REPO]],
                                            ["object detection", "SegNet2", P3, []]]),
        ({"task": "segmentation"}, []),
    ],
    "datasets-used-together": [
        ({}, [["COCO", "ImageNet", 2], ["COCO", "VOC", 2], ["ImageNet", "VOC", 1]]),
        ({"limit": 1}, [["COCO", "ImageNet", 2]]),
    ],
    "uses-proposed-method": [
        ({}, [["DetNet", P1, P2], ["DetNet", P1, P4]]),
    ],
}


def test_every_example_has_an_expected_answer() -> None:
    assert set(EXPECTED) == set(examples())
    assert all(ex.description for ex in examples().values())


@pytest.fixture(scope="module")
def embedded() -> Callable[[str, dict[str, Any]], QueryResult]:
    conn = load_embedded(sample_graph())
    return lambda cypher, params: run_query(conn, cypher, params)


def _neo4j_env() -> tuple[str, str, str] | None:
    keys = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")
    return tuple(os.environ[k] for k in keys) if all(os.environ.get(k) for k in keys) else None  # type: ignore


@pytest.fixture(scope="module")
def live_driver() -> Iterator[tuple[Any, str | None]]:
    """A driver to an empty live Neo4j holding the sample graph (skipped without NEO4J_*)."""
    env = _neo4j_env()
    if env is None:
        pytest.skip("no live Neo4j: set NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD, or run under `tests/with-neo4j`")
    from exports.neo4j import connect, load_neo4j, query_neo4j

    uri, user, password = env
    database = os.environ.get("NEO4J_DATABASE") or None
    driver = connect(uri, user, password, database)
    try:
        if query_neo4j("MATCH (n) RETURN count(n) AS n", driver=driver, database=database).rows[0][0]:
            pytest.skip(f"the database at {uri} is not empty; the live tests load and delete a test graph, "
                        "so point them at an empty database (NEO4J_DATABASE)")
        report = load_neo4j(sample_graph(), driver=driver, database=database, batch_size=2)
        assert report.found == report.expected
        yield driver, database
        query_neo4j("MATCH (n) DETACH DELETE n", driver=driver, database=database)
    finally:
        driver.close()


@pytest.fixture(scope="module")
def live_neo4j(live_driver: tuple[Any, str | None]) -> Callable[[str, dict[str, Any]], QueryResult]:
    from exports.neo4j import query_neo4j

    driver, database = live_driver
    return lambda cypher, params: query_neo4j(cypher, params, driver=driver, database=database)


@pytest.mark.neo4j
def test_live_reload_is_idempotent(live_driver: tuple[Any, str | None]) -> None:
    from exports.neo4j import count_in_neo4j, load_neo4j

    driver, database = live_driver
    with driver.session(database=database) as session:
        before = count_in_neo4j(session)
    report = load_neo4j(sample_graph(), driver=driver, database=database, batch_size=1000)
    assert report.found == before == report.expected
    with driver.session(database=database) as session:
        constraints = session.run("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names").single()["names"]
    assert {f"paperkg_{label.lower()}_id" for label in report.expected["nodes"]} <= set(constraints)


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def engine(request: pytest.FixtureRequest) -> Callable[[str, dict[str, Any]], QueryResult]:
    return request.getfixturevalue("embedded" if request.param == "embedded" else "live_neo4j")


@pytest.mark.parametrize(("name", "params", "rows"), [
    pytest.param(name, params, rows, id=f"{name}-{i}")
    for name, cases in EXPECTED.items() for i, (params, rows) in enumerate(cases)
])
def test_example_answers(engine: Callable[[str, dict[str, Any]], QueryResult], name: str,
                         params: dict[str, Any], rows: list[list[Any]]) -> None:
    example = examples()[name]
    result = engine(example.text, {**example.params, **params})
    assert result.rows == rows
    assert len(result.columns) == len(set(result.columns))  # every column is named by an alias


def test_hostile_strings_come_back_verbatim(engine: Callable[[str, dict[str, Any]], QueryResult]) -> None:
    result = engine("MATCH (p:Paper) WHERE p.id = $id RETURN p.title AS title", {"id": "arxiv:0004"})
    assert result.rows == [[P4]]
    result = engine("MATCH (p:Paper)-[e:EVALUATES_ON]->(d:Dataset) WHERE p.id = $id AND d.id = $d "
                    "RETURN e.ev_surface AS surfaces, e.ev_start AS offsets, e.count AS n",
                    {"id": "arxiv:0001", "d": "dataset:coco"})
    assert result.rows == [[["MS COCO", "COCO"], [0, 40], 2]]
