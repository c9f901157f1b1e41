"""pages: name search columns for the kandidaten page, the answer to an aanmelddatum request,
the month report as sent

Revision ID: 0014_pages
Revises: 0012_secure
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

from service.models.zoeknaam import ZOEKTYPE
from service.models.zoeknaam import zoeknamen

revision: str = "0014_pages"
down_revision: str | None = "0013_fair"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("kandidaat", schema=None) as batch_op:
        batch_op.add_column(sa.Column("zoeknaam", ZOEKTYPE, nullable=True))
        batch_op.add_column(sa.Column("zoekachternaam", ZOEKTYPE, nullable=True))
    # the names already stored: normalised in Python (accents), written in batches
    conn = op.get_bind()
    kandidaat = sa.table(
        "kandidaat",
        sa.column("id", sa.Uuid()),
        sa.column("voornaam", sa.String()),
        sa.column("achternaam", sa.String()),
        sa.column("zoeknaam", sa.String()),
        sa.column("zoekachternaam", sa.String()),
    )
    rijen = conn.execute(sa.select(kandidaat.c.id, kandidaat.c.voornaam, kandidaat.c.achternaam))
    waarden = []
    for kid, voornaam, achternaam in rijen.all():
        zn, za = zoeknamen(voornaam, achternaam)
        waarden.append({"kid": kid, "zn": zn, "za": za})
    bijwerken = (
        sa.update(kandidaat)
        .where(kandidaat.c.id == sa.bindparam("kid"))
        .values(zoeknaam=sa.bindparam("zn"), zoekachternaam=sa.bindparam("za"))
    )
    for start in range(0, len(waarden), 5000):
        conn.execute(bijwerken, waarden[start : start + 5000])
    op.create_index("ix_kandidaat_zoeknaam", "kandidaat", ["zoeknaam"])
    op.create_index("ix_kandidaat_zoekachternaam", "kandidaat", ["zoekachternaam"])

    with op.batch_alter_table("aanmelddatum_wijziging", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("afhandeling", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True)
        )
        batch_op.add_column(sa.Column("afgehandeld_op", sa.DateTime(), nullable=True))

    op.create_table(
        "maandrapportage_verzending",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("corporatie_id", sa.Uuid(), nullable=False),
        sa.Column("jaar", sa.Integer(), nullable=False),
        sa.Column("maand", sa.Integer(), nullable=False),
        sa.Column("aantal", sa.Integer(), nullable=False),
        sa.Column("gebruiker_id", sa.Uuid(), nullable=True),
        sa.Column("verzonden_op", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["corporatie_id"], ["organisatie.id"]),
        sa.ForeignKeyConstraint(["gebruiker_id"], ["gebruiker.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("corporatie_id", "jaar", "maand", name="uq_maandrapportage_verzending"),
    )
    op.create_index(
        "ix_maandrapportage_verzending_corporatie_id",
        "maandrapportage_verzending",
        ["corporatie_id"],
    )


def downgrade() -> None:
    op.drop_table("maandrapportage_verzending")
    with op.batch_alter_table("aanmelddatum_wijziging", schema=None) as batch_op:
        batch_op.drop_column("afgehandeld_op")
        batch_op.drop_column("afhandeling")
    op.drop_index("ix_kandidaat_zoekachternaam", table_name="kandidaat")
    op.drop_index("ix_kandidaat_zoeknaam", table_name="kandidaat")
    with op.batch_alter_table("kandidaat", schema=None) as batch_op:
        batch_op.drop_column("zoekachternaam")
        batch_op.drop_column("zoeknaam")
