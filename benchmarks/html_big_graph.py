"""HTML view of a big graph: write time, file size, and time until the page is interactive.

Builds a synthetic paper graph (papers mentioning Zipf-distributed datasets,
methods, metrics and tasks, with evidence offsets), writes it with
``exports.html.write_html`` and opens it in headless Debian Chromium
(/usr/bin/chromium) until the page sets ``window.__kgReady``, then times a
search-and-select and a type-filter toggle.

    .venv/bin/python benchmarks/html_big_graph.py            # 5,000 nodes, drawn in full
    .venv/bin/python benchmarks/html_big_graph.py --nodes 20000 --max-nodes 2000
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from exports.html import write_html  # noqa: E402
from exports.html_layout import compute_layout, select_subgraph  # noqa: E402
from kg.graph import KnowledgeGraph  # noqa: E402
from kg.model import Evidence, Mention, Paper, PaperFragment  # noqa: E402

KINDS = ("dataset", "method", "metric", "task")
ARGS = ["--no-sandbox", "--disable-gpu", "--headless", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def synthetic_graph(n_nodes: int, seed: int = 1) -> KnowledgeGraph:
    """About *n_nodes* nodes: 80 % papers, 20 % entities, 4-8 mentions per paper."""
    rng = random.Random(seed)
    n_entities = n_nodes // 5
    entities = [(KINDS[i % 4], f"{KINDS[i % 4].title()} {i}") for i in range(n_entities)]
    weights = [1.0 / (i + 1) ** 0.9 for i in range(n_entities)]
    kg = KnowledgeGraph()
    for p in range(n_nodes - n_entities):
        chosen = {entities[i] for i in rng.choices(range(n_entities), weights=weights, k=rng.randint(4, 8))}
        abstract = " ".join(f"We study {name} here." for _, name in sorted(chosen))
        paper = Paper(f"title:{p:016x}", f"Synthetic paper {p} on things", abstract)
        mentions = []
        for kind, name in sorted(chosen):
            start = paper.text.index(name)
            sentence = f"We study {name} here."
            ev = Evidence(name, start, start + len(name), sentence, "bench", 1.0)
            mentions.append(Mention(kind, f"{kind}:{name.lower().replace(' ', '-')}", name, ev,
                                    "used" if kind == "method" else None))
        kg.add_fragment(PaperFragment(paper, mentions))
    return kg


def browser_timings(path: Path, search: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        started = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_function("window.__kgReady === true", timeout=300_000)
        ready = time.perf_counter() - started
        started = time.perf_counter()
        page.locator("#kg-search").fill(search)
        page.locator("#kg-search").press("Enter")
        page.wait_for_function("window.__kg.network.getSelectedNodes().length === 1")
        selected = time.perf_counter() - started
        started = time.perf_counter()
        page.locator("#kg-types input").first.uncheck()  # hide the first listed type
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        filtered = time.perf_counter() - started
        page.locator("#kg-types input").first.check()
        page.keyboard.press("Escape")
        # one frame at each of 20 zoom levels (what a user's scroll-zoom makes the page draw)
        frame = page.evaluate("""() => {
            const net = window.__kg.network, s0 = net.getScale(), t0 = performance.now();
            for (let i = 0; i < 20; i++) { net.moveTo({scale: s0 * (1 + i / 4), animation: false}); net.redraw(); }
            return (performance.now() - t0) / 20 / 1000;
        }""")
        browser.close()
    return {"ready": ready, "search+select": selected, "hide a type": filtered, "one zoomed frame": frame}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--max-nodes", type=int, default=None, help="cap (default: --nodes, i.e. draw all)")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    max_nodes = args.max_nodes or args.nodes

    started = time.perf_counter()
    kg = synthetic_graph(args.nodes)
    print(f"graph: {kg.number_of_nodes():,} nodes, {kg.number_of_relations():,} edges "
          f"({time.perf_counter() - started:.1f}s to build)")
    started = time.perf_counter()
    selection = select_subgraph(kg, max_nodes=max_nodes)
    select_s = time.perf_counter() - started
    started = time.perf_counter()
    compute_layout(selection.graph)
    layout_s = time.perf_counter() - started
    print(f"select_subgraph: {select_s:.2f}s; compute_layout ({selection.graph.number_of_nodes():,} nodes): "
          f"{layout_s:.2f}s")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.html"
        started = time.perf_counter()
        selection = write_html(kg, path, max_nodes=max_nodes)
        write_s = time.perf_counter() - started
        size = path.stat().st_size
        print(f"write_html: {write_s:.2f}s for {selection.graph.number_of_nodes():,} nodes / "
              f"{selection.graph.number_of_edges():,} edges drawn; file {size / 1e6:.2f} MB "
              f"({selection.notice or 'no cap'})")
        if args.no_browser or not Path("/usr/bin/chromium").exists():
            print("browser: skipped (no /usr/bin/chromium or --no-browser)")
            return
        timings = browser_timings(path, "dataset 0")
        print("headless chromium: " + ", ".join(f"{k} {v:.2f}s" for k, v in timings.items()))


if __name__ == "__main__":
    main()
