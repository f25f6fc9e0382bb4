"""training.retrain: the overrides each stage hands to ``spacy train``, and the ``--upper/--no-upper`` option."""

from __future__ import annotations

import spacy
from spacy.util import load_config

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
