"""Where a paper names its own contribution: title coinages and proposal cues.

Used by the ``methods`` component (:mod:`extractors.methods`). Three cues:

- **title coinage**: the title starts with a short name followed by a colon
  or a spaced dash ("SePiCo: Semantic-Guided Pixel Contrast ...",
  "ChessVision -- A Dataset ..."). A name with an acronym, inner capital or
  digit counts at once; a plain title-case phrase ("Only Train Once: ...")
  only when the abstract writes it again. A gerund or question in front
  ("Revisiting X: ...") and a "dataset / benchmark / survey" after the colon
  disqualify it;
- **proposal verbs**: "we propose / introduce / present ... X", "this paper
  presents X": the first name after the verb in its clause;
- **naming**: "dubbed / called / named / termed X", and "X, a novel ...";
- **outcome subject**: a coined name the abstract reports an outcome for ("SCoRe achieves ...",
  "RAML outperforms ..."), outside sentences about prior work: :func:`outcome_subject`;
- **title lead**: when the abstract proposes nothing by the cues above, the name that leads a "... for ..."
  title (:func:`title_lead`);
- **bare technique**: a lower-case phrase right after a proposal cue, with no article of its own, that
  ends in a technique head ("we introduce facial identity loss", "a novel smoothed randomized response
  mechanism"): :func:`bare_technique`.

>>> import spacy
>>> from extractors.cues import load_cues
>>> nlp, cues = spacy.blank("en"), load_cues()
>>> doc = nlp("SePiCo: Semantic-Guided Pixel Contrast\\nWe propose SePiCo.")
>>> title_coinage(doc, cues).text
'SePiCo'
>>> title_coinage(nlp("Revisiting Plasticity: Data and Modules\\nText."), cues) is None
True
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from extractors.cues import Cues
from extractors.text import doc_text, sentence_bounds, span_text, title_end
from kg.names import key_singular, name_key

__all__ = ["ProposalCues", "abstract_key", "bare_technique", "in_abstract", "outcome_subject", "title_coinage",
           "title_lead", "title_released", "title_run", "title_phrases"]

_NAMEY = re.compile(r"[a-z][A-Z]|[A-Z].*[A-Z]|[A-Z].*\d|\d.*[A-Z]")
# a word part written onto the previous token: "to-3" in "Zero-1-to-3" (the tokenizer splits "Zero-1", "-", "to-3")
_JOINED_PART = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_TITLE_SEPARATORS = frozenset({":", "--", "—", "–", "-"})


@lru_cache(maxsize=8)
def _title_release(nouns: frozenset[str]) -> re.Pattern:
    """Text after a title's colon that releases something: "A Benchmark for ...", "a survey"."""
    words = "|".join(re.escape(n) for n in sorted(nouns, key=lambda n: (-len(n), n)))
    # the noun heads its phrase ("A Benchmark for ...", "... Dataset and Baselines"), it does not modify
    # the next one ("Efficient Million-Scale Dataset Construction for ...": a method)
    return re.compile(r"(?i)^\s*(?:an?|the)?\s*(?:[\w-]+\s+){0,3}" rf"(?:{words})\b"
                      r"(?!\s+(?!(?:for|of|on|with|to|and|in|from|that|via|at|as|by)\b)[a-z])")


def title_run(doc: Doc, start: int, end: int, max_words: int = 6) -> Span | None:
    """The run of capitalised words (and hyphen-joined parts) starting at *start*, or None."""
    i, words = start, 0
    while i < end:
        tok = doc[i]
        joined = i > start and not doc[i - 1].whitespace_
        words += 0 if joined else 1
        if words > max_words:
            break
        if tok.text in {"-", "‐"} and not tok.whitespace_ and i + 1 < end:
            i += 1
            continue
        if tok.is_title or tok.is_upper or _NAMEY.search(tok.text) or (joined and _JOINED_PART.fullmatch(tok.text)):
            i += 1
            continue
        if tok.like_num and i > start and doc[i - 1].whitespace_ and not tok.text.endswith("%"):
            i += 1  # "TÜLU 3"
            continue
        break
    while i > start and doc[i - 1].text in {"-", "‐"}:
        i -= 1
    return doc[start:i] if i > start else None


def _title_prefix(doc: Doc) -> tuple[Span, Span] | None:
    """The title's text before its first colon / spaced dash, and the text after it."""
    end = title_end(doc)
    sep = doc.user_data.get(("kg_methods", "title_separator"), -1)  # -1: not computed yet
    if sep == -1:
        sep = doc.user_data[("kg_methods", "title_separator")] = next(
            (t.i for t in doc[:end] if t.text in _TITLE_SEPARATORS
             and (t.text != "-" or (t.whitespace_ and t.i > 0 and doc[t.i - 1].whitespace_))), None)
    if sep is None or sep == 0:
        return None
    return doc[:sep], doc[sep + 1:end]


def title_released(doc: Doc, cues: Cues) -> Span | None:
    """The name a title gives a dataset / benchmark / survey ("FightLadder: A Benchmark for ..."), or None."""
    parts = _title_prefix(doc)
    if parts is None or not _title_release(cues.title_release_nouns).match(span_text(parts[1])):
        return None
    return parts[0]


def title_coinage(doc: Doc, cues: Cues) -> Span | None:
    """The name a title coins before its colon / dash, or None.

    A coinage with an acronym, inner capital or digit is taken at once; a
    plain capitalised phrase when the abstract writes it again or when its
    last word is a method head ("Italian Crossword Generator: ...").
    """
    parts = _title_prefix(doc)
    if parts is None:
        return None
    name, rest = parts
    words = [t for t in name if not t.is_punct and not (t.i > 0 and not doc[t.i - 1].whitespace_)]
    connectors = cues.title_connectors
    if len(words) > 5 or _title_release(cues.title_release_nouns).match(span_text(rest)) \
            or any(t.is_punct and t.text not in {"-", "‐", "+", "*"} for t in name):
        return None
    if not words or (words[0].is_title and words[0].lower_.endswith("ing")) or words[0].lower_ in connectors:
        return None
    if any(t.is_lower and t.lower_ not in connectors for t in words):
        return None
    if any(_NAMEY.search(t.text) for t in name) or name[-1].lower_ in cues.method_heads:
        return name
    key = name_key(span_text(name))
    return name if len(key) >= 4 and in_abstract(doc, key) else None


def abstract_key(doc: Doc) -> str:
    """:func:`~kg.names.name_key` of the abstract (computed once per doc)."""
    cached = doc.user_data.get(("kg_methods", "abstract_key"))
    if cached is None:
        start = title_end(doc)
        # the abstract's text, sliced from the doc's text (cached) rather than re-joined from its tokens
        text = doc_text(doc)[doc[start].idx:doc[-1].idx + len(doc[-1])] if start < len(doc) else ""
        cached = doc.user_data[("kg_methods", "abstract_key")] = name_key(text)
    return cached


def in_abstract(doc: Doc, key: str) -> bool:
    """Whether the abstract writes the name of :func:`~kg.names.name_key` *key*, or its singular ("Gated-Attention
    Readers" in the title, "Gated-Attention Reader" in the abstract: one name)."""
    text, singular = abstract_key(doc), key_singular(key)
    return key in text or (len(key) > 4 and singular is not None and singular in text)


class ProposalCues:
    """Token windows in which a paper names its own contribution.

    ``PROPOSE``: a proposal verb with "we" / "this paper" earlier in its
    sentence; ``NOVEL``: "a novel ..."; ``NAMING``: "dubbed", "called",
    "we call", "refer to ... as", "our method X", "the resulting model, X".
    """

    def __init__(self, nlp: Language, cues: Cues) -> None:
        # all cues are fixed word sequences: a PhraseMatcher on lower case is the fast way to find them
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        naming = sorted(cues.naming_words) + [f"we {v}" for v in ("call", "term", "name", "dub", "coin")]
        naming += [f"{o} {m}{h}" for o in ("our", "resulting") for m in ("", "proposed ", "new ")
                   for h in sorted(cues.own_heads)]
        for label, phrases in (("PROPOSE", sorted(cues.propose_verbs)), ("NOVEL", ["novel", "innovative"]),
                               ("NAMING", naming),
                               ("REFER", ["refer to", "refers to", "referred to"])):
            self.matcher.add(label, [nlp.make_doc(p) for p in phrases])
        # LOWER ids of the words tested token by token
        self._authors = frozenset(nlp.vocab.strings.add(w) for w in cues.author_words)
        self._clause_stops = frozenset(nlp.vocab.strings.add(w) for w in cues.proposal_stops)
        self._as = nlp.vocab.strings.add("as")
        self._propose = nlp.vocab.strings.add("PROPOSE")
        self._refer = nlp.vocab.strings.add("REFER")
        self._naming = frozenset({nlp.vocab.strings.add("NAMING"), self._refer})

    def _cues(self, doc: Doc) -> list[tuple[bool, int, int, tuple[int, int, bool] | None]]:
        """Per cue: whether it needs an author in its sentence, the sentence start, the cue start and the window.

        Computed once per doc (``starts`` is called again with the paper's own names as subjects).
        """
        cached = doc.user_data.get(("kg_methods", "proposal_cues"))
        if cached is not None:
            return cached
        out = []
        for match_id, start, end in self.matcher(doc):
            first, last_of_sent = sentence_bounds(doc, start)
            needs_subject = match_id == self._propose and not any(
                doc[j].lower in self._authors for j in range(first, start))
            window = None
            if match_id == self._refer:
                end = next((j + 1 for j in range(end, min(last_of_sent, end + 10)) if doc[j].lower == self._as), None)
            if end is not None:
                naming = match_id in self._naming
                last = min(last_of_sent, end + (3 if naming else 14))
                stop = end
                while stop < last and (naming or doc[stop].lower not in self._clause_stops):
                    stop += 1
                window = (end, stop, naming)
            out.append((needs_subject, first, start, window))
        doc.user_data[("kg_methods", "proposal_cues")] = out
        return out

    def starts(self, doc: Doc, subjects: frozenset[int] = frozenset()) -> list[tuple[int, int, bool]]:
        """``(first, stop, naming)``: the token window in which a proposed name begins, one per cue.

        *subjects* are token indices of the paper's own method names: "ReARTeR introduces X"
        counts like "we introduce X".
        """
        out = []
        for needs_subject, first, start, window in self._cues(doc):
            if window is None or (needs_subject and not any(i in subjects for i in range(first, start))):
                continue
            out.append(window)
        return out


def title_phrases(doc: Doc, cues: Cues) -> list[Span]:
    """Capitalised runs a title offers as its method: "X for ...", "... via X", "... using X"."""
    end = title_end(doc)
    first = 0
    if end > 1 and doc[0].lower_ in {"towards", "toward"}:  # "Towards a Neural Statistician"
        first = 2 if doc[1].lower_ in {"a", "an", "the"} else 1
    out = []
    for i in range(first, end):
        tok = doc[i]
        lead = i == first
        if not lead and not (tok.lower_ in cues.title_method_preps and i + 1 < end):
            continue
        run = title_run(doc, i if lead else i + 1, end)
        # the whole title as a name ("Mask R-CNN", "Wide Residual Networks"), or a lead name followed by "for ..."
        if run is None or (lead and run.end < end and doc[run.end].lower_ not in cues.title_lead_followers):
            continue
        out.append(run)
    return out


def title_lead(doc: Doc, cues: Cues) -> Span | None:
    """The name of two words or more that leads a "... for ..." title, or None: one that ends in a method head or
    is written as a name ("Frustum PointNets for 3D Object Detection", "Interval Bound Interpolation for ..."),
    or any other phrase whose head is singular and names no task or other kind ("Stochastic Pooling for
    Regularization ...", "Two-Stage Constrained Actor-Critic for ..."; not "Neural Machine Translation for ...",
    "Neural Architectures for ..."). A whole title is the name too when it ends in a method head or is written
    as a name ("Deep Pyramidal Residual Networks"). A gerund or an article in front makes the title a
    description ("Improving X for ...", "A Framework for ...").

    >>> import spacy
    >>> from extractors.cues import load_cues
    >>> nlp, cues = spacy.blank("en"), load_cues()
    >>> title_lead(nlp("Frustum PointNets for 3D Object Detection\\nText."), cues).text
    'Frustum PointNets'
    >>> title_lead(nlp("Improving Diffusion Models for Editing\\nText."), cues) is None
    True
    """
    run = next(iter(title_phrases(doc, cues)), None)
    if run is None or run.start != 0 or run.end >= len(doc) or (doc[run.end].text != "for" and run.end != title_end(doc)):
        return None
    words = [t for t in run if t.i == run.start or doc[t.i - 1].whitespace_]
    if len(words) < 2 or run[0].lower_.endswith("ing") or run[0].lower_ in {"a", "an", "the", "on"} \
            or all(t.is_upper for t in words):  # "DEEP NEURAL NETWORKS FOR ...": a title in capitals
        return None
    head = run[-1].lower_
    if head in cues.method_heads or any(_NAMEY.search(t.text) for t in run):
        return run
    return None if head in cues.task_heads or head in cues.not_method_heads or head.endswith("s") \
        or doc[run.end].lower_ != "for" else run


def bare_technique(doc: Doc, i: int, stop: int, cues: Cues) -> Span | None:
    """The lower-case phrase at token *i* (before *stop*) that names a technique, or None.

    Right after a proposal cue, a phrase with no article of its own names the technique ("we introduce
    prompt regularization", "we devise a novel adaptive prototypical feedback mechanism"): two to five
    lower-case words ending in a method head that is not a container ("framework", "method", "model":
    "a novel training framework" is an unnamed contribution, which the guidelines skip).

    >>> import spacy
    >>> from extractors.cues import load_cues
    >>> nlp, cues = spacy.blank("en"), load_cues()
    >>> doc = nlp("we introduce facial identity loss to keep identity")
    >>> bare_technique(doc, 2, len(doc), cues).text
    'facial identity loss'
    >>> bare_technique(nlp("we introduce a training framework"), 3, 5, cues) is None
    True
    >>> bare_technique(nlp("we introduce a smoothing mechanism"), 3, 5, cues) is None
    True
    """
    if i >= len(doc) or not doc[i].is_lower or doc[i].lower_ in cues.clause_words \
            or (i > 0 and doc[i - 1].lower_ in {"a", "an", "the"}):
        return None  # "we propose a smoothing mechanism": a description, not a name
    k = i
    while k < stop and (doc[k].is_lower and doc[k].is_alpha or doc[k].text in {"-", "‐"}) \
            and doc[k].lower_ not in cues.proposal_stops and doc[k].lower_ not in cues.clause_words \
            and doc[k].lower_ != "as":  # "we introduce X as a novel component"
        k += 1
    words = [t for t in doc[i:k] if t.i == i or doc[t.i - 1].whitespace_]
    head = doc[k - 1].lower_ if k > i else ""
    if 2 <= len(words) <= 5 and head in cues.method_heads and head not in cues.container_heads:
        return doc[i:k]
    return None


def outcome_subject(doc: Doc, span: Span, cues: Cues) -> bool:
    """Whether the coined name *span* is the subject of an outcome the abstract reports ("SCoRe achieves
    state-of-the-art ...", "RAML (ours) outperforms ...", "X consistently ...") or of a description of how it is
    built ("DISEF consists of two components", "X leverages ..."), in a sentence that does not speak of prior
    work ("unlike existing ...", "such as ...", "than ...").

    An abstract reports the outcomes and the inner workings of the paper's own method; other methods are what
    it is compared with.

    >>> import spacy
    >>> from extractors.cues import load_cues
    >>> nlp, cues = spacy.blank("en"), load_cues()
    >>> doc = nlp("SCoRe achieves state-of-the-art results.")
    >>> outcome_subject(doc, doc[0:1], cues)
    True
    >>> doc = nlp("Unlike existing work, FooNet achieves little.")
    >>> outcome_subject(doc, doc[4:5], cues)
    False
    """
    if not _NAMEY.search(span_text(span)):
        return False
    nxt = span.end
    if nxt < len(doc) and doc[nxt].text == "(":  # "RAML (ours) outperforms"
        nxt = next((j + 1 for j in range(nxt, min(len(doc), nxt + 8)) if doc[j].text == ")"), nxt)
    if nxt >= len(doc) or doc[nxt].lower_ not in cues.outcome_followers:
        return False
    first, _ = sentence_bounds(doc, span.start)
    return not any(t.lower_ in cues.prior_work_words for t in doc[first:span.start])
