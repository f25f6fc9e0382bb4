"""Methods: the ones a paper proposes and the named ones it uses.

A spaCy component (``methods``) that writes ``METHOD`` spans into
``doc.spans["kg"]`` with ``kb_id_`` = ``method:<slug>`` and ``span._.kg``
holding the canonical name and the role (``"proposed"`` or ``"used"``).

How a name is found (candidates: :mod:`extractors.method_candidates`)
    1. curated vocabulary (:mod:`extractors.methods_vocab`): phrase matchers
       over every spelling of every alias; names that take a version take the
       one written after them ("Llama 3.1", "Claude 3.5-Haiku");
    2. coinages: single tokens and hyphen-joined compounds (each distinct token text classified once), kept
       when the name looks coined (inner capital, two capitals, capital and digit: "JoJoGAN", "I3D", "PLS-Net");
    3. abbreviation definitions (``doc._.abbreviations``, Schwartz–Hearst):
       a long form and its short form are one entity; an unknown definition is a
       method when its long form ends in a method head word ("... Optimization
       (DPO)", "... Network (FPNN)"), when its short form is coined in mixed case
       ("One Normal Image Prompt (OneNIP)") or when the paper proposes it.

What is not a method
    generic families, paradigms, venues and other-kind acronyms
    (``data/generic_terms.txt``), names followed by a dataset / benchmark / metric cue word, unknown names
    of the harvested dataset list ("BlogCatalog", "NIST 2000"), unknown names next to a dataset in a list or near
    a dataset noun ("on Caltech, INRIA and ETH", "the dataset RVL-CDIP"), language pairs ("English-German"),
    and tokens already covered by another kind's span (datasets, metrics, tasks) in ``doc.spans["kg"]``.

Proposed or used
    proposed when named by the title ("X: ...", or the whole title) or by a proposal cue
    (:mod:`extractors.proposed`), and so are the named parts of the proposal:
    capitalised, unknown definitions in the list a proposal cue opens ("we
    propose two scores -- the Gradient Foo (GraF) and the Error Bar (EB)
    scores"), after "our", or "(X) proposed in this paper", and unknown definitions whose short form is
    coined in mixed case ("OneNIP", "EnhancedV") unless their sentence names prior work first ("unlike
    existing ..."); everything else is used. All mentions of one entity share its role.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("abbreviations"); _ = nlp.add_pipe("methods")
>>> doc = nlp("JoJoGAN: One Shot Face Stylization\\nWe build on StyleGAN2 and Mask RCNN, unlike transformers.")
>>> sorted({(s._.kg.name, s._.kg.role) for s in doc.spans["kg"]})
[('JoJoGAN', 'proposed'), ('Mask R-CNN', 'used'), ('StyleGAN2', 'used')]
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractors.abbreviations import abbreviation_pairs
from extractors.component import Component
from extractors.cues import DEFAULT_CUES_CONFIG, Cues
from extractors.dataset_context import harvested_names
from extractors.method_candidates import MethodCandidates, titled_runs
from extractors.method_cues import (EMPHASIS, HYPHENS, LATEX, NAMEY, NOT_A_NAME, dataset_noun_near, evaluated_on,
                                    in_proposal_list, language_pair, learning_setting, listed_before, modified_head,
                                    parenthesised_name, proposed_here, released, sent_start, skip_parenthesis, in_part_list)
from extractors.method_entities import DocMethods, OtherKinds, method_id
from extractors.method_parts import own_parts
from extractors.methods_vocab import DATA_DIR, MethodVocabulary
from extractors.proposed import (ProposalCues, bare_technique, in_abstract, outcome_subject, title_coinage, title_lead,
                                 title_phrases, title_released, title_run)
from extractors.spans import SPANS_KEY, SpanInfo, set_span_info
from extractors.text import span_text, title_end
from kg.names import name_key

__all__ = ["method_id", "MethodFinder", "make_methods"]

#: A short form coined as a name, with lower-case letters among two capitals or more ("OneNIP", "DiHT", "OnPro"):
#: acronyms of problems and measures are written in capitals ("FSCIL", "WER").
_COINED_SHORT = re.compile(r"^(?=(?:.*[A-Z]){2})(?=.*[a-z]{2})[A-Za-z0-9-]+$")
_COINING = frozenset({"called", "named", "dubbed", "termed", "coined", "nicknamed", "codenamed"})  # not "namely"
_BE_OR_CLOSE = frozenset({"is", "are", "was", ")"})  # what may follow a name before "... proposed"


class MethodFinder(Component):
    """The ``methods`` component (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, vocab: MethodVocabulary, cues: Cues) -> None:
        super().__init__(name, cues)
        self.vocab = vocab
        self.candidates = MethodCandidates(nlp, vocab, cues)
        self.datasets = harvested_names()  # names of the harvested dataset list are no coinage of a method
        self.proposals = ProposalCues(nlp, cues)

    def _acceptable(self, span: Span, blocked: OtherKinds, curated: bool, ents: DocMethods) -> bool:
        doc = span.doc
        text = span_text(span)
        if blocked(span, strong=curated) or self.vocab.is_generic(text) or name_key(text) in ents.released:
            return False
        if not curated and (blocked.dataset_like(span, self.datasets) or {text, span[0].text} & self.datasets):
            return False  # "... benchmark. ... ZEB can assess": the dataset again; a harvested dataset ("NIST 2000")
        if not curated:
            parts = [t.text for t in span if t.text not in HYPHENS]
            if NOT_A_NAME.search(text) or self.vocab.is_generic(parts[-1]) or self.vocab.is_generic(parts[0]) \
                    or len(name_key(text)) < 3 or language_pair(text, self.cues):
                return False
        if not curated and span.end <= ents.title_end and ents.shouting_title:
            return False  # "DEEP NEURAL NETWORKS FOR ...": capitals are no coinage signal
        if not curated and (evaluated_on(doc, span, self.cues) or dataset_noun_near(doc, span, self.cues)
                            or (len(span) == 1 and span[0].is_upper and span[0].is_stop) or EMPHASIS.match(text)):
            return False  # "experiments on GTA5 and SYNTHIA", "the dataset X": datasets; "FIRST"; "BAlanced ClAss"
        if listed_before(doc, span.end, self.cues.released_heads):
            return False  # "on CUHK03, Market-1501 and VIPeR datasets"
        nxt = span.end + (2 if span.end + 1 < len(doc) and doc[span.end].text in HYPHENS else 0)
        if released(doc, span.end, self.cues):
            ents.released.add(name_key(text))
            return False
        return not (nxt < len(doc) and doc[nxt].lower_ in self.cues.dataset_cues)

    # -- the component -----------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        blocked = OtherKinds(doc)
        ents = DocMethods(self.vocab)
        ents.title_end = title_end(doc)
        title_words = [t for t in doc[:ents.title_end] if t.is_alpha and len(t) > 3]
        ents.shouting_title = bool(title_words) and sum(t.is_upper for t in title_words) > len(title_words) / 2
        if (released := title_released(doc, self.cues)) is not None:
            ents.released.add(name_key(span_text(released)))
        coined = title_coinage(doc, self.cues)
        if coined is not None and not self.vocab.is_generic_compound(span_text(coined)) and not blocked(coined, strong=True) \
                and not learning_setting(coined, self.cues):
            ents.add(coined, source="title").proposed = True
        cues = self.proposals.starts(doc)
        ents.pairs = abbreviation_pairs(doc)
        defined = ents.defined = self._definitions(doc, blocked, cues, ents)
        self._abbreviations(doc, defined, ents)
        taken = ents.covered()
        for span in filter_spans(self.candidates(doc)):
            if taken & set(range(span.start, span.end)):
                continue
            span = ents.versioned_like_known(span)
            curated = self.vocab.get(span.label_) if span.label else None
            if not self._acceptable(span, blocked, curated is not None, ents):
                continue
            if curated is not None and len(span) > 1 and self.vocab.lookup(span_text(span)) is not curated:  # "Llama 3.1"
                ents.add(span, entry=self.vocab.lookup(span_text(span)), source="vocabulary+version")
            elif curated is not None:
                ents.add(span, entry=curated, source="vocabulary")
            elif defined.get(name_key(span_text(span)), True):
                ents.add(span)
        taken, parts = ents.covered(), []
        for run in titled_runs(doc, ents.title_end, self.cues, parts):  # "an Indian Buffet Process prior"
            if self._new_run(run, taken, ents, blocked):
                ents.add(run)
        own = frozenset(i for ent in ents.entities.values() if ent.proposed for s in ent.spans
                        for i in range(s.start, s.end))
        self._proposed(doc, blocked, ents, self.proposals.starts(doc, own) if own else cues)
        if any(ent.proposed for ent in ents.entities.values()):  # the named parts of a proposal the paper names
            own_parts(doc, ents, self.cues, parts, lambda run: self._new_run(run, taken, ents, blocked),
                      lambda span: self._specific(span, blocked))
        self._write(doc, ents)
        return doc

    def _write(self, doc: Doc, ents: DocMethods) -> None:
        """Append every mention to ``doc.spans["kg"]``, as :func:`~extractors.spans.add_span` would.

        One :class:`SpanInfo` per entity, shared by its mentions, set without building a ``span._``.
        """
        group = None
        for ent in ents.entities.values():
            role = "proposed" if ent.proposed else "used"
            conf = 0.95 if ent.curated else (0.85 if ent.proposed else 0.7)
            props = {"kind": ent.curated.kind, **ent.curated.props} if ent.curated else ()
            info = SpanInfo(ent.name, role, f"{self.name}:{ent.source}", conf, props)
            for span in sorted(ent.spans, key=lambda s: s.start):
                if group is None:
                    if SPANS_KEY not in doc.spans:
                        doc.spans[SPANS_KEY] = []
                    group = doc.spans[SPANS_KEY]
                out = Span(doc, span.start, span.end, label="METHOD", kb_id=ent.id)
                set_span_info(out, info)
                group.append(out)

    def _new_run(self, run: Span, taken: set[int], ents: DocMethods, blocked: OtherKinds) -> bool:
        """Whether the title-case *run* is a new, specific name: not taken, known, generic, another kind's."""
        return not (taken & set(range(run.start, run.end)) or ents.find(run)) and self._specific(run, blocked)

    def _specific(self, span: Span, blocked: OtherKinds) -> bool:
        """Whether *span* may name one method: not generic ("diffusion models"), a setting or another kind's."""
        return not (self.vocab.is_generic(text := span_text(span)) or self.vocab.is_generic_compound(text)
                    or blocked(span, strong=True) or learning_setting(span, self.cues))

    def _definitions(self, doc: Doc, blocked: OtherKinds, windows: list[tuple[int, int, bool]],
                     ents: DocMethods) -> dict[str, bool]:
        """``name_key`` of each defined short form -> whether its definition reads as a method."""
        out: dict[str, bool] = {}
        cues = self.cues
        in_cue = {i for first, stop, _ in windows for i in range(first, stop + 1)}  # where a proposed name may start
        for short, long in ents.pairs:
            if self.vocab.lookup(span_text(long)) or self.vocab.lookup(span_text(short)):
                ok = True
            elif blocked(long, strong=long.start in in_cue) or self.vocab.is_generic(span_text(long)) \
                    or any(t.lower_ in cues.clause_words and doc[t.i - 1].whitespace_ for t in long[1:]) \
                    or long[0].lower_ in cues.clause_words or self._generic_family(long) or learning_setting(long, cues):
                ok = False  # "... to obtain a dense student model (DSM)": a clause, not a name
            else:
                head = long[-1].lower_
                capitalised = all(t.is_title or t.is_upper or t.is_punct or t.lower_ in cues.link_words
                                  or (t.i > long.start and not doc[t.i - 1].whitespace_) for t in long)
                ok = head not in cues.not_method_heads and (head in cues.method_heads or _COINED_SHORT.match(short.text)
                                                         or (long.start in in_cue and capitalised))
            out[name_key(span_text(short))] = out.get(name_key(span_text(short)), False) or ok
        return out

    def _generic_family(self, long: Span) -> bool:
        """A lower-case long form that ends in a generic family ("video diffusion models")."""
        if all(t.is_title or t.is_upper or not t.is_alpha or t.lower_ in self.cues.link_words for t in long[1:]):
            return False
        words = span_text(long).split()
        plural = words[-1].endswith("s")  # "artificial neural networks (ANNs)": a family, not one network
        return plural and any(self.vocab.is_generic(" ".join(words[i:])) for i in range(1, len(words)))

    def _abbreviations(self, doc: Doc, defined: dict[str, bool], ents: DocMethods) -> None:
        """One entity per definition that reads as a method, named by its long form."""
        for short, long in ents.pairs:
            if not defined.get(name_key(span_text(short))) or self.vocab.is_generic(span_text(short)):
                continue
            ent = ents.find(short) or ents.find(long)
            entry = self.vocab.lookup(span_text(long)) or self.vocab.lookup(span_text(short))
            ent = ents.add(long, name=span_text(long), entry=entry, source="abbreviation", target=ent)
            ents.add(short, source="abbreviation", target=ent)

    def _proposed(self, doc: Doc, blocked: OtherKinds, ents: DocMethods, cues: list[tuple[int, int, bool]]) -> None:
        """Mark the paper's own names proposed (title phrases, proposal cues, "X is proposed")."""
        self._title_proposals(doc, blocked, ents)
        starts = ents.starts()
        long_starts: dict[int, list | tuple | None] = {}  # definitions by first token; vetted when a cue reaches one
        for short, long in ents.pairs:
            long_starts.setdefault(long.start, []).append((short, long))
        for first, stop, naming in cues:
            self._cue_proposal(doc, blocked, ents, starts, long_starts, first, stop, naming)
        self._own_definitions(doc, blocked, ents, cues)
        for short, long in ents.pairs:  # "with just One Normal Image Prompt (OneNIP)": a name coined here
            ent = ents.find(short)
            if ent is not None and not ent.curated and _COINED_SHORT.match(short.text) and not any(
                    t.lower_ in self.cues.prior_work_words for t in doc[sent_start(doc, long.start):long.start]):
                ent.proposed = True
        for ent in ents.entities.values():  # "SCoRe achieves ...": the abstract reports the paper's own outcomes
            if not ent.curated and any(outcome_subject(doc, s, self.cues) for s in ent.spans if s.start >= ents.title_end):
                ent.proposed = True
        ents.mark_variants(self.cues.passive_proposed)  # "DreamVC" after "DreamVoice"; "the proposed X"
        if not any(ent.proposed for ent in ents.entities.values()):
            self._title_lead(doc, blocked, ents)
        for ent in list(ents.entities.values()):
            for span in ent.spans:
                if span.end < len(doc) and doc[span.end].lower_ in _BE_OR_CLOSE:  # else no "is proposed" follows
                    words = [t.lower_ for t in doc[span.end:min(len(doc), span.end + 3)] if t.text != ")"]
                    if len(words) >= 2 and words[0] in {"is", "are", "was"} and words[1] in self.cues.passive_proposed:
                        ent.proposed = True  # "(FPNN) is proposed"
                if not ent.curated and (released(doc, span.end, self.cues) or name_key(span_text(span)) in ents.released
                                        or name_key(span_text(span)) in blocked.dataset_keys):
                    ents.remove(ent)  # "we provide X, a large-scale benchmark": a dataset, not a method
                    break

    def _own_definitions(self, doc: Doc, blocked: OtherKinds, ents: DocMethods,
                         cues: list[tuple[int, int, bool]]) -> None:
        """Named parts of the proposal: every capitalised, unknown definition in the list a proposal cue opens ("we
        propose two scores -- the Gradient Foo (GraF) and ...") or after "our" ("our Distilled Foo Training (DFT)
        approach"), and any unknown definition in a list of parts ("two strategies, foo bar (FB) and ...")."""
        for short, long in ents.pairs:
            listed = in_part_list(doc, sent_start(doc, long.start), long.start, self.cues)
            if not self._coined_definition(doc, blocked, short, long, listed):
                continue
            ours = any(t.lower_ == "our" for t in doc[max(0, long.start - 3):long.start]) or proposed_here(doc, short, self.cues)
            if not (ours or listed) and not any(in_proposal_list(doc, first, long.start, self.cues) for first, _, _ in cues):
                continue
            ent = ents.find(short) or ents.find(long)
            if ent is None or not ent.curated:
                ent = ents.add(long, name=span_text(long), source="proposal", target=ent)
                ents.add(short, target=ent).proposed = True

    def _coined_definition(self, doc: Doc, blocked: OtherKinds, short: Span, long: Span, listed: bool = False) -> bool:
        """A definition that names something new: a long form of two words or more, capitalised unless *listed*,
        neither form known, generic, nor another kind's name."""
        words = [t for t in long if t.i == long.start or doc[t.i - 1].whitespace_]
        cues = self.cues
        return (len(words) >= 2 and (listed or all(t.is_title or t.is_upper or t.lower_ in cues.link_words for t in words))
                and any(c.isupper() for c in short.text) and words[0].lower_ not in cues.link_words
                and not (self.vocab.lookup(span_text(long)) or self.vocab.lookup(span_text(short)))
                and not (self.vocab.is_generic(span_text(long)) or self.vocab.is_generic_compound(span_text(long)))
                and not blocked(long, strong=True) and long[-1].lower_ not in cues.not_method_heads)

    def _title_proposals(self, doc: Doc, blocked: OtherKinds, ents: DocMethods) -> None:
        """"X for ...", "... via X": proposed when the abstract names X too (curated X only as the lead)."""
        for run in title_phrases(doc, self.cues):
            ent = ents.find(run)
            if ent is None and not self.vocab.is_generic(span_text(run)) and not blocked(run) \
                    and (run[-1].lower_ in self.cues.method_heads or (len(run) == 1 and NAMEY.search(span_text(run)))) \
                    and in_abstract(doc, name_key(span_text(run))):
                ent = ents.add(run, source="title")
            if ent is not None and (run.start == 0 or not ent.curated) and name_key(span_text(run)) in {
                    name_key(span_text(s)) for s in ent.spans}:
                ent.proposed = True

    def _title_lead(self, doc: Doc, blocked: OtherKinds, ents: DocMethods) -> None:
        """When nothing else is proposed, the name leading a "... for ..." title (:func:`title_lead`)."""
        run = title_lead(doc, self.cues)
        if run is None or not self._specific(run, blocked):
            return
        ents.drop_parts(run)  # "PointNets" inside "Frustum PointNets": a part of the name, not a mention
        (ents.find(run) or ents.add(run, source="title")).proposed = True

    def _definition_at(self, blocked: OtherKinds, long_starts: dict, i: int) -> tuple[Span, Span] | None:
        """The last definition whose long form starts at *i* and may name a method (vetted once), or None."""
        found = long_starts[i]
        if isinstance(found, list):
            found = long_starts[i] = next((
                (short, long) for short, long in reversed(found)
                if not (self.vocab.is_generic(span_text(long)) or self.vocab.is_generic_compound(span_text(long))
                        or blocked(long, strong=True) or long[-1].lower_ in self.cues.not_method_heads
                        or self._generic_family(long) or learning_setting(long, self.cues))), None)
        return found

    def _cue_proposal(self, doc: Doc, blocked: OtherKinds, ents: DocMethods, starts: dict, long_starts: dict,
                      first: int, stop: int, naming: bool) -> None:
        """The first name in the window ``[first, stop)`` of one proposal cue becomes proposed."""
        i, direct = first, True  # direct: nothing but articles and punctuation since the cue
        while i < stop:
            tok = doc[i]
            if tok.text in {'"', "'", "“", "”", ",", ":"} or tok.lower_ in {"as", "a", "an", "the"}:
                i += 1
                continue
            pair = self._definition_at(blocked, long_starts, i) if i in long_starts else None
            ent = ents.mention_at(starts, i, pair[1] if pair is not None else None)  # a longer definition first
            if ent is not None and ent.curated and (not direct or (naming and ent.source == "vocabulary"
                                                                   and doc[first - 1].lower_ not in _COINING)):
                # a known name further on ("our approach improves ... BERT"), or one merely named ("two rankers,
                # namely BERT"), is used; one coined here ("the method, called Mask R-CNN") or a new variant is ours
                return
            if ent is not None:
                span = max((s for s in ent.spans if s.start == i), key=len)
                after = skip_parenthesis(doc, span.end)
                known = ent.curated or min(s.start for s in ent.spans) < sent_start(doc, first - 1)
                head = modified_head(doc, after, self.cues) if known and not naming else None
                if head is not None:
                    i = head + 1  # "a unified NeRF framework", "a GPT self-supervision method": builds on them
                    continue
                short = parenthesised_name(doc, span.end)  # 'termed "One-Prompt-One-Story" (1Prompt1Story)'
                if short is not None:
                    ents.merge(ents.find(short), into=ent)
                    ents.add(short, target=ent)
                ent.proposed = True
                return
            if pair is not None:  # "a novel noise-enhanced supervised autoencoder (NSAE)"
                short, long = pair
                ent = ents.add(long, name=span_text(long), source="proposal", target=ents.find(short))
                ents.add(short, target=ent).proposed = True
                return
            run = title_run(doc, i, min(len(doc), stop + 6))
            bare = bare_technique(doc, i, stop, self.cues) if run is None and direct and i >= ents.title_end else None
            if bare is not None and self._specific(bare, blocked):
                # "we introduce facial identity loss": a lower-case technique named by the cue
                (ents.find(bare) or ents.add(bare, source="proposal")).proposed = True
                return
            if run is None or i < ents.title_end or not (run[0].is_title or run[0].is_upper
                                                           or NAMEY.search(run[0].text)):
                if naming:
                    return
                i += 1
                direct = False
                continue
            if self.vocab.is_generic_compound(span_text(run)) or blocked(run) or name_key(span_text(run)) in ents.released \
                    or learning_setting(run, self.cues) \
                    or LATEX.search(span_text(run)) or released(doc, run.end, self.cues) \
                    or (len(run) == 1 and not naming and not NAMEY.search(span_text(run))):
                return
            if ents.defined.get(name_key(span_text(run))) is False:
                i = run.end  # "an innovative METL strategy": METL was defined as something else
                continue
            ent = ents.find(run)  # a short known name is no candidate span of its own ("TS")
            if ent is not None and ent.curated and not direct:
                return  # "an informed TS algorithm": a known name further on, as above
            short = parenthesised_name(doc, run.end)  # "Family Offline-to-Online RL (FamO2O)"
            other = ents.find(short) if short is not None else None
            if ent is None:
                ent = ents.add(run, source="proposal", target=other)
            else:
                ents.add(run, target=ent)
                ents.merge(other, into=ent)
            if short is not None:
                ents.add(short, target=ent)
            ent.proposed = True
            return


@Language.factory("methods", assigns=["doc.spans", "doc._.kg_methods", "span._.kg"],
                  requires=["token.text", "token.is_sent_start", "doc._.abbreviations", "doc._.kg_datasets",
                            "doc._.kg_metrics", "doc._.kg_tasks", "doc._.kg_repos", "span._.kg"],
                  default_config={"methods_path": None, "generic_path": None, "cues": DEFAULT_CUES_CONFIG})
def make_methods(nlp: Language, name: str, methods_path: str | None, generic_path: str | None,
                 cues: Cues) -> MethodFinder:
    """spaCy factory for :class:`MethodFinder`; the data paths default to the shipped files."""
    if methods_path or generic_path:
        vocab = MethodVocabulary.from_files(methods_path or DATA_DIR / "methods.jsonl",
                                            generic_path or DATA_DIR / "generic_terms.txt")
    else:
        vocab = MethodVocabulary.default()
    return MethodFinder(nlp, name, vocab, cues)
