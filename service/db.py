"""Engine, sessions and schema migration.

SQLite (the embedded default) runs in WAL mode with a busy timeout, and write transactions
start with ``BEGIN IMMEDIATE`` so concurrent writers queue on the lock instead of failing
halfway with "database is locked". Read-only requests use a deferred ``BEGIN`` so readers
never wait for writers. PostgreSQL is used when ``DATABASE_URL`` points at one.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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
from sqlalchemy import Select
from sqlalchemy import Table
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import insert
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.exc import DBAPIError
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


#: Page cache per SQLite connection, in KiB (SQLite's default is 2,000). A proposal reads the
#: head of each gemeente's pool and its kandidaten; at 100,000 kandidaten one long proposal
#: (a batch of 64 rows and their gemeentevoorkeuren) pushed those pages out of 2 MB, and the
#: next proposals read them again from the file (``pread``: 17 % of a proposal's time on the
#: benchmark, 2 % at 8 MiB). A connection grows its cache only as it reads pages, so 8 MiB costs
#: at most 6 MiB more per connection that reads that much.
SQLITE_CACHE_KIB = 8192


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
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        opties = connection.get_execution_options()
        if opties.get(ZONDER_TRANSACTIE, False):
            return  # each statement is a transaction of its own (``deps.in_one_hop``)
        # ``engine.execution_options(alleen_lezen=True)`` serves GET requests.
        read_only = opties.get("alleen_lezen", False)
        # Straight on the driver: this runs for every transaction, and SQLAlchemy's statement
        # machinery costs more than the BEGIN itself.
        driver = connection.connection.driver_connection
        assert driver is not None  # a connection that begins a transaction is checked out
        driver.execute("BEGIN" if read_only else "BEGIN IMMEDIATE")


#: Execution option (SQLite): begin no transaction; each statement runs in one of its own,
#: with its own snapshot, and the session's closing ROLLBACK finds nothing to undo.
ZONDER_TRANSACTIE = "zonder_transactie"


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


@dataclass(frozen=True)
class _DriverForm:
    """A ``DriverSelect`` compiled for one dialect."""

    sql: str
    #: Parameter names in placeholder order (qmark, SQLite); None: passed by name (psycopg).
    order: tuple[str, ...] | None
    #: The statement's own values (such as SQLite's ``OFFSET 0``), overridden by the caller's;
    #: converted once, with ``bind``.
    defaults: dict[str, Any]
    bind: dict[str, Callable[[Any], Any]]
    #: (column index, result processor) of the columns whose driver value needs converting.
    result: tuple[tuple[int, Callable[[Any], Any]], ...]


class DriverSelect:
    """A Core SELECT on a hot path, run straight on the driver's cursor.

    Compiled once per dialect (``construct_expanded_state`` renders what SQLAlchemy renders at
    execution, such as an aggregate's separator: so no parameter of the caller may be one
    rendered late, such as an expanding IN list). The parameters and the columns go through
    their types' own bind and result processors, so the rows hold the values
    ``Connection.execute`` gives, as plain (hashable) tuples in the order of the selected
    columns. What it skips is SQLAlchemy's work per execution (the compiled-cache lookup, the
    execution context, the result object): half of a small keyset batch on SQLite. Driver
    errors are raised as SQLAlchemy's ``DBAPIError`` subclasses, as ``Connection.execute``
    raises them, and ``before_cursor_execute`` listeners see the statement (a listener's
    return value cannot change it here).
    """

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement
        #: By dialect and driver: the driver decides the placeholders and the conversions.
        self._forms: dict[tuple[str, str], _DriverForm] = {}

    def _form(self, dialect: Dialect) -> _DriverForm:
        form = self._forms.get((dialect.name, dialect.driver))
        if form is None:
            compiled = self.statement.compile(dialect=dialect)
            late = [
                b.key
                for b in compiled.binds.values()
                if b.required and (b.expanding or b.literal_execute)
            ]
            if late:
                raise ValueError(f"DriverSelect cannot render parameters late: {late}")
            # ``compiled.params`` holds the statement's own values (the late-rendered ones
            # among them) and None for the caller's, which are never rendered into the text.
            state = compiled.construct_expanded_state(compiled.params)
            bind: dict[str, Callable[[Any], Any]] = {}
            for name in state.parameters:
                processor = compiled.binds[name].type._cached_bind_processor(dialect)
                if processor is not None:
                    bind[name] = processor
            result = []
            for i, column in enumerate(self.statement.selected_columns):
                processor = column.type._cached_result_processor(dialect, None)
                if processor is not None:
                    result.append((i, processor))
            form = _DriverForm(
                sql=state.statement,
                order=tuple(state.positiontup) if state.positiontup is not None else None,
                defaults={
                    k: v if k not in bind else bind[k](v)
                    for k, v in compiled.params.items()
                    if k in state.parameters
                },
                bind=bind,
                result=tuple(result),
            )
            self._forms[dialect.name, dialect.driver] = form
        return form

    def rows(self, conn: Connection, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """The statement's rows on ``conn`` (inside its transaction) for ``params``."""
        return [self.convert(conn.dialect, row) for row in self.driver_rows(conn, params)]

    def driver_rows(self, conn: Connection, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """The rows as the driver gives them (``convert`` makes each what ``rows`` gives): for
        a caller that keeps what it makes of a row, so that a row seen before costs nothing."""
        form = self._form(conn.dialect)
        values = dict(form.defaults)  # already converted
        bind = form.bind
        for name, value in params.items():
            processor = bind.get(name)
            values[name] = value if processor is None else processor(value)
        bound: Any = values if form.order is None else [values[k] for k in form.order]
        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None  # a Connection in use holds its DBAPI connection
        cursor = dbapi.cursor()
        if conn.dispatch.before_cursor_execute:  # statement logs and counters see it too
            conn.dispatch.before_cursor_execute(conn, cursor, form.sql, bound, None, False)
        try:
            cursor.execute(form.sql, bound)
            return list(cursor.fetchall())
        except conn.dialect.loaded_dbapi.Error as exc:
            raise DBAPIError.instance(
                form.sql, bound, exc, conn.dialect.loaded_dbapi.Error, hide_parameters=True
            ) from exc
        finally:
            cursor.close()

    def convert(self, dialect: Dialect, row: tuple[Any, ...]) -> tuple[Any, ...]:
        """One driver row of ``dialect`` with the values ``Connection.execute`` gives."""
        result = self._form(dialect).result
        if not result:
            return row
        kolommen = list(row)
        for i, processor in result:
            kolommen[i] = processor(kolommen[i])
        return tuple(kolommen)
