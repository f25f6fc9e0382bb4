"""Training documents from gold records (training/make_docs.py)."""

from __future__ import annotations

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
