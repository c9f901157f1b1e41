"""The service's notion of now and today (Dutch local date for dates, UTC for moments)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

NL = ZoneInfo("Europe/Amsterdam")


def nu() -> datetime:
    return datetime.now(UTC)


def vandaag() -> date:
    return datetime.now(NL).date()
