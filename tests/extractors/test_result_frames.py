"""Scores in frames without a METRIC span next to them (extractors/result_frames.py), through the pipeline."""

from __future__ import annotations

import pytest

from extractors.cues import load_cues
from extractors.result_frames import ResultFrames


def results(nlp, abstract):
    doc = nlp(f"A title\n{abstract}")
    return [(r.metric, r.value) for r in doc._.results]


@pytest.mark.parametrize("abstract, expected", [
    # a measure named after its score by a head noun, also after a change and with a time unit
    ("FooAgent reaches 61.3 average score with BarLM versus 55.02 for the plain loop.",
     [("average score", 61.3), ("average score", 55.02)]),
    ("On three suites, FooBot lifts a small policy from 31.5% to 47.25% episode success, well ahead of Baz.",
     [("episode success", 31.5), ("episode success", 47.25)]),
    ("The system runs with about 120 ms end-to-end response latency on a laptop.",
     [("latency", 120.0)]),
    # a bare score named before it
    ("Specifically, FooLM attains a score of 88.7 on the QuuxBench exam.", [("score", 88.7)]),
    # parentheses holding only scores after the sentence's metric
    ("FooNet achieves a 71.5% success rate, outperforming the retrieval-only planner (52.25%), random "
     "search (40.5%), and tree search (66.75%).",
     [("success rate", 71.5), ("success rate", 52.25), ("success rate", 40.5), ("success rate", 66.75)]),
    ("It lowers character error rate from 9.1% to 8.2%, most on noisy scans (Quux-3, 14.5% to 11.25%).",
     [("character error rate", 9.1), ("character error rate", 8.2), ("character error rate", 14.5),
      ("character error rate", 11.25)]),
    # a change in the next sentence continues the scores of the sentence before
    ("FooPlanner achieves a 71.5% pass rate. The same planner also improves BarLM and BazLM from 40.5% and "
     "52.5% to 55.5% and 61.0%.",
     [("pass rate", 71.5), ("pass rate", 40.5), ("pass rate", 52.5), ("pass rate", 55.5), ("pass rate", 61.0)]),
    # a measure between a change verb and "from"; a score verb continues the sentence before
    ("Dense shaping raises real-world grasp success from 40.5% to 61.5% on the arm.",
     [("real-world grasp success", 40.5), ("real-world grasp success", 61.5)]),
    ("Tuning raises BarLM's top-line agreement with expert labels from 51.5% to 70.25%. The best prompted "
     "baseline scores 60.5%.",
     [("top-line agreement", 51.5), ("top-line agreement", 70.25), ("top-line agreement", 60.5)]),
])
def test_framed_scores(pipeline, abstract, expected):
    assert results(pipeline, abstract) == expected


@pytest.mark.parametrize("abstract", [
    "It beats the baselines by up to 4.5% accuracy on Foo and 3.1% success on Bar.",  # margins go on
    "Training keeps 60% success cases of the replay buffer.",  # the head modifies a noun of its own
    "We train with a 15% dropout rate and report a score of 3 on average.",  # setting; whole number
    "FooNet uses a larger decoder (0.35) than BarNet.",  # no metric before the parenthesis
    "FooNet achieves 81.5% accuracy. Its memory grows from 1.5% to 3.5% of the budget.",  # another measure
    "At 90.5% recall, FooNet needs a 25.5% smaller model size.",  # relative and operating point
    "Tuning raises BarLM from 51.5% to 70.25% on the arm.",  # no measure is named
])
def test_not_framed(pipeline, abstract):
    assert [r for r in results(pipeline, abstract) if r[0] != "accuracy"] == []


def test_applies_needs_a_head_noun(pipeline):
    frames = ResultFrames(load_cues())
    doc = pipeline("A title\nIt gets 61.3 average score. It gets 61.3 points.")
    sents = list(doc.sents)
    assert [frames.applies(s) for s in sents[-2:]] == [True, False]
