"""`kg export NAME` (paperkg/cli/commands/export.py): one generated command per registered exporter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from exports.rdf_formats import rdf_formats
from kg.graphjson import read_graph_json
from paperkg.cli import app
from paperkg.cli.commands.export import DEDICATED, generic_exporters
from tests.conftest import REPO


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_graph_formats(runner: CliRunner, html_graph_json: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"g.{fmt}"
    result = runner.invoke(app, ["export", fmt, str(html_graph_json), "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = getattr(nx, f"read_{fmt}")(out)
    assert back.number_of_nodes() == 15 and back.nodes["dataset:coco"]["type"] == "Dataset"


def test_generic_exporters_are_the_non_rdf_ones_without_a_command_of_their_own() -> None:
    names = [p.name for p in generic_exporters()]
    assert names == ["html", "graphml", "gexf"]
    assert not set(names) & (DEDICATED | set(rdf_formats()))


@pytest.mark.parametrize("plugin", generic_exporters(), ids=lambda p: p.name)
def test_every_generic_exporter_has_a_command_that_writes_its_file(runner: CliRunner, html_graph_json: Path,
                                                                    tmp_path: Path, plugin) -> None:
    out = tmp_path / "exports" / f"graph{plugin.meta['suffix']}"
    result = runner.invoke(app, ["export", plugin.name, str(html_graph_json), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}: 15 nodes, {read_graph_json(html_graph_json).number_of_relations()} edges\n"
    assert out.stat().st_size > 0
    help_text = runner.invoke(app, ["export", plugin.name, "--help"]).output
    assert plugin.description.split(" (")[0] in " ".join(help_text.split())


def test_export_errors_are_one_line(runner: CliRunner, html_graph_json: Path, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["export", "graphml", str(tmp_path / "nope.json"), "-o", str(tmp_path / "g.graphml")])
    assert missing.exit_code == 1 and missing.output.startswith("error: ") and "kg build" in missing.output
    assert len(missing.output.splitlines()) == 1 and not (tmp_path / "g.graphml").exists()
    no_out = runner.invoke(app, ["export", "gexf", str(html_graph_json)])
    assert no_out.exit_code == 2 and "--out" in no_out.output


THIRD_PARTY = '''
from pathlib import Path

from kg.registry import Plugin

PLUGINS = [Plugin("exporter", "node-list", "thirdparty_nodelist:write_node_list", "Plain list of node ids",
                  ("nodes",), {"suffix": ".txt", "on_build": False})]


def write_node_list(kg, path):
    Path(path).write_text("".join(node.id + "\\n" for node in kg.nodes(ordered=True)), encoding="utf-8")
'''


def test_a_third_party_exporter_gets_a_command(html_graph_json: Path, tmp_path: Path) -> None:
    """An installed package that declares a ``paperkg.plugins`` entry point gets ``kg export NAME``.

    The commands are made when paperkg.cli is imported, so this runs in a fresh interpreter whose path holds
    the plugin's module and its ``*.dist-info`` (what ``pip install`` would leave), nothing else.
    """
    site = tmp_path / "site"
    (site / "thirdparty_nodelist-1.0.dist-info").mkdir(parents=True)
    (site / "thirdparty_nodelist-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: thirdparty-nodelist\nVersion: 1.0\n", encoding="utf-8")
    (site / "thirdparty_nodelist-1.0.dist-info" / "entry_points.txt").write_text(
        "[paperkg.plugins]\nnodelist = thirdparty_nodelist:PLUGINS\n", encoding="utf-8")
    (site / "thirdparty_nodelist.py").write_text(THIRD_PARTY, encoding="utf-8")
    out = tmp_path / "nodes.txt"
    code = ("import sys; from paperkg.cli import app; "
            "app(sys.argv[1:], prog_name='kg')")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(REPO)]), "COLUMNS": "200"}

    def kg(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                              cwd=tmp_path, timeout=120)

    listed = kg("export", "--help")
    assert listed.returncode == 0, listed.stderr
    assert "node-list (nodes)" in listed.stdout and "Plain list of node ids" in listed.stdout
    written = kg("export", "node-list", str(html_graph_json), "-o", str(out))
    assert written.returncode == 0, written.stderr
    assert written.stdout.startswith(f"wrote {out}: 15 nodes, ")
    assert out.read_text(encoding="utf-8").splitlines() == sorted(n.id for n in read_graph_json(html_graph_json).nodes())


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_from_standard_input_to_standard_output(runner: CliRunner, html_graph_json: Path, tmp_path: Path,
                                                       fmt: str) -> None:
    result = runner.invoke(app, ["export", fmt, "-", "-o", "-"], input=html_graph_json.read_bytes())
    assert result.exit_code == 0, result.output
    written = tmp_path / f"from-stdout.{fmt}"
    written.write_bytes(result.stdout_bytes)  # stdout holds the file and nothing else
    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    assert read(written).number_of_nodes() == read_graph_json(html_graph_json).number_of_nodes()
    assert result.stderr.startswith("wrote standard output: ")
    assert not (tmp_path / "-").exists()
