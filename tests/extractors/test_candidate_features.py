"""extractors.candidate_features: the kind-independent features of the rankers' candidates."""

from __future__ import annotations

import pytest
import spacy

from extractors.candidate_features import CandidateGroup, Sentences, bucket, mention_words, word_feature


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("abstract_sentencizer")
    return nlp


def test_bucket_names_the_first_edge_not_exceeded():
    assert [bucket(n, (0, 1, 3)) for n in (0, 1, 2, 3, 4, 9)] == ["0", "1", "3", "3", "3+", "3+"]


def test_word_feature_folds_numbers_and_case(nlp):
    doc = nlp("The 42 Foo-Bar , x1")
    assert [word_feature(t) for t in doc] == ["the", "NUM", "foo", "-", "bar", ",", "x1"]


def test_sentences_place_a_token_and_count_from_the_abstract(nlp):
    doc = nlp("A Title\nOne sentence here. Another one. A third one.")
    ctx = Sentences(doc, end_of_title=3)  # "A Title \n"
    k, start, end = ctx.sentence(next(t.i for t in doc if t.text == "Another"))
    assert doc[start:end].text == "Another one." and k - ctx.first_abstract == 1


def test_mention_words_mark_title_sentence_and_last(nlp):
    doc = nlp("Fast Foo Parsing\nWe study foo parsing. It is hard for foo parsing.")
    ctx = Sentences(doc, end_of_title=4)
    in_title, first, last = doc[1:3], doc[6:8], doc[-3:-1]
    assert {"loc=title", "src=title", "head=parsing", "first=foo", "nw=2", "prev1=fast"} <= mention_words(ctx, in_title, "title")
    assert "sent=0" in mention_words(ctx, first, "cued") and "loc=last" not in mention_words(ctx, first, "cued")
    assert {"sent=1", "loc=last", "prev1=for", "next=."} <= mention_words(ctx, last, "cued")


def test_a_group_lists_each_written_form_once(nlp):
    doc = nlp("foo parsing and Foo parsing and foo parsing")
    group = CandidateGroup("task:foo-parsing", "foo parsing", [(doc[0:2], "a"), (doc[3:5], "b"), (doc[6:8], "c")])
    assert group.surfaces == ["foo parsing", "Foo parsing"]
