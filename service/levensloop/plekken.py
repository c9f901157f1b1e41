"""A voordracht's places: filling them from the pool, numbering them in rank order, explaining
each place, and which of them the corporatie may choose. The steps that change a place's
status are in ``overgangen``; this module only fills and orders."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

import matching
from service.clock import nu
from service.clock import vandaag
from service.levensloop import pool
from service.mapping import kandidaat_input
from service.mapping import plek_uitleg
from service.mapping import voordracht_uitleg
from service.mapping import woning_input
from service.models import ACTIEVE_PLEKKEN
from service.models import Kandidaat
from service.models import PlekStatus
from service.models import Voordracht
from service.models import Voordrachtplek
from service.models import VoordrachtStatus
from service.models import Woning
from service.queries import voorkeuren
from service.regio import regio_van

#: Where ``vul`` parks a new or returning place until ``nummer`` numbers it.
GEPARKEERD = -1000


def plekken_van(session: Session, voordracht_id: uuid.UUID) -> list[Voordrachtplek]:
    return list(
        session.exec(
            select(Voordrachtplek)
            .where(Voordrachtplek.voordracht_id == voordracht_id)
            .order_by(col(Voordrachtplek.positie), col(Voordrachtplek.aangemaakt_op))
        ).all()
    )


def nummer(session: Session, plekken: list[Voordrachtplek]) -> None:
    """Active places are numbered 1..n in rank order (MATCH-K1..K3); each change of position is
    added to the place's own history. Inactive places keep their last position and history: the
    database keeps positions unique among the active places only (``uq_plek_actieve_positie``).
    Places that move are first parked on negative positions, so no step of the renumbering
    collides."""
    actief = [p for p in plekken if p.status in ACTIEVE_PLEKKEN]
    if not actief:
        return
    volgnummer = dict(
        session.exec(
            select(Kandidaat.id, Kandidaat.volgnummer).where(
                col(Kandidaat.id).in_([p.kandidaat_id for p in actief])
            )
        ).all()
    )
    beleid = regio_van(session).matching.beleid()
    actief.sort(
        key=lambda p: matching.plaatssleutel(
            p.eerste_keuze,
            p.aanmelddatum,
            volgnummer[p.kandidaat_id] or 0,  # every kandidaat has one (MATCH-K3)
            str(p.kandidaat_id),
            beleid,
        )
    )
    verschoven = [(i, p) for i, p in enumerate(actief, start=1) if p.positie != i]
    if not verschoven:
        return
    for tijdelijk, (_, p) in enumerate(verschoven, start=1):
        p.positie = -tijdelijk  # apart from the places ``vul`` parks (GEPARKEERD and below)
        session.add(p)
    session.flush()
    sinds = nu().isoformat()
    for i, p in verschoven:
        p.positie = i
        p.positiehistorie = [*p.positiehistorie, {"positie": i, "sinds": sinds}]
        session.add(p)


def leg_uit(
    session: Session, vd: Voordracht, woning: Woning, plekken: list[Voordrachtplek]
) -> None:
    """After a strike or refill, every active place explains its place as it now stands."""
    actief = sorted((p for p in plekken if p.status in ACTIEVE_PLEKKEN), key=lambda p: p.positie)
    if not actief:
        return
    ids = [p.kandidaat_id for p in actief]
    rijen = {k.id: k for k in session.exec(select(Kandidaat).where(col(Kandidaat.id).in_(ids)))}
    prefs = voorkeuren(session, ids)
    w = woning_input(woning)
    beleid = regio_van(session).matching.beleid()
    vorige = None
    for p in actief:
        ki = kandidaat_input(rijen[p.kandidaat_id], prefs[p.kandidaat_id])
        tekst = matching.reden_rang(ki, w, p.positie, vorige, beleid)
        if p.uitleg.get("waaromDezePlek") != tekst:
            p.uitleg = {**p.uitleg, "waaromDezePlek": tekst}
            session.add(p)
        vorige = ki
    vd.uitleg = {**vd.uitleg, "gevonden": len(actief), "gevraagd": vd.gevraagd}


def vul(
    session: Session, vd: Voordracht, woning: Woning, plekken: list[Voordrachtplek]
) -> list[Voordrachtplek]:
    """Add places until the voordracht holds ``gevraagd`` active ones, if kandidaten allow.
    A place that lapsed earlier (``verlopen``, ``vervallen``) may come back (``toestanden.PLEK``)."""
    actief = [p for p in plekken if p.status in ACTIEVE_PLEKKEN]
    missing = vd.gevraagd - len(actief)
    nieuw: list[Voordrachtplek] = []
    if missing > 0:
        voorstel = pool.propose(
            session, woning, regio_van(session), plekken=plekken, aantal=missing
        )
        bestaand = {str(p.kandidaat_id): p for p in plekken}
        for plek in voorstel.plekken:
            row = bestaand.get(plek.kandidaat_id)
            if row is None:
                row = Voordrachtplek(
                    voordracht_id=vd.id,
                    kandidaat_id=uuid.UUID(plek.kandidaat_id),
                    positie=0,
                    eerste_keuze=plek.eerste_keuze,
                    aanmelddatum=plek.aanmelddatum,
                )
                plekken.append(row)
            # parked until ``nummer`` numbers it (a place back after a lapse, too)
            row.positie = GEPARKEERD - len(nieuw)
            row.status = PlekStatus.te_beoordelen
            row.uitleg = plek_uitleg(plek)
            row.reden = None
            session.add(row)
            nieuw.append(row)
        vd.uitleg = {
            **voordracht_uitleg(voorstel, woning.gemeente),
            "wijzigingen": vd.uitleg.get("wijzigingen", []),
        }
    session.flush()
    nummer(session, plekken)
    leg_uit(session, vd, woning, plekken)
    vd.volledig = sum(p.status in ACTIEVE_PLEKKEN for p in plekken) >= vd.gevraagd
    vd.gewijzigd_op = nu()
    session.add(vd)
    return nieuw


def noteer(vd: Voordracht, tekst: str) -> None:
    """Add a dated line to the voordracht's list of changes."""
    vd.uitleg = {
        **vd.uitleg,
        "wijzigingen": [*vd.uitleg.get("wijzigingen", []), f"{vandaag().isoformat()}: {tekst}"],
    }


def uitsluiting(session: Session, kandidaat_id: uuid.UUID, woning_id: uuid.UUID) -> Any:
    """The first rule that now excludes the kandidaat from the woning, or None."""
    k = session.get(Kandidaat, kandidaat_id)
    w = session.get(Woning, woning_id)
    assert k is not None and w is not None
    context = regio_van(session).context(vandaag(), afgewezen=pool.declined(session, woning_id))
    ki = kandidaat_input(k, voorkeuren(session, [k.id])[k.id])
    return matching.eerste_uitsluiting(ki, woning_input(w), context)


def kiesbaar(vd: Voordracht, plekken: list[Voordrachtplek]) -> list[Voordrachtplek]:
    """The places the corporatie may choose from; before approval, those it will see."""
    goedgekeurd = [p for p in plekken if p.status == PlekStatus.goedgekeurd]
    if goedgekeurd or vd.status != VoordrachtStatus.te_beoordelen:
        return goedgekeurd
    return [p for p in plekken if p.status == PlekStatus.te_beoordelen]


def langst_wachtende(session: Session, plekken: list[Voordrachtplek]) -> Voordrachtplek | None:
    """MATCH-V2: of ``plekken``, the kandidaat with the earliest (corrected) aanmelddatum.

    Not necessarily the highest place: MATCH-K1 may put a later-registered first-choice
    kandidaat above. Ties follow MATCH-K3 (registration order: the volgnummer).
    """
    if not plekken:
        return None
    rows = {
        kid: (datum, volgnummer)
        for kid, datum, volgnummer in session.exec(
            select(col(Kandidaat.id), col(Kandidaat.aanmelddatum), col(Kandidaat.volgnummer)).where(
                col(Kandidaat.id).in_([p.kandidaat_id for p in plekken])
            )
        ).all()
    }
    return min(plekken, key=lambda p: (*rows[p.kandidaat_id], str(p.kandidaat_id)))
