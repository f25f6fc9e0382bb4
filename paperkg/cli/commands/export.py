"""``kg export FORMAT``: one sub-command per registered exporter, generated from the plugin registry.

RDF serialisations share ``kg export rdf`` (format from ``--format`` or the
file suffix) and ``neo4j-csv`` has options of its own (``kg export neo4j-csv``,
in :mod:`paperkg.cli.commands.neo4j`); every other exporter, a third-party
plugin's included, gets ``kg export NAME GRAPH -o OUT`` here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

from kg.registry import Plugin, registry
from paperkg.cli.app import KgCommand, console, err_console, export_app, handle_errors, progress
from paperkg.cli.streams import DASH_IN, DASH_OUT, is_dash, output_file, read_graph

__all__ = ["DEDICATED", "generic_exporters", "make_export_command"]

#: Exporters with a hand-written command of their own.
DEDICATED = frozenset({"neo4j-csv"})


def generic_exporters() -> list[Plugin]:
    """The exporters that get a generated ``kg export NAME`` command."""
    return [p for p in registry.plugins("exporter") if p.name not in DEDICATED and "rdflib_name" not in p.meta]


def make_export_command(plugin: Plugin) -> Callable[..., None]:
    """The ``kg export NAME`` command of one exporter."""
    suffix = plugin.meta.get("suffix", "")

    def command(
        graph: Path = typer.Argument(..., metavar="GRAPH", help=f"A graph.json (or the directory holding it); "
                                     f"{DASH_IN}."),
        out: Path = typer.Option(..., "--out", "-o", metavar="FILE", help=f"File to write (usually *{suffix}); "
                                 f"{DASH_OUT}."),
    ) -> None:
        with progress() as shown:
            shown.phase(f"reading {graph}")
            kg = read_graph(graph)
            shown.phase(f"writing {'standard output' if is_dash(out) else Path(out).name}")
            with output_file(out, suffix) as target:
                plugin.load()(kg, target)
        (err_console if is_dash(out) else console).print(
            f"wrote {'standard output' if is_dash(out) else out}: {kg.number_of_nodes():,} nodes, "
            f"{kg.number_of_relations():,} edges", highlight=False, markup=False)

    command.__doc__ = f"{plugin.description}."
    return handle_errors(command)


for _plugin in generic_exporters():
    export_app.command(_plugin.name, cls=KgCommand)(make_export_command(_plugin))
