"""Interactive HTML view of a graph, built with pyvis: one self-contained, offline page.

pyvis assembles the vis-network nodes, edges and options; the page comes
from our own Jinja template (``exports/templates/graph.html.j2``) because
pyvis' template loads vis-network and Bootstrap from CDNs. The vis-network
script that ships inside the pyvis package is inlined, and a
Content-Security-Policy lets only the page's own two scripts run and no
request leave the file.

>>> import tempfile, pathlib
>>> from kg.graph import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> kg.add_node("title:1", "Paper", title="<b>T</b>", abstract="A.")
>>> out = pathlib.Path(tempfile.mkdtemp()) / "graph.html"
>>> sel = write_html(kg, out)
>>> page = out.read_text(encoding="utf-8")
>>> "<b>T</b>" in page, "\\\\u003cb\\\\u003eT" in page, "https://" in page.split("<script")[0]
(False, True, False)
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.resources
import json
import os
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from pyvis.network import Network

from exports.html_data import (
    DASHED_RELATIONS,
    EDGE_COLORS,
    NODE_STYLES,
    Encoded,
    display_name,
    node_details,
    safe_json,
    safe_json_pieces,
    short_label,
    wrapped_label,
)
from exports.html_layout import DEFAULT_MAX_NODES, Selection, compute_layout, select_subgraph
from kg.errors import ExportError
from kg.graph import KnowledgeGraph
from kg.io import atomic_write

__all__ = ["write_html", "write_selection", "build_network", "render_page", "page_pieces", "vis_network_js"]

#: Edge labels are drawn on the canvas only up to this many edges (tooltips always).
EDGE_LABEL_MAX = 150
#: Views up to this many nodes label every node at a readable size from the start.
SMALL_VIEW = 150
#: Bigger views label their this-many most connected entities (the hubs) at a readable size from the
#: start; every other label appears as zooming in makes it big enough.
HUB_LABELS = 30
_VIS_JS = "templates/lib/vis-9.1.2/vis-network.min.js"
_CLOSE_TAG = re.compile(r"</(script|style)|<!--|<kg-data", re.I)
_DATA_MARK = "<kg-data/>"  #: where the page's data goes; never in escaped text, refused in the inlined assets


class _Network(Network):
    """pyvis' Network with O(1) node look-up (its ``add_edge`` scans a list per edge)."""

    def get_nodes(self):  # noqa: D102 - same contract as pyvis
        return self.node_map.keys()


@functools.cache
def vis_network_js() -> str:
    """The vis-network script shipped inside pyvis, checked safe to inline."""
    return _inline_checked(importlib.resources.files("pyvis").joinpath(_VIS_JS).read_text("utf-8"), "pyvis " + _VIS_JS)


@functools.cache
def _asset(name: str) -> str:
    return _inline_checked(importlib.resources.files("exports").joinpath("templates", name).read_text("utf-8"), name)


def _inline_checked(text: str, name: str) -> str:
    if _CLOSE_TAG.search(text):
        raise ExportError(f"{name}: contains a closing script/style tag, '<!--' or '<kg-data' and cannot be inlined")
    return text


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def _vis_options(n_nodes: int) -> dict[str, Any]:
    big = n_nodes > 500
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "multiselect": False, "keyboard": False},
        "nodes": {"borderWidth": 1},  # node labels are drawn by the page (graph.js), not by vis-network
        "edges": {"smooth": False, "width": 1, "selectionWidth": 2,
                  "color": {"highlight": "#222222", "hover": "#444444", "inherit": False},
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
                  # an edge label shows only once zooming makes it 10 px or more
                  "scaling": {"label": {"drawThreshold": 10}},
                  "font": {"size": 11, "align": "middle", "color": "#444444", "strokeWidth": 3}},
    }


def _label_styles(kg: KnowledgeGraph, selection: Selection) -> dict[str, dict[str, Any]]:
    """How the page draws each node's label (see ``labels`` in graph.js).

    ``text`` is the label (a paper's whole title, wrapped; an entity's name);
    ``base`` its size in graph units, so it grows as one zooms in, within
    ``[minPx, maxPx]`` screen pixels. ``minPx`` > 0 marks a label shown at a
    readable size from the start: every node of a small view, the hubs and the
    focus of a big one. ``prio`` orders the labels; where two would overlap,
    the one that comes first is drawn.
    """
    g = selection.graph
    degree = selection.degree
    small = g.number_of_nodes() <= SMALL_VIEW
    entities = sorted((n for n in g if g.nodes[n].get("label") not in ("Paper", "Result")),
                      key=lambda n: (-degree.get(n, 0), n))
    hubs = set(entities[:HUB_LABELS])
    top = max(degree.values(), default=1) or 1
    styles = {}
    for node_id in g:
        label = g.nodes[node_id].get("label")
        d = degree.get(node_id, 0)
        paper = label == "Paper"
        name = display_name(kg.node(node_id))
        shown = small or node_id in hubs or node_id == selection.focus
        styles[node_id] = {
            "text": wrapped_label(name) if paper else short_label(name, 48),
            "base": 12.0 if paper else round(min(14.0 + 1.5 * d ** 0.5, 44.0), 1),
            "minPx": (12.0 if paper else round(12.0 + 4.0 * (d / top) ** 0.5, 1)) if shown else 0.0,
            "maxPx": 14.0 if paper else 22.0,
        }
    first = sorted(g, key=lambda n: (n != selection.focus, styles[n]["minPx"] == 0,
                                     not small or g.nodes[n].get("label") != "Paper", -degree.get(n, 0), n))
    for i, node_id in enumerate(first):
        styles[node_id]["prio"] = i
    return styles


def build_network(kg: KnowledgeGraph, selection: Selection, positions: dict[str, tuple[float, float]]) -> Network:
    """The pyvis network of a selection of *kg*: styled nodes at *positions*, coloured edges."""
    g = selection.graph
    net = _Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    styles = _label_styles(kg, selection)
    for node_id in g:
        node = kg.node(node_id)
        label = node.label
        shape, color, _ = NODE_STYLES.get(label, NODE_STYLES["Entity"])
        degree = selection.degree.get(node_id, 0)
        name = display_name(node)
        x, y = positions[node_id]
        # pyvis drops `color` when `group` is given, so the type travels as `kind`
        net.add_node(node_id, label=" ", shape=shape, color=color, kind=label, labelStyle=styles[node_id],
                     size=round(min(8.0 + 5.0 * degree ** 0.5, 48.0), 1), x=x, y=y,
                     title=f"{name}\n{label} \u00b7 {degree} connection{'s' if degree != 1 else ''}")
    for node in net.nodes:
        node.pop("label", None)  # drawn by graph.js from labelStyle
    with_labels = g.number_of_edges() <= EDGE_LABEL_MAX
    for source, target, key, data in g.edges(keys=True, data=True):
        n = data.get("papers") or data.get("count") or 1
        unit = "paper" if key == "CO_MENTIONED" else "mention"
        color = EDGE_COLORS.get(key, "#999999")
        net.add_edge(source, target, relation=key, color=color, dashes=key in DASHED_RELATIONS,
                     title=f"{key} ({n} {unit}{'s' if n != 1 else ''})", width=round(min(1.0 + 0.5 * (n - 1), 5.0), 1),
                     label=key.lower().replace("_", " ") if with_labels else None,
                     arrows="" if key == "CO_MENTIONED" else "to")
    for edge in net.edges:
        if edge.get("label") is None:
            edge.pop("label", None)
    net.set_options(safe_json(_vis_options(g.number_of_nodes())))
    return net


def _legend(selection: Selection) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    g = selection.graph
    labels = Counter(d.get("label", "Entity") for _, d in g.nodes(data=True))
    order = list(NODE_STYLES)
    types = []
    for label in sorted(labels, key=lambda lab: (order.index(lab) if lab in order else len(order), lab)):
        shape, color, glyph = NODE_STYLES.get(label, NODE_STYLES["Entity"])
        types.append({"label": label, "shape": shape, "color": color, "glyph": glyph, "count": labels[label]})
    rels = Counter(k for _, _, k in g.edges(keys=True))
    relations = [{"relation": k, "color": EDGE_COLORS.get(k, "#999999"), "dashed": k in DASHED_RELATIONS, "count": n}
                 for k, n in sorted(rels.items())]
    return types, relations


def render_page(net: Network, selection: Selection, details: dict[str, Any], *, title: str) -> str:
    """The HTML page: our template, the data as escaped JSON, every script inline."""
    return "".join(page_pieces(net, selection, details, title=title))


def page_pieces(net: Network, selection: Selection, details: dict[str, Any], *, title: str) -> Iterator[str]:
    """:func:`render_page` in pieces: the template around the data, and the data record by record.

    A page's data is most of it (30 MB for 2,000 nodes of a 20,000-paper
    graph), and one character outside Latin-1 makes Python store a whole
    string at 2 or 4 bytes a character, so the writer never joins it.
    """
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    types, relations = _legend(selection)
    data = {"nodes": nodes, "edges": edges, "options": json.loads(options),  # pyvis hands options as JSON
            "details": details, "types": types, "relations": relations, "focus": selection.focus}
    vis_js, app_js = vis_network_js(), _asset("graph.js")
    env = jinja2.Environment(loader=jinja2.PackageLoader("exports", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    page = env.get_template("graph.html.j2").render(
        title=title,
        shown=selection.graph.number_of_nodes(), edges=selection.graph.number_of_edges(),
        total=selection.total, notice=selection.notice,
        csp_scripts=Markup(" ".join([_csp_hash(vis_js), _csp_hash(app_js)])),
        data_json=Markup(_DATA_MARK), vis_js=Markup(vis_js), app_js=Markup(app_js),
        css=Markup(_asset("graph.css")),
    )
    # every text from the graph is autoescaped, and our assets are checked: the mark is where the data goes
    head, tail = page.split(_DATA_MARK)
    yield head
    yield from safe_json_pieces(data)
    yield tail


def write_html(kg: KnowledgeGraph, path: str | os.PathLike, *, focus: str | None = None, depth: int = 2,
               types: Sequence[str] | None = None, top: int | None = None,
               max_nodes: int = DEFAULT_MAX_NODES, title: str | None = None) -> Selection:
    """Write an interactive, offline HTML view of *kg* to *path*.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph to draw.
    path : path-like
        The ``.html`` file to write (atomically).
    focus, depth, types, top, max_nodes
        What to show; see :func:`exports.html_layout.select_subgraph`.
    title : str, optional
        Page heading (default: "paperkg graph", or the focused node's name).

    Returns
    -------
    Selection
        What the page shows (node counts, the notice when capped).
    """
    selection = select_subgraph(kg, focus=focus, depth=depth, types=types, top=top, max_nodes=max_nodes)
    shown = set(selection.graph)
    # encoded at once: the records are most of the page, and far bigger as Python objects than as text
    details = {n: Encoded(safe_json(node_details(kg, n, degree=selection.degree[n], shown=shown)))
               for n in selection.graph}
    if title is None:
        title = "paperkg graph"
        if focus is not None:
            title = f"paperkg: around {short_label(display_name(kg.node(focus)), 60)}"
    write_selection(kg, selection, details, path, title=title)
    return selection


def write_selection(kg: KnowledgeGraph, selection: Selection, details: dict[str, Any], path: str | os.PathLike, *,
                    title: str) -> None:
    """Lay out *selection*, draw it and write the page to *path* (atomically).

    *kg* needs to hold only the selected nodes (their names and types): what
    the page says about the rest of the graph comes in *selection* (degrees,
    counts) and *details* (the side panel), so the store's writer
    (``exports/html_store.py``) passes a graph of the selection alone.
    """
    positions = compute_layout(selection.graph)
    net = build_network(kg, selection, positions)
    with atomic_write(Path(path)) as fh:
        for piece in page_pieces(net, selection, details, title=title):
            fh.write(piece)
