"""The package (extractors/__init__.py): no import side effects; spaCy finds everything through entry points."""

from __future__ import annotations

import subprocess
import sys

import tomllib
from pathlib import Path

from spacy.util import load_config

import extractors

ROOT = Path(__file__).resolve().parents[2]


def _entry_points(group: str) -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["entry-points"][group]


def test_the_package_exposes_the_shipped_config():
    assert extractors.CONFIG.name == "config.cfg" and extractors.CONFIG.is_file()


def test_every_factory_of_the_shipped_configs_has_an_entry_point():
    # config.cfg (the default) and config_model.cfg (with the trained span model, opt-in)
    factories = {line.split("=", 1)[1].strip().strip('"')
                 for path in extractors.CONFIG.parent.glob("config*.cfg")
                 for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("factory =")}
    assert factories == set(_entry_points("spacy_factories"))


def test_a_fresh_interpreter_finds_the_components_without_importing_extractors():
    names = sorted(_entry_points("spacy_factories"))
    script = f"""
import spacy
nlp = spacy.blank("en")  # spaCy loads the factory entry points here
for name in {names!r}:
    nlp.add_pipe(name)
tokenizer = spacy.util.registry.tokenizers.get("paperkg.abstract_tokenizer.v1")
print(len(nlp.pipe_names), tokenizer.__module__)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd="/")
    assert out.stdout.split() == [str(len(names)), "extractors.tokenizer"]


def test_importing_the_package_registers_nothing():
    script = "import sys, extractors; print(sorted(m for m in sys.modules if m.startswith('extractors')))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['extractors']"


def test_the_model_config_is_the_default_pipeline_plus_the_span_model():
    default, with_model = load_config(extractors.CONFIG), load_config(extractors.MODEL_CONFIG)
    assert [p for p in with_model["nlp"]["pipeline"] if p != "span_model"] == default["nlp"]["pipeline"]
    assert with_model["nlp"]["pipeline"][-2:] == ["span_model", "kg_resolver"]
