"""The layering of paperkg as an executable contract (issue 12).

``kg`` is the core; ``extractors`` (spaCy components) and ``exports``
(writers) sit on it side by side and know nothing of each other; ``paperkg``
(pipeline, build, evaluate, CLI) is the app on top::

    paperkg  ->  extractors, exports  ->  kg

The import graph comes from grimp (static analysis of every ``import``,
function-level ones included), so the contract holds for code paths no test
runs. Besides the layers: no import cycles between modules, few imports of
our own packages inside functions (each says why it is there), modules
under 400 lines, and every module with its own test module.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator
from pathlib import Path

import grimp
import networkx as nx
import pytest

from tests.conftest import REPO

PACKAGES = ("kg", "extractors", "exports", "paperkg")

#: importer -> the packages it must never import, directly or through another module.
FORBIDDEN = {
    "kg": ("extractors", "exports", "paperkg"),
    "extractors": ("exports", "paperkg"),
    "exports": ("extractors", "paperkg"),
}

MAX_LINES = 400
MAX_IN_FUNCTION_IMPORTS = 5

#: Packages whose every module must have ``tests/<package>/.../test_<module>.py`` (issue 12).
MIRRORED = PACKAGES


def modules(*packages: str) -> Iterator[Path]:
    for package in packages:
        yield from sorted((REPO / package).rglob("*.py"))


def rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, cache_dir=None)


@pytest.fixture(scope="module")
def runtime_graph() -> nx.DiGraph:
    """Module -> module imports that run (``if TYPE_CHECKING:`` imports left out)."""
    g = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)
    digraph = nx.DiGraph()
    for module in g.modules:
        digraph.add_node(module)
        digraph.add_edges_from((module, imported) for imported in g.find_modules_directly_imported_by(module))
    return digraph


def test_every_package_is_analysed(graph: grimp.ImportGraph) -> None:
    for package in PACKAGES:
        found = {m for m in graph.modules if m == package or m.startswith(package + ".")}
        expected = {".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
                    for p in modules(package)}
        assert found >= expected, sorted(expected - found)


@pytest.mark.parametrize(("importer", "imported"), [(a, b) for a, bs in FORBIDDEN.items() for b in bs])
def test_layers(graph: grimp.ImportGraph, importer: str, imported: str) -> None:
    chains = graph.find_shortest_chains(importer=importer, imported=imported, as_packages=True)
    lines = []
    for chain in sorted(chains):
        first, second = chain[0], chain[1]
        detail = graph.get_import_details(importer=first, imported=second)
        where = f" (line {detail[0]['line_number']}: {detail[0]['line_contents']})" if detail else ""
        lines.append(" -> ".join(chain) + where)
    assert not lines, f"{importer} must not import {imported}:\n" + "\n".join(lines)


def test_no_import_cycles(runtime_graph: nx.DiGraph) -> None:
    cycles = []
    for component in nx.strongly_connected_components(runtime_graph):
        if len(component) > 1 or runtime_graph.has_edge(*2 * tuple(component)):
            edges = nx.find_cycle(runtime_graph.subgraph(component))
            cycles.append(" -> ".join([u for u, _ in edges] + [edges[0][0]]) + f" ({len(component)} modules tangled)")
    assert not cycles, "import cycles between modules:\n" + "\n".join(cycles)


def in_function_imports(path: Path) -> list[tuple[int, str, bool]]:
    """``(line, statement, has a trailing comment)`` for each import of our packages inside a function."""
    source = path.read_text(encoding="utf-8")
    comments = {tok.start[0] for tok in tokenize.generate_tokens(io.StringIO(source).readline)
                if tok.type == tokenize.COMMENT}
    found: dict[int, tuple[int, str, bool]] = {}
    for func in ast.walk(ast.parse(source)):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.Import):
                ours = any(alias.name.split(".")[0] in PACKAGES for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                ours = node.level > 0 or (node.module or "").split(".")[0] in PACKAGES
            else:
                continue
            if ours:
                commented = any(line in comments for line in range(node.lineno, node.end_lineno + 1))
                found[node.lineno] = (node.lineno, ast.get_source_segment(source, node), commented)
    return sorted(found.values())


def test_few_imports_inside_functions_each_with_its_reason() -> None:
    found = [(rel(path), *item) for path in modules(*PACKAGES) for item in in_function_imports(path)]
    listing = "\n".join(f"{path}:{line}: {text}" for path, line, text, _ in found)
    assert len(found) <= MAX_IN_FUNCTION_IMPORTS, f"{len(found)} in-function imports (max {MAX_IN_FUNCTION_IMPORTS}):\n{listing}"
    silent = [f"{path}:{line}: {text}" for path, line, text, commented in found if not commented]
    assert not silent, "in-function imports need a trailing comment saying why:\n" + "\n".join(silent)


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_over_400_lines() -> None:
    over = {rel(p): line_count(p) for p in modules(*PACKAGES) if line_count(p) > MAX_LINES}
    assert not over, f"modules over {MAX_LINES} lines (one concept per module: split them): {over}"


def own_test_module(path: Path) -> Path | None:
    """``tests/X/.../test_Y.py`` for ``X/.../Y.py``; ``test_init.py`` for an ``__init__.py`` with code in it."""
    relative = path.relative_to(REPO)
    if path.name == "__init__.py":
        tree = ast.parse(path.read_text(encoding="utf-8"))
        has_code = any(isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import))
                       or (isinstance(node, ast.ImportFrom) and node.module != "__future__")
                       for node in tree.body)
        return REPO / "tests" / relative.parent / "test_init.py" if has_code else None
    return REPO / "tests" / relative.parent / f"test_{path.stem}.py"


def test_every_module_has_its_own_test_module() -> None:
    missing = [f"{rel(path)} -> {rel(test)}" for path in modules(*MIRRORED)
               if (test := own_test_module(path)) is not None and not test.is_file()]
    assert not missing, "modules without their own test module:\n" + "\n".join(missing)
