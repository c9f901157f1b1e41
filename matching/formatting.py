"""Dutch formatting for the texts a person reads (ZOU-M5: plain, short Dutch).

Money as ``€ 1.234,56`` (whole euros, such as yearly income, as ``€ 51.537``) and dates as
``3 maart 2025``.
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal

__all__ = ["MAANDEN", "format_datum", "format_euro"]

MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

_CENT = Decimal("0.01")


def _groepeer(geheel: int) -> str:
    return f"{geheel:,}".replace(",", ".")


@functools.lru_cache(maxsize=4096, typed=True)
def format_euro(bedrag: Decimal | int) -> str:
    """``Decimal('1234.5')`` -> ``'€ 1.234,50'``; ``51537`` -> ``'€ 51.537'``.

    Cached: a proposal formats the same rent and limits for every kandidaat it examines.
    ``typed`` keeps ``5`` (``'€ 5'``) apart from ``Decimal(5)`` (``'€ 5,00'``), which are equal.
    """
    if isinstance(bedrag, int):
        teken = "-" if bedrag < 0 else ""
        return f"€ {teken}{_groepeer(abs(bedrag))}"
    afgerond = bedrag.quantize(_CENT, rounding=ROUND_HALF_UP)
    teken = "-" if afgerond < 0 else ""
    centen = int(abs(afgerond) * 100)
    euros, rest = divmod(centen, 100)
    return f"€ {teken}{_groepeer(euros)},{rest:02d}"


def format_datum(dag: date) -> str:
    """``date(2025, 3, 3)`` -> ``'3 maart 2025'``."""
    return f"{dag.day} {MAANDEN[dag.month - 1]} {dag.year}"
