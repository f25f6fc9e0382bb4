"""The span_model component: the shipped weights load from the package and only add what the rules left."""

from __future__ import annotations

import threading

import pytest
import spacy
from spacy.tokens import Doc, Span

from extractors.span_model import MODEL_DIR, SpanModel, known_names
from extractors.spans import SPANS_KEY, SpanInfo, add_span
from kg.names import name_key

TEXT = ("We propose FooNet for biomedical question answering and evaluate it on the BarQA-2 dataset, "
        "SQuAD and ImageNet, reporting exact match and top-1 accuracy.")


@pytest.fixture(scope="module")
def all_labels():
    nlp = spacy.blank("en")
    nlp.add_pipe("span_model", config={"labels": ["DATASET", "METHOD", "METRIC", "TASK"]})
    return nlp


def test_shipped_model_is_package_data_with_attribution_and_small():
    assert (MODEL_DIR / "config.cfg").is_file()
    assert "Apache License 2.0" in (MODEL_DIR / "ATTRIBUTION").read_text(encoding="utf-8")
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert size < 30_000_000


def test_factory_is_found_through_the_entry_point(all_labels):
    assert isinstance(all_labels.get_pipe("span_model"), SpanModel)


def test_model_proposes_typed_spans_into_the_contract(all_labels):
    doc = all_labels(TEXT)
    spans = list(doc.spans[SPANS_KEY])
    assert spans, "the shipped model proposes nothing on a plain evaluation sentence"
    for span in spans:
        assert span.label_ in {"DATASET", "METHOD", "METRIC", "TASK"}
        assert span._.kg.extractor == "span_model"
        assert span.kb_id_.split(":")[0] == span.label_.lower()
        assert span.text.split()[0].lower() not in {"the", "a", "and", "on"}
    assert {s.text for s in doc._.kg_datasets} & {"SQuAD", "ImageNet", "BarQA-2"}


def test_only_the_configured_labels_are_added():
    nlp = spacy.blank("en")
    nlp.add_pipe("span_model", config={"labels": ["TASK"]})
    doc = nlp(TEXT)
    assert {s.label_ for s in doc.spans.get(SPANS_KEY, [])} <= {"TASK"}


def test_tokens_the_rules_hold_are_left_alone(all_labels):
    model = all_labels.get_pipe("span_model")
    doc = all_labels.make_doc(TEXT)
    proposals = model.proposals(doc)
    assert proposals
    start, end, *_ = proposals[0]
    add_span(doc, Span(doc, start, end, label="DATASET"), SpanInfo(extractor="rules"))
    doc = model(doc)
    covering = [s for s in doc.spans[SPANS_KEY] if s.start < end and start < s.end]
    assert [s._.kg.extractor for s in covering] == ["rules"]


def test_list_check_keeps_only_names_the_lists_hold():
    nlp = spacy.blank("en")
    nlp.add_pipe("span_model", config={"labels": ["DATASET"], "vocab_labels": ["DATASET"]})
    doc = nlp(TEXT)
    for span in doc.spans.get(SPANS_KEY, []):
        assert name_key(span.text) in known_names("DATASET")
    assert name_key("ImageNet") in known_names("DATASET")


def test_unknown_label_and_missing_model_are_config_errors(tmp_path):
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="unknown labels"):
        nlp.add_pipe("span_model", config={"labels": ["PERSON"]})
    with pytest.raises(ValueError, match="no trained model"):
        nlp.add_pipe("span_model", name="other", config={"model": str(tmp_path)})


def test_doc_ents_are_untouched(all_labels):
    doc = all_labels(TEXT)
    assert doc.ents == ()


def test_preset_entities_and_user_data_are_left_as_they_were(all_labels):
    # the NER writes doc.ents and the component puts them back; user_data is not copied (a lock cannot be)
    doc = all_labels.make_doc(TEXT)
    doc.ents = [Span(doc, 2, 3, label="ORG")]
    doc.user_data["lock"] = threading.Lock()
    before = doc.to_array(["ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID"]).tolist()
    doc = all_labels.get_pipe("span_model")(doc)
    assert [(e.start, e.end, e.label_) for e in doc.ents] == [(2, 3, "ORG")]
    assert doc.to_array(["ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID"]).tolist() == before
    assert doc.spans.get(SPANS_KEY)


def test_pipeline_docs_read_as_docs_in_the_model_vocab(all_labels):
    # the model runs on the pipeline's docs: its features must not depend on whose vocab it is
    component = all_labels.get_pipe("span_model")
    docs = [all_labels.make_doc(text) for text in (TEXT, "Results on CIFAR-10 and the FooBench suite, in BLEU.")]
    in_model_vocab = [Doc(component.model.vocab, words=[t.text for t in d], spaces=[bool(t.whitespace_) for t in d])
                      for d in docs]
    component.ner.set_annotations(in_model_vocab, component.ner.predict(in_model_vocab))
    expected = [[(e.start, e.end, e.label_, component.confidence) for e in d.ents] for d in in_model_vocab]
    assert any(expected) and component._scored(docs) == expected


def _spans(doc):
    return [(s.start, s.end, s.label_) for s in doc.spans.get(SPANS_KEY, [])]


def test_pipe_batches_give_the_spans_of_one_doc_at_a_time(all_labels):
    texts = [TEXT, "Results on Foo-QA and the Bar corpus.", TEXT.replace("FooNet", "BazFormer")]
    one_by_one = []
    for text in texts:
        doc = all_labels(text)
        one_by_one.append(_spans(doc))
    docs = list(all_labels.pipe(texts, batch_size=2))
    assert [_spans(doc) for doc in docs] == one_by_one


def test_a_doc_that_fails_goes_to_the_error_handler_and_the_batch_goes_on(all_labels, monkeypatch):
    model = all_labels.get_pipe("span_model")
    failed = []
    model.set_error_handler(lambda name, proc, docs, error: failed.extend(d.text for d in docs))
    real = SpanModel._scored

    def scored(self, docs):
        if any("boom" in d.text for d in docs):
            raise RuntimeError("boom")
        return real(self, docs)

    monkeypatch.setattr(SpanModel, "_scored", scored)
    docs = [all_labels.make_doc(t) for t in ("ok one", "boom", "ok two")]
    out = list(model.pipe(docs, batch_size=3))
    assert [d.text for d in out] == ["ok one", "ok two"] and failed == ["boom"]


def test_beam_scores_become_confidences_and_thresholds_filter():
    low, high = spacy.blank("en"), spacy.blank("en")
    labels = ["DATASET", "METHOD", "METRIC", "TASK"]
    low.add_pipe("span_model", config={"labels": labels, "beam_width": 4, "thresholds": dict.fromkeys(labels, 0.05)})
    high.add_pipe("span_model", config={"labels": labels, "beam_width": 4, "thresholds": dict.fromkeys(labels, 1.01)})
    doc = low(TEXT)
    confidences = [s._.kg.confidence for s in doc.spans[SPANS_KEY]]
    assert confidences and all(0.05 <= c <= 1.0 for c in confidences)
    empty = high(TEXT)
    assert not empty.spans.get(SPANS_KEY)


def test_a_beam_trained_model_loads_and_its_own_beam_scores_filter(tmp_path):
    # `python -m training.retrain --beam N` packages a beam_ner named span_ner: the thresholds path reads its scores
    from spacy.training import Example

    trainer = spacy.blank("en")
    trainer.add_pipe("beam_ner", name="span_ner", config={"beam_width": 4})
    text, ents = "We test QuuxNet on ZorbQA today.", [(8, 15, "METHOD"), (19, 25, "DATASET")]
    examples = [Example.from_dict(trainer.make_doc(text), {"entities": ents})]
    optimizer = trainer.initialize(lambda: examples)
    for label in ("METRIC", "TASK"):
        trainer.get_pipe("span_ner").add_label(label)
    for _ in range(30):
        trainer.update(examples, sgd=optimizer)
    trainer.to_disk(tmp_path / "beam")
    labels = ["DATASET", "METHOD"]
    model = SpanModel("span_model", str(tmp_path / "beam"), labels, [], 0.5, 4, dict.fromkeys(labels, 0.05))
    assert model.ner.cfg["beam_width"] == 4
    proposals = model.proposals(spacy.blank("en")(text))
    assert proposals and all(0.05 <= p <= 1.0 for *_, p in proposals)
    strict = SpanModel("span_model", str(tmp_path / "beam"), labels, [], 0.5, 4, dict.fromkeys(labels, 1.01))
    assert not strict.proposals(spacy.blank("en")(text))
