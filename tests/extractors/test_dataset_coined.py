"""Hyphenated coinages and the contexts that release or count them (extractors/dataset_coined.py)."""

from __future__ import annotations

import pytest
import spacy

from extractors.dataset_coined import (compound_end, compound_start, count_before, described, is_coined, model_variant,
                                      plural_head)


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


@pytest.fixture(scope="module")
def nlp(blank_with):
    return blank_with("token_fixes", "abstract_sentencizer", "abbreviations", "vocab_ruler", "dataset_patterns")


def names(doc):
    return [s._.kg.name for s in sorted(doc.spans.get("kg", []), key=lambda s: s.start) if s.label_ == "DATASET"]


def test_compounds_span_the_hyphenated_word(blank):
    doc = blank("We score 0.9% on Zork-Quest-2 and Lark.")
    start = [t.text for t in doc].index("Zork")
    end = compound_end(doc, start)
    assert doc[start:end].text == "Zork-Quest-2" and compound_start(doc, end - 1) == start
    assert compound_end(doc, end + 1) == end + 2  # "Lark": a plain token


def test_coined_compounds():
    never = lambda _: False  # noqa: E731
    assert is_coined("Zork-Quest", never) and is_coined("ZQ-Bar", lambda t: t == "ZQ-Bar")
    assert not is_coined("Real-World", never, generic={"Real-World"}) and not is_coined("Zork-based", never)


def test_model_names_are_not_coined_data():
    known = {"Florp"}.__contains__
    assert model_variant("Blorp2.5-7B-Instruct", {"instruct"}, known)
    assert model_variant("Florp-3-8B", set(), known) and model_variant("Glim-2.5-Pro", {"pro"}, known)
    assert not model_variant("Zork-Quest-1K", {"pro"}, known) and not model_variant("Zork-CC-3M", set(), known)


def test_counts_and_descriptions(blank):
    doc = blank("We test on two hard benchmarks, ZQA and Lark, and a human-in-the-loop ZQA dataset.")
    words = [t.text for t in doc]
    assert count_before(doc, words.index("benchmarks")) == 2
    assert described(doc, len(words) - 3) and not described(doc, words.index("ZQA"))


@pytest.mark.parametrize("text, expected", [
    ("It gets 3.1% HTER on Zork-Quest and Lark-Night, and 2.2% on QUUX-Tubes.", ["Zork-Quest", "Lark-Night", "QUUX-Tubes"]),
    ("We evaluate on two hard benchmarks, ZQA and LRK, and discuss them.", ["ZQA", "LRK"]),
    ("We introduce Zork-QA, a human-in-the-loop QA dataset with two parts.", ["Zork-QA"]),
    ("We introduce QUUX FloorPlans, a high-quality benchmark of homes.", ["QUUX FloorPlans"]),
    ("We introduce Foggy Scenes (FogScene), a theory-grounded benchmark of scenes.", ["FogScene"]),
    ("ZORBA: Scalable and Principled Benchmark of Hybrid QA\nWe present it.", ["ZORBA"]),
    ("Images come from QuuxChest and NIH Quux X-ray datasets.", ["QuuxChest", "NIH Quux X-ray"]),
])
def test_coined_names_in_context(nlp, text, expected):
    assert [n for n in names(nlp(text)) if n in expected] == expected


@pytest.mark.parametrize("text", [
    "It reaches 72.1% on Blorp2.5-7B-Instruct and 70.2% on Quux-3.1-8B.",  # models, not data
    "On NL-to-code benchmarks we find errors.",  # a lower-case compound before a plural head
    "We contribute the first large-scale QCT dataset of scans.",  # a description
    "Zorp: Dataset Distillation for Quux\nWe present it.",  # the head noun modifies a capitalised word
    "Toffy: Efficient Million-Scale Dataset Construction\nWe present it.",
    "We evaluate on two benchmarks, ZQA, LRK and QUX, and discuss them.",  # three items, not two
])
def test_not_coined_data(nlp, text):
    assert names(nlp(text)) == []


def test_corpus_is_a_singular_head():
    assert plural_head("corpora") and plural_head("databases") and not plural_head("corpus")


@pytest.mark.parametrize("text, expected", [
    ("We transcribe part of the ZorkTalk corpus, a resource of spoken Welsh.", ["ZorkTalk"]),
    ("We build a dataset named QuuxGeo, which pairs maps with questions.", ["QuuxGeo"]),
    ("Tests on four challenging person re-identification databases, ZIPeR, QMUZ GRID, CUHZ Campus, and ZUHK03, "
     "show gains.", ["ZIPeR", "QMUZ GRID", "CUHZ Campus", "ZUHK03"]),
])
def test_singular_corpus_naming_participles_and_long_counts(nlp, text, expected):
    assert [n for n in names(nlp(text)) if n in expected] == expected
