"""The ``kg`` command line: a thin Typer layer over the library.

Each module in :mod:`paperkg.cli.commands` adds its commands to :data:`app`;
every command parses its arguments and calls a plain library function.
"""

from __future__ import annotations

import importlib
import pkgutil

from paperkg.cli import commands
from paperkg.cli.app import app, main

__all__ = ["app", "main"]

for _module in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
    importlib.import_module(f"paperkg.cli.commands.{_module.name}")
