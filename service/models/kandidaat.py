"""Kandidaten on the regional waiting list and their ordered gemeentevoorkeuren.

``Gemeentevoorkeur`` repeats the ranking columns of its kandidaat (first choice or not,
aanmelddatum, registration order ``volgnummer``) and whether the kandidaat is in the omgekeerde-plaatsing
pool, so that one partial index serves the rank order of MATCH-K1..K3 for a gemeente:
equality column first (gemeente), then the order columns. ``service.kandidaten.actions``
keeps those copies in step; nothing else writes them.

``Kandidaat.volgnummer`` is the registration order (MATCH-K3): the database gives it inside the
INSERT (``VolgendVolgnummer``), so it is monotonic also under simultaneous registrations: a
PostgreSQL sequence, and on SQLite the highest number plus one, which is safe because SQLite runs
one write transaction at a time (``BEGIN IMMEDIATE``). It never changes and never repeats.
"""

from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy import Column
from sqlalchemy import Index
from sqlalchemy import Sequence
from sqlalchemy import UniqueConstraint
from sqlalchemy import event
from sqlalchemy import text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Field
from sqlmodel import SQLModel

from service.models.types import UTCDateTime
from service.models.types import new_id
from service.models.types import utcnow
from service.models.zoeknaam import ZOEKTYPE
from service.models.zoeknaam import standaard_zoekachternaam
from service.models.zoeknaam import standaard_zoeknaam
from service.models.zoeknaam import zoeknamen


class KandidaatStatus(StrEnum):
    wachtend = "wachtend"
    gepauzeerd = "gepauzeerd"
    aangeboden = "aangeboden"
    geplaatst = "geplaatst"
    uitgeschreven = "uitgeschreven"


class KandidaatRoute(StrEnum):
    omgekeerde_plaatsing = "omgekeerde-plaatsing"
    maatwerk = "maatwerk"


class Doelgroep(StrEnum):
    """The eight doelgroepen of ZOU-T1; each sets a default casushouder."""

    ambulante_begeleiding = "ambulante-begeleiding"
    beschermd_thuis = "beschermd-thuis"
    living_lab = "living-lab"
    wlz_ambulant = "wlz-ambulant"
    regulier_ontraden = "reguliere-uitstroom-ontraden"
    regulier_zonder_urgentie = "reguliere-uitstroom-zonder-urgentie"
    uitstroom_zvw = "uitstroom-zvw"
    forensische_zorg = "uitstroom-forensische-zorg"


class AanmelddatumHerkomst(StrEnum):
    """Where an aanmelddatum earlier than the day of registration comes from."""

    vorige_wachtlijst = "overgenomen-van-vorige-wachtlijst"
    eerdere_aanmelding = "eerdere-aanmelding-bij-de-bemiddelaar"
    anders = "anders"


class Uitschrijfreden(StrEnum):
    eigen_netwerk = "woont-bij-eigen-netwerk"  # ZOU-C4
    zelf_woning_gevonden = "zelf-woning-gevonden"
    niet_meer_gereed = "niet-meer-gereed"
    verhuisd_buiten_regio = "verhuisd-buiten-regio"
    overleden = "overleden"
    op_eigen_verzoek = "op-eigen-verzoek"
    anders = "anders"


#: PostgreSQL's source of ``kandidaat.volgnummer`` (created with the table, and by migration 0013).
VOLGNUMMER_SEQ = Sequence("kandidaat_volgnummer_seq", metadata=SQLModel.metadata)


class VolgendVolgnummer(FunctionElement[int]):
    """The next registration number, computed by the database inside the INSERT (MATCH-K3)."""

    type = BigInteger()
    inherit_cache = True
    name = "volgend_volgnummer"


@compiles(VolgendVolgnummer)
def _volgnummer_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    # One writer at a time on SQLite, so max + 1 inside the INSERT cannot be taken twice. An
    # ORM flush therefore inserts kandidaten row by row (``eager_defaults`` off): a multi-row
    # VALUES would read the same maximum for every row.
    return "(SELECT COALESCE(MAX(volgnummer), 0) + 1 FROM kandidaat)"


@compiles(VolgendVolgnummer, "postgresql")
def _volgnummer_postgresql(element: Any, compiler: Any, **kw: Any) -> str:
    return "nextval('kandidaat_volgnummer_seq')"


class Kandidaat(SQLModel, table=True):
    __tablename__ = "kandidaat"
    __mapper_args__ = {"eager_defaults": False}
    __table_args__ = (Index("uq_kandidaat_volgnummer", "volgnummer", unique=True),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    #: MATCH-K3: registration order, given by the database at registration; see the module doc.
    volgnummer: int | None = Field(
        default=None,
        sa_column=Column(BigInteger(), default=VolgendVolgnummer(), nullable=False),
    )
    zorgaanbieder_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    voornaam: str = Field(max_length=100)
    achternaam: str = Field(max_length=100)
    geboortedatum: date
    doelgroep: str = Field(max_length=50)
    casushouder_rol: str = Field(max_length=200)
    casushouder_organisatie: str | None = Field(default=None, max_length=200)
    casushouder_naam: str | None = Field(default=None, max_length=200)
    casushouder_telefoon: str | None = Field(default=None, max_length=40)
    casushouder_email: str | None = Field(default=None, max_length=200)
    aanmelddatum: date
    volwassenen: int
    kinderen: int
    jaarinkomen: int
    rolstoel: bool = False
    trapvrij: bool = False
    hoogste_verdieping: int | None = None
    minimum_kamers: int = 1
    gereed_verklaard: bool = False
    begeleiding_akkoord: bool = False
    route: str = Field(default=KandidaatRoute.omgekeerde_plaatsing, max_length=30)
    status: str = Field(default=KandidaatStatus.wachtend, max_length=20, index=True)
    status_reden: str | None = Field(default=None, max_length=50)
    status_toelichting: str | None = Field(default=None, max_length=1000)
    #: Where an earlier aanmelddatum comes from (documented at registration or correction).
    aanmelddatum_herkomst: str | None = Field(default=None, max_length=60)
    aanmelddatum_herkomst_datum: date | None = None
    aanmelddatum_herkomst_toelichting: str | None = Field(default=None, max_length=1000)
    #: DRE-O3: declined and lapsed aanbiedingen together (a lapse is no decline, but counts here).
    afwijzingen_en_verlopen: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    gewijzigd_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    #: Retention (STANDARDS privacy): set when the personal data of a closed file was removed.
    gepseudonimiseerd_op: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    #: The name as searched on the kandidaten page (``service.models.zoeknaam``): kept in step
    #: with the name on every insert and update (below), never written by hand.
    zoeknaam: str | None = Field(
        default=None, sa_column=Column(ZOEKTYPE, nullable=True, default=standaard_zoeknaam)
    )
    zoekachternaam: str | None = Field(
        default=None,
        sa_column=Column(ZOEKTYPE, nullable=True, default=standaard_zoekachternaam),
    )


@event.listens_for(Kandidaat, "before_insert")
@event.listens_for(Kandidaat, "before_update")
def _zoeknamen(_mapper: Any, _connection: Any, k: Kandidaat) -> None:
    k.zoeknaam, k.zoekachternaam = zoeknamen(k.voornaam, k.achternaam)


class Gemeentevoorkeur(SQLModel, table=True):
    __tablename__ = "gemeentevoorkeur"
    __table_args__ = (
        UniqueConstraint("kandidaat_id", "gemeente", name="uq_gemeentevoorkeur_gemeente"),
        Index(
            "ix_gemeentevoorkeur_rang",
            "gemeente",
            "rangklasse",
            "aanmelddatum",
            "volgnummer",
            "kandidaat_id",
            sqlite_where=text("in_pool"),
            postgresql_where=text("in_pool"),
        ),
    )

    kandidaat_id: uuid.UUID = Field(foreign_key="kandidaat.id", primary_key=True)
    rangorde: int = Field(primary_key=True)
    gemeente: str = Field(max_length=100)
    #: 0 when this is the kandidaat's first choice (MATCH-K1), else 1.
    rangklasse: int
    aanmelddatum: date
    #: The kandidaat's registration order (MATCH-K3).
    volgnummer: int = Field(sa_column=Column(BigInteger(), nullable=False))
    #: True while the kandidaat can be proposed in omgekeerde plaatsing (MATCH-E1).
    in_pool: bool


class AanmelddatumWijziging(SQLModel, table=True):
    """A correction of an aanmelddatum by the bemiddelaar, or a zorgaanbieder's request for one.

    ``soort`` is ``correctie`` (done, ``status`` uitgevoerd) or ``verzoek`` (``open`` until the
    bemiddelaar answers it: ``goedgekeurd`` when the requested date was applied, ``afgewezen``
    with a reason, or ``afgehandeld`` when another correction settled it).
    """

    __tablename__ = "aanmelddatum_wijziging"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    kandidaat_id: uuid.UUID = Field(foreign_key="kandidaat.id", index=True)
    soort: str = Field(max_length=20)
    van: date
    naar: date
    reden: str = Field(max_length=1000)
    organisatie_id: uuid.UUID = Field(foreign_key="organisatie.id")
    status: str = Field(max_length=20, index=True)
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    #: A request's answer: why the bemiddelaar turned it down (``afgewezen``), or the note of the
    #: correction that settled it (``goedgekeurd``, ``afgehandeld``).
    afhandeling: str | None = Field(default=None, max_length=1000)
    afgehandeld_op: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
