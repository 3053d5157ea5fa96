"""How numbers are shown: short, rounded before the unit is chosen."""

from __future__ import annotations

import pytest

from sim.formatting import calendar, number, pct


@pytest.mark.parametrize(
    ("x", "shown"),
    [
        (59, "59"),
        (0.012, "0.012"),
        (4500, "4,500"),
        (15_000, "15k"),
        (999_880, "1M"),
        (999_999_999, "1B"),
        (-350_100, "-350k"),
        (2.25e9, "2.25B"),
        (1e13, "10T"),
        (float("inf"), "inf"),
    ],
)
def test_number(x, shown):
    assert number(x) == shown


def test_pct_and_calendar():
    assert pct(0.927) == "92.7%" and pct(0.00001) == "under 0.01%" and pct(None) == "n/a"
    assert calendar("2023-05", 1) == "May 2023" and calendar("2023-05", 9) == "Jan 2024"
