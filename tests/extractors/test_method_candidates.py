"""Candidate method spans (extractors/method_candidates.py): curated hits and coinages."""

from __future__ import annotations

import pytest
import spacy
from spacy.util import filter_spans

from extractors.cues import load_cues
from extractors.method_candidates import MethodCandidates
from extractors.methods_vocab import MethodVocabulary


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


@pytest.fixture(scope="module")
def candidates(nlp):
    return MethodCandidates(nlp, MethodVocabulary.default(), load_cues())


def found(nlp, candidates, text):
    return [(s.text, s.label_) for s in filter_spans(candidates(nlp(text)))]


def test_curated_names_take_their_version_and_size(nlp, candidates):
    assert found(nlp, candidates, "We compare Llama 3.1 with BERT-base.") == [
        ("Llama 3.1", "method:llama"), ("BERT-base", "method:bert")]


def test_a_versioned_name_takes_its_variant_word(nlp, candidates):
    """ "Gemini 1.0 Pro", "Claude 3 Opus": the variant is part of the name; "models" after it is not."""
    texts = [t for t, _ in found(nlp, candidates, "We apply Gemini 1.0 Pro, Claude 3 Opus and Llama 3 models.")]
    assert texts == ["Gemini 1.0 Pro", "Claude 3 Opus", "Llama 3"]


@pytest.mark.parametrize("text, name", [
    ("We build JoJoGAN for faces.", "JoJoGAN"),
    ("The PLS-Net model works.", "PLS-Net"),
    ("An X3DV backbone.", "X3DV"),
    ("A CLIP-style ZetaNet-based encoder.", "ZetaNet"),
])
def test_coinages_are_candidates_trimmed_of_lower_case_parts(nlp, candidates, text, name):
    assert (name, "") in found(nlp, candidates, text)


@pytest.mark.parametrize("text", ["A self-supervised model.", "We use a transformer.", "Large Models Work."])
def test_plain_words_are_no_coinage(nlp, candidates, text):
    assert [name for name, label in found(nlp, candidates, text) if not label] == []


def test_each_token_text_is_classified_once(nlp, candidates):
    text = "JoJoGAN and JoJoGAN-2 and PLS"
    first = candidates(nlp(text))
    known = dict(candidates._token_kind)
    again = candidates(nlp(text))
    assert candidates._token_kind == known and [s.text for s in again] == [s.text for s in first]


def test_titled_runs_are_mid_sentence_capitalised_techniques(nlp):
    from extractors.method_candidates import titled_runs
    doc = nlp("Our Visual Delta Module helps. Unlike the Binary Relevance Method, it uses Optimal Brain Surgeon.")
    doc[6].is_sent_start = True
    assert [s.text for s in titled_runs(doc, 0, load_cues())] == ["Binary Relevance Method"]


def test_titled_runs_hand_the_authors_own_runs_over(nlp):
    from extractors.method_candidates import titled_runs
    doc = nlp("We add a Visual Delta Module. Unlike the Binary Relevance Method, it uses Optimal Brain Surgeon.")
    doc[7].is_sent_start = True
    own = []
    assert [s.text for s in titled_runs(doc, 0, load_cues(), own)] == ["Binary Relevance Method"]
    assert [s.text for s in own] == ["Visual Delta Module"]


def test_titled_runs_hand_the_items_of_a_part_list_over_whatever_their_head(nlp):
    from extractors.method_candidates import titled_runs
    doc = nlp("Training has two stages: (1) Zorba Consistency Learning fixes poses, and (2) Kappa Scene Construction.")
    own = []
    assert titled_runs(doc, 0, load_cues(), own) == []
    assert [s.text for s in own] == ["Zorba Consistency Learning", "Kappa Scene Construction"]
    doc = nlp("Training then fixes poses with Zorba Consistency Learning, a Kappa Scene Construction.")
    own = []
    assert titled_runs(doc, 0, load_cues(), own) == [] and own == []  # no list of parts: no method head, no name


@pytest.mark.parametrize("text, parts", [
    ("We add a Visual Delta Module", ["Visual Delta Module"]),
    ("We add a Deep Belief Network", []),  # an architecture family the authors build on
    ("We add two Memory Networks", []),  # a plural: a family
])
def test_proposal_parts_are_singular_techniques(nlp, text, parts):
    from extractors.method_candidates import proposal_parts
    doc = nlp(text)
    assert [s.text for s in proposal_parts([doc[3:len(doc)]], set(), load_cues())] == parts


def test_proposal_parts_skip_runs_inside_a_mention(nlp):
    from extractors.method_candidates import proposal_parts
    doc = nlp("We add a Visual Delta Module")
    assert proposal_parts([doc[3:6]], {4}, load_cues()) == []
