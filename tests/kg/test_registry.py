"""kg/registry.py: plugins by (kind, name) with aliases, found through entry points, loaded only when used."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

import kg.registry
from kg.errors import PluginError
from kg.registry import ENTRY_POINT_GROUP, Plugin, Registry, registry

TURTLE = Plugin("exporter", "turtle", "exports.rdf:write_turtle", "RDF Turtle", ("ttl", "TTL-1.1"),
                {"suffix": ".ttl", "on_build": True})
HTML = Plugin("exporter", "html", "exports.html:write_html", "HTML view", meta={"suffix": ".html", "on_build": True})
GEXF = Plugin("exporter", "gexf", "exports.graphml:write_gexf", "GEXF", meta={"suffix": ".gexf", "on_build": False})
CSV_READER = Plugin("reader", "csv", "kg.readers.csv_reader:read_csv", "CSV", ("tsv",), {"extensions": (".csv",)})


@pytest.fixture
def reg() -> Registry:
    reg = Registry(entry_points=False)
    reg.register_all([TURTLE, HTML, GEXF, CSV_READER])
    return reg


@pytest.fixture
def plugin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder on sys.path for a third-party plugin module; the modules written there are forgotten afterwards."""
    monkeypatch.syspath_prepend(str(tmp_path))
    before = set(sys.modules)
    yield tmp_path
    for name in set(sys.modules) - before:
        if name.startswith("thirdparty_"):
            del sys.modules[name]


def write_module(folder: Path, name: str, body: str) -> None:
    (folder / f"{name}.py").write_text(textwrap.dedent(body), encoding="utf-8")


def test_names_and_aliases_are_matched_case_insensitively(reg: Registry) -> None:
    for name in ("turtle", "TURTLE", "ttl", "Ttl", "ttl-1.1"):
        assert reg.get("exporter", name) is TURTLE
    mixed = Plugin("exporter", "GraphML", "exports.graphml:write_graphml")
    reg.register(mixed)
    assert reg.find("exporter", "graphml") is mixed and reg.find("exporter", "GRAPHML") is mixed


def test_kinds_are_separate_namespaces(reg: Registry) -> None:
    assert reg.find("reader", "turtle") is None
    assert reg.find("exporter", "tsv") is None
    assert reg.get("reader", "TSV") is CSV_READER


def test_unknown_name_lists_the_choices_of_that_kind(reg: Registry) -> None:
    with pytest.raises(PluginError) as info:
        reg.get("exporter", "docx")
    assert str(info.value) == "unknown exporter 'docx'; choose one of: turtle (ttl, TTL-1.1), html, gexf"
    with pytest.raises(PluginError, match=r"^unknown reader 'xml'; choose one of: csv \(tsv\)$"):
        reg.get("reader", "xml")


def test_plugins_by_kind_in_registration_order(reg: Registry) -> None:
    assert reg.plugins("exporter") == [TURTLE, HTML, GEXF]
    assert reg.plugins("reader") == [CSV_READER]
    assert reg.plugins("writer") == []


def test_meta_filter(reg: Registry) -> None:
    assert reg.plugins("exporter", on_build=True) == [TURTLE, HTML]
    assert reg.plugins("exporter", on_build=False) == [GEXF]
    assert reg.plugins("exporter", on_build=True, suffix=".html") == [HTML]
    assert reg.plugins("exporter", rdflib_name="turtle") == []  # a key no plugin has matches none


def test_a_later_plugin_replaces_an_earlier_one_of_the_same_name(reg: Registry) -> None:
    faster = Plugin("exporter", "Turtle", "my_package:write_turtle_fast", aliases=("ttl",))
    reg.register(faster)
    assert reg.get("exporter", "turtle") is faster and reg.get("exporter", "ttl") is faster
    assert [p.name for p in reg.plugins("exporter")] == ["Turtle", "html", "gexf"]


def test_plugin_label_and_frozen_meta() -> None:
    assert TURTLE.label() == "turtle (ttl, TTL-1.1)" and HTML.label() == "html"
    bare = Plugin("reader", "x", "m:f")
    assert dict(bare.meta) == {}
    with pytest.raises(TypeError):
        bare.meta["extensions"] = (".x",)  # type: ignore[index]


def test_targets_are_imported_only_when_loaded(plugin_dir: Path) -> None:
    write_module(plugin_dir, "thirdparty_lazy", """
        IMPORTED = True

        def write_x(kg, path):
            return "written"
    """)
    reg = Registry(entry_points=False)
    reg.register(Plugin("exporter", "x", "thirdparty_lazy:write_x"))
    assert reg.get("exporter", "x").name == "x" and reg.plugins("exporter")
    assert "thirdparty_lazy" not in sys.modules
    write = reg.get("exporter", "x").load()
    assert "thirdparty_lazy" in sys.modules and write(None, None) == "written"


def test_listing_the_real_exporters_imports_none_of_them() -> None:
    """``kg export --help`` must not pay for pyvis, rdflib's parsers or the Neo4j driver."""
    code = ("import sys; from kg.registry import registry; "
            "names = [p.name for p in registry.plugins('exporter')] + [p.name for p in registry.plugins('reader')]; "
            "print(len(names), sorted(m for m in sys.modules if m.split('.')[0] in ('exports', 'pyvis', 'neo4j', 'rdflib')"
            " and m not in ('exports', 'exports.plugins')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split(" ", 1)
    assert int(out[0]) >= 10
    assert out[1].strip() == "[]"


def fake_entry_points(monkeypatch: pytest.MonkeyPatch, *points: EntryPoint) -> list[str]:
    """Make kg.registry see *points* (plus nothing else) in its entry-point group; returns the groups asked for."""
    asked: list[str] = []

    def entry_points(*, group: str) -> list[EntryPoint]:
        asked.append(group)
        return [p for p in points if p.group == group]

    monkeypatch.setattr(kg.registry, "entry_points", entry_points)
    return asked


def test_a_third_party_plugin_is_found_through_its_entry_point(plugin_dir: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(plugin_dir, "thirdparty_formats", """
        from kg.registry import Plugin

        PLUGINS = [
            Plugin("exporter", "dot", "thirdparty_formats:write_dot", "Graphviz DOT", ("gv",), {"suffix": ".dot"}),
            Plugin("reader", "bibtex", "thirdparty_formats:read_bibtex", "BibTeX", meta={"extensions": (".bib",)}),
        ]

        def write_dot(kg, path):
            pass

        def read_bibtex(path):
            return iter(())
    """)
    asked = fake_entry_points(monkeypatch, EntryPoint("my_formats", "thirdparty_formats:PLUGINS", ENTRY_POINT_GROUP),
                              EntryPoint("other", "thirdparty_nothing:X", "some.other.group"))
    reg = Registry()
    assert asked == []  # nothing is looked up before the first question
    assert reg.get("exporter", "GV").description == "Graphviz DOT"
    assert reg.get("reader", "bibtex").meta["extensions"] == (".bib",)
    assert [p.name for p in reg.plugins("exporter")] == ["dot"]
    assert asked == [ENTRY_POINT_GROUP]  # looked up once, in paperkg's group only
    assert callable(reg.get("exporter", "dot").load())


def test_entry_points_load_in_name_order_so_the_last_name_wins(plugin_dir: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(plugin_dir, "thirdparty_a", 'from kg.registry import Plugin\nPLUGINS = [Plugin("exporter", "html", "a:w")]\n')
    write_module(plugin_dir, "thirdparty_b", 'from kg.registry import Plugin\nPLUGINS = [Plugin("exporter", "html", "b:w")]\n')
    fake_entry_points(monkeypatch, EntryPoint("zz-override", "thirdparty_b:PLUGINS", ENTRY_POINT_GROUP),
                      EntryPoint("aa-base", "thirdparty_a:PLUGINS", ENTRY_POINT_GROUP))
    assert Registry().get("exporter", "html").target == "b:w"


@pytest.mark.parametrize(("value", "cause"), [
    ("thirdparty_missing_module:PLUGINS", "No module named 'thirdparty_missing_module'"),
    ("thirdparty_broken:PLUGINS", "ZeroDivisionError|division by zero"),
    ("thirdparty_broken:NOPE", "NOPE"),
])
def test_a_broken_entry_point_is_a_plugin_error_naming_it(plugin_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                          value: str, cause: str) -> None:
    write_module(plugin_dir, "thirdparty_broken", "PLUGINS = [1 / 0]\n" if value.endswith("PLUGINS") else "X = 1\n")
    fake_entry_points(monkeypatch, EntryPoint("shiny_formats", value, ENTRY_POINT_GROUP))
    reg = Registry()
    with pytest.raises(PluginError) as info:
        reg.plugins("exporter")
    message = str(info.value)
    assert message.startswith(f"plugin entry point 'shiny_formats' ({value}) failed to load: ")
    assert any(part in message for part in cause.split("|")), message
    assert info.value.__cause__ is not None
    assert reg.plugins("exporter") == []  # reported once, not on every later lookup


def test_the_shared_registry_holds_paperkgs_own_plugins_from_its_entry_points() -> None:
    from importlib.metadata import entry_points

    ours = {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}
    assert ours.get("readers") == "kg.readers.plugins:PLUGINS" and ours.get("exporters") == "exports.plugins:PLUGINS"
    assert registry.get("reader", "jsonl").target == "kg.readers.jsonl:read_jsonl"
    assert registry.get("exporter", "ttl").name == "turtle"
