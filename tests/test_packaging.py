"""The distribution: what pyproject.toml declares and what the sdist carries.

Every third-party module our packages import must be a declared dependency
(a clean ``pip install paperkg`` would otherwise fail at the first HTML view),
the licence is an SPDX expression with its file, and the sdist holds the docs,
examples and compose file the README points to.
"""

from __future__ import annotations

import ast
import importlib.metadata
import shutil
import subprocess
import sys
import tarfile
import tomllib
from email.parser import HeaderParser
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO

PACKAGES = ("kg", "extractors", "exports", "paperkg")
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]


def _requirements(extra: str | None = None) -> dict[str, Requirement]:
    lines = PROJECT["dependencies"] if extra is None else PROJECT["optional-dependencies"][extra]
    return {canonicalize_name(r.name): r for r in map(Requirement, lines)}


def imported_modules() -> dict[str, set[str]]:
    """Top-level third-party modules imported anywhere in our packages (in-function imports too)."""
    found: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in (REPO / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in (*PACKAGES, "__future__"):
                        found.setdefault(top, set()).add(str(path.relative_to(REPO)))
    return found


def test_every_imported_distribution_is_declared() -> None:
    declared = set(_requirements()) | {name for extra in PROJECT["optional-dependencies"]
                                       for name in _requirements(extra)}
    dists = importlib.metadata.packages_distributions()
    undeclared = {}
    for module, files in imported_modules().items():
        names = {canonicalize_name(d) for d in dists.get(module, [module])}
        if not names & declared:
            undeclared[module] = sorted(files)
    assert undeclared == {}, f"imported but not in pyproject.toml dependencies: {undeclared}"


def test_the_scan_sees_the_html_template_engine() -> None:
    assert {"jinja2", "markupsafe", "neo4j", "networkx"} <= set(imported_modules())


def test_licence_is_an_spdx_expression_with_its_file() -> None:
    assert PROJECT["license"] == "Apache-2.0"  # a string: the {text = ...} table is deprecated
    assert PROJECT["license-files"] == ["LICENSE"]
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text and "END OF TERMS AND CONDITIONS" in text
    assert not any(c.startswith("License ::") for c in PROJECT["classifiers"])  # PEP 639: the expression only
    assert PYPROJECT["build-system"]["requires"] == ["setuptools>=77"]  # first setuptools with PEP 639


def test_classifiers_and_urls() -> None:
    classifiers = PROJECT["classifiers"]
    assert any(c.startswith("Development Status ::") for c in classifiers)
    assert "Programming Language :: Python :: 3 :: Only" in classifiers
    assert any(c.startswith("Topic :: Scientific/Engineering") for c in classifiers)
    assert PROJECT["urls"] and all(url.startswith("https://") for url in PROJECT["urls"].values())


def test_dependency_bounds() -> None:
    deps = _requirements()
    assert "3.3" not in deps["networkx"].specifier and "3.4" in deps["networkx"].specifier  # forceatlas2_layout
    neo4j = deps["neo4j"].specifier
    installed = importlib.metadata.version("neo4j")
    assert installed in neo4j and "7.0" not in neo4j and "5.14" in neo4j


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An sdist built from a copy of the source tree (the build writes egg-info beside its input)."""
    tmp = tmp_path_factory.mktemp("sdist")
    src = tmp / "src"
    shutil.copytree(REPO, src, ignore=shutil.ignore_patterns(".git", ".venv", "venv", "node_modules", "out", "build",
                                                             "dist", "*.egg-info", "__pycache__", ".pytest_cache"))
    done = subprocess.run([sys.executable, "-c", "import sys; from setuptools import build_meta; "
                           "print(build_meta.build_sdist(sys.argv[1]))", str(tmp)],
                          cwd=src, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return tmp / done.stdout.strip().splitlines()[-1]


@pytest.mark.slow
def test_sdist_carries_docs_examples_compose_and_licence(sdist: Path) -> None:
    with tarfile.open(sdist) as tar:
        root = tar.getnames()[0].split("/")[0]
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
        pkg_info = tar.extractfile(f"{root}/PKG-INFO").read().decode("utf-8")
    for expected in ("LICENSE", "README.md", "docker-compose.yml", ".env.example", "docs/neo4j.md", "docs/rdf.md",
                     "examples/papers.jsonl", "examples/daily_papers_sample.txt", "tests/test_packaging.py",
                     "exports/shapes.ttl", "extractors/data/cues.toml"):
        assert expected in names, f"{expected} missing from the sdist"
    assert not any("node_modules" in n or "__pycache__" in n for n in names)
    meta = HeaderParser().parsestr(pkg_info)
    assert meta["License-Expression"] == "Apache-2.0" and meta["License-File"] == "LICENSE"
    requires = {canonicalize_name(Requirement(r).name) for r in meta.get_all("Requires-Dist")
                if "extra ==" not in r}
    assert {"jinja2", "markupsafe", "srsly"} <= requires
    assert meta.get_all("Classifier") and meta.get_all("Project-URL")
