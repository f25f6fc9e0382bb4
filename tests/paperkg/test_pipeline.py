"""paperkg/pipeline.py: assembling the pipeline from its config, streaming papers into fragments."""

import pytest
from spacy.language import Language

from extractors.handover import doc_to_fragment
from kg.errors import BadRecord
from kg.model import Paper
from paperkg.executors import extract_stream
from paperkg.pipeline import DEFAULT_CONFIG, PipelineError, extract_fragments, load_pipeline


def _papers(n: int) -> list[Paper]:
    return [Paper(id=f"title:{i}", title=f"P{i}: a title", abstract=f"We use COCO and {i}0.5 AP on LVIS.",
                  source=f"papers.jsonl:{i + 1}") for i in range(n)]


def test_fragment_evidence_points_into_the_paper_text():
    paper = Paper(id="title:x", title="X: a title", abstract="We use COCO. Then we report 50.1 AP on COCO.")
    doc = load_pipeline()(paper.text)
    fragment = doc_to_fragment(doc, paper)
    assert fragment.mentions
    for m in fragment.mentions:
        assert paper.text[m.evidence.start:m.evidence.end] == m.evidence.surface
        assert m.evidence.surface in m.evidence.sentence


@Language.component("test_fails_on_paper_3_here")
def _fails_on_paper_3(doc):
    if doc.text.startswith("P3:"):
        raise RuntimeError("boom")
    return doc


def test_a_component_failing_on_one_paper_skips_and_reports_it():
    nlp = load_pipeline()
    nlp.add_pipe("test_fails_on_paper_3_here", after="abbreviations")
    problems: list[BadRecord] = []
    fragments = list(extract_fragments(_papers(6), nlp, batch_size=2, on_problem=problems.append))
    assert [f.paper.id for f in fragments] == ["title:0", "title:1", "title:2", "title:4", "title:5"]
    assert [str(p) for p in problems] == [
        "papers.jsonl:4: extraction failed in component 'test_fails_on_paper_3_here' (RuntimeError: boom); "
        "paper skipped"]
    with pytest.raises(RuntimeError, match="boom"):  # without a problem handler the error propagates
        list(extract_fragments(_papers(6), nlp))


def test_a_misordered_config_is_refused_with_what_is_missing(tmp_path):
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    order = text.split("pipeline = ", 1)[1].split("\n", 1)[0]
    swapped = order.replace('"methods","results"', '"results","methods"')
    assert swapped != order
    path = tmp_path / "config.cfg"
    path.write_text(text.replace(order, swapped), encoding="utf-8")
    with pytest.raises(PipelineError, match=r"results needs .*doc\._\.kg_methods"):
        load_pipeline(path)


def test_an_unreadable_config_names_the_file(tmp_path):
    with pytest.raises(PipelineError, match="missing.cfg"):
        load_pipeline(tmp_path / "missing.cfg")


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_text_over_spacys_max_length_is_reported_and_the_batch_goes_on(n_process):
    nlp = load_pipeline()
    papers = _papers(4)
    long = Paper(id="title:long", title="Long: a title", abstract="We use COCO. " * 40, source="papers.jsonl:9")
    nlp.max_length = len(papers[0].text) + 10  # as spaCy's 1,000,000 characters, on a small scale
    problems: list[BadRecord] = []
    fragments = list(extract_stream(papers[:2] + [long] + papers[2:], nlp, jobs=n_process, chunk_size=2,
                                    on_problem=problems.append))  # in this process, and in forked workers
    assert [f.paper.id for f in fragments] == ["title:0", "title:1", "title:2", "title:3"]
    assert [str(p) for p in problems] == [
        f"papers.jsonl:9: text too long to extract ({len(long.text):,} characters; the pipeline takes at most "
        f"{nlp.max_length:,}); paper skipped"]
    with pytest.raises(BadRecord, match="too long"):
        list(extract_fragments([long], nlp))
