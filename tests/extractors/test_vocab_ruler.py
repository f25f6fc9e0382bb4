"""The vocabulary ruler on hand-written sentences."""

from __future__ import annotations

import pytest



@pytest.fixture(scope="module")
def nlp(blank_with):
    return blank_with("abstract_sentencizer", "abbreviations", "vocab_ruler")


def found(doc):
    return [(s.text, s.label_, s.kb_id_) for s in doc.spans.get("kg", [])]


def test_surface_variants_share_an_id(nlp):
    doc = nlp("We pre-train on MS COCO, MSCOCO and Microsoft COCO, then COCO 2017 val.")
    assert {kb for _, _, kb in found(doc)} == {"dataset:coco"}
    assert [t for t, _, _ in found(doc)] == ["MS COCO", "MSCOCO", "Microsoft COCO", "COCO 2017"]


def test_classic_benchmarks_are_curated(nlp):
    doc = nlp("Our tracker wins on UAV123, our reader on WikiQA and text8, and our detector on the Total-Text set.")
    assert [(t, kb) for t, _, kb in found(doc)] == [("UAV123", "dataset:uav123"), ("WikiQA", "dataset:wikiqa"),
                                                  ("text8", "dataset:text8"), ("Total-Text", "dataset:total-text")]


def test_librispeech_and_wer(nlp):
    doc = nlp("Our model reaches a word error rate (WER) of 2.1% on LibriSpeech test-clean.")
    assert found(doc) == [("word error rate", "METRIC", "metric:wer"), ("WER", "METRIC", "metric:wer"),
                          ("LibriSpeech", "DATASET", "dataset:librispeech")]
    span = doc.spans["kg"][-1]
    assert span._.kg.name == "LibriSpeech" and span._.kg.extractor == "vocab_ruler"


def test_version_extends_span_but_keeps_id(nlp):
    doc = nlp("Results on LVIS v1.0 and VQA v2 are reported.")
    assert [(t, kb) for t, _, kb in found(doc)] == [("LVIS v1.0", "dataset:lvis"), ("VQA v2", "dataset:vqa-v2")]


def test_generic_metric_needs_evaluation_context(nlp):
    assert found(nlp("We aim to make training faster and keep accuracy.")) == []
    assert found(nlp("We use mixed precision training.")) == []
    assert [t for t, _, _ in found(nlp("It achieves 91.2% accuracy."))] == ["accuracy"]


@pytest.mark.parametrize("text, metrics", [
    ("Our decoder runs with a low inference time (0.8s per sentence).", ["inference time"]),
    ("The compressed tagger is 40X faster, as latency benchmarking shows.", ["latency"]),
    ("The pruned parser reaches 3-12X reduced latency at the same accuracy of 91%.", ["latency", "accuracy"]),
    ("Our tagger keeps working in low precision, as shown in the 1990s.", []),
])
def test_a_figure_with_a_unit_is_an_outcome_and_low_grades_only_precision(nlp, text, metrics):
    assert [t for t, lab, _ in found(nlp(text)) if lab == "METRIC"] == metrics


@pytest.mark.parametrize("text", [
    "Quantization is a promising approach for reducing the inference time of neural networks.",
    "We aim to improve the accuracy of detectors.",
])
def test_a_cue_of_purpose_is_not_an_evaluation(nlp, text):
    assert not [s for s in found(nlp(text)) if s[1] == "METRIC"]


@pytest.mark.parametrize("text", [
    "Existing models such as BERT achieve strong accuracy on many tasks.",
    "Despite empirical success, it remains unclear whether they score well in accuracy.",
])
def test_a_cue_about_prior_work_is_not_an_evaluation(nlp, text):
    assert not [s for s in found(nlp(text)) if s[1] == "METRIC"]


@pytest.mark.parametrize("text, metrics", [
    ("FID is a popular metric of image quality.", []),
    ("We report FID on ImageNet.", ["FID"]),
    ("Our generator reaches an FID of 2.1.", ["FID"]),
    ("Existing models such as StyleGAN achieve a strong FID.", []),
])
def test_a_named_metric_counts_as_an_outcome_only(nlp, text, metrics):
    assert [t for t, lab, _ in found(nlp(text)) if lab == "METRIC"] == metrics


@pytest.mark.parametrize("text", [
    "Unlike prior work, our model achieves strong accuracy on many tasks.",
    "Existing models such as BERT reach 80.1% accuracy.",
])
def test_own_work_or_a_number_keeps_the_metric(nlp, text):
    assert [t for t, lab, _ in found(nlp(text)) if lab == "METRIC"] == ["accuracy"]


@pytest.mark.parametrize("text", [
    "Quantization reduces the inference time of neural networks.",
    "Our pruning leads to improvements in inference time on phones.",
])
def test_a_cue_of_outcome_stays(nlp, text):
    assert [t for t, _, _ in found(nlp(text))] == ["inference time"]


@pytest.mark.parametrize("text, metrics", [
    # reinforcement learning and bandits: the measures their evaluations report
    ("Our agent outperforms model-based RL baselines with higher sample efficiency and episodic returns.",
     ["sample efficiency", "episodic returns"]),
    ("Experiments show a substantial empirical regret reduction.", ["regret"]),
    ("We derive a prior-dependent Bayesian regret bound.", []),  # theory, not an outcome of the evaluation
    # regression, training curves and recommendation
    ("The model quantified ventricular parameters with an R2 of 0.96.", ["R2"]),
    ("Our ordering reduces the validation loss by 13.6%.", ["validation loss"]),
    ("It outperforms the baselines in terms of both watch time and click-through rate (CTR).",
     ["watch time", "click-through rate", "CTR"]),
])
def test_domain_measures_of_an_outcome(nlp, text, metrics):
    assert [t for t, lab, _ in found(nlp(text)) if lab == "METRIC"] == metrics


@pytest.mark.parametrize("text, metrics", [
    # adversarial robustness, dialogue state tracking, text-to-SQL: a named kind of accuracy is one metric
    ("It reaches robust accuracy rates of 58.19% on CIFAR-10.", ["robust accuracy"]),
    ("Our method gains 4% in Joint Goal Accuracy on MultiWOZ.", ["Joint Goal Accuracy"]),
    ("The parser reaches 71.2% execution accuracy and a 92% attack success rate.",
     ["execution accuracy", "attack success rate"]),
    # text generation, image and audio generation, speech synthesis
    ("Our decoder improves MAUVE to 0.94 and Distinct-2 to 0.61 while keeping BLEURT at 0.55.",
     ["MAUVE", "Distinct-2", "BLEURT"]),
    ("The model achieves an sFID of 4.2, a PickScore of 22.1 and a FAD of 1.3.", ["sFID", "PickScore", "FAD"]),
    ("It lowers the mel cepstral distortion to 5.1 and raises speaker similarity to 0.62.",
     ["mel cepstral distortion", "speaker similarity"]),
    # video segmentation, depth, 3D and tracking, forecasting and calibration
    ("We obtain 85.6 J&F on DAVIS and an AbsRel of 0.052 on KITTI.", ["J&F", "AbsRel"]),
    ("It cuts PA-MPJPE to 41.2 mm, the Chamfer distance and earth mover's distance by 10%, and raises AMOTA to 67.",
     ["PA-MPJPE", "Chamfer distance", "earth mover's distance", "AMOTA"]),
    ("The forecaster improves CRPS by 8% and the Brier score to 0.12.", ["CRPS", "Brier score"]),
    ("We study robust accuracy under attacks.", []),  # not an outcome: no number, no cue
])
def test_measures_of_more_fields(nlp, text, metrics):
    assert [t for t, lab, _ in found(nlp(text)) if lab == "METRIC"] == metrics


@pytest.mark.parametrize("text, metrics", [
    ("Sharing one group of weights (1) makes the total number of parameters small and (2) helps training.", []),
    ("As shown in [12], accuracy matters for parsing.", []),
    ("Sharing weights cuts the number of parameters to 12 million.", ["number of parameters"]),
])
def test_an_item_number_or_a_citation_is_not_a_measured_value(nlp, text, metrics):
    assert [t for t, lab, _ in found(nlp(text)) if lab == "METRIC"] == metrics


def test_acronym_defined_otherwise_is_dropped(nlp):
    doc = nlp("We use contrastive learning (CL). CL helps.")
    assert all(kb != "task:continual-learning" for _, _, kb in found(doc))
    doc = nlp("In continual learning (CL), CL is hard.")
    assert [kb for _, _, kb in found(doc)] == ["task:continual-learning"] * 3


def test_longest_match_wins(nlp):
    doc = nlp("We study unsupervised domain adaptation and text-to-image generation.")
    assert [t for t, _, _ in found(doc)] == ["unsupervised domain adaptation", "text-to-image generation"]


def test_no_state_leaks_between_docs(nlp):
    docs = list(nlp.pipe(["GLUE and SuperGLUE.", "Nothing to see."]))
    assert len(found(docs[0])) == 2 and found(docs[1]) == []


def test_acronym_defined_by_an_unknown_long_form_is_kept(nlp):
    doc = nlp("On the Stanford Natural Language Inference (SNLI) dataset we win. SNLI is large.")
    assert [kb for t, _, kb in found(doc) if t == "SNLI"] == ["dataset:snli", "dataset:snli"]


@pytest.mark.parametrize("text, kb", [
    ("A title\nWe evaluate on three tasks, image classification, object detection and machine translation.",
     "task:machine-translation"),
    ("A title\nKnowledge distillation (KD) compresses large models.", "task:knowledge-distillation"),
    ("Self-Evolution Distillation for LLM-based Machine Translation\nWe study it.", "task:machine-translation"),
])
def test_paradigm_tasks_when_the_paper_is_about_them(nlp, text, kb):
    assert kb in [k for _, _, k in found(nlp(text))]


def test_paradigm_task_in_passing_is_dropped(nlp):
    doc = nlp("A title\nOur detector is strong. We train it on images with data augmentation.")
    assert "task:data-augmentation" not in [k for _, _, k in found(doc)]


def test_english_words_are_not_mixed_case_datasets(nlp):
    doc = nlp("It sets a record-breaking score in the race to drop errors; ReCoRD and RACE are datasets.")
    assert [t for t, _, _ in found(doc)] == ["ReCoRD", "RACE"]


@pytest.mark.parametrize("text", [
    "We improve the speed-accuracy trade-offs of pruning, as our results show.",
    "It reports gains on the accuracy-vs-memory trade-off of prior work.",
    "A trade-off exists between precision and coverage, which we improve.",
])
def test_a_side_of_a_trade_off_is_not_a_metric(nlp, text):
    assert not [s for s in found(nlp(text)) if s[1] == "METRIC"]


@pytest.mark.parametrize("text", [
    "Our pruning reaches 3x speedups without sacrificing accuracy.",
    "We report a 2x smaller model without compromising its precision.",
])
def test_a_quality_kept_is_not_an_outcome(nlp, text):
    assert not [s for s in found(nlp(text)) if s[1] == "METRIC"]


def test_a_measured_outcome_next_to_a_trade_off_word_stays(nlp):
    doc = nlp("Our model achieves 91.2% accuracy and a better trade-off than the baseline.")
    assert ("accuracy", "METRIC", "metric:accuracy") in found(doc)


@pytest.mark.parametrize("text", [
    "A title\nWe compare reinforcement learning algorithms; ours is tuned by reinforcement learning.",
    "Foo Without Meta-Learning\nUnlike the meta-learning paradigm, FooNet is simple.",
])
def test_a_paradigm_named_only_as_a_means_is_not_a_task(nlp, text):
    assert not [s for s in found(nlp(text)) if s[1] == "TASK"], found(nlp(text))


def test_a_paradigm_the_paper_addresses_stays(nlp):
    doc = nlp("FooChat: Video Chat with One-Shot Learning\nWe propose a one-shot learning framework, FooChat.")
    assert [kb for _, label, kb in found(doc) if label == "TASK"]


def test_a_paradigm_and_its_abbreviation_are_one_mention(nlp):
    doc = nlp("A title\nKey challenges for the deployment of reinforcement learning (RL) agents are skills. We learn them.")
    assert not [s for s in found(doc) if s[1] == "TASK"], found(doc)


def test_a_paradigm_the_paper_studies_stays(nlp):
    doc = nlp("A title\nLabels are costly for robots. We study active learning when labels are scarce.")
    assert "task:active-learning" in [kb for _, label, kb in found(doc) if label == "TASK"]


@pytest.mark.parametrize("text, surface", [
    ("Our detector improves detection accuracy to 45.1% on the test set.", "detection accuracy"),
    ("The network reaches a test accuracy of 93.2%.", "test accuracy"),
    ("It keeps a one-shot accuracy of 93.2% on Omniglot.", "one-shot accuracy"),
    ("It achieves 91.2% higher accuracy.", "accuracy"),  # a grade, not a scope
    ("Improving accuracy, we reach 91.2% accuracy.", "accuracy"),
])
def test_a_scoped_measure_keeps_its_scope_and_its_entity(nlp, text, surface):
    metrics = [(t, kb) for t, label, kb in found(nlp(text)) if label == "METRIC"]
    assert metrics[-1] == (surface, "metric:accuracy")


def test_a_scope_word_another_span_holds_stays_there(nlp):
    doc = nlp("Face recognition accuracy reaches 99.1% on LFW.")
    assert [(t, label) for t, label, _ in found(doc)][:2] == [("Face recognition", "TASK"), ("accuracy", "METRIC")]


def test_a_paradigm_the_paper_is_evaluated_on_stays(nlp):
    doc = nlp("A title\nLabels are costly. We evaluate the model on language modeling and parsing.")
    assert "task:language-modeling" in [kb for _, label, kb in found(doc) if label == "TASK"]


def test_a_cost_measure_needs_a_figure(nlp):
    assert found(nlp("Our layout reduces the number of parameters and improves accuracy.")) == \
        [("accuracy", "METRIC", "metric:accuracy")]
    assert [t for t, _, _ in found(nlp("Our layout improves accuracy with a 26% smaller model size."))] == \
        ["accuracy", "model size"]
