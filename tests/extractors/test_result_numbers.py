"""The score numbers of a sentence and their coordinated lists (extractors/result_numbers.py)."""

from __future__ import annotations

import pytest

from extractors.cues import load_cues
from extractors.result_numbers import ScoreNumbers


@pytest.fixture(scope="module")
def finder():
    return ScoreNumbers(load_cues())


def lists(nlp, finder, text):
    doc = nlp(text)
    sent = doc[:]
    return [[v for n in group for v in n.values] for group in finder.groups(doc, finder.find(sent))]


def test_scores_margins_and_counts(pipeline, finder):
    doc = pipeline("T\nFooNet gets 71.5% accuracy, +2.1 AP over BarNet, after 300 epochs in 2024 with 0.18\\% error.")
    assert [(n.values, n.unit) for n in finder.find(doc[:])] == [([71.5], "%"), ([0.18], "%")]


def test_coordinated_lists(pipeline, finder):
    assert lists(pipeline, finder, "T\nIt has errors of 2.47%, 1.29% and 0.88% (from 0.25 to 0.35).") == [
        [2.47, 1.29, 0.88, 0.25, 0.35]]


def test_a_closing_parenthesis_ends_the_list(pipeline, finder):
    # the parenthesis of "(best 81.8%)" closes before "with": the next score starts a list of its own
    assert lists(pipeline, finder, "T\nFooNet gets 75.1% mean accuracy (best 81.8%), with recall 0.81 and F1 0.76.") \
        == [[75.1], [81.8], [0.81], [0.76]]


def test_latex_numbers_without_a_decimal_point(pipeline, finder):
    # "15\\,s" and "\\textbf{46}" are read through parse_number (a year test once called float() on the text)
    doc = pipeline("T\nPayloads arrive in 15\\,s with an F1 of \\textbf{46} in 2024.")
    assert [(n.values, n.raw) for n in finder.find(doc[:])] == [([15.0], "15\\,s"), ([46.0], "\\textbf{46}")]
