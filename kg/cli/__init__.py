"""The ``kg`` command line: a thin Typer layer over the library.

Each module in :mod:`kg.cli.commands` adds its commands to :data:`app`;
every command parses its arguments and calls a plain library function.
"""

from __future__ import annotations

import importlib
import pkgutil

from kg.cli import commands
from kg.cli.app import app, main

__all__ = ["app", "main"]

for _module in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
    importlib.import_module(f"kg.cli.commands.{_module.name}")
