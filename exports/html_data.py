"""The data an HTML view embeds: node styles, side-panel details, safe JSON.

Everything that comes from input text (titles, abstracts, names, evidence)
reaches the page only through :func:`safe_json` inside a
``<script type="application/json">`` block and is rendered by the page with
``textContent``; links are kept only when they are ``http(s)`` URLs.

>>> safe_json({"title": "</script><script>alert(1)</script>"})
'{"title":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
>>> text_segments("We use COCO.", [(7, 11, "Dataset", "dataset:coco")])
[['We use '], ['COCO', 'Dataset', 'dataset:coco'], ['.']]
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import networkx as nx

__all__ = [
    "NODE_STYLES",
    "EDGE_COLORS",
    "safe_json",
    "safe_url",
    "display_name",
    "short_label",
    "text_segments",
    "node_details",
]

#: label -> (vis-network shape, colour, legend glyph)
NODE_STYLES: dict[str, tuple[str, str, str]] = {
    "Paper": ("dot", "#4e79a7", "\u25cf"),
    "Method": ("diamond", "#f28e2b", "\u25c6"),
    "Dataset": ("square", "#59a14f", "\u25a0"),
    "Metric": ("triangle", "#e15759", "\u25b2"),
    "Task": ("star", "#b07aa1", "\u2605"),
    "Repository": ("triangleDown", "#17becf", "\u25bc"),
    "Author": ("hexagon", "#c9a227", "\u2b22"),
    "Result": ("dot", "#9d9890", "\u2022"),
    "Entity": ("dot", "#79706e", "\u25cf"),
}

#: relation -> edge colour
EDGE_COLORS: dict[str, str] = {
    "PROPOSES": "#e8730c",
    "USES": "#f5b97a",
    "EVALUATES_ON": "#59a14f",
    "MEASURES": "#e15759",
    "ADDRESSES": "#b07aa1",
    "HAS_CODE": "#17becf",
    "AUTHORED_BY": "#c9a227",
    "REPORTS": "#9d9890",
    "OF_METRIC": "#f0a0a1",
    "ON_DATASET": "#9fd08f",
    "OF_METHOD": "#f9cf9f",
    "CO_MENTIONED": "#a0a0a0",
}

_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")
_URL_RE = re.compile(r"^https?://[^\s\"'<>\\]+$", re.I)
MAX_MENTIONS = 40
MAX_CONNECTIONS = 60


def safe_json(obj: Any) -> str:
    """JSON that can sit inside a ``<script>`` element of an HTML page.

    ``<``, ``>``, ``&`` and U+2028/U+2029 are written as ``\\uXXXX`` escapes, so
    no ``</script>``, ``<!--`` or line separator can appear in the page
    while ``JSON.parse`` still returns the original strings.
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _UNSAFE_RE.sub(lambda m: _UNSAFE[m.group(0)], text)


def safe_url(url: object) -> str | None:
    """*url* when it is a plain ``http(s)`` URL, else None (no ``javascript:``).

    >>> safe_url("https://github.com/a/b"), safe_url("javascript:alert(1)")
    ('https://github.com/a/b', None)
    """
    if isinstance(url, str) and _URL_RE.match(url.strip()):
        return url.strip()
    return None


def display_name(node_id: str, data: dict[str, Any]) -> str:
    """The human name of a node: a paper's title, a result's value, an entity's name."""
    label = data.get("label")
    if label == "Paper":
        return str(data.get("title") or node_id)
    if label == "Result":
        metric = data.get("metric") or "result"
        value = data.get("raw") or data.get("value")
        return f"{metric} = {value}"
    return str(data.get("name") or node_id)


def short_label(text: str, limit: int = 36) -> str:
    """*text* on one line, cut to *limit* characters with an ellipsis.

    >>> short_label("Attention Is All You Need For Everything Under The Sun", 20)
    'Attention Is All Yo…'
    """
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def text_segments(text: str, spans: Iterable[tuple[int, int, str, str]]) -> list[list[str]]:
    """Split *text* into ``[plain]`` and ``[marked, label, node_id]`` pieces.

    *spans* are ``(start, end, label, node_id)`` offsets into *text*; spans out of
    bounds are clipped, overlapping ones after the first are dropped.

    >>> text_segments("abc", [(0, 5, "Dataset", "d"), (1, 2, "Method", "m")])
    [['abc', 'Dataset', 'd']]
    """
    pieces: list[list[str]] = []
    pos = 0
    for start, end, label, node_id in sorted(spans, key=lambda s: (s[0], -s[1])):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        if start > pos:
            pieces.append([text[pos:start]])
        pieces.append([text[start:end], label, node_id])
        pos = end
    if pos < len(text):
        pieces.append([text[pos:]])
    return pieces


def _sentence_segments(sentence: str, surface: str) -> list[list[str]]:
    at = sentence.lower().find(surface.lower()) if surface else -1
    if at < 0:
        return [[sentence]] if sentence else []
    return text_segments(sentence, [(at, at + len(surface), "hit", "")])


def _links(data: dict[str, Any]) -> list[list[str]]:
    links = []
    if data.get("arxiv_id"):
        links.append(["arXiv", f"https://arxiv.org/abs/{data['arxiv_id']}"])
    if data.get("doi"):
        links.append(["DOI", f"https://doi.org/{data['doi']}"])
    if data.get("url"):
        links.append(["URL", data["url"]])
    return [[name, url] for name, url in links if safe_url(url)]


def _paper_details(g: nx.MultiDiGraph, node_id: str, data: dict[str, Any], out: dict[str, Any]) -> None:
    title, abstract = str(data.get("title") or ""), str(data.get("abstract") or "")
    cut = len(title) + 1
    spans = []
    for _, target, _, edge in g.out_edges(node_id, keys=True, data=True):
        tlabel = g.nodes[target].get("label", "Entity")
        for ev in edge.get("evidence", ()):
            if isinstance(ev.get("start"), int) and isinstance(ev.get("end"), int):
                spans.append((ev["start"], ev["end"], tlabel, target))
    out["title_segments"] = text_segments(title, [s for s in spans if s[0] < len(title)])
    out["abstract_segments"] = text_segments(
        abstract, [(s - cut, e - cut, label, t) for s, e, label, t in spans if e > cut])
    out["evidence_count"] = len(spans)
    for key in ("year", "date", "source"):
        if data.get(key):
            out[key] = str(data[key])
    if data.get("authors"):
        out["authors"] = [str(a) for a in data["authors"]][:20]
    for _, target, key in g.out_edges(node_id, keys=True):
        if key == "HAS_CODE":
            url = safe_url(g.nodes[target].get("url"))
            if url:
                out["links"].append(["code", url])


def _entity_mentions(g: nx.MultiDiGraph, node_id: str, out: dict[str, Any]) -> None:
    mentions = []
    for source, _, key, edge in g.in_edges(node_id, keys=True, data=True):
        if g.nodes[source].get("label") != "Paper":
            continue
        evidence = [ev for ev in edge.get("evidence", ()) if ev.get("sentence") or ev.get("surface")]
        sentences = []
        for ev in evidence[:3]:
            sentences.append(_sentence_segments(str(ev.get("sentence") or ev.get("surface") or ""),
                                                str(ev.get("surface") or "")))
        mentions.append({"paper": source, "title": display_name(source, g.nodes[source]),
                         "relation": key, "sentences": sentences})
    mentions.sort(key=lambda m: (m["title"].lower(), m["paper"]))
    out["mention_count"] = len(mentions)
    out["mentions"] = mentions[:MAX_MENTIONS]


def node_details(g: nx.MultiDiGraph, node_id: str, *, degree: int, shown: set[str]) -> dict[str, Any]:
    """The side-panel record of one node (plain data, rendered as text by the page).

    *g* is the whole graph; *shown* the ids drawn on the page (connections to
    other nodes are listed but not clickable).
    """
    data = g.nodes[node_id]
    label = data.get("label", "Entity")
    out: dict[str, Any] = {"id": node_id, "type": label, "name": display_name(node_id, data),
                           "degree": degree, "links": _links(data)}
    aliases = [str(a) for a in data.get("aliases", ()) if str(a) != out["name"]]
    if aliases:
        out["aliases"] = aliases[:30]
    if label == "Paper":
        _paper_details(g, node_id, data, out)
    else:
        _entity_mentions(g, node_id, out)
    if label == "Result":
        out["facts"] = [[k, str(data[k])] for k in ("value", "unit", "raw", "metric", "dataset", "method")
                        if data.get(k) not in (None, "")]
    connections = []
    for source, target, key in list(g.out_edges(node_id, keys=True)) + list(g.in_edges(node_id, keys=True)):
        other, arrow = (target, "\u2192") if source == node_id else (source, "\u2190")
        if label != "Paper" and g.nodes[other].get("label") == "Paper":
            continue  # listed, with evidence, under mentions
        connections.append([f"{arrow} {key}", other, short_label(display_name(other, g.nodes[other]), 80),
                            "1" if other in shown else ""])
    connections.sort(key=lambda c: (c[0], c[2].lower(), c[1]))
    out["connection_count"] = len(connections)
    out["connections"] = connections[:MAX_CONNECTIONS]
    return out
