"""fair: origin of an earlier aanmelddatum; corrections and correction requests

Revision ID: 0011_fair
Revises: 0010_fair
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0011_fair"
down_revision: str | None = "0010_fair"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("kandidaat", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "aanmelddatum_herkomst", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True
            )
        )
        batch_op.add_column(sa.Column("aanmelddatum_herkomst_datum", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "aanmelddatum_herkomst_toelichting",
                sqlmodel.sql.sqltypes.AutoString(length=1000),
                nullable=True,
            )
        )
    op.create_table(
        "aanmelddatum_wijziging",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kandidaat_id", sa.Uuid(), nullable=False),
        sa.Column("soort", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("van", sa.Date(), nullable=False),
        sa.Column("naar", sa.Date(), nullable=False),
        sa.Column("reden", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("organisatie_id", sa.Uuid(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["kandidaat_id"], ["kandidaat.id"]),
        sa.ForeignKeyConstraint(["organisatie_id"], ["organisatie.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("aanmelddatum_wijziging", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_aanmelddatum_wijziging_kandidaat_id"), ["kandidaat_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_aanmelddatum_wijziging_status"), ["status"], unique=False
        )


def downgrade() -> None:
    op.drop_table("aanmelddatum_wijziging")
    with op.batch_alter_table("kandidaat", schema=None) as batch_op:
        batch_op.drop_column("aanmelddatum_herkomst_toelichting")
        batch_op.drop_column("aanmelddatum_herkomst_datum")
        batch_op.drop_column("aanmelddatum_herkomst")
