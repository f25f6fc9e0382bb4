"""Reading a Cypher query's text: the column names its ``RETURN`` gives, as Neo4j names them.

Neo4j names a column by its alias, or else by the expression exactly as
written (``count(r)``, ``m.name``). The embedded engine names unaliased
columns by its own rewriting (``COUNT(r._ID)``); :func:`return_columns` lets
it answer with Neo4j's names.

>>> return_columns("MATCH (p)-[r:USES]->(m) RETURN count(r), m.name AS method ORDER BY count(r) DESC")
['count(r)', 'method']
>>> return_columns("MATCH (n) RETURN DISTINCT n.name, {a: 1, b: [2, 3]}, 'x, y' AS `odd, name` LIMIT 5")
['n.name', '{a: 1, b: [2, 3]}', 'odd, name']
>>> return_columns("MATCH (n) RETURN *") is None
True
"""

from __future__ import annotations

import re

__all__ = ["return_columns"]

_OPEN, _CLOSE = "([{", ")]}"
_QUOTES = "'\"`"
_ENDS = re.compile(r"(ORDER\s+BY|SKIP|LIMIT|UNION|;)\b|;", re.I)
_ALIAS = re.compile(r"^(.*?)\s+AS\s+(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)$", re.I | re.S)


def _kinds(text: str) -> list[str]:
    """Per character of *text*: "c" code, "q" inside a string or quoted name, "m" inside a comment."""
    kinds, quote, i = ["c"] * len(text), "", 0
    while i < len(text):
        ch = text[i]
        if quote:
            kinds[i] = "q"
            if ch == "\\" and quote != "`":
                kinds[i + 1:i + 2] = ["q"] * len(kinds[i + 1:i + 2])
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in _QUOTES:
            quote, kinds[i] = ch, "q"
        elif text.startswith("//", i) or text.startswith("/*", i):
            end = text.find("\n", i) if text[i + 1] == "/" else text.find("*/", i + 2) + 2
            end = len(text) if end < 2 or end < i else end
            kinds[i:end] = ["m"] * (end - i)
            i = end
            continue
        i += 1
    return kinds


def _top_level(text: str, kinds: list[str]) -> list[tuple[int, str]]:
    """(position, character) of every character of code outside brackets (comments count as blanks)."""
    out: list[tuple[int, str]] = []
    depth = 0
    for i, (ch, kind) in enumerate(zip(text, kinds)):
        if kind == "q":
            continue
        if kind == "m":
            ch = " "
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
        elif depth == 0:
            out.append((i, ch))
    return out


def _keyword_at(text: str, top: set[int], pattern: re.Pattern[str], start: int = 0) -> list[re.Match[str]]:
    return [m for m in pattern.finditer(text, start) if m.start() in top
            and (m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"))]


def return_columns(query: str) -> list[str] | None:
    """The column names of *query*'s last top-level ``RETURN``, or None when they cannot be told (``*``, none)."""
    kinds = _kinds(query)
    query = "".join(" " if kind == "m" else ch for ch, kind in zip(query, kinds))  # comments blanked out
    positions = _top_level(query, kinds)
    top = {i for i, _ in positions}
    returns = _keyword_at(query, top, re.compile(r"RETURN\b", re.I))
    if not returns:
        return None
    start = returns[-1].end()
    distinct = re.match(r"\s+DISTINCT\b", query[start:], re.I)
    if distinct:
        start += distinct.end()
    ends = _keyword_at(query, top, _ENDS, start)
    stop = ends[0].start() if ends else len(query)
    commas = [i for i, ch in positions if ch == "," and start <= i < stop]
    items, begin = [], start
    for comma in [*commas, stop]:
        items.append(query[begin:comma].strip())
        begin = comma + 1
    names = []
    for item in items:
        if not item or item == "*":
            return None
        alias = _ALIAS.match(item)
        name = alias.group(2).strip("`") if alias else " ".join(item.split())
        names.append(name)
    return names
