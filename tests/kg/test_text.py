"""kg/text.py: input text normalised once, so every writer gets strings its format can carry."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.text import clean, has_surrogate, identifier


def test_c0_controls_go_tab_newline_and_carriage_return_stay() -> None:
    assert clean("".join(map(chr, range(32))) + "x") == "\t\n\rx"


def test_noncharacters_of_every_plane_go() -> None:
    nonchars = [chr(c) for c in range(0xFDD0, 0xFDF0)] + [chr(p << 16 | e) for p in range(17) for e in (0xFFFE, 0xFFFF)]
    assert clean("a" + "".join(nonchars) + "b") == "ab"
    assert clean("\ufdcf\ufdf0\ufffd\U0001fffd") == "\ufdcf\ufdf0\ufffd\U0001fffd"  # their neighbours are kept


def test_lone_surrogates_are_replaced() -> None:
    assert clean("a\ud800b\udfffc") == "a\ufffdb\ufffdc"
    assert has_surrogate("\udfff") and not has_surrogate(clean("\udfff"))


def test_ordinary_text_is_returned_as_is() -> None:
    for text in ("Attention Is All You Need", "Ünïcödé — “quotes” 𝔽 🙂 中文", "tab\tand\nnewline"):
        assert clean(text) is text or clean(text) == text


def test_identifiers_are_one_line() -> None:
    assert identifier("2301.00001\r\n") == "2301.00001"
    assert identifier("Ada \r\n Lovelace\u2028\x1c") == "Ada Lovelace"
    assert identifier("\x00") == ""


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=40))
def test_clean_text_is_valid_utf8_and_xml(text: str) -> None:
    cleaned = clean(text)
    cleaned.encode("utf-8")  # no lone surrogate left
    element = ET.Element("t")
    element.text = cleaned
    parsed = ET.fromstring(ET.tostring(element, encoding="unicode")).text
    assert parsed in (cleaned.replace("\r\n", "\n").replace("\r", "\n"), None)
    assert identifier(cleaned) == identifier(text)
    assert "\n" not in identifier(text) and "\r" not in identifier(text)
