"""Training documents from gold records (training/make_docs.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from training.make_docs import gold_doc, tokenizer_pipeline

RECORD = {"id": "t1", "title": "STARLING: a platform", "abstract": "We release STARLING and train FooNet on it.",
          "datasets": [{"name": "STARLING", "aliases": []}], "methods_proposed": [{"name": "STARLING"}],
          "methods_used": [{"name": "FooNet", "aliases": []}]}

_SCRIPT = f"""
from training.make_docs import gold_doc, tokenizer_pipeline
doc = gold_doc(tokenizer_pipeline(), {RECORD!r})
print([(e.text, e.label_) for e in doc.ents])
"""


def test_every_occurrence_of_a_gold_name_is_an_entity():
    doc = gold_doc(tokenizer_pipeline(), RECORD)
    assert [(e.text, e.label_) for e in doc.ents] == [("STARLING", "DATASET"), ("STARLING", "DATASET"),
                                                     ("FooNet", "METHOD")]


def test_a_name_of_two_kinds_gets_the_same_label_under_every_hash_seed():
    # the first field listed wins; a set once made it depend on PYTHONHASHSEED (retraining was not reproducible)
    outputs = {subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(3)}
    assert len(outputs) == 1 and "DATASET" in outputs.pop()


def test_folds_keep_only_the_records_of_those_folds(tmp_path):
    from spacy.tokens import DocBin

    from training.make_docs import fold_of, main
    from training.rank import fold_of as rank_fold_of
    ids = [f"r{i}" for i in range(12)]
    gold = tmp_path / "g.jsonl"
    gold.write_text("".join(json.dumps({**RECORD, "id": i}) + "\n" for i in ids), encoding="utf-8")
    main(["--gold", str(gold), "--folds", "0,2", "-o", str(tmp_path / "out.spacy")])
    docs = list(DocBin().from_disk(tmp_path / "out.spacy").get_docs(tokenizer_pipeline().vocab))
    kept = [d.user_data["id"] for d in docs]
    assert kept == [i for i in ids if fold_of(i) in (0, 2)] and 0 < len(kept) < len(ids)
    assert [fold_of(i) for i in ids] == [rank_fold_of(i) for i in ids]  # quality.py's folds
