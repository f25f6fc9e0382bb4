"""RDF export throughput: rdflib vs the streamed N-Triples writer vs pyoxigraph.

Builds a synthetic graph of about ``--triples`` RDF triples (papers with
method/dataset/metric/task/code mentions, evidence and results, merged with
``KnowledgeGraph.add_fragment`` as a build does), then writes it

1. with rdflib (``graph_to_rdf`` + Turtle serialiser): the default path;
2. as streamed N-Triples (``exports.rdf_fast.write_ntriples_stream``);
3. as Turtle and N-Triples through pyoxigraph (the ``fast`` extra), if installed;

and parses every file back (pyoxigraph when installed; the streamed file with
rdflib too), checking the triple count. Prints seconds and triples/s per step and the peak RSS.

    .venv/bin/python benchmarks/rdf_export.py                  # ~1M triples, ~2 minutes
    .venv/bin/python benchmarks/rdf_export.py --triples 100000 # quick look
    .venv/bin/python benchmarks/rdf_export.py --no-rdflib      # fast paths only
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rdflib import Graph  # noqa: E402

from exports.rdf import graph_to_rdf, iter_triples  # noqa: E402
from exports.rdf_fast import count_triples, have_oxigraph, write_ntriples_stream, write_oxigraph  # noqa: E402
from kg.graph import KnowledgeGraph  # noqa: E402
from kg.model import Evidence, Mention, Paper, PaperFragment, ResultRecord, entity_id  # noqa: E402

TRIPLES_PER_PAPER = 420  # measured on this generator; used to size the graph


def synthetic_graph(papers: int, seed: int = 7) -> KnowledgeGraph:
    """*papers* papers over shared pools of entities (so entities merge as in a real corpus)."""
    rng = random.Random(seed)
    pools = {kind: [f"{kind.title()} {i}" for i in range(n)]
             for kind, n in (("method", 4000), ("dataset", 800), ("metric", 200), ("task", 300))}
    kg = KnowledgeGraph()
    for i in range(papers):
        title = f"Paper {i}: a study of \"things\" <{rng.random():.6f}>"
        abstract = " ".join(f"Sentence {j} of paper {i} mentions something." for j in range(8))
        paper = Paper(id=f"arxiv:{2400 + i // 100000}.{i % 100000:05d}", title=title, abstract=abstract,
                      arxiv_id=f"{2400 + i // 100000}.{i % 100000:05d}", year=2024,
                      authors=tuple(f"Author {rng.randrange(20000)}" for _ in range(3)))
        text = paper.text
        mentions = []
        for kind, k in (("method", 4), ("dataset", 3), ("metric", 2), ("task", 1)):
            for name in rng.sample(pools[kind], k):
                start = rng.randrange(len(title), len(text) - 20)
                ev = Evidence(name, start, start + len(name), f"Sentence of paper {i} with {name}.",
                              f"{kind}_ruler", round(rng.uniform(0.5, 1.0), 3))
                role = rng.choice(["proposed", "used"]) if kind == "method" else None
                mentions.append(Mention(kind, entity_id(kind, name), name, ev, role))
        repo = f"repo:github.com/owner{i}/project{i}"
        mentions.append(Mention("repository", repo, f"github.com/owner{i}/project{i}",
                                Evidence(f"https://github.com/owner{i}/project{i}", 1, 2, "Code at ...",
                                         "code_links", 1.0),
                                props=(("url", f"https://github.com/owner{i}/project{i}"),)))
        results = []
        for _ in range(2):
            metric, dataset, method = (rng.choice(pools[k]) for k in ("metric", "dataset", "method"))
            value = round(rng.uniform(10, 99), 2)
            ev = Evidence(f"{value}%", 5, 10, f"We reach {value}% {metric}.", "results", 0.8)
            results.append(ResultRecord(metric, entity_id("metric", metric), value, f"{value}%", ev, "%",
                                        dataset, entity_id("dataset", dataset), method, entity_id("method", method)))
        kg.add_fragment(PaperFragment(paper, mentions, results))
    return kg


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, func, triples: int | None = None):
    started = time.perf_counter()
    out = func()
    seconds = time.perf_counter() - started
    n = triples if triples is not None else out
    rate = f"{n / seconds:>12,.0f} triples/s" if isinstance(n, int) and n else ""
    print(f"{label:<44} {seconds:8.2f} s {rate}   peak RSS {peak_mb():,.0f} MB", flush=True)
    return out, seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="approximate size of the graph")
    parser.add_argument("--no-rdflib", action="store_true", help="skip the (slow) rdflib path")
    args = parser.parse_args(argv)

    papers = max(1, args.triples // TRIPLES_PER_PAPER)
    kg, _ = timed(f"build synthetic graph ({papers:,} papers)", lambda: synthetic_graph(papers), 0)
    total, _ = timed("count triples (iter_triples)", lambda: sum(1 for _ in iter_triples(kg)))
    print(f"graph: {kg.number_of_nodes():,} nodes, {kg.number_of_relations():,} edges, "
          f"{total:,} triples")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        nt = folder / "stream.nt"
        timed("fast: streamed N-Triples (pure Python)", lambda: write_ntriples_stream(kg, nt))
        if have_oxigraph():
            timed("fast: parse back N-Triples (pyoxigraph)", lambda: count_triples(nt, "ntriples"), total)
            ttl = folder / "oxigraph.ttl"
            timed("fast: Turtle via pyoxigraph", lambda: write_oxigraph(kg, ttl, "turtle"), total)
            n, _ = timed("fast: parse back Turtle (pyoxigraph)", lambda: count_triples(ttl, "turtle"), total)
            assert n == total, (n, total)
        else:
            print("pyoxigraph not installed (pip install 'paperkg[fast]'): oxigraph rows skipped")
        if not args.no_rdflib:
            n, _ = timed("rdflib: parse back streamed N-Triples", lambda: len(Graph().parse(nt, format="nt")), total)
            assert n == total, (n, total)
            graph, _ = timed("rdflib: build rdflib.Graph", lambda: graph_to_rdf(kg), total)
            ttl = folder / "rdflib.ttl"
            timed("rdflib: serialise Turtle", lambda: graph.serialize(ttl, format="turtle"), total)
            del graph
            if have_oxigraph():
                n, _ = timed("rdflib: parse back Turtle (pyoxigraph)", lambda: count_triples(ttl, "turtle"), total)
                assert n == total, (n, total)


if __name__ == "__main__":
    main()
