"""Lexical cues around method names, shared by the ``methods`` component.

Token shapes and small token-window tests over the cue words of
:class:`~extractors.cues.Cues`: what makes a token look like a coined name,
what follows a dataset ("X, a large-scale benchmark"), an evaluation list
("experiments on GTA5 and SYNTHIA") or a parenthesised alias ("(FamO2O)").

>>> import spacy
>>> from extractors.cues import load_cues
>>> doc = spacy.blank("en")("We introduce MegaScenes, a large-scale dataset of scenes.")
>>> released(doc, 3, load_cues()), parenthesised_name(spacy.blank("en")("RL (FamO2O) is"), 1).text
(True, 'FamO2O')
"""

from __future__ import annotations

import re
from typing import Any, Callable

from spacy.attrs import IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, IS_TITLE, LIKE_NUM
from spacy.lexeme import Lexeme
from spacy.tokens import Doc, Span

from extractors.cues import Cues
from extractors.text import sentence_bounds, span_text

__all__ = ["NAMEY_TOKEN", "NAMEY", "VERSION", "LATEX", "PARTICIPLE", "HYPHENS", "NOT_A_NAME", "EMPHASIS",
           "dataset_noun_near", "joined_end", "language_pair", "learning_setting", "sent_start", "skip_parenthesis",
           "evaluated_on", "holds_dataset", "listed_before", "modified_head",
           "parenthesised_name", "released", "proposed_here", "in_proposal_list", "in_part_list",
           "KIND_NAME", "KIND_HYPHEN", "KIND_NAMEY", "KIND_PUNCT", "KIND_SPACE", "token_kind", "CandidateFlag"]

NAMEY_TOKEN = r"[a-z][A-Z]|[A-Z].*[A-Z]|^[A-Z].*\d|\d.*[A-Z]"
NAMEY = re.compile(NAMEY_TOKEN)
VERSION = re.compile(r"^(?:v?\d+(?:\.\d+)*[a-z]?|\d+(?:\.\d+)?[BMK]|XXL|XL)$")
LATEX = re.compile(r"\\[A-Za-z]+|[{}$^]")
PARTICIPLE = re.compile(r"(?:ed|ing|based|like|style|free|aware|wise)$")
HYPHENS = {"-", "‐"}
#: Not a name: sizes ("7B") and their ranges ("1B-27B"), multiples and their ranges ("5-2500X"), URLs, settings ("K=3"),
#: years ("SemEval-2024"), glued brackets ("GAN)-based", "3)Moreover"), LaTeX spacing ("Band~14", "1\\,Mbps"),
#: number formats.
NOT_A_NAME = re.compile(r"^\d+(?:\.\d+)?[BMKT]\+?$|^\d+(?:\.\d+)?(?:[-–]\d+(?:\.\d+)?)?[xX×]$"
                        r"|^\d+(?:\.\d+)?[BMKT]?[-–]\d+(?:\.\d+)?[BMKT]$|\)-?[A-Za-z]|[;~\\]"
                        r"|[/=(:@*{}$^_]|\+\w"
                        r"|[-\s](?:19|20)\d\d$|^(?:INT|FP|BF|UINT)\d+$|\.\.$|(?:Bench|QA|Eval|Data|Set|DB)\d*$")
#: Emphasised letters of an acronym definition, not a name: "BAlanced", "StudenT".
EMPHASIS = re.compile(r"^(?:[A-Z]{2,}[a-z]{4,}|[A-Z][a-z]{3,}[A-Z][a-z]?)$")


def sent_start(doc: Doc, i: int) -> int:
    """Start of the sentence holding token *i* (0 without sentence boundaries)."""
    return sentence_bounds(doc, i)[0]


def skip_parenthesis(doc: Doc, i: int) -> int:
    """The index after a parenthesised short form at *i* ("(NeRF)"), else *i*."""
    if i < len(doc) and doc[i].text == "(":
        close = next((t.i for t in doc[i + 1:min(len(doc), i + 6)] if t.text == ")"), None)
        return close + 1 if close is not None else i
    return i


def joined_end(doc: Doc, i: int, reach: int = 4) -> int:
    """The end of the word parts written onto token *i - 1* without a space ("Zero-1" + "-", "to-3"), else *i*.

    The tokenizer splits a hyphenated name at its digits ("Zero-1-to-3" -> "Zero-1", "-", "to-3"), so a
    candidate may stop inside a name the paper writes whole.
    """
    end = i
    while end < min(len(doc), i + reach) and end > 0 and not doc[end - 1].whitespace_ \
            and (doc[end].text in HYPHENS or not doc[end].is_punct):
        end += 1
    while end > i and doc[end - 1].text in HYPHENS:
        end -= 1
    return end


def evaluated_on(doc: Doc, span: Span, cues: Cues) -> bool:
    """True when the list holding *span* follows "experiments / trained / evaluated ... on".

    Or, unless *span* holds a dataset name found on its own ("OULU" in "OULU-NPU": the whole is the dataset's
    name, left to the dataset extractor), when *span* is a measure written after its value ("0.42% ACER",
    "+10.1 nAP"), or its list follows a value and "on" ("5.65% HTER on SiW-Mv2"), lower-case modifiers after
    "on" ("on the publicly available MIMIC-CXR") or a sentence-opening "On" ("On closed-loop Bench2Drive, ...").
    """
    i = span.start
    more = not holds_dataset(span)
    if more and i > 0 and (doc[i - 1].like_num or doc[i - 1].text == "%"):
        return True
    j = i - 1
    while j >= 0 and (doc[j].text in {",", "and", "or", "&", "-"} or NAMEY.search(doc[j].text) or doc[j].like_num):
        j -= 1
    k = j
    while more and k > max(0, j - 3) and (doc[k].is_lower or doc[k].text in HYPHENS) and doc[k].lower_ != "on":
        k -= 1
    j = k if k >= 0 and doc[k].lower_ == "on" else j
    if j < 1 or doc[j].lower_ not in _ON:
        return False
    first, more = sent_start(doc, j), more and doc[j].lower_ == "on"  # not "distilled from 107K ... X"
    if more and j == first and doc[j].text == "On":
        return all(t.text != "," for t in doc[j:i])
    return any(t.lower_ in cues.evaluation_words or (more and (t.like_num or t.text == "%"))
               for t in doc[max(first if more else 0, j - 3):j])


def holds_dataset(span: Span) -> bool:
    """Whether a dataset span lies inside *span* (``doc._.kg_datasets``; none in a doc without the extension)."""
    datasets = span.doc._.kg_datasets if span.doc.has_extension("kg_datasets") else []
    return any(span.start <= d.start and d.end <= span.end for d in datasets)


_ON = frozenset({"on", "from", "onto"})


def modified_head(doc: Doc, i: int, cues: Cues, reach: int = 5) -> int | None:
    """The index of the head noun a name modifies when lower-case words and hyphens lead from *i* to one
    ("NeRF framework", "GPT self-supervision annotation method", "TS algorithm"), else None."""
    for j in range(i, min(len(doc), i + reach)):
        if doc[j].lower_ in cues.modified_heads:
            return j
        if not (doc[j].is_lower and doc[j].is_alpha) and doc[j].text not in HYPHENS:
            return None
    return None


def listed_before(doc: Doc, i: int, cues: frozenset[str]) -> bool:
    """True when the list that continues at *i* ends in one of *cues* ("A, B and C datasets")."""
    for tok in doc[i:min(len(doc), i + 14)]:
        if tok.lower_ in cues:
            return True
        if not (tok.text in {",", "-", "and", "or", "&"} or tok.like_num or NAMEY.search(tok.text)):
            return False
    return False


def parenthesised_name(doc: Doc, i: int) -> Span | None:
    """A coined name in parentheses at *i* ("(FamO2O)", "(DNA-GPT)"), after an optional closing quote, or None."""
    if i < len(doc) and doc[i].text in {'"', "”", "'"}:
        i += 1
    if i + 2 >= len(doc) or doc[i].text != "(":
        return None
    close = next((t.i for t in doc[i + 1:min(len(doc), i + 7)] if t.text == ")"), None)
    if close is None or close == i + 1 or any(t.whitespace_ for t in doc[i + 1:close - 1]):
        return None
    inner = doc[i + 1:close]
    return inner if NAMEY.search(span_text(inner)) else None


def proposed_here(doc: Doc, short: Span, cues: Cues) -> bool:
    """ "(SVD-KG) proposed in this paper", "(FB) introduced here"."""
    i = skip_parenthesis(doc, short.start - 1) if short.start > 0 and doc[short.start - 1].text == "(" else short.end
    i = i + 1 if i < len(doc) and doc[i].text == ")" else i
    return i + 1 < len(doc) and doc[i].lower_ in cues.passive_proposed and doc[i + 1].lower_ in {"in", "here"}


def in_proposal_list(doc: Doc, first: int, start: int, cues: Cues, reach: int = 30) -> bool:
    """Whether token *start* is in the same sentence as a proposal cue whose window opens at *first*, within
    *reach* tokens, with nothing between them that starts a clause of other things ("which", "using")."""
    if not first <= start < first + reach or sent_start(doc, start) != sent_start(doc, first):
        return False
    return not any(t.lower_ in cues.proposal_list_stops for t in doc[first:start])


def in_part_list(doc: Doc, first: int, i: int, cues: Cues) -> bool:
    """Whether token *i* follows, in the sentence starting at *first*, a count and a plural part noun that open a
    list ("two stages: (1) ...", "three key components, ...", "two approaches: A, which ..., and B").

    >>> import spacy
    >>> from extractors.cues import load_cues
    >>> doc = spacy.blank("en")("It has two key stages: Foo Bar Learning and Baz Qux.")
    >>> in_part_list(doc, 0, 5, load_cues()), in_part_list(doc, 0, 1, load_cues())
    (True, False)
    """
    for j in range(first, i):
        if doc[j].lower_ in cues.part_counts:
            k = next((k for k in range(j + 1, min(i, j + 4)) if doc[k].lower_ in cues.part_nouns), None)
            if k is not None and k + 1 < len(doc) and (doc[k + 1].text in {":", ","}
                                                     or doc[k + 1].lower_ in {"including", "namely"}):
                return True
    return False


def learning_setting(span: Span, cues: Cues) -> bool:
    """Whether *span* names a learning setting, a task by the guidelines, not a method: "... learning" with a
    setting word before it ("Transductive Few-Shot Learning", "few-shot class incremental learning")."""
    words = span_text(span).lower().replace("-", " ").split()
    return len(words) >= 2 and words[-1] == "learning" and any(
        w in cues.setting_words or f"{w} {n}" in cues.setting_words for w, n in zip(words, words[1:] + [""]))


def dataset_noun_near(doc: Doc, span: Span, cues: Cues, reach: int = 3) -> bool:
    """Whether a dataset noun names *span* as a dataset: right before it ("the dataset RVL-CDIP", 'the dataset "X"'),
    before a list that holds it ("two benchmarks, RWKU and ToFU"), or after it across at most *reach* lower-case
    words ("the bAbI textual question-answering dataset").

    >>> import spacy
    >>> from extractors.cues import load_cues
    >>> doc = spacy.blank("en")("on the FooQA textual retrieval dataset with BarNet")
    >>> dataset_noun_near(doc, doc[2:3], load_cues()), dataset_noun_near(doc, doc[7:8], load_cues())
    (True, False)
    """
    i = span.start - 1
    while i >= 0 and doc[i].text in {'"', "“", "'", "‘"}:
        i -= 1
    if i >= 0 and doc[i].lower_ in cues.dataset_nouns:
        return True
    if span.end < len(doc) and doc[span.end].text in {",", "and", "or", ")", ".", ";"} and not holds_dataset(span):
        j = span.start - 1  # "two benchmarks, RWKU and ToFU", "the datasets (DL19-22)", "benchmarks: A, B"
        while j > 0 and (doc[j].text in {",", "and", "or", "&", "-", ":", "("} or NAMEY.search(doc[j].text)
                         or doc[j].like_num):
            if doc[j].text in {",", ":", "("} and doc[j - 1].lower_ in _LISTING_NOUNS | cues.dataset_nouns:
                return True
            j -= 1
    for tok in doc[span.end:min(len(doc), span.end + reach + 1)]:
        if tok.lower_ in cues.dataset_nouns:
            return True
        if not ((tok.is_lower and tok.is_alpha) or tok.text in HYPHENS):
            return False
    return False


#: Nouns a list of datasets follows after a comma, colon or parenthesis ("two benchmarks, RWKU and ToFU").
_LISTING_NOUNS = frozenset({"benchmark", "benchmarks"})

_PAIR_JOINS = re.compile(r"\s*(?:[-‐–—→/]|->|to)\s*")


def language_pair(text: str, cues: Cues) -> bool:
    """Whether *text* names a pair of languages, a translation direction ("English-German", "English→Russian").

    >>> from extractors.cues import load_cues
    >>> language_pair("English→German", load_cues()), language_pair("English-BERT", load_cues())
    (True, False)
    """
    parts = _PAIR_JOINS.split(text)
    return len(parts) >= 2 and all(p in cues.language_names for p in parts)


def released(doc: Doc, i: int, cues: Cues) -> bool:
    """True when an apposition after *i* calls the name a dataset / benchmark ("X, a large-scale dataset")."""
    i = skip_parenthesis(doc, i)
    if i + 1 >= len(doc) or doc[i].text not in {",", "-", "--", "—", "–", ":"}:
        return False
    for tok in doc[i + 1:min(len(doc), i + 8)]:
        if tok.lower_ in cues.released_heads and not _modifies_next(doc, tok.i, cues):
            return True
        if tok.text in {".", ";", "(", ","} or tok.lower_ in cues.release_stops:
            return False
    return False


def _modifies_next(doc: Doc, i: int, cues: Cues) -> bool:
    """Whether the noun at *i* modifies a next word rather than heads its phrase ("Dataset Construction")."""
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return nxt is not None and nxt.is_alpha and not (nxt.lower_ in cues.release_stops or nxt.lower_ in cues.link_words
                                                     or nxt.lower_ in cues.clause_words)


#: Kind bits of a token text (:func:`token_kind`): a coinage candidate ("PLS", "JoJoGAN", "T5"); a hyphen;
#: matches ``NAMEY``; punctuation; white space.
KIND_NAME, KIND_HYPHEN, KIND_NAMEY, KIND_PUNCT, KIND_SPACE = 1, 2, 4, 8, 16


def token_kind(lex: Lexeme) -> int:
    """The kind bits of a token text, from its lexeme.

    A coinage candidate is neither lower case, title case, punctuation, space nor a
    number, or title case with a digit or symbol, and matches ``NAMEY``.

    >>> import spacy
    >>> vocab = spacy.blank("en").vocab
    >>> [token_kind(vocab[w]) for w in ("JoJoGAN", "T5", "-", "TEN", "model", ",")]
    [5, 5, 10, 4, 0, 8]
    """
    bits = (KIND_PUNCT if lex.is_punct else 0) | (KIND_SPACE if lex.is_space else 0)
    if lex.orth_ in HYPHENS:
        return bits | KIND_HYPHEN
    if not NAMEY.search(lex.orth_):
        return bits
    if lex.is_punct or lex.like_num:
        return bits | KIND_NAMEY  # "TEN": name-like letters, but a number
    flagged = (not lex.is_lower and not lex.is_title and not lex.is_space) or (lex.is_title and not lex.is_alpha)
    return bits | KIND_NAMEY | (KIND_NAME if flagged else 0)


class CandidateFlag:
    """Lexeme flag getter (``Vocab.add_flag``): whether :func:`token_kind` has ``KIND_NAME`` or ``KIND_HYPHEN``.

    It reads the vocab's own lexical attribute getters, so it agrees with the lexemes' flags;
    ``Doc.to_array`` then reads it for a whole doc in C.
    """

    def __init__(self, getters: dict[int, Callable[[str], Any]]) -> None:
        self.getters = getters

    def __call__(self, text: str) -> bool:
        get = self.getters
        if text in HYPHENS:
            return True
        if not NAMEY.search(text) or get[IS_PUNCT](text) or get[LIKE_NUM](text):
            return False
        return bool((not get[IS_LOWER](text) and not get[IS_TITLE](text) and not get[IS_SPACE](text))
                    or (get[IS_TITLE](text) and not get[IS_ALPHA](text)))
