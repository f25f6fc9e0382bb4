"""Long-tail tasks: research problems no list holds, found by patterns.

A spaCy :class:`~spacy.matcher.PhraseMatcher` finds the task nouns that head
noun phrases (segmentation, detection, recognition, generation, translation,
prediction, retrieval, reasoning, pathfinding ...), read with their modifiers:

- in the **title**, where papers name their problem ("Fast Meningioma
  Segmentation in ...", "... for Handwritten Text Generation"); after the title's "for", a phrase headed
  by any deverbal noun ("Pre-trained Transformer for Adversarial Purification");
- in the abstract after a **cue** ("for X", "the task of X", "X task",
  "address / tackle / study X", "such as X"), or **opening** it as its subject ("Lesion
  segmentation is ...", not "Lesion segmentation methods are ...");
- as the object of "**task of**", whatever its head ("the task of motion transfer");
- as "**head of Y**" ("early detection of sepsis", "recognition of materials"), in the
  abstract only after a cue like the other phrases ("enables identification of faulty
  propellers" is a use, not the problem);
- as an item joined by "and" / "or" to a task in a sentence about tasks ("two tasks from
  different domains, namely image segmentation and one-shot mesh editing");
- as a **defined abbreviation** whose long form ends in a task noun or a
  training regime ("Continual Pre-Training (CPT)", "multi-agent pathfinding (MAPF)");
- as a **learning setting** the title names ("Cross-Modal Few-Shot Learning", "Rehearsal-Free
  Continual Learning"): settings are tasks by the guidelines;
- as a **title clause** with no task noun found in it (:mod:`extractors.task_titles`: "Auditing Stance
  Simulation in Online Discussions", "Efficient Web Agents via ...");
- as a name the field's **task catalogs** list (``data/harvested/tasks.jsonl``: SciREX, MTEB,
  tensorflow-datasets ...), anywhere, when it has two words or more, ends in a task head and is not
  made of common words only ("claim verification"); its sources go into the span's ``props``.

Grading words ("fast", "reliable", "efficient", "novel") are trimmed off the
front; a bare head ("segmentation") is not a task. The component also removes
*technique* uses of curated tasks: "via reinforcement learning", "using data
augmentation", "with knowledge distillation" name a means, not the problem.
Ids are ``task:<slug of the lower-cased phrase>``.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> for pipe in ("token_fixes", "abstract_sentencizer", "abbreviations", "vocab_ruler", "task_patterns", "kg_resolver"):
...     _ = nlp.add_pipe(pipe)
>>> doc = nlp("Fast Meningioma Segmentation in MRI\\nWe tackle early detection of sepsis via reinforcement learning.")
>>> [(s.text, s.kb_id_) for s in doc.spans["kg"] if s.label_ == "TASK"]
[('Meningioma Segmentation', 'task:meningioma-segmentation'), ('early detection of sepsis', 'task:early-sepsis-detection')]
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, SpanGroup

from extractors.abbreviations import abbreviation_pairs, token_positions
from extractors.method_cues import learning_setting
from extractors.methods_vocab import MethodVocabulary
from extractors.component import Component
from extractors.cues import DEFAULT_CUES_CONFIG, Cues
from extractors.ranker import load_ranker
from extractors.spans import SPANS_KEY, SpanInfo, add_span
from extractors.task_features import TaskGroup, apply_ranker, load_harvested_tasks, task_groups, veto
from extractors.task_titles import title_phrases
from extractors.text import doc_text, title_end
from extractors.vocab_ruler import in_task_list
from extractors.vocabulary import DATA_DIR, load_vocabulary
from kg.model import entity_id
from kg.names import name_key

__all__ = ["SHIPPED_RANKER", "TaskPatterns", "load_harvested_tasks", "make_task_patterns"]

#: The trained weights of the task ranker (``python -m training.rank tasks``).
SHIPPED_RANKER = DATA_DIR / "task_ranker.json"

_ALNUM = re.compile(r"^[A-Za-z0-9]+$")
_OBJECT = re.compile(r"^[A-Za-z][\w-]*$")
#: Tokens between the items of a list.
_COORDINATORS = frozenset({",", "and", "or", ";"})
#: Reasons of the candidates the hand rules write (see :meth:`TaskPatterns._candidates`).
WRITTEN = frozenset({"setting", "head_of", "title", "cued", "opening", "task_of", "title_for", "catalog", "abbrev",
                     "title_phrase"})
#: Endings of modifiers that are adjectives, not verbs, after "to" ("applied to unsupervised segmentation").
_ADJECTIVE_ENDINGS = ("ed", "al", "ic", "ive", "ous", "ar", "ary", "ent", "ant", "ful", "less", "able", "ible")


def _head_word(span: Span) -> str:
    """The last word of *span*, hyphenated compounds joined ("Pre - Training" -> "pre-training")."""
    i = len(span) - 1
    while i >= 2 and span[i - 1].text == "-" and not span[i - 2].whitespace_:
        i -= 2
    return "".join(t.text for t in span[i:]).lower()


class TaskPatterns(Component):
    """Writes long-tail TASK spans and drops technique uses of tasks (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, confidence: float, cues: Cues, ranker: str | None = None,
                 veto_below: float | None = None, add_above: float | None = None) -> None:
        super().__init__(name, cues)
        self.confidence = confidence
        self.ranker = load_ranker(SHIPPED_RANKER if ranker == "shipped" else ranker) if ranker else None  # None: hand rules
        self.veto_below = veto_below  # with a ranker: the hand rules, then drop what it scores below this
        self.add_above = add_above  # ... and add what they left out that it scores at least this
        self.methods = MethodVocabulary.default()
        # a phrase that spells a curated task ("parameter-efficient transfer learning") takes its id
        entries = load_vocabulary("task").entries.values()
        self.curated = {name_key(a): (e.id, e.name) for e in entries for a in (e.name, *e.aliases)}
        # paradigms whose salience the vocabulary ruler decides ("reinforcement learning (RL) agents" in passing)
        self.paradigms = {name_key(a) for e in entries if e.context == "salient" for a in (e.name, *e.aliases)}
        self.curated_context = {e.id: e.context for e in entries}
        # head nouns by hash lookup (PhraseMatcher); the modifiers and "of" objects are read around each hit
        self.heads = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._setting = get_string_id("SETTING")
        # catalog task names (with their sources) found without a cue
        self.harvested_sources = load_harvested_tasks(DATA_DIR / "harvested" / "tasks.jsonl", cues.task_heads)
        self.harvested = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.harvested.add("HARVESTED", [nlp.make_doc(form) for form, _ in self.harvested_sources.values()])
        regimes = [f"{a}-{b}" for a in ("pre", "fine", "post", "self") for b in ("training", "tuning", "supervision")]
        self.heads.add("HEAD", [nlp.make_doc(h) for h in sorted(cues.task_heads) + regimes])
        self.heads.add("SETTING", [nlp.make_doc("learning")])  # "... learning" only as a learning setting

    # -- helpers -------------------------------------------------------------------------------------------

    def _trim(self, span: Span) -> Span | None:
        start = span.start
        doc = span.doc
        if start > 0 and doc[start - 1].lower_ == "to" and doc[start].is_lower and start + 1 < span.end \
                and doc[start + 1].text != "-" and not doc[start].lower_.endswith(_ADJECTIVE_ENDINGS):
            start += 1  # "to obtain good classification", "to aid unlearning": an infinitive's verb
        while start < span.end - 1 and (doc[start].lower_ in self.cues.grading_words or doc[start].lower_.endswith("ly")
                                        or (doc[start].lower_.endswith("ing") and start == span.start)):
            if doc[start + 1].text == "-" and not doc[start].whitespace_:
                break  # part of a compound: "open-set", "training-free"
            start += 1  # grading words, adverbs and a leading verb form ("automating", "existing")
        span = span.doc[start:span.end]
        if len(span) < 2:
            return None
        return span

    def _head_of(self, doc: Doc, start: int, end: int) -> Span | None:
        """ "(early) detection of sepsis": a head, "of" and one or two words, or None."""
        if doc[start].lower_ not in self.cues.head_of_heads or end + 1 >= len(doc) or doc[end].lower_ != "of":
            return None
        stop = end + 1
        while stop < min(len(doc), end + 3) and _OBJECT.match(doc[stop].text) and doc[stop].lower_ not in self.cues.task_stop_words:
            stop += 1
        if stop == end + 1:
            return None
        first = start - 1 if start > 0 and doc[start - 1].lower_ in self.cues.head_of_modifiers else start
        return doc[first:stop]

    def _modifiers_start(self, doc: Doc, head: int, max_units: int) -> int:
        """Where the modifiers before token *head* begin: up to *max_units* words or hyphenated compounds."""
        i, units = head, 0
        while units < max_units and i > 0:
            j = i - 1
            while j >= 2 and doc[j - 1].text == "-" and not doc[j - 1].whitespace_ and not doc[j - 2].whitespace_:
                j -= 2  # "plot - to - table"
            if j < i - 1:
                if not all(_ALNUM.match(doc[k].text) for k in range(j, i, 2)):
                    break
            elif not (doc[j].is_alpha and doc[j].lower_ not in self.cues.task_stop_words
                      and doc[j].lower_ not in self.cues.technique_cues):
                break  # "Detection Leveraging Transfer": a means' verb ends the modifiers
            i, units = j, units + 1
        return i

    def _cued(self, doc: Doc, span: Span) -> bool:
        before = {t.lower_ for t in doc[max(0, span.start - 2):span.start]}
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        cues = self.cues
        return bool(before & cues.task_cues_before) or after in cues.task_cues_after \
            or in_task_list(doc, span.start, cues.task_list_nouns)

    def _opening(self, doc: Doc, span: Span, end_of_title: int) -> bool:
        """Whether *span* opens the abstract as its subject ("Image matching is a fundamental ..."), not as the
        modifier of a means ("Privacy estimation techniques for ...")."""
        return 0 < end_of_title and span.start <= end_of_title + 1 and span.end < len(doc) \
            and doc[span.end].lower_ not in self.cues.means_heads_after

    def _technique(self, doc: Doc, span: Span) -> bool:
        return span.start > 0 and doc[span.start - 1].lower_ in self.cues.technique_cues

    @staticmethod
    def _key(span: Span) -> str:
        """The task's name: lower case except acronyms ("Continual Pre-Training" -> "continual pre-training")."""
        words = (t.text if t.is_upper and len(t) > 1 else t.lower_ for t in span)
        return " ".join(words).replace(" - ", "-")

    def _id_key(self, key: str) -> str:
        """One id for "prediction of sepsis" and "sepsis prediction"."""
        head, sep, obj = key.partition(" of ")
        if sep and head.split()[-1] in self.cues.head_of_heads:
            return f"{' '.join(head.split()[:-1] + obj.split())} {head.split()[-1]}".strip()
        return key

    def _title_setting(self, doc: Doc, start: int, end: int, end_of_title: int) -> tuple[Span, str] | None:
        """A learning setting the title names ("Cross-Modal Few-Shot Learning", "Rehearsal-Free Continual
        Learning"): a task by the guidelines. Only in the title: in the abstract "X learning" is as often a
        means; a curated paradigm alone ("few-shot learning") is the vocabulary ruler's to judge."""
        if start >= end_of_title:
            return None
        first = self._modifiers_start(doc, start, 3)
        if 0 < first < start and f"{doc[first - 1].lower_} {doc[first].lower_}" in self.cues.setting_words:
            first -= 1  # a setting written as two words is one modifier: "Few Shot Class Incremental Learning"
        trimmed = self._trim(doc[first:end]) if first < start else None
        if trimmed is None or not learning_setting(trimmed, self.cues):
            return None
        key = self._key(trimmed)
        if name_key(key) in self.curated or key.lower() in self.cues.generic_fields:
            return None
        return trimmed, key

    def _object(self, doc: Doc, start: int, limit: int) -> Span:
        """The phrase from token *start* up to a function word or a means' cue (before *limit*), without a
        dangling hyphen: the object of "task of", or what a title's "for" introduces."""
        stop = start
        while stop < limit and (_OBJECT.match(doc[stop].text) or doc[stop].text == "-") \
                and doc[stop].lower_ not in self.cues.task_stop_words and doc[stop].lower_ not in self.cues.technique_cues:
            stop += 1
        while stop > start and doc[stop - 1].text == "-":
            stop -= 1
        return doc[start:stop]

    @staticmethod
    def _words(span: Span) -> int:
        """Words of *span*, a hyphenated compound counted once ("real-time semantic segmentation": 3)."""
        doc = span.doc
        return sum(1 for t in span if t.text != "-" and not (t.i > span.start and doc[t.i - 1].text == "-"))

    def _task_of(self, doc: Doc) -> list[tuple[Span, str]]:
        """ "the task of motion transfer", "the challenging task of real-time semantic segmentation": the object of
        "task of" names the problem whatever its head; two to four words up to a function word or a means' cue
        (not a gerund's clause: "the task of annotating data into ...")."""
        out = []
        text = doc_text(doc).lower()
        if not any(f"{noun} of" in text for noun in self.cues.task_of_nouns):
            return out  # most abstracts: no Python loop over their tokens
        for tok in doc[1:-2]:
            if tok.lower_ not in self.cues.task_of_nouns or doc[tok.i + 1].lower_ != "of":
                continue
            span = self._object(doc, tok.i + 2, len(doc))
            if 2 <= self._words(span) <= 4 and not span[0].lower_.endswith("ing"):
                out.append((span, self._key(span)))
        return out

    def _title_for(self, doc: Doc, end_of_title: int) -> list[tuple[Span, str]]:
        """ "Pre-trained Transformer for Adversarial Purification": the phrase after a title's "for" names its
        problem when a deverbal noun heads it; two to four words up to a function word."""
        out = []
        for tok in doc[:max(0, end_of_title - 2)]:
            if tok.lower_ != "for":
                continue
            phrase = self._object(doc, tok.i + 1, end_of_title)
            span = self._trim(phrase) if len(phrase) > 1 else None
            if span is None or not span[-1].lower_.endswith(tuple(self.cues.title_problem_suffixes)) \
                    or span[-1].lower_ in self.cues.not_title_problems:
                continue
            if 2 <= self._words(span) <= 4:
                out.append((span, self._key(span)))
        return out

    def _candidates(self, doc: Doc, end_of_title: int) -> list[tuple[Span, str, str]]:
        """``(span, key, reason)`` of every task phrase: the hand rules write the reasons of :data:`WRITTEN`, try
        "uncued" ones as list items (:meth:`_coordinated`) and drop the rest; a ranker judges them all."""
        out = []
        for match_id, start, end in self.heads(doc):
            span = doc[start:end]
            if match_id == self._setting:
                setting = self._title_setting(doc, start, end, end_of_title)
                out.extend([(*setting, "setting")] if setting else [])
                continue
            of_object = self._head_of(doc, start, end)
            if of_object is not None:  # "Recognition of Sepsis" only in titles
                written = of_object.start < end_of_title or (not of_object[-1].is_title and self._cued(doc, of_object))
                out.append((of_object, self._key(of_object), "head_of" if written else "head_of_uncued"))
            start = self._modifiers_start(doc, start, 3 if start < end_of_title else 2)
            if start == span.start:
                continue  # a bare head ("segmentation") is not a task
            trimmed = self._trim(doc[start:end])
            if trimmed is None:
                continue
            if _head_word(trimmed) in self.cues.weak_task_heads and start >= end_of_title:
                out.append((trimmed, self._key(trimmed), "weak_head"))  # "catastrophic forgetting": title only
                continue
            reason = "title" if start < end_of_title else "cued" if self._cued(doc, trimmed) \
                else "opening" if self._opening(doc, trimmed, end_of_title) else "uncued"
            out.append((trimmed, self._key(trimmed), reason))
        out.extend([(s, k, "task_of") for s, k in self._task_of(doc)]
                   + [(s, k, "title_for") for s, k in self._title_for(doc, end_of_title)])
        found = [(s.start, s.end) for s in doc._.kg_tasks] + [(s.start, s.end) for s, _, r in out if r in WRITTEN]
        out.extend((s, self._key(s), "title_phrase") for s in title_phrases(doc, end_of_title, self.cues)
                   if not any(a < s.end and s.start < b for a, b in found))  # a clause around a found task adds none
        for _, start, end in self.harvested(doc):
            span = doc[start:end]  # a name the field's task catalogs list, unless graded ("accurate localization")
            if self._trim(span) == span:
                written = start < end_of_title or _head_word(span) not in self.cues.weak_task_heads
                out.append((span, self._key(span), "catalog" if written else "catalog_weak"))
        at: dict[int, list[int]] | None = None  # ORTH id -> positions, made once: not tokens x definitions
        expanded: set[tuple[str, str]] = set()  # (short form, key) whose every use is already a candidate
        for pair in abbreviation_pairs(doc):
            long = self._trim(pair.long)
            if long is None or self.methods.lookup(pair.short.text):
                continue  # "Contrastive Language-Image Pre-training (CLIP)" names a method
            words = [t for t in long if t.text != "-" and not (t.i > 0 and doc[t.i - 1].text == "-")]
            if (_head_word(long) in self.cues.task_heads or _head_word(long) == "learning") and len(words) <= 3 \
                    and not any(t.lower_ in self.cues.task_stop_words for t in long):
                key = self._key(long)
                # defining "RL" does not make reinforcement learning the paper's problem
                reason = "abbrev_paradigm" if name_key(key) in self.paradigms else "abbrev"
                out.append((long, key, reason))
                if (pair.short.text, key) in expanded:
                    continue
                expanded.add((pair.short.text, key))
                at = token_positions(doc) if at is None else at
                out.extend((doc[i:i + 1], key, reason) for i in at.get(get_string_id(pair.short.text), ()))
        return out

    def groups(self, doc: Doc) -> list[TaskGroup]:
        """Every task candidate of *doc* (run up to this component), grouped by entity, with its features."""
        taken = {(s.start, s.end) for spans in (doc._.kg_datasets, doc._.kg_metrics, doc._.kg_repos) for s in spans}
        end_of_title = title_end(doc, untitled=0)
        return task_groups(self, doc, self._candidates(doc, end_of_title), end_of_title, taken)

    def __call__(self, doc: Doc) -> Doc:
        groups = self.groups(doc) if self.ranker is not None else []
        if self.ranker is not None and self.veto_below is None:
            apply_ranker(self, doc, groups, self.ranker)
            return doc
        if any(self._technique(doc, s) for s in doc._.kg_tasks):  # technique uses of curated tasks are not tasks
            kept = [s for s in doc.spans[SPANS_KEY] if not (s.label_ == "TASK" and self._technique(doc, s))]
            doc.spans[SPANS_KEY] = SpanGroup(doc, name=SPANS_KEY, spans=kept)
        end_of_title = title_end(doc, untitled=0)
        taken = {(s.start, s.end) for spans in (doc._.kg_datasets, doc._.kg_metrics, doc._.kg_tasks, doc._.kg_repos)
                 for s in spans}
        candidates = self._candidates(doc, end_of_title)
        uncued = [(span, key) for span, key, reason in candidates if reason == "uncued"]
        for span, key, _ in sorted((c for c in candidates if c[2] in WRITTEN), key=lambda c: (c[0].start, -c[0].end)):
            self._write(doc, span, key, taken)
        added = True
        while added and uncued:  # items of a list of tasks, beyond in_task_list's window
            tasks = doc._.kg_tasks
            ends, starts = {s.end for s in tasks}, {s.start for s in tasks}
            coordinated = [c for c in uncued if self._coordinated(doc, c[0], ends, starts)
                           and in_task_list(doc, c[0].start, self.cues.task_list_nouns, window=40)]
            uncued = [c for c in uncued if c not in coordinated]
            added = any([self._write(doc, span, key, taken) for span, key in coordinated])
        if groups:  # a ranker with bounds: the hand rules' result, vetoed and added to
            veto(self, doc, groups, self.ranker, self.veto_below, self.add_above)
        return doc

    def _write(self, doc: Doc, span: Span, key: str, taken: set[tuple[int, int]]) -> bool:
        if (span.start, span.end) in taken or self._technique(doc, span) or key.lower() in self.cues.generic_fields:
            return False
        taken.add((span.start, span.end))
        self.write_span(doc, span, *self.entity_of(key))
        return True

    def entity_of(self, key: str) -> tuple[str, str]:
        """The id and name of the task a phrase names: a curated one's, or ``task:<slug>``."""
        return self.curated.get(name_key(key)) or (entity_id("task", self._id_key(key)), key)

    def write_span(self, doc: Doc, span: Span, kb: str, name: str) -> None:
        listed = self.harvested_sources.get(name_key(name))
        add_span(doc, Span(doc, span.start, span.end, label="TASK", kb_id=kb),
                 SpanInfo(name, extractor=self.name, confidence=self.confidence,
                          props={"sources": listed[1]} if listed else ()))

    @staticmethod
    def _coordinated(doc: Doc, span: Span, ends: set[int], starts: set[int]) -> bool:
        """Whether *span* is joined by "and" / "or" to a task ("image segmentation and one-shot mesh
        editing"): the items of a coordination are of one kind."""
        i = span.start
        while i > 0 and doc[i - 1].lower_ in _COORDINATORS:
            i -= 1
        j = span.end
        while j < len(doc) and doc[j].lower_ in _COORDINATORS:
            j += 1
        return (i < span.start and i in ends and any(t.lower_ in ("and", "or") for t in doc[i:span.start])) \
            or (j > span.end and j in starts and any(t.lower_ in ("and", "or") for t in doc[span.end:j]))


@Language.factory("task_patterns", assigns=["doc.spans", "doc._.kg_tasks", "span._.kg"],
                  requires=["token.text", "doc._.abbreviations", "doc._.kg_tasks", "doc._.kg_datasets",
                            "doc._.kg_metrics", "doc._.kg_repos"],
                  default_config={"confidence": 0.6, "cues": DEFAULT_CUES_CONFIG, "ranker": None, "veto_below": None,
                                  "add_above": None})
def make_task_patterns(nlp: Language, name: str, confidence: float, cues: Cues, ranker: str | None,
                       veto_below: float | None, add_above: float | None) -> TaskPatterns:
    """spaCy factory for :class:`TaskPatterns` (*ranker*: a weights file, "shipped" or null, see task_features)."""
    return TaskPatterns(nlp, name, confidence, cues, ranker, veto_below, add_above)
