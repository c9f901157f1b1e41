"""The service's notion of now and today (Dutch local date for dates, UTC for moments).

``verzet`` moves the clock for a whole process (``WOONROUTE_VANDAAG`` or ``woonroute demo
--vandaag``), so a demo or an acceptance test can look months ahead: waiting times, deadlines
and signals all follow. Production never sets it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

NL = ZoneInfo("Europe/Amsterdam")
_offset = timedelta(0)


def verzet(naar: date | None) -> None:
    """Let today be ``naar`` (None: the real date again)."""
    global _offset
    _offset = timedelta(0) if naar is None else naar - datetime.now(NL).date()


def nu() -> datetime:
    return datetime.now(UTC) + _offset


def vandaag() -> date:
    return (datetime.now(NL) + _offset).date()
