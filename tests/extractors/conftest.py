"""Fixtures shared by the extractor tests: the shipped pipeline, built once per session."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.util import load_config, load_model_from_config

import extractors


@pytest.fixture(scope="session")
def pipeline() -> Language:
    """The shipped pipeline, shared by the whole session: do not change it."""
    return load_model_from_config(load_config(extractors.CONFIG), auto_fill=True, validate=True)
