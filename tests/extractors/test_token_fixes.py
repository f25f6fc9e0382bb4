"""Token fixes: slash lists and glued periods."""

from __future__ import annotations

import pytest
import spacy


from extractors.token_fixes import split_parts


@pytest.mark.parametrize("text, parts", [
    ("CIFAR10/100", ["CIFAR10", "/", "100"]),
    ("RefCOCO/+/g", ["RefCOCO", "/", "+", "/", "g"]),
    ("ImageNet-1K/21K.", ["ImageNet-1K", "/", "21K", "."]),
    ("COCO.", ["COCO", "."]),
    ("BiToD.", ["BiToD", "."]),
    ("GPT-4.", ["GPT-4", "."]),
])
def test_split(text, parts):
    assert split_parts(text) == parts


@pytest.mark.parametrize("text", ["https://github.com/a/b", "github.com/a/b", "1/2", "U.S.", "X.", "e.g.", "COCO"])
def test_keep(text):
    assert split_parts(text) is None


def test_pipeline_keeps_text_and_offsets():
    nlp = spacy.blank("en")
    nlp.add_pipe("token_fixes")
    text = "Results on CIFAR10/100 and GLUE. Code: https://github.com/a/b."
    doc = nlp(text)
    assert doc.text == text
    assert "GLUE" in [t.text for t in doc] and "100" in [t.text for t in doc]
    assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in doc)
