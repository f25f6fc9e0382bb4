"""extractors.ranker: scoring, loading weights files, and clear errors for bad ones."""

from __future__ import annotations

import json

import pytest

from extractors.ranker import Ranker, RankerError, load_ranker, ranker_from_dict


def test_score_is_the_sigmoid_of_bias_plus_weights():
    r = Ranker({"a": 1.0, "b": -3.0}, bias=0.0, threshold=0.6)
    assert r.score([]) == pytest.approx(0.5)
    assert r.score(["a", "a"]) == pytest.approx(1 / (1 + 2.718281828 ** -1.0))  # a feature counts once
    assert r.keep(["a"]) and not r.keep(["a", "b"]) and not r.keep(["unknown"])
    assert 0.0 < r.score(["b"] * 1) < 0.05 and r.score(["x"]) == pytest.approx(0.5)


def test_extreme_margins_do_not_overflow():
    r = Ranker({"big": 1000.0, "small": -1000.0})
    assert r.score(["big"]) == pytest.approx(1.0) and r.score(["small"]) == pytest.approx(0.0)


def test_load_ranker_reads_a_weights_file(tmp_path):
    path = tmp_path / "w.json"
    path.write_text(json.dumps({"weights": {"src=cued": 2.0}, "bias": -1.0, "threshold": 0.5,
                                "provenance": {"rows": 3}}))
    r = load_ranker(path)
    assert r.keep(["src=cued"]) and not r.keep([]) and r.provenance == {"rows": 3}


@pytest.mark.parametrize("data, message", [
    ([1, 2], "JSON object"),
    ({"bias": 0, "threshold": 0.5}, "'weights'"),
    ({"weights": {"a": "x"}, "bias": 0, "threshold": 0.5}, "'weights'"),
    ({"weights": {}, "threshold": 0.5}, "'bias'"),
    ({"weights": {}, "bias": 0, "threshold": 2}, "probability"),
])
def test_bad_weights_give_a_clear_error(data, message):
    with pytest.raises(RankerError, match=message):
        ranker_from_dict(data, "w.json")


def test_unreadable_files_give_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(RankerError, match="not valid JSON"):
        load_ranker(bad)
    with pytest.raises(RankerError, match="cannot read"):
        load_ranker(tmp_path / "missing.json")
