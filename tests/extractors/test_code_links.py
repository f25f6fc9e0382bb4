"""Code links: URL edge cases and normalisation (extractors/code_links.py)."""

from __future__ import annotations

import pytest

from extractors.code_links import normalise_code_url


@pytest.fixture(scope="module")
def nlp(blank_with):
    return blank_with("code_links")


def _repos(nlp, text: str) -> list[str]:
    doc = nlp(text)
    return [s.kb_id_ for s in doc.spans.get("kg", []) if s.label_ == "REPO"]


@pytest.mark.parametrize("text, expected", [
    ("Code: https://github.com/Sense-X/Co-DETR.", ["repo:github.com/sense-x/co-detr"]),
    ("Code is at https://github.com/xo28/efficient- NLP-multistage-training",
     ["repo:github.com/xo28/efficient-nlp-multistage-training"]),
    ("see https://github. com/foo/bar for details", ["repo:github.com/foo/bar"]),
    ("see github.com/ foo/bar for details", ["repo:github.com/foo/bar"]),
    ("(https://github.com/foo/bar_baz).", ["repo:github.com/foo/bar_baz"]),
    ("at https://github.com/foo/bar/tree/main/src, and", ["repo:github.com/foo/bar"]),
    ("at https://github.com/Foo/Bar.git;", ["repo:github.com/foo/bar"]),
    ("at https://gitlab.com/group/Tool and https://bitbucket.org/Team/Repo.",
     ["repo:gitlab.com/group/tool", "repo:bitbucket.org/team/repo"]),
    ("weights: https://huggingface.co/meta-llama/Llama-2-7b-hf.", ["repo:huggingface.co/meta-llama/llama-2-7b-hf"]),
    ("weights: https://hf.co/meta-llama/Llama-2-7b, and more", ["repo:huggingface.co/meta-llama/llama-2-7b"]),
    ("data: https://huggingface.co/datasets/openai/gsm8k", ["repo:huggingface.co/datasets/openai/gsm8k"]),
    ("code at \\url{https://github.com/Foo/Bar}.", ["repo:github.com/foo/bar"]),
    ("see <https://github.com/foo/bar>.", ["repo:github.com/foo/bar"]),
    ("at https://github.com/a/b#readme and https://github.com/c/d?tab=x", ["repo:github.com/a/b", "repo:github.com/c/d"]),
])
def test_finds_and_normalises(nlp, text, expected):
    assert _repos(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "Project page: https://reinflow.github.io/ .",
    "See https://github.com/orgs/foo for the organisation.",
    "A user page https://github.com/someone only.",
    "Our method - a new approach - works.",
])
def test_ignores_non_repositories(nlp, text):
    assert _repos(nlp, text) == []


def test_url_followed_by_sentence_keeps_only_the_url(nlp):
    doc = nlp("Code is at https://github.com/a/b. Next we show results - here.")
    (span,) = doc.spans["kg"]
    assert span.text == "https://github.com/a/b"
    assert dict(span._.kg.props)["url"] == "https://github.com/a/b"


def test_normalise_rejects_other_hosts():
    assert normalise_code_url("https://example.com/a/b") is None
    assert normalise_code_url("https://GitHub.com/A/B/") == ("github.com", "a", "b")
