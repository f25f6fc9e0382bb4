"""Long-tail dataset patterns on hand-written sentences."""

from __future__ import annotations

import pytest



@pytest.fixture(scope="module")
def nlp(blank_with):
    return blank_with("token_fixes", "abstract_sentencizer", "abbreviations", "vocab_ruler", "dataset_patterns")


def datasets(doc):
    spans = sorted(doc.spans.get("kg", []), key=lambda s: (s.start, s.end))
    return [(s.text, s.kb_id_, s._.kg.name) for s in spans if s.label_ == "DATASET"]


@pytest.mark.parametrize("text, name", [
    ("Experiments on the large-scale XD-Violence dataset show gains.", "XD-Violence"),
    ("We evaluate on the recent bilingual dialogue dataset BiToD.", "BiToD"),
    ("We construct a new segmentation dataset, PerSeg, for evaluation.", "PerSeg"),
    ("We provide TaskWeb, a large-scale benchmark of pairwise task transfers.", "TaskWeb"),
    ("We present FightLadder, a real-time fighting game platform.", "FightLadder"),
    ("We introduce an interactive environment for text games, STARLING, for agents.", "STARLING"),
    ("It scores +4.13 on SciEval overall.", "SciEval"),
    ("We report results on the new X-Bench.", "X-Bench"),
    ("We use the Mpox Skin Lesion Dataset Version 2.0 for training.", "Mpox Skin Lesion Dataset Version 2.0"),
])
def test_long_tail(nlp, text, name):
    assert name in [n for _, _, n in datasets(nlp(text))]


def test_title_coinage(nlp):
    doc = nlp("ChessVision -- A Dataset for Logically Coherent Multi-label Classification\nWe present it.")
    assert datasets(doc) == [("ChessVision", "dataset:chessvision", "ChessVision")]


@pytest.mark.parametrize("text", [
    "We collect a large-scale dataset of images.",
    "Dataset 1 was collected in winter and Dataset 2 in spring.",
    "Our dataset and this benchmark are public.",
    "We use public COVID-19 datasets.",
    "A Novel Dataset for Things\nNothing else.",
])
def test_generic_data_is_not_a_dataset(nlp, text):
    assert datasets(nlp(text)) == []


def test_coordination_with_a_known_dataset(nlp):
    doc = nlp("We evaluate on TVQA, TVQA+, and DramaQA. Audio classification (ESC-50, FSD50K, FooSound) too.")
    names = [n for _, _, n in datasets(doc)]
    assert names == ["TVQA", "TVQA+", "DramaQA", "ESC-50", "FSD50K", "FooSound"]


def test_slash_lists_expand_against_the_vocabulary(nlp):
    doc = nlp("Results on CIFAR10/100, ImageNet-1K/21K and RefCOCO/+/g.")
    ids = [kb for _, kb, _ in datasets(doc)]
    assert ids == ["dataset:cifar-10", "dataset:cifar-100", "dataset:imagenet-1k", "dataset:imagenet-21k",
                   "dataset:refcoco", "dataset:refcocoplus", "dataset:refcocog"]


@pytest.mark.parametrize("text, kb", [
    ("We evaluate on the WMT22 test sets.", "dataset:wmt22"),
    ("Trained on WMT'14 English-German.", "dataset:wmt14"),
    ("Results on WMT 2016 data.", "dataset:wmt16"),
    ("HU at SemEval-2024 Task 8A: detection\nText.", "dataset:semeval-2024-task-8"),
    ("Scaling to iNaturalist-2018 works.", "dataset:inaturalist"),
])
def test_series_and_years(nlp, text, kb):
    assert kb in [k for _, k, _ in datasets(nlp(text))]


def test_known_methods_are_not_coordinated_datasets(nlp):
    doc = nlp("Results on VGG16 for CIFAR10, ResNet50 for CIFAR10 and Bert for SQuAD.")
    assert "ResNet50" not in [n for _, _, n in datasets(doc)]


@pytest.mark.parametrize("text", [
    "On MNIST, FreezeNet achieves 99.2% of the baseline.",
    "We benchmark ReinFlow in locomotion tasks.",
    "On four NLP datasets, OneS obtains 88.2% of the benefit.",
    "For a given dataset, EL2N scores generalise.",
    "ZeroQ achieves 1.71% higher accuracy on MobileNetV3X than DFQ.",
    "We examine over 50,000 models on HF.",
])
def test_subjects_counts_and_gains_are_not_datasets(nlp, text):
    names = {n for _, _, n in datasets(nlp(text))}
    assert not names & {"FreezeNet", "ReinFlow", "OneS", "EL2N", "MobileNetV3X", "HF"}


@pytest.mark.parametrize("text, names", [
    ("We train on three corpora (FooText-9, Barcorp and Quux News), then test.", ["FooText-9", "Barcorp", "Quux News"]),
    ("Tests on diverse benchmarks, such as Spot-the-Foo, Bar-to-Baz, and Quxset, show gains.",
     ["Spot-the-Foo", "Bar-to-Baz", "Quxset"]),
    ("It runs in two environments, including Zorblax Control Suite and Flimworld.", ["Zorblax Control Suite", "Flimworld"]),
])
def test_lists_after_a_head_noun(nlp, text, names):
    found = [n for _, _, n in datasets(nlp(text))]
    assert all(n in found for n in names), found


@pytest.mark.parametrize("text", [
    "We evaluate on two datasets (see Table 2).",  # a reference, not a list of names
    "We evaluate on datasets (Foo) from the web.",  # one item is no list
    "We build benchmarks, such as Ours and This, to test.",  # generic words
    "Popular datasets, such as Table 3 shows, are small.",
])
def test_head_lists_that_are_not_datasets(nlp, text):
    assert datasets(nlp(text)) == []


@pytest.mark.parametrize("text, name", [
    ("We search on FooBench-101 with the new method.", "FooBench-101"),
    ("Results on the Foo-Bench-301 space are reported.", "Foo-Bench-301"),
])
def test_bench_names_with_a_number(nlp, text, name):
    assert name in [n for _, _, n in datasets(nlp(text))]


@pytest.mark.parametrize("text, names", [
    ("We test on the Cora, Citeseer and Pubmed citation network datasets.", ["Cora", "Citeseer", "Pubmed"]),
    ("Results on the Foo News and Bar Mail datasets improve.", ["Foo News", "Bar Mail"]),
    ("On FooFaces, BarFaces, and Bedroom datasets, it works.", ["FooFaces", "BarFaces", "Bedroom"]),
    ("Evaluated on KITTI and SUN RGB-D 3D detection benchmarks, it wins.", ["KITTI", "SUN RGB-D"]),
])
def test_a_list_closed_by_a_plural_head_noun(nlp, text, names):
    assert [surface for surface, _, _ in datasets(nlp(text))] == names


@pytest.mark.parametrize("text", [
    "We release the English and German datasets.",
    "We test on the COVID-19 datasets.",  # one item: a topic, not a list of names
    "We beat prior work on the Cats with Hats and other datasets.",
])
def test_lists_before_a_head_noun_that_are_not_datasets(nlp, text):
    assert datasets(nlp(text)) == []
