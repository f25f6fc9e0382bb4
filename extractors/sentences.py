"""Sentence boundaries that survive scientific abstracts.

spaCy's rule-based ``sentencizer`` splits after every ``.``, which breaks
abstracts at "Smith et al. (2020)", "Fig. 3", "approx. 5" or "cf. Sec. 4".
This component decides each boundary from the tokens around a terminal
punctuation mark:

- a line break (the title / abstract separator) always ends a sentence;
- ``.``, ``!``, ``?`` end a sentence only when the next word starts with an
  upper-case letter, a digit, a quote or a bracket, and the word before the
  mark is not a known abbreviation ("Fig", "Eq", "al", "approx", "resp",
  "No", "Sec", "cf", ...);
- tokens that carry their own period ("e.g.", "i.e.", "vs.", "U.S.", URLs,
  decimals like "0.90") never end a sentence by themselves.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("abstract_sentencizer")
>>> doc = nlp("As shown by Li et al. (2020) in Fig. 3, e.g. BERT gets 0.90 F1. We use https://github.com/a/b. It works!")
>>> [s.text for s in doc.sents]
['As shown by Li et al. (2020) in Fig. 3, e.g. BERT gets 0.90 F1.', 'We use https://github.com/a/b.', 'It works!']
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from extractors.component import Component
from extractors.cues import DEFAULT_CUES_CONFIG, Cues

__all__ = ["AbstractSentencizer", "make_abstract_sentencizer"]

_TERMINALS = frozenset({".", "!", "?", "...", "…"})
_CLOSERS = frozenset({'"', "'", "”", "’", ")", "]"})
_OPENERS = frozenset({'"', "'", "“", "‘", "(", "["})


class AbstractSentencizer(Component):
    """Sets ``token.is_sent_start`` on every token (see the module docstring)."""

    def __init__(self, name: str, abbreviations: frozenset[str]) -> None:
        super().__init__(name)
        self.abbreviations = frozenset(a.lower() for a in abbreviations)

    def _starts_sentence(self, texts: list[str], spaces: list[str], i: int) -> bool:
        """Whether token *i* (> 0) opens a sentence, from the token texts and trailing white space."""
        text, prev = texts[i], texts[i - 1]
        if text.isspace():
            return False
        if "\n" in spaces[i - 1] or (prev.isspace() and "\n" in prev):
            return True
        # skip closing quotes / brackets glued to the terminal: 'end." Next'
        j = i - 1
        while j > 0 and texts[j] in _CLOSERS and not spaces[j - 1]:
            j -= 1
        term = texts[j]
        if term not in _TERMINALS and not (len(term) == 2 and term[0].isupper() and term[1] == "."):
            return False  # a lone capital with its period ("method X.") may end a sentence too
        first = text[0]
        if not (first.isupper() or first.isdigit() or first in _OPENERS):
            return False
        if term == "." and j > 0 and not spaces[j - 1] and texts[j - 1].lower().rstrip(".") in self.abbreviations:
            return False
        return True

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        texts = [t.text for t in doc]
        spaces = [t.whitespace_ for t in doc]
        starts = numpy.full((len(doc), 1), -1, dtype="int32")
        starts[0, 0] = 1
        for i in range(1, len(texts)):
            prev = texts[i - 1]
            if (prev in _TERMINALS or prev in _CLOSERS or "\n" in spaces[i - 1] or "\n" in prev
                    or (len(prev) == 2 and prev[1] == ".")) and self._starts_sentence(texts, spaces, i):
                starts[i, 0] = 1
        doc.from_array([SENT_START], starts.astype("uint64"))
        return doc


@Language.factory("abstract_sentencizer", assigns=["token.is_sent_start", "doc.sents"], requires=["token.text"],
                  default_config={"cues": DEFAULT_CUES_CONFIG})
def make_abstract_sentencizer(nlp: Language, name: str, cues: Cues) -> AbstractSentencizer:
    """spaCy factory for :class:`AbstractSentencizer`; the abbreviations are the cue list ``non_terminal_abbreviations``."""
    return AbstractSentencizer(name, cues.non_terminal_abbreviations)
