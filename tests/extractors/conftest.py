"""Fixtures shared by the extractor tests: the shipped pipeline and partial pipelines, each built once."""

from __future__ import annotations

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
