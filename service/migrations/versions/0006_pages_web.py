"""web pages: the confirmation kept in the session, the person on each audit row, indexes for
the kandidaten page

Revision ID: 0006_pages
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0006_pages"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXEN = (
    ("ix_kandidaat_wachtvolgorde", "kandidaat", ["aanmelddatum", "aangemaakt_op", "id"]),
    (
        "ix_kandidaat_status_wachtvolgorde",
        "kandidaat",
        ["status", "aanmelddatum", "aangemaakt_op", "id"],
    ),
    ("ix_kandidaat_naam", "kandidaat", ["achternaam", "voornaam", "id"]),
    ("ix_gemeentevoorkeur_gemeente", "gemeentevoorkeur", ["gemeente", "kandidaat_id"]),
)


def upgrade() -> None:
    with op.batch_alter_table("web_sessie", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("melding", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
    with op.batch_alter_table("gebeurtenis", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("gebruiker_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True)
        )
    for naam, tabel, kolommen in INDEXEN:
        op.create_index(naam, tabel, kolommen)


def downgrade() -> None:
    for naam, tabel, _ in INDEXEN:
        op.drop_index(naam, table_name=tabel)
    with op.batch_alter_table("gebeurtenis", schema=None) as batch_op:
        batch_op.drop_column("gebruiker_id")
    with op.batch_alter_table("web_sessie", schema=None) as batch_op:
        batch_op.drop_column("melding")
