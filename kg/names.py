"""Names: the one normaliser every part of paperkg compares names with, and id slugs.

Two functions, two jobs:

- :func:`name_key` decides whether two written names are the same name
  ("Mask R-CNN", "Mask RCNN", "mask-rcnn"): vocabularies, extractors and the
  evaluator all compare through it;
- :func:`slugify` makes the readable, stable part of an id (``dataset:ms-coco``).

>>> name_key("Mask R-CNN") == name_key("mask rcnn")
True
>>> name_key("TÜLU 3"), name_key("DETR++")
('tulu3', 'detrplusplus')
>>> slugify("Mask R-CNN")
'mask-r-cnn'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

__all__ = ["name_key", "key_singular", "slugify", "hash16"]

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_CASED_NON_ALNUM = re.compile(r"[^0-9A-Za-z]+")


@lru_cache(maxsize=1 << 16)  # called for every candidate name, often on the same few words
def name_key(text: str, *, cased: bool = False, fold_accents: bool = True) -> str:
    """The comparison key of a name: ``+`` -> ``plus``, alphanumerics only, lower case unless *cased*.

    Accents are folded ("TÜLU" -> "tulu"). ``fold_accents=False`` keeps
    Unicode's compatibility normalisation (NFKC) and drops accented letters
    instead, which is how ``shared/eval/score.py`` compares names.

    >>> name_key("TÜLU 3"), name_key('T\\"ULU 3'), name_key("TÜLU 3", fold_accents=False)
    ('tulu3', 'tulu3', 'tlu3')
    >>> name_key("ViT-B/16", cased=True)
    'ViTB16'
    """
    if not fold_accents:
        text = unicodedata.normalize("NFKC", text)
    elif not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.replace("+", "plus")
    return _CASED_NON_ALNUM.sub("", text) if cased else _NON_ALNUM.sub("", text.lower())


def key_singular(key: str) -> str | None:
    """The singular of the :func:`name_key` *key* of a name of words ending in a plain plural "s", else None.

    >>> key_singular("linearunits"), key_singular("hyperprocess")
    ('linearunit', None)
    """
    return key[:-1] if key.endswith("s") and not key.endswith("ss") else None


def hash16(text: str) -> str:
    """The first 16 hex digits of the SHA-1 of *text* (lone surrogates hashed, not raised)."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def slugify(name: str) -> str:
    """A lower-case, hyphenated slug of a name, the readable part of an entity id.

    ``+`` is kept as ``plus`` so that "DETR" and "DETR++" stay apart.

    >>> slugify("Mask R-CNN")
    'mask-r-cnn'
    >>> slugify("top-1 accuracy")
    'top-1-accuracy'
    >>> slugify("DETR++")
    'detrplusplus'
    """
    text = unicodedata.normalize("NFKC", name).lower().replace("+", "plus")
    text = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_")
    return re.sub(r"-{2,}", "-", text) or hash16(name)
