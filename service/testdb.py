"""Databases handed to the tests and the benchmarks: emptied only when they are ours.

The test suite and the benchmarks wipe the database they are given. They take it only from an
explicit setting (``WOONROUTE_TEST_DATABASE_URL``, a benchmark's ``--database-url``), never from
``DATABASE_URL``, and before wiping they check that the database is empty or carries the marker
table that an earlier run of theirs created. A database with other tables is refused with a
message that says what to do: a service's data is never dropped by a test run.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

#: Created in every database the tests or benchmarks prepare; its presence means "ours to wipe".
MARKER = "woonroute_testdatabank"
SETTING = "WOONROUTE_TEST_DATABASE_URL"


class VreemdeDatabank(RuntimeError):
    """The database holds tables that no test or benchmark run created."""


def engine_url(url: str) -> str:
    """``postgres://`` and ``postgresql://`` as the psycopg 3 driver URL SQLAlchemy needs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _weiger(url: str, tabellen: set[str]) -> VreemdeDatabank:
    voorbeeld = ", ".join(sorted(tabellen)[:5])
    return VreemdeDatabank(
        f"Database {make_url(url).render_as_string(hide_password=True)} holds tables "
        f"({voorbeeld}{', ...' if len(tabellen) > 5 else ''}) that no test run created "
        f"(no table {MARKER}). Tests and benchmarks empty the database they are given, so "
        f"they refuse this one. Give them an empty database of their own, e.g. "
        f"`createdb woonroute_test` and {SETTING}=postgresql://USER@HOST:5432/woonroute_test."
    )


def maak_leeg(url: str) -> None:
    """Empty the database at ``url`` for a run, if it is empty or marked as ours; then mark it.

    PostgreSQL: the ``public`` schema is dropped and created again. SQLite: the file is removed.
    Raises :class:`VreemdeDatabank` for a database holding anything else.
    """
    url = engine_url(url)
    if url.startswith("sqlite"):
        _maak_sqlite_leeg(url)
        return
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            objecten = set(
                conn.execute(
                    text(
                        "SELECT c.relname FROM pg_class c "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
                    )
                ).scalars()
            )
            if objecten and MARKER not in objecten:
                raise _weiger(url, objecten)
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
            conn.execute(text(f"CREATE TABLE {MARKER} (aangemaakt_op TIMESTAMP)"))
    finally:
        engine.dispose()


def _maak_sqlite_leeg(url: str) -> None:
    database = make_url(url).database
    if not database or database == ":memory:":
        return
    path = Path(database)
    if path.exists():
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                tabellen = set(inspect(conn).get_table_names())
        finally:
            engine.dispose()
        if tabellen and MARKER not in tabellen:
            raise _weiger(url, tabellen)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(f"CREATE TABLE {MARKER} (aangemaakt_op TIMESTAMP)"))
    finally:
        engine.dispose()


__all__ = ["MARKER", "SETTING", "VreemdeDatabank", "engine_url", "maak_leeg"]
