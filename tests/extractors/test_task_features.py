"""extractors.task_features: candidate groups, their features, and the ranker's decision in the pipeline."""

from __future__ import annotations

import pytest

from extractors.ranker import Ranker
from extractors.task_features import apply_ranker

PIPES = ("token_fixes", "abstract_sentencizer", "abbreviations", "vocab_ruler", "task_patterns")


@pytest.fixture(scope="module")
def nlp(blank_with):
    return blank_with(*PIPES)


def groups_of(nlp, text):
    doc = nlp.make_doc(text)
    for _, proc in nlp.pipeline[:-1]:
        doc = proc(doc)
    return doc, {g.name: g for g in nlp.get_pipe("task_patterns").groups(doc)}


def test_every_candidate_has_its_reason_and_context(nlp):
    _, groups = groups_of(nlp, "Fast Lesion Segmentation\nWe tackle early detection of sepsis. "
                               "Results improve using leaf disease detection. Tasks such as tumour segmentation follow.")
    assert {"src=title", "loc=title", "head=segmentation", "first=lesion", "nw=2"} <= groups["lesion segmentation"].features
    sepsis = groups["early detection of sepsis"].features
    assert {"src=head_of", "sent=0", "prev1=tackle", "sent_own", "count=1"} <= sepsis
    assert {"src=cued", "technique_before", "means_before"} <= groups["leaf disease detection"].features
    assert {"in_examples", "task_list", "loc=last"} <= groups["tumour segmentation"].features


def test_repeated_mentions_are_one_group(nlp):
    _, groups = groups_of(nlp, "A title\nWe study image captioning. Image captioning is hard.")
    assert "count=2" in groups["image captioning"].features
    assert len({(s.start, s.end) for s, _ in groups["image captioning"].mentions}) == 2
    assert {"src=vocab", "src=cued", "src=catalog"} <= groups["image captioning"].features


def test_apply_ranker_writes_kept_groups_only(nlp):
    doc, groups = groups_of(nlp, "A title\nWe study image captioning and use leaf disease detection.")
    apply_ranker(nlp.get_pipe("task_patterns"), doc, list(groups.values()), Ranker({"prev1=study": 5.0}, bias=-2.0))
    assert [s.text for s in doc._.kg_tasks] == ["image captioning"]


def test_a_ranker_in_the_config_replaces_the_hand_rules(with_ranker):
    nlp = with_ranker(PIPES, {"technique_before": 4.0}, bias=-2.0)
    doc = nlp("A title\nWe study image captioning via leaf disease detection.")
    assert [s.text for s in doc._.kg_tasks] == ["leaf disease detection"]  # the hand rules would say the opposite


def test_veto_only_takes_away_from_the_hand_rules(with_ranker):
    nlp = with_ranker(PIPES, {"head=captioning": -6.0}, bias=2.0, veto_below=0.3)
    doc = nlp("A title\nWe address image captioning. We address tumour segmentation, via leaf disease detection.")
    # captioning vetoed; the technique use stays out (hand rules), though the ranker would keep it
    assert [s.text for s in doc._.kg_tasks] == ["tumour segmentation"]


def test_the_hybrid_adds_what_the_hand_rules_left_out(with_ranker):
    nlp = with_ranker(PIPES, {"technique_before": 6.0}, veto_below=0.3, add_above=0.9)
    doc = nlp("A title\nWe address tumour segmentation, via leaf disease detection.")
    assert [s.text for s in doc._.kg_tasks] == ["tumour segmentation", "leaf disease detection"]
