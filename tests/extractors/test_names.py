"""Name-like tokens for long-tail patterns."""

from __future__ import annotations

import pytest

from extractors.cues import load_cues
from extractors.names import NUMBER, is_name_like

GENERIC = load_cues().generic_acronyms


@pytest.mark.parametrize("text", ["ChessVision", "MIT", "XD-Violence", "FSD50K", "TVQA+", "BiToD", "SciEval", "ESC-50"])
def test_name_like(text):
    assert is_name_like(text, GENERIC)


@pytest.mark.parametrize("text", ["Large-Scale", "Test", "dataset", "LLMs", "NLP", "3D", "1", "https://x.org/A", "a"])
def test_not_name_like(text):
    assert not is_name_like(text, GENERIC)


@pytest.mark.parametrize("text, ok", [("66.0", True), ("97.07%", True), ("+2.1", True), ("1,000", True), ("AP", False)])
def test_number(text, ok):
    assert bool(NUMBER.match(text)) is ok
