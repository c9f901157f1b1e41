"""ZOU-M1: a corporatie sends its month report to Het Vierde Huis ("eens per maand").

Sending establishes the report of one finished month: who sent it (the person on the web page,
or the organisation's API key), when, and how many placements it held at that moment. Once per
corporatie and month (a unique index; a second time is a 409).

When it is due: the seeds say only "eens per maand" (once a month). The region file sets the
day of the following month by which it is due (``termijnen.maandrapportage_dag``); the default
is the 10th. The to-do list names every finished month not yet sent, from the month the
corporatie started in woonroute (its organisation record, or its first placement if earlier),
at most ``TERUG_MAANDEN`` months back.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import func
from sqlmodel import select

from service import audit
from service.auth import Actor
from service.clock import NL
from service.clock import plus_maanden
from service.clock import vandaag
from service.errors import Conflict
from service.errors import OngeldigeInvoer
from service.errors import Veldfout
from service.models import ExternePlaatsing
from service.models import Gebruiker
from service.models import MaandrapportageVerzending
from service.models import Organisatie
from service.models import OrganisatieSoort
from service.models import Plaatsing
from service.rapportages.actions import _corporatie_voor
from service.rapportages.actions import maandrapportage
from service.rapportages.schemas import VerzendingInvoer
from service.rapportages.schemas import VerzendingUit
from service.regio import Regio
from service.regio import regio_van

#: How far back the to-do list looks for months not sent.
TERUG_MAANDEN = 12


def uiterlijk(regio: Regio, jaar: int, maand: int) -> date:
    """The day the report of a month is due: the region's day of the following month."""
    dag = regio.termijnen.maandrapportage_dag
    return plus_maanden(date(jaar, maand, 1), 1).replace(day=dag)


def _public(session: Session, v: MaandrapportageVerzending) -> VerzendingUit:
    corporatie = session.get(Organisatie, v.corporatie_id)
    persoon = session.get(Gebruiker, v.gebruiker_id) if v.gebruiker_id else None
    naam = corporatie.naam if corporatie else ""
    return VerzendingUit(
        id=v.id,
        corporatie_id=v.corporatie_id,
        corporatie=naam,
        jaar=v.jaar,
        maand=v.maand,
        aantal=v.aantal,
        verzonden_op=v.verzonden_op,
        verzonden_door=persoon.naam if persoon else f"{naam} (API-sleutel)",
    )


def verzend(session: Session, *, data: VerzendingInvoer, by: Actor) -> VerzendingUit:
    """The corporatie sends the report of a finished month (ZOU-M1)."""
    today = vandaag()
    if (data.jaar, data.maand) >= (today.year, today.month):
        raise OngeldigeInvoer(
            "Alleen een afgelopen maand kan worden verzonden.",
            [Veldfout("maand", "Moet een afgelopen maand zijn.")],
        )
    rapport = maandrapportage(session, by, jaar=data.jaar, maand=data.maand, corporatie_id=None)
    bestaand = session.exec(
        select(MaandrapportageVerzending).where(
            MaandrapportageVerzending.corporatie_id == by.organisatie_id,
            MaandrapportageVerzending.jaar == data.jaar,
            MaandrapportageVerzending.maand == data.maand,
        )
    ).first()
    if bestaand is not None:
        raise Conflict(_al_verzonden(session, bestaand))
    v = MaandrapportageVerzending(
        corporatie_id=by.organisatie_id,
        jaar=data.jaar,
        maand=data.maand,
        aantal=rapport.aantal,
        gebruiker_id=by.gebruiker_id,
    )
    session.add(v)
    # sent at the same moment elsewhere: the unique index refuses it (a 409 by the handler)
    session.flush()
    audit.record(
        session,
        by,
        "maandrapportage-verzonden",
        "maandrapportage",
        v.id,
        na={"jaar": v.jaar, "maand": v.maand, "aantal": v.aantal},
    )
    return _public(session, v)


def _al_verzonden(session: Session, v: MaandrapportageVerzending) -> str:
    uit = _public(session, v)
    op = uit.verzonden_op.astimezone(NL).strftime("%d-%m-%Y")
    return f"De rapportage van deze maand is al verzonden, op {op} door {uit.verzonden_door}."


def verzendingen(
    session: Session, actor: Actor, *, jaar: int | None, corporatie_id: uuid.UUID | None
) -> list[VerzendingUit]:
    """The months sent: a corporatie its own, the bemiddelaar and regiobeheer all or one."""
    corp = _corporatie_voor(session, actor, corporatie_id)
    q = select(MaandrapportageVerzending)
    if corp is not None:
        q = q.where(MaandrapportageVerzending.corporatie_id == corp.id)
    if jaar is not None:
        q = q.where(MaandrapportageVerzending.jaar == jaar)
    q = q.order_by(
        col(MaandrapportageVerzending.jaar),
        col(MaandrapportageVerzending.maand),
        col(MaandrapportageVerzending.verzonden_op),
    ).limit(10 * TERUG_MAANDEN * 12)
    return [_public(session, v) for v in session.exec(q).all()]


def verzending(
    session: Session, corporatie_id: uuid.UUID, jaar: int, maand: int
) -> VerzendingUit | None:
    v = session.exec(
        select(MaandrapportageVerzending).where(
            MaandrapportageVerzending.corporatie_id == corporatie_id,
            MaandrapportageVerzending.jaar == jaar,
            MaandrapportageVerzending.maand == maand,
        )
    ).first()
    return _public(session, v) if v else None


def begin_maand(session: Session, corporatie_id: uuid.UUID) -> date:
    """The first month a corporatie reports: the month it started in woonroute (its
    organisation record), or of its first placement if that is earlier."""
    org = session.get(Organisatie, corporatie_id)
    begin = org.aangemaakt_op.astimezone(NL).date() if org else vandaag()
    for eerste in (
        session.exec(
            select(func.min(Plaatsing.contractdatum)).where(
                Plaatsing.corporatie_id == corporatie_id
            )
        ).one(),
        session.exec(
            select(func.min(ExternePlaatsing.contractdatum)).where(
                ExternePlaatsing.corporatie_id == corporatie_id
            )
        ).one(),
    ):
        if eerste is not None and eerste < begin:
            begin = eerste
    return begin.replace(day=1)


def niet_verzonden(session: Session, actor: Actor) -> list[tuple[int, int, date]]:
    """(jaar, maand, due date) of each finished month the corporatie has not sent, oldest first."""
    if actor.soort != OrganisatieSoort.corporatie:
        return []
    deze_maand = vandaag().replace(day=1)
    maand = max(
        begin_maand(session, actor.organisatie_id), plus_maanden(deze_maand, -TERUG_MAANDEN)
    )
    verzonden = {
        (j, m)
        for j, m in session.exec(
            select(MaandrapportageVerzending.jaar, MaandrapportageVerzending.maand).where(
                MaandrapportageVerzending.corporatie_id == actor.organisatie_id
            )
        ).all()
    }
    out = []
    while maand < deze_maand:
        if (maand.year, maand.month) not in verzonden:
            out.append(
                (maand.year, maand.month, uiterlijk(regio_van(session), maand.year, maand.month))
            )
        maand = plus_maanden(maand, 1)
    return out
