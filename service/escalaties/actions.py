"""Escalation to maatwerk (ZOU-R2, ZOU-M2): who is stuck, why, and a ready maatwerk action.

Two kinds, computed on demand:
- ``langwachtend``: a waiting kandidaat registered longer ago than the region's threshold
  (default six months) without an open maatwerktraject. The reason looks at every woning
  reported in the kandidaat's gemeenten since registration and names the rule that excluded
  them most often.
- ``geen-geschikte-kandidaat``: a woning whose open voordracht holds nobody; the reason is the
  rule that excluded most of the examined kandidaten.
Each comes with the body of a ``POST /v1/maatwerktrajecten`` that starts the maatwerk.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, select

from service.clock import plus_maanden, vandaag
from service.diagnose import REGEL_TEKST, diagnose
from service.escalaties.schemas import Escalatie, EscalatieSoort
from service.maatwerk.schemas import TrajectNieuw
from service.models import (
    ACTIEVE_PLEKKEN,
    OPEN_TRAJECT,
    Aanleiding,
    CorporatieRoute,
    Kandidaat,
    KandidaatStatus,
    Maatwerktraject,
    Organisatie,
    OrganisatieSoort,
    Voordracht,
    VoordrachtPlek,
    VoordrachtStatus,
    Woning,
)
from service.queries import voorkeuren
from service.regio import regio_van


def _maatwerk_corporatie(session: Session, gemeente: str | None) -> uuid.UUID | None:
    """The corporatie to forward to: the last one with a woning in ``gemeente`` that works with
    maatwerk, else any corporatie that works with maatwerk."""
    routes = (CorporatieRoute.maatwerk, CorporatieRoute.beide)
    if gemeente is not None:
        recent = session.exec(
            select(Woning.corporatie_id)
            .join(Organisatie, Organisatie.id == Woning.corporatie_id)
            .where(Woning.gemeente == gemeente, col(Organisatie.route).in_(routes))
            .order_by(col(Woning.aangemaakt_op).desc())
        ).first()
        if recent is not None:
            return recent
    return session.exec(
        select(Organisatie.id)
        .where(
            Organisatie.soort == OrganisatieSoort.corporatie,
            Organisatie.actief,
            col(Organisatie.route).in_(routes),
        )
        .order_by(Organisatie.naam)
    ).first()


def langwachtend(session: Session, *, offset: int, limit: int) -> tuple[list[Escalatie], int]:
    from service.queries import page

    grens = plus_maanden(vandaag(), -regio_van(session).termijnen.langwachtend_maanden)
    open_ = select(Maatwerktraject.kandidaat_id).where(
        col(Maatwerktraject.status).in_(OPEN_TRAJECT)
    )
    query = select(Kandidaat).where(
        Kandidaat.status == KandidaatStatus.wachtend,
        Kandidaat.aanmelddatum <= grens,
        col(Kandidaat.id).not_in(open_),
    )
    rows, totaal = page(
        session, query, Kandidaat.aanmelddatum, Kandidaat.id, offset=offset, limit=limit
    )
    result = []
    for k in rows:
        d = diagnose(session, k)
        reden, regel = d.bindende_beperking, d.regel
        prefs = voorkeuren(session, [k.id])[k.id]
        corp = _maatwerk_corporatie(session, prefs[0] if prefs else None)
        voorstel = None
        if corp is not None:
            voorstel = TrajectNieuw(
                kandidaat_id=k.id,
                corporatie_id=corp,
                aanleiding=Aanleiding.langwachtend,
                wensen=f"Wacht sinds {k.aanmelddatum.isoformat()}. {reden} Zoek een woning in {', '.join(prefs)}.",
            )
        result.append(
            Escalatie(
                soort=EscalatieSoort.langwachtend,
                object_id=k.id,
                reden=reden,
                blokkerende_regel=regel,
                voorstel=voorstel,
            )
        )
    return result, totaal


def zonder_kandidaat(session: Session) -> list[Escalatie]:
    actief = select(VoordrachtPlek.voordracht_id).where(
        col(VoordrachtPlek.status).in_(ACTIEVE_PLEKKEN)
    )
    rows = session.exec(
        select(Voordracht, Woning)
        .join(Woning, Woning.id == Voordracht.woning_id)
        .where(
            col(Voordracht.status).in_(
                (VoordrachtStatus.te_beoordelen, VoordrachtStatus.goedgekeurd)
            ),
            col(Voordracht.id).not_in(actief),
        )
        .order_by(Voordracht.aangemaakt_op)
    ).all()
    result = []
    for vd, w in rows:
        counts = {r: n for r, n in vd.uitleg.get("uitgeslotenPerRegel", {}).items() if n}
        regel = max(counts, key=lambda r: (counts[r], r)) if counts else None
        if regel is None:
            reden = f"Niemand op de wachtlijst heeft {w.gemeente} als gemeente gekozen."
        else:
            reden = (
                f"Geen geschikte kandidaat voor deze woning in {w.gemeente}: bij {counts[regel]} kandidaten "
                f"{REGEL_TEKST[regel]} ({regel})."
            )
        kandidaat = _longest_waiting_for(session, w.gemeente)
        voorstel = None
        if kandidaat is not None:
            voorstel = TrajectNieuw(
                kandidaat_id=kandidaat,
                corporatie_id=w.corporatie_id,
                aanleiding=Aanleiding.geen_geschikte_kandidaat,
                wensen=f"Woning {w.straat} {w.huisnummer} vond geen geschikte kandidaat. {reden} "
                "Bekijk met maatwerk of deze of een andere woning past.",
            )
        result.append(
            Escalatie(
                soort=EscalatieSoort.geen_geschikte_kandidaat,
                object_id=w.id,
                reden=reden,
                blokkerende_regel=regel,
                voorstel=voorstel,
            )
        )
    return result


def _longest_waiting_for(session: Session, gemeente: str) -> uuid.UUID | None:
    from service.models import Gemeentevoorkeur

    open_ = select(Maatwerktraject.kandidaat_id).where(
        col(Maatwerktraject.status).in_(OPEN_TRAJECT)
    )
    return session.exec(
        select(Kandidaat.id)
        .join(Gemeentevoorkeur, Gemeentevoorkeur.kandidaat_id == Kandidaat.id)
        .where(
            Gemeentevoorkeur.gemeente == gemeente,
            Kandidaat.status == KandidaatStatus.wachtend,
            col(Kandidaat.id).not_in(open_),
        )
        .order_by(
            Gemeentevoorkeur.rangklasse,
            Kandidaat.aanmelddatum,
            Kandidaat.volgnummer,  # MATCH-K3: registration order
        )
    ).first()
