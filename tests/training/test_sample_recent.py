"""Drawing the recent evaluation set (training/sample_recent.py)."""

from __future__ import annotations

import doctest
import json

import training.sample_recent as sample_recent
from training.sample_recent import listings, sample

ABSTRACT = "We study a problem. " * 40


def _write(folder, day, records, extra=""):
    (folder / f"{day}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records) + extra, encoding="utf-8")


def _rec(i, cat="cs.CV", title=None, year="26"):
    return {"id": f"{year}03.{i:05d}", "categories": [cat, "cs.LG"], "title": title or f"Paper {i}", "summary": ABSTRACT}


def test_only_new_ml_papers_outside_the_annotated_sets_are_drawn(tmp_path):
    _write(tmp_path, "2026-03-02", [_rec(1), _rec(2, cat="math.OC"), _rec(3, year="21"), _rec(4, title="Seen Paper"),
                                    {**_rec(5), "summary": "too short"}, _rec(6, cat="cs.CL")])
    _write(tmp_path, "2026-03-03", [_rec(1), _rec(7, cat="cs.AI")])  # 2603.00001 listed again: counted once
    _write(tmp_path, "2025-12-31", [_rec(8)])                        # before --since
    got = sample(listings(tmp_path, "2026-01-01", "2026-06-30"), {"seenpaper"}, n=3, seed=1)
    assert [r["id"] for r in got] == ["arxiv:2603.00001", "arxiv:2603.00006", "arxiv:2603.00007"]
    assert set(got[0]) == {"id", "title", "abstract"} and got[0]["abstract"] == ABSTRACT.strip()


def test_the_seed_fixes_the_sample(tmp_path):
    _write(tmp_path, "2026-03-02", [_rec(i) for i in range(30)])
    draw = lambda seed: [r["id"] for r in sample(listings(tmp_path, "2026-01-01", "2026-12-31"), set(), 5, seed)]
    assert draw(7) == draw(7) and draw(7) != draw(8)


def test_a_line_that_is_not_json_is_reported_with_its_file_and_line(tmp_path, capsys):
    _write(tmp_path, "2026-03-02", [_rec(1)], extra="{broken\n")
    assert len(list(listings(tmp_path, "2026-01-01", "2026-12-31"))) == 1
    assert "2026-03-02.jsonl:2: not JSON, skipped" in capsys.readouterr().err


def test_asking_for_more_than_the_pool_stops_with_a_message(tmp_path):
    _write(tmp_path, "2026-03-02", [_rec(1)])
    try:
        sample(listings(tmp_path, "2026-01-01", "2026-12-31"), set(), 2, 1)
    except SystemExit as stop:
        assert "only 1 eligible records, 2 asked for" in str(stop)
    else:
        raise AssertionError("no stop")


def test_doctests():
    assert doctest.testmod(sample_recent).failed == 0
