"""kg/names.py: name_key (when two written names are the same name), slugify and hash16 (the parts of ids)."""

from __future__ import annotations

import hashlib
import importlib.util
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.names import hash16, key_singular, name_key, slugify
from tests.conftest import SHARED

SCORE_PY = SHARED / "eval" / "score.py"


@pytest.mark.parametrize("variants", [
    ("Mask R-CNN", "Mask RCNN", "mask-rcnn", "MASK R CNN"),
    ("ViT-B/16", "vit b 16", "ViT_B_16"),
    ("F1-score", "F1 score", "f1score"),
])
def test_spellings_of_one_name_share_a_key(variants: tuple[str, ...]) -> None:
    assert len({name_key(v) for v in variants}) == 1


def test_plus_is_spelled_out_so_variants_stay_apart() -> None:
    assert name_key("DETR++") == "detrplusplus"
    assert name_key("RefCOCO+") == "refcocoplus"
    assert len({name_key("DETR"), name_key("DETR+"), name_key("DETR++")}) == 3


def test_accents_are_folded_by_default() -> None:
    assert name_key("TÜLU 3") == name_key("Tulu 3") == "tulu3"
    assert name_key("Café-Net") == "cafenet"
    assert name_key("ＣＯＣＯ") == "coco"  # full-width letters are compatibility forms


def test_without_accent_folding_accented_letters_are_dropped() -> None:
    assert name_key("TÜLU 3", fold_accents=False) == "tlu3"
    assert name_key("Café-Net", fold_accents=False) == "cafnet"
    assert name_key("ＣＯＣＯ", fold_accents=False) == "coco"  # NFKC still applies
    assert name_key("ﬁne-tuning", fold_accents=False) == name_key("fine-tuning") == "finetuning"


def test_cased_keeps_case_and_still_drops_punctuation() -> None:
    assert name_key("ViT-B/16", cased=True) == "ViTB16"
    assert name_key("BERT+", cased=True) == "BERTplus"
    assert name_key("ViT-B/16") == "vitb16"
    assert name_key("TÜLU", cased=True) == "TULU"


@given(st.text(max_size=40))
def test_keys_are_lower_case_alphanumerics_and_stable(text: str) -> None:
    key = name_key(text)
    assert re.fullmatch(r"[0-9a-z]*", key), key
    assert name_key(key) == key  # a key is its own key
    assert re.fullmatch(r"[0-9a-z]*", name_key(text, fold_accents=False))
    assert re.fullmatch(r"[0-9A-Za-z]*", name_key(text, cased=True))


def _score_py_norm():
    spec = importlib.util.spec_from_file_location("score_py", SCORE_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.norm


_SCORE_NORM = _score_py_norm() if SCORE_PY.exists() else None


@pytest.mark.skipif(not SCORE_PY.exists(), reason="shared/eval/score.py is not next to the repository")
@given(st.text(max_size=30) | st.sampled_from(["TÜLU 3", "RefCOCO+", "ＣＯＣＯ", "İstanbul", "Straße", "ﬁne", "K"]))
def test_fold_accents_false_is_the_scorers_normaliser(text: str) -> None:
    """``shared/eval/score.py`` judges the project with its own ``norm``; ``kg eval`` must agree with it."""
    assert name_key(text, fold_accents=False) == _SCORE_NORM(text)



@pytest.mark.parametrize(("name", "slug"), [
    ("Mask R-CNN", "mask-r-cnn"),
    ("top-1 accuracy", "top-1-accuracy"),
    ("DETR++", "detrplusplus"),
    ("  ImageNet  (ILSVRC 2012) ", "imagenet-ilsvrc-2012"),
    ("Ünïcode  Näme", "ünïcode-näme"),
    ("snake_case_name", "snake_case_name"),
    ("-_leading and trailing_-", "leading-and-trailing"),
])
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_a_slug_of_punctuation_only_is_its_hash() -> None:
    assert slugify("!!!") == hash16("!!!")
    assert slugify("???") != slugify("!!!")
    assert slugify("") == hash16("")


@given(st.text())
def test_slugs_are_never_empty_and_have_no_stray_hyphens(name: str) -> None:
    slug = slugify(name)
    assert slug
    assert not slug.startswith(("-", "_")) and not slug.endswith(("-", "_"))
    assert "--" not in slug
    assert slug == slugify(name)


def test_hash16_is_the_sha1_prefix_and_never_changes() -> None:
    assert hash16("attention is all you need") == "37f63852cdfb0690"  # kg.model's title id of that paper
    assert hash16("x") == hashlib.sha1(b"x").hexdigest()[:16]
    assert re.fullmatch(r"[0-9a-f]{16}", hash16("anything"))
    assert hash16("a") != hash16("b")


def test_hash16_accepts_lone_surrogates() -> None:
    broken = "broken \ud800 title"
    assert re.fullmatch(r"[0-9a-f]{16}", hash16(broken))
    assert hash16(broken) != hash16("broken  title")


@pytest.mark.parametrize("key, singular", [("gatedattentionreaders", "gatedattentionreader"),
                                           ("crossattentionlayers", "crossattentionlayer"),
                                           ("gaussianprocess", None), ("bidirectionalflow", None)])
def test_key_singular(key, singular) -> None:
    assert key_singular(key) == singular
