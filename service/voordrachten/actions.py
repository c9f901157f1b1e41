"""Voordrachten: propose (MATCH-N), review (MATCH-V1), choose (MATCH-V2), refill, close.

The state machine:
- a voordracht starts ``te-beoordelen``; the bemiddelaar approves (``goedgekeurd``), after
  which it stays approved; places added later by a refill wait for review one by one;
- a place is ``te-beoordelen`` → ``goedgekeurd`` → ``gekozen``; or ``geschrapt`` (struck,
  MATCH-V1), ``afgewezen`` (the kandidaat declined, MATCH-E7) or ``vervallen`` (the kandidaat
  left the pool, e.g. chosen elsewhere); every place that is lost is refilled with the next
  suitable kandidaat;
- the voordracht is ``afgerond`` at the plaatsing, ``gesloten`` when the woning is withdrawn.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import case
from sqlmodel import Session, col, func, select, update

import matching
from service import audit, region
from service.auth import Actor
from service.clock import nu, vandaag
from service.errors import Conflict, OngeldigeInvoer, Veldfout
from service.kandidaten.actions import sync_pool
from service.mapping import plek_uitleg, voorstel_uitleg
from service.models import (
    ACTIEVE_PLEKKEN,
    Aanbieding,
    Gemeentevoorkeur,
    Kandidaat,
    KandidaatStatus,
    Organisatie,
    OrganisatieSoort,
    PlekStatus,
    Voordracht,
    VoordrachtPlek,
    VoordrachtStatus,
    Woning,
    WoningStatus,
)
from service.queries import one_visible, page
from service.teksten import KEUZE_ZONDER_REDEN, REDEN_VERPLICHT, KeuzeRedenSoort
from service.voordrachten import pool
from service.voordrachten.schemas import Beoordeling, Besluit, Keuze

OPEN = (VoordrachtStatus.te_beoordelen, VoordrachtStatus.goedgekeurd)
ZICHTBAAR_VOOR_CORPORATIE = (VoordrachtStatus.goedgekeurd, VoordrachtStatus.afgerond)
PLEKKEN_VOOR_CORPORATIE = (PlekStatus.goedgekeurd, PlekStatus.gekozen, PlekStatus.afgewezen)


# --- reading -----------------------------------------------------------------------------


def visible(query: Any, actor: Actor) -> Any:
    if actor.soort == OrganisatieSoort.bemiddelaar:
        return query
    if actor.soort == OrganisatieSoort.corporatie:
        # A voordracht it chose from stays readable after it closes (the woning withdrawn).
        gekozen = select(Aanbieding.voordracht_id).where(
            Aanbieding.corporatie_id == actor.organisatie_id,
            col(Aanbieding.voordracht_id).is_not(None),
        )
        return query.where(
            Voordracht.corporatie_id == actor.organisatie_id,
            col(Voordracht.status).in_(ZICHTBAAR_VOOR_CORPORATIE)
            | ((Voordracht.status == VoordrachtStatus.gesloten) & col(Voordracht.id).in_(gekozen)),
        )
    return query.where(False)


def get_voordracht(
    session: Session, voordracht_id: uuid.UUID, actor: Actor, *, for_update: bool = False
) -> Voordracht:
    return one_visible(
        session,
        visible(select(Voordracht).where(Voordracht.id == voordracht_id), actor),
        melding="Deze voordracht bestaat niet, of u mag deze (nog) niet zien.",
        for_update=for_update,
    )


def plekken_van(session: Session, voordracht_id: uuid.UUID) -> list[VoordrachtPlek]:
    return list(
        session.exec(
            select(VoordrachtPlek)
            .where(VoordrachtPlek.voordracht_id == voordracht_id)
            .order_by(VoordrachtPlek.positie, VoordrachtPlek.aangemaakt_op)
        ).all()
    )


def list_voordrachten(
    session: Session,
    actor: Actor,
    *,
    status: VoordrachtStatus | None,
    te_beoordelen: bool | None,
    woning_id: uuid.UUID | None,
    offset: int,
    limit: int,
) -> tuple[list[Voordracht], int]:
    query = visible(select(Voordracht), actor)
    if status is not None:
        query = query.where(Voordracht.status == status)
    if woning_id is not None:
        query = query.where(Voordracht.woning_id == woning_id)
    if te_beoordelen is not None:
        pending = select(VoordrachtPlek.voordracht_id).where(
            VoordrachtPlek.status == PlekStatus.te_beoordelen
        )
        cond = col(Voordracht.id).in_(pending)
        query = query.where(cond if te_beoordelen else ~cond)
    rows, totaal = page(
        session, query, Voordracht.aangemaakt_op, Voordracht.id, offset=offset, limit=limit
    )
    return list(rows), totaal


def pool_counts(session: Session, gemeente: str) -> tuple[int, int]:
    """Waiting kandidaten in the pool who want ``gemeente``, and how many as first choice."""
    gv = Gemeentevoorkeur
    eerste = func.coalesce(func.sum(case((gv.rangklasse == 0, 1), else_=0)), 0)
    alle, eerste_n = session.exec(
        select(func.count(), eerste).where(gv.gemeente == gemeente, pool.IN_POOL)
    ).one()
    return int(alle), int(eerste_n)


def maatwerk_count(session: Session, gemeente: str) -> int:
    """Waiting kandidaten who want ``gemeente`` but go through maatwerk (left out of voordrachten)."""
    return session.exec(
        select(func.count())
        .select_from(Kandidaat)
        .join(Gemeentevoorkeur, Gemeentevoorkeur.kandidaat_id == Kandidaat.id)
        .where(
            Gemeentevoorkeur.gemeente == gemeente,
            Kandidaat.status == KandidaatStatus.wachtend,
            Kandidaat.route == "maatwerk",
        )
    ).one()


# --- proposing and refilling -------------------------------------------------------------


#: Where ``_fill`` parks a new or returning place until ``_positions`` numbers it.
GEPARKEERD = -1000


def _positions(session: Session, plekken: list[VoordrachtPlek]) -> None:
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
    beleid = region.active().matching.beleid()
    actief.sort(
        key=lambda p: matching.plaatssleutel(
            p.eerste_keuze,
            p.aanmelddatum,
            volgnummer[p.kandidaat_id],
            str(p.kandidaat_id),
            beleid,
        )
    )
    verschoven = [(i, p) for i, p in enumerate(actief, start=1) if p.positie != i]
    if not verschoven:
        return
    for tijdelijk, (_, p) in enumerate(verschoven, start=1):
        p.positie = -tijdelijk  # apart from the places ``_fill`` parks (GEPARKEERD and below)
        session.add(p)
    session.flush()
    sinds = nu().isoformat()
    for i, p in verschoven:
        p.positie = i
        p.positiehistorie = [*p.positiehistorie, {"positie": i, "sinds": sinds}]
        session.add(p)


def _explain_places(
    session: Session, vd: Voordracht, woning: Woning, plekken: list[VoordrachtPlek]
) -> None:
    """After a strike or refill, every active place explains its place as it now stands."""
    from service.kandidaten.actions import voorkeuren
    from service.mapping import kandidaat_input, woning_input

    actief = sorted((p for p in plekken if p.status in ACTIEVE_PLEKKEN), key=lambda p: p.positie)
    if not actief:
        return
    ids = [p.kandidaat_id for p in actief]
    rijen = {k.id: k for k in session.exec(select(Kandidaat).where(col(Kandidaat.id).in_(ids)))}
    prefs = voorkeuren(session, ids)
    w = woning_input(woning)
    beleid = region.active().matching.beleid()
    vorige = None
    for p in actief:
        ki = kandidaat_input(rijen[p.kandidaat_id], prefs[p.kandidaat_id])
        tekst = matching.reden_rang(ki, w, p.positie, vorige, beleid)
        if p.uitleg.get("waaromDezePlek") != tekst:
            p.uitleg = {**p.uitleg, "waaromDezePlek": tekst}
            session.add(p)
        vorige = ki
    vd.uitleg = {**vd.uitleg, "gevonden": len(actief), "gevraagd": vd.gevraagd}


def _fill(
    session: Session, vd: Voordracht, woning: Woning, plekken: list[VoordrachtPlek]
) -> list[VoordrachtPlek]:
    """Add places until the voordracht holds ``gevraagd`` active ones, if kandidaten allow."""
    actief = [p for p in plekken if p.status in ACTIEVE_PLEKKEN]
    missing = vd.gevraagd - len(actief)
    nieuw: list[VoordrachtPlek] = []
    if missing > 0:
        voorstel = pool.propose(session, woning, region.active(), plekken=plekken, aantal=missing)
        bestaand = {str(p.kandidaat_id): p for p in plekken}
        for plek in voorstel.plekken:
            row = bestaand.get(plek.kandidaat_id)
            if row is None:
                row = VoordrachtPlek(
                    voordracht_id=vd.id,
                    kandidaat_id=uuid.UUID(plek.kandidaat_id),
                    positie=0,
                    eerste_keuze=plek.eerste_keuze,
                    aanmelddatum=plek.aanmelddatum,
                )
                plekken.append(row)
            # parked until ``_positions`` numbers it (a place back after a lapse, too)
            row.positie = GEPARKEERD - len(nieuw)
            row.status = PlekStatus.te_beoordelen
            row.uitleg = plek_uitleg(plek)
            row.reden = None
            session.add(row)
            nieuw.append(row)
        vd.uitleg = {
            **voorstel_uitleg(voorstel, woning.gemeente),
            "wijzigingen": vd.uitleg.get("wijzigingen", []),
        }
    session.flush()
    _positions(session, plekken)
    _explain_places(session, vd, woning, plekken)
    vd.volledig = sum(p.status in ACTIEVE_PLEKKEN for p in plekken) >= vd.gevraagd
    vd.gewijzigd_op = nu()
    session.add(vd)
    return nieuw


def create_for_woning(session: Session, woning: Woning, *, by: Actor) -> Voordracht:
    """ZOU-R1: a reported woning gets its voordracht of the top N at once (``te-beoordelen``)."""
    if session.exec(
        select(Voordracht.id).where(
            Voordracht.woning_id == woning.id, col(Voordracht.status).in_(OPEN)
        )
    ).first():
        raise Conflict("Voor deze woning is al een open voordracht.")
    vd = Voordracht(
        woning_id=woning.id,
        corporatie_id=woning.corporatie_id,
        gevraagd=region.active().termijnen.kandidaten_per_voordracht,
    )
    session.add(vd)
    session.flush()
    _fill(session, vd, woning, [])
    session.flush()
    audit.record(
        session,
        by,
        "voordracht-gemaakt",
        "voordracht",
        vd.id,
        na={"woning": str(woning.id), "volledig": vd.volledig, "uitleg": vd.uitleg},
    )
    return vd


def _note(vd: Voordracht, tekst: str) -> None:
    vd.uitleg = {
        **vd.uitleg,
        "wijzigingen": [*vd.uitleg.get("wijzigingen", []), f"{vandaag().isoformat()}: {tekst}"],
    }


def refill(
    session: Session, vd: Voordracht, *, by: Actor | None, wijziging: str
) -> list[VoordrachtPlek]:
    woning = session.get(Woning, vd.woning_id)
    assert woning is not None
    plekken = plekken_van(session, vd.id)
    _note(vd, wijziging)
    nieuw = _fill(session, vd, woning, plekken)
    audit.record(
        session,
        by,
        "voordracht-aangevuld",
        "voordracht",
        vd.id,
        toelichting=wijziging,
        na={"nieuw": [str(p.kandidaat_id) for p in nieuw], "volledig": vd.volledig},
    )
    return nieuw


def release_kandidaat(
    session: Session,
    kandidaat_id: uuid.UUID,
    *,
    by: Actor | None,
    reden: str,
    behalve: uuid.UUID | None = None,
    alleen_ongeschikt: bool = False,
) -> None:
    """The kandidaat can no longer be proposed: open places elsewhere lapse and refill.

    With ``alleen_ongeschikt`` (after a change of the kandidaat's data) only the places for
    woningen the kandidaat no longer suits lapse, with the rule that now excludes them.
    """
    rows = session.exec(
        select(VoordrachtPlek, Voordracht)
        .join(Voordracht, Voordracht.id == VoordrachtPlek.voordracht_id)
        .where(
            VoordrachtPlek.kandidaat_id == kandidaat_id,
            col(VoordrachtPlek.status).in_((PlekStatus.te_beoordelen, PlekStatus.goedgekeurd)),
            col(Voordracht.status).in_(OPEN),
        )
    ).all()
    for plek, vd in rows:
        if vd.id == behalve:
            continue
        if alleen_ongeschikt:
            uitsluiting = _still_suitable(session, plek.kandidaat_id, vd.woning_id)
            if uitsluiting is None:
                continue
            reden = f"{uitsluiting.regel}: {uitsluiting.reden}"
        plek.status = PlekStatus.vervallen
        plek.reden = reden
        session.add(plek)
        session.flush()
        refill(session, vd, by=by, wijziging=f"Een kandidaat viel af: {reden}")


def _still_suitable(session: Session, kandidaat_id: uuid.UUID, woning_id: uuid.UUID) -> Any:
    """The first rule that now excludes the kandidaat from the woning, or None."""
    import matching
    from service.kandidaten.actions import voorkeuren
    from service.mapping import kandidaat_input, woning_input

    k = session.get(Kandidaat, kandidaat_id)
    w = session.get(Woning, woning_id)
    assert k is not None and w is not None
    peildatum = vandaag()
    context = region.active().context(peildatum, afgewezen=pool.declined(session, woning_id))
    ki = kandidaat_input(k, voorkeuren(session, [k.id])[k.id])
    return matching.eerste_uitsluiting(ki, woning_input(w), context)


def close_for_woning(
    session: Session, woning_id: uuid.UUID, *, by: Actor | None, reden: str
) -> None:
    for vd in session.exec(
        select(Voordracht).where(
            Voordracht.woning_id == woning_id, col(Voordracht.status).in_(OPEN)
        )
    ).all():
        vd.status = VoordrachtStatus.gesloten
        _note(vd, reden)
        vd.gewijzigd_op = nu()
        session.add(vd)
        audit.record(session, by, "voordracht-gesloten", "voordracht", vd.id, toelichting=reden)


# --- review (MATCH-V1) -------------------------------------------------------------------


def review(
    session: Session, *, voordracht_id: uuid.UUID, data: Beoordeling, by: Actor
) -> Voordracht:
    vd = get_voordracht(session, voordracht_id, by, for_update=True)
    if vd.status not in OPEN:
        raise Conflict(f"Deze voordracht is {vd.status}; beoordelen kan niet meer.")
    plekken = plekken_van(session, vd.id)
    if data.besluit == Besluit.goedkeuren:
        pending = [p for p in plekken if p.status == PlekStatus.te_beoordelen]
        if not pending:
            raise Conflict(
                "Er staat geen kandidaat op deze voordracht die nog beoordeeld moet worden."
            )
        for p in pending:
            p.status = PlekStatus.goedgekeurd
            session.add(p)
        vd.status = VoordrachtStatus.goedgekeurd
        vd.gewijzigd_op = nu()
        session.add(vd)
        session.flush()
        audit.record(
            session,
            by,
            "voordracht-goedgekeurd",
            "voordracht",
            vd.id,
            na={"goedgekeurd": [str(p.kandidaat_id) for p in pending]},
        )
        return vd
    plek = next((p for p in plekken if p.id == data.plek_id), None)
    if plek is None:
        raise OngeldigeInvoer(
            "Deze plek hoort niet bij deze voordracht.",
            [Veldfout("plekId", "Kies een plek van deze voordracht.")],
        )
    if plek.status not in (PlekStatus.te_beoordelen, PlekStatus.goedgekeurd):
        raise Conflict(
            f"Deze plek is {plek.status}; schrappen kan alleen bij een voorgestelde kandidaat."
        )
    plek.status = PlekStatus.geschrapt
    plek.reden = data.reden
    session.add(plek)
    session.flush()
    audit.record(
        session,
        by,
        "kandidaat-geschrapt",
        "voordracht",
        vd.id,
        toelichting=data.reden,
        na={"kandidaat": str(plek.kandidaat_id)},
    )
    refill(session, vd, by=by, wijziging=f"Het Vierde Huis schrapte een kandidaat: {data.reden}")
    return vd


# --- choice (MATCH-V2) -------------------------------------------------------------------


def _strikt_contingent(session: Session, kandidaat_id: uuid.UUID) -> None:
    """ZOU-K3 strict mode: refuse over-use at the choice, before anyone is offered a home."""
    from service.contingenten.actions import current, gebruik_van

    if not region.active().termijnen.contingent_strikt:
        return
    jaar = vandaag().year
    if current(session, jaar) is None:
        return
    k = session.get(Kandidaat, kandidaat_id)
    assert k is not None
    g = gebruik_van(session, k.zorgaanbieder_id, jaar)
    if g.resterend <= 0:
        naam = session.get(Organisatie, k.zorgaanbieder_id)
        raise Conflict(
            f"{naam.naam if naam else 'De zorgaanbieder'} heeft geen woningen van het contingent "
            f"{jaar} meer over ({g.toegewezen} toegewezen, {g.gebruikt} gebruikt, "
            f"{g.in_behandeling} in behandeling). De regio staat geen overgebruik toe; vraag het "
            "regiobeheer om een herverdeling, of kies een kandidaat van een andere zorgaanbieder."
        )


def kiesbaar(vd: Voordracht, plekken: list[VoordrachtPlek]) -> list[VoordrachtPlek]:
    """The places the corporatie may choose from; before approval, those it will see."""
    goedgekeurd = [p for p in plekken if p.status == PlekStatus.goedgekeurd]
    if goedgekeurd or vd.status != VoordrachtStatus.te_beoordelen:
        return goedgekeurd
    return [p for p in plekken if p.status == PlekStatus.te_beoordelen]


def langst_wachtende(session: Session, plekken: list[VoordrachtPlek]) -> VoordrachtPlek | None:
    """MATCH-V2: of ``plekken``, the kandidaat with the earliest (corrected) aanmelddatum.

    Not necessarily the highest place: MATCH-K1 may put a later-registered first-choice
    kandidaat above. Ties follow MATCH-K3 (registration order: the volgnummer).
    """
    if not plekken:
        return None
    rows = {
        kid: (datum, volgnummer)
        for kid, datum, volgnummer in session.exec(
            select(Kandidaat.id, Kandidaat.aanmelddatum, Kandidaat.volgnummer).where(
                col(Kandidaat.id).in_([p.kandidaat_id for p in plekken])
            )
        ).all()
    }
    return min(plekken, key=lambda p: (*rows[p.kandidaat_id], str(p.kandidaat_id)))


def choose(session: Session, *, voordracht_id: uuid.UUID, data: Keuze, by: Actor) -> Aanbieding:
    from service.aanbiedingen.actions import open_aanbieding

    # Lock order: the year's contingent (strict regions only), kandidaat, woning, voordracht. A
    # winner goes on to refill the other voordrachten of its kandidaat; a loser must not hold one
    # of those while it waits, or PostgreSQL sees a deadlock. In a strict region the year's
    # distribution rows serialise the count of ZOU-K3, so simultaneous choices cannot all pass.
    if region.active().termijnen.contingent_strikt:
        from service.models import Verdeling

        session.exec(
            select(Verdeling.id).where(Verdeling.jaar == vandaag().year).with_for_update()
        ).all()
    vd = get_voordracht(session, voordracht_id, by)
    gekozen = session.exec(
        select(VoordrachtPlek.kandidaat_id).where(
            VoordrachtPlek.voordracht_id == vd.id, VoordrachtPlek.id == data.plek_id
        )
    ).first()
    if gekozen is not None:
        session.exec(select(Kandidaat.id).where(Kandidaat.id == gekozen).with_for_update()).first()
    session.exec(select(Woning.id).where(Woning.id == vd.woning_id).with_for_update()).first()
    vd = get_voordracht(session, voordracht_id, by, for_update=True)
    session.refresh(vd)
    if vd.status != VoordrachtStatus.goedgekeurd:
        raise Conflict(f"Deze voordracht is {vd.status}; kiezen kan niet meer.")
    plekken = plekken_van(session, vd.id)
    for p in plekken:
        session.refresh(p)
    plek = next((p for p in plekken if p.id == data.plek_id), None)
    if plek is None or plek.status in (PlekStatus.te_beoordelen, PlekStatus.geschrapt):
        raise OngeldigeInvoer(
            "Deze kandidaat staat niet op deze voordracht.",
            [Veldfout("plekId", "Kies een plek van deze voordracht.")],
        )
    if plek.status == PlekStatus.vervallen:
        raise Conflict(
            "Deze kandidaat is intussen aan een andere woning aangeboden of wacht niet meer. "
            "Kies een andere kandidaat."
        )
    if plek.status != PlekStatus.goedgekeurd:
        raise Conflict(f"Deze kandidaat is al {plek.status}; kies een andere kandidaat.")
    _strikt_contingent(session, plek.kandidaat_id)
    beste = langst_wachtende(session, kiesbaar(vd, plekken))
    assert beste is not None  # the chosen place itself is choosable
    reden = (data.reden or "").strip()
    soort = data.reden_soort
    if soort is None and reden:
        soort = KeuzeRedenSoort.anders  # free text alone is "another reason"
    if plek.id == beste.id:
        soort = None  # the longest waiting needs no reason
    if plek.id != beste.id and soort is None:
        raise OngeldigeInvoer(
            KEUZE_ZONDER_REDEN,
            [Veldfout("redenSoort", REDEN_VERPLICHT)],
        )
    aanbieding = open_aanbieding(
        session,
        woning_id=vd.woning_id,
        kandidaat_id=plek.kandidaat_id,
        voordracht_id=vd.id,
        keuze_reden=reden or None,
        keuze_reden_soort=soort,
        by=by,
    )
    plek.status = PlekStatus.gekozen
    session.add(plek)
    session.flush()
    audit.record(
        session,
        by,
        "kandidaat-gekozen",
        "voordracht",
        vd.id,
        toelichting=reden or None,
        na={
            "redenSoort": soort,
            "kandidaat": str(plek.kandidaat_id),
            "aanbieding": str(aanbieding.id),
            "langstWachtend": plek.id == beste.id,
        },
    )
    release_kandidaat(
        session, plek.kandidaat_id, by=by, reden="gekozen voor een andere woning", behalve=vd.id
    )
    return aanbieding


def reserve(session: Session, *, kandidaat_id: uuid.UUID, woning_id: uuid.UUID) -> None:
    """Atomically move kandidaat wachtend→aangeboden and woning beschikbaar→aangeboden.

    Conditional UPDATEs take the row lock on PostgreSQL; on SQLite the transaction already
    holds the write lock (BEGIN IMMEDIATE). The partial unique indexes on ``aanbieding``
    back this up in the database itself.
    """
    moment = nu()
    k = session.exec(
        update(Kandidaat)
        .where(Kandidaat.id == kandidaat_id, Kandidaat.status == KandidaatStatus.wachtend)
        .values(status=KandidaatStatus.aangeboden, gewijzigd_op=moment)
    )
    if k.rowcount != 1:
        raise Conflict("Deze kandidaat is net aan een andere woning aangeboden of wacht niet meer.")
    w = session.exec(
        update(Woning)
        .where(Woning.id == woning_id, Woning.status == WoningStatus.beschikbaar)
        .values(status=WoningStatus.aangeboden, gewijzigd_op=moment)
    )
    if w.rowcount != 1:
        raise Conflict(
            "Voor deze woning loopt al een aanbieding, of de woning is niet meer beschikbaar."
        )
    kandidaat = session.get(Kandidaat, kandidaat_id)
    assert kandidaat is not None
    session.refresh(kandidaat)
    sync_pool(session, kandidaat)
    woning = session.get(Woning, woning_id)
    if woning is not None:
        session.refresh(woning)


def zorgaanbieder_namen(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return dict(
        session.exec(
            select(Organisatie.id, Organisatie.naam).where(col(Organisatie.id).in_(ids))
        ).all()
    )
