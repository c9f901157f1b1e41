"""Alembic migrations build exactly the schema the models describe (SQLite and PostgreSQL)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import service.models  # noqa: F401
from service import testdb


def test_migrated_schema_equals_models(app):
    # The session app was built from an empty database by `alembic upgrade head` at start-up.
    with app.state.engine.connect() as conn:
        opts = {
            "compare_type": True,
            # The marker table of service.testdb is the test run's, not the service's.
            "include_name": lambda name, kind, _parent: (
                not (kind == "table" and name == testdb.MARKER)
            ),
        }
        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), SQLModel.metadata)
    assert diff == []


def test_guarantee_indexes_exist(app):
    """The database, not only Python, holds the one-of-a-kind guarantees (STANDARDS reliability)."""
    insp = inspect(app.state.engine)
    aanbieding = {ix["name"]: ix for ix in insp.get_indexes("aanbieding")}
    assert aanbieding["uq_aanbieding_lopend_kandidaat"]["unique"]
    assert aanbieding["uq_aanbieding_lopend_woning"]["unique"]
    plaatsing = {ix["name"]: ix for ix in insp.get_indexes("plaatsing")}
    assert plaatsing["uq_plaatsing_actief_woning"]["unique"]
    uniques = {uc["name"] for uc in insp.get_unique_constraints("plaatsing")}
    assert {"uq_plaatsing_kandidaat", "uq_plaatsing_aanbieding"} <= uniques


def test_sqlite_runs_in_wal_mode(app):
    if app.state.engine.dialect.name != "sqlite":
        return
    with app.state.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
