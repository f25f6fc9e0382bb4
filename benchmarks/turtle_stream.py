"""Turtle writing speed: streamed from a `kg build --store` store vs the whole-graph writers.

Takes the output directory of a `kg build --store` (graph.store and graph.json) and times

1. ``exports.rdf_stream.write_store_turtle``: paper by paper out of the store (mapping included);
2. ``exports.rdf.write_turtle`` over the whole graph read back from graph.json (reading not timed),
   with rdflib (the default below ~50k nodes + edges) and with pyoxigraph (above it, when installed);

and, for the streamed file, the serialisers alone on the same triples already mapped (plain text
vs pyoxigraph per paper vs rdflib per paper), which is how the plain writer was chosen. Prints
wall and CPU seconds and triples per CPU second (triples: those each writer serialises; the streamed ones repeat each
extractor's agent once per paper). Parses the streamed file back with pyoxigraph and checks it has
the in-memory graph's triples.

    python benchmarks/turtle_stream.py OUT/                # OUT from kg build --store
    python benchmarks/turtle_stream.py OUT/ --no-rdflib    # skip rdflib's whole-graph writer (slow)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _timed(label: str, n: int, fn) -> float:
    """Run *fn*; print wall and CPU seconds and triples per CPU second (the box is shared: wall waits)."""
    started, cpu = time.perf_counter(), time.process_time()
    fn()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{label:<44} {seconds:7.2f} s wall {cpu:7.2f} s CPU {n / cpu:10,.0f} triples/CPU s", flush=True)
    return seconds


def _strip(text: str) -> str:
    return "".join(line for line in text.splitlines(True) if not line.startswith("@prefix"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--no-rdflib", action="store_true", help="skip rdflib's whole-graph writer")
    parser.add_argument("--serialisers", type=int, default=500, metavar="N",
                        help="papers for the serialiser-only comparison (0: skip)")
    args = parser.parse_args()

    from rdflib import Graph

    from exports.rdf import bind_prefixes, write_turtle
    from exports.rdf_fast import have_oxigraph, to_oxigraph
    from exports.rdf_map import iter_triples
    from exports.rdf_stream import _PREFIXES, entity_views, paper_views, write_store_turtle
    from exports.turtle_text import TurtleTerms, turtle_block
    from kg.graphjson import read_graph_json
    from kg.store import GraphStore

    store = GraphStore(args.out / "graph.store")
    streamed = sum(1 for v in paper_views(store) for _ in iter_triples(v)) \
        + sum(1 for v in entity_views(store) for _ in iter_triples(v))
    tmp = Path(tempfile.mkdtemp())
    _timed("streamed write_store_turtle (plain text)", streamed,
           lambda: write_store_turtle(store, tmp / "stream.ttl"))
    kg = read_graph_json(args.out / "graph.json")
    whole = sum(1 for _ in iter_triples(kg))
    print(f"triples: {streamed:,} streamed, {whole:,} in the whole graph; "
          f"stream.ttl {(tmp / 'stream.ttl').stat().st_size / 1e6:.1f} MB")
    if have_oxigraph():
        import pyoxigraph as ox

        _timed("whole-graph write_turtle engine=oxigraph", whole,
               lambda: write_turtle(kg, tmp / "ox.ttl", engine="oxigraph"))
        with open(tmp / "stream.ttl", "rb") as fh:
            parsed = {str(t) for t in ox.parse(fh, format=ox.RdfFormat.TURTLE)}
        with open(tmp / "ox.ttl", "rb") as fh:
            assert parsed == {str(t) for t in ox.parse(fh, format=ox.RdfFormat.TURTLE)}, "streamed graph differs"
        print("streamed file parses (pyoxigraph) to the whole graph's triples")
    if not args.no_rdflib:
        _timed("whole-graph write_turtle engine=rdflib", whole,
               lambda: write_turtle(kg, tmp / "rdflib.ttl", engine="rdflib"))
    del kg
    if args.serialisers:
        chunks = [list(iter_triples(v)) for _, v in zip(range(args.serialisers), paper_views(store))]
        n = sum(map(len, chunks))
        print(f"serialisers alone, {len(chunks)} papers already mapped ({n:,} triples):")
        _timed("  plain text per paper (turtle_text)", n,
               lambda: [turtle_block(c, TurtleTerms(_PREFIXES)) for c in chunks])
        if have_oxigraph():
            _timed("  pyoxigraph per paper", n, lambda: [_strip(ox.serialize(
                to_oxigraph(c), format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES).decode()) for c in chunks])

        def rdflib_piece(c: list) -> str:
            g = bind_prefixes(Graph(bind_namespaces="none"))
            for triple in c:
                g.add(triple)
            return _strip(g.serialize(format="turtle"))

        _timed("  rdflib per paper", n, lambda: [rdflib_piece(c) for c in chunks])
    store.close()


if __name__ == "__main__":
    main()
