"""A build's outputs replaced together: staged, then swapped in under a journal.

A build writes graph.json, graph.ttl, graph.html, ... and they must agree with
each other. :func:`replace_together` hands out a staging directory inside the
output directory (``OUT/.staging-<pid>/``); every output is written there.
When all are written, a journal (``OUT/.paperkg-commit.json``, itself written
atomically) records the set, then each file or directory is renamed into
``OUT``, then the journal and the staging directory are removed.

A process killed (``kill -9``, power cut) at any point leaves:

- before the journal: the old set in ``OUT`` and a stale staging directory;
- after it: a journal naming the new set, some of it already moved in.

:func:`recover` (run by the next build, before it reads anything) rolls a
journal forward, so the new set is complete, and removes staging directories
and :func:`kg.io.atomic_write` temporary files of processes that are gone. A
writer that fails (a full disk: ``OSError(ENOSPC)``) fails the build before the
journal, so ``OUT`` keeps the previous outputs untouched.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> with replace_together(out) as stage:
...     _ = (stage / "graph.json").write_text("{}")
...     _ = (stage / "graph.ttl").write_text("")
>>> sorted(p.name for p in out.iterdir())
['graph.json', 'graph.ttl']
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from kg.io import atomic_write

__all__ = ["JOURNAL", "STAGING_PREFIX", "recover", "replace_together"]

JOURNAL = ".paperkg-commit.json"
STAGING_PREFIX = ".staging-"
_REPLACED = ".replaced"  # inside the staging directory: old directories moved aside, removed at the end
_TMP = re.compile(r"^\..+\.tmp$")  # kg.io.atomic_write: .NAME.PID.RANDOM.tmp (.NAME.RANDOM.tmp before the pid)
_TMP_PID = re.compile(r"\.(\d+)\.[^.]+\.tmp$")


@contextlib.contextmanager
def replace_together(out_dir: str | os.PathLike) -> Iterator[Path]:
    """Yield a staging directory; when the body ends, move everything in it into *out_dir* as one set.

    If the body raises, the staging directory is removed and *out_dir* is
    left as it was. Run :func:`recover` first (this does).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    recover(out)
    stage = out / f"{STAGING_PREFIX}{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    names = sorted(p.name for p in stage.iterdir() if p.name != _REPLACED and not _TMP.match(p.name))
    _fsync_dir(stage)
    with atomic_write(out / JOURNAL) as fh:
        json.dump({"staging": stage.name, "outputs": names}, fh)
    _fsync_dir(out)
    _roll_forward(out, stage, names)


def recover(out_dir: str | os.PathLike) -> list[str]:
    """Finish or undo what an interrupted build left in *out_dir*; return what was done, one line each.

    A journal is rolled forward (its new set completed); staging directories
    and temporary files of processes no longer running are removed.
    """
    out = Path(out_dir)
    done: list[str] = []
    if not out.is_dir():
        return done
    journal = out / JOURNAL
    if journal.exists():
        try:
            entry = json.loads(journal.read_text(encoding="utf-8"))
            stage, names = out / entry["staging"], [str(n) for n in entry["outputs"]]
        except (ValueError, KeyError, TypeError):  # atomic_write makes this unlikely; drop it rather than guess
            journal.unlink()
            done.append(f"removed an unreadable {JOURNAL}")
        else:
            _roll_forward(out, stage, names)
            done.append(f"completed an interrupted build's outputs: {', '.join(names)}")
    for path in sorted(out.iterdir()):
        if path.is_dir() and path.name.startswith(STAGING_PREFIX) and not _alive(path.name[len(STAGING_PREFIX):]):
            shutil.rmtree(path, ignore_errors=True)
            done.append(f"removed the unfinished outputs in {path.name}/")
        elif path.is_file() and _TMP.match(path.name) and not _alive(_tmp_pid(path.name)):
            path.unlink(missing_ok=True)
            done.append(f"removed the temporary file {path.name}")
    return done


def _roll_forward(out: Path, stage: Path, names: list[str]) -> None:
    """Move each of *names* from *stage* into *out*; idempotent, so a re-run after a kill completes it."""
    for name in names:
        new, target = stage / name, out / name
        if not new.exists() and not new.is_symlink():
            continue  # moved in already
        if new.is_dir() and target.is_dir() and not target.is_symlink():
            aside = stage / _REPLACED
            aside.mkdir(exist_ok=True)
            shutil.rmtree(aside / name, ignore_errors=True)
            os.replace(target, aside / name)  # a directory cannot be renamed over a non-empty one
        os.replace(new, target)
    _fsync_dir(out)
    (out / JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(stage, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    """Make the renames in *path* durable (where directories can be opened: not on Windows)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _tmp_pid(name: str) -> str:
    match = _TMP_PID.search(name)
    return match.group(1) if match else ""


def _alive(pid: str) -> bool:
    """Whether the process *pid* (text, from a file name) is running; an unknown pid counts as gone."""
    if not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or no way to tell: leave its files alone
    return True
