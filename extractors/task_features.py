"""Features of task candidates, and the trained ranker's decision over them.

:meth:`extractors.tasks.TaskPatterns._candidates` lists every task phrase with the reason that produced it
(a cue, the title, "task of", a catalog, an abbreviation, no cue at all ...); the vocabulary ruler's TASK spans
join them. Candidates naming one entity (one id) in one abstract form a :class:`TaskGroup`, described by binary
string features: the reasons, the head and first words, the words around each mention, where the mentions are
(title, first or last sentence), what their sentences say (we / our, a proposal verb, a list of examples), how
often the entity is written, whether a catalog lists it, whether a means' cue comes before ("via", "using").
A :class:`extractors.ranker.Ranker` trained on annotated abstracts (``training/rank.py``) keeps a group when
its score reaches the threshold; the hand rules are not applied then.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> for pipe in ("token_fixes", "abstract_sentencizer", "abbreviations", "vocab_ruler", "task_patterns"):
...     _ = nlp.add_pipe(pipe)
>>> doc = nlp.make_doc("Fast Meningioma Segmentation in MRI\\nWe study lesion segmentation via graph search.")
>>> for _, proc in nlp.pipeline[:-1]:
...     doc = proc(doc)
>>> groups = nlp.get_pipe("task_patterns").groups(doc)
>>> [(g.name, "src=title" in g.features, "loc=title" in g.features) for g in groups]
[('meningioma segmentation', True, True), ('lesion segmentation', False, False), ('graph search', False, False)]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, SpanGroup

from extractors.candidate_features import OWN_WORDS, CandidateGroup, Sentences, bucket, mention_words, word_feature
from extractors.method_cues import learning_setting
from extractors.methods_vocab import provenance
from extractors.ranker import Ranker
from extractors.spans import SPANS_KEY, span_info
from extractors.vocab_ruler import in_task_list
from kg.names import name_key

#: The task component (``extractors.tasks.TaskPatterns``; not imported: it imports this module).
TaskPatterns = Any

__all__ = ["TaskGroup", "apply_ranker", "load_harvested_tasks", "mention_features", "task_groups", "veto"]

#: Words before a list of examples ("tasks such as X", "e.g. X", "including X").
_EXAMPLE_INTROS = frozenset({"such", "e.g.", "e.g", "including", "include", "includes", "like", "namely", "i.e."})
#: Nouns that make a sentence the paper's own after "this" ("this paper"), besides OWN_WORDS.
_PAPER = frozenset({"paper", "work", "study", "article"})


class TaskGroup(CandidateGroup):
    """The candidates naming one task entity in one abstract: its id, name, mentions and features."""


def load_harvested_tasks(path: str | Path, heads: frozenset[str]) -> dict[str, tuple[str, list[str]]]:
    """Task names of the field's catalogs (``data/harvested/tasks.jsonl``: SciREX, MTEB, tfds ...) that are
    safe to match without a cue: two words or more, ending in a task head, not made of common words only
    ("intent classification", "scene text detection"; not "beam search" or "data generation").
    ``name_key`` -> (form, sources as ``source@version:id``)."""
    out: dict[str, tuple[str, list[str]]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("common_word"):
                continue
            sources = [provenance(src) for src in rec.get("sources") or []]
            for form in (rec["name"], *rec.get("aliases", ())):
                words = form.lower().split()
                if len(words) >= 2 and words[-1] in heads:
                    out.setdefault(name_key(form), (form, sources))
    return out


class _Context(Sentences):
    """What the features of one document read more than once: sentences, title end, candidate positions."""

    def __init__(self, doc: Doc, end_of_title: int, spans: list[Span]) -> None:
        super().__init__(doc, end_of_title)
        self.ends = {s.end for s in spans}
        self.begins = {s.start for s in spans}
        self.spans = spans


def mention_features(tp: TaskPatterns, ctx: _Context, span: Span, reason: str) -> set[str]:
    """Binary features of one mention (see the module docstring)."""
    doc, cues = ctx.doc, tp.cues
    out = mention_words(ctx, span, reason)
    words = [t.lower_ for t in span if t.text != "-"]
    before = [word_feature(t) for t in doc[max(0, span.start - 2):span.start]]
    if span.start >= ctx.end_of_title:
        _, s_start, s_end = ctx.sentence(span.start)
        sent = [t.lower_ for t in doc[s_start:s_end]]
        if OWN_WORDS & set(sent) or any(a == "this" and b in _PAPER for a, b in zip(sent, sent[1:])):
            out.add("sent_own")
        if set(sent) & cues.propose_verbs:
            out.add("sent_propose")
        if set(sent) & cues.evaluation_words:
            out.add("sent_eval")
        if set(sent) & cues.prior_work_words:
            out.add("sent_prior")
        window = sent[max(0, span.start - s_start - 8):span.start - s_start]
        if _EXAMPLE_INTROS & set(window):
            out.add("in_examples")
    if before and before[-1] in cues.technique_cues:
        out.add("technique_before")
    if before and before[-1] in cues.means_before:
        out.add("means_before")
    if span.end < len(doc) and doc[span.end].lower_ in cues.means_heads_after:
        out.add("means_after")
    if before and before[-1] in cues.problem_verbs:
        out.add("problem_verb")
    if in_task_list(doc, span.start, cues.task_list_nouns):
        out.add("task_list")
    if _coordinated(doc, span, ctx):
        out.add("coordinated")
    if any(o.start <= span.start and span.end <= o.end and len(o) > len(span) for o in ctx.spans):
        out.add("inside_longer")
    if len(span) == 1 and span[0].is_upper:
        out.add("acronym")
    if span[0].is_title and span.start >= ctx.end_of_title:
        out.add("capitalised")
    if learning_setting(span, cues):
        out.add("setting")
    if words[-1] in cues.weak_task_heads:
        out.add("weak_head")
    return out


def _coordinated(doc: Doc, span: Span, ctx: _Context) -> bool:
    """Joined by "and" / "or" / a comma to another candidate ("segmentation, detection and tracking")."""
    i, j = span.start, span.end
    left = i >= 2 and doc[i - 1].lower_ in {",", "and", "or"} and (i - 1) in ctx.ends
    left = left or (i >= 2 and doc[i - 1].lower_ in {"and", "or"} and doc[i - 2].text == "," and (i - 2) in ctx.ends)
    right = j + 1 < len(doc) and doc[j].lower_ in {",", "and", "or"} and (j + 1) in ctx.begins
    return left or right


def task_groups(tp: TaskPatterns, doc: Doc, candidates: list[tuple[Span, str, str]], end_of_title: int,
                taken: set[tuple[int, int]]) -> list[TaskGroup]:
    """The candidates (pattern ones and the vocabulary ruler's TASK spans) grouped by entity, with features;
    a span another kind holds (*taken*) is not a candidate."""
    mentions: list[tuple[Span, str, str, str]] = []  # span, reason, kb id, name
    for span in doc._.kg_tasks:
        info = span_info(span)
        entry = tp.curated_context.get(span.kb_id_)
        mentions.append((span, "vocab_salient" if entry == "salient" else "vocab", span.kb_id_,
                         info.name if info and info.name else span.text))
    for span, key, reason in candidates:
        if (span.start, span.end) in taken or key.lower() in tp.cues.generic_fields:
            continue
        kb, name = tp.entity_of(key)
        mentions.append((span, reason, kb, name))
    ctx = _Context(doc, end_of_title, [m[0] for m in mentions])
    groups: dict[str, TaskGroup] = {}
    for span, reason, kb, name in mentions:
        group = groups.setdefault(kb, TaskGroup(kb, name))
        group.mentions.append((span, reason))
        group.features |= mention_features(tp, ctx, span, reason)
    for group in groups.values():
        positions = {(s.start, s.end) for s, _ in group.mentions}
        group.features.add(f"count={bucket(len(positions), (1, 2, 3))}")
        if name_key(group.name) in tp.harvested_sources:
            group.features.add("catalog")
        if group.kb in tp.curated_context:
            group.features.add("curated")
        if len({r for _, r in group.mentions}) > 1:
            group.features.add("multi_src")
    return list(groups.values())


def veto(tp: TaskPatterns, doc: Doc, groups: list[TaskGroup], ranker: Ranker, below: float,
         above: float | None = None) -> None:
    """After the hand rules: remove the TASK spans of the entities whose group the ranker scores below *below*,
    and write the groups the hand rules left out that it scores at least *above* (None: none)."""
    scores = {g.kb: ranker.score(g.features) for g in groups}
    present = {s.kb_id_ for s in doc._.kg_tasks}
    written = {(s.start, s.end) for s in doc._.kg_tasks}
    for group in groups:
        if above is not None and group.kb not in present and scores[group.kb] >= above:
            for span, _ in sorted(group.mentions, key=lambda m: (m[0].start, -m[0].end)):
                if (span.start, span.end) not in written:
                    written.add((span.start, span.end))
                    tp.write_span(doc, span, group.kb, group.name)
    vetoed = {kb for kb, p in scores.items() if p < below}
    if vetoed & {s.kb_id_ for s in doc._.kg_tasks}:
        kept = [s for s in doc.spans[SPANS_KEY] if not (s.label_ == "TASK" and s.kb_id_ in vetoed)]
        doc.spans[SPANS_KEY] = SpanGroup(doc, name=SPANS_KEY, spans=kept)


def apply_ranker(tp: TaskPatterns, doc: Doc, groups: list[TaskGroup], ranker: Ranker) -> None:
    """Write the mentions of the groups the ranker keeps and remove the vocabulary's TASK spans of the others."""
    dropped: set[tuple[int, int, str]] = set()
    written: set[tuple[int, int]] = {(s.start, s.end) for s in doc._.kg_tasks}
    for group in groups:
        keep = ranker.keep(group.features)
        for span, reason in sorted(group.mentions, key=lambda m: (m[0].start, -m[0].end)):
            if reason.startswith("vocab"):
                if not keep:
                    dropped.add((span.start, span.end, span.kb_id_))
            elif keep and (span.start, span.end) not in written:
                written.add((span.start, span.end))
                tp.write_span(doc, span, group.kb, group.name)
    if dropped:
        kept = [s for s in doc.spans[SPANS_KEY] if not (s.label_ == "TASK" and (s.start, s.end, s.kb_id_) in dropped)]
        doc.spans[SPANS_KEY] = SpanGroup(doc, name=SPANS_KEY, spans=kept)
