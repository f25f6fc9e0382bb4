"""Where a paper names its own contribution (extractors/proposed.py)."""

from __future__ import annotations

import pytest
import spacy

from extractors.cues import load_cues
from extractors.proposed import (ProposalCues, abstract_key, bare_technique, in_abstract, outcome_subject, title_coinage, title_lead,
                                 title_phrases, title_released,
                                 title_run)

CUES = load_cues()


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


@pytest.mark.parametrize("text, coined", [
    ("SePiCo: Semantic-Guided Pixel Contrast\nWe propose SePiCo.", "SePiCo"),
    ("ChessVision -- A Dataset for Chess\nText.", None),  # a dataset title releases, it does not coin a method
    ("Only Train Once: Pruning\nOnly Train Once prunes.", "Only Train Once"),
    ("Only Train Once: Pruning\nSomething else.", None),
    ("Italian Crossword Generator: Words\nText.", "Italian Crossword Generator"),
    ("Revisiting Plasticity: Data and Modules\nText.", None),
])
def test_title_coinage(nlp, text, coined):
    span = title_coinage(nlp(text), CUES)
    assert (span.text if span is not None else None) == coined


def test_title_released(nlp):
    assert title_released(nlp("FightLadder: A Benchmark for Games\nText."), CUES).text == "FightLadder"
    assert title_released(nlp("FooNet: Fast Networks\nText."), CUES) is None
    assert title_released(nlp("FooBar: A Dataset and Baselines\nText."), CUES).text == "FooBar"
    # a release noun that modifies the next word releases nothing: a method that builds datasets
    assert title_released(nlp("Toffee: Efficient Dataset Construction for X\nText."), CUES) is None


def test_title_phrases_and_runs(nlp):
    doc = nlp("Fast Detection via Sparse Query Networks\nWe use Sparse Query Networks.")
    assert [s.text for s in title_phrases(doc, CUES)] == ["Fast Detection", "Sparse Query Networks"]
    assert title_run(doc, 0, 3).text == "Fast Detection"
    assert "sparsequerynetworks" in abstract_key(doc)


@pytest.mark.parametrize("title, phrases", [
    ("Wide Residual Networks", ["Wide Residual Networks"]),  # a title that is nothing but a name
    ("Towards a Neural Statistician", ["Neural Statistician"]),
    ("Deep Learning for Lifelong Learning", ["Deep Learning"]),  # a lead name before "for": as before
])
def test_a_whole_title_offers_its_name(nlp, title, phrases):
    assert [s.text for s in title_phrases(nlp(title + "\nText."), CUES)] == phrases


@pytest.mark.parametrize("text, window_start", [
    ("T\nWe propose FooNet for faces.", "FooNet"),
    ("T\nThis paper presents a new FooNet.", "a"),
    ("T\nA model dubbed FooNet works.", "FooNet"),
    ("T\nWe refer to this model as FooNet.", "FooNet"),
])
def test_proposal_cue_windows(nlp, text, window_start):
    doc = nlp(text)
    windows = ProposalCues(nlp, CUES).starts(doc)
    assert [doc[first].text for first, _, _ in windows] == [window_start]


def test_a_proposal_verb_needs_an_author_or_an_own_name_as_subject(nlp):
    doc = nlp("T\nFooNet introduces BarNet.")
    cues = ProposalCues(nlp, CUES)
    assert cues.starts(doc) == []
    assert [doc[first].text for first, _, _ in cues.starts(doc, frozenset({2}))] == ["BarNet"]


@pytest.mark.parametrize("text, expected", [
    ("we introduce facial identity loss to keep identity", "facial identity loss"),
    ("we devise a novel adaptive prototypical feedback mechanism to sense", "adaptive prototypical feedback mechanism"),
    ("we introduce a smoothing mechanism to help", None),  # an article: a description, not a name
    ("we introduce joint training framework for it", None),  # a container head: an unnamed contribution
    ("we introduce prompt learning for it", None),  # no method head
])
def test_bare_technique_after_a_cue(nlp, text, expected):
    doc = nlp(text)
    start = 2 if "novel" not in text else 4
    found = bare_technique(doc, start, len(doc), CUES)
    assert (found.text if found is not None else None) == expected


@pytest.mark.parametrize("text, index, expected", [
    ("SCoRe achieves state-of-the-art results.", 0, True),
    ("Then RAML (ours) consistently outperforms it.", 1, True),
    ("Unlike prior work, FooNet outperforms it.", 4, False),  # a sentence about prior work
    ("FooNet is slow.", 0, False),  # no outcome
    ("ZubraNet consists of two small branches.", 0, True),  # how the paper's own method is built
    ("ZubraNet leverages a frozen encoder.", 0, True),
    ("Unlike earlier designs, ZubraNet comprises one branch.", 4, False),  # prior work in the sentence
    ("Adam achieves little.", 0, False),  # not a coined name
])
def test_outcome_subject(nlp, text, index, expected):
    doc = nlp(text)
    assert outcome_subject(doc, doc[index:index + 1], CUES) is expected


def test_title_run_keeps_a_split_off_word_part(nlp):
    doc = nlp("We introduce Zero-1-to-3, a framework")  # tokens: "Zero-1", "-", "to-3"
    assert title_run(doc, 2, len(doc)).text == "Zero-1-to-3"


@pytest.mark.parametrize("title, lead", [
    ("Frustum PointNets for 3D Object Detection", "Frustum PointNets"),
    ("Interval Bound Interpolation for Few-shot Learning", "Interval Bound Interpolation"),
    ("Improving Diffusion Models for Editing", None),  # a gerund: a description
    ("Stochastic Pooling for Regularization of Deep Networks", "Stochastic Pooling"),  # any other head names it
    ("Two-Stage Constrained Actor-Critic for Video Recommendation", "Two-Stage Constrained Actor-Critic"),
    ("Neural Machine Translation for Low-Resource Languages", None),  # a task head: the task, not a method
    ("Neural Architectures for Named Entity Recognition", None),  # a plural head: a family, not one method
    ("Deep Attribute Ranking for Zero-Shot Learning", None),  # a task head
    ("Sparse Query Networks via Pruning", None),  # not "... for ..."
    ("Deep Pyramidal Residual Networks", "Deep Pyramidal Residual Networks"),  # the whole title, a method head
    ("Sequence-Level Knowledge Distillation", "Sequence-Level Knowledge Distillation"),
    ("Adversarial Camera Stickers", None),  # the whole title, but no method head: only as a lead before "for"
])
def test_title_lead(nlp, title, lead):
    span = title_lead(nlp(title + "\nText."), CUES)
    assert (span.text if span is not None else None) == lead


def test_a_title_name_is_in_the_abstract_in_its_singular_too(nlp):
    doc = nlp("Gated Foo Readers\nThe Gated Foo Reader reads. A loss helps.")
    assert in_abstract(doc, "gatedfooreaders") and in_abstract(doc, "gatedfooreader")
    assert not in_abstract(doc, "glosss") and not in_abstract(doc, "barreaders")
