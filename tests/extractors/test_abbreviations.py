"""Schwartz–Hearst abbreviation definitions."""

from __future__ import annotations

import pytest
import spacy


from extractors.abbreviations import abbreviation_pairs, find_long_form, long_forms


@pytest.fixture(scope="module")
def nlp(blank_with):
    return blank_with("abstract_sentencizer", "abbreviations")


@pytest.mark.parametrize("short, candidate, expected", [
    ("WER", "we report the word error rate", "word error rate"),
    ("mAP", "in terms of mean average precision", "mean average precision"),
    ("SOTA", "prior state-of-the-art", "state-of-the-art"),
    ("ZS-RE", "and zero-shot relation extraction", "zero-shot relation extraction"),
    ("FID", "lower Frechet Inception Distance", "Frechet Inception Distance"),
    ("HMM", "a simple model", None),
    ("AB", "AB", None),
])
def test_find_long_form(short, candidate, expected):
    assert find_long_form(short, candidate) == expected


def test_definitions_in_text(nlp):
    doc = nlp("We measure the word error rate (WER) on LibriSpeech. "
              "Lower is better (see below). The Mpox Skin Lesion Dataset Version 2.0 (MSLD v2.0) is used.")
    assert long_forms(doc) == {"WER": "word error rate", "MSLD v2.0": "Mpox Skin Lesion Dataset Version 2.0"}
    pairs = abbreviation_pairs(doc)
    assert [(p.short.text, p.long.text) for p in pairs] == [
        ("WER", "word error rate"), ("MSLD v2.0", "Mpox Skin Lesion Dataset Version 2.0")]
    (ss, se), (ls, le) = doc._.abbreviations[0]
    assert doc.text[ss:se] == "WER" and doc.text[ls:le] == "word error rate"


def test_reverse_definition(nlp):
    doc = nlp("We report WER (word error rate) throughout.")
    assert long_forms(doc) == {"WER": "word error rate"}


@pytest.mark.parametrize("text", [
    "Results (in percent) are shown.",
    "The model (Smith, 2020) is strong.",
    "We test on COCO (2017) images.",
    "A method (ABC) unrelated to its name.",
])
def test_no_definition(nlp, text):
    assert nlp(text)._.abbreviations == []


def test_state_does_not_leak_between_docs(nlp):
    docs = list(nlp.pipe(["Word error rate (WER) is low.", "Nothing here."]))
    assert long_forms(docs[0]) == {"WER": "Word error rate"}
    assert docs[1]._.abbreviations == []


def test_token_positions_index_every_use_of_a_text():
    from spacy.strings import get_string_id

    from extractors.abbreviations import token_positions

    doc = spacy.blank("en")("the CNN beats a CNN and the RNN")
    at = token_positions(doc)
    assert at[get_string_id("CNN")] == [1, 4] and at[get_string_id("the")] == [0, 6]
    assert get_string_id("LSTM") not in at and sum(map(len, at.values())) == len(doc)
