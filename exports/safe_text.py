"""Text every writer can emit, whatever a graph.json holds.

graph.json can come from elsewhere, so writers defend themselves: a lone
surrogate (``"\\ud800"``, which JSON allows and UTF-8 cannot encode) becomes
U+FFFD, and so does a character XML 1.0 forbids (C0 controls but tab, newline
and carriage return; U+FFFE, U+FFFF) in the XML formats. One character is
replaced by one, so evidence offsets still point where they did.

>>> encodable("Ann \\ud800 Lee")
'Ann \\ufffd Lee'
>>> xml_text("T\\x01itle\\uffff")
'T\\ufffditle\\ufffd'
>>> cleaned({"authors": ["B\\udc00b"], "year": 2024}, encodable)
{'authors': ['B\\ufffdb'], 'year': 2024}
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kg.text import has_surrogate

__all__ = ["cleaned", "encodable", "xml_text"]

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def encodable(text: str) -> str:
    """*text* with each lone surrogate replaced by U+FFFD (a high+low pair becomes its character)."""
    if not has_surrogate(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def xml_text(text: str) -> str:
    """*text* with every character XML 1.0 cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", encodable(text))


def cleaned(value: Any, clean: Callable[[str], str]) -> Any:
    """*value* with *clean* applied to every string in it (dict keys too), through dicts, lists and tuples."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {cleaned(k, clean): cleaned(v, clean) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(cleaned(v, clean) for v in value)
    return value
