"""paperkg/evaluate.py: the same numbers as shared/eval/score.py."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.errors import InputError
from paperkg.evaluate import format_table, read_gold, read_jsonl, score_files, score_records
from tests.conftest import SHARED
from tests.paperkg.eval_sample import GOLD, PRED

SCORE_PY = SHARED / "eval" / "score.py"


def test_scores_by_hand():
    s = score_records(GOLD, PRED)
    assert s["datasets"] == {"P": 0.5, "R": 0.333, "F1": 0.4, "gold": 3, "pred": 2}
    assert s["tasks"]["R"] == 1.0  # containment and token Jaccard
    assert s["repos"]["F1"] == 1.0
    assert s["results"] == {"P": 0.667, "R": 1.0, "F1": 0.8, "gold": 2, "pred": 3}
    assert s["methods"]["gold"] == 3 and s["_missing_ids"] == 1


@pytest.mark.skipif(not SCORE_PY.exists(), reason="shared/eval/score.py is not next to the repository")
def test_identical_to_score_py(eval_files):
    gold, pred = eval_files
    expected = subprocess.run([sys.executable, str(SCORE_PY), str(gold), str(pred)], capture_output=True,
                              text=True, check=True).stdout.strip()
    assert format_table(score_files(gold, pred)) == expected
    as_json = subprocess.run([sys.executable, str(SCORE_PY), str(gold), str(pred), "--json"], capture_output=True,
                             text=True, check=True).stdout
    assert json.loads(as_json) == score_files(gold, pred)


def test_a_bad_line_is_named_with_its_file_and_number(tmp_path, eval_files):
    gold, _ = eval_files
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a"}\n{oops\n', encoding="utf-8")
    with pytest.raises(InputError, match="bad.jsonl:2"):
        score_files(gold, bad)


def test_read_gold_names_the_first_line_that_is_not_gold(tmp_path, eval_files):
    gold, pred = eval_files
    assert [r["id"] for r in read_gold(gold)] == [r["id"] for r in read_jsonl(gold)]
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text(gold.read_text(encoding="utf-8") + "\n" + '{"id": "z", "title": "no annotations"}\n',
                     encoding="utf-8")
    with pytest.raises(InputError, match=r"mixed.jsonl:\d+: not a gold record: it has none of the fields"):
        read_gold(mixed)
    with pytest.raises(InputError, match=r"pred.jsonl:1: not a gold record but a `kg extract` prediction"):
        read_gold(pred)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="holds no record"):
        read_gold(empty)


def test_the_shared_gold_files_are_gold():
    for name in ("dev.jsonl", "scirex_abstracts.jsonl"):
        path = SHARED / "eval" / name
        if path.exists():
            assert read_gold(path)
