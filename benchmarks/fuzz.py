"""Fuzz every reader, then every writer on the survivors, and print issue 16's table.

Generates CASES small input files (deterministic for a --seed) across every input
format -- JSONL, JSON, CSV, TSV, Atom, OpenAlex (JSON and JSONL), HF text -- half of
them gzipped. Each file holds good records around one odd or malformed record
(control characters, noncharacters, lone surrogates, CR in identifiers, BOMs,
wrong JSON types, deep nesting, huge integers, 1e999, syntax errors, unclosed
quotes, entries outside the Atom namespace, truncated or corrupt gzip, empty
files, over-long abstracts...). The generator knows where every record starts
and whether it should become a paper or a report, and checks:

- uncaught exceptions out of a reader, per place (innermost paperkg frame);
- records silently lost (neither a paper nor covered by a reported problem);
- bad records accepted as papers (garbage in the graph);
- wrong line numbers (a paper's ``FILE:LINE`` or a problem's line not the record's);
- good records lost *with* a report (after a syntax error, damage...): not silent, listed for information;

then builds graphs of the surviving papers (batches; a failing batch is bisected to
the papers that fail) and writes every exporter plus graph.json and the embedded
Cypher store, parsing each output back with a standard parser (json, ElementTree,
csv, rdflib, html.parser) and comparing counts.

Run from a checkout (the script imports the ``kg`` next to it)::

    python benchmarks/fuzz.py --cases 10000 --seed 16
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import random
import re
import resource
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from fuzz_cases import MUTATIONS, Case, Record, make_case  # noqa: E402
from fuzz_writers import check_writers  # noqa: E402

from kg.errors import BadRecord  # noqa: E402
from kg.model import Paper  # noqa: E402
from kg.registry import registry  # noqa: E402

_MARK = re.compile(r"Q(\d+)Z")
_STOP = ("the rest", "rest of file", "nothing read")


def _place(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/kg/" in f.filename or "/exports/" in f.filename]
    frame = frames[-1] if frames else traceback.extract_tb(exc.__traceback__)[-1]
    where = Path(frame.filename)
    return f"{where.parent.name}/{where.name} {frame.name}"


def run_reader(case: Case, path: Path, tally: collections.Counter, notes: list[str]) -> list[Paper]:
    """Read one case file; count what went wrong; return its papers."""
    read = registry.get("reader", case.reader).load()
    items: list[object] = []
    try:
        for item in read(str(path)):
            items.append(item)
    except Exception as exc:  # noqa: BLE001 - counting what escapes is the point
        tally[f"uncaught {type(exc).__name__} in {_place(exc)} ({case.format})"] += 1
        notes.append(f"{case.name}: {type(exc).__name__}: {str(exc)[:100]}")
        return [i for i in items if isinstance(i, Paper)]
    papers = [i for i in items if isinstance(i, Paper)]
    reports = [i for i in items if isinstance(i, BadRecord)]
    explained: set[int] = set()
    for paper in papers:
        m = _MARK.search(paper.title)
        rec = case.records[int(m.group(1))] if m and int(m.group(1)) < len(case.records) else None
        if rec is None:
            tally[f"paper not traceable to a record ({case.format})"] += 1
            continue
        explained.add(rec.index)
        if not rec.good:
            tally[f"bad record accepted as a paper ({case.format}: {case.mutation})"] += 1
        line = paper.source.rsplit(":", 1)[-1]
        if line != str(rec.start):
            tally[f"wrong line number on a paper ({case.format}: {case.mutation})"] += 1
    for report in reports:
        file_level = report.line is None or "compressed" in report.message or "gzip" in report.message
        if any(s in report.message for s in _STOP):
            covered = [r for r in case.records if report.line is None or "nothing read" in report.message
                       or r.end >= report.line]
            explained.update(r.index for r in covered)
        hit = [r for r in case.records if report.line is not None and r.start <= report.line <= r.end]
        if hit:
            explained.update(r.index for r in hit)
        elif not file_level and not case.header_problem(report.line) and case.mutation != "gz-corrupt":
            # (deflate turns corrupt data into garbage lines before the CRC check fails: reports on them are fine)
            tally[f"wrong line number on a problem ({case.format}: {case.mutation})"] += 1
            rest = [r for r in case.records if r.index not in explained and not r.good]
            if rest:
                explained.add(rest[0].index)
    if case.file_problem and not any(r.line is None or "compressed" in r.message or "gzip" in r.message
                                     for r in reports):
        tally[f"file problem not reported ({case.format}: {case.mutation})"] += 1
    for rec in case.records:
        if rec.index in explained:
            if rec.good and not any(_MARK.search(p.title) and _MARK.search(p.title).group(1) == str(rec.index)
                                    for p in papers):
                tally[f"good record lost with a report ({case.format}: {case.mutation})"] += 1
            continue
        tally[f"record silently lost ({case.format}: {case.mutation})"] += 1
    return papers


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--batch", type=int, default=400, help="papers per graph fed to the writers")
    parser.add_argument("--bomb-mb", type=int, default=128, help="size of the one-line gzip case (0: none)")
    parser.add_argument("--writer-share", type=float, default=0.25,
                        help="share of the plain good papers (those around the odd record) also fed to the writers; "
                             "the papers made from odd records always are")
    parser.add_argument("--no-writers", action="store_true")
    parser.add_argument("--notes", type=int, default=0, help="print this many example failures")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tally: collections.Counter[str] = collections.Counter()
    notes: list[str] = []
    survivors: list[Paper] = []
    per_format: collections.Counter[str] = collections.Counter()
    n_records = 0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        if args.bomb_mb:
            bomb = Path(tmp) / "bomb.jsonl.gz"
            with gzip.open(bomb, "wb", compresslevel=1) as fh:
                for _ in range(args.bomb_mb):
                    fh.write(b"x" * (1 << 20))
            before = peak_rss_mb()
            t = time.perf_counter()
            case = Case("bomb", "jsonl", "jsonl", "gz-one-line-bomb", [Record(0, False, 1, 1)])
            run_reader(case, bomb, tally, notes)
            print(f"one-line gzip of {args.bomb_mb} MiB ({bomb.stat().st_size / 1e3:.0f} kB on disk): "
                  f"{time.perf_counter() - t:.1f} s, peak RSS {before:.0f} -> {peak_rss_mb():.0f} MB")
            bomb.unlink()
        for i in range(args.cases):
            case = make_case(rng, i)
            path = Path(tmp) / case.filename
            path.write_bytes(case.data)
            per_format[case.format] += 1
            n_records += len(case.records)
            share = rng.random() < args.writer_share
            for paper in run_reader(case, path, tally, notes):
                m = _MARK.search(paper.title)
                if share or (case.mutation in MUTATIONS and m and m.group(1) == "1"):
                    survivors.append(paper)
            path.unlink()
        t_read = time.perf_counter() - t0
        print(f"{args.cases} cases ({n_records} records) across {len(per_format)} formats "
              f"({', '.join(f'{k} {v}' for k, v in sorted(per_format.items()))}); "
              f"readers {t_read:.1f} s; {len(survivors)} papers go to the writers")
        if not args.no_writers:
            t1 = time.perf_counter()
            check_writers(survivors, Path(tmp), args.batch, tally, notes)
            print(f"writers on {len(survivors)} papers: {time.perf_counter() - t1:.1f} s")
    print(f"peak RSS {peak_rss_mb():.0f} MB\n")
    print("| where | what happened | cases |\n|---|---|---|")
    totals: collections.Counter[str] = collections.Counter()
    for key, count in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0])):
        kind = ("uncaught exceptions" if key.startswith("uncaught") else
                "silently lost records" if key.startswith(("record silently", "file problem not")) else
                "wrong line numbers" if key.startswith("wrong line") else
                "writer failures" if key.startswith(("writer", "output")) else
                "bad records accepted" if key.startswith(("bad record accepted", "paper not traceable")) else
                "good records lost with a report (not silent)")
        totals[kind] += count
        where, _, what = key.partition(" (")
        print(f"| {what.rstrip(')')} | {where} | {count} |")
    print("\nTotals:")
    for kind in ("uncaught exceptions", "silently lost records", "wrong line numbers", "writer failures",
                 "bad records accepted", "good records lost with a report (not silent)"):
        print(f"  {kind}: {totals[kind]}")
    for note in notes[: args.notes]:
        print("  e.g.", note)


if __name__ == "__main__":
    main()
