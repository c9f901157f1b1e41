"""The PostgreSQL database a benchmark runs on: named by ``--database-url`` (or the setting
``WOONROUTE_BENCH_DATABASE_URL``), never hard-coded, and emptied only when it is empty or an
earlier test or benchmark run marked it as its own (``service.testdb``)."""

from __future__ import annotations

import argparse
import os

SETTING = "WOONROUTE_BENCH_DATABASE_URL"


def add_argument(ap: argparse.ArgumentParser) -> None:
    ap.add_argument(
        "--database-url",
        default=os.environ.get(SETTING),
        help=(
            "PostgreSQL database this run may empty (postgresql://USER@HOST:PORT/NAME); it must be "
            f"empty or made by an earlier run. Default: ${SETTING}; without it PostgreSQL is skipped."
        ),
    )


def prepare(url: str | None) -> str | None:
    """Empty the benchmark's database; returns why PostgreSQL is skipped, or None."""
    from sqlalchemy.exc import OperationalError

    from service import testdb

    if not url:
        return f"no --database-url (or {SETTING}) given"
    try:
        testdb.maak_leeg(url)
    except testdb.VreemdeDatabank as exc:
        raise SystemExit(str(exc)) from None
    except OperationalError as exc:
        return f"PostgreSQL not reachable: {str(exc.orig).strip().splitlines()[0]}"
    return None
