"""Abbreviation definitions ("word error rate (WER)") by the Schwartz–Hearst algorithm.

Interface (shared by every extractor)
-------------------------------------
After the ``abbreviations`` component has run, ``doc._.abbreviations`` is a
list of pairs of character spans into ``doc.text``::

    [((short_start, short_end), (long_start, long_end)), ...]

one per definition, in text order. Plain integers keep the attribute
serialisable across ``nlp.pipe(n_process=...)`` workers. Helpers:

- :func:`abbreviation_pairs` turns them into :class:`Abbreviation` records of
  two :class:`~spacy.tokens.Span` (``short``, ``long``);
- :func:`long_forms` maps each short form's text to its long form's text,
  so that a later mention of "WER" can be resolved to "word error rate".

Both the pattern "long form (SHORT)" and "SHORT (long form)" are found.
A short form has 2-10 characters, at most two words, starts with a letter or
digit and contains an upper-case letter; its long form is the shortest run of
words before the parenthesis whose letters contain the short form's
characters in order, the first one at the start of a word (Schwartz & Hearst,
PSB 2003).

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("abbreviations")
>>> doc = nlp("We report the word error rate (WER) and Frechet Inception Distance (FID).")
>>> long_forms(doc)
{'WER': 'word error rate', 'FID': 'Frechet Inception Distance'}
>>> find_long_form("SOTA", "prior state-of-the-art")
'state-of-the-art'
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.language import Language
from spacy.attrs import ORTH
from spacy.tokens import Doc, Span

from extractors.component import Component
from extractors.text import doc_text, sentence_bounds

__all__ = ["Abbreviation", "find_long_form", "abbreviation_pairs", "long_forms", "token_positions",
           "AbbreviationDetector", "make_abbreviations"]

_MAX_INNER_TOKENS = 6


class Abbreviation(NamedTuple):
    """One definition: the short form and its long form, as spans of the same doc."""

    short: Span
    long: Span


def _is_short_form(text: str) -> bool:
    words = text.split()
    return (2 <= len(text) <= 10 and 1 <= len(words) <= 2 and text[0].isalnum()
            and any(c.isupper() for c in text) and any(c.isalpha() for c in text))


def find_long_form(short: str, candidate: str) -> str | None:
    """The Schwartz–Hearst long form of *short* at the end of *candidate*, or None.

    Characters of *short* are matched right to left inside *candidate*; the
    first character of *short* must start a word.

    >>> find_long_form("WER", "we measure the word error rate")
    'word error rate'
    >>> find_long_form("HMM", "a model") is None
    True
    """
    s_chars = [c.lower() for c in short if c.isalnum()]
    if not s_chars:
        return None
    l_text = candidate.lower()
    s_idx, l_idx = len(s_chars) - 1, len(l_text) - 1
    while s_idx >= 0:
        c = s_chars[s_idx]
        while l_idx >= 0 and (l_text[l_idx] != c or (s_idx == 0 and l_idx > 0 and l_text[l_idx - 1].isalnum())):
            l_idx -= 1
        if l_idx < 0:
            return None
        l_idx -= 1
        s_idx -= 1
    start = l_text.rfind(" ", 0, l_idx + 1) + 1
    long = candidate[start:].strip()
    if len(long) <= len(short) or long.lower() == short.lower() or long.lower().startswith(short.lower() + " "):
        return None
    return long


class AbbreviationDetector(Component):
    """Fills ``doc._.abbreviations`` (see the module docstring)."""

    def __init__(self, name: str = "abbreviations") -> None:
        super().__init__(name)
        if not Doc.has_extension("abbreviations"):
            Doc.set_extension("abbreviations", default=None)

    @staticmethod
    def _window(doc: Doc, open_i: int, n_short: int) -> Span | None:
        """Words before the parenthesis at *open_i* within its sentence (Schwartz–Hearst window)."""
        max_words = min(n_short + 5, n_short * 2)
        sent_start = sentence_bounds(doc, open_i)[0]
        start, words = open_i, 0
        while start > sent_start and words < max_words:
            tok = doc[start - 1]
            if tok.is_punct and tok.text not in {"-", "/", "'"}:
                break
            start -= 1
            words += 0 if tok.is_punct else 1
        return doc[start:open_i] if start < open_i else None

    def _pair(self, doc: Doc, open_i: int, close_i: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
        inner = doc[open_i + 1:close_i]
        inner_text = inner.text
        for sep in (";", ","):  # "(WER; see below)" -> "WER"
            inner_text = inner_text.split(sep)[0].strip()
        if _is_short_form(inner_text):
            window = self._window(doc, open_i, len(inner_text))
            if window is None:
                return None
            long = find_long_form(inner_text, window.text)
            if long is None:
                return None
            l_end = window.end_char
            short_start = inner.start_char
            return (short_start, short_start + len(inner_text)), (l_end - len(long), l_end)
        # reverse: "WER (word error rate)"
        prev = doc[open_i - 1] if open_i > 0 else None
        if prev is not None and _is_short_form(prev.text) and len(inner) > 1:
            long = find_long_form(prev.text, inner.text)
            if long is not None and long == inner.text:
                return (prev.idx, prev.idx + len(prev.text)), (inner.start_char, inner.end_char)
        return None

    def __call__(self, doc: Doc) -> Doc:
        found: list[tuple[tuple[int, int], tuple[int, int]]] = []
        n = len(doc)
        for i, tok in enumerate(doc):
            if tok.text != "(" or i == 0:
                continue
            close = next((j for j in range(i + 1, min(n, i + 2 + _MAX_INNER_TOKENS)) if doc[j].text == ")"), None)
            if close is None or close == i + 1:
                continue
            pair = self._pair(doc, i, close)
            if pair is not None:
                found.append(pair)
        doc._.abbreviations = found
        return doc


def abbreviation_pairs(doc: Doc) -> list[Abbreviation]:
    """``doc._.abbreviations`` as :class:`Abbreviation` span pairs."""
    out = []
    for (ss, se), (ls, le) in (doc._.abbreviations if Doc.has_extension("abbreviations") else None) or []:
        short = doc.char_span(ss, se, alignment_mode="expand")
        long = doc.char_span(ls, le, alignment_mode="expand")
        if short is not None and long is not None:
            out.append(Abbreviation(short, long))
    return out


def token_positions(doc: Doc) -> dict[int, list[int]]:
    """ORTH id (``token.orth``, ``doc.vocab.strings[text]``) -> the indices of the tokens with it, in order.

    One pass over *doc*, so finding every use of each short form costs the
    uses, not tokens x definitions (quadratic in a long abstract).
    """
    out: dict[int, list[int]] = {}
    for i, orth in enumerate(doc.to_array(ORTH).tolist()):
        out.setdefault(orth, []).append(i)
    return out


def long_forms(doc: Doc) -> dict[str, str]:
    """Short form text -> long form text, for every definition in *doc* (first one wins)."""
    out: dict[str, str] = {}
    pairs = (doc._.abbreviations if Doc.has_extension("abbreviations") else None) or []
    text = doc_text(doc) if pairs else ""
    for (ss, se), (ls, le) in pairs:
        out.setdefault(text[ss:se], text[ls:le])
    return out


@Language.factory("abbreviations", assigns=["doc._.abbreviations"], requires=["token.text", "token.is_sent_start"])
def make_abbreviations(nlp: Language, name: str) -> AbbreviationDetector:
    """spaCy factory for :class:`AbbreviationDetector`."""
    return AbbreviationDetector(name)
