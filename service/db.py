"""Engine, sessions and schema migration.

SQLite (the embedded default) runs in WAL mode with a busy timeout, and write transactions
start with ``BEGIN IMMEDIATE`` so concurrent writers queue on the lock instead of failing
halfway with "database is locked". Read-only requests use a deferred ``BEGIN`` so readers
never wait for writers. PostgreSQL is used when ``DATABASE_URL`` points at one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

try:
    import fcntl
except ImportError:  # not POSIX (the migration lock is then one process's own)
    fcntl = None  # type: ignore[assignment]

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy import Engine
from sqlalchemy import Table
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import insert
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.sql.schema import ScalarElementColumnDefault
from sqlmodel import Session

if TYPE_CHECKING:
    from service.regio import Regio

MIGRATIONS = Path(__file__).parent / "migrations"


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            hide_parameters=True,  # errors in the logs never carry the values (personal data)
            pool_size=8,
            max_overflow=8,
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(
        url, pool_pre_ping=True, pool_size=10, max_overflow=10, hide_parameters=True
    )


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy, not pysqlite, decide when a transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # ``engine.execution_options(alleen_lezen=True)`` serves GET requests.
        read_only = connection.get_execution_options().get("alleen_lezen", False)
        # Straight on the driver: this runs for every transaction, and SQLAlchemy's statement
        # machinery costs more than the BEGIN itself.
        driver = connection.connection.driver_connection
        assert driver is not None  # a connection that begins a transaction is checked out
        driver.execute("BEGIN" if read_only else "BEGIN IMMEDIATE")


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser interpolates "%": a URL with %-escapes (a password, options) must double it.
    url = engine.url.render_as_string(hide_password=False).replace("%", "%%")
    cfg.set_main_option("sqlalchemy.url", url)
    cfg.attributes["engine"] = engine
    return cfg


#: Key of the PostgreSQL advisory lock held while migrating ("woonrout" in ASCII).
MIGRATIE_SLOT = 0x776F6F6E726F7574


def migrate(engine: Engine) -> None:
    """Bring the schema up to date (Alembic ``upgrade head``), one process at a time.

    N processes starting together (``serve --workers N``, replicas) never race: on PostgreSQL
    the upgrade runs under a session advisory lock, on SQLite under an exclusive lock on a file
    beside the database. The second process waits, then finds the schema at head.
    """
    with migratieslot(engine):
        command.upgrade(alembic_config(engine), "head")


@contextmanager
def migratieslot(engine: Engine) -> Iterator[None]:
    """One process at a time: around the migration, and around the start-up's seeding of the
    region's organisations and the generated secret (which N processes would otherwise insert
    together on an empty database)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATIE_SLOT})")
            conn.commit()
            try:
                yield
            finally:
                conn.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATIE_SLOT})")
                conn.commit()
        return
    database = engine.url.database
    if not is_sqlite(engine) or not database or database == ":memory:":
        yield
        return
    if fcntl is None:  # not POSIX: one process, as on a developer's machine
        yield
        return

    with open(f"{database}.migratie.lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def schema_revisie(engine: Engine) -> str | None:
    """The revision the database is at (None: never migrated)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revisie() -> str | None:
    """The newest revision this code ships."""
    return ScriptDirectory.from_config(alembic_config_zonder_engine()).get_current_head()


def alembic_config_zonder_engine() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


#: ``Session.info`` key of the region a session works for (``service.regio.regio_van``).
REGIO = "regio"


@contextmanager
def session_scope(engine: Engine, regio: Regio | None = None) -> Iterator[Session]:
    """A session for scripts and jobs: commit on success, roll back on error. Work that reads
    the region's rules passes the ``regio`` it runs for."""
    info = {REGIO: regio} if regio is not None else {}
    with Session(engine, expire_on_commit=False, info=info) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def snel_invoegen(
    conn: Connection,
    table: Table,
    rows: list[dict[str, Any]],
    vast: dict[str, Any] | None = None,
) -> None:
    """``conn.execute(insert(table), rows)`` for many rows of the same keys, with the column
    types' bind processing done in one tight loop and the rows handed to the driver's
    ``executemany`` at once: SQLAlchemy's per-row parameter handling is most of the cost of a
    large insert (the waiting-list import). ``vast``: columns with the same value in every
    row, converted once."""
    if not rows:
        return
    vast = dict(vast or {})
    keys = [*rows[0], *vast]
    compiled = insert(table).compile(dialect=conn.dialect, column_keys=keys)
    order = list(compiled.positiontup) if compiled.positiontup else list(compiled.params)
    for k in order:
        if k not in rows[0] and k not in vast:
            default = table.c[k].default
            if not isinstance(default, ScalarElementColumnDefault):
                conn.execute(insert(table), [{**r, **vast} for r in rows])
                return
            vast[k] = default.arg
    procs = [(k, table.c[k].type._cached_bind_processor(conn.dialect)) for k in order]
    # (key, processor, is constant, the constant converted)
    spec = [
        (k, p, k in vast, (p(vast[k]) if p else vast[k]) if k in vast else None) for k, p in procs
    ]

    def rij(r: dict[str, Any]) -> list[Any]:
        return [c if is_vast else (p(r[k]) if p else r[k]) for k, p, is_vast, c in spec]

    if compiled.positiontup:
        params: list[Any] = [tuple(rij(r)) for r in rows]
    else:
        params = [dict(zip(order, rij(r), strict=True)) for r in rows]
    conn.exec_driver_sql(str(compiled), params)
