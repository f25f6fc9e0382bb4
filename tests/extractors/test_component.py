"""The component base (extractors/component.py): spaCy's per-doc error handler on every component."""

from __future__ import annotations

import pytest
from spacy.util import load_config, load_model_from_config

import extractors
from extractors.component import Component

TEXTS = ["A\nWe train on COCO and get 50.1 AP.", "B\nBOOM makes one component raise.", "C\nWe use BERT on GLUE."]


@pytest.fixture(scope="module")
def nlp():
    return load_model_from_config(load_config(extractors.CONFIG), auto_fill=True, validate=True)


def test_every_component_has_the_error_handler_and_no_pipe_that_bypasses_it(nlp):
    for name, proc in nlp.pipeline:
        assert isinstance(proc, Component), name
        assert not hasattr(proc, "pipe"), name


@pytest.mark.parametrize("name", ["token_fixes", "abstract_sentencizer", "abbreviations", "code_links", "vocab_ruler",
                                  "dataset_patterns", "metric_patterns", "task_patterns", "methods", "results",
                                  "kg_resolver"])
def test_a_doc_that_makes_a_component_raise_is_reported_and_skipped(nlp, name):
    proc = nlp.get_pipe(name)
    cls = type(proc)

    def call(self, doc):
        if "BOOM" in doc.text:
            raise ValueError("boom")
        return cls.__call__(self, doc)

    reported = []
    proc.__class__ = type(f"Raising{cls.__name__}", (cls,), {"__call__": call})
    try:
        nlp.set_error_handler(lambda component, _proc, docs, exc: reported.append((component, docs[0].text, exc)))
        docs = list(nlp.pipe(TEXTS, batch_size=2))
    finally:
        proc.__class__ = cls
        nlp.set_error_handler(extractors.component.raise_error)
    assert [d.text for d in docs] == [TEXTS[0], TEXTS[2]]
    assert [(c, t, str(e)) for c, t, e in reported] == [(name, TEXTS[1], "boom")]
    assert {s.text for s in docs[0].spans["kg"]} >= {"COCO", "AP"}


def test_without_a_handler_the_error_is_raised(nlp):
    proc = nlp.get_pipe("results")
    cls = type(proc)
    proc.__class__ = type("Raising", (cls,), {"__call__": lambda self, doc: 1 / 0})
    try:
        with pytest.raises(ZeroDivisionError):
            list(nlp.pipe(TEXTS))
    finally:
        proc.__class__ = cls
