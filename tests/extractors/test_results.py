"""Numeric results on hand-written sentences: absolute scores only."""

from __future__ import annotations

import pytest
import spacy

from kg.model import ResultRecord


@pytest.fixture(scope="module")
def nlp(pipeline):
    return pipeline


def results(nlp, abstract):
    doc = nlp(f"A title\n{abstract}")
    return [(r.metric, r.value, r.unit, r.dataset) for r in doc._.results]


@pytest.mark.parametrize("abstract, expected", [
    ("Co-DETR achieves 66.0 AP on COCO test-dev.", [("AP", 66.0, None, "COCO")]),
    ("YOLOv8 achieved a precision of 0.90 and a recall of 0.95.", [("precision", 0.9, None, None),
                                                                  ("recall", 0.95, None, None)]),
    ("The model reaches a WER of 2.1% on LibriSpeech test-clean.", [("WER", 2.1, "%", "LibriSpeech")]),
    ("We get 90.1% top-1 accuracy on ImageNet-1K.", [("top-1 accuracy", 90.1, "%", "ImageNet-1K")]),
    ("It achieves 46.7% and 22.0% in Task Success Rate (TSR) and Dialogue Success Rate (DSR) respectively.",
     [("Task Success Rate", 46.7, "%", None), ("Dialogue Success Rate", 22.0, "%", None)]),
    ("It has MAPEs of 2.47%, 1.29% and 0.88%.", [("MAPEs", 2.47, "%", None), ("MAPEs", 1.29, "%", None),
                                                 ("MAPEs", 0.88, "%", None)]),
    ("Trained on MS COCO, it achieves 52.3 mAP on the PASCAL VOC 2007 test set.",
     [("mAP", 52.3, None, "PASCAL VOC")]),
    ("Our results: 45.2 mAP on COCO and 50.1 PQ on Cityscapes.", [("mAP", 45.2, None, "COCO"),
                                                                 ("PQ", 50.1, None, "Cityscapes")]),
    ("We report two metrics: a precision of 0.90 and a recall of 0.95.", [("precision", 0.9, None, None),
                                                                          ("recall", 0.95, None, None)]),
    ("It yields an AUROC of 0.847 pm 0.050 (internal) and 0.761 pm 0.052 (external).",
     [("AUROC", 0.847, None, None), ("AUROC", 0.761, None, None)]),
])
def test_absolute_results(nlp, abstract, expected):
    assert results(nlp, abstract) == expected


@pytest.mark.parametrize("abstract", [
    "Our model improves the baseline by 2.2 AP.",
    "It gains +2.1 AP over DINO.",
    "It is 3x faster with 1.5% higher top-1 accuracy.",
    "An average improvement of approximately 1.4 BLEU points is observed.",
    "We train for 300 epochs and report accuracy.",
    "The 2017 release of COCO is used for AP evaluation.",
    "It beats them by a large margin: 5.5% mIoU on ADE20K, 17.6% mAP and 20.1% PQ on COCO.",
    "The gains are clear: +3.1 AP on COCO.",
    "FooNet attains 2.5 F1 absolute higher than the previous state of the art.",
    "On CoNLL-2012 we also show an improvement of more than 2.5 F1.",
    "BarNet beats it by nearly 1.0 F1 on news and more than 2.0 F1 on forum text.",
    "It improves accuracy by 1.5% on A, 2.5% on B and about 3.0% on C.",
])
def test_relative_gains_and_counts_are_not_results(nlp, abstract):
    assert results(nlp, abstract) == []


def test_a_score_after_a_margin_is_still_a_score(nlp):
    # only the next item of the margin's own coordination inherits it
    assert [r[1] for r in results(nlp, "It improves BarNet by 1.2 BLEU, reaching 30.1 BLEU on WMT14.")] == [30.1]


def test_method_and_dataset_from_the_sentence(nlp):
    doc = nlp("A title\nOn the CIFAR10 benchmark, Uni-Instruct achieves an FID of 1.46.")
    (res,) = doc._.results
    assert isinstance(res, ResultRecord)
    assert res.dataset_id == "dataset:cifar-10" and res.metric_id == "metric:fid"
    assert doc.text[res.evidence.start:res.evidence.end] == res.evidence.surface == res.raw == "1.46"
    assert res.evidence.sentence == "On the CIFAR10 benchmark, Uni-Instruct achieves an FID of 1.46."
    assert (res.evidence.extractor, res.evidence.confidence) == ("results", 0.7)


def test_batch_has_no_state_leak(nlp):
    docs = list(nlp.pipe(["T\nIt reaches 50.0 AP.", "T\nNothing measured here."]))
    assert len(docs[0]._.results) == 1 and docs[1]._.results == []


def test_parallel_values_and_dataset_choice(nlp):
    doc = nlp("Whisper-X: Robust Speech Recognition\nWe present Whisper-X, which achieves 1.8% WER on LibriSpeech "
              "test-clean and 3.9% on test-other.")
    assert [(r.metric, r.value, r.dataset) for r in doc._.results] == [
        ("WER", 1.8, "LibriSpeech"), ("WER", 3.9, "LibriSpeech")]
    doc = nlp("A title\nOn the MATH benchmark, the model achieves 25.0% accuracy, and 51.5% on GSM8K.")
    assert [(r.value, r.dataset) for r in doc._.results] == [(25.0, "MATH"), (51.5, "GSM8K")]


def test_respectively_pairs_datasets_and_intervals_are_skipped(nlp):
    doc = nlp("A title\nWe achieve top-1 accuracy of 93.05%, 70.15% and 67.71% on CIFAR-10, CIFAR-100 and ImageNet, "
              "respectively. The error is low (MAE 1.4, 95% CI 1.2-1.6) with a 2% accuracy degradation.")
    assert [(r.value, r.dataset) for r in doc._.results] == [
        (93.05, "CIFAR-10"), (70.15, "CIFAR-100"), (67.71, "ImageNet"), (1.4, None)]


def test_operating_points_are_not_results(nlp):
    doc = nlp("A title\nAt 80% recall our model detects septic patients with 39% precision.")
    assert [(r.metric, r.value) for r in doc._.results] == [("precision", 39.0)]


def test_the_metric_is_named_as_written_next_to_the_number(nlp):
    doc = nlp("A title\nOur FooNet models achieve top-1 accuracies of 71.5% and 73.0% on ImageNet.")
    assert [(r.metric, r.metric_id, r.value) for r in doc._.results] == [
        ("top-1 accuracies", "metric:top-1-accuracy", 71.5), ("top-1 accuracies", "metric:top-1-accuracy", 73.0)]


def test_a_range_reports_both_ends(nlp):
    assert results(nlp, "FooNet predicts the curve well (RMSE 0.212-0.305).") == [
        ("RMSE", 0.212, None, None), ("RMSE", 0.305, None, None)]


def test_a_bracketed_abbreviation_between_metric_and_number(nlp):
    assert results(nlp, "FooNet estimates depth (mean absolute error [MAE] 2.7 on FooSet).")[0][:2] == \
        ("mean absolute error", 2.7)


@pytest.mark.parametrize("abstract", [
    "Our loss improves FooNet by up to 0.07 AUROC on hard benchmarks.",
    "It raises the baseline by about 3.5% accuracy.",
    "FooNet reaches 80.1% accuracy. On text, BarNet obtains 64.2% parameter savings overall.",
])
def test_hedged_margins_and_other_quantities_are_not_results(nlp, abstract):
    assert 64.2 not in [v for _, v, _, _ in results(nlp, abstract)]
    assert not [r for r in results(nlp, abstract) if r[1] in {0.07, 3.5}]


@pytest.mark.parametrize("abstract, expected", [
    ("FooNet reaches robust accuracy rates of 61.2% and 40.3% on CIFAR-10 and CIFAR-100, respectively.",
     [("robust accuracy", 61.2), ("robust accuracy", 40.3)]),  # a curated kind of accuracy (metrics.csv)
    ("The fault diagnosis accuracy on the test set is over 91%.", [("accuracy", 91.0)]),
    ("The inference times of FooNet were 12.5 ms per image.", [("inference times", 12.5)]),
])
def test_metric_and_number_joined_by_a_noun_phrase(nlp, abstract, expected):
    assert [(m, v) for m, v, _, _ in results(nlp, abstract)] == expected


def test_the_authors_number_is_tied_to_the_proposed_method(nlp):
    doc = nlp("FooNet: Fast Foo Detection\nWe propose FooNet. In experiments, we achieve 81.5% accuracy on BarSet.")
    assert [(r.method, r.value) for r in doc._.results] == [("FooNet", 81.5)]
    doc = nlp("FooNet: Fast Foo Detection\nWe propose FooNet. Earlier detectors reach 70.2% accuracy on BarSet.")
    assert [(r.method, r.value) for r in doc._.results] == [(None, 70.2)]


@pytest.mark.parametrize("abstract, expected", [
    ("FooNet reaches 70.2% average accuracy (peak 74.5%), with recall 0.81 and precision 0.77.",
     [("average accuracy", 70.2), ("average accuracy", 74.5), ("recall", 0.81), ("precision", 0.77)]),
    ("FooNet has the lowest miss rate (0.18\\%) and the best AUROC (up to 0.912 on BarSet).",
     [("miss rate", 0.18), ("AUROC", 0.912)]),
    ("Within FooSet, AUROC averages 0.704, and F1 macro of 0.66 is reached.", [("AUROC", 0.704), ("F1 macro", 0.66)]),
    ("FooNet gets 91.3 percent accuracy on FooSet.", [("accuracy", 91.3)]),  # "percent" is the unit, not a name
])
def test_qualified_and_parenthesised_scores(nlp, abstract, expected):
    assert [(m, v) for m, v, _, _ in results(nlp, abstract)] == expected


@pytest.mark.parametrize("abstract, expected", [
    ("On FooSet, recall improved from 0.612 in the base setting to 0.701 with FooAug and to 0.733 with BarAug.",
     [0.612, 0.701, 0.733]),
    ("FooNet lifts accuracy on Foo-Hard from 41.5% to 77.2%, while its miss rate falls to 3.25%.", [41.5, 77.2, 3.25]),
    ("FooNet reaches twice the accuracy of older detectors (62.4% vs. 30.1%).", [62.4, 30.1]),
])
def test_scores_of_a_change_are_both_results(nlp, abstract, expected):
    assert [v for _, v, _, _ in results(nlp, abstract)] == expected


@pytest.mark.parametrize("abstract, expected", [
    ("Across the twelve chatbots, we observe wide spread in refusal rates (1.25%-40.50%).",
     [("refusal rates", 1.25), ("refusal rates", 40.5)]),
    ("Plan adherence scores rise from 0.42 to 0.67 with FooPlanner.", [("Plan adherence scores", 0.42),
                                                                      ("Plan adherence scores", 0.67)]),
    ("With FooAgent, the goal completion rate reaches 71.5% in the kitchen world.", [("goal completion rate", 71.5)]),
    ("With the Foo sampler, motion consistency climbs from 0.71 to 0.84.", [("motion consistency", 0.71),
                                                                            ("motion consistency", 0.84)]),
    ("The Bar videos keep a background fidelity of 92.5%.", [("background fidelity", 92.5)]),
])
def test_an_unnamed_measure_linked_to_its_scores(nlp, abstract, expected):
    assert [(m, v) for m, v, _, _ in results(nlp, abstract)] == expected


@pytest.mark.parametrize("abstract", [
    "We set the warmup learning rate to 0.0002 for FooNet.",
    "The error bars are shown for 12 runs.",
])
def test_settings_and_counts_are_not_unnamed_measures(nlp, abstract):
    assert results(nlp, abstract) == []
