"""A trained linear ranker over binary string features, for any kind of candidate.

The weights are a JSON file written by ``training/rank.py``::

    {"kind": "tasks", "bias": -1.2, "threshold": 0.45,
     "weights": {"src=head_cued": 1.3, "next=task": 0.8, ...},
     "provenance": {"trained_on": [...], "command": "...", "seed": 0, "rows": 1234, ...}}

A candidate's score is the logistic sigmoid of the bias plus the weights of its features (a feature without a
weight adds nothing); it is kept when the score reaches the threshold. Nothing but the standard library is
needed at run time.

>>> r = Ranker({"a": 2.0, "b": -1.0}, bias=-0.5, threshold=0.5)
>>> round(r.score(["a"]), 3), r.keep(["a"]), r.keep(["b"]), r.keep(["a", "b", "unseen"])
(0.818, True, False, True)
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.errors import KGError

__all__ = ["Ranker", "RankerError", "load_ranker", "ranker_from_dict"]


class RankerError(KGError):
    """A ranker weights file that cannot be read or lacks what scoring needs."""


@dataclass(frozen=True)
class Ranker:
    """Logistic scores of feature sets: ``sigmoid(bias + sum of weights)``, kept at ``>= threshold``."""

    weights: dict[str, float]
    bias: float = 0.0
    threshold: float = 0.5
    provenance: dict[str, Any] = field(default_factory=dict)

    def margin(self, features: Iterable[str]) -> float:
        """The linear score (log-odds) of a feature set; each feature counts once."""
        return self.bias + sum(self.weights.get(f, 0.0) for f in set(features))

    def score(self, features: Iterable[str]) -> float:
        """The probability that a candidate with *features* is right."""
        m = self.margin(features)
        return 1.0 / (1.0 + math.exp(-m)) if m >= 0 else math.exp(m) / (1.0 + math.exp(m))

    def keep(self, features: Iterable[str]) -> bool:
        return self.score(features) >= self.threshold


def ranker_from_dict(data: Any, where: str = "ranker") -> Ranker:
    """A :class:`Ranker` from the parsed JSON of a weights file; a clear error when a part is missing or wrong."""
    if not isinstance(data, dict):
        raise RankerError(f"{where}: expected a JSON object with 'weights', 'bias' and 'threshold'")
    weights = data.get("weights")
    if not isinstance(weights, dict) or not all(isinstance(v, (int, float)) for v in weights.values()):
        raise RankerError(f"{where}: 'weights' must map feature names to numbers")
    try:
        bias, threshold = float(data["bias"]), float(data["threshold"])
    except (KeyError, TypeError, ValueError):
        raise RankerError(f"{where}: 'bias' and 'threshold' must be numbers") from None
    if not 0.0 <= threshold <= 1.0:
        raise RankerError(f"{where}: 'threshold' {threshold} is not a probability")
    return Ranker({str(k): float(v) for k, v in weights.items()}, bias, threshold, dict(data.get("provenance") or {}))


@lru_cache(maxsize=16)
def load_ranker(path: str | Path) -> Ranker:
    """The ranker of a weights file (read once per path)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise RankerError(f"{path}: cannot read ranker weights ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise RankerError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    return ranker_from_dict(data, str(path))
