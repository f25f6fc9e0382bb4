"""Task phrases a title writes as a clause (extractors/task_titles.py), on made-up titles."""

from __future__ import annotations

import pytest
import spacy

from extractors.cues import load_cues
from extractors.task_titles import title_phrases


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def phrases(nlp, title: str) -> list[str]:
    doc = nlp(title + "\nSome text.")
    return [s.text for s in title_phrases(doc, len(nlp(title)), load_cues())]


@pytest.mark.parametrize("title, phrase", [
    ("Quokka: Auditing Rumour Spread in Village Chats", "Auditing Rumour Spread in Village Chats"),
    ("Why Cats Purr: Probing Pitch Memory in Speech Models", "Probing Pitch Memory in Speech Models"),
    ("Benchmarking Fair Grading in Tutor Bots with Rubrics", "Benchmarking Fair Grading in Tutor Bots"),
    ("Wombat: Fast Harbour Berth Scheduling via Graph Search", "Fast Harbour Berth Scheduling"),
    ("Wombat: Proactive Harbour Assistance with Sparse Cameras", "Proactive Harbour Assistance"),
    ("Wombat: Sparse Graph Search for Harbour Berth Scheduling", "Harbour Berth Scheduling"),
    ("Wombat: Sparse Graph Search for Harbour Berth QA", "Harbour Berth QA"),
])
def test_title_phrase(nlp, title, phrase):
    assert phrase in phrases(nlp, title)


@pytest.mark.parametrize("title", [
    "Wombat: Reinforcing Harbour Agents with Graph Search",  # a method verb, not a study
    "Wombat: A Planner for Harbours via Graph Search",  # an artefact before "via"
    "Scaling Harbour Agents via Graph Search",
    "Wombat",
    "Wombat: Sparse Graph Search for Harbour Robots",  # not a problem's head
    "Wombat: Sparse Graph Search for Robust Training",  # a means
])
def test_no_title_phrase(nlp, title):
    assert phrases(nlp, title) == []


def test_pipeline_adds_title_phrase_only_without_a_found_task(blank_with):
    nlp = blank_with("token_fixes", "abstract_sentencizer", "abbreviations", "vocab_ruler", "task_patterns",
                     "kg_resolver")

    def names(text):
        doc = nlp(text)
        return [s._.kg.name for s in doc.spans.get("kg", []) if s.label_ == "TASK"]

    title = "Quokka: Evaluating Rumour Spread in Village Chats"
    assert "evaluating rumour spread in village chats" in names(title + "\nText.")
    # the title's task noun already names the problem: no second, longer task
    title = "Quokka: Efficient Harbour Image Segmentation via Graph Search"
    assert names(title + "\nText.") == ["harbour image segmentation"]
