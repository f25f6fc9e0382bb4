"""Cue words as data (extractors/cues.py, extractors/data/cues.toml)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields

import pytest
from spacy.util import load_config, load_model_from_config, registry

import extractors
from extractors.cues import DEFAULT_CUES, Cues, load_cues, read_cues
from kg.errors import KGError


def test_the_shipped_file_has_every_list_and_a_comment_for_each():
    raw = tomllib.loads(DEFAULT_CUES.read_text(encoding="utf-8"))
    assert set(raw) == {f.name for f in fields(Cues)}
    lines = DEFAULT_CUES.read_text(encoding="utf-8").splitlines()
    for name in raw:
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{name} = "))
        assert lines[at - 1].startswith("# "), f"{name} has no comment saying what it is for"


def test_lists_extend_each_other_instead_of_repeating():
    cues = load_cues()
    assert cues.dataset_heads < cues.apposition_heads
    assert cues.dataset_cues | cues.problem_task_heads <= cues.not_method_heads
    assert cues.problem_task_heads | cues.weak_task_heads <= cues.task_heads
    assert cues.link_words < cues.title_connectors


def test_loaded_once_and_registered_with_spacy():
    assert load_cues() is load_cues() is load_cues(str(DEFAULT_CUES))
    assert registry.misc.get("paperkg.cues.v1") is load_cues


def test_every_component_of_the_shipped_pipeline_shares_the_cues(pipeline):
    users = [proc for _, proc in pipeline.pipeline if proc.cues is not None]
    assert len(users) >= 6 and all(proc.cues is load_cues() for proc in users)


def test_a_user_swaps_the_cue_words_through_the_config(tmp_path):
    mine = tmp_path / "cues.toml"
    mine.write_text(DEFAULT_CUES.read_text(encoding="utf-8").replace('"corpus", "corpora",', '"corpus", "corpora", "zoo",', 1),
                    encoding="utf-8")
    config = load_config(extractors.CONFIG, overrides={"paths.cues": str(mine)})
    nlp = load_model_from_config(config, auto_fill=True, validate=True)
    doc = nlp("T\nWe release the FooBar zoo for tests.")
    assert [s.text for s in doc._.kg_datasets] == ["FooBar zoo"]
    assert nlp.get_pipe("methods").cues is load_cues(str(mine))


@pytest.mark.parametrize("edit, message", [
    (lambda text: text + '\nunknown_list = ["x"]\n', "unknown ['unknown_list']"),
    (lambda text: text.replace("verb_subjects = ", "verb_subjectz = "), "missing ['verb_subjects']"),
    (lambda text: text.replace('"@dataset_heads"', '"@no_such_list"'), "unknown"),
    (lambda text: text.replace("interval_after = [", "interval_after = [1, "), "list of strings"),
    (lambda text: text + "\n[broken", "cannot read"),
])
def test_a_bad_cues_file_names_the_file_and_the_list(tmp_path, edit, message):
    bad = tmp_path / "cues.toml"
    bad.write_text(edit(DEFAULT_CUES.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(KGError, match=re.escape(message)) as err:
        read_cues(bad)
    assert str(bad) in str(err.value)


def test_circular_includes_are_refused(tmp_path):
    text = DEFAULT_CUES.read_text(encoding="utf-8").replace('dataset_heads = [\n', 'dataset_heads = ["@apposition_heads",\n')
    bad = tmp_path / "cues.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(KGError, match="circular"):
        read_cues(bad)
