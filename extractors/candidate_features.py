"""What the trained rankers' features share, whatever the kind of candidate (tasks, metrics).

A :class:`CandidateGroup` holds the candidates naming one entity in one abstract; a :class:`Sentences` index
places a token in its sentence; :func:`mention_words` gives the features every mention has: its reason, head
and first word, length, the words around it and where it stands (title, which sentence, the last one).
:mod:`extractors.task_features` and :mod:`extractors.metric_features` add their kind's own.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> nlp.add_pipe("abstract_sentencizer")  # doctest: +ELLIPSIS
<...>
>>> doc = nlp("A Title\\nWe study image captioning. It is hard.")
>>> sorted(mention_words(Sentences(doc, 3), doc[5:7], "cued"))  # doctest: +NORMALIZE_WHITESPACE
['first=image', 'head=captioning', 'next=.', 'nw=2', 'prev1=study', 'prev2=we', 'sent=0', 'src=cued']
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

__all__ = ["OWN_WORDS", "CandidateGroup", "Sentences", "bucket", "mention_words", "word_feature"]

#: Words that make a sentence the paper's own ("we", "our").
OWN_WORDS = frozenset({"we", "our", "us", "ours"})


@dataclass
class CandidateGroup:
    """The candidates naming one entity in one abstract: its id, name, mentions and features."""

    kb: str
    name: str
    mentions: list[tuple[Span, str]] = field(default_factory=list)  #: (span, reason)
    features: set[str] = field(default_factory=set)

    @property
    def surfaces(self) -> list[str]:
        """The written forms of the mentions, in order and without repeats."""
        return list(dict.fromkeys(span.text for span, _ in self.mentions))


def bucket(n: int, edges: tuple[int, ...]) -> str:
    """The first of *edges* that *n* does not exceed, or "<last>+" ("2" for 2 in (1, 2, 3), "3+" for 7).

    >>> bucket(2, (1, 2, 3)), bucket(7, (1, 2, 3))
    ('2', '3+')
    """
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f"{edges[-1]}+"


def word_feature(tok: Token) -> str:
    """A token as a feature value: lower case, numbers as ``NUM`` (words and punctuation as written)."""
    return tok.lower_ if tok.is_alpha or tok.is_punct else ("NUM" if tok.like_num else tok.lower_)


class Sentences:
    """The sentences of *doc* (one, when it has none set) and where its abstract starts (after *end_of_title*)."""

    def __init__(self, doc: Doc, end_of_title: int) -> None:
        self.doc, self.end_of_title = doc, end_of_title
        self.starts = [s.start for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
        self.first_abstract = bisect.bisect_left(self.starts, end_of_title) if end_of_title else 0

    def sentence(self, i: int) -> tuple[int, int, int]:
        """Index of the sentence holding token *i*, and its bounds."""
        k = bisect.bisect_right(self.starts, i) - 1
        end = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.doc)
        return k, self.starts[k], end


def mention_words(ctx: Sentences, span: Span, reason: str) -> set[str]:
    """The features of a mention that do not depend on its kind (see the module docstring)."""
    doc = ctx.doc
    words = [t.lower_ for t in span if t.text != "-"] or [span.text.lower()]
    out = {f"src={reason}", f"head={words[-1]}", f"first={words[0]}", f"nw={bucket(len(words), (1, 2, 3))}"}
    before = [word_feature(t) for t in doc[max(0, span.start - 2):span.start]]
    out.add(f"prev1={before[-1] if before else '<s>'}")
    if len(before) == 2:
        out.add(f"prev2={before[0]}")
    out.add(f"next={word_feature(doc[span.end]) if span.end < len(doc) else '</s>'}")
    if span.start < ctx.end_of_title:
        out.add("loc=title")
    else:
        k = ctx.sentence(span.start)[0]
        out.add(f"sent={bucket(k - ctx.first_abstract, (0, 1, 3))}")
        if k == len(ctx.starts) - 1:
            out.add("loc=last")
    return out
