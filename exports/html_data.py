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
import textwrap
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from typing import Any

from kg.graph import KnowledgeGraph, Node, Relation

__all__ = [
    "NODE_STYLES",
    "EDGE_COLORS",
    "DASHED_RELATIONS",
    "wrapped_label",
    "Encoded",
    "safe_json",
    "safe_json_pieces",
    "safe_url",
    "display_name",
    "short_label",
    "text_segments",
    "NodeDetails",
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

#: relation -> edge colour. Every colour has at least 3:1 contrast with the white page (WCAG's
#: minimum for lines and shapes) and differs from every other by a CIE76 colour difference of at
#: least 19; the result's links (of method / on dataset / of metric) take hues of their own, far
#: from the paper's links to the same kind of node (uses / evaluates on / measures), and are dashed.
EDGE_COLORS: dict[str, str] = {
    "PROPOSES": "#b34700",
    "USES": "#c27c00",
    "EVALUATES_ON": "#2e8b3e",
    "MEASURES": "#d62728",
    "ADDRESSES": "#7b5ea7",
    "HAS_CODE": "#1f77b4",
    "AUTHORED_BY": "#8a7a00",
    "REPORTS": "#6b6b6b",
    "OF_METRIC": "#a0307a",
    "ON_DATASET": "#00838f",
    "OF_METHOD": "#8c564b",
    "CO_MENTIONED": "#7d8fa6",
}
#: Relations drawn dashed: a result's links, so they read apart from the paper's own.
DASHED_RELATIONS = frozenset({"OF_METRIC", "ON_DATASET", "OF_METHOD"})

_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")
_URL_RE = re.compile(r"^https?://[^\s\"'<>\\]+$", re.I)
MAX_MENTIONS = 40
MAX_CONNECTIONS = 60


class Encoded(str):
    """JSON text :func:`safe_json` already wrote, to be spliced as it is into a bigger document.

    A page's side-panel records are most of its data; kept as Python lists of
    text segments they take several times the memory of their text, so the
    writers encode each record as soon as it is made.
    """

    __slots__ = ()


def safe_json(obj: Any) -> str:
    """JSON that can sit inside a ``<script>`` element of an HTML page.

    ``<``, ``>``, ``&`` and U+2028/U+2029 are written as ``\\uXXXX`` escapes, so
    no ``</script>``, ``<!--`` or line separator can appear in the page
    while ``JSON.parse`` still returns the original strings. :class:`Encoded`
    values (in dicts, at any depth) are written as they are: the same text as
    encoding the original object in place.

    >>> safe_json({"a": Encoded(safe_json([1, "<"])), "b": None}) == safe_json({"a": [1, "<"], "b": None})
    True
    """
    if isinstance(obj, dict) and _holds_encoded(obj):
        return "".join(safe_json_pieces(obj))
    if isinstance(obj, Encoded):
        return str(obj)
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _UNSAFE_RE.sub(lambda m: _UNSAFE[m.group(0)], text)


def safe_json_pieces(obj: Any) -> Iterator[str]:
    """:func:`safe_json` of *obj* in pieces, one per :class:`Encoded` value: for writing without one big string.

    >>> list(safe_json_pieces({"a": Encoded("[1]"), "b": {"c": Encoded("2")}}))
    ['{', '"a":', '[1]', ',', '"b":', '{', '"c":', '2', '}', '}']
    """
    if isinstance(obj, dict) and _holds_encoded(obj):
        yield "{"
        for i, (key, value) in enumerate(obj.items()):
            if i:
                yield ","
            yield safe_json(str(key)) + ":"
            yield from safe_json_pieces(value)
        yield "}"
    else:
        yield safe_json(obj)


def _holds_encoded(obj: dict) -> bool:
    return any(isinstance(v, Encoded) or (isinstance(v, dict) and _holds_encoded(v)) for v in obj.values())


def safe_url(url: object) -> str | None:
    """*url* when it is a plain ``http(s)`` URL, else None (no ``javascript:``).

    >>> safe_url("https://github.com/a/b"), safe_url("javascript:alert(1)")
    ('https://github.com/a/b', None)
    """
    if isinstance(url, str) and _URL_RE.match(url.strip()):
        return url.strip()
    return None


def display_name(node: Node) -> str:
    """The human name of a node: a paper's title, a result's value, an entity's name."""
    if node.label == "Paper":
        return str(node.get("title") or node.id)
    if node.label == "Result":
        metric = node.get("metric") or "result"
        value = node.get("raw") or node.get("value")
        return f"{metric} = {value}"
    return str(node.get("name") or node.id)


def short_label(text: str, limit: int = 36) -> str:
    """*text* on one line, cut to *limit* characters with an ellipsis.

    >>> short_label("Attention Is All You Need For Everything Under The Sun", 20)
    'Attention Is All Yo…'
    """
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def wrapped_label(text: str, width: int = 32, max_lines: int = 4) -> str:
    """*text* broken into lines of at most *width* characters (newline-joined), at most *max_lines*.

    >>> print(wrapped_label("Attention Is All You Need For Everything Under The Sun", 20))
    Attention Is All You
    Need For Everything
    Under The Sun
    >>> wrapped_label("a " * 100, 10, 2).splitlines()[-1]
    'a a a a a…'
    """
    lines = textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "\u2026"
    return "\n".join(lines)


def text_segments(text: str, spans: Iterable[tuple[int, int, str, str]]) -> list[list[str]]:
    """Split *text* into ``[plain]`` and ``[marked, label, node_id]`` pieces.

    *spans* are ``(start, end, label, node_id)`` offsets into *text*; spans out of
    bounds are clipped, overlapping ones after the first are dropped.

    >>> text_segments("abc", [(0, 5, "Dataset", "d"), (1, 2, "Method", "m")])
    [['abc', 'Dataset', 'd']]
    """
    pieces: list[list[str]] = []
    pos = 0
    # ties broken by label and id, not by the graph's insertion order (same page after --update)
    for start, end, label, node_id in sorted(spans, key=lambda s: (s[0], -s[1], s[2], s[3])):
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


def _links(data: Mapping[str, Any]) -> list[list[str]]:
    links = []
    if data.get("arxiv_id"):
        links.append(["arXiv", f"https://arxiv.org/abs/{data['arxiv_id']}"])
    if data.get("doi"):
        links.append(["DOI", f"https://doi.org/{data['doi']}"])
    if data.get("url"):
        links.append(["URL", data["url"]])
    return [[name, url] for name, url in links if safe_url(url)]


class _First:
    """The first *n* items in *key* order among all those added, and how many were added.

    ``sorted(items, key=key)[:n]`` without holding every item: the list is
    cut back to *n* whenever it reaches ``2 * n`` (a stable sort, so ties keep
    the order they came in), so a hub with 100,000 mentions costs 2n records.
    """

    def __init__(self, n: int, key: Callable[[Any], Any]) -> None:
        self.n, self.key, self.items, self.count = n, key, [], 0

    def add(self, item: Any) -> None:
        self.count += 1
        self.items.append(item)
        if len(self.items) >= 2 * self.n:
            self.items.sort(key=self.key)
            del self.items[self.n:]

    def first(self) -> list[Any]:
        self.items.sort(key=self.key)
        del self.items[self.n:]
        return self.items


class NodeDetails:
    """The side-panel record of one node, fed the node's relations one at a time.

    The record lists at most :data:`MAX_MENTIONS` mentions and
    :data:`MAX_CONNECTIONS` connections (and counts them all), so only those are
    kept: a hub's record costs the same memory however many papers mention it,
    and the order relations come in does not matter (every list is sorted on a
    key that tells any two apart). :func:`node_details` feeds it from a whole
    graph; ``exports/html_store.py`` from the store's rows, one at a time.
    """

    def __init__(self, node: Node, *, degree: int, shown: Container[str]) -> None:
        self.node, self.degree, self.shown = node, degree, shown
        self._spans: list[tuple[int, int, str, str]] = []  # a paper's evidence offsets, with the target
        self._code: list[tuple[str, str | None]] = []  # a paper's HAS_CODE targets and their URLs
        # (title, paper, relation, [(sentence, surface), ...] or, once listed, the mention's JSON text):
        # two relations of one paper to the node differ by type
        self._mentions = _First(MAX_MENTIONS, key=lambda m: (m[0].lower(), m[1], m[2]))
        self._connections = _First(MAX_CONNECTIONS, key=lambda c: (c[0], c[2].lower(), c[1]))

    def add(self, rel: Relation, other: Node, *, outgoing: bool) -> None:
        """One relation at the node: *outgoing* when it starts there; *other* is the node at its other end."""
        node = self.node
        if outgoing and node.label == "Paper":
            for ev in rel.evidence:
                if isinstance(ev.start, int) and isinstance(ev.end, int):
                    self._spans.append((ev.start, ev.end, other.label, rel.target))
            if rel.type == "HAS_CODE":
                self._code.append((rel.target, safe_url(other.get("url"))))
        if not outgoing and node.label != "Paper" and other.label == "Paper":
            evidence = [(ev.sentence, ev.surface) for ev in rel.evidence if ev.sentence or ev.surface]
            self._mentions.add((display_name(other), rel.source, rel.type, evidence[:3]))
        if node.label != "Paper" and other.label == "Paper":
            return  # listed, with evidence, under mentions
        other_id, arrow = (rel.target, "\u2192") if rel.source == node.id else (rel.source, "\u2190")
        self._connections.add((f"{arrow} {rel.type}", other_id, short_label(display_name(other), 80)))

    def state(self) -> dict[str, Any]:
        """What the record is made of, as JSON data: :meth:`restore` carries on from it.

        The lists keep only what the record shows, so the state of a hub is as
        small as its record; ``exports/html_store.py`` keeps it in the store and
        feeds an ``--update``'s new relations to the restored panel. Each listed
        mention is there as its JSON text (the fourth item).
        """
        self._mention_records()
        return {"mentions": [self._mentions.count, self._mentions.first()],
                "connections": [self._connections.count, self._connections.first()],
                "spans": self._spans, "code": self._code}

    @classmethod
    def restore(cls, node: Node, state: Mapping[str, Any], *, degree: int, shown: Container[str]) -> NodeDetails:
        """The panel :meth:`state` came from, for *node* as it is now (adding relations carries on from there)."""
        details = cls(node, degree=degree, shown=shown)
        details._mentions.count, details._mentions.items = state["mentions"][0], list(state["mentions"][1])
        details._connections.count, details._connections.items = state["connections"][0], list(state["connections"][1])
        details._spans, details._code = list(state["spans"]), list(state["code"])
        return details

    def record(self) -> dict[str, Any]:
        """The record (plain data, rendered as text by the page)."""
        node = self.node
        label = node.label
        out: dict[str, Any] = {"id": node.id, "type": label, "name": display_name(node),
                               "degree": self.degree, "links": _links(node.properties)}
        aliases = [str(a) for a in node.get("aliases", ()) if str(a) != out["name"]]
        if aliases:
            out["aliases"] = aliases[:30]
        if label == "Paper":
            self._paper_details(out)
        else:
            out["mention_count"] = self._mentions.count
            out["mentions"] = self._mention_records()
        if label == "Result":
            out["facts"] = [[k, str(node.get(k))] for k in ("value", "unit", "raw", "metric", "dataset", "method")
                            if node.get(k) not in (None, "")]
        out["connection_count"] = self._connections.count
        out["connections"] = [[*c, "1" if c[1] in self.shown else ""] for c in self._connections.first()]
        return out

    def _mention_records(self) -> Encoded:
        """The listed mentions as one JSON list, each encoded once: a panel carried on by an update keeps their text."""
        items = self._mentions.first()
        for i, (title, paper, rel, evidence) in enumerate(items):
            if not isinstance(evidence, str):
                items[i] = (title, paper, rel, safe_json({
                    "paper": paper, "title": title, "relation": rel,
                    "sentences": [_sentence_segments(sentence or surface or "", surface or "")
                                  for sentence, surface in evidence]}))
        return Encoded("[" + ",".join(item[3] for item in items) + "]")

    def _paper_details(self, out: dict[str, Any]) -> None:
        node = self.node
        title, abstract = str(node.get("title") or ""), str(node.get("abstract") or "")
        cut = len(title) + 1
        spans = self._spans
        out["title_segments"] = text_segments(title, [s for s in spans if s[0] < len(title)])
        out["abstract_segments"] = text_segments(
            abstract, [(s - cut, e - cut, label, t) for s, e, label, t in spans if e > cut])
        out["evidence_count"] = len(spans)
        for key in ("year", "date", "source"):
            if node.get(key):
                out[key] = str(node.get(key))
        if node.get("authors"):
            out["authors"] = [str(a) for a in node.get("authors")][:20]
        out["links"].extend(["code", url] for _target, url in sorted(self._code) if url)


def node_details(kg: KnowledgeGraph, node_id: str, *, degree: int, shown: set[str]) -> dict[str, Any]:
    """The side-panel record of one node (plain data, rendered as text by the page).

    *kg* is the whole graph; *shown* the ids drawn on the page (connections to
    other nodes are listed but not clickable).
    """
    details = NodeDetails(kg.node(node_id), degree=degree, shown=shown)
    for rel in kg.relations(source=node_id):
        details.add(rel, kg.node(rel.target), outgoing=True)
    for rel in kg.relations(target=node_id):
        details.add(rel, kg.node(rel.source), outgoing=False)
    return details.record()
