"""training.retrain: the overrides each stage hands to ``spacy train``, the ``--upper/--no-upper`` and ``--beam``
options, and what training.json records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.util import load_config, load_model_from_config

import extractors  # noqa: F401 - registers paperkg's tokenizer and token_fixes, which the configs name
from training import retrain


def _captured(monkeypatch, tmp_path, **kwargs) -> dict:
    seen = {}

    def fake_train(config, out, overrides):  # records what spacy train would get
        out.mkdir()
        seen.update(overrides)

    monkeypatch.setattr(retrain, "spacy_train", fake_train)
    retrain.train("span_ner.cfg", tmp_path / "stage", tmp_path / "t.spacy", tmp_path / "d.spacy", width=32, depth=2,
                  hidden=64, max_steps=10, eval_frequency=5, **kwargs)
    return seen


def test_upper_gives_the_ner_a_hidden_layer(monkeypatch, tmp_path):
    assert _captured(monkeypatch, tmp_path, upper=True)["components.span_ner.model.use_upper"] is True


def test_by_default_the_ner_has_no_hidden_layer_and_the_config_builds(monkeypatch, tmp_path):
    overrides = _captured(monkeypatch, tmp_path)
    assert overrides["components.span_ner.model.use_upper"] is False
    shape = {k: v for k, v in overrides.items() if k.startswith("components.")}
    config = load_config(retrain.CONFIGS / "span_ner.cfg", overrides=shape)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    assert nlp.get_pipe("span_ner").model.attrs.get("has_upper") is False


def test_fine_tuning_sources_the_base_network(monkeypatch, tmp_path):
    overrides = _captured(monkeypatch, tmp_path, base_model=tmp_path / "base", upper=False)
    assert overrides["paths.base_model"] == str(tmp_path / "base")
    assert not any(k.startswith("components.") for k in overrides)


def test_the_option_parses_both_ways():
    assert retrain.build_parser().parse_args([]).upper is False
    assert retrain.build_parser().parse_args(["--upper"]).upper is True
    assert retrain.build_parser().parse_args(["--no-upper"]).upper is False


def _run_main(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, argv: list[str]) -> tuple[list[dict], dict]:
    """retrain.main with docbin/train/package replaced by recorders: the train calls and the packaged settings."""
    present = tmp_path / "present"
    present.write_text("")
    monkeypatch.setattr(retrain, "SCIREX_NER", present)
    monkeypatch.setattr(retrain, "DEV", present)
    calls: list[dict] = []
    packaged: dict = {}
    monkeypatch.setattr(retrain, "docbin", lambda out, *a, **k: out)
    monkeypatch.setattr(retrain, "train", lambda config, out, *a, **k: calls.append({"out": out, **k}) or out)
    monkeypatch.setattr(retrain, "package", lambda best, dest, settings, *a: packaged.update(settings))
    assert retrain.main(["--work", str(tmp_path / "work"), "--out", str(tmp_path / "out"), *argv]) == 0
    return calls, packaged


def test_training_json_records_the_beam_width(monkeypatch, tmp_path):
    calls, settings = _run_main(monkeypatch, tmp_path, ["--beam", "4"])
    assert settings["beam_width"] == 4 and settings["command"].endswith("--beam 4")
    assert calls[0]["beam"] == 4 and calls[0]["out"].name.endswith("b4")  # the base stage, in its own folder
    calls, settings = _run_main(monkeypatch, tmp_path, [])
    # greedy: training.json as the shipped package's (which predates the option), so a retrain still matches it
    assert "beam_width" not in settings and calls[0]["beam"] == 1 and not calls[0]["out"].name.endswith("b1")
    shipped = json.loads((retrain.SHIPPED / "training.json").read_text(encoding="utf-8"))
    assert settings == shipped


def test_beam_overrides_make_the_stage_config_a_beam_ner():
    assert retrain.beam_overrides(1) == retrain.beam_overrides(0) == {}
    config = load_config(retrain.CONFIGS / "span_ner.cfg", overrides=retrain.beam_overrides(4))
    nlp = load_model_from_config(config, auto_fill=True)
    assert config["components"]["span_ner"]["factory"] == "beam_ner"
    assert nlp.get_pipe("span_ner").cfg["beam_width"] == 4


def test_extra_gold_is_fine_tuned_on_with_its_develop_folds_only(monkeypatch, tmp_path):
    monkeypatch.setattr(retrain.shutil, "copy", lambda src, dst: None)
    calls, settings = _run_main(monkeypatch, tmp_path, ["--extra-gold", str(retrain.DATA / "hf_dev.jsonl"),
                                                        str(retrain.DATA / "recent_dev.jsonl")])
    assert settings["extra_gold"] == ["training/data/hf_dev.jsonl", "training/data/recent_dev.jsonl"]
    assert settings["extra_folds"] == [0, 1, 2]
    assert settings["command"] == ("python -m training.retrain --extra-gold training/data/hf_dev.jsonl "
                                   "training/data/recent_dev.jsonl")
    # the base stage is shared with the plain model; the fine-tuning stage has its own folder
    assert calls[0]["out"].name == "base_w32d2-noupper"
    assert calls[1]["out"].name == "final_w32d2-noupper+hf_dev+recent_dev-f012"


def test_the_fold_filter_reaches_make_docs(monkeypatch, tmp_path):
    seen = {}
    monkeypatch.setattr(retrain.make_docs, "main", lambda argv: seen.setdefault("argv", argv))
    retrain.docbin(tmp_path / "x.spacy", [tmp_path / "g.jsonl"], folds=[0, 1])
    assert seen["argv"][-2:] == ["--folds", "0,1"]


@pytest.mark.parametrize("folds", ["3", "0,1,4", ""])
def test_held_out_folds_cannot_be_trained_on(folds):
    with pytest.raises(SystemExit):
        retrain.build_parser().parse_args(["--extra-gold", "x.jsonl", "--extra-folds", folds])
    assert retrain.build_parser().parse_args(["--extra-folds", "1,0"]).extra_folds == [0, 1]


def test_extra_tag_names_the_files_and_folds():
    assert retrain.extra_tag([], [0, 1, 2]) == ""
    assert retrain.extra_tag([Path("a/hf_dev.jsonl")], [2, 0]) == "+hf_dev-f02"


def test_the_recorded_command_rebuilds_the_package(monkeypatch, tmp_path):
    monkeypatch.setattr(retrain.shutil, "copy", lambda src, dst: None)
    _, settings = _run_main(monkeypatch, tmp_path, ["--extra-gold", str(retrain.DATA / "hf_dev.jsonl"),
                                                    "--extra-folds", "0,1", "--extra-repeat", "3",
                                                    "--finetune-steps", "1200"])
    assert settings["command"] == ("python -m training.retrain --extra-gold training/data/hf_dev.jsonl "
                                   "--extra-folds 0,1 --extra-repeat 3 --finetune-steps 1200")
    assert settings["extra_repeat"] == 3 and settings["finetune_steps"] == 1200
    assert retrain.extra_tag([Path("hf_dev.jsonl")], [0, 1], 3) == "+hf_dev-f01x3"
