"""Score numbers as tokens carry them: "66.0", "97.07%", "83.59pm2.11", "0.35/0.40"."""

from __future__ import annotations

import re

__all__ = ["NUMBER_TOKEN", "Number", "parse_number"]

#: A token carrying a score: "66.0", "97.07%", "83.59pm2.11", "\\emph{1.46", "0.35/0.40"; LaTeX writes
#: "0.18\\%" and "0.50\\,m" (a thin space before the unit).
NUMBER_TOKEN = re.compile(r"^(?:\\[a-z]+\{)?(\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?)*)(?:(?:pm|±)\d+(?:\.\d+)?)?"
                          r"(?:\\?(%)|\\,[a-zA-Z]+)?\}?$")


def parse_number(text: str) -> tuple[list[float], str] | None:
    """The values and unit of a number token, or None.

    >>> parse_number("83.59pm2.11")
    ([83.59], '')
    >>> parse_number("0.35/0.40")
    ([0.35, 0.4], '')
    >>> parse_number("\\\\emph{1.46")
    ([1.46], '')
    """
    m = NUMBER_TOKEN.match(text)
    if not m:
        return None
    return [float(v) for v in m.group(1).split("/")], m.group(2) or ""


class Number:
    """A number token's place, values and unit ("97.07%" -> [97.07], "%")."""

    __slots__ = ("start", "end", "values", "unit", "raw")

    def __init__(self, start: int, end: int, values: list[float], unit: str, raw: str) -> None:
        self.start, self.end, self.values, self.unit, self.raw = start, end, values, unit, raw
