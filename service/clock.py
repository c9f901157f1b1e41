"""The service's one clock. The rule for every date and moment in woonroute:

- a **moment** (``aangemaaktOp``, deadlines, audit times) is stored and shown in UTC and comes
  from ``nu()``;
- a **date** (``vandaag()``, aanmelddatum, month and year buckets, contract dates) is the
  calendar date in **Europe/Amsterdam**; a date derived from a stored moment goes through
  ``datum_van()``, never ``moment.date()`` (that is the UTC date, a day off around midnight).

``verzet`` fixes *today* for a whole process (``WOONROUTE_VANDAAG`` or ``woonroute demo
--vandaag``): a date, not an offset, so today does not move when the real clock passes
midnight. The time of day keeps running, and every moment the service writes lies on that
fixed day in Amsterdam, so ``datum_van(nu()) == vandaag()`` always holds. Production never
sets it.
"""

from __future__ import annotations

import calendar
from datetime import UTC
from datetime import date
from datetime import datetime
from zoneinfo import ZoneInfo

NL = ZoneInfo("Europe/Amsterdam")
_vast: date | None = None


def verzet(naar: date | None) -> None:
    """Let today be ``naar`` (None: the real date again)."""
    global _vast
    _vast = naar


def _echt() -> datetime:
    """The real wall clock in Amsterdam (tests replace this one function)."""
    return datetime.now(NL)


def nu() -> datetime:
    """Now, as an aware UTC moment on the service's day (see ``verzet``)."""
    echt = _echt()
    if _vast is None:
        return echt.astimezone(UTC)
    return datetime.combine(_vast, echt.time(), tzinfo=NL).astimezone(UTC)


def vandaag() -> date:
    """Today's date in Amsterdam (the fixed date when ``verzet`` set one)."""
    return _vast if _vast is not None else _echt().date()


def datum_van(moment: datetime) -> date:
    """The Amsterdam calendar date of a stored moment (naive moments are UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(NL).date()


def plus_maanden(dag: date, maanden: int) -> date:
    """``dag`` plus whole calendar months (negative: back); a day past the month's end becomes
    that month's last day (31 May minus 3 months is 28 February)."""
    index = dag.year * 12 + dag.month - 1 + maanden
    jaar, maand = divmod(index, 12)
    return date(jaar, maand + 1, min(dag.day, calendar.monthrange(jaar, maand + 1)[1]))
