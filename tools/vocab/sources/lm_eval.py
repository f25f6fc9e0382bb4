"""lm-evaluation-harness: task families (datasets) and registered metrics (metrics).

The task families are the rows of ``lm_eval/tasks/README.md`` (``| [name](dir/README.md) | ...``);
each family's own README opens with the benchmark's written name ("# HellaSwag"), which is
used when it is the same name. Metrics are the ``@register_metric(metric=...)`` ids of
``lm_eval/api/metrics.py`` plus the ``metric:`` values that at least three task files use.
"""

from __future__ import annotations

import ast
import re
from collections import Counter

from ..common import CURATED, DERIVED, FOUND_IN_TEXT, Record, call_kwargs, find_written, literal, norm, package_dir, parse

__all__ = ["SOURCE", "DIST", "LICENCE", "TAKEN", "harvest"]

SOURCE, DIST, LICENCE = "lm-eval", "lm-eval", "MIT"
TAKEN = "task families of lm_eval/tasks/README.md with their README titles (datasets); registered and common metric ids (metrics)"

# written forms of metric ids, as the harness's own docs and papers write them
_METRIC_WORDS = {"acc": "accuracy", "norm": "normalized", "mcc": "MCC", "bleu": "BLEU", "chrf": "chrF",
                 "ter": "TER", "f1": "F1", "bleurt": "BLEURT", "rouge1": "ROUGE-1", "rouge2": "ROUGE-2",
                 "rougeL": "ROUGE-L", "rougeLsum": "ROUGE-Lsum", "bert": "BERT", "em": "EM"}

_BOOKKEEPING = {"bypass", "score", "likelihood", "percent_parseable", "extraction_rate", "consistency_rate",
                "options_consistency_rate", "libra_score"}


def metric_name(ident: str) -> str:
    """``acc_norm`` -> ``accuracy normalized``; ``bits_per_byte`` -> ``bits per byte``.

    >>> metric_name("exact_match"), metric_name("rougeL"), metric_name("bert_score")
    ('exact match', 'ROUGE-L', 'BERT score')
    """
    return " ".join(_METRIC_WORDS.get(w, w) for w in ident.split("_"))


def harvest() -> list[Record]:
    pkg = package_dir("lm_eval")
    tasks = pkg / "tasks"
    records: list[Record] = []
    seen: set[str] = set()
    for line in (tasks / "README.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*\[([^\]]+)\]\(([^)/]+)/README\.md\)", line)
        if not m:
            continue
        family, folder = m.groups()
        if family in seen:
            continue
        seen.add(family)
        readme = tasks / folder / "README.md"
        text = readme.read_text(encoding="utf-8", errors="replace") if readme.exists() else ""
        title = re.match(r"#\s*(.+)", text.strip())
        title_text = re.sub(r"^[^A-Za-z0-9]+", "", title.group(1)).strip() if title else ""
        aliases = {family} if family != family.lower() or "_" in family else set()
        if title_text and norm(title_text) == norm(family):
            name, quality = title_text, CURATED
        else:
            found = [w for w in find_written(norm(family), text) if any(c.isupper() for c in w)]
            if found:
                name, quality = found[0], FOUND_IN_TEXT
            elif family != family.lower():
                name, quality = family, CURATED
            else:
                name, quality = family.replace("_", " "), DERIVED
        aliases.add(family)
        aliases.discard(name)
        records.append(Record("dataset", name, SOURCE, f"tasks/{family}", tuple(sorted(aliases)), quality))
    registered = [literal(kw.get("metric")) for node in ast.walk(parse(pkg / "api" / "metrics.py"))
                  if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "register_metric"
                  for kw in [call_kwargs(node)]]
    used: Counter[str] = Counter()
    for path in sorted(tasks.rglob("*.yaml")):
        for m in re.finditer(r"^\s*-?\s*metric:\s*([A-Za-z][A-Za-z0-9_@.+\-]*)\s*$",
                             path.read_text(encoding="utf-8", errors="replace"), re.M):
            used[m.group(1)] += 1
    metrics = {m for m in registered if isinstance(m, str)}
    metrics |= {m for m, n in used.items() if n >= 3}
    # harness bookkeeping, not measures a paper reports
    metrics = {m for m in metrics if m not in _BOOKKEEPING and not re.search(r"^(bleu|rouge\w*)_(diff|max|acc)$", m)}
    for ident in sorted(metrics):
        records.append(Record("metric", metric_name(ident), SOURCE, f"metric:{ident}", (ident,), DERIVED))
    return records
