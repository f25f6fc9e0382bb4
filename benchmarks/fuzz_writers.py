"""Writer side of benchmarks/fuzz.py: every writer on fuzzed papers, each output parsed back and counted.

Papers go into graphs in batches (no extraction: each paper and its authors,
as :meth:`kg.graph.KnowledgeGraph.add_fragment` makes them); a batch whose
output fails is bisected down to the papers that make it fail, so the counts are
papers, not batches.
"""

from __future__ import annotations

import collections
import csv
import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import rdflib

from kg.graph import KnowledgeGraph
from kg.graphjson import write_graph_json
from kg.model import Paper, PaperFragment
from kg.registry import registry

__all__ = ["WRITERS", "graph_of", "check_writers", "check_one"]


def graph_of(papers: list[Paper]) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    for paper in papers:
        kg.add_fragment(PaperFragment(paper))
    return kg


def _n_nodes(kg: KnowledgeGraph) -> int:
    return sum(kg.counts()["nodes"].values())


def _xml_nodes(path: Path) -> int:
    return sum(1 for el in ET.parse(path).iter() if el.tag.rsplit("}", 1)[-1] == "node")


def _csv_nodes(folder: Path) -> int:
    rows = 0
    for file in sorted(folder.glob("nodes_*.csv")):
        with open(file, encoding="utf-8", newline="") as fh:
            table = list(csv.reader(fh))
        if any(len(row) != len(table[0]) for row in table):
            raise ValueError(f"{file.name}: a row with another number of fields than the header")
        rows += len(table) - 1
    return rows


def _rdf(fmt: str) -> Callable[[KnowledgeGraph, Path], int]:
    def count(kg: KnowledgeGraph, path: Path) -> int:
        return len(rdflib.Graph().parse(path, format=fmt))
    return count


def _exporter(name: str) -> Callable[[KnowledgeGraph, Path], None]:
    return lambda kg, path: registry.get("exporter", name).load()(kg, path)


class _Html(HTMLParser):
    pass


def _html_ok(kg: KnowledgeGraph, path: Path) -> int:
    _Html().feed(path.read_text(encoding="utf-8"))
    return _n_nodes(kg)


def _embedded(kg: KnowledgeGraph, path: Path) -> None:
    from exports.embedded import load_embedded, run_query  # lazy: the engine is heavy and optional here

    conn = load_embedded(kg)
    path.write_text(json.dumps(run_query(conn, "MATCH (n) RETURN count(n) AS n").rows[0][0]))


#: name -> (write(kg, path), count of what the output holds when parsed back, expected count)
WRITERS: dict[str, tuple[Callable, Callable[[KnowledgeGraph, Path], int], Callable[[KnowledgeGraph], int]]] = {
    "graph.json": (write_graph_json, lambda kg, p: len(json.loads(p.read_text(encoding="utf-8"))["nodes"]), _n_nodes),
    "graphml": (_exporter("graphml"), lambda kg, p: _xml_nodes(p), _n_nodes),
    "gexf": (_exporter("gexf"), lambda kg, p: _xml_nodes(p), _n_nodes),
    "neo4j-csv": (_exporter("neo4j-csv"), lambda kg, p: _csv_nodes(p), _n_nodes),
    "html": (_exporter("html"), _html_ok, _n_nodes),
    "embedded": (_embedded, lambda kg, p: int(p.read_text()), _n_nodes),
    "turtle": (_exporter("turtle"), _rdf("turtle"), None),
    "ntriples": (_exporter("ntriples"), _rdf("nt"), None),
    "jsonld": (_exporter("jsonld"), _rdf("json-ld"), None),
    "rdfxml": (_exporter("rdfxml"), _rdf("xml"), None),
}


def check_one(name: str, papers: list[Paper], tmp: Path) -> str | None:
    """Why *name*'s output for *papers* is wrong (``None`` when it parses back with the right count)."""
    write, parse, expected = WRITERS[name]
    kg = graph_of(papers)
    path = tmp / f"out-{name}"
    try:
        write(kg, path)
    except Exception as exc:  # noqa: BLE001 - counting is the point
        return f"raised {type(exc).__name__}"
    try:
        got = parse(kg, path)
    except Exception as exc:  # noqa: BLE001
        return f"output does not parse back ({type(exc).__name__})"
    finally:
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    if expected is None:  # RDF: every serialisation holds the triples of the rdflib graph the writers serialise
        key = tuple(p.id for p in papers)
        if key not in _TRIPLES:
            _TRIPLES[key] = _turtle_triples(kg, tmp)
        want = _TRIPLES[key]
    else:
        want = expected(kg)
    return None if got == want else f"output parses back with another count ({got} != {want})"


_TRIPLES: dict[tuple[str, ...], int] = {}


def _turtle_triples(kg: KnowledgeGraph, tmp: Path) -> int:
    from exports.rdf import graph_to_rdf  # lazy: only RDF checks need it

    return len(graph_to_rdf(kg))


def _bisect(name: str, papers: list[Paper], tmp: Path, found: list[tuple[Paper, str]]) -> None:
    why = check_one(name, papers, tmp)
    if why is None:
        return
    if len(papers) == 1:
        found.append((papers[0], why))
        return
    half = len(papers) // 2
    _bisect(name, papers[:half], tmp, found)
    _bisect(name, papers[half:], tmp, found)


def check_writers(papers: list[Paper], tmp: Path, batch: int, tally: collections.Counter, notes: list[str]) -> None:
    """Count, per writer, the papers whose output fails to write or to parse back."""
    for name in WRITERS:
        for start in range(0, len(papers), batch):
            found: list[tuple[Paper, str]] = []
            _bisect(name, papers[start:start + batch], tmp, found)
            for paper, why in found:
                tally[f"writer {name}: {why.split(' (')[0]} (writers)"] += 1
                notes.append(f"{name}: {why}: {paper.source} {paper.title[:60]!r} {paper.authors!r}"[:300])
