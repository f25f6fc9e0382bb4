"""Numeric results: absolute scores tied to a metric, with dataset and method when the sentence says so.

Runs after the entity extractors and reads their METRIC, DATASET and METHOD
spans. In each sentence :class:`~extractors.result_numbers.ScoreNumbers` finds the numbers
("66.0", "0.90", "97.07 %", "83.59pm2.11%", "\\emph{1.46}", "0.35/0.40", "0.18\\%"), which are
grouped into coordinated lists ("2.47%, 1.29% and 0.88%", "from 0.25 to 0.35").
A list is tied to a metric when

- the metric follows it: "66.0 AP", "70.8% accuracy", "75.2% average accuracy",
  "46.7% and 22.0% in TSR and DSR respectively";
- the metric precedes it through linking words: "a precision of 0.90", "MAPEs of 2.47%, 1.29%",
  "AUROC of 0.847 pm 0.050 (internal) and 0.761", "accuracy on ImageNet from 87.6% to 93.2%",
  "AUC averages 0.704", or in parentheses: "collision rate (0.18%)", "AUC (up to 0.901 on X)";
- a change reports both scores: "F1 improved from 0.77 in setting A to 0.86", "accuracy on Foo-Hard from
  54.5% to 96.9%", "the accuracy of frontier LLMs (91.2% vs. 55.1%)";
- a measure no extractor named is read from its head noun ("rate", "score", "error", "consistency" with one
  or two modifiers) when linking words, a change or a parenthesis lead to decimal or percentage scores:
  "task completion rate reaches 78.5%", "bias rates (0.42%-33.75%)", "temporal consistency rises from 0.61";
- "respectively" pairs a list of metrics with a list of numbers of the same length;
- frames of :mod:`extractors.result_frames`: "26.94 average score", "a score of 94.3", "outperforming X
  (60.0%)", and a change "from 45.0% to 60.0%" continuing the previous sentence's scores;
- in a sentence with one metric, a further score of the same unit after "achieves" or
  "X's" belongs to it; a sentence without a metric that "attains 72.4%" continues the last one
  (unless the number modifies a noun of its own: "obtains 88.2% MoE benefits").

A range "0.118-0.143" reports both ends.

**Relative gains are not results**: numbers after "by" or "+" (also hedged: "by up to", "by about"), before
"higher / lower / improvement / gain / x / times / points", or after
"improvement of / gain of / margin of" are skipped, as are error bars ("± 0.05").
The dataset is the DATASET span after "on / in" nearest the number (else the
nearest in the sentence); the method is the nearest METHOD span before it, else the
paper's proposed method when the authors report the number ("We achieve 93.1%", "our model reaches").

Each result is a :class:`kg.model.ResultRecord` whose evidence is the number as written.

>>> from spacy.util import load_config, load_model_from_config
>>> import extractors
>>> nlp = load_model_from_config(load_config(extractors.CONFIG), auto_fill=True)
>>> doc = nlp("T\\nOur model achieves 66.0 AP on COCO test-dev, +2.1 AP over DINO, and a precision of 0.90.")
>>> [(r.metric, r.value, r.dataset, r.evidence.surface) for r in doc._.results]
[('AP', 66.0, 'COCO', '66.0'), ('precision', 0.9, 'COCO', '0.90')]
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.component import Component
from extractors.cues import DEFAULT_CUES_CONFIG, Cues
from extractors.numbers import NUMBER_TOKEN, Number, parse_number
from extractors.result_frames import ResultFrames
from extractors.result_numbers import ScoreNumbers
from extractors.resolve import select_spans
from extractors.spans import SpansWithin, span_info
from extractors.text import Sentences
from kg.model import Evidence, ResultRecord, entity_id

__all__ = ["NUMBER_TOKEN", "parse_number", "ResultFinder", "make_results"]

def _introduced_by_on(doc: Doc, start: int) -> bool:
    """ "on X", "in X", also with a determiner: "on the PASCAL VOC 2007 test set"."""
    i = start - 1
    if i > 0 and doc[i].lower_ in {"the", "a", "an"}:
        i -= 1
    return i >= 0 and doc[i].lower_ in {"on", "in"}

class ResultFinder(Component):
    """Fills ``doc._.results`` (see the module docstring)."""

    def __init__(self, name: str, confidence: float, cues: Cues) -> None:
        super().__init__(name, cues)
        self.confidence = confidence
        self._achieve = tuple(cues.achieve_prefixes)
        self.numbers = ScoreNumbers(cues)
        self.frames = ResultFrames(cues)

    # -- attaching metrics --------------------------------------------------------------------------------

    @staticmethod
    def _metric_groups(doc: Doc, metrics: list[Span]) -> list[list[Span]]:
        """Coordinated metrics ("accuracy, precision and F1"); "(TSR)" after its long form is not another one."""
        groups: list[list[Span]] = []
        for m in metrics:
            last = groups[-1][-1] if groups else None
            if last is not None and last.kb_id_ == m.kb_id_ and m.start == last.end + 1 and doc[last.end].text == "(":
                continue
            if last is not None and all(doc[i].text in {",", "and", "/", "(", ")"} or
                                        (doc[i].is_upper and doc[i - 1].text == "(") for i in range(last.end, m.start)):
                groups[-1].append(m)
            else:
                groups.append([m])
        return groups

    def _skip_link(self, doc: Doc, i: int, stop: int, skip: set[int]) -> int:
        """Move from token *i* over linking words and dataset mentions towards *stop*."""
        steps, link = 0, self.cues.result_link_words
        while i < stop and steps < 6:
            if doc[i].text == "(" and self._skip_link(doc, i + 1, stop, skip) == stop:
                return stop  # the number in parentheses: "collision rate (0.18%)", "AUC (up to 0.901 on X)"
            if doc[i].text in {"(", "["}:  # a parenthetical abbreviation: "Frechet Inception Distance (FID) of"
                closer = ")" if doc[i].text == "(" else "]"
                close = next((j for j in range(i + 1, min(stop, i + 5)) if doc[j].text == closer), None)
                if close is None:
                    break
                i = close + 1
            elif doc[i].lower_ in link or i in skip:
                i = self._scope_to_change(doc, i, stop) if doc[i].lower_ in {"on", "in", "for", "of"} else i + 1
            elif doc[i].lower_ in self.cues.change_verbs and i + 1 < stop and doc[i + 1].lower_ in {"from", "to"}:
                i += 1  # "F1 improved from 0.77 to 0.86", "FPR rises to 0.0064"
            else:
                break
            steps += 1
        return i

    @staticmethod
    def _scope_to_change(doc: Doc, i: int, stop: int) -> int:
        """From "on" / "in" / "for" / "of" at *i* over a short unnamed scope to "from" or "(" before *stop*
        ("accuracy on Sudoku-Extreme from 54.5% to 96.9%", "the accuracy of frontier LLMs (91.2% vs. 55.1%)"),
        else the next token."""
        for k in range(i + 1, min(stop, i + 5)):
            if doc[k].lower_ == "from" or doc[k].text == "(":
                return k if k > i + 1 else i + 1
            if not any(c.isalpha() for c in doc[k].text) and doc[k].text not in {"-", "–"}:
                break
        return i + 1

    def _attach(self, doc: Doc, sent: Span, metrics: list[Span], datasets: list[Span],
                last_metric: Span | None, methods: list[Span] = (),
                previous: list[tuple[Number, float, Span]] = ()) -> list[tuple[Number, float, Span]]:
        numbers = self.numbers.find(sent)
        if not numbers:
            return []
        groups = self.numbers.groups(doc, numbers)
        mgroups = self._metric_groups(doc, metrics)
        # names between a metric and its number: "accuracy on COCO of", "inference times of FooNet were"
        dataset_tokens = {i for d in (*datasets, *methods) for i in range(d.start, d.end)}
        named_tokens = dataset_tokens | {i for m in metrics for i in range(m.start, m.end)}  # no measure there
        respectively = any(t.lower_ == "respectively" for t in sent)
        between_after = self.cues.score_metric_modifiers | {"in", "on", "percent"}  # "75.18% average accuracy"
        out: list[tuple[Number, float, Span]] = []
        done: set[int] = set()

        def take(group: list[Number], mets: list[Span]) -> None:
            flat = [(n, v) for n in group for v in n.values]
            if len(mets) == len(flat):
                out.extend((n, v, m) for (n, v), m in zip(flat, mets))
            else:  # the metric nearest to the list
                near = min(mets, key=lambda m: min(abs(m.start - group[-1].end), abs(group[0].start - m.end)))
                out.extend((n, v, near) for n, v in flat)
            done.update(id(n) for n in group)

        for group in groups:
            after = next((mg for mg in mgroups if 0 <= mg[0].start - group[-1].end <= 2
                          and all(doc[i].lower_ in between_after for i in range(group[-1].end, mg[0].start))), None)
            if after is not None:
                if group[0].start > sent.start and doc[group[0].start - 1].lower_ in {"at", "under"}:
                    done.add(id(group[0]))  # an operating point: "at 80% recall, precision is 39%"
                    continue
                take(group, after)
                continue
            before = next((mg for mg in reversed(mgroups) if mg[-1].end <= group[0].start
                           and self._skip_link(doc, mg[-1].end, group[0].start, dataset_tokens) == group[0].start),
                          None)
            if before is not None:
                take(group, before)
                continue
            if respectively:
                same = [mg for mg in mgroups if len(mg) == sum(len(n.values) for n in group) and len(mg) > 1]
                if same:
                    take(group, same[0])
                    continue
            framed = self.frames.metric_for(doc, sent, group, metrics, named_tokens, list(previous))
            if framed is not None:  # "26.94 average score", "a score of 94.3", "X (60.0%)" (result_frames.py)
                take(group, [framed])
                continue
            if out and id(out[-1][0]) in done and group[0].unit == out[-1][0].unit \
                    and self._parallel(doc, out[-1][0], group[0].start, metrics, out[-1][2]):
                take(group, [out[-1][2]])
        # leftovers: one metric in the sentence, or a sentence that continues the previous one
        ids = {m.kb_id_ for m in metrics}
        for group in groups:
            if id(group[0]) in done:
                continue
            named = self._head_metric(doc, sent, group, named_tokens)
            if named is not None:
                take(group, [named])  # "task completion rate reaches 78.5%", "bias rates (0.42%-33.75%)"
                continue
            prev = doc[group[0].start - 1] if group[0].start > sent.start else None
            cue = prev is not None and (prev.lower_.startswith(self._achieve) or prev.text in {"'s", "’s"})
            if not cue:
                continue
            if len(ids) == 1 and any(n.unit == group[0].unit for n, _, _ in out):
                take(group, [metrics[0]])
            elif not metrics and last_metric is not None and group[0].unit == "%" \
                    and self._ends_score(doc, group[-1].end, sent.end):
                take(group, [last_metric])
        return out

    def _head_metric(self, doc: Doc, sent: Span, group: list[Number], taken: set[int]) -> Span | None:
        """A measure no extractor named, linked to the scores after it: a head noun of ``unnamed_measure_heads``
        ("rate", "score", "error", "consistency") with one or two modifiers, then linking words, a change
        ("rise from") or a parenthesis ("task completion rate reaches 78.5%", "faithfulness scores rise from
        0.61 to 0.79"). Whole numbers without a unit are not taken (counts); nor are heads of settings
        ("learning rate") or spans of names."""
        if not all(n.unit or "." in n.raw for n in group):
            return None
        cues = self.cues
        head = next((h for h in range(group[0].start - 1, max(sent.start, group[0].start - 6) - 1, -1)
                     if doc[h].lower_ in cues.unnamed_measure_heads), None)
        if head is None or head in taken or self._skip_link(doc, head + 1, group[0].start, set()) != group[0].start:
            return None
        start = head
        while start > sent.start and head - start < 2:
            tok = doc[start - 1]
            if tok.text == "-" and not tok.whitespace_ and start - 2 > sent.start and doc[start - 2].is_alpha:
                start -= 2  # a hyphenated modifier the tokenizer split ("false - alarm rate")
                continue
            if not tok.is_alpha or tok.lower_ in cues.not_metric_modifiers or tok.lower_ in cues.clause_words \
                    or tok.i in taken or tok.pos_ in {"VERB", "AUX", "ADP", "DET", "PRON", "ADV", "NUM"}:
                break
            start -= 1
        if start == head or doc[head - 1].lower_ in cues.not_measures:
            return None
        return doc[start:head + 1]

    def _ends_score(self, doc: Doc, end: int, sent_end: int) -> bool:
        """Whether the number before token *end* stands alone ("attains 72.4% on X", "72.4%."), not
        modifying a noun of its own ("obtains 88.2% MoE benefits" is not a score of the last metric)."""
        return end >= sent_end or not doc[end].is_alpha or doc[end].lower_ in self.cues.score_followers

    def _own(self, doc: Doc, sent: Span, num: Number, own: Span | None) -> Span | None:
        """The paper's proposed method when the sentence reports the authors' own number without naming a
        method before it ("We achieve 93.1% accuracy", "Our model reaches an MAE of 1.4")."""
        if own is None:
            return None
        return own if any(t.lower_ in self.cues.own_result_words for t in doc[sent.start:num.start]) else None

    def _parallel(self, doc: Doc, last: Number, b: int, metrics: list[Span], metric: Span) -> bool:
        """ "1.46 for unconditional generation and 1.38": a short clause joined by "and" / ",", no other metric;
        also "from 0.77 in the zero-shot setting to 0.86"."""
        a = metric.end if last.end <= metric.start < b else last.end  # after "26.94 average score"
        between = doc[a:b]
        change = doc[last.start - 1].lower_ == "from" and doc[b - 1].lower_ == "to"
        joined = any(t.lower_ in {"and", ",", "versus", "vs", "vs."} for t in between)  # "80% vs. 70% for Y"
        return (len(between) <= 8 and (change or joined)
                and not any(m.start >= a and m.end <= b and m.kb_id_ != metric.kb_id_ for m in metrics)
                and not any(t.lower_.startswith(self._achieve) or t.text in {";", ":", "by"} for t in between))

    @staticmethod
    def _respective_datasets(doc: Doc, sent: Span, attached: list, datasets: list[Span]) -> list[Span] | None:
        """ "93.05%, 70.15% and 67.71% on CIFAR-10, CIFAR-100 and ImageNet, respectively": one dataset each."""
        if len(attached) < 2 or not any(t.lower_ == "respectively" for t in sent):
            return None
        after = sorted((d for d in datasets if d.start >= attached[-1][0].end), key=lambda d: d.start)
        run: list[Span] = []
        for d in after:
            if run and not all(doc[i].lower_ in {",", "and", "or", "/"} for i in range(run[-1].end, d.start)):
                break
            run.append(d)
        return run if len(run) == len(attached) else None

    # -- the component ------------------------------------------------------------------------------------

    @staticmethod
    def _nearest(spans: list[Span], num: Number, numbers: list[Number] | None = None, *,
                 before_only: bool = False) -> Span | None:
        """The span nearest to *num*: first one introduced by "on" / "in" right after it (no other
        number in between: "51.5% on GSM8K"), then the nearest before it ("On MATH, X achieves 25.0%"),
        then any."""
        before = [s for s in spans if s.end <= num.start]
        if before_only or not spans:
            return max(before, key=lambda s: s.end) if before else None
        doc = spans[0].doc
        starts = [n.start for n in numbers or []]
        marked = [s for s in spans if s.start > num.end and _introduced_by_on(doc, s.start)
                  and not any(num.end <= n < s.start for n in starts)]
        if marked:
            return min(marked, key=lambda s: s.start)
        if before:
            return max(before, key=lambda s: s.end)
        return min(spans, key=lambda s: s.start)

    def __call__(self, doc: Doc) -> Doc:
        all_metrics, all_datasets, all_methods = doc._.kg_metrics, doc._.kg_datasets, doc._.kg_methods
        results: list[ResultRecord] = []
        last_metric: Span | None = None
        sentences: Sentences | None = None  # evidence sentences, made for the first result
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        in_metrics, in_datasets, in_methods = SpansWithin(all_metrics), SpansWithin(all_datasets), SpansWithin(all_methods)
        heads = self.cues.unnamed_measure_heads
        own = next((m for m in all_methods if (span_info(m) is not None and span_info(m).role == "proposed")), None)
        attached: list[tuple[Number, float, Span]] = []
        for sent in sents:
            metrics = _non_overlapping(in_metrics(sent))
            datasets = in_datasets(sent)
            methods = in_methods(sent)
            if (not metrics and last_metric is None and not attached and not any(t.lower_ in heads for t in sent)
                    and not self.frames.applies(sent)):
                continue  # nothing to tie a number to
            attached = self._attach(doc, sent, metrics, datasets, last_metric, methods, attached)
            numbers = [n for n, _, _ in attached]
            zipped = self._respective_datasets(doc, sent, attached, datasets)
            for k, (num, value, metric) in enumerate(attached):
                dataset = zipped[k] if zipped else self._nearest(datasets, num, numbers)
                method = self._nearest(methods, num, before_only=True) or self._own(doc, sent, num, own)
                if sentences is None:
                    sentences = Sentences(doc)
                results.append(self._record(doc, sentences, num, value, metric, dataset, method))
            if metrics:
                last_metric = metrics[-1]
        doc._.results = results
        return doc


    def _record(self, doc: Doc, sentences: Sentences, num: Number, value: float, metric: Span,
                dataset: Span | None, method: Span | None) -> ResultRecord:
        """One result: the metric as written next to the number, dataset and method names from the spans'
        ``span._.kg``; ids from their ``kb_id_`` (else slugs of the names)."""
        metric_name = metric.text  # as written: "top-1 accuracies", "mean absolute error"; the id is the entity's
        dataset_name = (_name(dataset) or dataset.text) if dataset is not None else None
        method_name = (_name(method) or method.text) if method is not None else None
        start, end = doc[num.start].idx, doc[num.end - 1].idx + len(doc[num.end - 1].text)
        return ResultRecord(
            metric=metric_name,
            metric_id=metric.kb_id_ or entity_id("metric", metric_name),
            value=float(value),
            raw=num.raw,
            unit=num.unit or None,
            dataset=dataset_name,
            dataset_id=(dataset.kb_id_ or entity_id("dataset", dataset_name)) if dataset is not None else None,
            method=method_name,
            method_id=(method.kb_id_ or entity_id("method", method_name)) if method is not None else None,
            evidence=Evidence(sentences.text[start:end], start, end, sentences.around(start)[0], self.name,
                              float(self.confidence)),
        )


def _name(span: Span) -> str | None:
    info = span_info(span)
    return info.name if info is not None else None


def _non_overlapping(spans: list[Span]) -> list[Span]:
    """The spans the resolver will keep (see :func:`extractors.resolve.select_spans`), in text order."""
    return [s for s, _ in select_spans([(s, None) for s in spans])]


@Language.factory("results", assigns=["doc._.results"],
                  requires=["token.is_sent_start", "doc._.kg_metrics", "doc._.kg_datasets", "doc._.kg_methods",
                            "span._.kg"],
                  default_config={"confidence": 0.7, "cues": DEFAULT_CUES_CONFIG})
def make_results(nlp: Language, name: str, confidence: float, cues: Cues) -> ResultFinder:
    """spaCy factory for :class:`ResultFinder`; place it after the entity extractors."""
    return ResultFinder(name, confidence, cues)
