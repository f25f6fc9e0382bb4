"""Shared pieces of the vocabulary harvest: records, name forms, reading packages without importing them.

Every source module turns one package's shipped catalog into :class:`Record` objects.
Nothing here imports a harvested package: files are located with ``importlib.util.find_spec``
(which does not execute the package) and read as text or parsed with :mod:`ast`.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

__all__ = [
    "KINDS", "Record", "norm", "package_dir", "package_version", "parse", "module_all",
    "class_docstrings", "find_written", "long_forms", "split_camel", "metric_case",
    "literal", "call_kwargs", "iter_py", "HarvestError", "CURATED", "FOUND_IN_TEXT", "DERIVED", "RAW_ID",
]

KINDS = ("dataset", "method", "metric", "task")

# How much a record's display name can be trusted; the best one names a merged entry.
CURATED, FOUND_IN_TEXT, DERIVED, RAW_ID = 3, 2, 1, 0


class HarvestError(RuntimeError):
    """A source's package is missing or its catalog changed shape."""


@dataclass(frozen=True)
class Record:
    """One name as one source gives it."""

    kind: str                   # dataset | method | metric | task
    name: str                   # the best written form this source offers
    source: str                 # e.g. "torchvision"
    id: str                     # the source's own key (class name, builder id, ...)
    aliases: tuple[str, ...] = ()
    quality: int = DERIVED      # CURATED, FOUND_IN_TEXT, DERIVED or RAW_ID


def norm(text: str) -> str:
    """The project's comparison key: lower case, alphanumerics only (as shared/eval/score.py).

    >>> norm("CIFAR-10"), norm("Top-1 Accuracy")
    ('cifar10', 'top1accuracy')
    """
    return re.sub(r"[^0-9a-z]", "", text.lower())


def package_dir(import_name: str) -> Path:
    """The installed package's folder, found without importing it."""
    spec = importlib.util.find_spec(import_name)
    if spec is None or not spec.submodule_search_locations:
        raise HarvestError(f"package {import_name!r} is not installed: see tools/vocab/README.md")
    return Path(list(spec.submodule_search_locations)[0])


def package_version(dist_name: str) -> str:
    try:
        return importlib.metadata.version(dist_name)
    except importlib.metadata.PackageNotFoundError as exc:
        raise HarvestError(f"distribution {dist_name!r} is not installed") from exc


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def literal(node: ast.AST | None):
    """``ast.literal_eval`` that answers None instead of raising."""
    if node is None:
        return None
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def call_kwargs(call: ast.Call) -> dict[str, ast.AST]:
    return {kw.arg: kw.value for kw in call.keywords if kw.arg}


def module_all(path: Path) -> list[str]:
    """The strings of a module's ``__all__`` (lists joined with ``+`` and ``+=`` included)."""
    tree = parse(path)
    lists: dict[str, list[str]] = {}

    def strings(node: ast.AST) -> list[str]:
        out: list[str] = []
        for sub in ast.walk(node):
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                out.append(sub.value)
            elif isinstance(sub, ast.Name) and sub.id in lists:
                out.extend(lists[sub.id])
        return out

    names: list[str] = []
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            target = stmt.targets[0].id
            if isinstance(stmt.value, (ast.List, ast.Tuple, ast.BinOp)):
                lists[target] = strings(stmt.value)
            if target == "__all__":
                names = list(lists.get(target, []))
        elif isinstance(stmt, ast.AugAssign) and getattr(stmt.target, "id", None) == "__all__":
            names.extend(strings(stmt.value))
    return list(dict.fromkeys(names))


def class_docstrings(path: Path) -> dict[str, str]:
    """Top-level class and function names of a module mapped to their docstrings."""
    out: dict[str, str] = {}
    for node in parse(path).body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            out[node.name] = ast.get_docstring(node) or ""
    return out


_TOKEN = re.compile(r"[A-Za-z0-9]+")
_WRITTEN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|[ \-./&+'](?=[A-Za-z0-9])|-(?=[A-Za-z0-9]))*")


def find_written(target: str, text: str, max_tokens: int = 8) -> list[str]:
    """Ways ``text`` writes the name whose key is ``target``, most frequent first.

    >>> find_written("cifar10", "The CIFAR-10 dataset; see cifar10 and CIFAR-10.")
    ['CIFAR-10', 'cifar10']
    """
    if not target:
        return []
    tokens = list(_TOKEN.finditer(text))
    found: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i, start in enumerate(tokens):
        acc = ""
        for j in range(i, min(i + max_tokens, len(tokens))):
            acc += tokens[j].group().lower()
            if not target.startswith(acc):
                break
            if acc == target:
                written = text[start.start():tokens[j].end()]
                if _WRITTEN.fullmatch(written):
                    found[written] += 1
                    first.setdefault(written, start.start())
                break
    return sorted(found, key=lambda w: (-found[w], first[w]))


def long_forms(text: str, acronym: str) -> list[str]:
    """Long forms written just before ``(ACRONYM)`` whose word initials spell it.

    >>> long_forms("Compute Peak Signal-to-Noise Ratio (PSNR).", "PSNR")
    ['Peak Signal-to-Noise Ratio']
    >>> long_forms("Principal component analysis (PCA).", "PCA")
    ['Principal component analysis']
    """
    letters = norm(acronym)
    out: list[str] = []
    if len(letters) < 2 or not letters.isalpha():
        return out
    for match in re.finditer(r"\(\s*" + re.escape(acronym) + r"\s*\)", text):
        words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'-]*", text[max(0, match.start() - 200):match.start()])
        for n in range(1, min(len(words), len(letters) + 3) + 1):
            cand = words[-n:]
            initials = "".join(p[0].lower() for w in cand for p in re.split(r"-", w)
                               if p and p.lower() not in {"to", "of", "and", "the", "for", "a", "in"})
            if initials == letters:
                form = " ".join(cand)
                if form not in out:
                    out.append(form)
                break
    return out


def split_camel(name: str) -> str:
    """``MeanSquaredError`` -> ``Mean Squared Error``; acronym runs stay together.

    >>> split_camel("MeanAveragePrecision"), split_camel("BLEUScore"), split_camel("F1Score"), split_camel("MeanIoU")
    ('Mean Average Precision', 'BLEU Score', 'F1 Score', 'Mean IoU')
    """
    parts = re.findall(r"[A-Z][a-z][A-Z](?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+\d*|\d+[A-Za-z]?", name)
    return " ".join(parts) if parts else name


def metric_case(phrase: str) -> str:
    """Lower-case the plain capitalised words of a metric or task phrase, keep acronyms.

    >>> metric_case("Peak Signal-to-Noise Ratio"), metric_case("BLEU Score"), metric_case("nDCG")
    ('peak signal-to-noise ratio', 'BLEU score', 'nDCG')
    """
    def fix(word: str) -> str:
        return "-".join(p.lower() if re.fullmatch(r"[A-Z][a-z]+", p) else p for p in word.split("-"))
    return " ".join(fix(w) for w in phrase.split())


def iter_py(root: Path, skip: Iterable[str] = ()) -> Iterator[Path]:
    """Python files under root in a fixed order, tests and the given folders left out."""
    skip = set(skip)
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).parts
        if any(p in skip for p in rel) or path.name.endswith("_test.py") or path.name.startswith("test_"):
            continue
        yield path
