"""Deadlines in working days (DRE-O1, DRE-O2): no weekends, no Dutch public holidays.

The holidays come from the ``holidays`` package (its Dutch calendar, any year), not from a
hand-kept table. A deadline runs on the Amsterdam calendar: an offer made on Friday at 10:00
with one working day to answer ends on Monday at 10:00 (Tuesday after Easter Monday).
Whether a region counts working days is its own choice (``termijnen.werkdagen``).
"""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from functools import lru_cache

import holidays

from service.clock import NL

__all__ = ["feestdagen", "is_werkdag", "plus_werkdagen", "termijn_einde"]


@lru_cache(maxsize=32)
def feestdagen(jaar: int) -> frozenset[date]:
    """Dutch public holidays of ``jaar`` (Nieuwjaarsdag, Pasen, Koningsdag, ...)."""
    return frozenset(holidays.country_holidays("NL", years=jaar))


def is_werkdag(dag: date) -> bool:
    return dag.weekday() < 5 and dag not in feestdagen(dag.year)


def plus_werkdagen(dag: date, aantal: int) -> date:
    """The ``aantal``-th working day after ``dag`` (``dag`` itself never counts)."""
    while aantal > 0:
        dag += timedelta(days=1)
        if is_werkdag(dag):
            aantal -= 1
    return dag


def termijn_einde(begin: datetime, dagen: int, *, werkdagen: bool) -> datetime:
    """When a term of ``dagen`` days that starts at ``begin`` ends (a UTC moment)."""
    if begin.tzinfo is None:
        begin = begin.replace(tzinfo=UTC)
    if not werkdagen:
        return (begin + timedelta(days=dagen)).astimezone(UTC)
    lokaal = begin.astimezone(NL)
    einddag = plus_werkdagen(lokaal.date(), dagen)
    return datetime.combine(einddag, lokaal.time(), tzinfo=NL).astimezone(UTC)
