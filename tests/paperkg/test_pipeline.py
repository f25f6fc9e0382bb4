"""Doc -> fragment: sentences and offsets of the evidence."""

import spacy
from spacy.tokens import Span

from kg.model import Paper
from paperkg.pipeline import _Sentences, doc_to_fragment, load_pipeline, sentence_of


def test_sentence_lookup_with_and_without_sentence_annotation():
    nlp = spacy.blank("en")
    doc = nlp("A title\nFirst sentence here. Second one on COCO.")
    # without sentence annotation a line stands for a sentence
    assert sentence_of(doc[4:5]) == ("First sentence here. Second one on COCO.", 8, 48)
    assert sentence_of(Span(doc, 0, 1))[0] == "A title"
    nlp.add_pipe("sentencizer")
    doc = nlp("A title\nFirst sentence here. Second one on COCO.")
    coco = next(t for t in doc if t.text == "COCO")
    assert sentence_of(doc[coco.i:coco.i + 1])[0] == "Second one on COCO."


def test_a_text_that_does_not_match_the_doc_is_not_trusted():
    doc = spacy.blank("en")("abc def")
    assert _Sentences(doc, "something else entirely").text == "abc def"
    assert _Sentences(doc, "abc def").text == "abc def"


def test_fragment_evidence_points_into_the_paper_text():
    paper = Paper(id="title:x", title="X: a title", abstract="We use COCO. Then we report 50.1 AP on COCO.")
    doc = load_pipeline()(paper.text)
    fragment = doc_to_fragment(doc, paper)
    assert fragment.mentions
    for m in fragment.mentions:
        assert paper.text[m.evidence.start:m.evidence.end] == m.evidence.surface
        assert m.evidence.surface in m.evidence.sentence


def test_a_process_pool_gives_the_same_fragments_in_the_same_order(monkeypatch):
    import multiprocessing

    from paperkg.pipeline import extract_fragments

    papers = [Paper(id=f"title:{i}", title=f"P{i}: a title", abstract=f"We use COCO and {i}0.5 AP on LVIS.")
              for i in range(7)]
    one = list(extract_fragments(papers, load_pipeline()))
    forked = list(extract_fragments(papers, load_pipeline(), n_process=2, batch_size=2))
    assert forked == one
    # where processes cannot fork, workers load the pipeline from the config
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    spawned = list(extract_fragments(papers, n_process=2, batch_size=3))
    assert spawned == one
