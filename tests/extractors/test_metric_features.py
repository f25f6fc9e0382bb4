"""extractors.metric_features: metric candidates, their features, and the ranker's decision in the pipeline."""

from __future__ import annotations

import pytest

from extractors.metric_features import decide
from extractors.ranker import Ranker

PIPES = ("token_fixes", "abstract_sentencizer", "abbreviations", "vocab_ruler", "metric_patterns")


@pytest.fixture(scope="module")
def nlp(blank_with):
    return blank_with(*PIPES)


def groups_of(nlp, text):
    doc = nlp(text)  # the hand rules ran: their spans mark the "hand" candidates
    return doc, {g.name: g for g in nlp.get_pipe("metric_patterns").groups(doc)}


def test_candidates_come_with_reasons_and_the_hand_decision(nlp):
    _, groups = groups_of(nlp, "A Title\nOur model improves the GPU memory overhead and reaches 92.1% accuracy.")
    acc = groups["accuracy"].features
    assert {"src=vocab_eval", "hand", "curated", "sent_number", "sent_percent", "sent_own", "num_near"} <= acc
    gpu = groups["GPU memory overhead"].features
    assert {"src=longtail", "head=overhead", "first=gpu", "nw=3", "cue_before"} <= gpu and "hand" not in gpu
    assert "src=longtail_short" in groups["memory overhead"].features and "src=bare" in groups["overhead"].features
    assert "inside_longer" in groups["overhead"].features


def test_context_features_of_a_long_tail_measure(nlp):
    _, groups = groups_of(nlp, "A Title\nWe outperform baselines in terms of audio quality and semantic alignment, "
                               "without sacrificing rendering speed.")
    assert {"in_terms_of", "sent_cue", "coordinated"} <= groups["audio quality"].features
    assert "kept_quality" in groups["rendering speed"].features


def test_a_phrase_where_a_curated_measure_is_joins_its_entity(nlp):
    _, groups = groups_of(nlp, "A Title\nWe report the Frechet Inception Distance (FID) of 3.1.")
    fid = [g for g in groups.values() if "FID" in g.surfaces]
    assert len(fid) == 1 and fid[0].curated


def test_decide_vetoes_low_scores_and_adds_high_ones(nlp):
    doc, groups = groups_of(nlp, "A Title\nWe improve training speed and reach 91.2% accuracy.")
    ranker = Ranker({"head=accuracy": -5.0, "head=speed": 1.0, "nw=2": 2.0}, bias=0.0, threshold=0.5)
    decide(nlp.get_pipe("metric_patterns"), doc, list(groups.values()), ranker, below=0.1, above=0.9)
    assert [s.text for s in doc._.kg_metrics] == ["training speed"]


def test_a_ranker_in_the_config_decides_alone_without_bounds(with_ranker):
    nlp = with_ranker(PIPES, {"src=longtail": 4.0}, bias=-2.0)
    doc = nlp("A Title\nWe measure the image realism and reach 91.2% accuracy.")
    assert [s.text for s in doc._.kg_metrics] == ["image realism"]  # the hand rules would say the opposite
