"""graph.html of a ``kg build --store`` output: read graph.json back and draw it, or draw it from the store.

For each OUT directory (graph.json and graph.store, as ``kg build --store``
leaves them), runs each way in a fresh subprocess and prints CPU seconds,
wall seconds and peak RSS of that process (imports included: pyvis, networkx,
numpy, igraph), and whether the two pages are the same bytes. The store is
copied first: the writer records the page's state in it.

    python benchmarks/html_store.py /tmp/paperkg-scale/papers-5000-store ...
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

_CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
how, out, page = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
from exports.html import write_html
from exports.html_store import write_store_html
from kg.graphjson import read_graph_json
from kg.store import GraphStore
started, cpu = time.perf_counter(), time.process_time()
if how == "graph.json":
    write_html(read_graph_json(out / "graph.json"), page)
else:
    store = GraphStore(out / "graph.store")
    write_store_html(store, page)
    store.close()
print(json.dumps({{"wall": time.perf_counter() - started, "cpu": time.process_time() - cpu,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def measure(out: Path) -> dict:
    """Both ways on one build output: timings, peak RSS, and whether the pages match."""
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "out"
        copy.mkdir()
        shutil.copy(out / "graph.store", copy / "graph.store")
        (copy / "graph.json").symlink_to((out / "graph.json").resolve())
        for how in ("graph.json", "store"):
            page = Path(tmp) / f"{how}.html"
            done = subprocess.run([sys.executable, "-c", _CHILD.format(repo=str(REPO)), how, str(copy), str(page)],
                                  check=True, capture_output=True, text=True)
            rows[how] = json.loads(done.stdout.strip().splitlines()[-1])
        rows["same_bytes"] = (Path(tmp) / "graph.json.html").read_bytes() == (Path(tmp) / "store.html").read_bytes()
    return rows


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        started = time.perf_counter()
        result = measure(Path(arg))
        for how in ("graph.json", "store"):
            r = result[how]
            print(f"{arg}\t{how}\tCPU {r['cpu']:.1f} s\twall {r['wall']:.1f} s\tpeak RSS {r['rss_mb']:.0f} MB")
        print(f"{arg}\tsame bytes: {result['same_bytes']}\t(load {open('/proc/loadavg').read().split()[0]})")
