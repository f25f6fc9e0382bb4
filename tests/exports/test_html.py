"""Unit tests for exports.html (no browser): page content, escaping, data embedding."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from exports.html import build_network, render_page, vis_network_js, write_html
from kg.graph import KnowledgeGraph
from tests.exports.html_sample import HOSTILE_TITLE, embedded_data, make_graph


@pytest.fixture
def kg() -> KnowledgeGraph:
    return make_graph()


@pytest.fixture
def page_path(kg: KnowledgeGraph, tmp_path: Path) -> Path:
    path = tmp_path / "graph.html"
    write_html(kg, path)
    return path


def test_page_is_self_contained(page_path: Path) -> None:
    page = page_path.read_text(encoding="utf-8")
    assert vis_network_js()[:2000] in page  # vis-network inlined from the pyvis package
    markup = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)
    assert not re.search(r"\b(src|href)\s*=", markup), "the page must not load anything"
    assert "<link" not in markup and "@import" not in page
    assert "default-src 'none'" in page and "connect-src 'none'" in page


def test_hostile_title_never_reaches_markup(kg: KnowledgeGraph, page_path: Path) -> None:
    page = page_path.read_text(encoding="utf-8")
    assert "<img src=x" not in page
    assert "alert(2)</script>" not in page
    assert "\u2028" not in page
    assert page.count("</script>") == 3  # data block, vis-network, our script
    data = embedded_data(page)
    assert data["details"]["title:0000000000000003"]["name"] == HOSTILE_TITLE
    labels = {n["id"]: n["labelStyle"]["text"] for n in data["nodes"]}
    assert labels["title:0000000000000003"].startswith("<img src=x")  # drawn on the canvas as text


def test_nodes_styled_by_type_and_sized_by_degree(page_path: Path) -> None:
    data = embedded_data(page_path.read_text(encoding="utf-8"))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["dataset:coco"]["shape"] == "square" and nodes["method:detr"]["shape"] == "diamond"
    assert nodes["dataset:coco"]["color"] != nodes["method:detr"]["color"]
    assert nodes["dataset:coco"]["size"] > nodes["dataset:cityscapes"]["size"]
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes.values())
    assert data["options"]["physics"]["enabled"] is False
    assert {t["label"] for t in data["types"]} >= {"Paper", "Dataset", "Method", "Result"}
    relations = {e["relation"] for e in data["edges"]}
    assert relations >= {"EVALUATES_ON", "PROPOSES", "HAS_CODE", "REPORTS"}


def test_inlining_refuses_a_closing_script_tag() -> None:
    from exports.html import _inline_checked
    from kg.errors import ExportError

    with pytest.raises(ExportError, match="cannot be inlined"):
        _inline_checked("var a = '</script>';", "x.js")
    with pytest.raises(ExportError, match="cannot be inlined"):  # the mark where the page's data is spliced
        _inline_checked("var a = '<kg-data/>';", "x.js")


def test_the_written_page_is_the_rendered_page_and_the_data_parses(kg: KnowledgeGraph, tmp_path: Path) -> None:
    from exports.html import page_pieces
    from exports.html_layout import compute_layout, select_subgraph

    sel = select_subgraph(kg)
    net = build_network(kg, sel, compute_layout(sel.graph))
    pieces = list(page_pieces(net, sel, {"a": {"name": "</script>"}}, title="<kg-data/>"))  # a title is escaped
    assert "".join(pieces) == render_page(net, sel, {"a": {"name": "</script>"}}, title="<kg-data/>")
    assert embedded_data("".join(pieces))["details"] == {"a": {"name": "</script>"}}
    assert "&lt;kg-data/&gt;" in pieces[0]


def test_focus_view_title_and_selection(kg: KnowledgeGraph, tmp_path: Path) -> None:
    sel = write_html(kg, tmp_path / "f.html", focus="method:detr", depth=1)
    assert set(sel.graph) == {"method:detr", "arxiv:2005.12872", next(n.id for n in kg.nodes("Result"))}
    page = (tmp_path / "f.html").read_text(encoding="utf-8")
    assert "paperkg: around DETR" in page
    assert embedded_data(page)["focus"] == "method:detr"


def test_notice_shown_when_capped(tmp_path: Path) -> None:
    sel = write_html(make_graph(30), tmp_path / "c.html", max_nodes=5)
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert sel.capped and len(embedded_data(page)["nodes"]) == 5
    assert 'id="kg-notice"' in page and "--focus" in page


def test_build_network_uses_pyvis(kg: KnowledgeGraph) -> None:
    from pyvis.network import Network

    from exports.html_layout import compute_layout, select_subgraph

    sel = select_subgraph(kg)
    net = build_network(kg, sel, compute_layout(sel.graph))
    assert isinstance(net, Network)
    assert net.num_nodes() == kg.number_of_nodes() and net.num_edges() == kg.number_of_relations()
    page = render_page(net, sel, {}, title="<t>")
    assert "<title>&lt;t&gt;</title>" in page


_REPRO = """
import hashlib, sys
from exports.html import write_html
from kg.graph import KnowledgeGraph
kg = KnowledgeGraph()
for i in range(6):  # islands: each component is well under half the view, as in a corpus
    kg.add_node(f"title:{i}", "Paper", title=f"Paper {i}")
    for j in range(5):
        kg.add_node(f"task:t{i}-{j}", "Task", name=f"task {i} {j}")
        kg.add_relation(f"title:{i}", f"task:t{i}-{j}", "ADDRESSES")
    kg.add_relation(f"task:t{i}-0", f"task:t{i}-1", "ADDRESSES")
write_html(kg, sys.argv[1])
print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())
"""


def test_page_is_byte_reproducible_across_hash_seeds(tmp_path: Path) -> None:
    """Node order must not follow Python's string hashing (PYTHONHASHSEED differs between runs)."""
    import os
    import subprocess
    import sys

    digests = set()
    for seed in ("0", "1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", _REPRO, str(tmp_path / f"{seed}.html")], env=env,
                             capture_output=True, text=True, check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1, digests


def _lab(hex_colour: str) -> tuple[float, float, float]:
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(int(hex_colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    x, y, z = ((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b,
               (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
    f = [t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def _contrast_with_white(hex_colour: str) -> float:
    lum = (_lab(hex_colour)[0] + 16) / 116
    lum = lum ** 3 if lum ** 3 > 216 / 24389 else (116 * lum - 16) / (24389 / 27)
    return 1.05 / (lum + 0.05)


def test_relation_colours_are_distinct_and_visible_on_white() -> None:
    """Each pair of relation colours differs (CIE76) and each line stands out from the page (WCAG 3:1)."""
    import itertools
    import math

    from exports.html_data import DASHED_RELATIONS, EDGE_COLORS

    for relation, colour in EDGE_COLORS.items():
        assert _contrast_with_white(colour) >= 3.0, (relation, colour, _contrast_with_white(colour))
    for a, b in itertools.combinations(EDGE_COLORS, 2):
        assert math.dist(_lab(EDGE_COLORS[a]), _lab(EDGE_COLORS[b])) >= 15, (a, b)
    for paper_link, result_link in [("USES", "OF_METHOD"), ("EVALUATES_ON", "ON_DATASET"), ("MEASURES", "OF_METRIC")]:
        assert math.dist(_lab(EDGE_COLORS[paper_link]), _lab(EDGE_COLORS[result_link])) >= 40, (paper_link, result_link)
        assert result_link in DASHED_RELATIONS and paper_link not in DASHED_RELATIONS


def test_labels_are_whole_and_readable_from_the_start_in_small_views(kg: KnowledgeGraph, tmp_path: Path) -> None:
    long_title = "A Broad Dataset is All You Need for One-Shot Object Detection in the Wild, Revisited"
    kg.add_node("title:long", "Paper", title=long_title)
    kg.add_relation("title:long", "dataset:coco", "EVALUATES_ON")
    write_html(kg, tmp_path / "v.html", focus="dataset:coco")
    data = embedded_data((tmp_path / "v.html").read_text(encoding="utf-8"))
    styles = {n["id"]: n["labelStyle"] for n in data["nodes"]}
    paper = styles["title:long"]
    assert " ".join(paper["text"].split("\n")) == long_title and len(paper["text"].split("\n")) > 1
    assert all(len(line) <= 32 for line in paper["text"].split("\n"))
    assert all(s["minPx"] >= 12 for s in styles.values())  # every label readable at the first zoom
    assert styles["dataset:coco"]["prio"] == 0  # the focus is labelled first
    assert sorted(s["prio"] for s in styles.values()) == list(range(len(styles)))
    assert all("label" not in n for n in data["nodes"])  # the page draws them, not vis-network


def test_big_views_label_the_hubs_from_the_start(tmp_path: Path) -> None:
    from exports.html import HUB_LABELS, SMALL_VIEW

    kg = make_graph(n_extra=SMALL_VIEW)
    write_html(kg, tmp_path / "big.html")
    data = embedded_data((tmp_path / "big.html").read_text(encoding="utf-8"))
    shown = {n["id"] for n in data["nodes"] if n["labelStyle"]["minPx"] > 0}
    assert {"dataset:cityscapes", "dataset:coco"} <= shown and len(shown) <= HUB_LABELS
    assert not any(n.startswith("title:") for n in shown)  # paper titles wait for the zoom
    first = min(data["nodes"], key=lambda n: n["labelStyle"]["prio"])
    assert first["id"] == "dataset:cityscapes"  # the most connected hub


def test_a_lone_surrogate_in_a_name_is_written_as_a_replacement_character(tmp_path: Path) -> None:
    kg = KnowledgeGraph()
    kg.add_node("dataset:x", "Dataset", name="CO\ud800CO")  # JSON input may carry one; UTF-8 cannot
    write_html(kg, tmp_path / "graph.html")
    assert "CO\ufffdCO" in (tmp_path / "graph.html").read_text(encoding="utf-8")


def test_page_depends_on_the_graph_not_on_its_insertion_order(kg: KnowledgeGraph, tmp_path: Path) -> None:
    # a graph reloaded from graph.json holds its nodes and edges in id order, a freshly built one in
    # the order papers came: `kg build --update` draws from the first, a full build from the second
    from kg.graphjson import graph_from_dict, graph_to_dict

    kg.add_node("repo:github.com/a/first", "Repository", name="github.com/a/first", url="https://github.com/a/first")
    kg.add_relation("arxiv:2005.12872", "repo:github.com/a/first", "HAS_CODE", names=["github.com/a/first"])
    reloaded = graph_from_dict(graph_to_dict(kg))
    assert [n.id for n in kg.nodes()] != [n.id for n in reloaded.nodes()]
    write_html(kg, tmp_path / "built.html")
    write_html(reloaded, tmp_path / "reloaded.html")
    assert (tmp_path / "built.html").read_bytes() == (tmp_path / "reloaded.html").read_bytes()
