"""exports/safe_text.py: what UTF-8 and XML 1.0 cannot hold becomes U+FFFD, one character for one."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

import pytest

from exports.safe_text import cleaned, encodable, xml_text
from tests.exports.nasty_sample import NASTY


@pytest.mark.parametrize("text", ["plain", "naïve 😀 ∑", "tab\tnew\nline\rcr", ""])
def test_clean_text_is_left_alone(text: str) -> None:
    assert encodable(text) is text and xml_text(text) == text


def test_lone_surrogates_become_replacement_characters() -> None:
    assert encodable("a\ud800b\udfffc") == "a\ufffdb\ufffdc"
    assert encodable("\ud83d\ude00") == "😀"  # a pair of halves is the character they spell
    encodable(f"x{NASTY}y").encode("utf-8")  # strict UTF-8 takes it


def test_xml_text_parses_and_keeps_its_length() -> None:
    text = f"T{NASTY}itle"
    safe = xml_text(text)
    assert len(safe) == len(text)  # evidence offsets still point where they did
    assert ET.fromstring(f"<a>{escape(safe)}</a>".encode("utf-8")).text == safe
    with pytest.raises(ET.ParseError):
        ET.fromstring(f"<a>{escape(encodable(text))}</a>".encode("utf-8"))


def test_cleaned_walks_nested_values() -> None:
    value = {"k\ud800": ["a\udc00", ("b", 1)], "n": None, "x": 2.5}
    assert cleaned(value, encodable) == {"k\ufffd": ["a\ufffd", ("b", 1)], "n": None, "x": 2.5}
