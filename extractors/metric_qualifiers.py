"""Qualified measures with a value: a curated measure keeps the words that qualify it where the text reports a
value for that very phrase.

The guidelines name an entity by the most specific wording in the text. Between a value and its measure there is
room for nothing but the measure's name, so lower-case words there qualify it ("98.4% image-level AUROC", "75.18%
average accuracy"); so do the words in front of a measure whose value follows ("a calibrated F1 of 0.86",
"calibrated F1 improved from 0.77 to 0.86"), and an averaging word after it ("an F1 macro of 0.83"). The mention
keeps the qualified surface; the entity stays the curated measure, so a bare name in the gold matches as before.

Not qualifiers: grading, function and outcome words (the cue lists ``not_metric_modifiers`` except the averaging
words of ``score_metric_modifiers``, ``kept_quality_verbs``, ``change_verbs``, words starting with an evaluation
cue or achieve prefix) and comparatives or quantities (``not_metric_qualifiers``: "26% smaller model size"); nor a
longer hyphenated chain ("state-of-the-art"). A measure followed by a gain word ("2.1% relative accuracy gain")
has no value of its own.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> for pipe in ("token_fixes", "abstract_sentencizer", "abbreviations", "vocab_ruler"):
...     _ = nlp.add_pipe(pipe)
>>> doc = nlp("It reaches 98.4% image-level AUROC and an F1 macro of 0.83, with 5% higher recall.")
>>> [s.text for s in doc.spans["kg"] if s.label_ == "METRIC"]
['image-level AUROC', 'F1 macro', 'recall']
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span

from extractors.cues import Cues
from extractors.names import NUMBER
from extractors.numbers import NUMBER_TOKEN

__all__ = ["value_qualified"]

#: Words that may stand between a measure and the value reported for it ("F1 of 0.83", "AUROC = 0.9").
_LINKS = frozenset({"of", "=", ":", "(", "is", "was", "were", "at", "to", "from", "by", "up", "about", "around",
                    "approximately", "nearly", "over", "only", "just", "reaches", "reached", "achieves", "achieved",
                    "attains", "attained", "averages", "averaged", "stands", "stood"})
#: Words before a qualifier that a value after the measure needs: the qualified phrase starts a noun phrase.
_DETERMINERS = frozenset({"a", "an", "the", "its", "their", "our", "his", "her", "this", "that", "these", "those"})


def _is_value(doc: Doc, i: int) -> bool:
    """Whether token *i* is a reported value: "0.83", "98.4%", "98.4\\%", or a "%" / "percent" after a number."""
    if not 0 <= i < len(doc):
        return False
    text = doc[i].text
    if text in {"%", "percent"}:
        return i > 0 and bool(NUMBER.match(doc[i - 1].text) or NUMBER_TOKEN.match(doc[i - 1].text))
    return bool(NUMBER.match(text) or NUMBER_TOKEN.match(text)) and any(c.isdigit() for c in text)


def _value_after(doc: Doc, end: int, cues: Cues) -> bool:
    """Whether a value follows token *end*, across at most three link words or verbs of change."""
    links = _LINKS | cues.change_verbs
    for j in range(end, min(end + 4, len(doc))):
        if _is_value(doc, j):
            after = doc[j + 1].lower_ if j + 1 < len(doc) else ""
            return after not in cues.units_not_scores
        if doc[j].lower_ not in links:
            return False
    return False


def _word_start(doc: Doc, i: int) -> int | None:
    """Start of the one word ending at token *i*: the token, or a hyphenated compound the tokenizer split
    ("image - level"); None for a longer chain ("state - of - the - art")."""
    if i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_ \
            and doc[i - 2].text.isalnum():
        if i >= 4 and doc[i - 3].text == "-" and not doc[i - 3].whitespace_:
            return None
        return i - 2
    return i


@lru_cache(maxsize=8)
def _stops(cues: Cues) -> tuple[frozenset[str], tuple[str, ...]]:
    """The words and the prefixes that never qualify a measure, made once per cue set."""
    words = (cues.not_metric_modifiers - cues.score_metric_modifiers) | cues.kept_quality_verbs | cues.change_verbs \
        | cues.not_metric_qualifiers | cues.not_metric_before
    return words, tuple(cues.evaluation_cue_prefixes | cues.achieve_prefixes)


def _qualifies(doc: Doc, start: int, end: int, cues: Cues) -> bool:
    """Whether tokens *start* .. *end* are one word that may qualify a measure."""
    stops, prefixes = _stops(cues)
    for tok in doc[start:end]:
        if tok.text == "-":
            continue
        word = tok.lower_
        if not (tok.is_alpha and tok.is_lower or tok.like_num and start < end - 1) or word in stops \
                or tok.is_stop or word.startswith(prefixes):
            return False
    return True


def value_qualified(doc: Doc, span: Span, taken: set[int], cues: Cues) -> tuple[int, int]:
    """(start, end) of the measure *span* widened over the words that qualify the value reported for it (see the
    module docstring); the span's own bounds when there are none. *taken*: tokens other spans hold."""
    end = span.end
    if end < len(doc) and end not in taken and doc[end].lower_ in cues.score_metric_modifiers \
            and _value_after(doc, end + 1, cues):
        end += 1  # "an F1 macro of 0.83"
    if end < len(doc) and doc[end].lower_ in cues.gain_after_metric | cues.gain_words:
        return span.start, end  # "2.1% relative accuracy gain": the value is a gain
    words: list[int] = []  # starts of the qualifying words, nearest first
    i = span.start - 1
    while i >= 0 and len(words) < 2:
        start = _word_start(doc, i)
        if start is None or any(k in taken for k in range(start, i + 1)) or not _qualifies(doc, start, i + 1, cues):
            break
        words.append(start)
        i = start - 1
    for start in reversed(words):  # the longest qualified phrase a value is reported for
        if _is_value(doc, start - 1):
            return start, end  # "98.4% image-level AUROC"
        before = doc[start - 1] if start else None
        if _value_after(doc, end, cues) and (before is None or doc[start].is_sent_start
                                             or before.lower_ in _DETERMINERS or before.is_punct):
            return start, end  # "a calibrated F1 of 0.86"
    return span.start, end
