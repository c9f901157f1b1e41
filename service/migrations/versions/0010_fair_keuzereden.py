"""fair: MATCH-V2 structured choice reason; DRE-O3 count of declines and lapses

Revision ID: 0010_fair
Revises: 0009_webhooks
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0010_fair"
down_revision: str | None = "0009_webhooks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("aanbieding", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "keuze_reden_soort", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True
            )
        )
    with op.batch_alter_table("kandidaat", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("afwijzingen_en_verlopen", sa.Integer(), server_default="0", nullable=False)
        )
    # existing declines and lapses count from the start
    op.execute(
        "UPDATE kandidaat SET afwijzingen_en_verlopen = (SELECT COUNT(*) FROM aanbieding "
        "WHERE aanbieding.kandidaat_id = kandidaat.id "
        "AND aanbieding.status IN ('afgewezen', 'verlopen'))"
    )


def downgrade() -> None:
    with op.batch_alter_table("kandidaat", schema=None) as batch_op:
        batch_op.drop_column("afwijzingen_en_verlopen")
    with op.batch_alter_table("aanbieding", schema=None) as batch_op:
        batch_op.drop_column("keuze_reden_soort")
