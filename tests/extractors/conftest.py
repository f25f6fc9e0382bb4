"""Fixtures shared by the extractor tests: the shipped pipeline and partial pipelines, each built once."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
import spacy
from spacy.language import Language
from spacy.util import load_config, load_model_from_config

import extractors


@pytest.fixture(scope="session")
def pipeline() -> Language:
    """The shipped pipeline, shared by the whole session: do not change it."""
    return load_model_from_config(load_config(extractors.CONFIG), auto_fill=True, validate=True)


@pytest.fixture(scope="session")
def blank_with() -> Callable[..., Language]:
    """``blank_with("abbreviations", "methods")``: a blank English pipeline with those components, in order.

    Each combination is built once per session and shared: do not change it.
    """
    built: dict[tuple[str, ...], Language] = {}

    def build(*names: str) -> Language:
        if names not in built:
            nlp = built[names] = spacy.blank("en")
            for name in names:
                nlp.add_pipe(name)
        return built[names]

    return build


@pytest.fixture
def with_ranker(tmp_path) -> Callable[..., Language]:
    """``with_ranker(pipes, weights, veto_below=0.3)``: a blank pipeline of *pipes* whose last component runs a
    ranker with those feature *weights* (written to a file; bias and threshold as keywords, default 0 and 0.5)."""

    def build(pipes: tuple[str, ...], weights: dict[str, float], *, bias: float = 0.0, **options) -> Language:
        path = tmp_path / "ranker.json"
        path.write_text(json.dumps({"weights": weights, "bias": bias, "threshold": 0.5}), encoding="utf-8")
        nlp = spacy.blank("en")
        for name in pipes:
            nlp.add_pipe(name, config={"ranker": str(path), **options} if name == pipes[-1] else {})
        return nlp

    return build
