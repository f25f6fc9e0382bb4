"""Extraction throughput: the full pipeline over the corpus, repeated to >= 10,000 abstracts.

Runs what ``kg extract`` runs (reader -> spaCy pipeline -> contract records ->
JSON lines) in one process on one core and prints abstracts per second and the
peak resident memory. ``--profile`` prints the 25 most expensive functions
(cProfile, cumulative time) instead of timing.

    .venv/bin/python benchmarks/extract_throughput.py                     # ../shared/corpus, 10,000 abstracts
    .venv/bin/python benchmarks/extract_throughput.py --n 2000 --profile  # where the time goes
    .venv/bin/python benchmarks/extract_throughput.py --n 2000 --vs-blank 3 --config extractors/config_model.cfg

``--vs-blank R`` runs R rounds that alternate the pipeline and spaCy's blank
English tokenizer over the same abstracts and prints the best round of each
and their ratio: on a shared machine whose speed drifts from minute to minute
the ratio is steadier than either rate (issue 13: within 10x of the tokenizer).
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import json
import pstats
import resource
import sys
import time
from pathlib import Path

import spacy

from paperkg.extract import fragment_to_record
from kg.model import Paper
from paperkg.pipeline import extract_fragments, load_pipeline
from kg.readers import read_inputs

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def load_papers(inputs: list[str]) -> list[Paper]:
    """The readable papers of *inputs* (bad records are skipped)."""
    return [p for p in read_inputs(inputs) if isinstance(p, Paper)]


def run(papers: list[Paper], n: int, config: str | None, batch_size: int) -> tuple[int, int, float, float]:
    """Extract *n* abstracts (the papers, cycled); returns (abstracts, characters written, seconds, CPU seconds)."""
    nlp = load_pipeline(config)
    stream = itertools.islice(itertools.cycle(papers), n)
    written = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for fragment in extract_fragments(stream, nlp, batch_size=batch_size):
        written += len(json.dumps(fragment_to_record(fragment), ensure_ascii=False))
    return n, written, time.perf_counter() - start, time.process_time() - cpu_start


def blank_tokenizer_rate(papers: list[Paper], n: int) -> float:
    """Abstracts per CPU second of spaCy's blank English tokenizer over *n* abstracts (the papers, cycled)."""
    tokenizer = spacy.blank("en").tokenizer
    texts = [p.text for p in itertools.islice(itertools.cycle(papers), n)]
    cpu_start = time.process_time()
    for _ in tokenizer.pipe(texts):
        pass
    return n / (time.process_time() - cpu_start)


def versus_blank(papers: list[Paper], n: int, config: str | None, batch_size: int, rounds: int) -> int:
    """Alternate the pipeline and the blank tokenizer for *rounds* rounds; print each round and the best ratio."""
    best_pipeline = best_blank = 0.0
    for i in range(1, rounds + 1):
        cpu = run(papers, n, config, batch_size)[3]
        pipeline, blank = n / cpu, blank_tokenizer_rate(papers, n)
        print(f"round {i}: pipeline {pipeline:.0f} abstracts/CPU-s, blank tokenizer {blank:.0f}")
        best_pipeline, best_blank = max(best_pipeline, pipeline), max(best_blank, blank)
    print(f"best: pipeline {best_pipeline:.0f}, blank tokenizer {best_blank:.0f} abstracts/CPU-s; "
          f"the tokenizer is {best_blank / best_pipeline:.1f}x faster")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", default=[str(DEFAULT_CORPUS)], help="paper files or directories")
    parser.add_argument("--n", type=int, default=10_000, help="abstracts to extract (the corpus is cycled)")
    parser.add_argument("--config", default=None, help="spaCy pipeline config (default: the shipped one)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary instead of timing")
    parser.add_argument("--vs-blank", type=int, metavar="ROUNDS", default=0,
                        help="alternate the pipeline with spaCy's blank tokenizer for ROUNDS rounds and print the ratio")
    args = parser.parse_args(argv)

    papers = load_papers(args.inputs)
    if not papers:
        print(f"no papers found in {args.inputs}", file=sys.stderr)
        return 1
    if args.vs_blank:
        return versus_blank(papers, args.n, args.config, args.batch_size, args.vs_blank)
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(run, papers, args.n, args.config, args.batch_size)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        return 0
    n, written, seconds, cpu = run(papers, args.n, args.config, args.batch_size)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    chars = sum(len(p.text) for p in papers) / len(papers)
    print(f"papers in corpus     {len(papers)} (mean {chars:.0f} characters)")
    print(f"abstracts extracted  {n}")
    print(f"seconds              {seconds:.2f}")
    print(f"abstracts/s          {n / seconds:.0f}")
    # on a shared machine the wall clock counts other processes' time too; CPU time counts only ours
    print(f"CPU seconds          {cpu:.2f}")
    print(f"abstracts/CPU-s      {n / cpu:.0f}")
    print(f"output characters    {written}")
    print(f"peak RSS             {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
