"""Documentation cannot rot: every CLI command is in the README, the README's commands are real."""

from __future__ import annotations

import csv
import io
import re
import shlex
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from paperkg.cli import app
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def command_paths(typer_app: typer.Typer, prefix: str = "kg") -> list[str]:
    click_group = typer.main.get_command(typer_app)
    paths = []

    def walk(cmd, path):
        subcommands = getattr(cmd, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, f"{path} {name}")
        else:
            paths.append(path)

    walk(click_group, prefix)
    return paths


def test_every_cli_command_is_documented_in_the_readme():
    missing = [p for p in command_paths(app) if f"`{p}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_readme_starts_with_the_two_commands():
    blocks = re.findall(r"<!-- (run|test)-command -->\n```bash\n(.+?)\n```", README)
    assert [b[0] for b in blocks] == ["run", "test"]
    assert README.index("<!-- run-command -->") < README.index("## ")
    run, test = (b[1] for b in blocks)
    assert "kg build examples/" in run and "pytest" in test and ".[test]" in test


def test_readme_commands_exist():
    """Every `kg X` the README names in its command table is a real command."""
    known = {p.split()[1] for p in command_paths(app)}
    named = set(re.findall(r"`kg ([a-z-]+)", README))
    assert named <= known, f"README names unknown commands: {sorted(named - known)}"


# ------------------------------------------------- the README's own questions
def _readme_query_lines() -> list[str]:
    """`kg query out/graph.json "..."` and `kg sparql out/graph.ttl "..."` lines of the README's bash blocks."""
    blocks = re.findall(r"```bash\n(.*?)```", README, re.S)
    return [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()
            if re.match(r'kg (query out/graph\.json|sparql out/graph\.ttl) "', line)]


@pytest.fixture(scope="module")
def example_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`kg build examples/ -o out/`, the README's first command (graph.json and graph.ttl)."""
    from paperkg.build import build

    out = tmp_path_factory.mktemp("out")
    build([REPO / "examples"], out, exports=["turtle"])
    return out


def test_readme_shows_real_queries_in_cypher_and_sparql() -> None:
    lines = _readme_query_lines()
    assert any(line.startswith("kg query") for line in lines) and any(line.startswith("kg sparql") for line in lines)
    assert all("..." not in line for line in lines)


@pytest.mark.parametrize("line", _readme_query_lines())
def test_readme_query_answers_on_the_example_graph(example_graph: Path, line: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)  # the README's queries run on the embedded engine
    words = shlex.split(line)
    args = [str(example_graph / Path(w).name) if w.startswith("out/") else w for w in words[1:]]
    result = CliRunner().invoke(app, [*args, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) > 1, f"no answer on the example graph: {line}"


def test_readme_cypher_and_sparql_give_the_same_answer(example_graph: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The README asks one question in both languages; the answers must agree."""
    monkeypatch.delenv("NEO4J_URI", raising=False)
    answers = []
    for line in _readme_query_lines():
        words = shlex.split(line)
        args = [str(example_graph / Path(w).name) if w.startswith("out/") else w for w in words[1:]]
        result = CliRunner().invoke(app, [*args, "--format", "csv"])
        answers.append(sorted(row[0] for row in list(csv.reader(io.StringIO(result.stdout)))[1:]))
    assert len(answers) == 2 and answers[0] == answers[1] and len(answers[0]) == 4
def try_it_commands() -> list[list[str]]:
    """The commands of the README's "Try it" block, split as a shell splits them (comments dropped)."""
    block = re.search(r"<!-- try-it -->\n```bash\n(.+?)\n```", README, re.S)
    assert block, "README.md has no <!-- try-it --> block"
    return [argv for argv in (shlex.split(line, comments=True) for line in block.group(1).splitlines()) if argv]


def test_try_it_puts_the_installed_kg_on_the_path_first() -> None:
    """The set-up installs kg into .venv/bin only: the block must activate it (or call it by that path)."""
    commands = try_it_commands()
    assert commands[0] == [".", ".venv/bin/activate"] or all(argv[0] == ".venv/bin/kg" for argv in commands)
    assert all(argv[0] in ("kg", ".venv/bin/kg") for argv in commands[1:])
    assert not any("../shared" in arg for argv in commands for arg in argv)  # not in a fresh clone


@pytest.mark.slow
def test_try_it_works_as_written_after_the_run_command(example_out, monkeypatch, no_neo4j_env) -> None:
    """Each line, run in the directory where the README's run command built out/, succeeds and shows something."""
    from typer.testing import CliRunner

    monkeypatch.chdir(example_out)
    for argv in try_it_commands()[1:]:
        line = shlex.join(argv)
        result = CliRunner().invoke(app, argv[1:], env={"COLUMNS": "200"})
        assert result.exit_code == 0, f"`{line}` failed: {result.output}"
        assert result.stdout.strip(), f"`{line}` printed nothing"
        assert "0 row(s)" not in result.output, f"`{line}` answered nothing"
    assert (example_out / "coco.html").exists()


@pytest.fixture(scope="module")
def corpus_counts(tmp_path_factory) -> dict[str, int]:
    from tests.conftest import SHARED

    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"{corpus} not found (the shared corpus sits beside the repository)")
    from paperkg.build import build_graph

    kg, _ = build_graph([corpus])
    return {"nodes": kg.number_of_nodes(), "edges": kg.number_of_relations()}


@pytest.mark.slow
@pytest.mark.parametrize(("doc", "pattern"), [
    ("html.md", r"corpus graph \(([\d,]+) nodes, ([\d,]+) edges\)"),
    ("neo4j.md", r"the corpus graph \(([\d,]+) nodes, ([\d,]+) relationships\)"),
    ("neo4j.md", r"\| corpus, 449 papers \| ([\d,]+) / ([\d,]+) \|"),
])
def test_docs_quote_the_corpus_graph_as_it_is(corpus_counts, doc: str, pattern: str) -> None:
    """Counts quoted in the docs are those a build of the shared corpus gives today (update them when it changes)."""
    text = (REPO / "docs" / doc).read_text(encoding="utf-8")
    found = re.findall(pattern, text)
    assert found, f"docs/{doc} no longer quotes the corpus graph's size as {pattern}"
    for nodes, edges in found:
        assert (int(nodes.replace(",", "")), int(edges.replace(",", ""))) == \
            (corpus_counts["nodes"], corpus_counts["edges"]), f"docs/{doc}: stale counts {nodes} / {edges}"
