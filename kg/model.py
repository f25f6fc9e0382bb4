"""The paperkg data model: records that flow from readers to the graph.

Per-paper work produces a :class:`PaperFragment` (a paper, its entity
mentions with evidence, its numeric results). Fragments are plain, picklable
values so they can be made in worker processes and merged anywhere.

Ids are stable functions of the input (see ``DESIGN.md``):

>>> paper_id(title="Attention Is All You Need")
'title:37f63852cdfb0690'
>>> paper_id(title="x", arxiv_id="arXiv:1706.03762v7")
'arxiv:1706.03762'
>>> entity_id("dataset", "MS COCO")
'dataset:ms-coco'
>>> repository_id("github.com", "Sense-X", "Co-DETR")
'repo:github.com/sense-x/co-detr'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from kg.names import hash16, slugify

__all__ = [
    "ENTITY_KINDS",
    "NODE_LABELS",
    "RELATIONS",
    "Paper",
    "Evidence",
    "Mention",
    "ResultRecord",
    "PaperFragment",
    "normalise_title",
    "paper_id",
    "entity_id",
    "repository_id",
    "author_id",
    "result_id",
    "label_of",
]

#: Entity kinds that extractors produce, mapped to their node label.
ENTITY_KINDS: dict[str, str] = {
    "method": "Method",
    "dataset": "Dataset",
    "metric": "Metric",
    "task": "Task",
    "repository": "Repository",
    "author": "Author",
}

NODE_LABELS = ("Paper", "Method", "Dataset", "Metric", "Task", "Repository", "Author", "Result")

#: Paper -> entity relationship for each kind (methods depend on their role).
RELATIONS: dict[str, str] = {
    "method:proposed": "PROPOSES",
    "method:used": "USES",
    "dataset": "EVALUATES_ON",
    "metric": "MEASURES",
    "task": "ADDRESSES",
    "repository": "HAS_CODE",
    "author": "AUTHORED_BY",
    "result": "REPORTS",
}

_ARXIV_PREFIX = re.compile(r"^(?:arxiv:|https?://arxiv\.org/(?:abs|pdf)/)", re.I)
_ARXIV_VERSION = re.compile(r"v\d+$")
_DOI_PREFIX = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)", re.I)


def normalise_title(title: str) -> str:
    """Lower-case a title and collapse its white space (the basis of title ids)."""
    return " ".join(title.lower().split())


def paper_id(*, title: str, arxiv_id: str | None = None, doi: str | None = None) -> str:
    """The id of a paper: ``arxiv:<id>``, else ``doi:<doi>``, else ``title:<hash>``."""
    if arxiv_id:
        core = _ARXIV_VERSION.sub("", _ARXIV_PREFIX.sub("", arxiv_id.strip()))
        if core:
            return f"arxiv:{core}"
    if doi:
        core = _DOI_PREFIX.sub("", doi.strip()).lower()
        if core:
            return f"doi:{core}"
    return f"title:{hash16(normalise_title(title))}"


def entity_id(kind: str, name: str) -> str:
    """``<kind>:<slug of name>``, the id of an entity without a curated id."""
    return f"{kind}:{slugify(name)}"


def repository_id(host: str, owner: str, name: str) -> str:
    """``repo:<host>/<owner>/<name>``, lower case."""
    return f"repo:{host}/{owner}/{name}".lower()


def author_id(name: str) -> str:
    return f"author:{slugify(name)}"


def result_id(paper: str, metric: str, value: float, dataset: str | None, method: str | None) -> str:
    """A stable id for one reported number of one paper."""
    key = "|".join([paper, metric, repr(float(value)), dataset or "", method or ""])
    return f"result:{hash16(key)}"


def label_of(node_id: str) -> str:
    """The node label implied by an id prefix (``dataset:coco`` -> ``Dataset``)."""
    prefix = node_id.split(":", 1)[0]
    return {
        "arxiv": "Paper",
        "doi": "Paper",
        "title": "Paper",
        "repo": "Repository",
        "result": "Result",
    }.get(prefix) or ENTITY_KINDS.get(prefix, "Entity")


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper as read from an input record."""

    id: str
    title: str
    abstract: str
    source: str = ""  #: ``file:line`` the record came from
    record_id: str | None = None  #: the input record's own id, when it has one
    arxiv_id: str | None = None
    doi: str | None = None
    url: str | None = None
    date: str | None = None
    year: int | None = None
    authors: tuple[str, ...] = ()
    code_urls: tuple[str, ...] = ()  #: code links given as metadata (JSON ``github``)

    @property
    def text(self) -> str:
        """Title and abstract as one string; evidence offsets index into it."""
        return f"{self.title}\n{self.abstract}"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where and how a fact was found.

    ``start``/``end`` are character offsets into :attr:`Paper.text`; they are
    ``None`` for facts that come from record metadata rather than text.
    """

    surface: str
    start: int | None
    end: int | None
    sentence: str
    extractor: str
    confidence: float = 1.0

    def sort_key(self) -> tuple:
        """Evidence is ordered and deduplicated by offsets (metadata, without offsets, first), extractor, surface."""
        return (-1 if self.start is None else self.start, -1 if self.end is None else self.end,
                self.extractor, self.surface)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of graph.json (keys in field order)."""
        return {"surface": self.surface, "start": self.start, "end": self.end, "sentence": self.sentence,
                "extractor": self.extractor, "confidence": self.confidence}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Evidence:
        """Read :meth:`to_dict`'s form back (missing keys take their defaults)."""
        return cls(str(data.get("surface", "")), data.get("start"), data.get("end"), str(data.get("sentence", "")),
                   str(data.get("extractor", "")), float(data.get("confidence", 1.0)))


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of an entity in a paper."""

    kind: str  #: one of ENTITY_KINDS
    entity_id: str
    name: str  #: canonical name
    evidence: Evidence
    role: Literal["proposed", "used"] | None = None  #: methods only
    props: tuple[tuple[str, object], ...] = ()  #: extra node properties (url, host, ...)


@dataclass(frozen=True, slots=True)
class ResultRecord:
    """An absolute number a paper reports for a metric."""

    metric: str
    metric_id: str
    value: float
    raw: str
    evidence: Evidence
    unit: str | None = None
    dataset: str | None = None
    dataset_id: str | None = None
    method: str | None = None
    method_id: str | None = None


@dataclass(slots=True)
class PaperFragment:
    """Everything one paper contributes to the graph."""

    paper: Paper
    mentions: list[Mention] = field(default_factory=list)
    results: list[ResultRecord] = field(default_factory=list)

    def resolved_mentions(self) -> list[Mention]:
        """The mentions, with one role per method: a method the paper proposes anywhere is proposed everywhere.

        >>> ev = Evidence("X", 0, 1, "X.", "methods")
        >>> frag = PaperFragment(Paper("title:1", "X", "X."), [Mention("method", "method:x", "X", ev, "used"),
        ...                                                    Mention("method", "method:x", "X", ev, "proposed")])
        >>> [m.role for m in frag.resolved_mentions()]
        ['proposed', 'proposed']
        """
        proposed = {m.entity_id for m in self.mentions if m.kind == "method" and m.role == "proposed"}
        return [replace(m, role="proposed") if m.kind == "method" and m.entity_id in proposed and m.role != "proposed"
                else m for m in self.mentions]
