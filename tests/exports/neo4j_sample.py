"""A small hand-made graph with known answers to every canned question, and a fake Neo4j driver.

The neo4j tests share both: the fake driver records calls and applies MERGE semantics, so the
loader (tests/exports/test_neo4j.py) and `kg load neo4j` (tests/paperkg/cli/commands/test_neo4j.py)
are tested without a server.
"""

from __future__ import annotations

import re
from typing import Any

from kg.graph import KnowledgeGraph
from kg.model import Evidence, Mention, Paper, PaperFragment, ResultRecord

__all__ = ["P1", "P2", "P3", "P4", "REPO", "sample_graph", "FakeRecord", "FakeStore", "FakeSession", "FakeDriver"]

P1, P2, P3 = "DetNet: detecting things", "A study using DetNet", "SegNet2 for detection"
P4 = 'Quotes "x", back\\slash, }{ and\nnewline'
REPO = "https://github.com/a/detnet"


def _ev(surface: str, start: int = 0) -> Evidence:
    return Evidence(surface, start, start + len(surface), f"... {surface} ...", "hand", 0.8)


def _m(kind: str, eid: str, name: str, surface: str | None = None, role: str | None = None,
       start: int = 0, **props: Any) -> Mention:
    return Mention(kind, eid, name, _ev(surface or name, start), role, tuple(sorted(props.items())))


def _r(value: float, dataset: tuple[str, str] | None, method: tuple[str, str] | None) -> ResultRecord:
    return ResultRecord("AP", "metric:ap", value, f"{value} AP", _ev(f"{value} AP"), None,
                        dataset[1] if dataset else None, dataset[0] if dataset else None,
                        method[1] if method else None, method[0] if method else None)


COCO, VOC, IMAGENET = ("dataset:coco", "COCO"), ("dataset:voc", "VOC"), ("dataset:imagenet", "ImageNet")
DETNET, SEGNET = ("method:detnet", "DetNet"), ("method:segnet2", "SegNet2")


def sample_graph() -> KnowledgeGraph:
    """Four papers: DetNet proposed in P1 and used by P2 and P4; a tie for best AP on COCO."""
    task = _m("task", "task:object-detection", "object detection")
    kg = KnowledgeGraph()
    kg.add_fragment(PaperFragment(Paper(id="arxiv:0001", title=P1, abstract=""), [
        _m("method", *DETNET, role="proposed"), task,
        _m("dataset", *COCO, surface="MS COCO"), _m("dataset", *COCO, start=40), _m("dataset", *VOC),
        _m("repository", "repo:github.com/a/detnet", "github.com/a/detnet", REPO, url=REPO, host="github.com"),
    ], [_r(51.5, COCO, DETNET), _r(80.0, VOC, None)]))
    kg.add_fragment(PaperFragment(Paper(id="arxiv:0002", title=P2, abstract=""), [
        _m("method", *DETNET, role="used"), _m("dataset", *COCO), _m("dataset", *VOC), _m("dataset", *IMAGENET),
    ], [_r(49.0, COCO, DETNET)]))
    kg.add_fragment(PaperFragment(Paper(id="arxiv:0003", title=P3, abstract=""), [
        _m("method", *SEGNET, role="proposed"), task, _m("dataset", *COCO), _m("dataset", *IMAGENET),
    ], [_r(51.5, COCO, SEGNET)]))
    kg.add_fragment(PaperFragment(Paper(id="arxiv:0004", title=P4, abstract=""), [
        _m("method", *DETNET, role="used"), _m("dataset", *IMAGENET),
    ]))
    return kg


class FakeRecord:
    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def data(self) -> dict[str, Any]:
        return dict(self._data)


class FakeStore:
    """A tiny graph store that understands exactly the loader's statements."""

    def __init__(self) -> None:
        self.nodes: dict[tuple[str, str], dict[str, Any]] = {}
        self.rels: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.constraints: list[str] = []

    def run(self, cypher: str, params: dict[str, Any]) -> list[FakeRecord]:
        if cypher.startswith("CREATE CONSTRAINT"):
            self.constraints.append(cypher)
            return []
        if m := re.search(r"MERGE \(n:(\w+) \{id: row\.id\}\)\nSET n = row\.props$", cypher):
            for row in params["rows"]:
                self.nodes[(m.group(1), row["id"])] = dict(row["props"])  # SET n = map replaces
            return []
        if m := re.search(r"MATCH \(a:(\w+) .*MATCH \(b:(\w+) .*MERGE \(a\)-\[r:(\w+)\]->\(b\)\nSET r = row\.props$",
                          cypher, re.S):
            for row in params["rows"]:
                if (m.group(1), row["source"]) in self.nodes and (m.group(2), row["target"]) in self.nodes:
                    self.rels[(m.group(3), row["source"], row["target"])] = dict(row["props"])
            return []
        if m := re.fullmatch(r"MATCH \(n:(\w+)\)\nRETURN count\(n\) AS n", cypher):
            return [FakeRecord({"n": sum(1 for label, _ in self.nodes if label == m.group(1))})]
        if m := re.fullmatch(r"MATCH \(:\w+\)-\[r:(\w+)\]->\(:\w+\)\nRETURN count\(r\) AS n", cypher):
            return [FakeRecord({"n": sum(1 for rel, _, _ in self.rels if rel == m.group(1))})]
        raise AssertionError(f"the fake store does not know this statement:\n{cypher}")


class FakeSession:
    def __init__(self, driver: FakeDriver) -> None:
        self.driver = driver

    def __enter__(self) -> FakeSession:
        return self

    def __exit__(self, *exc: Any) -> None:
        pass

    def _call(self, mode: str, fn: Any, cypher: str, params: dict[str, Any]) -> Any:
        if self.driver.fail:
            raise self.driver.fail
        if self.driver.fail_after is not None and len(self.driver.calls) >= self.driver.fail_after[0]:
            raise self.driver.fail_after[1]  # the connection lost after that many transactions
        self.driver.calls.append((mode, cypher, params))
        return fn(self, cypher, params)

    def execute_write(self, fn: Any, cypher: str, params: dict[str, Any]) -> Any:
        return self._call("write", fn, cypher, params)

    def execute_read(self, fn: Any, cypher: str, params: dict[str, Any]) -> Any:
        return self._call("read", fn, cypher, params)

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[FakeRecord]:  # the "tx" of _run
        return self.driver.store.run(cypher, params or {})


class FakeDriver:
    def __init__(self, store: FakeStore | None = None, fail: Exception | None = None,
                 fail_after: tuple[int, Exception] | None = None) -> None:
        self.store = store or FakeStore()
        self.fail = fail
        self.fail_after = fail_after  # (transactions, error): every transaction past that many raises the error
        self.calls: list[tuple[str, str, dict[str, Any]]] = []
        self.databases: list[str | None] = []

    def close(self) -> None:
        self.closed = True

    def session(self, database: str | None = None, **config: Any) -> FakeSession:
        self.databases.append(database)
        self.session_config = config
        return FakeSession(self)
