"""Text normalisation at the input boundary: every string a :class:`~kg.model.Paper` holds is clean.

Readers call these once, where papers are made (:func:`kg.readers.base.paper_from_mapping`),
so that no writer ever meets a character its format cannot carry:

- C0 control characters other than tab and line feed are removed (XML 1.0
  forbids them, so GraphML and GEXF would be unreadable);
- Unicode noncharacters (U+FDD0..U+FDEF and the last two code points of every
  plane, U+FFFE, U+FFFF, U+1FFFE, ...) are removed;
- lone surrogates (U+D800..U+DFFF, which JSON's ``\\ud800`` escapes can
  produce but UTF-8 cannot encode) become U+FFFD, the replacement character;
- identifiers (ids, DOIs, URLs, author names) are one line: every run of white
  space, line breaks included, becomes a single space.

Ordinary text passes through unchanged:

>>> clean("Attention Is All You Need") == "Attention Is All You Need"
True
>>> clean("a\\x00b\\x1bc\\td\\ne\\ufffef\\U0010ffff")
'abc\\td\\nef'
>>> clean("lone \\ud800 surrogate")
'lone \\ufffd surrogate'
>>> identifier(" 10.1000/x\\r\\n12 ")
'10.1000/x 12'
"""

from __future__ import annotations

import re

__all__ = ["clean", "identifier", "has_surrogate"]

# C0 controls except \t (0x09) and \n (0x0A); \r is kept for clean() callers that
# collapse white space themselves, and removed from identifiers by identifier().
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f"
_NONCHAR = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17))
_DROP = re.compile(f"[{_CONTROL}{_NONCHAR}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ANY = re.compile(f"[{_CONTROL}{_NONCHAR}\ud800-\udfff]")  # one scan decides whether there is anything to do


def has_surrogate(text: str) -> bool:
    """Whether *text* holds a lone surrogate (a code point no UTF-8 file can hold).

    >>> has_surrogate("ok"), has_surrogate("\\udc80")
    (False, True)
    """
    return _SURROGATE.search(text) is not None


def clean(text: str) -> str:
    """*text* without C0 controls (tab, line feed and carriage return kept) or noncharacters; lone surrogates replaced."""
    if (text.isascii() and text.isprintable()) or _ANY.search(text) is None:  # the common case: nothing to do
        return text
    return _SURROGATE.sub("\ufffd", _DROP.sub("", text))


def identifier(text: str) -> str:
    """*text* :func:`clean`, on one line: white space runs (line breaks too) become one space, ends stripped."""
    return " ".join(clean(text).split())
