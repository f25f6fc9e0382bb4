"""The score numbers of a sentence for :mod:`extractors.results`: which numbers are scores, and their lists.

A number token ("66.0", "97.07%", "0.18\\%") is a candidate score unless it is a relative gain
("+2.1 AP", "by 5%", "1.5% higher", "an improvement of 1.4"), the next item of a margin's own list, a
compound modifier ("10-shot"), a count or a year ("300 epochs", "2017"), or a confidence interval.
A range written "0.118-0.143" gives both ends. Numbers separated only by list words, error bars or
parentheticals form one coordinated list ("2.47%, 1.29% and 0.88%", "from 0.25 to 0.35").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from extractors.cues import Cues
from extractors.numbers import Number, parse_number
from extractors.text import sentence_bounds

__all__ = ["ScoreNumbers"]


def _after_gain_colon(doc: Doc, start: int, gain_before: frozenset[str]) -> bool:
    """Whether token *start* is in a list after "<gain cue> ...:" in its clause ("by a large margin: 5.5% mIoU")."""
    i = start - 1
    sent_start = sentence_bounds(doc, start)[0]
    while i > sent_start and doc[i].text not in {":", ";"}:
        i -= 1
    if i <= sent_start or doc[i].text != ":":
        return False
    return bool({t.lower_ for t in doc[max(sent_start, i - 4):i]} & gain_before)


def _first(text: str) -> float:
    """The first value of a number token ("2017", "15\\,s", "\\textbf{46"), -1 when it has none."""
    parsed = parse_number(text)
    return parsed[0][0] if parsed else -1.0


class ScoreNumbers:
    """Finds the candidate scores of a sentence and groups them into coordinated lists."""

    def __init__(self, cues: Cues) -> None:
        self.cues = cues
        self._gain_before = cues.relative_before | {"by"}  # "<gain cue> ...:" and "by a large margin:"

    def find(self, sent: Span) -> list[Number]:
        """The candidate scores of *sent*, in text order."""
        doc, out, i = sent.doc, [], sent.start
        margins: set[str] = set()  # what follows each margin of the sentence ("F1" in "by 1.0 F1 on news")
        while i < sent.end:
            tok = doc[i]
            parsed = parse_number(tok.text) if tok.text[0].isdigit() or tok.text[0] == "\\" else None
            if parsed is None:
                i += 1
                continue
            end = i + 1
            values, unit = parsed
            if end + 1 < sent.end and doc[end].text in {"-", "–"} and not tok.whitespace_ and not doc[end].whitespace_:
                second = parse_number(doc[end + 1].text)  # a range: "RMSE 0.118-0.143" reports both ends
                if second is not None and "." in tok.text and "." in doc[end + 1].text:
                    values, unit, end = values + second[0], unit or second[1], end + 2
            while end < sent.end and doc[end].text in {"%", "}"}:
                unit = unit or ("%" if doc[end].text == "%" else "")
                end += 1
            follows = unit + (doc[end].lower_ if end < sent.end else "")
            if self._relative_or_count(doc, i, end, unit):
                margins.add(follows)
            elif not (follows in margins and self._continues_list(doc, i)):
                out.append(Number(i, end, values, unit, doc[i:end].text))
            i = end
        return out

    def _continues_list(self, doc: Doc, start: int) -> bool:
        """Whether the number at *start* is the next item of a coordination ("... and more than 3.5 F1"):
        a number written like a margin before it in its sentence is then a margin too."""
        k = self._before_hedge(doc, start)
        return k >= 0 and doc[k].lower_ in {"and", ","}

    def _before_hedge(self, doc: Doc, start: int) -> int:
        """The token before the number at *start* and any hedge in front of it ("by up to", "and more than")."""
        k = start - 1
        while k > 0 and doc[k].lower_ in self.cues.approximators:
            k -= 1
        return k

    def _relative_or_count(self, doc: Doc, start: int, end: int, unit: str) -> bool:
        prev = doc[start - 1].lower_ if start > 0 else ""
        nxt = doc[end].lower_ if end < len(doc) else ""
        text = doc[start].text
        if nxt == "-" and not doc[end - 1].whitespace_:
            return True  # a compound modifier: "79-step", "10-shot"
        if prev in {"by", "+", "±", "pm", "-", "−", "×", "x"} or text.startswith("+"):
            return True
        k = self._before_hedge(doc, start)
        if k < start - 1 and doc[k].lower_ in {"by", "+"}:
            return True  # a margin hedged: "improves X by up to 0.09 AUROC", "by about 3%"
        cues = self.cues
        if nxt in cues.relative_after or (nxt and nxt[0] in "x×" and len(nxt) == 1):
            return True
        before = {t.lower_ for t in doc[max(0, min(k, start - 1) - 2):start]}  # three words before any hedge
        if before & cues.relative_before and before & {"of", "by", "than"}:
            return True  # "an improvement of approximately 1.4", "an improvement of more than 2.5 F1"
        if {t.lower_ for t in doc[end:end + 3]} & cues.gain_after_metric:
            return True  # "1.4 BLEU points", "2% accuracy degradation"
        if _after_gain_colon(doc, start, self._gain_before):
            return True  # "outperforms them by a large margin: 5.5% mIoU, 17.6% mAP"
        if before & cues.interval_before or nxt in cues.interval_after:
            return True  # a confidence interval ("95% CI 1.2-1.6")
        if not unit and (nxt in cues.units_not_scores or ("." not in text and 1900 <= _first(text) <= 2100)):
            return True
        return False

    def groups(self, doc: Doc, numbers: list[Number]) -> list[list[Number]]:
        """Coordinated lists: numbers separated only by list words, error bars or parentheticals."""
        groups: list[list[Number]] = []
        for num in numbers:
            if groups and self._linked(doc, groups[-1][-1].end, num.start):
                groups[-1].append(num)
            else:
                groups.append([num])
        return groups

    def _linked(self, doc: Doc, a: int, b: int) -> bool:
        i, depth, separators = a, 0, self.cues.result_list_separators
        while i < b:
            t = doc[i].text.lower()
            if t == "(":
                depth += 1
            elif t == ")":
                depth -= 1
                if depth < 0:  # the parenthesis of the first number closes: "(peak 81.82%), with specificity 0.81"
                    return False
            elif depth == 0 and t not in separators and not parse_number(t) and t not in {"pm", "±", "%"}:
                return False
            i += 1
        return True
