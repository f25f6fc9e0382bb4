"""Score numbers as tokens carry them: "66.0", "97.07%", "83.59pm2.11", "0.35/0.40"."""

from __future__ import annotations

import re

__all__ = ["NUMBER_TOKEN", "Number", "parse_number"]

#: A token carrying a score: "66.0", "97.07%", "83.59pm2.11", "\\emph{1.46", "0.35/0.40"; LaTeX writes
#: "0.18\\%" and "0.50\\,m" (a thin space before the unit).
NUMBER_TOKEN = re.compile(r"^(?:\\[a-z]+\{)?(\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?)*)(?:(?:pm|±)\d+(?:\.\d+)?)?"
                          r"(?:\\?(%)|\\,[a-zA-Z]+)?\}?$")


#: A range of two decimals the tokenizer kept as one token ("0.42%-33.75%", "0.42\\%-33.75\\%").
RANGE_TOKEN = re.compile(r"^(\d+\.\d+)(\\?%)?[-–](\d+\.\d+)(\\?%)?$")


def parse_number(text: str) -> tuple[list[float], str] | None:
    """The values and unit of a number token, or None.

    >>> parse_number("83.59pm2.11")
    ([83.59], '')
    >>> parse_number("0.35/0.40")
    ([0.35, 0.4], '')
    >>> parse_number("\\\\emph{1.46")
    ([1.46], '')
    >>> parse_number("0.42%-33.75%")
    ([0.42, 33.75], '%')
    """
    m = NUMBER_TOKEN.match(text)
    if not m:
        r = RANGE_TOKEN.match(text)  # a range written as one token reports both ends: "0.42\\%-33.75\\%"
        return ([float(r.group(1)), float(r.group(3))], "%" if r.group(2) or r.group(4) else "") if r else None
    return [float(v) for v in m.group(1).split("/")], m.group(2) or ""


class Number:
    """A number token's place, values and unit ("97.07%" -> [97.07], "%")."""

    __slots__ = ("start", "end", "values", "unit", "raw")

    def __init__(self, start: int, end: int, values: list[float], unit: str, raw: str) -> None:
        self.start, self.end, self.values, self.unit, self.raw = start, end, values, unit, raw
