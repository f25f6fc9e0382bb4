"""Named parts of a proposal (extractors/method_parts.py): part verbs, lower-case part heads, defined subjects."""

from __future__ import annotations

import pytest
import spacy

from extractors.cues import load_cues
from extractors.method_parts import part_runs


@pytest.fixture(scope="module")
def nlp(blank_with):
    return blank_with("abstract_sentencizer", "abbreviations", "methods")


def roles(nlp, text: str) -> dict[str, tuple[str, set[str]]]:
    """name -> (role, surfaces) of every METHOD span."""
    out: dict[str, tuple[str, set[str]]] = {}
    doc = nlp(text)
    for span in doc.spans.get("kg", []):
        if span.label_ == "METHOD":
            role, surfaces = out.get(span._.kg.name, (span._.kg.role, set()))
            out[span._.kg.name] = (role, surfaces | {span.text})
    return out


def test_part_runs_reads_part_verbs_and_part_heads():
    doc = spacy.blank("en")("We propose FooNet. FooNet employs a Gated Bar Sampler and a Dense Baz strategy.")
    assert [(s.text, headed) for s, headed in part_runs(doc, 3, 0, load_cues())] == [
        ("Gated Bar Sampler", False), ("Dense Baz strategy", True)]


def test_part_runs_skip_sentences_about_prior_work():
    doc = spacy.blank("en")("We propose FooNet. Unlike existing work that adopts a Gated Bar Sampler, we do not.")
    assert list(part_runs(doc, 3, 0, load_cues())) == []


@pytest.mark.parametrize(("second_sentence", "part"), [
    ("QuuxNet employs a Gated Token Sampler that drops redundant tokens.", "Gated Token Sampler"),  # a part verb
    ("The Target Anchor Refinement (TAR) finds key targets first.", "Target Anchor Refinement"),  # defined subject
])
def test_a_named_part_after_the_proposal_is_proposed(nlp, second_sentence, part):
    found = roles(nlp, f"QuuxNet: Seeing Better\nWe propose QuuxNet, a framework for scene parsing. {second_sentence}")
    assert found[part][0] == "proposed"


def test_a_lower_case_part_head_stays_in_the_name_and_the_bare_form_is_a_surface(nlp):
    found = roles(nlp, "QuuxNet: Seeing Better\nWe propose QuuxNet for scene parsing. "
                       "Furthermore, the Spatial Gradient-based Smoothing strategy keeps updates consistent.")
    role, surfaces = found["Spatial Gradient-based Smoothing strategy"]
    assert role == "proposed" and "Spatial Gradient-based Smoothing" in surfaces


def test_a_defined_name_before_the_proposal_stays_used(nlp):
    found = roles(nlp, "QuuxNet: Seeing Better\nThe Target Anchor Refinement (TAR) finds key targets. "
                       "We propose QuuxNet, which improves on it.")
    assert found.get("Target Anchor Refinement", ("used",))[0] == "used"
