"""Alembic environment: runs against the engine handed over by ``service.db.migrate``."""

from alembic import context
from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import service.models  # noqa: F401  (registers every table on the metadata)

config = context.config
target_metadata = SQLModel.metadata


def _engine() -> Engine:
    """The engine ``service.db.migrate`` handed over, else one for the configured URL."""
    engine: Engine | None = config.attributes.get("engine")
    if engine is not None:
        return engine
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("No engine handed over and no sqlalchemy.url in the Alembic config.")
    return create_engine(url)


def run_migrations() -> None:
    engine = _engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        if connection.in_transaction():
            connection.commit()


run_migrations()
