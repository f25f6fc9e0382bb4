"""kg/outputs.py: a build's outputs are replaced together, whatever kills the process and wherever."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kg.io import atomic_write
from kg.outputs import JOURNAL, STAGING_PREFIX, recover, replace_together

ROOT = Path(__file__).resolve().parents[2]
FILES = ("graph.json", "graph.ttl", "graph.html", "graph/nodes_Paper.csv", "graph/rels_CITES.csv")

# Writes one output set, every file holding LABEL, and SIGKILLs itself just before the KILL_AT-th
# rename (os.replace: the atomic writes in the staging directory, the journal, then the swap) or,
# with KILL_AT 0, in the middle of an atomic write straight into OUT.
_WRITER = """
import os, signal, sys
from pathlib import Path
from kg.io import atomic_write
from kg.outputs import replace_together

out, label, kill_at = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
real_replace, calls = os.replace, [0]

def replace(src, dst):
    calls[0] += 1
    if calls[0] == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(src, dst)

os.replace = replace
if kill_at == 0:
    with atomic_write(out / "graph.json") as fh:
        fh.write(label * 1000)
        fh.flush()
        os.kill(os.getpid(), signal.SIGKILL)
with replace_together(out) as stage:
    for name in %r:
        with atomic_write(stage / name) as fh:
            fh.write(label * 1000)
print(calls[0])
""" % (FILES,)


def write_set(out: Path, label: str, kill_at: int = -1) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _WRITER, str(out), label, str(kill_at)], cwd=ROOT,
                          capture_output=True, text=True)


def labels(out: Path) -> set[str]:
    """The labels the output files hold: one label means a consistent set."""
    return {(out / name).read_text(encoding="utf-8")[:1] for name in FILES}


def litter(out: Path) -> list[str]:
    return sorted(p.name for p in out.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(STAGING_PREFIX)
                  or p.name == JOURNAL)


def test_outputs_appear_together(tmp_path: Path) -> None:
    done = write_set(tmp_path, "A")
    assert done.returncode == 0, done.stderr
    assert labels(tmp_path) == {"A"} and litter(tmp_path) == []
    assert write_set(tmp_path, "B").returncode == 0
    assert labels(tmp_path) == {"B"} and litter(tmp_path) == []


def test_a_kill_at_any_rename_leaves_the_old_set_or_the_new_one(tmp_path: Path) -> None:
    write_set(tmp_path / "count", "A")
    renames = int(write_set(tmp_path / "count", "B").stdout)
    journal = len(FILES) + 1  # renames: one per staged file, then the journal's,
    assert renames == journal + 4 + 1  # then the 4 names of the set swapped in, the old graph/ moved aside first
    for kill_at in range(1, renames + 1):
        out = tmp_path / str(kill_at)
        assert write_set(out, "A").returncode == 0
        killed = write_set(out, "B", kill_at)
        assert killed.returncode == -signal.SIGKILL, (kill_at, killed.stderr)
        assert litter(out)  # the kill left something to clean up
        if kill_at <= journal:  # before the journal is in place, OUT still holds the old set, as it was
            assert labels(out) == {"A"}, kill_at
        recover(out)
        assert labels(out) == ({"A"} if kill_at <= journal else {"B"}), kill_at
        assert litter(out) == [], kill_at


def test_a_temporary_file_of_a_killed_writer_is_removed_by_the_next_run(tmp_path: Path) -> None:
    assert write_set(tmp_path, "A").returncode == 0
    assert write_set(tmp_path, "B", 0).returncode == -signal.SIGKILL
    assert len(litter(tmp_path)) == 1 and labels(tmp_path) == {"A"}
    assert write_set(tmp_path, "C").returncode == 0  # the next run cleans up first
    assert labels(tmp_path) == {"C"} and litter(tmp_path) == []


def test_a_full_disk_keeps_the_previous_outputs(tmp_path: Path) -> None:
    assert write_set(tmp_path, "A").returncode == 0
    with pytest.raises(OSError) as info:
        with replace_together(tmp_path) as stage:
            (stage / "graph.json").write_text("B" * 1000, encoding="utf-8")
            with atomic_write(stage / "graph.ttl") as fh:
                fh.write("B")
                raise OSError(errno.ENOSPC, "No space left on device")
    assert info.value.errno == errno.ENOSPC
    assert labels(tmp_path) == {"A"} and litter(tmp_path) == []


def test_recover_keeps_what_a_running_process_owns(tmp_path: Path) -> None:
    mine = tmp_path / f"{STAGING_PREFIX}{os.getpid()}"
    mine.mkdir()
    (tmp_path / f".graph.json.{os.getppid()}.abcdefgh.tmp").write_text("x")
    (tmp_path / ".graph.json.abcdefgh.tmp").write_text("x")  # no pid: written before pids were recorded
    gone = tmp_path / f"{STAGING_PREFIX}notapid"
    gone.mkdir()
    done = recover(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, f".graph.json.{os.getppid()}.abcdefgh.tmp"])
    assert len(done) == 2


def test_an_unreadable_journal_is_dropped(tmp_path: Path) -> None:
    (tmp_path / "graph.json").write_text("A")
    (tmp_path / JOURNAL).write_text(json.dumps({"outputs": ["graph.json"]}))
    assert recover(tmp_path) == [f"removed an unreadable {JOURNAL}"]
    assert (tmp_path / "graph.json").read_text() == "A" and not (tmp_path / JOURNAL).exists()


def test_recover_of_a_missing_directory_does_nothing(tmp_path: Path) -> None:
    assert recover(tmp_path / "nothing") == []
