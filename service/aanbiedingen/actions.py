"""Aanbiedingen: the offer of one woning to one chosen kandidaat, with deadlines.

DRE-O1: the kandidaat answers within ``reactietermijn_dagen`` (default one day): view the
woning, accept, or decline. DRE-O2: after the viewing, accept within ``acceptatietermijn_dagen``
(default two days); both count working days when the region says so (``werkdagen``). A decline
returns the kandidaat to ``wachtend`` and excludes them from this woning for good (MATCH-E7). A
deadline that passes is recorded as ``verlopen``, not as a decline: the kandidaat waits again and
may be proposed for this woning again. It falls back to the next approved kandidaat
automatically unless the region switched that off — a match never gets stuck. Declines and
lapses together are counted per kandidaat (DRE-O3, ``afwijzingen_en_verlopen``).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, or_, select

from service import audit, region
from service.aanbiedingen.schemas import AanbiedingUit, Antwoord, AntwoordBesluit, KandidaatContact
from service.auth import Actor
from service.clock import nu
from service.errors import Conflict
from service.formulieren.actions import check_acceptatie
from service.kandidaten.actions import set_flow_status
from service.models import (
    LOPENDE_AANBIEDING,
    Aanbieding,
    AanbiedingStatus,
    Afwijsreden,
    Kandidaat,
    KandidaatStatus,
    OrganisatieSoort,
    PlekStatus,
    Voordracht,
    VoordrachtPlek,
    VoordrachtStatus,
    Woning,
    WoningStatus,
)
from service.queries import one_visible, page
from service.werkdagen import termijn_einde


def visible(query: Any, actor: Actor) -> Any:
    if actor.soort == OrganisatieSoort.bemiddelaar:
        return query
    if actor.soort == OrganisatieSoort.corporatie:
        return query.where(Aanbieding.corporatie_id == actor.organisatie_id)
    if actor.soort == OrganisatieSoort.zorgaanbieder:
        return query.where(Aanbieding.zorgaanbieder_id == actor.organisatie_id)
    return query.where(False)


def get_aanbieding(
    session: Session, aanbieding_id: uuid.UUID, actor: Actor, *, for_update: bool = False
) -> Aanbieding:
    return one_visible(
        session,
        visible(select(Aanbieding).where(Aanbieding.id == aanbieding_id), actor),
        melding="Deze aanbieding bestaat niet, of u mag deze niet zien.",
        for_update=for_update,
    )


def public(session: Session, a: Aanbieding) -> AanbiedingUit:
    k = session.get(Kandidaat, a.kandidaat_id)
    assert k is not None
    contact = KandidaatContact(
        naam=f"{k.voornaam} {k.achternaam}",
        casushouder_organisatie=k.casushouder_organisatie,
        casushouder_naam=k.casushouder_naam,
        casushouder_telefoon=k.casushouder_telefoon,
        casushouder_email=k.casushouder_email,
    )
    return AanbiedingUit.model_validate({**a.model_dump(), "kandidaat": contact})


def list_aanbiedingen(
    session: Session, actor: Actor, *, status: AanbiedingStatus | None, offset: int, limit: int
) -> tuple[list[Aanbieding], int]:
    query = visible(select(Aanbieding), actor)
    if status is not None:
        query = query.where(Aanbieding.status == status)
    rows, totaal = page(
        session,
        query,
        col(Aanbieding.aangemaakt_op).desc(),
        Aanbieding.id,
        offset=offset,
        limit=limit,
    )
    return list(rows), totaal


def open_aanbieding(
    session: Session,
    *,
    woning_id: uuid.UUID,
    kandidaat_id: uuid.UUID,
    voordracht_id: uuid.UUID | None,
    keuze_reden: str | None,
    by: Actor | None,
    maatwerktraject_id: uuid.UUID | None = None,
    keuze_reden_soort: str | None = None,
) -> Aanbieding:
    from service.voordrachten.actions import reserve

    reserve(session, kandidaat_id=kandidaat_id, woning_id=woning_id)
    woning = session.get(Woning, woning_id)
    kandidaat = session.get(Kandidaat, kandidaat_id)
    assert woning is not None and kandidaat is not None
    termijnen = region.active().termijnen
    moment = nu()
    a = Aanbieding(
        woning_id=woning_id,
        kandidaat_id=kandidaat_id,
        corporatie_id=woning.corporatie_id,
        zorgaanbieder_id=kandidaat.zorgaanbieder_id,
        voordracht_id=voordracht_id,
        maatwerktraject_id=maatwerktraject_id,
        keuze_reden=keuze_reden,
        keuze_reden_soort=keuze_reden_soort,
        reactie_deadline=termijn_einde(
            moment, termijnen.reactietermijn_dagen, werkdagen=termijnen.werkdagen
        ),
        aangemaakt_op=moment,
    )
    session.add(a)
    session.flush()
    audit.record(session, by, "aanbieding-gedaan", "aanbieding", a.id, na=audit.snapshot(a))
    return a


def _check_open(a: Aanbieding, moment: datetime) -> None:
    if a.status not in LOPENDE_AANBIEDING or a.status == AanbiedingStatus.geaccepteerd:
        raise Conflict(f"Deze aanbieding is al beantwoord (status: {a.status}).")
    deadline = (
        a.acceptatie_deadline if a.status == AanbiedingStatus.bezichtiging else a.reactie_deadline
    )
    if deadline is not None and moment > deadline:
        raise Conflict(
            "De termijn om te antwoorden is verlopen. De woning gaat naar de volgende kandidaat."
        )


def answer(session: Session, *, aanbieding_id: uuid.UUID, data: Antwoord, by: Actor) -> Aanbieding:
    a = get_aanbieding(session, aanbieding_id, by, for_update=True)
    moment = nu()
    _check_open(a, moment)
    voor = audit.snapshot(a)
    if data.besluit == AntwoordBesluit.bezichtigen:
        if a.status != AanbiedingStatus.open:
            raise Conflict("De bezichtiging is al vastgelegd. Accepteer of wijs de woning af.")
        assert data.bezichtiging_op is not None
        a.status = AanbiedingStatus.bezichtiging
        a.bezichtiging_op = data.bezichtiging_op
        termijnen = region.active().termijnen
        a.acceptatie_deadline = termijn_einde(
            data.bezichtiging_op, termijnen.acceptatietermijn_dagen, werkdagen=termijnen.werkdagen
        )
        a.toelichting = data.toelichting
        session.add(a)
        session.flush()
        audit.record(
            session,
            by,
            "aanbieding-bezichtiging",
            "aanbieding",
            a.id,
            voor=voor,
            na=audit.snapshot(a),
        )
        return a
    if data.besluit == AntwoordBesluit.accepteren:
        check_acceptatie(session, a.kandidaat_id)  # the region's required forms (ZOU-C1)
        a.status = AanbiedingStatus.geaccepteerd
        a.beantwoord_op = moment
        a.toelichting = data.toelichting
        session.add(a)
        session.flush()
        audit.record(
            session,
            by,
            "aanbieding-geaccepteerd",
            "aanbieding",
            a.id,
            voor=voor,
            na=audit.snapshot(a),
        )
        return a
    assert data.reden is not None
    _decline(
        session,
        a,
        status=AanbiedingStatus.afgewezen,
        reden=data.reden,
        toelichting=data.toelichting,
        moment=moment,
        by=by,
    )
    return a


def _decline(
    session: Session,
    a: Aanbieding,
    *,
    status: AanbiedingStatus,
    reden: Afwijsreden,
    toelichting: str | None,
    moment: datetime,
    by: Actor | None,
) -> None:
    """Close the aanbieding; woning back to beschikbaar, its voordracht refills.

    ``afgewezen`` (MATCH-E7: not again for this woning) and ``verlopen`` (may be proposed again)
    send the kandidaat back to wachtend and count for DRE-O3. ``vervallen`` is no answer at all:
    the kandidaat was placed elsewhere, and the caller places them (``sluit_kandidaat_af``).
    """
    from service.voordrachten.actions import refill

    voor = audit.snapshot(a)
    a.status = status
    a.afwijsreden = reden
    a.toelichting = toelichting
    a.beantwoord_op = moment
    session.add(a)
    kandidaat = session.get(Kandidaat, a.kandidaat_id)
    woning = session.get(Woning, a.woning_id)
    assert kandidaat is not None and woning is not None
    if status != AanbiedingStatus.vervallen:
        set_flow_status(session, kandidaat, KandidaatStatus.wachtend)
        kandidaat.afwijzingen_en_verlopen += 1  # DRE-O3
        session.add(kandidaat)
    woning.status = WoningStatus.beschikbaar
    woning.gewijzigd_op = moment
    session.add(woning)
    session.flush()
    audit.record(
        session,
        by,
        f"aanbieding-{status.value}",
        "aanbieding",
        a.id,
        voor=voor,
        na=audit.snapshot(a),
        toelichting=toelichting,
    )
    from service.maatwerk.actions import on_aanbieding_closed

    tekst = {
        AanbiedingStatus.afgewezen: "De kandidaat wees de woning af.",
        AanbiedingStatus.verlopen: "De kandidaat antwoordde niet op tijd.",
    }.get(status, toelichting or "De aanbieding is vervallen.")
    on_aanbieding_closed(session, a, by=by, reden=tekst)
    if a.voordracht_id is None:
        return
    plek = session.exec(
        select(VoordrachtPlek).where(
            VoordrachtPlek.voordracht_id == a.voordracht_id,
            VoordrachtPlek.kandidaat_id == a.kandidaat_id,
        )
    ).one()
    if status == AanbiedingStatus.afgewezen:
        plek.status = PlekStatus.afgewezen  # MATCH-E7: not proposed for this woning again
        plek.reden = f"{reden.value}: {toelichting}" if toelichting else reden.value
    elif status == AanbiedingStatus.verlopen:
        plek.status = PlekStatus.verlopen  # a lapse is no decline: may be proposed again
        plek.reden = "Niet op tijd geantwoord; de kandidaat wacht weer."
    else:
        plek.status = PlekStatus.vervallen
        plek.reden = tekst
    session.add(plek)
    session.flush()
    vd = session.get(Voordracht, a.voordracht_id)
    assert vd is not None
    refill(session, vd, by=by, wijziging=tekst)


def laat_vervallen(session: Session, a: Aanbieding, *, reden: str, by: Actor | None) -> None:
    """A running aanbieding ends because its kandidaat was placed elsewhere (no decline)."""
    _decline(
        session,
        a,
        status=AanbiedingStatus.vervallen,
        reden=Afwijsreden.niet_meer_beschikbaar,
        toelichting=reden,
        moment=nu(),
        by=by,
    )


def expire_overdue(
    session: Session, *, moment: datetime | None = None, limit: int | None = None
) -> list[uuid.UUID]:
    """Lapse aanbiedingen past their deadline and, if the region wants, offer to the next one.

    Called by the scheduled job (``service.taken``) and on demand; safe to run concurrently
    (rows are locked, and a second run finds nothing left to do). ``limit``: at most this many
    in this transaction (the job works in short batches).
    """
    moment = moment or nu()
    overdue = session.exec(
        select(Aanbieding)
        .where(
            or_(
                (Aanbieding.status == AanbiedingStatus.open)
                & (Aanbieding.reactie_deadline < moment),
                (Aanbieding.status == AanbiedingStatus.bezichtiging)
                & (Aanbieding.acceptatie_deadline < moment),
            )
        )
        .order_by(Aanbieding.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    done = []
    for a in overdue:
        _decline(
            session,
            a,
            status=AanbiedingStatus.verlopen,
            reden=Afwijsreden.geen_reactie,
            toelichting="Niet op tijd geantwoord.",
            moment=moment,
            by=None,
        )
        done.append(a.id)
        if region.active().termijnen.automatisch_doorschuiven and a.voordracht_id is not None:
            _next_kandidaat(session, a.voordracht_id)
    return done


def _next_kandidaat(session: Session, voordracht_id: uuid.UUID) -> Aanbieding | None:
    vd = session.get(Voordracht, voordracht_id)
    if vd is None or vd.status != VoordrachtStatus.goedgekeurd:
        return None
    volgende = session.exec(
        select(VoordrachtPlek)
        .where(
            VoordrachtPlek.voordracht_id == vd.id, VoordrachtPlek.status == PlekStatus.goedgekeurd
        )
        .order_by(VoordrachtPlek.positie)
    ).first()
    if volgende is None:
        return None
    a = open_aanbieding(
        session,
        woning_id=vd.woning_id,
        kandidaat_id=volgende.kandidaat_id,
        voordracht_id=vd.id,
        keuze_reden="Automatisch doorgeschoven: de vorige kandidaat antwoordde niet op tijd.",
        by=None,
    )
    volgende.status = PlekStatus.gekozen
    session.add(volgende)
    session.flush()
    from service.voordrachten.actions import release_kandidaat

    release_kandidaat(
        session,
        volgende.kandidaat_id,
        by=None,
        reden="gekozen voor een andere woning",
        behalve=vd.id,
    )
    return a
