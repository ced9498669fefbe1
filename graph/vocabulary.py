"""Controlled vocabularies kept as data (``seed/lookups/*.csv``): countries, exchanges, roles.

The schema fixes the *kinds* of things (node types, relation kinds); these lookups fix the
categorical *values* an analyst may use, so adding an exchange is a one-line data change.

Examples
--------
>>> vocab = Vocabulary(countries={"CN": "China"}, exchanges={"SSE": r"^(60|68)\\d{4}$"},
...                    roles={"foundry"}, source_kinds={"filing"}, region_kinds={"city"})
>>> vocab.ticker_problem("SSE", "688981") is None
True
>>> vocab.ticker_problem("SSE", "0981")
"ticker '0981' does not fit SSE's format ^(60|68)\\\\d{4}$"
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Vocabulary:
    countries: dict[str, str]
    exchanges: dict[str, str]  # exchange code -> ticker regex
    roles: set[str]
    source_kinds: set[str]
    region_kinds: set[str]
    _compiled: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)

    def ticker_problem(self, exchange: str, ticker: str) -> str | None:
        """Why ``ticker`` is not a valid ticker of ``exchange``, or None when it is."""
        if exchange not in self.exchanges:
            return f"unknown exchange {exchange!r}; use one of {', '.join(sorted(self.exchanges))}"
        pattern = self._compiled.get(exchange)
        if pattern is None:
            pattern = self._compiled[exchange] = re.compile(self.exchanges[exchange])
        if not pattern.fullmatch(ticker):
            return f"ticker {ticker!r} does not fit {exchange}'s format {self.exchanges[exchange]}"
        return None
