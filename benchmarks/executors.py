"""Extraction executors compared: `--jobs 1`, `--jobs 2` and `--executor dask` with 2 workers.

Writes N synthetic papers (the shared corpus's abstracts cycled, every title
unique, so every copy is a new paper) to a temporary JSONL file, then times
``build_graph`` (read -> extract -> merge; no output written) for each
configuration in its own subprocess, interleaved over ``--rounds`` rounds so
that a shared machine's load falls on all of them alike. Prints, per run,
papers/s, the wall time to the first paper (pool or cluster start-up and the
first chunk), and the CPU seconds of the run and all its worker processes
(``os.wait4``) and of the client process alone; then, per configuration, the
median papers/s and its ratio to ``--jobs 1`` of the same round.

On Linux with ``kernel.sched_autogroup_enabled = 1`` (this box) the
scheduler gives each *session* an equal CPU share: a build's worker
processes share their session's one share, so while other sessions keep the
CPUs busy ``--jobs 2`` gets no more CPU than ``--jobs 1``. ``--own-sessions``
moves each worker process into a session of its own (``os.setsid``), so a
2-worker run gets two shares, as two 1-process runs would: on a shared box
that is the nearest to measuring scaling on free cores. The client stays in
the caller's session. (Measurement only: kg itself never does this, its
workers must stay in the terminal's process group for Ctrl-C.)

``--baseline DIR`` adds ``--jobs 1`` and ``--jobs 2`` of another checkout
(for example ``git archive <commit> | tar -x -C DIR``) as ``old jobs=N``.

    .venv/bin/python benchmarks/executors.py --papers 3000 --rounds 2
    .venv/bin/python benchmarks/executors.py --papers 3000 --baseline /tmp/paperkg-main
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: Runs in the subprocess: builds the graph from the JSONL file with one configuration, prints one JSON line.
CHILD = r"""
import json, os, resource, sys, time
sys.path.insert(0, sys.argv[1])
from paperkg.build import build_graph
src, executor, jobs, own_sessions = sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1"


def new_session(*_args):
    try:
        os.setsid()  # a process group leader (never a worker) cannot
    except OSError:
        pass


if own_sessions:  # each worker process its own session, so the kernel's autogroup gives it its own CPU share
    if executor == "dask":
        import distributed

        class Client(distributed.Client):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.run(new_session)

        distributed.Client = Client
    else:
        import paperkg.executors as ex, paperkg.pipeline as pl
        module, name = (pl, "_init_worker") if executor == "old" else (ex, "_init_process")
        init = getattr(module, name)
        setattr(module, name, lambda *args: (new_session(), init(*args)))
kwargs = {} if executor == "old" else {"executor": executor}
first = []
start = time.perf_counter()
kg, report = build_graph([src], jobs=jobs, on_paper=lambda p: first or first.append(time.perf_counter()), **kwargs)
wall = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"papers": report.papers_added, "wall": wall, "first": first[0] - start,
                  "client_cpu": own.ru_utime + own.ru_stime,
                  "nodes": sum(kg.counts()["nodes"].values()), "edges": sum(kg.counts()["edges"].values())}))
"""


def make_input(corpus: Path, n: int, path: Path) -> None:
    sys.path.insert(0, str(REPO))
    from kg.readers import papers, read_inputs  # noqa: PLC0415 - after the sys.path line above

    found = list(papers(read_inputs([corpus]), on_problem=lambda bad: None))
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            p = found[i % len(found)]
            fh.write(json.dumps({"id": f"bench-{i}", "title": f"{p.title} (copy {i})", "abstract": p.abstract}) + "\n")


def run(repo: Path, src: Path, executor: str, jobs: int, own_sessions: bool) -> dict:
    """One build in a subprocess; its result line plus the CPU seconds of it and every process it waited for."""
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(repo), str(src), executor, str(jobs),
                             "1" if own_sessions else "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{executor} jobs={jobs} failed (exit {proc.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    result["cpu"] = usage.ru_utime + usage.ru_stime
    return result


def steady(r: dict) -> float:
    """Papers/s after the first paper came back: without the pipeline, pool or cluster start-up."""
    return (r["papers"] - 1) / max(r["wall"] - r["first"], 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--baseline", type=Path, help="another checkout: adds its --jobs 1 and --jobs 2 as 'old'")
    parser.add_argument("--own-sessions", action="store_true",
                        help="put each worker process in its own session (see the module docstring)")
    parser.add_argument("--skip", action="append", default=[], help="a configuration to leave out, e.g. 'dask jobs=2'")
    args = parser.parse_args()
    configs = [("new jobs=1", REPO, "processes", 1), ("new jobs=2", REPO, "processes", 2),
               ("dask jobs=2", REPO, "dask", 2)]
    if args.baseline:
        configs += [("old jobs=1", args.baseline, "old", 1), ("old jobs=2", args.baseline, "old", 2)]
    configs = [c for c in configs if c[0] not in args.skip]
    results: dict[str, list[dict]] = {name: [] for name, *_ in configs}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "papers.jsonl"
        make_input(args.corpus, args.papers, src)
        print(f"{args.papers} synthetic papers; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at start; "
              f"workers in {'their own sessions' if args.own_sessions else 'the caller session'}")
        for round_ in range(1, args.rounds + 1):
            for name, repo, executor, jobs in configs:
                r = run(repo, src, executor, jobs, args.own_sessions)
                results[name].append(r)
                print(f"round {round_} {name:12s} {r['papers'] / r['wall']:6.1f} papers/s  wall {r['wall']:6.1f} s  "
                      f"first paper after {r['first']:5.1f} s  then {steady(r):6.1f} papers/s  "
                      f"CPU {r['cpu']:6.1f} s (client {r['client_cpu']:5.1f} s)  "
                      f"graph {r['nodes']} nodes / {r['edges']} edges  load {os.getloadavg()[0]:.1f}", flush=True)
    reference = "new jobs=1" if "new jobs=1" in results else next(iter(results))
    print(f"\nmedian over {args.rounds} round(s); x = ratio to {reference} of the same round")
    for label, rate in (("whole run", lambda r: r["papers"] / r["wall"]), ("after the first paper", steady)):
        print(f"{label}:")
        base = {name: [rate(r) for r in runs] for name, runs in results.items()}
        for name, rates in base.items():
            ratios = [x / ref for x, ref in zip(rates, base[reference])]
            cpu = statistics.median(r["cpu"] for r in results[name])
            print(f"  {name:12s} {statistics.median(rates):6.1f} papers/s  x{statistics.median(ratios):.2f}  "
                  f"(ratios {', '.join(f'{x:.2f}' for x in ratios)})  CPU {cpu:.1f} s")


if __name__ == "__main__":
    main()
