"""exports.html_layout: which nodes a view keeps, and where they go."""

from __future__ import annotations

import networkx as nx
import pytest

from exports.html_layout import CO_MENTIONED, compute_layout, resolve_types, select_subgraph, suggest_ids
from kg.errors import ExportError
from kg.graph import KnowledgeGraph
from tests.exports.html_sample import make_graph


@pytest.fixture
def kg() -> KnowledgeGraph:
    return make_graph(n_extra=12)


def test_whole_graph_by_default(kg: KnowledgeGraph) -> None:
    sel = select_subgraph(kg)
    assert set(sel.graph) == {n.id for n in kg.nodes()} and not sel.capped and sel.notice is None
    assert sel.graph.number_of_edges() == kg.number_of_relations()
    assert sel.degree["dataset:cityscapes"] == kg.degree("dataset:cityscapes")


def test_focus_depth(kg: KnowledgeGraph) -> None:
    one = select_subgraph(kg, focus="dataset:coco", depth=1)
    assert set(one.graph) == {"dataset:coco", "arxiv:2005.12872", "title:0000000000000002",
                              "title:0000000000000003", *[n.id for n in kg.nodes("Result")]}
    two = select_subgraph(kg, focus="dataset:coco", depth=2)
    assert set(one.graph) < set(two.graph) and "dataset:cityscapes" in two.graph
    assert "title:extra00000" not in two.graph  # three hops away
    assert set(select_subgraph(kg, focus="dataset:coco", depth=0).graph) == {"dataset:coco"}


def test_unknown_focus_suggests_close_ids(kg: KnowledgeGraph) -> None:
    with pytest.raises(ExportError, match=r"no node with id 'dataset:cocoo'.*did you mean: dataset:coco"):
        select_subgraph(kg, focus="dataset:cocoo")
    assert suggest_ids(kg, "cityscapes")[0] == "dataset:cityscapes"
    assert suggest_ids(kg, "zzzz-nothing") == []


def test_types_filter_and_co_mention_edges(kg: KnowledgeGraph) -> None:
    sel = select_subgraph(kg, types=["dataset", "method"])
    assert {d["label"] for _, d in sel.graph.nodes(data=True)} == {"Dataset", "Method"}
    pairs = {(s, t): d["papers"] for s, t, k, d in sel.graph.edges(keys=True, data=True) if k == CO_MENTIONED}
    assert pairs[("dataset:cityscapes", "dataset:coco")] == 1  # the Mask R-CNN paper
    assert pairs[("dataset:coco", "method:detr")] == 2  # the DETR paper and its result
    papers_kept = select_subgraph(kg, types=["paper", "dataset"])
    assert not any(k == CO_MENTIONED for *_, k in papers_kept.graph.edges(keys=True))


def test_unknown_type() -> None:
    assert resolve_types(["Repositories", "tasks"]) == {"Repository", "Task"}
    with pytest.raises(ExportError, match="unknown node type 'gadget'"):
        resolve_types(["gadget"])


def test_top_and_cap_keep_the_most_connected(kg: KnowledgeGraph) -> None:
    top = select_subgraph(kg, top=2)
    assert list(top.graph) == ["dataset:cityscapes", "arxiv:2005.12872"]  # degree 13, then 4 (ties by id)
    assert kg.degree("arxiv:2005.12872") == kg.degree("dataset:coco") == 4
    assert not top.capped and "2 most connected" in top.notice
    capped = select_subgraph(kg, max_nodes=3)
    assert capped.capped and capped.graph.number_of_nodes() == 3 and capped.candidates == len(kg)
    assert "--focus" in capped.notice and "3 most connected" in capped.notice
    focus = select_subgraph(kg, focus="title:extra00003", depth=2, max_nodes=2)
    assert "title:extra00003" in focus.graph  # the focus always survives the cap


def test_bad_numbers() -> None:
    with pytest.raises(ExportError):
        select_subgraph(make_graph(), max_nodes=0)


@pytest.mark.parametrize("fa2_max_nodes", [1000, 2])  # networkx ForceAtlas2, igraph grid FR
def test_layout_deterministic_and_spread(kg: KnowledgeGraph, fa2_max_nodes: int) -> None:
    structure = select_subgraph(kg).graph
    pos = compute_layout(structure, fa2_max_nodes=fa2_max_nodes)
    assert set(pos) == {n.id for n in kg.nodes()}
    assert pos == compute_layout(structure, fa2_max_nodes=fa2_max_nodes)
    half = 110.0 * len(kg) ** 0.5 / 2  # one component: a square of side spacing * sqrt(n)
    reach = max(max(abs(x), abs(y)) for x, y in pos.values())
    assert half / 2 < reach <= half + 0.1
    assert len(set(pos.values())) == len(pos)  # no two nodes on one spot


def test_layout_edge_cases() -> None:
    assert compute_layout(nx.Graph()) == {}
    assert compute_layout(nx.Graph([("a", "a")])) == {"a": (0.0, 0.0)}


def test_islands_are_packed_beside_the_main_component() -> None:
    g = nx.barabasi_albert_graph(120, 2, seed=1)
    g.add_edge("pair-a", "pair-b")
    g.add_nodes_from(f"lonely-{i}" for i in range(40))
    pos = compute_layout(g)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    main_xs, main_ys = [pos[v][0] for v in range(120)], [pos[v][1] for v in range(120)]
    # the main component spans at least half the view in both directions
    assert max(main_xs) - min(main_xs) > 0.5 * (max(xs) - min(xs))
    assert max(main_ys) - min(main_ys) > 0.5 * (max(ys) - min(ys))
    lonely = sorted(pos[f"lonely-{i}"] for i in range(40))
    assert min(b[0] - a[0] or abs(b[1] - a[1]) for a, b in zip(lonely, lonely[1:])) > 0  # a grid, no overlap


def test_cap_without_papers_links_entities(kg: KnowledgeGraph) -> None:
    sel = select_subgraph(kg, top=2)  # cityscapes and the DETR paper: a paper is kept, no projection
    assert not any(k == CO_MENTIONED for *_, k in sel.graph.edges(keys=True))
    entities = select_subgraph(kg, focus="dataset:coco", depth=2, types=["dataset"])
    assert ("dataset:cityscapes", "dataset:coco", CO_MENTIONED) in set(entities.graph.edges(keys=True))


def test_co_mention_links_keep_each_nodes_strongest() -> None:
    from collections import Counter
    from itertools import combinations

    from exports.html_layout import _strongest

    clique = Counter({pair: 1 for pair in combinations("abcde", 2)})
    assert [p for p, _ in _strongest(clique, per_node=1)] == [("a", "b"), ("a", "c"), ("a", "d"), ("a", "e")]
    clique[("d", "e")] = 5  # the strongest link is taken first
    assert _strongest(clique, per_node=1)[:2] == [(("a", "b"), 1), (("a", "c"), 1)]
    assert (("d", "e"), 5) in _strongest(clique, per_node=1)
    assert len(_strongest(clique, per_node=4)) == 10
