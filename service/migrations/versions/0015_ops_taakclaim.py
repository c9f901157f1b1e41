"""job leases (taakclaim): scheduled work runs in one process at a time

Revision ID: 0015_ops
Revises: 0013_fair
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0015_ops"
down_revision: str | None = "0014_pages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "taakclaim",
        sa.Column("naam", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("houder", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("geldig_tot", sa.DateTime(), nullable=True),
        sa.Column("volgende_run", sa.DateTime(), nullable=True),
        sa.Column("laatst_gestart", sa.DateTime(), nullable=True),
        sa.Column("laatst_klaar", sa.DateTime(), nullable=True),
        sa.Column("laatste_uitkomst", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.PrimaryKeyConstraint("naam"),
    )


def downgrade() -> None:
    op.drop_table("taakclaim")
