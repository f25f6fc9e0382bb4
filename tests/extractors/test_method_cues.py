"""Token-window tests around method names (extractors/method_cues.py)."""

from __future__ import annotations

import pytest
import spacy

from extractors.cues import load_cues
from extractors.method_cues import (KIND_HYPHEN, KIND_NAME, NOT_A_NAME, CandidateFlag, dataset_noun_near, evaluated_on,
                                    in_part_list, in_proposal_list, joined_end, language_pair,
                                    learning_setting, proposed_here,
                                    listed_before, modified_head, parenthesised_name, released, skip_parenthesis, token_kind)

CUES = load_cues()


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def at(doc, word):
    return next(t.i for t in doc if t.text == word)


@pytest.mark.parametrize("text, word, expected", [
    ("We introduce MegaScenes, a large-scale dataset of scenes.", "MegaScenes", True),
    ("We introduce MegaScenes (MS), a benchmark.", "MegaScenes", True),
    ("We introduce FooNet, a network that beats every dataset.", "FooNet", False),
    ("We introduce FooNet for scenes.", "FooNet", False),
    ("Toffee: Efficient Million-Scale Dataset Construction for X", "Toffee", False),  # "Dataset" modifies
    ("We introduce FooBench, a benchmark dataset of scenes.", "FooBench", True),
    ("We introduce FooBench, a dataset with scenes.", "FooBench", True),
])
def test_released_names_an_apposition_that_calls_it_a_dataset(nlp, text, word, expected):
    doc = nlp(text)
    assert released(doc, at(doc, word) + 1, CUES) is expected


@pytest.mark.parametrize("text, word, expected", [
    ("Extensive experiments on GTA5 and SYNTHIA show gains.", "SYNTHIA", True),
    ("We build on GTA5 and SYNTHIA here.", "SYNTHIA", False),
    ("It reaches 3.5 % QZER on VexoSet and 1.2 % QZER on ZorbQA2 .", "QZER", True),  # a value's measure
    ("It reaches 3.5 % QZER on VexoSet and 1.2 % QZER on ZorbQA2 .", "ZorbQA2", True),  # value ... on
    ("It gains +4.1 nQZ over FooNet .", "nQZ", True),
    ("Experiments on the publicly available VexoSet show gains .", "VexoSet", True),  # lower-case words after "on"
    ("We build on the pretrained VexoNet here .", "VexoNet", False),
    ("Gains are large . On closed-loop VexoDrive , it wins .", "VexoDrive", True),  # a sentence-opening "On"
    ("Gains are large . On the whole , VexoNet wins .", "VexoNet", False),  # a comma ends the phrase
    ("We distil 10K traces from VexoNet-7B and ZorbLM .", "ZorbLM", False),  # numbers count before "on" only
])
def test_evaluated_on(nlp, text, word, expected):
    doc = nlp(text)
    if text.startswith("Gains"):  # a blank pipeline has no sentences: mark the second one
        doc[at(doc, "On")].is_sent_start = True
    i = at(doc, word)
    assert evaluated_on(doc, doc[i:i + 1], CUES) is expected


def test_evaluated_on_leaves_a_name_holding_a_dataset_to_the_dataset_extractor(nlp):
    """ "1.2 % QZER on ZorbQA-v2" with the dataset "ZorbQA" found inside: the whole is no method, but neither is it
    refused here, so the longer name keeps the shorter dataset span from surfacing on its own."""
    from extractors.spans import SpanInfo, add_span, ensure_extensions
    ensure_extensions()
    doc = nlp("It reaches 1.2 % QZER on ZorbQA-v2 .")  # "ZorbQA", "-", "v2"
    i = at(doc, "ZorbQA")
    add_span(doc, spacy.tokens.Span(doc, i, i + 1, label="DATASET", kb_id="dataset:x"), SpanInfo(confidence=0.9))
    assert not evaluated_on(doc, doc[i:i + 3], CUES) and evaluated_on(doc, doc[at(doc, "QZER"):at(doc, "on")], CUES)


@pytest.mark.parametrize("text, word, expected", [
    ("For the large dataset QRT-XY , accuracy rises.", "QRT", True),  # the noun right before the name
    ('We collect a new dataset " VexoCars " of cars.', "VexoCars", True),  # in quotes
    ("on the ZorbQA textual retrieval dataset", "ZorbQA", True),  # lower-case words between
    ("on the ZorbQA Textual dataset", "ZorbQA", False),  # a capitalised word: not a plain description
    ("We train VexoNet on the new image dataset.", "VexoNet", False),  # another phrase between
    ("faster than benchmark QRTD on CPU", "QRTD", False),  # "benchmark" also names a compared method
    ("on two benchmarks , QRTD and VexoQA .", "QRTD", True),  # a list after the noun and a comma
    ("on two benchmarks , QRTD and VexoQA .", "VexoQA", True),
    ("the TREC datasets ( QRT-22 ) show", "QRT-22", True),
    ("On two benchmarks , VexoNet achieves the best scores .", "VexoNet", False),  # no list: a subject
])
def test_a_dataset_noun_near_a_name(nlp, text, word, expected):
    doc = nlp(text)
    i = at(doc, word)
    assert dataset_noun_near(doc, doc[i:i + 1], CUES) is expected


@pytest.mark.parametrize("text, expected", [
    ("English-German", True), ("English→Russian", True), ("German/French", True), ("English", False),
    ("English-BERT", False), ("Zorb-German", False),
])
def test_language_pairs(text, expected):
    assert language_pair(text, CUES) is expected


@pytest.mark.parametrize("text, expected", [("5-2500X", True), ("130x", True), ("2.5×", True), ("I3D", False),
                                            ("Zorb-50", False), ("1B-27B", True), ("GAN)-based", True),
                                            ("3)Moreover", True), ("TL;DR", True), ("Band~14", True),
                                            ("1\\,Mbps", True), ("CRFs)-", False)])
def test_multiples_and_their_ranges_are_not_names(text, expected):
    assert bool(NOT_A_NAME.search(text)) is expected


def test_listed_before_a_dataset_noun(nlp):
    doc = nlp("on CUHK03, Market-1501 and VIPeR datasets")
    assert listed_before(doc, at(doc, "CUHK03") + 1, CUES.released_heads)
    assert not listed_before(nlp("on CUHK03 with care"), 2, CUES.released_heads)


def test_parenthesised_names(nlp):
    doc = nlp('a method termed "One-Prompt" (1Prompt1Story) and RL (FamO2O) but (the model)')
    assert parenthesised_name(doc, at(doc, "One") + 3).text == "1Prompt1Story"
    assert parenthesised_name(doc, at(doc, "RL") + 1).text == "FamO2O"
    assert parenthesised_name(doc, at(doc, "but") + 1) is None
    assert skip_parenthesis(doc, at(doc, "RL") + 1) == at(doc, "FamO2O") + 2


def test_the_lexeme_flag_agrees_with_the_kind_bits(nlp):
    flag = CandidateFlag(nlp.vocab.lex_attr_getters)
    for word in ("JoJoGAN", "T5", "-", "TEN", "model", ",", "I3D", "Large", "2024", "ViT"):
        assert flag(word) == bool(token_kind(nlp.vocab[word]) & (KIND_NAME | KIND_HYPHEN)), word


@pytest.mark.parametrize("text, expected", [
    ("Transductive Few-Shot Learning", True),
    ("few-shot class incremental learning", True),
    ("real-world multi-domain few-shot learning", True),
    ("Online Prototype Learning", False),  # a method named "... Learning"
    ("Multistage Contrastive Learning", False),
    ("few-shot prompting", False),
])
def test_learning_setting(nlp, text, expected):
    assert learning_setting(nlp(text)[:], CUES) is expected


def test_modified_head_reaches_over_lower_case_words(nlp):
    doc = nlp("a GPT annotation method and a BERT. Then")
    assert modified_head(doc, 2, CUES) == 3  # "GPT annotation method": GPT modifies "method"
    assert modified_head(doc, 7, CUES) is None


def test_joined_end_reaches_over_a_split_hyphenated_name(nlp):
    doc = nlp("We introduce Zero-1-to-3, a framework")  # tokens: "Zero-1", "-", "to-3"
    assert doc[2:joined_end(doc, 3)].text == "Zero-1-to-3"
    doc = nlp("FooNet - a model")  # spaced: not one name
    assert joined_end(doc, 1) == 1


def test_proposed_here_and_in_proposal_list():
    nlp = spacy.blank("en")
    cues = load_cues()
    doc = nlp("The Foo Bar (FB) proposed in this paper works.")
    assert proposed_here(doc, doc[4:5], cues)
    assert not proposed_here(nlp("The Foo Bar (FB) works well here."), doc[4:5], cues)
    doc = nlp("We propose two scores, the Foo Bar (FB) and the Baz Qux, which use BERT.")
    assert in_proposal_list(doc, 2, 7, cues)
    assert not in_proposal_list(doc, 2, 17, cues)  # after "which": other things


def test_in_part_list_needs_a_count_a_part_noun_and_a_list(nlp):
    cues = load_cues()
    doc = nlp("The method has three key components: Foo Bar, Baz Qux and more.")
    assert in_part_list(doc, 0, 7, cues) and in_part_list(doc, 0, 10, cues)
    assert not in_part_list(doc, 0, 3, cues)  # before the list
    assert not in_part_list(nlp("It runs two stages of Foo Bar."), 0, 5, cues)  # no list after the noun
    assert not in_part_list(nlp("It has two baselines: Foo Bar."), 0, 5, cues)  # not a part of the proposal
