"""paperkg/cli/progress.py: named phases, plain periodic lines when standard error is not a terminal."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from paperkg.cli.progress import Progress


class FakeClock:
    """Seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def console() -> Console:
    return Console(file=io.StringIO(), width=120)


def lines(console: Console) -> list[str]:
    return console.file.getvalue().splitlines()


def test_plain_lines_every_interval_with_counts_and_rate(console: Console) -> None:
    clock = FakeClock()
    with Progress(console, live=False, interval=10, clock=clock, heartbeat=False) as progress:
        progress.phase("extracting", unit="papers")
        clock.now += 4
        progress.advance(40)  # 4 s in: quiet
        clock.now += 6
        progress.advance(60)  # 10 s in: one line
        clock.now += 5
        progress.advance(50)  # 5 s after the last line: quiet
        clock.now += 1
        progress.phase("writing graph.json")  # closes "extracting", which printed
        clock.now += 3
    assert lines(console) == ["extracting: 100 papers (10.0/s), 10 s", "extracting: done, 150 papers in 16.0 s"]


def test_quick_phases_print_nothing(console: Console) -> None:
    clock = FakeClock()
    with Progress(console, live=False, interval=10, clock=clock, heartbeat=False) as progress:
        for name in ("extracting", "writing graph.json", "writing graph.ttl"):
            progress.phase(name)
            progress.advance(3)
            clock.now += 2
    assert lines(console) == []


def test_a_long_phase_without_counts_shows_it_is_alive(console: Console) -> None:
    """The heartbeat thread calls tick(); here the test calls it, with a fake clock."""
    clock = FakeClock()
    with Progress(console, live=False, interval=15, clock=clock, heartbeat=False) as progress:
        progress.phase("writing graph.ttl")
        for _ in range(4):
            clock.now += 10
            progress.tick()
    assert lines(console) == ["writing graph.ttl: 20 s", "writing graph.ttl: 40 s",
                              "writing graph.ttl: done in 40.0 s"]


def test_interval_zero_names_every_phase_as_it_starts(console: Console) -> None:
    with Progress(console, live=False, interval=0, heartbeat=False) as progress:
        progress.phase("extracting", unit="papers")
        progress.phase("writing graph.json")
    out = lines(console)
    assert out[0] == "extracting ..." and "writing graph.json ..." in out
    assert out.index("writing graph.json ...") > out.index("extracting ...")


def test_disabled_shows_nothing(console: Console) -> None:
    with Progress(console, enabled=False, live=False, interval=0) as progress:
        progress.phase("extracting", unit="papers")
        progress.advance(5)
        progress.tick()
    assert lines(console) == []


def test_on_a_terminal_it_is_a_transient_bar_not_lines() -> None:
    console = Console(file=io.StringIO(), width=120, force_terminal=True)
    with Progress(console, interval=0) as progress:
        assert progress.live
        progress.phase("extracting", unit="papers")
        progress.advance(2)
        progress.phase("writing graph.json")
    assert "extracting ..." not in console.file.getvalue()


def test_the_heartbeat_thread_stops_with_the_block(console: Console) -> None:
    with Progress(console, live=False, interval=30) as progress:
        thread = progress._thread
        assert thread is not None and thread.is_alive()
    assert not thread.is_alive()
