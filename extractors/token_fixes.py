"""Token fixes for abstracts: slash lists and periods glued to acronyms.

spaCy's English tokenizer keeps "CIFAR10/100" as one token, so no span can
name CIFAR-100 alone; and it leaves the sentence-final period on a token that
ends in a capital letter ("on COCO." -> "COCO."), so "COCO" is not found and
the sentence does not end. This component, placed first in the pipeline,
splits such tokens in place:

- slash lists at each ``/`` ("RefCOCO/+/g" -> "RefCOCO", "/", "+", "/", "g");
  URLs, paths with a domain and numbers ("1/2") are left alone;
- a final period after a capital letter ("COCO." -> "COCO", "."), but not in
  dotted abbreviations ("U.S.") or single initials ("X.").

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("token_fixes")
>>> [t.text for t in nlp("On CIFAR10/100 and RefCOCO/+/g, see https://github.com/a/b and 1/2 in the U.S. on COCO.")]
['On', 'CIFAR10', '/', '100', 'and', 'RefCOCO', '/', '+', '/', 'g', ',', 'see', 'https://github.com/a/b', 'and', '1/2', 'in', 'the', 'U.S.', 'on', 'COCO', '.']
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Token

from extractors.component import Component

__all__ = ["SLASH_LIST", "GLUED_PERIOD", "split_parts", "TokenFixes", "make_token_fixes"]

#: A token that is a slash list: a name, then "/"-separated parts (no domain, no scheme, not all digits).
SLASH_LIST = re.compile(r"^(?=[^/]*[A-Za-z])[A-Za-z0-9][\w\-+.]*(?:/[\w\-+.]+)+[.,;:]?$")
#: A name whose sentence-final period the tokenizer left attached.
GLUED_PERIOD = re.compile(r"^[A-Za-z0-9][\w\-+]*[A-Z0-9+]\.$")
_URLISH = re.compile(r"://|www\.|\.(?:com|org|io|net|edu|ai|co)\b|^[\d/]+$")


def split_parts(text: str) -> list[str] | None:
    """How to split a token's *text*, or None to keep it.

    >>> split_parts("ImageNet-1K/21K.")
    ['ImageNet-1K', '/', '21K', '.']
    >>> split_parts("GLUE.")
    ['GLUE', '.']
    >>> split_parts("U.S.") is None
    True
    """
    if "/" in text and SLASH_LIST.match(text) and not _URLISH.search(text):
        parts = [p for p in re.split(r"(/)", text) if p]
        if parts[-1][-1] in ".,;:" and len(parts[-1]) > 1:
            parts[-1:] = [parts[-1][:-1], parts[-1][-1]]
        return parts
    if GLUED_PERIOD.match(text) and len(text) > 2 and "." not in text[:-1]:
        return [text[:-1], "."]
    return None


class TokenFixes(Component):
    """Splits slash lists and glued periods in place (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        targets: list[tuple[Token, list[str]]] = []
        for tok in doc:
            if tok.text[-1] in "./,;:" or "/" in tok.text:
                parts = split_parts(tok.text)
                if parts and len(parts) > 1:
                    targets.append((tok, parts))
        if targets:
            with doc.retokenize() as retokenizer:
                for tok, parts in targets:
                    retokenizer.split(tok, parts, heads=[(tok, 0)] * len(parts))
        return doc


@Language.factory("token_fixes", assigns=["token.text"])
def make_token_fixes(nlp: Language, name: str) -> TokenFixes:
    """spaCy factory for :class:`TokenFixes`."""
    return TokenFixes(name)
