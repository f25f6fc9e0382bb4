"""Fixtures shared by the reader tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from kg.errors import BadRecord
from kg.model import Paper

ReadItems = Callable[[Callable[[str], Iterable[object]], Path], tuple[list[Paper], list[BadRecord]]]


@pytest.fixture
def read_items() -> ReadItems:
    """``read_items(reader, path)``: run one reader function over *path*; its papers and its bad records."""

    def read(reader: Callable[[str], Iterable[object]], path: Path) -> tuple[list[Paper], list[BadRecord]]:
        items = list(reader(str(path)))
        assert all(isinstance(i, (Paper, BadRecord)) for i in items), items
        return [i for i in items if isinstance(i, Paper)], [i for i in items if isinstance(i, BadRecord)]

    return read
