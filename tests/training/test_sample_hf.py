"""Drawing the hf100 evaluation set from the Hugging Face pool (training/sample_hf.py)."""

from __future__ import annotations

import doctest
import json

import training.sample_hf as sample_hf
from training.sample_hf import POOL, pool
from training.sample_recent import sample

ABSTRACT = "We study a problem. " * 40


def _rec(i, title=None, **kw):
    return {"id": f"2606.{i:05d}", "title": title or f"Paper {i}", "summary": ABSTRACT, "githubRepo": "",
            "submittedOnDailyAt": "2026-06-10T00:00:00.000Z", **kw}


def test_any_category_is_drawn_but_the_other_rules_hold(tmp_path):
    path = tmp_path / "pool.jsonl"
    recs = [_rec(1), _rec(2, title="Seen Paper"), _rec(3, summary="too short"), _rec(4, id="2312.00004"), _rec(5)]
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    got = sample(pool(path), {"seenpaper"}, n=2, seed=1, categories=None)
    assert [r["id"] for r in got] == ["arxiv:2606.00001", "arxiv:2606.00005"]


def test_a_line_that_is_not_json_is_reported_with_its_file_and_line(tmp_path, capsys):
    path = tmp_path / "pool.jsonl"
    path.write_text(json.dumps(_rec(1)) + "\n{broken\n", encoding="utf-8")
    assert [day for day, _ in pool(path)] == ["2026-06-10"]
    assert "pool.jsonl:2: not JSON, skipped" in capsys.readouterr().err


def test_the_shipped_pool_is_the_copied_pages_and_the_set_is_reproducible(capsys):
    records = [rec for _, rec in pool(POOL)]
    assert len(records) == len({r["id"] for r in records}) == 298
    assert {r["archive_offset"] for r in records} <= set(sample_hf.page_offsets())
    sample_hf.main([])
    drawn = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    heldout = [json.loads(line) for line in (sample_hf.REPO / "training/data/heldout/hf100_ours.jsonl").open()]
    assert [(r["id"], r["title"], r["abstract"]) for r in drawn] == [(r["id"], r["title"], r["abstract"]) for r in heldout]


def test_doctests():
    assert doctest.testmod(sample_hf).failed == 0


def test_the_second_pool_is_its_own_pages_and_shares_no_page_or_paper_with_the_first():
    first = [rec for _, rec in pool(POOL)]
    second = [rec for _, rec in pool(sample_hf.HF2_POOL)]
    assert len(second) == len({r["id"] for r in second}) == 126
    assert {r["archive_offset"] for r in second} <= set(sample_hf.hf2_offsets())
    near_first = {o + d for o in sample_hf.page_offsets() for d in (-16_000, 0, 16_000)}
    assert not near_first & set(sample_hf.hf2_offsets())
    assert not {r["id"] for r in first} & {r["id"] for r in second}


def test_pages_next_to_avoided_ones_are_never_drawn():
    offsets = sample_hf.page_offsets(seed=1, pages=7, length=160_000, avoid=[32_000])
    assert offsets == [0, 64_000, 80_000, 96_000, 112_000, 128_000, 144_000]
