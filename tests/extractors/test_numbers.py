"""Score numbers as tokens carry them (extractors/numbers.py)."""

from __future__ import annotations

import pytest

from extractors.numbers import Number, parse_number


@pytest.mark.parametrize("text, parsed", [("97.07%", ([97.07], "%")), ("0.35/0.40", ([0.35, 0.4], "")),
                                          ("AP", None), ("83.59pm2.11", ([83.59], "")), ("71.2±0.3%", ([71.2], "%")),
                                          ("\\textbf{46.5", ([46.5], "")), ("v2", None), ("12.", None),
                                          ("0.18\\%", ([0.18], "%")), ("0.50\\,m", ([0.5], "")),
                                          ("1.25%-40.50%", ([1.25, 40.5], "%")), ("0.3\\%-7.9\\%", ([0.3, 7.9], "%")),
                                          ("2-3", None)])
def test_parse_number(text, parsed):
    assert parse_number(text) == parsed


def test_a_number_keeps_its_place_values_and_unit():
    number = Number(3, 4, [97.07], "%", "97.07%")
    assert (number.start, number.end, number.values, number.unit, number.raw) == (3, 4, [97.07], "%", "97.07%")
    with pytest.raises(AttributeError):
        number.other = 1  # slots: a result finder makes thousands of these per long abstract
