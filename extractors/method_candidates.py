"""Where method names may be: curated vocabulary hits and coinages, for the ``methods`` component.

Three sources of candidate spans, before any rule decides (see :mod:`extractors.methods`):

1. the curated vocabulary's phrase matchers (:mod:`extractors.methods_vocab`); names that take a
   version take the one written after them ("Llama 3.1", "Claude 3.5-Haiku");
2. coinages: single tokens and hyphen-joined compounds that look coined (inner capital, two
   capitals, capital and digit: "JoJoGAN", "PLS-Net", "I3D", "GPT3-DaVinci"). Each distinct token
   text is classified once: a lexeme flag marks the texts that can be one (read for a whole doc in
   C by ``Doc.to_array``) and the few flagged tokens get their kind bits from a per-ORTH cache;
3. named techniques of other work (:func:`titled_runs`): a title-case run of two words or more inside an
   abstract sentence that ends in a method head ("an Indian Buffet Process prior", "the Binary Relevance
   Method"). Capitals in mid-sentence make a proper name, the head makes it a method.

>>> import spacy
>>> from spacy.util import filter_spans
>>> from extractors.cues import load_cues
>>> from extractors.methods_vocab import MethodVocabulary
>>> nlp = spacy.blank("en")
>>> candidates = MethodCandidates(nlp, MethodVocabulary.default(), load_cues())
>>> spans = candidates(nlp("We fine-tune Llama 3.1 and BERT-base with CLIP-based PLS-Net."))
>>> [(s.text, s.label_) for s in filter_spans(spans)]
[('Llama 3.1', 'method:llama'), ('BERT-base', 'method:bert'), ('CLIP', 'method:clip'), ('PLS-Net', '')]
"""

from __future__ import annotations

from typing import Callable

import numpy as np
from spacy.attrs import IS_TITLE
from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.cues import Cues
from extractors.method_cues import (HYPHENS, KIND_HYPHEN, KIND_NAME, KIND_NAMEY, KIND_PUNCT, KIND_SPACE, NAMEY,
                                    PARTICIPLE, VERSION, CandidateFlag, in_part_list, token_kind)
from extractors.methods_vocab import MethodEntry, MethodVocabulary
from extractors.proposed import title_run
from extractors.text import sentence_bounds

__all__ = ["MethodCandidates", "proposal_parts", "titled_runs"]


class MethodCandidates:
    """Candidate method spans of a doc: curated hits (labelled with their entry id) and coinages (unlabelled)."""

    def __init__(self, nlp: Language, vocab: MethodVocabulary, cues: Cues) -> None:
        self.vocab = vocab
        self.size_words = cues.size_words
        self.exact, self.lower = vocab.matchers(nlp)
        self._token_kind: dict[int, int] = {}
        self._candidate_flag = nlp.vocab.add_flag(CandidateFlag(nlp.vocab.lex_attr_getters))

    def __call__(self, doc: Doc) -> list[Span]:
        """Every candidate, overlaps included: curated hits first, then coinages."""
        return self.vocab_spans(doc) + self.coinage_spans(doc)

    def vocab_spans(self, doc: Doc) -> list[Span]:
        """Curated names (both phrase matchers), each extended over a written version or size."""
        spans = []
        for matcher in (self.exact, self.lower):
            for match_id, start, end in matcher(doc):
                entry = self.vocab.get(doc.vocab.strings[match_id])
                spans.append(self.extend(doc, Span(doc, start, end, label=match_id), entry))
        return spans

    def extend(self, doc: Doc, span: Span, entry: MethodEntry | None) -> Span:
        """Absorb a written version / size: "Llama 3.1", "BERT-base", "EfficientNet-B2", "GPT-3 XL"."""
        end = span.end
        while end + 1 < len(doc) and doc[end].text in HYPHENS and not doc[end - 1].whitespace_ \
                and not doc[end].whitespace_ and (NAMEY.search(doc[end + 1].text) or doc[end + 1].like_num
                                                  or doc[end + 1].lower_ in self.size_words
                                                  or (len(doc[end + 1]) == 1 and doc[end + 1].is_upper)):
            end += 2
        if entry is not None and entry.versioned and end < len(doc) and VERSION.match(doc[end].text) \
                and doc[end - 1].whitespace_ and not (end + 1 < len(doc) and doc[end + 1].text == "%"):
            end += 1
            while end + 1 < len(doc) and doc[end].text in HYPHENS and not doc[end - 1].whitespace_ \
                    and (doc[end + 1].is_title or doc[end + 1].like_num):
                end += 2
            if end < len(doc) and doc[end].is_title and doc[end].lower_ in self.size_words:
                end += 1  # "Gemini 1.0 Pro", "Claude 3 Opus", "GPT-4 Turbo"
        return span if end == span.end else Span(doc, span.start, end, label=span.label)

    def _coinage_hits(self, doc: Doc) -> tuple[list[tuple[int, int]], list[int], Callable[[int], int]]:
        """Name-like single tokens (as ``(start, end)``), glued hyphens (their indices) and the kind bits by index.

        A name-like token is neither lower case, title case, punctuation, space nor a number
        ("PLS", "JoJoGAN"), or title case with a digit or symbol ("T5", "I3D"), and matches ``NAMEY``.
        """
        cache = self._token_kind

        def kind(i: int) -> int:
            orth = doc[i].orth
            bits = cache.get(orth)
            if bits is None:
                bits = cache[orth] = token_kind(doc.vocab[orth])
            return bits

        names: list[tuple[int, int]] = []
        hyphens: list[int] = []
        for i in np.flatnonzero(doc.to_array(self._candidate_flag)).tolist():  # the few names and hyphens
            bits = kind(i)
            if bits & KIND_NAME:
                names.append((i, i + 1))
            elif bits & KIND_HYPHEN and not doc[i].whitespace_:
                hyphens.append(i)
        return names, hyphens, kind

    def coinage_spans(self, doc: Doc) -> list[Span]:
        """Coined names: lone name-like tokens and hyphen-joined compounds with a name-like part."""
        spans, hyphens, kind = self._coinage_hits(doc)
        chain: list[int] = []  # token indices of the current compound: word - word - word
        for start in hyphens:
            if start == 0 or start + 1 >= len(doc) or kind(start - 1) & KIND_PUNCT \
                    or kind(start + 1) & (KIND_PUNCT | KIND_SPACE) or doc[start - 1].whitespace_:
                continue
            if chain and chain[-1] == start - 1 and len(chain) < 4:
                chain.append(start + 1)
            else:
                if len(chain) > 1:
                    spans.append((chain[0], chain[-1] + 1))
                chain = [start - 1, start + 1]
        if len(chain) > 1:
            spans.append((chain[0], chain[-1] + 1))
        out = []
        glued = set(hyphens)
        for start, end in spans:
            if end - start == 1 and end not in glued:  # a lone name token: nothing to trim, check or extend
                out.append(Span(doc, start, end))
                continue
            if not any(kind(i) & KIND_NAMEY for i in range(start, end, 2)):  # the words; hyphens are never name-like
                continue  # no name-like part ("self-supervised"); trimming below would not add one
            # trim lower-case parts at either end ("CLIP-based" -> "CLIP"), keep sizes ("BERT-base")
            while end - start > 2 and doc[end - 1].lower_ not in self.size_words and (
                    doc[end - 1].is_lower or PARTICIPLE.search(doc[end - 1].lower_)):
                end -= 2
            while end - start > 2 and doc[start].is_lower:
                start += 2
            if any(NAMEY.search(t.text) for t in doc[start:end] if t.text not in HYPHENS):
                out.append(self.extend(doc, Span(doc, start, end), None))
        return out


def titled_runs(doc: Doc, start: int, cues: Cues, own: list[Span] | None = None) -> list[Span]:
    """Title-case runs after token *start* that name another work's technique ("an Indian Buffet Process prior").

    A run counts when it has two words or more, all capitalised, ends in a method head, does not start
    its sentence (any sentence's first word is capitalised) or with a gerund ("Considering Pretrained
    Transformers as ..."), and is neither parenthesised nor defined by a parenthesis after it (an
    abbreviation definition, which the definition rules read). In a sentence about the authors' own
    work (an author word or a proposal verb before the run, no prior-work word) it is left out, and
    appended to *own* when given: there the capitals name parts of the proposal (:func:`proposal_parts`).

    >>> import spacy
    >>> from extractors.cues import load_cues
    >>> nlp = spacy.blank("en")
    >>> doc = nlp("Skills are shared. It uses an Indian Buffet Process prior.")
    >>> doc[4].is_sent_start = True
    >>> [s.text for s in titled_runs(doc, 0, load_cues())]
    ['Indian Buffet Process']
    """
    out: list[Span] = []
    own_words = cues.author_words | cues.propose_verbs | cues.passive_proposed
    title = doc.to_array(IS_TITLE).astype(bool)  # the few title-case tokens, read in C
    first_of_run = np.flatnonzero(title & ~np.concatenate(([False], title[:-1]))).tolist()
    end = start
    for i in first_of_run:
        if i < max(start, end) or i + 1 >= len(doc) or not (title[i + 1] or doc[i + 1].text in HYPHENS):
            continue  # a run of two words or more goes on right after its first
        sentence = sentence_bounds(doc, i)[0]
        if i == sentence or doc[i].lower_.endswith("ing"):
            continue
        run = title_run(doc, i, min(len(doc), i + 8))
        if run is None:
            continue
        end = run.end
        words = [t for t in run if t.i == run.start or doc[t.i - 1].whitespace_]
        listed = in_part_list(doc, sentence, run.start, cues)  # "two stages: (1) Spatial Consistency Learning ..."
        if len(words) < 2 or (run[-1].lower_ not in cues.method_heads and not listed) \
                or not all(t.is_title for t in words) \
                or doc[run.start - 1].text == "(" or (run.end < len(doc) and doc[run.end].text == "("):
            continue
        before = {t.lower_ for t in doc[sentence:run.start]}
        if listed or (before & own_words and not before & cues.prior_work_words):
            if own is not None:
                own.append(run)
            continue
        out.append(run)
    return out


def proposal_parts(runs: list[Span], covered: set[int], cues: Cues) -> list[Span]:
    """The title-case runs of the authors' own sentences (:func:`titled_runs`) that name parts of a proposal
    ("We employ Spatial Reasoning Distillation", "integrating ... with a Visual Delta Module"): a singular head
    that names no architecture family ("a Deep Belief Network"), no token already in a method mention.

    >>> import spacy
    >>> from extractors.cues import load_cues
    >>> doc = spacy.blank("en")("We add a Visual Delta Module and a Deep Belief Network and Memory Networks.")
    >>> [s.text for s in proposal_parts([doc[3:6], doc[8:11], doc[12:14]], set(), load_cues())]
    ['Visual Delta Module']
    """
    return [run for run in runs if not run[-1].lower_.endswith("s") and run[-1].lower_ not in cues.family_heads
            and not covered & set(range(run.start, run.end))]
