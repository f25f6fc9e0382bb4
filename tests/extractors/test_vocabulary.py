"""Curated vocabularies: loading, variants and matchers."""

from __future__ import annotations

import csv

import pytest
import spacy

from extractors.vocabulary import DATA_DIR, KIND_FILES, build_matchers, load_vocabulary, match_ids, surface_variants


@pytest.mark.parametrize("kind", sorted(KIND_FILES))
def test_vocabulary_files_are_well_formed(kind):
    with open(DATA_DIR / KIND_FILES[kind], encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names)), "duplicate canonical names"
    vocab = load_vocabulary(kind)
    assert len(vocab.entries) == len(rows), "two names slugify to the same id"
    owner: dict[str, str] = {}
    for entry in vocab.entries.values():
        assert entry.id.startswith(f"{kind}:")
        for alias in (entry.name, *entry.aliases):
            assert owner.setdefault(alias, entry.id) == entry.id, f"{alias!r} belongs to two entries"


def test_surface_variants():
    assert surface_variants("ImageNet-1K") == {"ImageNet-1K", "ImageNet 1K", "ImageNet1K"}
    assert surface_variants("COCO") == {"COCO", "COCOs"}  # plural acronyms: "MAPEs of 2.47%"
    assert "precision--recall" in surface_variants("precision-recall")


@pytest.fixture(scope="module")
def matchers():
    nlp = spacy.blank("en")
    return nlp, build_matchers(nlp, [load_vocabulary(k) for k in KIND_FILES])


@pytest.mark.parametrize("text, expected", [
    ("MS COCO", "dataset:coco"), ("MSCOCO", "dataset:coco"), ("Microsoft COCO", "dataset:coco"),
    ("ImageNet-1k", "dataset:imagenet-1k"), ("ImageNet 1K", "dataset:imagenet-1k"),
    ("ImageNet-1K", "dataset:imagenet-1k"), ("imagenet1k", "dataset:imagenet-1k"),
    ("LibriSpeech", "dataset:librispeech"), ("CIFAR10", "dataset:cifar-10"), ("Word Error Rate", "metric:wer"),
    ("top-1 accuracy", "metric:top-1-accuracy"), ("instance segmentation", "task:instance-segmentation"),
])
def test_variants_resolve_to_one_id(matchers, text, expected):
    nlp, ms = matchers
    doc = nlp.make_doc(text)
    assert (expected, 0, len(doc)) in match_ids(doc, ms)


@pytest.mark.parametrize("text", ["math", "glue", "We map the scene", "coco"])
def test_short_acronyms_are_case_sensitive(matchers, text):
    nlp, ms = matchers
    assert match_ids(nlp.make_doc(text), ms) == []


def test_custom_vocabulary_file(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("name,aliases,kind,pwc\nFooBench,Foo-Bench,benchmark,foo\n", encoding="utf-8")
    vocab = load_vocabulary("dataset", str(path))
    assert list(vocab.entries) == ["dataset:foobench"]
    assert vocab.entries["dataset:foobench"].props == {"vocabulary": "benchmark", "pwc": "foo"}
