"""The methods component: vocabulary, coinages, abbreviations, proposed vs used (extractors/methods.py)."""

from __future__ import annotations

import pytest
import spacy

from extractors.spans import SpanInfo, add_span


@pytest.fixture(scope="module")
def nlp(blank_with):
    return blank_with("abstract_sentencizer", "abbreviations", "methods")


def methods(nlp, title: str, abstract: str = "") -> dict[str, tuple[str, str, set[str]]]:
    """kb_id -> (name, role, surfaces) of every METHOD span."""
    doc = nlp(f"{title}\n{abstract}")
    out: dict[str, tuple[str, str, set[str]]] = {}
    for span in doc.spans.get("kg", []):
        if span.label_ == "METHOD":
            name, role, surfaces = out.get(span.kb_id_, (span._.kg.name, span._.kg.role, set()))
            out[span.kb_id_] = (name, role, surfaces | {span.text})
    return out


def roles(nlp, title: str, abstract: str = "") -> dict[str, str]:
    return {name: role for name, role, _ in methods(nlp, title, abstract).values()}


# -- used methods ---------------------------------------------------------------------------------------------
def test_spelling_variants_resolve_to_one_id(nlp):
    found = methods(nlp, "A study", "We compare Mask R-CNN, Mask RCNN and Mask-RCNN with ResNet50 and ResNet-50.")
    assert set(found) == {"method:mask-r-cnn", "method:resnet-50"}
    assert found["method:mask-r-cnn"][2] == {"Mask R-CNN", "Mask RCNN", "Mask-RCNN"}


@pytest.mark.parametrize("text", [
    "We train transformers and CNNs.",
    "Diffusion models and LLMs have improved with reinforcement learning.",
    "We use contrastive learning and knowledge distillation for fine-tuning.",
    "Our GPU cluster reaches SOTA results in NLP with 7B parameters.",
    "Recurrent neural networks (RNNs) and large language models (LLMs) are popular.",
])
def test_generic_families_are_not_methods(nlp, text):
    assert methods(nlp, "A study of learning", text) == {}


def test_coinages_acronyms_and_versions_are_used(nlp):
    found = roles(nlp, "A study", "We build on YOLOv8, GPT-4o, Llama-2-7B, JoJoGAN and the PLS-Net model, "
                                  "and compare with Llama 3.1, Qwen 2.5 and GPT-3 XL.")
    assert found == {n: "used" for n in ["YOLOv8", "GPT-4o", "Llama-2-7B", "JoJoGAN", "PLS-Net", "Llama 3.1",
                                        "Qwen 2.5", "GPT-3 XL"]}


def test_lower_case_techniques_from_the_vocabulary(nlp):
    found = roles(nlp, "A study", "We apply mixup, back-translation and dynamic time warping.")
    assert found == {"mixup": "used", "back-translation": "used", "dynamic time warping": "used"}


def test_catalog_names_from_the_harvested_lists_are_used(nlp):
    found = methods(nlp, "A study", "We compare with logistic regression and ResNeSt-50.")
    assert {(name, role) for name, role, _ in found.values()} == {("logistic regression", "used"),
                                                                  ("ResNeSt-50", "used")}


def test_long_form_and_acronym_are_one_entity(nlp):
    found = methods(nlp, "A study", "We fine-tune with Direct Preference Optimization (DPO). DPO is simple.")
    assert list(found) == ["method:direct-preference-optimization"]
    assert found["method:direct-preference-optimization"][2] == {"Direct Preference Optimization", "DPO"}


def test_unknown_definition_is_a_method_only_with_a_method_head(nlp):
    found = roles(nlp, "A study", "We compare the Multi-Scale Fusion Network (MSFN) on the replay ratio (RR).")
    assert found == {"Multi-Scale Fusion Network": "used"}


def test_names_followed_by_dataset_cues_are_left_to_datasets(nlp):
    assert methods(nlp, "A study", "We evaluate on the XYZ-QA benchmark and the FooBar dataset.") == {}


def test_venues_language_pairs_and_names_a_dataset_noun_calls_data_are_not_methods(nlp):
    found = roles(nlp, "A study", "This extends our CVPR 2015 work. We train QuuxNet on English-German and on the "
                  "new dataset ZorbCars, then on the VexoQA textual retrieval dataset.")
    assert found == {"QuuxNet": "used"}


def test_spans_of_other_kinds_block_methods(nlp):
    doc = nlp.make_doc("Results on ImageNet-1K and COCO with ViT.")
    for name in ("ImageNet-1K", "COCO"):
        start = doc.text.index(name)
        span = doc.char_span(start, start + len(name), label="DATASET", kb_id=f"dataset:{name.lower()}")
        add_span(doc, span, SpanInfo(name))
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    assert [(s.text, s.label_) for s in doc.spans["kg"] if s.label_ == "METHOD"] == [("ViT.", "METHOD")]


def test_other_mentions_of_a_dataset_name_are_not_methods(nlp):
    """A dataset span of any confidence at one mention covers the name's other mentions; curated names stay."""
    doc = nlp.make_doc("A study\nWe propose ZEB, a benchmark, and train BERT. Then ZEB and BERT are compared.")
    for start in (doc.text.index("ZEB"), doc.text.index("BERT")):
        add_span(doc, doc.char_span(start, start + len(doc.text[start:].split()[0].rstrip(",.")), label="DATASET",
                                    kb_id="dataset:x"), SpanInfo("x", confidence=0.5))
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    assert [s.text for s in doc.spans["kg"] if s.label_ == "METHOD"] == ["BERT"]


# -- proposed methods -----------------------------------------------------------------------------------------
def test_title_coinage_is_proposed_with_its_acronym(nlp):
    found = methods(nlp, "SePiCo: Semantic-Guided Pixel Contrast for Domain Adaptive Segmentation",
                    "We present SePiCo, built on DeepLab.")
    assert {name: role for name, role, _ in found.values()} == {"SePiCo": "proposed", "DeepLab": "used"}


def test_plain_title_phrase_needs_to_reappear(nlp):
    assert roles(nlp, "Only Train Once: A One-Shot Pruning Framework",
                 "We propose Only-Train-Once (OTO).") == {"Only Train Once": "proposed"}
    assert roles(nlp, "Unlock the Power: Distillation for Models", "Distillation helps.") == {}


@pytest.mark.parametrize("title", [
    "FightLadder: A Benchmark for Competitive Multi-Agent Reinforcement Learning",
    "ChessVision -- A Dataset for Logically Coherent Multi-label Classification",
    "Revisiting Plasticity in Visual Reinforcement Learning: Data, Modules and Training Stages",
    "Continual Learning of Large Language Models: A Comprehensive Survey",
])
def test_titles_that_coin_no_method(nlp, title):
    assert "proposed" not in roles(nlp, title, "Results are reported.").values()


@pytest.mark.parametrize("abstract, name", [
    ("In this paper, we propose FooNet, a network for detection.", "FooNet"),
    ("We introduce Noise Consistency Training (NCT), which works.", "Noise Consistency Training"),
    ("We design a lightweight model dubbed TinyBird for speed.", "TinyBird"),
    ("A novel framework, COSOC, is designed to tackle this problem.", "COSOC"),
    ("Our approach FewGen achieves better results.", "FewGen"),
    ("The resulting algorithm, Guidance-Free Training (GFT), matches CFG.", "Guidance-Free Training"),
    ("A model of flexible parallel neural network (FPNN) is proposed.", "flexible parallel neural network"),
])
def test_proposal_cues(nlp, abstract, name):
    assert roles(nlp, "A title without a coinage", abstract).get(name) == "proposed"


@pytest.mark.parametrize("abstract", [
    "Results show that our approach leads to superior performance of two rankers, namely BERT and T5.",
    "We introduce a new architecture, the residual LSTM embedding, for graphs.",
    "We design a bi-directional Transformer similar to Longformer.",
])
def test_known_names_further_into_a_cue_window_are_used(nlp, abstract):
    found = roles(nlp, "A study", abstract)
    assert found and set(found.values()) == {"used"}, found


def test_a_known_name_right_after_the_cue_can_be_proposed(nlp):
    assert roles(nlp, "A study", "We propose MAML, an algorithm for meta-learning.") == {"MAML": "proposed"}


def test_existing_method_as_modifier_is_used(nlp):
    found = roles(nlp, "A study", "We propose a unified Neural Radiance Field (NeRF) framework for editing.")
    assert found == {"NeRF": "used"}


@pytest.mark.parametrize("abstract, used", [
    ("We propose a GPT self-supervision annotation method for labels.", "GPT"),
    ("We study Thompson sampling (TS) for bandits. We propose an informed TS algorithm for it.", "Thompson sampling"),
])
def test_known_name_modifying_a_longer_head_is_used(nlp, abstract, used):
    assert roles(nlp, "A study", abstract).get(used) == "used"


def test_scan_goes_on_after_a_modifier(nlp):
    found = roles(nlp, "A study", "We propose a BERT re-ranking model, FooRank, for search.")
    assert found == {"BERT": "used", "FooRank": "proposed"}


@pytest.mark.parametrize("abstract, name, role", [
    ("The model restores features with just One Normal Image Prompt (OneNIP). OneNIP is fast.",
     "One Normal Image Prompt", "proposed"),
    ("We add an enhanced video representation (EnhancedV) to the training.", "enhanced video representation",
     "proposed"),
    ("Unlike existing Foo Normal Prompt (FooNP) methods, our model is fast.", "Foo Normal Prompt", "used"),
    ("We report the word error rate (WER) and few-shot class incremental learning (FSCIL).", None, None),
])
def test_definition_with_a_coined_short_form(nlp, abstract, name, role):
    found = roles(nlp, "A study", abstract)
    assert found == ({name: role} if name else {})


@pytest.mark.parametrize("title, abstract, expected", [
    ("Transductive Few-Shot Learning: Clustering Is All You Need?",
     "We study transductive few-shot learning with a bound optimizer.", {}),
    ("A study", "We propose a few-shot class incremental learning (FSCIL) method referred to as Soft-SubNetworks "
     "(SoftNet).", {"Soft-SubNetworks": "proposed"}),
])
def test_learning_settings_are_not_methods(nlp, title, abstract, expected):
    assert roles(nlp, title, abstract) == expected


def test_released_dataset_is_not_a_proposed_method(nlp):
    assert roles(nlp, "A study", "We introduce MegaScenes, a large-scale dataset of scenes.") == {}


def test_prior_work_proposing_is_not_ours(nlp):
    assert roles(nlp, "A study", "Prior works proposed BarNet for this task.") == {"BarNet": "used"}


# -- batching ---------------------------------------------------------------------------------------------------
def test_batches_equal_single_docs(nlp):
    texts = ["SePiCo: Pixel Contrast\nWe use ViT.", "A study\nWe compare BERT and RoBERTa.", "Nothing\nHere."]
    docs = [nlp(t) for t in texts]
    single = [[(s.text, s.kb_id_, s._.kg.role) for s in d.spans.get("kg", [])] for d in docs]
    batched = [[(s.text, s.kb_id_, s._.kg.role) for s in d.spans.get("kg", [])] for d in nlp.pipe(texts, batch_size=2)]
    assert batched == single


# -- later rules ------------------------------------------------------------------------------------------------
def test_title_method_after_via_is_proposed_when_the_abstract_uses_it(nlp):
    found = roles(nlp, "Machine Unlearning via Datamodel Matching",
                  "We show that Datamodel Matching works, unlike fine-tuning with CLIP.")
    assert found == {"Datamodel Matching": "proposed", "CLIP": "used"}


def test_lower_case_definition_after_a_proposal_cue(nlp):
    found = methods(nlp, "A title", "We propose a novel noise-enhanced supervised autoencoder (NSAE) for this.")
    assert list(found.values()) == [("noise-enhanced supervised autoencoder", "proposed",
                                     {"noise-enhanced supervised autoencoder", "NSAE"})]


def test_parenthesised_name_joins_the_proposed_long_form(nlp):
    found = methods(nlp, "A title", "To this end, we introduce Family Offline-to-Online RL (FamO2O), a framework.")
    assert list(found.values()) == [("FamO2O", "proposed", {"Family Offline-to-Online RL", "FamO2O"})]


def test_plural_acronym_and_accented_spellings_join(nlp):
    found = methods(nlp, 'TÜLU 3: Open Post-Training', 'We introduce T\\"ULU 3. We add Shadow Batch Normalization '
                                                     '(SBN). SBNs help.')
    assert {name: (role, len(surfaces)) for name, role, surfaces in found.values()} == {
        "TÜLU 3": ("proposed", 2), "Shadow Batch Normalization": ("used", 3)}


def test_capitalised_title_words_are_not_coinages(nlp):
    assert methods(nlp, "DEEP NEURAL NETWORKS FOR IMAGE RECOGNITION", "We train deep networks.") == {}


def test_listed_dataset_names_are_not_methods(nlp):
    assert methods(nlp, "A study", "Results on CUHK03, Market-1501 and VIPeR datasets improve.") == {}


def test_benchmark_named_in_apposition_is_not_a_method(nlp):
    assert methods(nlp, "TaskWeb: Selecting Source Tasks",
                   "We provide TaskWeb, a large-scale benchmark of task transfers.") == {}


def test_own_method_as_subject_of_a_proposal_verb(nlp):
    found = roles(nlp, "ReARTeR: Retrieval-Augmented Reasoning",
                  "At test time, ReARTeR introduces Trustworthy Process Rewarding for scoring.")
    assert found == {"ReARTeR": "proposed", "Trustworthy Process Rewarding": "proposed"}


def test_works_without_a_sentencizer():

    bare = spacy.blank("en")
    bare.add_pipe("methods")
    doc = bare("A title\nWe use BERT. Then we propose a BERT model and our method FooNet.")
    assert {(s.text, s._.kg.role) for s in doc.spans["kg"]} == {("BERT", "used"), ("FooNet", "proposed")}


@pytest.mark.parametrize("text", [
    "Extensive experiments on GTA5 and SYNTHIA show gains.",
    "We use BAlanced INFOrmation and StudenT scores to weight samples.",
    "FIRST, we look at UAVs and TVs.",
])
def test_evaluation_sets_emphasis_and_words_in_capitals_are_not_methods(nlp, text):
    assert methods(nlp, "A study", text) == {}


def test_naming_with_a_hyphenated_short_form_joins_the_title_coinage(nlp):
    found = methods(nlp, "DNA-GPT: Divergent N-Gram Analysis for Detection",
                    "We propose a strategy called Divergent N-Gram Analysis (DNA-GPT).")
    assert list(found.values()) == [("DNA-GPT", "proposed", {"DNA-GPT", "Divergent N-Gram Analysis"})]


def test_a_quoted_name_and_its_parenthesised_alias_are_one_method(nlp):
    found = methods(nlp, "One-Prompt-One-Story: Consistent Generation",
                    'We propose a method, termed "One-Prompt-One-Story" (1Prompt1Story). 1Prompt1Story works.')
    assert [(name, role) for name, role, _ in found.values()] == [("One-Prompt-One-Story", "proposed")]


@pytest.mark.parametrize("title, abstract", [
    ("Mask R-CNN", "We present a framework for instance segmentation. Mask R-CNN extends Faster R-CNN."),
    ("Instance Segmentation", "The method, called Mask R-CNN, extends Faster R-CNN."),
    ("Aggregated Transformations", "Our models, named Mask R-CNN, extend Faster R-CNN."),
])
def test_a_known_name_is_proposed_by_the_paper_that_coins_it(nlp, title, abstract):
    assert roles(nlp, title, abstract) == {"Mask R-CNN": "proposed", "Faster R-CNN": "used"}


def test_the_name_leading_a_for_title_is_proposed_when_the_abstract_proposes_nothing_else(nlp):
    assert roles(nlp, "Frustum PointNets for 3D Object Detection", "We study 3D object detection from RGB-D data.") \
        == {"Frustum PointNets": "proposed"}
    # the abstract proposes its own name: the title lead adds no second proposal
    assert roles(nlp, "Frustum PointNets for 3D Object Detection", "We propose FooNet for detection.") == {
        "FooNet": "proposed", "PointNets": "used"}


def test_a_harvested_dataset_name_is_no_method(nlp):
    # "BlogCatalog" and "VIPeR" are names of the harvested dataset list; "FooNet" is not
    assert roles(nlp, "A study", "We test FooNet with BlogCatalog graphs and VIPeR images.") == {
        "FooNet": "used"}


def test_a_known_name_listed_by_namely_stays_used(nlp):
    assert roles(nlp, "A study", "We compare two detectors, namely Mask R-CNN and Faster R-CNN.") == {
        "Mask R-CNN": "used", "Faster R-CNN": "used"}


def test_a_name_defined_as_something_else_is_not_the_proposal(nlp):
    found = roles(nlp, "SHERL: Efficient Transfer", "Prior memory-efficient transfer learning (METL) avoids this. "
                                                    "We propose an innovative METL strategy called SHERL.")
    assert found == {"SHERL": "proposed"}


@pytest.mark.parametrize("abstract, proposed", [
    ("We propose two such indices -- the Gradient Foo (GraF) and the Error Bar-Norm (EBN) indices -- and test them.",
     {"Gradient Foo", "Error Bar-Norm"}),
    ("On many tasks, our Distilled and Hard-negative Quux (DHQ) approach improves over the baseline.",
     {"Distilled and Hard-negative Quux"}),
    ("We compare summation and Singular Value Foo Gathering (SVFG) proposed in this paper.",
     {"Singular Value Foo Gathering"}),
])
def test_named_parts_of_the_proposal(nlp, abstract, proposed):
    found = roles(nlp, "A title", abstract)
    assert {n for n, r in found.items() if r == "proposed"} >= proposed, found


def test_a_definition_after_a_clause_of_other_work_is_not_proposed(nlp):
    found = roles(nlp, "A title", "We propose FooNet, which builds on the Quux Bar Filter (QBF) of prior work.")
    assert found.get("Quux Bar Filter") != "proposed", found


@pytest.mark.parametrize("abstract, expected", [
    ("Skills are shared across tasks. It places an Indian Buffet Process prior on them.",
     {"Indian Buffet Process": "used"}),
    ("Prior work relies on the Binary Relevance Method to detect diseases.", {"Binary Relevance Method": "used"}),
    # the authors' own sentence: capitals there name parts of the proposal, left out (issue 13, round 3)
    ("We employ Spatial Reasoning Distillation to transfer skills.", {}),
    # a sentence start, a gerund and a definition are not such runs
    ("Spectral Fusion Module helps. It avoids Considering Pretrained Transformers as defenders.", {}),
])
def test_a_title_case_run_with_a_method_head_names_another_work(nlp, abstract, expected):
    assert roles(nlp, "A study", abstract) == expected


@pytest.mark.parametrize("abstract, expected", [
    ("Furthermore, we introduce facial identity loss as a novel component.", {"facial identity loss": "proposed"}),
    ("We introduce a novel smoothed randomized response mechanism for signals.",
     {"smoothed randomized response mechanism": "proposed"}),
    ("We introduce a simple training framework.", {}),  # an unnamed contribution
])
def test_a_bare_lower_case_technique_after_a_proposal_cue_is_proposed(nlp, abstract, expected):
    assert roles(nlp, "A study", abstract) == expected


@pytest.mark.parametrize("abstract, expected", [
    ("Our approach builds on reinforcement learning. SCoRe achieves state-of-the-art self-correction.",
     {"SCoRe": "proposed"}),
    ("We test it. RAML (ours) outperforms BERT.", {"RAML": "proposed", "BERT": "used"}),
    ("Unlike existing systems, FooNet achieves little.", {"FooNet": "used"}),  # prior work
    ("We compare with FooNet, which is slow.", {"FooNet": "used"}),
])
def test_the_subject_of_a_reported_outcome_is_the_papers_own(nlp, abstract, expected):
    assert roles(nlp, "A study", abstract) == expected


def test_a_candidate_split_inside_a_known_name_takes_the_whole_name(nlp):
    found = methods(nlp, "Zero-1-to-3: Zero-shot One Image to 3D Object",
                    "We introduce Zero-1-to-3, a framework for changing the viewpoint.")
    assert [(name, role) for name, role, _ in found.values()] == [("Zero-1-to-3", "proposed")]


def test_named_parts_of_a_named_proposal_are_proposed(nlp):
    found = methods(nlp, "InfiNet: Reasoning Agents", "We introduce InfiNet, a reasoning agent. In the first stage, "
                    "we employ Spatial Reasoning Distillation to transfer skills from teachers.")
    roles = {name: role for name, role, _ in found.values()}
    assert roles == {"InfiNet": "proposed", "Spatial Reasoning Distillation": "proposed"}


def test_own_title_case_runs_without_a_named_proposal_are_left_out(nlp):
    assert methods(nlp, "A study of agents", "We employ Spatial Reasoning Distillation to transfer skills.") == {}


def test_a_proposed_definition_goes_before_a_shorter_known_name_inside_it(nlp):
    found = methods(nlp, "A title", "We propose the dropout regularization for sparse inputs (DRSI) to train faster.")
    assert list(found.values()) == [("dropout regularization for sparse inputs", "proposed",
                                     {"dropout regularization for sparse inputs", "DRSI"})]


def test_the_singular_and_plural_of_a_proposed_name_are_one_entity(nlp):
    found = methods(nlp, "Text Comprehension with Gated Foo Networks",
                    "We propose the Gated Foo Network. Gated Foo Networks read well.")
    assert [(role, surfaces) for _, role, surfaces in found.values()] == [
        ("proposed", {"Gated Foo Networks", "Gated Foo Network"})]


def test_definitions_in_a_list_of_the_proposals_parts_are_proposed(nlp):
    abstract = ("Zorba is trained with three objectives, including masked zeta frame model (MZFM) and "
                "kappa alignment model (KAM). Earlier work used a gated quux network (GQN).")
    found = roles(nlp, "A study of pre-training", abstract)
    assert found["masked zeta frame model"] == found["kappa alignment model"] == "proposed"
    assert found["gated quux network"] == "used"  # a definition outside the list
