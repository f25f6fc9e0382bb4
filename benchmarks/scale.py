"""Scale benchmark of `kg build`: in-memory path vs `--store`, and the cost of a 1% `--update`.

Generates N synthetic papers by cycling the real abstracts of the shared corpus
(so entity counts per paper and the overlaps between papers are the corpus's)
under unique titles and ids, then runs each build in its own subprocess and
prints wall time, papers/s, the child's peak RSS, output sizes and the time
per phase: read (a separate parsing pass over the input), extract (time spent
producing fragments), merge (time spent merging them), and each writer.

For the largest N it also measures `--update` with 1% new papers against a full
build of the union, on both paths, and checks that every route gives the same
graph.json bytes. 100k and 1M figures are EXTRAPOLATED from the per-paper slopes
between the two largest sizes measured; they are labelled so.

Caveat: cycling abstracts means the number of distinct entities stops growing
once the corpus has been seen; real inputs keep adding entities (and authors).

Run from the repository root (each size builds twice, the largest four more times):

    python benchmarks/scale.py --papers 2000 10000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def make_input(corpus: Path, start: int, n: int, path: Path) -> None:
    """Papers *start* .. *start* + *n* - 1 of the synthetic stream, as JSONL."""
    from kg.errors import BadRecord
    from kg.readers import read_inputs

    papers = [p for p in read_inputs([corpus]) if not isinstance(p, BadRecord)]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(start, start + n):
            p = papers[i % len(papers)]
            fh.write(json.dumps({"id": f"scale-{i}", "title": f"{p.title} (copy {i})", "abstract": p.abstract}) + "\n")


def child(spec: dict) -> dict:
    """One build in this process; returns its measurements."""
    import paperkg.build as build_module
    from kg.readers import read_inputs

    t0 = time.perf_counter()
    read_count = sum(1 for _ in read_inputs(spec["inputs"]))
    read_s = time.perf_counter() - t0

    inside = [0.0]
    real = build_module.extract_stream

    def timed(papers, *args, **kwargs):  # time spent producing fragments (reading + extraction)
        it = real(papers, *args, **kwargs)
        while True:
            t = time.perf_counter()
            try:
                fragment = next(it)
            except StopIteration:
                inside[0] += time.perf_counter() - t
                return
            inside[0] += time.perf_counter() - t
            yield fragment

    build_module.extract_stream = timed
    loading = [0.0]
    real_load = build_module.load_pipeline

    def timed_load(*args, **kwargs):
        t = time.perf_counter()
        nlp = real_load(*args, **kwargs)
        loading[0] += time.perf_counter() - t
        return nlp

    build_module.load_pipeline = timed_load
    marks: list[tuple[str, float]] = []
    started = time.perf_counter()
    report = build_module.build(spec["inputs"], spec["out"], update=spec["update"], store=spec["store"],
                                exports=spec["exports"], on_phase=lambda name: marks.append((name, time.perf_counter())))
    ended = time.perf_counter()
    phases: dict[str, float] = {}
    for (name, t), (_next, t_next) in zip(marks, [*marks[1:], ("end", ended)]):
        phases[name] = t_next - t
    if "extracting" in phases:
        phases["extract (incl. streamed read)"] = inside[0]
        phases["load pipeline"] = loading[0]
        phases["merge"] = phases.pop("extracting") - inside[0] - loading[0]
    out = Path(spec["out"])
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"wall_s": ended - started, "cpu_s": usage.ru_utime + usage.ru_stime, "papers_added": report.papers_added,
            "read_pass_s": read_s, "written": report.written,
            "records": read_count, "phases": phases, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "sizes_mb": {p.name: p.stat().st_size / 1e6 for p in sorted(out.iterdir()) if not p.name.startswith(".")}}


def run(inputs: list[Path], out: Path, *, store: bool, update: bool = False, exports: list[str] | None = None) -> dict:
    spec = {"inputs": [str(i) for i in inputs], "out": str(out), "store": store, "update": update,
            "exports": exports or []}
    done = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)], check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def show(label: str, m: dict) -> None:
    phases = ", ".join(f"{k} {v:.1f}s" for k, v in m["phases"].items())
    sizes = ", ".join(f"{k} {v:.1f} MB" for k, v in m["sizes_mb"].items())
    rate = m["papers_added"] / m["wall_s"] if m["wall_s"] else 0
    print(f"{label:<28} {m['papers_added']:>7} papers  wall {m['wall_s']:7.1f} s  {rate:6.1f} papers/s  "
          f"CPU {m['cpu_s']:7.1f} s  peak RSS {m['peak_rss_mb']:6.0f} MB", flush=True)
    print(f"{'':<28} read pass {m['read_pass_s']:.1f}s; {phases}", flush=True)
    print(f"{'':<28} {sizes}", flush=True)


def same(a: Path, b: Path) -> bool:
    return (a / "graph.json").read_bytes() == (b / "graph.json").read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--update-percent", type=float, default=1.0)
    parser.add_argument("--no-update", action="store_true", help="Skip the --update measurement.")
    parser.add_argument("--export", action="append", default=[], metavar="NAME",
                        help="Exports to write on every build (e.g. ntriples, streamed from the store under --store).")
    parser.add_argument("--store-only", action="store_true",
                        help="Only the --store path (no in-memory builds): the update ratio of big builds with exports.")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return
    sizes = sorted(args.papers)
    measured: dict[int, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        for n in sizes:
            base = tmp_path / f"base-{n}.jsonl"
            make_input(args.corpus, 0, n, base)
            print(f"== {n} papers (graph.json, exports: {', '.join(args.export) or 'none'})", flush=True)
            new = run([base], tmp_path / f"store-{n}", store=True, exports=args.export)
            show("--store", new)
            measured[n] = {"store": new}
            if not args.store_only:
                old = run([base], tmp_path / f"old-{n}", store=False, exports=args.export)
                show("in memory", old)
                print(f"{'':<28} same graph.json: {same(tmp_path / f'old-{n}', tmp_path / f'store-{n}')}", flush=True)
                measured[n]["old"] = old
        n = sizes[-1]
        if not args.no_update:
            k = max(1, round(n * args.update_percent / 100))
            extra = tmp_path / f"extra-{n}.jsonl"
            make_input(args.corpus, n, k, extra)
            base = tmp_path / f"base-{n}.jsonl"
            print(f"== --update with {k} new papers ({args.update_percent:g}%) on {n}", flush=True)
            store_up = run([base, extra], tmp_path / f"store-{n}", store=True, update=True, exports=args.export)
            show("--store --update", store_up)
            union = run([base, extra], tmp_path / f"union-{n}", store=True, exports=args.export)
            show("--store full build of union", union)
            print(f"outputs written by the update: {store_up['written']}", flush=True)
            routes = [f"store-{n}"]
            if not args.store_only:
                old_up = run([base, extra], tmp_path / f"old-{n}", store=False, update=True, exports=args.export)
                show("in memory --update", old_up)
                old_union = run([base, extra], tmp_path / f"old-union-{n}", store=False, exports=args.export)
                show("in memory full union", old_union)
                routes += [f"old-{n}", f"old-union-{n}"]
            for what in ("wall_s", "cpu_s"):
                memory = "" if args.store_only else f"in memory {old_up[what] / old_union[what]:.1%}, "
                print(f"update / full build of the union ({what[:-2]}): {memory}--store {store_up[what] / union[what]:.1%}",
                      flush=True)
            print(f"same graph.json, update vs full build: {all(same(tmp_path / f'union-{n}', tmp_path / r) for r in routes)}",
                  flush=True)
    if len(sizes) >= 2:
        a, b = sizes[-2], sizes[-1]
        print(f"== EXTRAPOLATED (not measured) from the slopes between {a} and {b} papers", flush=True)
        for path in [p for p in ("old", "store") if p in measured[b]]:
            ma, mb = measured[a][path], measured[b][path]
            t_slope = (mb["cpu_s"] - ma["cpu_s"]) / (b - a)
            r_slope = (mb["peak_rss_mb"] - ma["peak_rss_mb"]) / (b - a)
            for target in (100_000, 1_000_000):
                t = mb["cpu_s"] + t_slope * (target - b)
                r = mb["peak_rss_mb"] + r_slope * (target - b)
                print(f"{path:<6} {target:>9} papers: ~{t / 3600:.1f} h CPU, ~{r:,.0f} MB peak RSS "
                      f"(slopes {t_slope * 1000:.1f} CPU s and {r_slope * 1000:.1f} MB per 1,000 papers)", flush=True)


if __name__ == "__main__":
    main()
