"""docker-compose.yml: a Neo4j that starts whatever .env holds, and docs that say which Compose reads it."""

from __future__ import annotations

import re

from tests.conftest import REPO

COMPOSE = (REPO / "docker-compose.yml").read_text(encoding="utf-8")


def _setting(name: str) -> str:
    match = re.search(rf"^\s+{name}:\s*(.+?)\s*$", COMPOSE, re.M)
    assert match, f"docker-compose.yml sets no {name}"
    return match.group(1).strip('"')


def test_the_admin_user_is_always_neo4j() -> None:
    """The neo4j image refuses NEO4J_AUTH for any user but neo4j: a NEO4J_USER from .env must not reach it."""
    auth = _setting("NEO4J_AUTH")
    assert auth.startswith("neo4j/${NEO4J_PASSWORD:?"), auth
    assert "NEO4J_USER" not in auth


def test_the_file_and_the_docs_say_compose_v2() -> None:
    assert re.search(r"^name: ", COMPOSE, re.M)  # top-level name: Compose v2 only
    for text in (COMPOSE, (REPO / "docs" / "neo4j.md").read_text(encoding="utf-8"),
                 (REPO / "README.md").read_text(encoding="utf-8")):
        assert "Compose v2" in text
