"""graph.html written from the graph store: byte for byte the page write_html gives for the same graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from exports.html import write_html
from exports.html_data import MAX_MENTIONS
from exports.html_store import select_from_store, write_store_html
from kg.graph import KnowledgeGraph
from kg.store import GraphStore
from tests.exports.html_sample import embedded_data, make_graph
from tests.exports.test_rdf_stream import _split

VIEWS = [{}, {"types": ["dataset", "method"]}, {"types": ["paper", "dataset"], "top": 5}, {"max_nodes": 4},
         {"top": 3, "max_nodes": 2}]


def _store(kg: KnowledgeGraph, path: Path) -> GraphStore:
    store = GraphStore(path)
    store.add_graph(kg)
    store.commit()
    return store


def _same_pages(kg: KnowledgeGraph, store: GraphStore, tmp_path: Path, views=VIEWS) -> None:
    for i, view in enumerate(views):
        write_html(kg, tmp_path / f"memory{i}.html", **view)
        assert write_store_html(store, tmp_path / f"store{i}.html", **view) == "written"
        assert (tmp_path / f"store{i}.html").read_bytes() == (tmp_path / f"memory{i}.html").read_bytes(), view


def test_same_page_as_the_in_memory_view(tmp_path):
    kg = make_graph(n_extra=MAX_MENTIONS + 20)  # Cityscapes: more mentions than its panel lists
    store = _store(kg, tmp_path / "graph.store")
    _same_pages(kg, store, tmp_path)
    data = embedded_data((tmp_path / "store0.html").read_text(encoding="utf-8"))
    city = data["details"]["dataset:cityscapes"]
    assert city["mention_count"] == MAX_MENTIONS + 21 and len(city["mentions"]) == MAX_MENTIONS


def test_views_without_papers_draw_the_same_co_mentions(tmp_path):
    kg = make_graph(n_extra=3)
    selection, small, details = select_from_store(_store(kg, tmp_path / "graph.store"), types=["dataset", "method"])
    assert any(k == "CO_MENTIONED" for _a, _b, k in selection.graph.edges(keys=True))
    assert set(small.paper_ids()) == set() and set(details) == set(selection.graph)  # the drawn nodes alone


def test_a_grown_store_draws_the_page_of_the_whole_graph(tmp_path):
    kg = make_graph(n_extra=6)
    old, new = _split(kg, 2)
    store = _store(old, tmp_path / "graph.store")
    page = tmp_path / "graph.html"
    assert write_store_html(store, page) == "written"
    store.commit()
    store.close()
    store = GraphStore(tmp_path / "graph.store")  # the next build reopens it and merges the rest
    assert write_store_html(store, page, append=True) == "unchanged"  # nothing merged since
    store.add_graph(new)
    store.commit()
    assert write_store_html(store, page, append=True) == "written"  # a page is rewritten, never appended
    write_html(kg, tmp_path / "full.html")
    assert page.read_bytes() == (tmp_path / "full.html").read_bytes()
    assert write_store_html(store, page, append=True) == "unchanged"
    assert write_store_html(store, page, append=True, max_nodes=3) == "written"  # another view
    assert write_store_html(store, page, append=True) == "written"
    with open(page, "a", encoding="utf-8") as fh:  # changed by hand: rewritten
        fh.write(" ")
    assert write_store_html(store, page, append=True) == "written"
    assert page.read_bytes() == (tmp_path / "full.html").read_bytes()


def test_an_update_reads_only_the_new_relations_of_the_entities_kept_before(tmp_path, monkeypatch):
    kg = make_graph(n_extra=MAX_MENTIONS + 20)
    papers = sorted(kg.paper_ids())
    old, new = _split(kg, len(papers) - 1)  # the last paper, an extra one, mentions Cityscapes only
    store = _store(old, tmp_path / "graph.store")
    page = tmp_path / "graph.html"
    write_store_html(store, page)
    store.add_graph(new)
    store.commit()
    calls = []
    real = store.relations_at
    monkeypatch.setattr(store, "relations_at", lambda ids, **kw: calls.append((set(ids), kw.get("after"))) or real(ids, **kw))
    assert write_store_html(store, page, append=True) == "written"
    read_whole = set().union(*(ids for ids, after in calls if after is None))
    assert {"dataset:cityscapes", "dataset:coco", "method:detr"}.isdisjoint(read_whole)
    assert any("dataset:cityscapes" in ids for ids, after in calls if after is not None)
    write_html(kg, tmp_path / "full.html")
    assert page.read_bytes() == (tmp_path / "full.html").read_bytes()


@pytest.mark.slow
def test_a_store_grown_in_steps_draws_each_steps_page(corpus_out, tmp_path):
    """Panels carried through updates that bring new entities, push others off a small page, and put
    results on it or take them off (their connections become clickable or stop being): each page is
    the one drawn from every relation of the same store (proved equal to the in-memory page above)."""
    from kg.graphjson import read_graph_json

    kg = read_graph_json(corpus_out)
    papers = sorted(kg.paper_ids())
    first, rest = _split(kg, len(papers) // 2)
    second, third = _split(rest, len(papers) // 4)
    store = _store(first, tmp_path / "graph.store")
    views = [{}, {"max_nodes": 150}, {"types": ["dataset", "metric", "result"], "max_nodes": 60}]
    for i, view in enumerate(views):
        write_store_html(store, tmp_path / f"carried{i}.html", **view)
    store.commit()
    for part in (second, third):
        store.add_graph(part)
        store.commit()
        for i, view in enumerate(views):
            assert write_store_html(store, tmp_path / f"carried{i}.html", append=True, **view) == "written"
            store.commit()
            write_store_html(store, tmp_path / "whole.html", **view)  # no panels kept under this name
            assert (tmp_path / f"carried{i}.html").read_bytes() == (tmp_path / "whole.html").read_bytes(), view


@pytest.mark.slow
def test_same_page_on_the_examples(tmp_path):
    from paperkg.build import build_graph
    from tests.conftest import REPO

    kg, _ = build_graph([REPO / "examples"])
    _same_pages(kg, _store(kg, tmp_path / "graph.store"), tmp_path, VIEWS[:2])


@pytest.mark.slow
def test_same_page_on_the_corpus(corpus_out, tmp_path):
    from kg.graphjson import read_graph_json

    kg = read_graph_json(corpus_out)
    _same_pages(kg, _store(kg, tmp_path / "graph.store"), tmp_path, [{}, {"types": ["dataset", "method", "metric"]}])
