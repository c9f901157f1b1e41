"""read log (inzage), failed sign-in attempts, web user on gebeurtenissen, key use,
idempotency body hash

Revision ID: 0006_secure
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0012_secure"
down_revision: str | None = "0011_fair"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIGINT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "inzage",
        sa.Column("id", _BIGINT, autoincrement=True, nullable=False),
        sa.Column("tijdstip", sa.DateTime(), nullable=False),
        sa.Column("kandidaat_id", sa.Uuid(), nullable=False),
        sa.Column("organisatie_id", sa.Uuid(), nullable=False),
        sa.Column("gebruiker_id", sa.Uuid(), nullable=True),
        sa.Column("bron", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("toelichting", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_inzage_kandidaat_tijdstip", "inzage", ["kandidaat_id", "tijdstip"], unique=False
    )
    op.create_table(
        "aanmeldpoging",
        sa.Column("id", _BIGINT, autoincrement=True, nullable=False),
        sa.Column("teller", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("tijdstip", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_aanmeldpoging_teller_tijdstip", "aanmeldpoging", ["teller", "tijdstip"], unique=False
    )
    with op.batch_alter_table("api_sleutel", schema=None) as batch_op:
        batch_op.add_column(sa.Column("laatst_gebruikt_op", sa.DateTime(), nullable=True))
    with op.batch_alter_table("idempotent_verzoek", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("verzoek_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("idempotent_verzoek", schema=None) as batch_op:
        batch_op.drop_column("verzoek_hash")
    with op.batch_alter_table("api_sleutel", schema=None) as batch_op:
        batch_op.drop_column("laatst_gebruikt_op")
    op.drop_index("ix_aanmeldpoging_teller_tijdstip", table_name="aanmeldpoging")
    op.drop_table("aanmeldpoging")
    op.drop_index("ix_inzage_kandidaat_tijdstip", table_name="inzage")
    op.drop_table("inzage")
