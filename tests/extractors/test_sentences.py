"""Sentence splitting on abstract-style text."""

from __future__ import annotations

import pytest
import spacy


from extractors.cues import DEFAULT_CUES
from extractors.sentences import AbstractSentencizer


@pytest.fixture(scope="module")
def nlp(blank_with):
    return blank_with("abstract_sentencizer")


def sents(nlp, text):
    return [s.text.strip() for s in nlp(text).sents]


@pytest.mark.parametrize("text", [
    "Prior work (e.g. BERT, i.e. a transformer) is strong.",
    "As shown by Smith et al. (2020) and Li et al. This is one sentence.",
    "See Fig. 3 and Eq. 2 for details.",
    "Ours beats CNNs vs. ViTs with approx. 5 times fewer FLOPs.",
    "We reach a precision of 0.90 and a recall of 0.95 on the test set.",
    "Code is at https://github.com/sense-x/co-detr.git for all.",
    "Results are in Sec. 4 and Tab. 2 of the paper.",
])
def test_no_false_split(nlp, text):
    assert len(sents(nlp, text.split(" This is")[0])) == 1


def test_splits_real_boundaries(nlp):
    text = ("A Title Without A Period\nWe propose X. It reaches 66.0 AP on COCO! Does it generalise? "
            "Yes. Code: https://github.com/a/b. 3D results follow.")
    assert sents(nlp, text) == ["A Title Without A Period", "We propose X.", "It reaches 66.0 AP on COCO!",
                                "Does it generalise?", "Yes.", "Code: https://github.com/a/b.", "3D results follow."]


def test_lowercase_continuation_is_not_a_boundary(nlp):
    assert len(sents(nlp, "The model (ver. two) is fast. and so on.")) == 1


def test_every_token_gets_a_decision(nlp):
    doc = nlp("One. Two.")
    assert all(t.is_sent_start is not None for t in doc)


def test_custom_abbreviations():
    nlp = spacy.blank("en")
    sentencizer = AbstractSentencizer("abstract_sentencizer", abbreviations=frozenset({"foo"}))
    doc = sentencizer(nlp.make_doc("We use foo. Bar is next. Fig. Three."))
    assert [s.text for s in doc.sents] == ["We use foo. Bar is next.", "Fig.", "Three."]


def test_abbreviations_come_from_the_cues_file(tmp_path):
    cues = tmp_path / "cues.toml"
    cues.write_text(DEFAULT_CUES.read_text(encoding="utf-8").replace('"al", "fig",', '"al", "foo", "fig",'),
                    encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("abstract_sentencizer", config={"cues": {"@misc": "paperkg.cues.v1", "path": str(cues)}})
    assert [s.text for s in nlp("We use foo. Bar is next.").sents] == ["We use foo. Bar is next."]


def test_batch_matches_single(nlp):
    texts = ["A. B. C.", "See Fig. 2. Done.", "e.g. this. That."]
    batch = [[s.text for s in d.sents] for d in nlp.pipe(texts, batch_size=2)]
    assert batch == [[s.text for s in nlp(t).sents] for t in texts]
