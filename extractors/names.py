"""Token-level tests shared by the long-tail patterns: what looks like a coined name.

A *name-like* token is a coinage: an acronym ("MIT", "XD-Violence"), a
camel-case word ("ChessVision", "BiToD"), or letters mixed with digits
("FSD50K", "ESC-50"). Capitalised dictionary words ("Large-Scale", "Test")
and generic acronyms ("LLM", "NLP", "GPU": the cue list ``generic_acronyms``)
are not, nor is "3D".

>>> generic = frozenset({"LLMs", "NLP"})
>>> [t for t in ["ChessVision", "MIT", "XD-Violence", "FSD50K", "TVQA+", "Large-Scale", "Test", "LLMs", "3D", "1"]
...  if is_name_like(t, generic)]
['ChessVision', 'MIT', 'XD-Violence', 'FSD50K', 'TVQA+']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache


__all__ = ["is_name_like", "name_test", "NUMBER"]

_PART = re.compile(r"[A-Za-z0-9]+")
#: A number as written in results: "66.0", "0.90", "97.07%", "+2.1".
NUMBER = re.compile(r"^[+\-±]?\d+(?:[.,]\d+)*%?$")


@lru_cache(maxsize=65536)
def is_name_like(text: str, generic_acronyms: frozenset[str]) -> bool:
    """Whether *text* (one token) looks like a coined name and is none of *generic_acronyms*."""
    if len(text) < 2 or not text[0].isalnum() or text in generic_acronyms or not any(c.isalpha() for c in text):
        return False
    if "://" in text or text.count(".") > 1:
        return False
    for part in _PART.findall(text):
        letters = [c for c in part if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            return True  # an all-caps part: MIT, XD, CIFAR
        if any(c.isupper() for c in part[1:]) and any(c.islower() for c in part):
            return True  # camel case: ChessVision, BiToD
        if letters and any(c.isdigit() for c in part) and part[0].isupper():
            return True  # letters and digits: FSD50K, Kinetics400
    return False


def name_test(generic_acronyms: frozenset[str]) -> Callable[[str], bool]:
    """:func:`is_name_like` with the generic acronyms of a pipeline bound (the cue list ``generic_acronyms``)."""
    return lambda text: is_name_like(text, generic_acronyms)
