"""fair: registration order (volgnummer) breaks ties on the aanmelddatum (MATCH-K3); an externe
plaatsing may name the kandidaat it placed (ZOU-M1)

Existing kandidaten are numbered in the order they were created (``aangemaakt_op``, then id),
which is the order the ranking used until now. The ranking copy in ``gemeentevoorkeur`` takes
the volgnummer in place of the registration moment, and the partial ranking index follows.

Revision ID: 0013_fair
Revises: 0012_secure
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_fair"
down_revision: str | None = "0012_secure"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ACTIEF = "status IN ('te-beoordelen', 'goedgekeurd', 'gekozen')"
_RANG_OUD = ["gemeente", "rangklasse", "aanmelddatum", "aangemaakt_op", "kandidaat_id"]
_RANG_NIEUW = ["gemeente", "rangklasse", "aanmelddatum", "volgnummer", "kandidaat_id"]
_WACHT = {
    "ix_kandidaat_wachtvolgorde": ["aanmelddatum", "{k3}", "id"],
    "ix_kandidaat_status_wachtvolgorde": ["status", "aanmelddatum", "{k3}", "id"],
}


def _wachtindexen(k3: str) -> None:
    for naam, kolommen in _WACHT.items():
        op.drop_index(naam, table_name="kandidaat")
        op.create_index(naam, "kandidaat", [c.format(k3=k3) for c in kolommen])


def _rangindex(kolommen: list[str]) -> None:
    op.create_index(
        "ix_gemeentevoorkeur_rang",
        "gemeentevoorkeur",
        kolommen,
        sqlite_where=sa.text("in_pool"),
        postgresql_where=sa.text("in_pool"),
    )


def _vervang_kopie(nieuw: str, soort: sa.types.TypeEngine, oud: str) -> None:
    """The ranking copy in ``gemeentevoorkeur``: column ``nieuw`` from the kandidaat replaces
    ``oud``."""
    with op.batch_alter_table("gemeentevoorkeur", schema=None) as batch_op:
        batch_op.add_column(sa.Column(nieuw, soort, nullable=True))
    op.execute(
        f"UPDATE gemeentevoorkeur SET {nieuw} = "
        f"(SELECT {nieuw} FROM kandidaat WHERE kandidaat.id = gemeentevoorkeur.kandidaat_id)"
    )
    with op.batch_alter_table("gemeentevoorkeur", schema=None) as batch_op:
        batch_op.alter_column(nieuw, existing_type=soort, nullable=False)
        batch_op.drop_column(oud)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.add_column("kandidaat", sa.Column("volgnummer", sa.BigInteger(), nullable=True))
    else:
        # SQLite adds a NOT NULL column only with a default; rebuilding ``kandidaat`` instead
        # would trip the foreign keys that point at it.
        op.execute("ALTER TABLE kandidaat ADD COLUMN volgnummer BIGINT NOT NULL DEFAULT 0")
    op.execute(
        "UPDATE kandidaat SET volgnummer = r.n FROM (SELECT id, ROW_NUMBER() OVER "
        "(ORDER BY aangemaakt_op, id) AS n FROM kandidaat) AS r WHERE r.id = kandidaat.id"
    )
    if postgres:
        op.alter_column("kandidaat", "volgnummer", nullable=False)
        op.execute("CREATE SEQUENCE kandidaat_volgnummer_seq")
        op.execute(
            "SELECT setval('kandidaat_volgnummer_seq', COALESCE(MAX(volgnummer), 0) + 1, false) "
            "FROM kandidaat"
        )
    op.create_index("uq_kandidaat_volgnummer", "kandidaat", ["volgnummer"], unique=True)
    _wachtindexen("volgnummer")

    op.drop_index("ix_gemeentevoorkeur_rang", table_name="gemeentevoorkeur")
    _vervang_kopie("volgnummer", sa.BigInteger(), "aangemaakt_op")
    _rangindex(_RANG_NIEUW)

    # Place positions: unique among active places; each place keeps its own history.
    with op.batch_alter_table("voordracht_plek", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("positiehistorie", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
    op.execute(
        "UPDATE voordracht_plek SET positiehistorie = json_build_array(json_build_object("
        "'positie', positie, 'sinds', aangemaakt_op))"
        if postgres
        else "UPDATE voordracht_plek SET positiehistorie = json_array(json_object("
        "'positie', positie, 'sinds', aangemaakt_op))"
    )
    op.create_index(
        "uq_plek_actieve_positie",
        "voordracht_plek",
        ["voordracht_id", "positie"],
        unique=True,
        sqlite_where=sa.text(_ACTIEF),
        postgresql_where=sa.text(_ACTIEF),
    )

    with op.batch_alter_table("externe_plaatsing", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kandidaat_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            "fk_externe_plaatsing_kandidaat", "kandidaat", ["kandidaat_id"], ["id"]
        )
        batch_op.create_unique_constraint("uq_externe_plaatsing_kandidaat", ["kandidaat_id"])


def downgrade() -> None:
    op.drop_index("uq_plek_actieve_positie", table_name="voordracht_plek")
    with op.batch_alter_table("voordracht_plek", schema=None) as batch_op:
        batch_op.drop_column("positiehistorie")
    with op.batch_alter_table("externe_plaatsing", schema=None) as batch_op:
        batch_op.drop_constraint("uq_externe_plaatsing_kandidaat", type_="unique")
        batch_op.drop_constraint("fk_externe_plaatsing_kandidaat", type_="foreignkey")
        batch_op.drop_column("kandidaat_id")
    op.drop_index("ix_gemeentevoorkeur_rang", table_name="gemeentevoorkeur")
    _vervang_kopie("aangemaakt_op", sa.DateTime(), "volgnummer")
    _rangindex(_RANG_OUD)
    _wachtindexen("aangemaakt_op")
    op.drop_index("uq_kandidaat_volgnummer", table_name="kandidaat")
    op.drop_column("kandidaat", "volgnummer")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP SEQUENCE kandidaat_volgnummer_seq")
