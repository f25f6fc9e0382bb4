"""Long-tail task patterns on hand-written sentences."""

from __future__ import annotations

import pytest



@pytest.fixture(scope="module")
def nlp(blank_with):
    return blank_with("token_fixes", "abstract_sentencizer", "abbreviations", "vocab_ruler", "task_patterns",
                      "kg_resolver")


def tasks(doc):
    return [(s.text, s._.kg.name) for s in doc.spans.get("kg", []) if s.label_ == "TASK"]


@pytest.mark.parametrize("text, name", [
    ("Fast Meningioma Segmentation in MRI\nWe study it.", "meningioma segmentation"),
    ("One-Shot Diffusion Mimicker for Handwritten Text Generation\nText.", "handwritten text generation"),
    ("A title\nWe propose a method for plot-to-table translation.", "plot-to-table translation"),
    ("A title\nWe focus on early detection of sepsis in ICUs.", "early detection of sepsis"),
    ("A title\nWe study Continual Pre-Training (CPT) of models.", "continual pre-training"),
    ("A title\nWe address speech recognition for children.", "speech recognition"),
    ("A title\nResults on the instance segmentation task are strong.", "instance segmentation"),
])
def test_task_found(nlp, text, name):
    assert name in [n for _, n in tasks(nlp(text))]


@pytest.mark.parametrize("text", [
    "A title\nWe train the policy via reinforcement learning.",
    "A title\nWe improve results using data augmentation.",
    "A title\nIt has accurate detection quickly.",
    "A title\nThe segmentation is good.",
])
def test_not_a_task(nlp, text):
    assert tasks(nlp(text)) == []


def test_same_task_in_title_and_abstract_shares_an_id(nlp):
    doc = nlp("Zero-shot Video Grounding\nWe study zero-shot video grounding in depth.")
    assert len({s.kb_id_ for s in doc.spans["kg"] if s.label_ == "TASK"}) == 1


def test_grading_words_inside_compounds_stay(nlp):
    doc = nlp("A title\nWe address open-set domain adaptation (ODA) here.")
    assert "open-set domain adaptation" in [n for _, n in tasks(doc)]


def test_pattern_phrase_spelling_a_curated_task_takes_its_id(nlp):
    doc = nlp("A title\nWe study parameter-efficient transfer learning (PETL) for vision.")
    assert {s.kb_id_ for s in doc.spans["kg"] if s.label_ == "TASK"} == {"task:parameter-efficient-fine-tuning"}


def test_defining_a_paradigm_abbreviation_does_not_make_it_the_problem(nlp):
    doc = nlp("A title\nKey challenges for the deployment of reinforcement learning (RL) agents are skills. We learn them.")
    assert tasks(doc) == []


@pytest.mark.parametrize("text", [
    "A title\nWe fine-tune models in order to obtain good classification performance on new problems.",
    "A title\nWe ask users for a picture to aid unlearning.",
    "A title\nThe same network is used to handle diverse segmentation tasks.",
])
def test_an_infinitive_verb_or_a_grading_word_is_not_a_task_modifier(nlp, text):
    assert tasks(nlp(text)) == []


@pytest.mark.parametrize("text, name", [
    ("A title\nWe propose a novel task we call One-Shot Unlearning for faces.", "one-shot unlearning"),
    ("A title\nWe apply it to unsupervised image segmentation.", "unsupervised image segmentation"),
])
def test_a_task_after_a_naming_verb_or_to(nlp, text, name):
    assert [n for _, n in tasks(nlp(text))] == [name]


@pytest.mark.parametrize("text, name", [
    ("ReCo: Retrieve and Co-segment for Zero-shot Transfer\nWe study it.", "zero-shot transfer"),
    ("A title\nWe study listwise reranking of passages.", "listwise reranking"),
    ("A title\nWe address post-training quantization of large models.", "post-training quantization"),
    ("Customize-A-Video: One-Shot Motion Customization of Video Models\nText.", "one-shot motion customization"),
])
def test_more_problem_heads(nlp, text, name):
    assert name in [n for _, n in tasks(nlp(text))]


@pytest.mark.parametrize("text", [
    "A title\nOur models benefit from cross-domain transfer of features.",  # transfer: a problem only in titles
    "Cross-Domain Transfer Learning for Fundus Images\nText.",  # the head is "learning", not "transfer"
])
def test_transfer_as_a_means_is_not_a_task(nlp, text):
    # "cross-domain transfer learning" is a learning setting the title names (a task), not "cross-domain transfer"
    assert not [n for _, n in tasks(nlp(text)) if "transfer" in n and not n.endswith("transfer learning")], \
        tasks(nlp(text))


def test_a_means_verb_ends_the_modifiers(nlp):
    names = [n for _, n in tasks(nlp("Disease Detection Leveraging Motion Transfer\nText."))]
    assert names and not [n for n in names if "leveraging" in n], names


@pytest.mark.parametrize("text", [
    "A title\nThese capabilities enable earlier identification of problematic content.",
    "A title\nThe model enables identification of faulty propellers.",
])
def test_head_of_object_in_the_abstract_needs_a_cue(nlp, text):
    assert tasks(nlp(text)) == []


def test_an_item_joined_to_a_task_in_a_list_of_tasks(nlp):
    doc = nlp("A title\nWe evaluate it on two tasks from different domains in medicine and graphics, namely image "
              "segmentation and one-shot mesh editing.")
    assert "one-shot mesh editing" in [n for _, n in tasks(doc)]


def test_a_coordination_outside_a_list_of_tasks_adds_nothing(nlp):
    doc = nlp("A title\nOur model is small. It supports hand editing and mesh editing at once.")
    assert tasks(doc) == []


@pytest.mark.parametrize("text, name", [
    ("Cross-Modal Few-Shot Learning with Multimodal Models\nWe study it.", "cross-modal few-shot learning"),
    ("Rehearsal-Free Continual Learning\nWe study it.", "rehearsal-free continual learning"),
    ("Towards Few Shot Class Incremental Learning\nWe study it.", "few shot class incremental learning"),
])
def test_a_learning_setting_the_title_names_is_a_task(nlp, text, name):
    assert name in [n for _, n in tasks(nlp(text))]


@pytest.mark.parametrize("text", [
    "Online Prototype Learning for Streams\nWe study it.",  # no setting word: a method's name
    "A title\nWe evaluate cross-modal few-shot learning with models.",  # abstract: the ruler judges the paradigm
])
def test_other_learning_phrases_are_not_settings(nlp, text):
    assert not [n for _, n in tasks(nlp(text)) if n.endswith("learning") and " " in n.split("few-shot")[0]]


def test_a_task_phrase_opening_the_abstract_is_its_problem(nlp):
    doc = nlp("A title\nLesion segmentation is a hard problem for radiologists.")
    assert "lesion segmentation" in [n for _, n in tasks(doc)]


def test_a_phrase_opening_the_abstract_as_a_means_modifier_is_not(nlp):
    assert tasks(nlp("A title\nLesion segmentation methods are slow. We fix them.")) == []


def test_a_catalog_task_name_needs_no_cue_and_keeps_its_sources(nlp):
    doc = nlp("A title\nModels that excel at claim verification are rare.")
    span = next(s for s in doc.spans["kg"] if s.label_ == "TASK")
    assert span._.kg.name == "claim verification"
    assert any(src.startswith("mteb@") for src in dict(span._.kg.props)["sources"])


@pytest.mark.parametrize("text", [
    "A title\nIt needs accurate localization of parts.",  # graded catalog name
    "A title\nA long hyperparameter search is run.",  # weak head outside the title
])
def test_catalog_task_names_that_are_graded_or_weak_need_more(nlp, text):
    assert tasks(nlp(text)) == []


@pytest.mark.parametrize("text, name", [
    ("Gated Readers for Text Comprehension\nWe study it.", "text comprehension"),
    ("A title\nWe address semantic role labeling of sentences.", "semantic role labeling"),
    ("Word Order for Text Categorization\nText.", "text categorization"),
])
def test_reading_and_annotation_problems_are_tasks(nlp, text, name):
    assert name in [n for _, n in tasks(nlp(text))]


@pytest.mark.parametrize("text, name", [
    ("A title\nThe task of motion transfer between dancers is hard.", "motion transfer"),
    ("A title\nWe tackle the challenging task of clinical note coding in hospitals.", "clinical note coding"),
])
def test_the_object_of_task_of_is_a_task_whatever_its_head(nlp, text, name):
    assert name in [n for _, n in tasks(nlp(text))]


@pytest.mark.parametrize("text", [
    "A title\nIt speeds up generative tasks of diffusion models.",
    "A title\nThe task of annotating data into summaries is costly.",
    "A title\nThe task of retrieval is hard.",
])
def test_a_possessive_a_gerund_or_a_bare_noun_after_task_of_is_not(nlp, text):
    assert tasks(nlp(text)) == []


@pytest.mark.parametrize("text, name", [
    ("Pre-trained Transformer for Adversarial Purification\nText.", "adversarial purification"),
    ("General Policies for Zero-Shot Deployment in New Environments\nText.", "zero-shot deployment"),
])
def test_a_deverbal_phrase_after_the_titles_for_is_a_task(nlp, text, name):
    assert name in [n for _, n in tasks(nlp(text))]


@pytest.mark.parametrize("text", [
    "Geometry-Aware Tuning for Pretrained Models\nText.",
    "Low Temperature Distillation for Robust Adversarial Training\nText.",
    "A Transformer for Purification\nText.",
    "We train a transformer for adversarial purification.",
])
def test_other_phrases_after_for_are_not_title_tasks(nlp, text):
    assert tasks(nlp(text)) == []


@pytest.mark.parametrize("text, name", [
    ("Measuring Clinical Safety in Chatbot Triage\nWe study triage.", "clinical safety"),
    ("Auditing Dialect Bias of Speech Models\nText.", "dialect bias"),
    ("Benchmarking Chart Hallucinations in Captioners\nText.", "chart hallucinations"),
])
def test_a_phenomenon_the_title_names_is_a_task(nlp, text, name):
    # the recent gold conventions: phenomena a paper measures, studies or mitigates are tasks
    assert name in [n for _, n in tasks(nlp(text))]


def test_a_phenomenon_noun_in_the_abstract_alone_is_not_a_task(nlp):
    assert tasks(nlp("A title\nOur prompts keep clinical safety high.")) == []
