"""The Java side of the tests: build the small Maven modules under ``tests/`` and run them.

``tests/neo4j-server`` is Neo4j 5 Community (the server, and ``neo4j-admin`` as
``org.neo4j.cli.AdminTool``); ``tests/jena`` is Apache Jena's parsers and SHACL validator.
Without Java 17+ or Maven the tests that need them skip, saying so; under
``PAPERKG_LIVE_REQUIRED=1`` (CI) that skip is a failure (``tests/conftest.py``).
"""

from __future__ import annotations

import os
import re
import secrets
import selectors
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import REPO

__all__ = ["classpath", "Server", "neo4j_server", "neo4j_admin", "JenaAnswer", "jena"]

TESTS = REPO / "tests"


@cache
def _java_problem() -> str | None:
    """Why Java or Maven cannot be used here, or None."""
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        return f"{' and '.join(missing)} not on PATH (install Java 17+ and Maven)"
    out = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=60).stderr
    match = re.search(r'version "(\d+)', out)
    if not match or int(match.group(1)) < 17:
        return f"Java 17+ needed, `java -version` says: {out.splitlines()[0] if out else '?'}"
    return None


@cache
def _build(module: str) -> str:
    problem = _java_problem()
    if problem:
        return "skip:" + problem
    proc = subprocess.run([str(TESTS / "build-java"), str(TESTS / module)], capture_output=True, text=True,
                          timeout=1200)
    if proc.returncode:
        return f"skip:`tests/build-java tests/{module}` failed (Maven Central unreachable?):\n{proc.stderr[-3000:]}"
    target = TESTS / module / "target"
    return f"{target / 'classes'}{os.pathsep}{(target / 'classpath.txt').read_text().strip()}"


def classpath(module: str) -> str:
    """The runtime classpath of ``tests/<module>``, built if needed; skips without Java/Maven."""
    result = _build(module)
    if result.startswith("skip:"):
        pytest.skip(result[5:])
    return result


@dataclass
class Server:
    """A running ``paperkg.Neo4jServer`` (user ``neo4j``)."""

    uri: str
    password: str
    process: subprocess.Popen
    user: str = "neo4j"

    def stop(self, timeout: float = 60.0) -> None:
        """Close its standard input (a clean shutdown) and wait for it to exit."""
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)


@contextmanager
def neo4j_server(home: Path | None = None, *, log: Path, timeout: float = 120.0) -> Iterator[Server]:
    """Start Neo4j Community on a free loopback port (in *home* if given), stop it afterwards."""
    cp = classpath("neo4j-server")
    password = secrets.token_hex(12)
    args = ["java", f"@{TESTS / 'neo4j-server' / 'jvm.args'}", "-cp", cp, "paperkg.Neo4jServer",
            *(["--home", str(home)] if home else [])]
    with open(log, "w") as err:
        process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True,
                                   env={**os.environ, "NEO4J_PASSWORD": password})
    server = Server("", password, process)
    try:
        server.uri = _read_uri(process, timeout, log)
        yield server
    finally:
        server.stop()


def _read_uri(process: subprocess.Popen, timeout: float, log: Path) -> str:
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as sel:
        sel.register(process.stdout, selectors.EVENT_READ)
        while (left := deadline - time.monotonic()) > 0:
            if sel.select(left):
                line = process.stdout.readline()
                if line.startswith("NEO4J_URI="):
                    return line.strip().split("=", 1)[1]
                if not line:
                    break
    raise AssertionError(f"Neo4j did not start within {timeout:.0f} s; its log:\n{log.read_text()[-3000:]}")


def neo4j_admin(*args: str, home: Path, cwd: Path, timeout: float = 600.0) -> subprocess.CompletedProcess:
    """Run ``neo4j-admin ARGS`` (``org.neo4j.cli.AdminTool`` from Maven Central) with NEO4J_HOME=*home*."""
    cp = classpath("neo4j-server")
    return subprocess.run(["java", f"@{TESTS / 'neo4j-server' / 'jvm.args'}", "-cp", cp, "org.neo4j.cli.AdminTool",
                           *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, env={**os.environ, "NEO4J_HOME": str(home)})


@dataclass
class JenaAnswer:
    """Jena's answer to one task: a triple count, or SHACL conformance and results, or an error."""

    count: int | None = None
    conforms: bool | None = None
    results: list[dict[str, str]] | None = None
    error: str | None = None


def jena(tasks: list[tuple[str, ...]], timeout: float = 600.0) -> list[JenaAnswer]:
    """Run ``paperkg.JenaCheck`` once over all *tasks* (``("count", LANG, FILE)``, ``("shacl", SHAPES, DATA)``)."""
    cp = classpath("jena")
    lines = "".join("\t".join(map(str, task)) + "\n" for task in tasks)
    proc = subprocess.run(["java", "-Xmx2g", "-cp", cp, "paperkg.JenaCheck"], input=lines, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-3000:]
    answers, current = [], JenaAnswer()
    for line in proc.stdout.splitlines():
        kind, *fields = line.split("\t")
        if kind == "end":
            answers.append(current)
            current = JenaAnswer()
        elif kind == "count":
            current.count = int(fields[0])
        elif kind == "conforms":
            current.conforms, current.results = fields[0] == "true", []
        elif kind == "result":
            keys = ("focus", "path", "component", "severity", "message")
            current.results.append(dict(zip(keys, fields)))
        elif kind == "error":
            current.error = fields[0]
    assert len(answers) == len(tasks), proc.stdout[-2000:] + proc.stderr[-2000:]
    return answers
