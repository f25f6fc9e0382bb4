"""Document layout helpers (extractors/text.py): text, title end, sentence bounds, evidence sentences."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from extractors.text import Sentences, doc_text, sentence_bounds, span_text, title_end


@pytest.fixture(scope="module")
def nlp(blank_with):
    return blank_with("abstract_sentencizer")


@pytest.mark.parametrize("text", ["Title: X\nAbstract. More.", "Title \nAbstract", "No line break here.",
                                  "\nOnly an abstract.", "Two\n\nbreaks\nhere", ""])
def test_title_end_is_the_line_break_token(nlp, text):
    doc = nlp(text)
    first_break = next((t.i for t in doc if "\n" in t.text or "\n" in t.whitespace_), None)
    assert title_end(doc, untitled=0) == (first_break or 0)
    assert title_end(doc) == (len(doc) if first_break is None else first_break)


@pytest.mark.parametrize("text", ["One two. Three four five. Six", "A title\nFirst one. Second (2020). Third.",
                                  "No sentence end"])
def test_sentence_bounds_agree_with_spacy(nlp, text):
    doc = nlp(text)
    for i in range(len(doc)):
        assert sentence_bounds(doc, i) == (doc[i].sent.start, doc[i].sent.end)
        span = doc[i:len(doc)]  # a span's sentence is its first token's
        assert sentence_bounds(doc, i) == (span.sent.start, span.sent.end)


def test_sentence_bounds_without_annotation_span_the_doc():
    doc = spacy.blank("en")("One two. Three four.")
    assert sentence_bounds(doc, 3) == (0, len(doc))


def test_texts_are_sliced_from_the_cached_text(nlp):
    doc = nlp("Mask R-CNN (He et al.) works.")
    assert doc_text(doc) == doc.text
    assert [span_text(doc[i:i + 2]) for i in range(len(doc) - 1)] == [doc[i:i + 2].text for i in range(len(doc) - 1)]


def test_evidence_sentences_with_and_without_sentence_annotation(nlp):
    doc = spacy.blank("en")("A title\nFirst sentence here. Second one on COCO.")
    # without sentence annotation a line stands for a sentence
    assert Sentences(doc).around(doc[4].idx) == ("First sentence here. Second one on COCO.", 8, 48)
    assert Sentences(doc).around(Span(doc, 0, 1).start_char)[0] == "A title"
    doc = nlp("A title\nFirst sentence here. Second one on COCO.")
    coco = next(t for t in doc if t.text == "COCO")
    assert Sentences(doc).around(coco.idx)[0] == "Second one on COCO."


def test_a_text_that_does_not_match_the_doc_is_not_trusted():
    doc = spacy.blank("en")("abc def")
    assert Sentences(doc, "something else entirely").text == "abc def"
    assert Sentences(doc, "abc def").text == "abc def"
