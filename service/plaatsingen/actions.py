"""Plaatsingen: the lease is signed (ZOU-P1); evaluations are planned (ZOU-P2)."""

from __future__ import annotations

import uuid
from datetime import date
from datetime import timedelta
from typing import Any

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import or_
from sqlmodel import select

from service import audit
from service import zichtbaar
from service.auth import Actor
from service.clock import plus_maanden
from service.clock import vandaag
from service.errors import NietGevonden
from service.errors import OngeldigeInvoer
from service.errors import Veldfout
from service.levensloop import overgangen
from service.models import Aanbieding
from service.models import Contractvorm
from service.models import Evaluatie
from service.models import Kandidaat
from service.models import Kennisgeving
from service.models import Organisatie
from service.models import OrganisatieSoort
from service.models import Overdracht
from service.models import Plaatsing
from service.models import Woning
from service.plaatsingen.schemas import EvaluatieUit
from service.plaatsingen.schemas import KennisgevingUit
from service.plaatsingen.schemas import OverdrachtUit
from service.plaatsingen.schemas import PlaatsingInvoer
from service.plaatsingen.schemas import PlaatsingUit
from service.queries import page
from service.regio import regio_van


def _omschrijving(maanden: int, laatste: bool) -> str:
    periode = f"{maanden // 12} jaar" if maanden % 12 == 0 else f"{maanden} maanden"
    return f"Eindevaluatie na {periode}" if laatste else f"Evaluatie na {periode}"


def visible(query: Any, actor: Actor) -> Any:
    if actor.soort in (OrganisatieSoort.bemiddelaar, OrganisatieSoort.regiobeheer):
        return query
    if actor.soort == OrganisatieSoort.corporatie:
        return query.where(Plaatsing.corporatie_id == actor.organisatie_id)
    # The kandidaat's own zorgaanbieder, and a guiding organisation that took over (ZOU-P3).
    return query.where(
        or_(
            Plaatsing.zorgaanbieder_id == actor.organisatie_id,
            Plaatsing.begeleidende_organisatie_id == actor.organisatie_id,
        )
    )


def get_plaatsing(
    session: Session, plaatsing_id: uuid.UUID, actor: Actor, *, for_update: bool = False
) -> Plaatsing:
    return zichtbaar.een(
        session,
        Plaatsing,
        plaatsing_id,
        visible,
        actor,
        melding="Deze plaatsing bestaat niet, of u mag deze niet zien.",
        for_update=for_update,
    )


def evaluaties(session: Session, plaatsing_id: uuid.UUID) -> list[Evaluatie]:
    return list(
        session.exec(
            select(Evaluatie)
            .where(Evaluatie.plaatsing_id == plaatsing_id)
            .order_by(col(Evaluatie.gepland_op), col(Evaluatie.volgnummer))
        ).all()
    )


def public(session: Session, p: Plaatsing, actor: Actor | None = None) -> PlaatsingUit:
    """The plaatsing as ``actor`` may see it: a corporatie sees the evaluation decisions that
    concern the lease, never the outcomes per topic or the next step (minimal data)."""
    corporatie = actor is not None and actor.soort == OrganisatieSoort.corporatie
    evals = []
    for e in evaluaties(session, p.id):
        uit = EvaluatieUit.model_validate(e)
        if corporatie:
            uit = uit.model_copy(update={"uitkomsten": None, "volgende_stap": None})
        evals.append(uit)
    overdrachten = session.exec(
        select(Overdracht).where(Overdracht.plaatsing_id == p.id).order_by(col(Overdracht.datum))
    ).all()
    kennisgevingen = session.exec(
        select(Kennisgeving)
        .where(Kennisgeving.plaatsing_id == p.id)
        .order_by(col(Kennisgeving.geinformeerd_op))
    ).all()
    drie = p.contractvorm == Contractvorm.driepartijen
    return PlaatsingUit.model_validate(
        {
            **p.model_dump(),
            "partijen": {
                "huurder_kandidaat_id": p.kandidaat_id,
                "corporatie_id": p.corporatie_id,
                "casushouder_soort": p.casushouder_soort if drie else None,
                "casushouder_naam": p.casushouder_naam if drie else None,
            },
            "omzetting": None
            if p.omgezet_op is None
            else {
                "datum": p.omgezet_op,
                "besloten_door": p.omzetting_besloten_door,
                "reden": p.omzetting_reden,
            },
            "begeleiding": {
                "organisatie_id": p.begeleidende_organisatie_id,
                "naam": p.begeleider_naam,
                "beschikbaar_tot": p.beschikbaar_tot,
                "tot": p.begeleiding_tot,
                "beeindigd_op": p.begeleiding_beeindigd_op,
                "vervolgafspraak": None if corporatie else p.vervolgafspraak,
            },
            "evaluaties": evals,
            "overdrachten": [OverdrachtUit.model_validate(o) for o in overdrachten],
            "kennisgevingen": [KennisgevingUit.model_validate(k) for k in kennisgevingen],
        }
    )


def list_plaatsingen(
    session: Session, actor: Actor, *, offset: int, limit: int
) -> tuple[list[Plaatsing], int]:
    query = visible(select(Plaatsing), actor)
    return page(
        session,
        query,
        col(Plaatsing.contractdatum).desc(),
        Plaatsing.id,
        offset=offset,
        limit=limit,
    )


def create_plaatsing(session: Session, *, data: PlaatsingInvoer, by: Actor) -> Plaatsing:
    a = session.exec(
        select(Aanbieding)
        .where(Aanbieding.id == data.aanbieding_id, Aanbieding.corporatie_id == by.organisatie_id)
        .with_for_update()
    ).first()
    if a is None:
        raise NietGevonden("Deze aanbieding bestaat niet, of het is niet uw aanbieding.")
    overgangen.check_plaatsbaar(a)
    if data.contractdatum > plus_maanden(vandaag(), 3):
        raise OngeldigeInvoer(
            "De contractdatum ligt te ver in de toekomst.",
            [Veldfout("contractdatum", "Vul de datum van het getekende contract in.")],
        )
    regio = regio_van(session)
    termijnen = regio.termijnen
    kandidaat = session.get(Kandidaat, a.kandidaat_id)
    woning = session.get(Woning, a.woning_id)
    zorg = session.get(Organisatie, a.zorgaanbieder_id)
    assert kandidaat is not None and woning is not None and zorg is not None
    p = Plaatsing(
        aanbieding_id=a.id,
        kandidaat_id=a.kandidaat_id,
        woning_id=a.woning_id,
        corporatie_id=a.corporatie_id,
        zorgaanbieder_id=a.zorgaanbieder_id,
        contractdatum=data.contractdatum,
        contractvorm=data.contractvorm,
        begeleiding_tot=plus_maanden(data.contractdatum, termijnen.begeleiding_maanden),
        casushouder_soort=data.casushouder.soort,
        casushouder_naam=data.casushouder.naam
        or (
            kandidaat.casushouder_organisatie if data.casushouder.soort == "zorgaanbieder" else None
        )
        or (zorg.naam if data.casushouder.soort == "zorgaanbieder" else "Sociaal wijkteam"),
        begeleidende_organisatie_id=zorg.id,
        begeleider_naam=zorg.naam,
        beschikbaar_tot=plus_maanden(data.contractdatum, regio.nazorg.beschikbaar_maanden),
    )
    session.add(p)
    session.flush()
    plan_evaluaties(session, p)
    overgangen.plaats(session, a, by=by)
    overgangen.verhuur(session, a, p, by=by)
    session.flush()
    audit.record(session, by, "plaatsing-vastgelegd", "plaatsing", p.id, na=audit.snapshot(p))
    return p


#: A placement reported from outside woonroute (ZOU-M1) closes the kandidaat's offers, places,
#: trajecten and waiting signals like one through woonroute: the lifecycle's step.
sluit_kandidaat_af = overgangen.sluit_kandidaat_af


def plan_evaluaties(session: Session, p: Plaatsing) -> None:
    """ZOU-P2: at 3 months, 1 year and 2 years (region setting); Drechtsteden adds one some
    weeks after the key handover (step 13). The key handover is the contract date here."""
    regio = regio_van(session)
    momenten: list[tuple[date, str]] = []
    weken = regio.nazorg.evaluatie_na_sleuteloverdracht_weken
    if weken:
        momenten.append(
            (
                p.contractdatum + timedelta(weeks=weken),
                f"Evaluatie {weken} weken na de sleuteloverdracht",
            )
        )
    reeks = regio.termijnen.evaluaties_maanden
    for i, maanden in enumerate(reeks, start=1):
        momenten.append(
            (plus_maanden(p.contractdatum, maanden), _omschrijving(maanden, i == len(reeks)))
        )
    for volgnummer, (dag, omschrijving) in enumerate(sorted(momenten), start=1):
        session.add(
            Evaluatie(
                plaatsing_id=p.id,
                volgnummer=volgnummer,
                omschrijving=omschrijving,
                gepland_op=dag,
                verantwoordelijke=regio.nazorg.evaluatie_verantwoordelijke,
            )
        )
