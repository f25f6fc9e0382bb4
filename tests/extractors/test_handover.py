"""The boundary to the rest of paperkg (extractors/handover.py): doc -> PaperFragment."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from extractors.handover import doc_to_fragment, make_doc, sentence_of
from extractors.spans import SpanInfo, add_span, ensure_extensions
from extractors.text import doc_text
from kg.model import Evidence, Mention, Paper, ResultRecord


def test_make_doc_caches_the_text():
    nlp = spacy.blank("en")
    doc = make_doc(nlp, "A title\nAn abstract.")
    assert doc_text(doc) == "A title\nAn abstract." and doc.text == doc_text(doc)


def test_mentions_and_results_are_handed_over_typed(pipeline):
    paper = Paper(id="title:x", title="Co-DETR: a detector", abstract="Co-DETR reaches 66.0 AP on COCO test-dev.")
    fragment = doc_to_fragment(pipeline(make_doc(pipeline, paper.text)), paper)
    by_kind = {m.kind: m for m in fragment.mentions}
    assert by_kind["dataset"].entity_id == "dataset:coco" and by_kind["dataset"].role is None
    assert by_kind["method"].role == "proposed"
    assert dict(by_kind["dataset"].props)["vocabulary"] == "dataset"
    for m in fragment.mentions:
        assert paper.text[m.evidence.start:m.evidence.end] == m.evidence.surface
        assert m.evidence.surface in m.evidence.sentence
    (result,) = fragment.results
    assert isinstance(result, ResultRecord) and (result.metric, result.value, result.dataset) == ("AP", 66.0, "COCO")


def test_a_span_without_info_gets_the_defaults():
    ensure_extensions()
    nlp = spacy.blank("en")
    paper = Paper(id="title:x", title="T", abstract="We use FooNet.")
    doc = make_doc(nlp, paper.text)
    doc.spans["kg"] = [Span(doc, 4, 5, label="METHOD"), Span(doc, 0, 1, label="PERSON")]
    (mention,) = doc_to_fragment(doc, paper).mentions
    assert mention == Mention("method", "method:foonet", "FooNet",
                              Evidence("FooNet", 9, 15, "We use FooNet.", "unknown", 1.0), role="used")


def test_span_info_becomes_the_mention():
    ensure_extensions()
    nlp = spacy.blank("en")
    paper = Paper(id="title:x", title="T", abstract="We use FooNet.")
    doc = make_doc(nlp, paper.text)
    add_span(doc, Span(doc, 4, 5, label="METHOD", kb_id="method:foo"),
             SpanInfo("Foo Net", "proposed", "test", 0.5, {"kind": "model"}))
    (mention,) = doc_to_fragment(doc, paper).mentions
    assert (mention.entity_id, mention.name, mention.role, mention.props) == (
        "method:foo", "Foo Net", "proposed", (("kind", "model"),))
    assert (mention.evidence.extractor, mention.evidence.confidence) == ("test", 0.5)


def test_metadata_code_links_become_repository_mentions_once():
    nlp = spacy.blank("en")
    paper = Paper(id="title:x", title="T", abstract="Nothing.",
                  code_urls=("https://github.com/A/B", "github.com/a/b.git", "https://example.org"))
    (mention,) = doc_to_fragment(make_doc(nlp, paper.text), paper).mentions
    assert mention.entity_id == "repo:github.com/a/b" and mention.evidence == Evidence(
        "https://github.com/A/B", None, None, "", "metadata", 1.0)


def test_sentence_of_a_span():
    doc = spacy.blank("en")("A title\nFirst sentence here. Second one on COCO.")
    assert sentence_of(doc[4:5]) == ("First sentence here. Second one on COCO.", 8, 48)
