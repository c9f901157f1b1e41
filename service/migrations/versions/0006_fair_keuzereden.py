"""fair: structured reason for choosing another than the longest waiting (MATCH-V2)

Revision ID: 0006_fair
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006_fair"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("aanbieding", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "keuze_reden_soort", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("aanbieding", schema=None) as batch_op:
        batch_op.drop_column("keuze_reden_soort")
