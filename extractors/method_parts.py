"""Named parts of a proposal, found once the abstract has named the paper's own method.

An abstract describes the inside of its own method, not of the ones it compares with. After the first
abstract mention of a name the paper proposes, in a sentence that names no prior work before it:

- a capitalised name right after a part verb ("LAVIDA employs an Anomaly Exposure Sampler", "X introduces a
  lightweight Foo Bar Perceptor (FBP)"), with its parenthesised short form when one follows;
- a capitalised name with a lower-case part head after it ("the Spatial Gradient-based Denoising strategy",
  "an Epipolar Mask Encoder module"): written with its head, and without it as a second form;
- a capitalised definition that is its sentence's subject ("The Semantic Anchor Localization (SAL) utilizes ...")

is a named part of the proposal, so proposed too.

>>> import spacy
>>> from extractors.cues import load_cues
>>> nlp = spacy.blank("en")
>>> doc = nlp("Foo: a title\\nWe propose FooNet. FooNet employs a Gated Bar Sampler and a Dense Baz strategy.")
>>> [(s.text, h) for s, h in part_runs(doc, 5, 7, load_cues())]
[('Gated Bar Sampler', False), ('Dense Baz strategy', True)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Doc, Span

from extractors.cues import Cues
from extractors.method_candidates import proposal_parts
from extractors.method_cues import sent_start, skip_parenthesis
from extractors.method_entities import DocMethods
from extractors.proposed import title_run
from extractors.text import span_text

__all__ = ["part_runs", "own_parts"]

#: Words skipped between a part verb and the name ("introduces a lightweight Foo Bar").
_SKIP = frozenset({"a", "an", "the", "our", "its", "new", "novel", "lightweight", "dedicated", "simple",
                   "learnable", "dual", "two", "key"})


def _part_verb_before(doc: Doc, i: int, first: int, cues: Cues) -> bool:
    """Whether a part verb stands before token *i* with only :data:`_SKIP` words between."""
    j = i - 1
    while j >= first and doc[j].lower_ in _SKIP:
        j -= 1
    return j >= first and doc[j].lower_ in cues.part_verbs


def part_runs(doc: Doc, own_start: int, title_end: int, cues: Cues) -> Iterator[tuple[Span, bool]]:
    """Capitalised runs after token *own_start* that name parts of the proposal (see the module docstring), each
    with whether its span ends in a lower-case part head."""
    i = max(own_start, title_end)
    while i < len(doc):
        tok = doc[i]
        if not (tok.is_title or tok.is_upper) or (i > 0 and doc[i - 1].text in {"-", "("}):
            i += 1
            continue
        run = title_run(doc, i, min(len(doc), i + 10))
        if run is None:
            i += 1
            continue
        words = [t for t in run if t.i == run.start or doc[t.i - 1].whitespace_]
        first = sent_start(doc, run.start)
        if len(words) < 2 or not all(t.is_title or t.is_upper for t in words) \
                or any(t.lower_ in cues.prior_work_words for t in doc[first:run.start]):
            i = run.end
            continue
        head = doc[run.end] if run.end < len(doc) else None
        if head is not None and head.is_lower and head.lower_ in cues.part_heads:
            yield doc[run.start:run.end + 1], True
        elif _part_verb_before(doc, run.start, first, cues) and not run[-1].lower_.endswith("s"):
            yield run, False
        i = run.end


def own_parts(doc: Doc, ents: DocMethods, cues: Cues, runs: list[Span], new_run: Callable[[Span], bool],
              specific: Callable[[Span], bool]) -> None:
    """Mark the named parts of the proposal proposed, adding them when new: the title-case *runs* of the authors'
    own sentences (:func:`~extractors.method_candidates.proposal_parts`) that are *new_run* (not taken, known,
    generic, another kind's), and the parts :func:`part_runs` finds; *specific*: whether a span may name one
    method (not generic, not another kind's)."""
    for run in proposal_parts(runs, ents.covered(), cues):
        if new_run(run):
            ents.add(run).proposed = True
    own = [s.start for ent in ents.entities.values() if ent.proposed for s in ent.spans if s.start >= ents.title_end]
    if not own:
        return
    start = min(own) + 1
    for span, headed in part_runs(doc, start, ents.title_end, cues):
        bare = doc[span.start:span.end - 1] if headed else span
        ent = ents.find(span) or ents.find(bare)
        if ent is not None and ent.curated or not specific(bare):
            continue
        if ent is None and any(other.curated and s.start < span.end and span.start < s.end
                               for other in ents.entities.values() for s in other.spans):
            continue  # "a CLIP Feature module": builds on CLIP
        ent = ents.add(span, name=span_text(span), source="proposal", target=ent)
        ents.add(bare, target=ent)
        ent.proposed = True
        after = skip_parenthesis(doc, bare.end)
        if after > bare.end + 2 and not headed:  # "Foo Bar Perceptor (FBP)"
            ents.add(doc[bare.end + 1:after - 1], target=ent)
    for short, long in ents.pairs:  # "The Semantic Anchor Localization (SAL) utilizes ...": the subject
        first = sent_start(doc, long.start)
        lead = [t for t in doc[first:long.start] if t.lower_ not in {"the", "a", "an", "our"}]
        ent = ents.find(short)
        if long.start >= start and not lead and ent is not None and not ent.curated and not ent.proposed \
                and len(long) >= 2 and all(t.is_title or t.is_upper or not t.is_alpha for t in long) \
                and not long[-1].lower_.endswith("s") and specific(long):
            ent.proposed = True
