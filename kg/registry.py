"""One plugin registry, keyed by (kind, name), with aliases: readers and exporters alike.

As rdflib finds its parsers and serialisers, paperkg finds its plugins by
name. A plugin is a small descriptor: its kind (``"reader"`` or
``"exporter"``), its name and aliases, a one-line description, the
``"module:attribute"`` of the function that does the work (imported only when
the plugin is used, so listing the exporters never imports pyvis), and a few
kind-specific details in ``meta`` (a reader's file extensions, an exporter's
file suffix).

Plugins come from the ``paperkg.plugins`` entry-point group: each entry
point names a list of :class:`Plugin` descriptors. paperkg's own readers
(``kg.readers.plugins``) and exporters (``exports.plugins``) are declared there
in ``pyproject.toml`` exactly as a third-party package would declare its own::

    [project.entry-points."paperkg.plugins"]
    my_formats = "my_package.paperkg_plugins:PLUGINS"

>>> reg = Registry(entry_points=False)
>>> reg.register(Plugin("exporter", "turtle", "exports.rdf:write_turtle", aliases=("ttl",),
...                     meta={"suffix": ".ttl"}))
>>> reg.get("exporter", "TTL").name, reg.get("exporter", "ttl").meta["suffix"]
('turtle', '.ttl')
>>> reg.get("exporter", "docx")  # doctest: +ELLIPSIS
Traceback (most recent call last):
kg.errors.PluginError: unknown exporter 'docx'; choose one of: turtle (ttl)
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from types import MappingProxyType
from typing import Any

from kg.errors import PluginError

__all__ = ["ENTRY_POINT_GROUP", "Plugin", "Registry", "registry"]

ENTRY_POINT_GROUP = "paperkg.plugins"


@dataclass(frozen=True)
class Plugin:
    """A registered reader or exporter: what it is called and where its code lives."""

    kind: str  #: "reader" or "exporter"
    name: str
    target: str  #: "module:attribute", imported on first use
    description: str = ""
    aliases: tuple[str, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def load(self) -> Any:
        """The plugin's function (imports its module)."""
        module, _, attribute = self.target.partition(":")
        return getattr(importlib.import_module(module), attribute)

    def label(self) -> str:
        """The name with its aliases, as help texts list it: ``turtle (ttl)``."""
        return f"{self.name} ({', '.join(self.aliases)})" if self.aliases else self.name


class Registry:
    """Plugins by (kind, name); aliases and names are matched case-insensitively."""

    def __init__(self, *, entry_points: bool = True) -> None:
        self._plugins: dict[tuple[str, str], Plugin] = {}
        self._aliases: dict[tuple[str, str], str] = {}
        self._entry_points_loaded = not entry_points

    def register(self, plugin: Plugin) -> None:
        """Add *plugin*; a later plugin of the same kind and name replaces the earlier one."""
        self._plugins[(plugin.kind, plugin.name.lower())] = plugin
        for alias in plugin.aliases:
            self._aliases[(plugin.kind, alias.lower())] = plugin.name.lower()

    def register_all(self, plugins: Iterable[Plugin]) -> None:
        for plugin in plugins:
            self.register(plugin)

    def _ensure_loaded(self) -> None:
        if self._entry_points_loaded:
            return
        self._entry_points_loaded = True  # set first: a failing plugin must not be retried on every call
        for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name):
            try:
                plugins = point.load()
            except Exception as exc:  # a broken third-party plugin must not take paperkg down
                raise PluginError(f"plugin entry point {point.name!r} ({point.value}) failed to load: {exc}") from exc
            self.register_all(plugins)

    def plugins(self, kind: str, **meta: Any) -> list[Plugin]:
        """The plugins of *kind* (whose ``meta`` has the given values), in registration order.

        >>> reg = Registry(entry_points=False)
        >>> reg.register(Plugin("exporter", "html", "exports.html:write_html", meta={"on_build": True}))
        >>> reg.register(Plugin("exporter", "gexf", "exports.graphml:write_gexf"))
        >>> [p.name for p in reg.plugins("exporter", on_build=True)]
        ['html']
        """
        self._ensure_loaded()
        return [p for (k, _), p in self._plugins.items()
                if k == kind and all(p.meta.get(key) == value for key, value in meta.items())]

    def find(self, kind: str, name: str) -> Plugin | None:
        """The plugin of *kind* called *name* (or an alias of it), or None."""
        self._ensure_loaded()
        key = name.lower()
        key = self._aliases.get((kind, key), key)
        return self._plugins.get((kind, key))

    def get(self, kind: str, name: str) -> Plugin:
        """Like :meth:`find`, but an unknown name is an error that lists the choices."""
        plugin = self.find(kind, name)
        if plugin is None:
            choices = ", ".join(p.label() for p in self.plugins(kind))
            raise PluginError(f"unknown {kind} {name!r}; choose one of: {choices}")
        return plugin


#: The registry every paperkg command uses.
registry = Registry()
