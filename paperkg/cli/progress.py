"""Progress on standard error: a live bar on a terminal, plain periodic lines otherwise.

A long command goes through named phases ("extracting", "writing graph.ttl");
:class:`Progress` shows the current one. On a terminal that is a Rich
progress bar that disappears when done. When standard error is a file or a
pipe (a CI log, ``2> build.log``, a batch job), it is one plain line per phase
every :data:`PLAIN_INTERVAL` seconds, and a closing line for each phase that
printed any: short commands stay silent, a build of hours shows it is alive.

>>> import io
>>> from rich.console import Console
>>> console = Console(file=io.StringIO(), width=100)
>>> clock = iter([0.0, 2.0, 4.0, 4.5, 5.0]).__next__  # seconds, as time.monotonic would give them
>>> with Progress(console, live=False, interval=1, clock=clock, heartbeat=False) as progress:
...     progress.phase("extracting", unit="papers")
...     progress.advance(10); progress.advance(10)
...     progress.phase("writing graph.json")
>>> print(console.file.getvalue().rstrip())
extracting: 10 papers (5.0/s), 2 s
extracting: 20 papers (5.0/s), 4 s
extracting: done, 20 papers in 4.5 s
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

__all__ = ["PLAIN_INTERVAL", "Progress"]

#: Seconds between two plain progress lines (0 prints one per event: tests).
PLAIN_INTERVAL = 15.0


class Progress:
    """Named phases with optional counts, shown on *console* (standard error).

    Parameters
    ----------
    console
        Where to show progress (the CLI's ``err_console``).
    enabled
        False shows nothing (``--quiet``).
    live
        A Rich progress bar (default: when *console* is a terminal) or plain lines.
    interval
        Seconds between plain lines (default :data:`PLAIN_INTERVAL`).
    clock
        The time source (tests pass a fake one).
    heartbeat
        Plain lines also between events, from a background thread (off with a fake *clock*).
    """

    def __init__(self, console: Console, *, enabled: bool = True, live: bool | None = None,
                 interval: float | None = None, clock: Callable[[], float] = time.monotonic,
                 heartbeat: bool = True) -> None:
        self.console = console
        self.enabled = enabled
        self.live = console.is_terminal if live is None else live
        self.interval = PLAIN_INTERVAL if interval is None else interval
        self.clock = clock
        self.heartbeat = heartbeat
        self.name: str | None = None
        self.unit = ""
        self.total: int | None = None
        self.done = 0
        self.started = self.last_line = 0.0
        self.printed = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._bar: RichProgress | None = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if not self.enabled:
            return self
        if self.live:
            self._bar = RichProgress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                     TextColumn("{task.fields[count]}"), TimeElapsedColumn(),
                                     console=self.console, transient=True)
            self._bar.__enter__()
        elif self.heartbeat and self.interval > 0:  # a heartbeat for phases without counts (writing a big file)
            self._thread = threading.Thread(target=self._beat, name="kg-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if not self.enabled:
            return
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._bar is not None:
            self._bar.__exit__(*exc)
        elif exc[0] is None:
            with self._lock:
                self._close_phase()

    def phase(self, name: str, total: int | None = None, unit: str = "") -> None:
        """Start phase *name* (ending the one before), counting *total* *unit* when known."""
        if not self.enabled:
            return
        with self._lock:
            if self._bar is not None:
                if self._task is not None:
                    self._bar.update(self._task, visible=False)
                self._task = self._bar.add_task(name, total=total, count="")
            else:
                self._close_phase()
            self.name, self.total, self.unit, self.done = name, total, unit, 0
            self.started = self.last_line = self.clock()
            self.printed = False
            if self._bar is None and self.interval <= 0:
                self._line(f"{name} ...")

    def advance(self, n: int = 1) -> None:
        """Count *n* more units of the current phase."""
        if not self.enabled or self.name is None:
            return
        with self._lock:
            self.done += n
            if self._bar is not None:
                self._bar.update(self._task, advance=n, count=self._count())
            else:
                self._tick()

    def tick(self) -> None:
        """Print a plain line if the interval has passed (the heartbeat calls this every second)."""
        with self._lock:
            self._tick()

    def _beat(self) -> None:
        while not self._stop.wait(min(1.0, self.interval)):
            self.tick()

    def _count(self) -> str:
        if not self.unit:
            return ""
        done = f"{self.done:,}/{self.total:,}" if self.total is not None else f"{self.done:,}"
        return f"{done} {self.unit}"

    def _tick(self) -> None:
        if self._bar is not None or self.name is None:
            return
        now = self.clock()
        if now - self.last_line < self.interval:
            return
        elapsed = now - self.started
        if self.unit:
            rate = f" ({self.done / elapsed:,.1f}/s)" if elapsed > 0 and self.done else ""
            self._line(f"{self.name}: {self._count()}{rate}, {elapsed:.0f} s")
        else:
            self._line(f"{self.name}: {elapsed:.0f} s")
        self.last_line = now

    def _close_phase(self) -> None:
        if self.name is not None and self.printed:
            counted = f", {self._count()}" if self.unit else ""
            self._line(f"{self.name}: done{counted} in {self.clock() - self.started:.1f} s")
        self.name = None

    def _line(self, text: str) -> None:
        self.console.print(text, markup=False, highlight=False, soft_wrap=True)
        self.printed = True
