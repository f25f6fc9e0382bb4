"""Long-tail metric patterns on hand-written sentences."""

from __future__ import annotations

import pytest



@pytest.fixture(scope="module")
def nlp(blank_with):
    return blank_with("token_fixes", "abstract_sentencizer", "abbreviations", "vocab_ruler", "metric_patterns",
                      "kg_resolver")


def metrics(doc):
    return [(s.text, s.kb_id_) for s in doc.spans.get("kg", []) if s.label_ == "METRIC"]


@pytest.mark.parametrize("text, expected", [
    ("It achieves 46.7% in Task Success Rate (TSR).", ("Task Success Rate", "metric:task-success-rate")),
    ("Agents reach a 99.8% goal completion rate.", ("goal completion rate", "metric:goal-completion-rate")),
    ("It improves top-k precision of source tasks by 38%.", ("top-k precision", "metric:top-k-precision")),
    ("We propose the LRS metric for evaluation.", ("LRS", "metric:lrs")),
    ("A word error rate (WER) of 2.1% on LibriSpeech.", ("word error rate", "metric:wer")),
    ("An ensemble reaches 3.57% error on the ImageNet test set.", ("error", "metric:error")),
])
def test_metric_found(nlp, text, expected):
    assert expected in metrics(nlp(text))


@pytest.mark.parametrize("text", [
    "We tune the learning rate of 0.001 carefully.",
    "It reaches high accuracy of 90% quickly.",
    "We use mixed precision training.",
    "Training uses a sampling rate of 16 kHz.",
    "Errors fall by 20%: error analysis shows why.",  # an error with no percentage of its own
])
def test_not_a_new_metric(nlp, text):
    assert all(kb in {"metric:accuracy"} for _, kb in metrics(nlp(text)))


def test_abbreviation_mentions_share_the_id(nlp):
    doc = nlp("We define the Dialogue Success Rate (DSR). DSR rises to 22.0%.")
    assert metrics(doc) == [("Dialogue Success Rate", "metric:dialogue-success-rate"),
                            ("DSR", "metric:dialogue-success-rate"), ("DSR", "metric:dialogue-success-rate")]


def test_plural_of_a_curated_metric_is_that_metric(nlp):
    doc = nlp("These changes achieve FID scores of 2.51 and 3.25 on CIFAR-10, and an AUC score of 0.96.")
    assert {kb for _, kb in metrics(doc)} == {"metric:fid", "metric:auc"}


@pytest.mark.parametrize("text, expected", [
    ("Our method improves by 4% the multi-task score on HO3D.", ("multi-task score", "metric:multi-task-score")),
    ("We propose a novel LLM Response Score (LRS) metric for language models.",
     ("LLM Response Score", "metric:llm-response-score")),
])
def test_compound_and_defined_metrics(nlp, text, expected):
    assert expected in metrics(nlp(text))


@pytest.mark.parametrize("text, expected", [
    ("It yields a 9% improvement in P@1 over the baseline.", ("P@1", "metric:p-1")),
    ("We report Acc@5 and MAP@100 on the test set.", ("Acc@5", "metric:acc-5")),
])
def test_measure_at_a_cut_off(nlp, text, expected):
    assert expected in metrics(nlp(text))


@pytest.mark.parametrize("text, expected", [
    ("FooNet reaches the state-of-the-art route score of 71.2.", ("route score", "metric:route-score")),
    ("It lowers the 2-second miss rate of FooNet to 0.4%.", ("2-second miss rate", "metric:2-second-miss-rate")),
    ("It has the lowest lane departure rate (0.21%) on FooSet.",
     ("lane departure rate", "metric:lane-departure-rate")),
])
def test_long_tail_phrase_bounds(nlp, text, expected):
    assert expected in metrics(nlp(text))


def test_an_item_number_in_parentheses_is_not_a_value(nlp):
    assert metrics(nlp("We define a novel lane departure rate (1) and a drift score (2).")) == []


def test_percent_is_a_unit_not_a_measure_name(nlp):
    assert metrics(nlp("FooNet gets 91.3 percent accuracy on FooSet.")) == [("accuracy", "metric:accuracy")]


def test_an_email_like_token_is_not_a_measure(nlp):
    assert metrics(nlp("Write to user@example.com for the code.")) == []


@pytest.mark.parametrize("text", [
    "We reach 70% accuracy without sacrificing mean recall.",
    "It reaches 70% accuracy without compromising the retrieval recall.",
])
def test_a_quality_kept_is_not_a_long_tail_metric(nlp, text):
    assert all(kb == "metric:accuracy" for _, kb in metrics(nlp(text)))
