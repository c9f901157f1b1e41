"""Databases handed to the tests and the benchmarks: emptied only when they are ours.

The test suite and the benchmarks wipe the database they are given. They take it only from an
explicit setting (``WOONROUTE_TEST_DATABASE_URL``, a benchmark's ``--database-url``), never from
``DATABASE_URL``, and before wiping they check that the database is empty or carries the marker
table that an earlier run of theirs created. A database with other tables is refused with a
message that says what to do: a service's data is never dropped by a test run.

The tests then start every test from one template: the migrated database with the region's
organisations, the generated secret and the test keys (:func:`sjabloon`). The template is kept as
its rows and put back in place, in one transaction, on SQLite and PostgreSQL alike: measured on
the shared machine that is cheaper than emptying every table was, and a template database per
test (``CREATE DATABASE ... TEMPLATE``, a copied SQLite file) costs more (README, testing).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy import MetaData
from sqlalchemy import Table
from sqlalchemy import create_engine
from sqlalchemy import delete
from sqlalchemy import insert
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy import text
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


def sjabloon(engine: Engine, metadata: MetaData) -> Callable[[], None]:
    """Take the database's present state as the template and return the function that puts it
    back. The database must be one :func:`maak_leeg` prepared (it carries the marker). Only
    tables in ``metadata`` are put back; Alembic's version table and the marker stay as they are.
    Sequences run on: ids a test was given are not given again."""
    with engine.connect() as conn:
        if MARKER not in inspect(conn).get_table_names():
            raise VreemdeDatabank(
                f"Database {engine.url.render_as_string(hide_password=True)} has no table "
                f"{MARKER}: only a database that maak_leeg prepared serves as a template."
            )
    return _Rijensjabloon(engine, metadata).terug


class _Rijensjabloon:
    """The rows of every table as they are now, put back in one transaction after emptying the
    tables that hold anything (found in one query)."""

    def __init__(self, engine: Engine, metadata: MetaData) -> None:
        self.engine = engine
        self.tabellen = list(metadata.sorted_tables)
        with engine.connect() as conn:
            rijen = {t: [dict(r._mapping) for r in conn.execute(select(t))] for t in self.tabellen}
        self.rijen: dict[Table, list[dict[str, Any]]] = {t: r for t, r in rijen.items() if r}
        self.gevuld = text(
            " UNION ALL ".join(
                f"SELECT {i} WHERE EXISTS (SELECT 1 FROM {engine.dialect.identifier_preparer.format_table(t)})"
                for i, t in enumerate(self.tabellen)
            )
        )

    def terug(self) -> None:
        with self.engine.begin() as conn:
            gevuld = {self.tabellen[i] for i in conn.execute(self.gevuld).scalars()}
            for tabel in reversed(self.tabellen):
                if tabel in gevuld:
                    conn.execute(delete(tabel))
            for tabel, rijen in self.rijen.items():
                conn.execute(insert(tabel), rijen)


__all__ = ["MARKER", "SETTING", "VreemdeDatabank", "engine_url", "maak_leeg", "sjabloon"]
