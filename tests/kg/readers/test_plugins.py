"""kg/readers/plugins.py: the built-in readers, as the registry finds them through the entry point."""

from __future__ import annotations

import inspect

import pytest

from kg.readers.plugins import PLUGINS
from kg.registry import registry


def test_the_registry_holds_exactly_these_readers() -> None:
    assert registry.plugins("reader") == PLUGINS


@pytest.mark.parametrize("plugin", PLUGINS, ids=lambda p: p.name)
def test_every_reader_loads_a_function_of_a_path(plugin) -> None:
    assert plugin.kind == "reader" and plugin.description
    assert plugin.target.startswith("kg.readers.")
    read = plugin.load()
    assert callable(read)
    assert list(inspect.signature(read).parameters) == ["path"]


def test_names_aliases_and_extensions_are_unambiguous() -> None:
    words = [w.lower() for p in PLUGINS for w in (p.name, *p.aliases)]
    assert len(words) == len(set(words)), sorted(w for w in words if words.count(w) > 1)
    extensions = [e for p in PLUGINS for e in p.meta["extensions"]]
    assert len(extensions) == len(set(extensions))
    assert all(e.startswith(".") and e == e.lower() for e in extensions)


def test_every_file_kind_the_docs_promise_has_a_reader() -> None:
    claimed = {e for p in PLUGINS for e in p.meta["extensions"]}
    assert {".txt", ".jsonl", ".ndjson", ".json", ".xml", ".atom", ".csv", ".tsv"} <= claimed
