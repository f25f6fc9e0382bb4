"""Fixtures shared by the app-layer tests (library and CLI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.paperkg.eval_sample import write_eval_files


@pytest.fixture
def eval_files(tmp_path: Path) -> tuple[Path, Path]:
    """The hand-scored gold and prediction files of :mod:`tests.paperkg.eval_sample`."""
    return write_eval_files(tmp_path)
