"""Reader throughput: papers/s of each reader over the shared corpus, repeated to N papers per format.

The corpus papers (shared/corpus, HF text dumps) are written out N times (with
distinct titles) as JSONL, JSON, CSV, Atom and HF text, plain and gzipped, and
each file is read with its reader; the best of --repeat runs is printed, by the
clock and per CPU second (the steadier figure on a shared machine).
Run from a checkout (it imports the ``kg`` next to it)::

    python benchmarks/read_throughput.py --papers 20000 --repeat 3
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.errors import BadRecord  # noqa: E402
from kg.readers import get_reader, read_inputs  # noqa: E402


def corpus_records(corpus: Path, n: int) -> list[dict]:
    papers = [p for p in read_inputs([corpus]) if not isinstance(p, BadRecord)]
    return [{"id": f"b{i}", "title": f"{p.title} (copy {i})", "abstract": p.abstract,
             "authors": ["Ada Lovelace", "Alan Turing"], "doi": f"10.1/{i}"}
            for i, p in enumerate(papers[i % len(papers)] for i in range(n))]


def write_formats(records: list[dict], folder: Path) -> dict[str, Path]:
    out = {"jsonl": folder / "p.jsonl", "json": folder / "p.json", "csv": folder / "p.csv",
           "arxiv-atom": folder / "p.xml", "hf-text": folder / "p.txt"}
    out["jsonl"].write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out["json"].write_text(json.dumps(records, indent=1), encoding="utf-8")
    with open(out["csv"], "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "title", "abstract", "authors", "doi"])
        writer.writerows([r["id"], r["title"], r["abstract"], "; ".join(r["authors"]), r["doi"]] for r in records)
    out["arxiv-atom"].write_text('<feed xmlns="http://www.w3.org/2005/Atom">\n' + "".join(
        f"<entry><id>http://arxiv.org/abs/{r['id']}</id><title>{escape(r['title'])}</title>"
        f"<summary>{escape(r['abstract'])}</summary>"
        + "".join(f"<author><name>{a}</name></author>" for a in r["authors"]) + "</entry>\n" for r in records)
        + "</feed>\n", encoding="utf-8")
    out["hf-text"].write_text("".join(f"{r['title']}\n{r['abstract']}\n" for r in records), encoding="utf-8")
    for name, path in list(out.items()):
        gz = path.with_name(path.name + ".gz")
        gz.write_bytes(gzip.compress(path.read_bytes(), compresslevel=6))
        out[name + ".gz"] = gz
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    args = parser.parse_args()
    records = corpus_records(args.corpus, args.papers)
    with tempfile.TemporaryDirectory() as tmp:
        files = write_formats(records, Path(tmp))
        print(f"{args.papers} papers per file; best of {args.repeat}")
        for name, path in files.items():
            read = get_reader(name.removesuffix(".gz")).load()
            best, cpu, n = float("inf"), float("inf"), 0
            for _ in range(args.repeat):
                t, c = time.perf_counter(), time.process_time()
                n = sum(1 for item in read(str(path)) if not isinstance(item, BadRecord))
                best, cpu = min(best, time.perf_counter() - t), min(cpu, time.process_time() - c)
            size = path.stat().st_size / 1e6
            print(f"{name:14s} {n:7d} papers  {size:6.1f} MB  {n / best:9.0f} papers/s  "
                  f"({n / cpu:7.0f} papers per CPU second)")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
