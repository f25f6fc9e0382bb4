"""Frames that report a score without a metric span next to it, for :mod:`extractors.results`.

The results component ties a list of scores to a METRIC span before or after it. Abstracts of 2026 also
report scores in frames where no extractor named the measure, or where the score is a comparison to a score
already tied in the same or the previous sentence:

- a measure named after the score by a head noun of ``score_after_heads`` ("26.94 average score",
  "75.6% average success", "from 40.8% to 53.2% trial success", "200 ms response latency"), with up to
  four modifiers, and nothing but a follower ("on", "with", ",") after it;
- a bare score named before it: "a score of 94.3 on X", "an average score of 50.7";
- a measure head (``score_after_heads``, ``metric_heads``) between a change verb and "from": "raises
  real-world policy success from 52.5% to 72.5%", "raises X's exact-step agreement with teacher labels
  from 47.2% to 63.6%";
- a parenthesis holding only scores of the sentence's metric, after a name or a setting: "outperforming
  open-book PoC context (60.0%), Best-of-8 sampling (63.0%)", "F1 scores on categories such as Fear (0.73)",
  "air-travel commands (8.40% to 3.40%)", "(CHiME-4, 12.69% to 10.46%)";
- a change "from A [and B] to C [and D]" in a sentence without a metric, after a sentence whose scores were
  tied, in the same unit: "... achieves an 84.5% pass rate. The planner also improves X and Y from 45.0%
  and 58.5% to 60.0% and 71.0%." (none of the measure words of ``metric_heads`` or ``score_after_heads``
  may come between the verb and "from": "raises its out-of-domain success from" names another measure), or
  a lone score after a score verb there: "The strongest baseline scores 54.7%."

Only decimals and percentages are scores here (whole numbers in parentheses are list markers, counts or
references), except a whole number with a time unit of ``score_units`` ("200 ms ... latency").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from extractors.cues import Cues
from extractors.numbers import Number, parse_number

__all__ = ["ResultFrames"]


def _scorelike(group: list[Number]) -> bool:
    """Decimals and percentages ("0.73", "60.0%"), not whole numbers ("(1)", "(2017)", "300")."""
    return all(n.unit == "%" or "." in n.raw for n in group)


class ResultFrames:
    """The metric of a list of scores that no METRIC span ties (see the module docstring)."""

    def __init__(self, cues: Cues) -> None:
        self.cues = cues
        self._measure_words = cues.score_after_heads | cues.metric_heads
        # words that end the modifiers of a measure after its score ("60% of the time", "60% higher")
        self._stops = cues.score_followers | cues.clause_words | cues.link_words | cues.relative_after

    def applies(self, sent: Span) -> bool:
        """Whether *sent* may hold a frame without any METRIC span: a head noun of ``score_after_heads``."""
        return any(t.lower_ in self.cues.score_after_heads for t in sent)

    def metric_for(self, doc: Doc, sent: Span, group: list[Number], metrics: list[Span], taken: set[int],
                   previous: list[tuple[Number, float, Span]]) -> Span | None:
        """The metric span of *group* in one of the frames, else None. *taken* are the tokens of named
        spans; *previous* the scores tied in the sentence before."""
        if group[0].start > sent.start and doc[group[0].start - 1].lower_ in {"at", "under"}:
            return None  # an operating point: "at 95% precision", "under 10% noise"
        if self._after_margin(doc, sent, group[0].start):
            return None  # "by up to 4.5% SR on X and 4.1% success on Y": the margins go on
        return (self._measure_after(doc, sent, group, metrics, taken) or self._score_of(doc, sent, group, taken)
                or self._parenthesised(doc, sent, group, metrics) or self._changed(doc, sent, group, metrics, taken)
                or self._continued(doc, sent, group, metrics, previous))

    def _after_margin(self, doc: Doc, sent: Span, start: int) -> bool:
        """Whether the number at *start* follows "and" / "," in a sentence with a margin ("by 4.5%") before it."""
        k = start - 1
        while k > sent.start and doc[k].lower_ in self.cues.approximators:
            k -= 1
        if k <= sent.start or doc[k].lower_ not in {"and", ","}:
            return False
        for i in range(sent.start, k):
            if doc[i].lower_ == "by":
                j = i + 1
                while j < k and doc[j].lower_ in self.cues.approximators:
                    j += 1
                if j < k and parse_number(doc[j].text) is not None:
                    return True
        return False

    def _measure_after(self, doc: Doc, sent: Span, group: list[Number], metrics: list[Span],
                       taken: set[int]) -> Span | None:
        """ "26.94 average score with X", "53.2% trial success,", "200 ms model-side response latency"; a
        METRIC span after the modifiers is the measure ("200 ms model-side response latency")."""
        i = group[-1].end
        if not _scorelike(group):
            if len(group) > 1 or i >= sent.end or doc[i].lower_ not in self.cues.score_units:
                return None
            i += 1  # "200 ms"
        start, heads = i, self.cues.score_after_heads
        while i < sent.end and i - start < 8:  # up to four words, hyphens apart
            tok = doc[i]
            metric = next((m for m in metrics if m.start == i), None)
            if i in taken and metric is None:
                return None
            if metric is not None or tok.lower_ in heads:
                i = metric.end - 1 if metric is not None else i
                follower = doc[i + 1] if i + 1 < sent.end else None
                if follower is not None and follower.is_alpha and follower.lower_ not in self.cues.score_followers:
                    return None  # "60% success cases": the head modifies a noun of its own
                first = start if start < i else i
                if any(doc[k].lower_ in self.cues.not_measures for k in range(first, i)):
                    return None  # a setting: "a 15% dropout rate"
                return metric if metric is not None else doc[first:i + 1]
            if tok.text in {"-", "–"} and not tok.whitespace_ and i > start:
                i += 1  # a hyphenated modifier: "model - side"
                continue
            inner = i > start and doc[i - 1].text in {"-", "–"} and not doc[i - 1].whitespace_  # "end-to-end"
            if not tok.is_alpha or (tok.lower_ in self._stops and not inner):
                return None
            i += 1
        return None

    def _score_of(self, doc: Doc, sent: Span, group: list[Number], taken: set[int]) -> Span | None:
        """ "a score of 94.3", "an average score of 50.7", "a mean Overall score of 75.54"."""
        if not _scorelike(group):
            return None
        k = group[0].start - 1
        while k > sent.start and doc[k].lower_ in self.cues.approximators:
            k -= 1
        if k - 1 <= sent.start or doc[k].lower_ != "of" or doc[k - 1].lower_ not in {"score", "scores"}:
            return None
        head = k - 1
        start = head
        while start - 1 > sent.start and doc[start - 1].lower_ in self.cues.score_metric_modifiers:
            start -= 1
        if head in taken or doc[start - 1].lower_ not in {"a", "an", "the"}:
            return None  # "the quality score of the generated images" is a score of something else
        return doc[start:head + 1]

    def _parenthesised(self, doc: Doc, sent: Span, group: list[Number], metrics: list[Span]) -> Span | None:
        """ "(60.0%)", "(8.40% to 3.40%)", "(CHiME-4, 12.69% to 10.46%)" after the sentence's metric."""
        end = group[-1].end
        if not _scorelike(group) or end >= sent.end or doc[end].text != ")":
            return None
        k = group[0].start - 1
        if doc[k].text in {",", ":"} and k - 2 >= sent.start and doc[k - 2].text == "(":
            k -= 2  # a name before the scores: "(CHiME-4, 12.69% to 10.46%)"
        if doc[k].text != "(":
            return None
        before = [m for m in metrics if m.end <= k]
        return before[-1] if before else None

    def _change_verb(self, doc: Doc, sent: Span, group: list[Number]) -> int | None:
        """The change verb of "VERB ... from A [and B] to C [and D]" (no number between), else None."""
        frm = group[0].start - 1
        if frm <= sent.start or doc[frm].lower_ != "from" or not any(doc[n.start - 1].lower_ == "to" for n in group):
            return None
        for k in range(frm - 1, max(sent.start, frm - 16) - 1, -1):
            if parse_number(doc[k].text) is not None or doc[k].text in {";", ":"}:
                return None
            if doc[k].lower_ in self.cues.change_verbs:
                return k
        return None

    def _changed(self, doc: Doc, sent: Span, group: list[Number], metrics: list[Span], taken: set[int]) -> Span | None:
        """ "raises real-world policy success from 52.5% to 72.5%", "raises X's exact-step agreement with
        teacher labels from 47.2% to 63.6%": a measure head between a change verb and "from"."""
        verb = self._change_verb(doc, sent, group) if _scorelike(group) else None
        if verb is None or any(verb < m.start < group[0].start for m in metrics):
            return None
        frm = group[0].start - 1
        head = next((k for k in range(verb + 1, frm) if doc[k].lower_ in self._measure_words), None)
        if head is None or head in taken:
            return None
        while head + 1 < frm and doc[head + 1].lower_ in self._measure_words:
            head += 1  # "error rate"
        if frm - head > 5 or doc[head + 1].lower_ not in {"from", "with", "on", "in", "for", "of", "across"}:
            return None  # "raises success on Foo from" / "agreement with teacher labels from", not a clause
        start = head
        while start - 1 > verb:
            tok = doc[start - 1]
            inner = tok.text in {"-", "–"} and not tok.whitespace_ or doc[start - 2].text in {"-", "–"} \
                and not doc[start - 2].whitespace_
            if start - 1 in taken or not (tok.is_alpha or inner) or (tok.lower_ in self._stops and not inner) \
                    or tok.lower_ in self.cues.not_measures:
                break
            start -= 1
        return doc[start:head + 1]

    def _continued(self, doc: Doc, sent: Span, group: list[Number], metrics: list[Span],
                   previous: list[tuple[Number, float, Span]]) -> Span | None:
        """ "The planner also improves X and Y from 45.0% and 58.5% to 60.0% and 71.0%" after a sentence
        whose scores are of the same unit."""
        if metrics or not previous or not _scorelike(group) or group[0].start <= sent.start:
            return None
        if any(n.unit != previous[-1][0].unit for n in group):
            return None
        prev, end = doc[group[0].start - 1], group[-1].end
        if prev.lower_.startswith(tuple(self.cues.achieve_prefixes)) and len(group) == 1 and \
                (end >= sent.end or not doc[end].is_alpha or doc[end].lower_ in self.cues.score_followers):
            return previous[-1][2]  # "The strongest baseline scores 54.7%."
        verb = self._change_verb(doc, sent, group)
        if verb is None or any(doc[k].lower_ in self._measure_words for k in range(verb + 1, group[0].start)):
            return None
        return previous[-1][2]
