"""Option types the CLI shares: finite numbers, ``NAME=FACTOR`` pairs and the caps on costly options.

click's ``FloatRange`` lets ``nan`` through (every comparison with it is false) and ``inf``
through an open top, so numbers from the command line go through :class:`FiniteFloat`.

Examples
--------
>>> FiniteFloat(min=0).convert("0.02", None, None)
0.02
>>> FiniteFloat(min=0).convert("nan", None, None)
Traceback (most recent call last):
...
click.exceptions.BadParameter: 'nan' is not a finite number.
>>> NameFactor().convert("capex:acme-fy2025=1.2", None, None)
('capex:acme-fy2025', 1.2)
"""

from __future__ import annotations

import math
from typing import Any

import click

# 1,000 draws take ~1 s on the real seed (bench: <= 10 s); 10,000 is a long but finite wait
MAX_SAMPLES = 10_000
SEED_RANGE = click.IntRange(0, 2**32 - 1)  # numpy's seeds
SAMPLES_RANGE = click.IntRange(0, MAX_SAMPLES)
COUNT_RANGE = click.IntRange(min=0)  # --top: 0 for all


class FiniteFloat(click.ParamType):
    """A finite float, at least ``min`` when given."""

    name = "number"

    def __init__(self, min: float | None = None) -> None:
        self.min = min

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number.", param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        if self.min is not None and number < self.min:
            self.fail(f"{value!r} is below {self.min:g}.", param, ctx)
        return number


class NameFactor(click.ParamType):
    """``NAME=FACTOR`` with FACTOR a finite number >= 0 (the name may itself hold ``=``)."""

    name = "NAME=FACTOR"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, float]:
        if isinstance(value, tuple):
            return value
        name, sep, factor = str(value).rpartition("=")
        if not sep or not name:
            self.fail(f"{value!r} is not NAME=FACTOR (e.g. microsoft-fy2025=1.2)", param, ctx)
        try:
            return name, FiniteFloat(min=0).convert(factor, param, ctx)
        except click.BadParameter as exc:
            self.fail(f"{value!r}: the factor {exc.message[0].lower()}{exc.message[1:]}", param, ctx)
