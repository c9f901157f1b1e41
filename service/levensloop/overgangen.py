"""The placement lifecycle: every step that moves a kandidaat, a voordracht and its places, an
aanbieding, a maatwerktraject or a plaatsing, each with its guards beside it.

The resources (``service.voordrachten``, ``aanbiedingen``, ``maatwerk``, ``kandidaten``,
``plaatsingen``) check who asks and what was sent, then call a step here; this module never
calls back up into them. The allowed steps are the tables in ``toestanden`` (drawn in the
README); a step a table does not hold is refused with a 409.

- A woning gets a voordracht of the top N (ZOU-R1, ``create_for_woning``); the bemiddelaar
  approves or strikes places (MATCH-V1, ``keur_goed``/``schrap``); the corporatie chooses
  (MATCH-V2, ``kies``), which reserves kandidaat and woning and opens an aanbieding.
- DRE-O1/O2: the kandidaat views, accepts or declines within the region's terms; a decline
  excludes them from this woning for good (MATCH-E7), a lapse does not; both count for DRE-O3.
  A lapsed offer falls back to the next approved kandidaat unless the region switched that off.
- Every place that is lost is refilled with the next suitable kandidaat (``refill``); a
  kandidaat who can no longer be proposed leaves every open voordracht (``release_kandidaat``).
- Maatwerk (ZOU-R2): forwarded → zoekend → woning-gevonden → geplaatst, or afgewezen/gestopt.
- A plaatsing closes the kandidaat's other offers, places and trajecten (``sluit_kandidaat_af``).
"""

from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from datetime import timedelta

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import or_
from sqlmodel import select
from sqlmodel import update

from service import audit
from service import teksten
from service.auth import Actor
from service.clock import nu
from service.clock import vandaag
from service.contingenten.actions import current
from service.contingenten.actions import gebruik_van
from service.contingenten.actions import on_plaatsing
from service.errors import Conflict
from service.errors import OngeldigeInvoer
from service.errors import Veldfout
from service.formulieren.actions import check_acceptatie
from service.levensloop import toestanden
from service.levensloop.plekken import kiesbaar
from service.levensloop.plekken import langst_wachtende
from service.levensloop.plekken import noteer
from service.levensloop.plekken import plekken_van
from service.levensloop.plekken import uitsluiting
from service.levensloop.plekken import vul
from service.models import LOPENDE_AANBIEDING
from service.models import OPEN_PLEKKEN
from service.models import OPEN_TRAJECT
from service.models import OPEN_VOORDRACHT
from service.models import Aanbieding
from service.models import AanbiedingStatus
from service.models import Aanleiding
from service.models import Afwijsreden
from service.models import Gemeentevoorkeur
from service.models import Kandidaat
from service.models import KandidaatRoute
from service.models import KandidaatStatus
from service.models import Maatwerktraject
from service.models import Organisatie
from service.models import Plaatsing
from service.models import PlekStatus
from service.models import TrajectStap
from service.models import TrajectStatus
from service.models import Uitschrijfreden
from service.models import Verdeling
from service.models import Voordracht
from service.models import Voordrachtplek
from service.models import VoordrachtStatus
from service.models import Woning
from service.models import WoningStatus
from service.regio import regio_van
from service.signaleringen.actions import sluit_wachtsignalen
from service.teksten import KEUZE_ZONDER_REDEN
from service.teksten import REDEN_VERPLICHT
from service.teksten import KeuzeRedenSoort
from service.werkdagen import termijn_einde

# --- the kandidaat -----------------------------------------------------------------------


def sync_pool(session: Session, k: Kandidaat) -> None:
    """Keep the ranking copies in ``gemeentevoorkeur`` in step with the kandidaat."""
    session.flush()
    session.exec(
        update(Gemeentevoorkeur)
        .where(col(Gemeentevoorkeur.kandidaat_id) == k.id)
        .values(in_pool=toestanden.in_pool(k), aanmelddatum=k.aanmelddatum)
    )


def set_flow_status(session: Session, k: Kandidaat, nieuw: KandidaatStatus) -> None:
    """Status changes made by the voordracht/aanbieding/plaatsing flow."""
    toestanden.check(toestanden.KANDIDAAT, "kandidaat", KandidaatStatus(k.status), nieuw)
    k.status = nieuw
    k.gewijzigd_op = nu()
    session.add(k)
    sync_pool(session, k)


def wijzig_status(
    session: Session,
    k: Kandidaat,
    nieuw: KandidaatStatus,
    *,
    reden: Uitschrijfreden | None,
    toelichting: str | None,
    by: Actor,
) -> None:
    """A status change asked for directly (pause, resume, unregister); unregistering needs a
    reason, and only unregistering takes one."""
    toestanden.check_handmatig(KandidaatStatus(k.status), nieuw)
    if nieuw == KandidaatStatus.uitgeschreven and reden is None:
        raise OngeldigeInvoer(
            "Geef een reden voor het uitschrijven.",
            [Veldfout("reden", teksten.een_van(", ".join(r.value for r in Uitschrijfreden)))],
        )
    if nieuw != KandidaatStatus.uitgeschreven and reden is not None:
        raise OngeldigeInvoer(
            "Een reden hoort alleen bij uitschrijven.",
            [Veldfout("reden", "Laat dit veld leeg, of kies status uitgeschreven.")],
        )
    voor = audit.snapshot(k)
    k.status = nieuw
    k.status_reden = reden.value if reden else None
    k.status_toelichting = toelichting
    k.gewijzigd_op = nu()
    session.add(k)
    sync_pool(session, k)
    audit.record(
        session,
        by,
        f"kandidaat-{nieuw.value}",
        "kandidaat",
        k.id,
        voor=voor,
        na=audit.snapshot(k),
        toelichting=toelichting,
    )
    na_poolwijziging(session, k, by, f"De kandidaat is nu {nieuw.value}.")


def na_poolwijziging(session: Session, k: Kandidaat, by: Actor, reden: str) -> None:
    """A kandidaat who can no longer be proposed leaves the open voordrachten, which refill;
    one who still can leaves only those whose woning no longer suits the changed data."""
    release_kandidaat(session, k.id, by=by, reden=reden, alleen_ongeschikt=toestanden.in_pool(k))


# --- the voordracht and its places -------------------------------------------------------


def create_for_woning(session: Session, woning: Woning, *, by: Actor) -> Voordracht:
    """ZOU-R1: a reported woning gets its voordracht of the top N at once (``te-beoordelen``)."""
    if session.exec(
        select(Voordracht.id).where(
            Voordracht.woning_id == woning.id, col(Voordracht.status).in_(OPEN_VOORDRACHT)
        )
    ).first():
        raise Conflict("Voor deze woning is al een open voordracht.")
    vd = Voordracht(
        woning_id=woning.id,
        corporatie_id=woning.corporatie_id,
        gevraagd=regio_van(session).termijnen.kandidaten_per_voordracht,
    )
    session.add(vd)
    session.flush()
    vul(session, vd, woning, [])
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


def refill(
    session: Session, vd: Voordracht, *, by: Actor | None, wijziging: str
) -> list[Voordrachtplek]:
    """A place was lost: the voordracht takes the next suitable kandidaten."""
    woning = session.get(Woning, vd.woning_id)
    assert woning is not None
    plekken = plekken_van(session, vd.id)
    noteer(vd, wijziging)
    nieuw = vul(session, vd, woning, plekken)
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


def _zet_plek(plek: Voordrachtplek, nieuw: PlekStatus, reden: str | None) -> None:
    toestanden.check(toestanden.PLEK, "plek", PlekStatus(plek.status), nieuw)
    plek.status = nieuw
    plek.reden = reden


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
        select(Voordrachtplek, Voordracht)
        .join(Voordracht, col(Voordracht.id) == col(Voordrachtplek.voordracht_id))
        .where(
            Voordrachtplek.kandidaat_id == kandidaat_id,
            col(Voordrachtplek.status).in_(OPEN_PLEKKEN),
            col(Voordracht.status).in_(OPEN_VOORDRACHT),
        )
    ).all()
    for plek, vd in rows:
        if vd.id == behalve:
            continue
        if alleen_ongeschikt:
            regel = uitsluiting(session, plek.kandidaat_id, vd.woning_id)
            if regel is None:
                continue
            reden = f"{regel.regel}: {regel.reden}"
        _zet_plek(plek, PlekStatus.vervallen, reden)
        session.add(plek)
        session.flush()
        refill(session, vd, by=by, wijziging=f"Een kandidaat viel af: {reden}")


def close_for_woning(
    session: Session, woning_id: uuid.UUID, *, by: Actor | None, reden: str
) -> None:
    """The woning is withdrawn or went another way: its open voordrachten close."""
    for vd in session.exec(
        select(Voordracht).where(
            Voordracht.woning_id == woning_id, col(Voordracht.status).in_(OPEN_VOORDRACHT)
        )
    ).all():
        toestanden.check(
            toestanden.VOORDRACHT,
            "voordracht",
            VoordrachtStatus(vd.status),
            VoordrachtStatus.gesloten,
        )
        vd.status = VoordrachtStatus.gesloten
        noteer(vd, reden)
        vd.gewijzigd_op = nu()
        session.add(vd)
        audit.record(session, by, "voordracht-gesloten", "voordracht", vd.id, toelichting=reden)


def keur_goed(session: Session, vd: Voordracht, *, by: Actor) -> None:
    """MATCH-V1: the bemiddelaar approves the places waiting for review."""
    if vd.status not in OPEN_VOORDRACHT:
        raise Conflict(f"Deze voordracht is {vd.status}; beoordelen kan niet meer.")
    pending = [p for p in plekken_van(session, vd.id) if p.status == PlekStatus.te_beoordelen]
    if not pending:
        raise Conflict("Er staat geen kandidaat op deze voordracht die nog beoordeeld moet worden.")
    for p in pending:
        _zet_plek(p, PlekStatus.goedgekeurd, p.reden)
        session.add(p)
    vd.status = VoordrachtStatus.goedgekeurd  # stays approved; later places wait one by one
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


def schrap(session: Session, vd: Voordracht, plek_id: uuid.UUID, *, reden: str, by: Actor) -> None:
    """MATCH-V1: the bemiddelaar strikes a proposed kandidaat, with a reason; the place refills."""
    if vd.status not in OPEN_VOORDRACHT:
        raise Conflict(f"Deze voordracht is {vd.status}; beoordelen kan niet meer.")
    plek = next((p for p in plekken_van(session, vd.id) if p.id == plek_id), None)
    if plek is None:
        raise OngeldigeInvoer(
            "Deze plek hoort niet bij deze voordracht.",
            [Veldfout("plekId", "Kies een plek van deze voordracht.")],
        )
    if plek.status not in OPEN_PLEKKEN:
        raise Conflict(
            f"Deze plek is {plek.status}; schrappen kan alleen bij een voorgestelde kandidaat."
        )
    _zet_plek(plek, PlekStatus.geschrapt, reden)
    session.add(plek)
    session.flush()
    audit.record(
        session,
        by,
        "kandidaat-geschrapt",
        "voordracht",
        vd.id,
        toelichting=reden,
        na={"kandidaat": str(plek.kandidaat_id)},
    )
    refill(session, vd, by=by, wijziging=f"Het Vierde Huis schrapte een kandidaat: {reden}")


def _strikt_contingent(session: Session, kandidaat_id: uuid.UUID) -> None:
    """ZOU-K3 strict mode: refuse over-use at the choice, before anyone is offered a home."""
    if not regio_van(session).termijnen.contingent_strikt:
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


def vergrendel_keuze(session: Session, vd: Voordracht, plek_id: uuid.UUID) -> None:
    """Lock order for a choice: the year's contingent (strict regions only), kandidaat, woning;
    the caller locks the voordracht next. A winner goes on to refill the other voordrachten of
    its kandidaat; a loser must not hold one of those while it waits, or PostgreSQL sees a
    deadlock. In a strict region the year's distribution rows serialise the count of ZOU-K3,
    so simultaneous choices cannot all pass."""
    if regio_van(session).termijnen.contingent_strikt:
        session.exec(
            select(Verdeling.id).where(Verdeling.jaar == vandaag().year).with_for_update()
        ).all()
    gekozen = session.exec(
        select(Voordrachtplek.kandidaat_id).where(
            Voordrachtplek.voordracht_id == vd.id, Voordrachtplek.id == plek_id
        )
    ).first()
    if gekozen is not None:
        session.exec(select(Kandidaat.id).where(Kandidaat.id == gekozen).with_for_update()).first()
    session.exec(select(Woning.id).where(Woning.id == vd.woning_id).with_for_update()).first()


def _keuze_reden(
    plek: Voordrachtplek, beste: Voordrachtplek, reden: str, soort: KeuzeRedenSoort | None
) -> KeuzeRedenSoort | None:
    """MATCH-V2: choosing anyone but the longest waiting needs a reason."""
    if soort is None and reden:
        soort = KeuzeRedenSoort.anders  # free text alone is "another reason"
    if plek.id == beste.id:
        return None  # the longest waiting needs no reason
    if soort is None:
        raise OngeldigeInvoer(KEUZE_ZONDER_REDEN, [Veldfout("redenSoort", REDEN_VERPLICHT)])
    return soort


def kies(
    session: Session,
    vd: Voordracht,
    plek_id: uuid.UUID,
    *,
    reden: str,
    reden_soort: KeuzeRedenSoort | None,
    by: Actor,
) -> Aanbieding:
    """MATCH-V2: the corporatie chooses a place of a locked, approved voordracht; the kandidaat
    is offered the woning and leaves every other voordracht."""
    if vd.status != VoordrachtStatus.goedgekeurd:
        raise Conflict(f"Deze voordracht is {vd.status}; kiezen kan niet meer.")
    plekken = plekken_van(session, vd.id)
    for p in plekken:
        session.refresh(p)
    plek = next((p for p in plekken if p.id == plek_id), None)
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
    soort = _keuze_reden(plek, beste, reden, reden_soort)
    aanbieding = open_aanbieding(
        session,
        woning_id=vd.woning_id,
        kandidaat_id=plek.kandidaat_id,
        voordracht_id=vd.id,
        keuze_reden=reden or None,
        keuze_reden_soort=soort,
        by=by,
    )
    _zet_plek(plek, PlekStatus.gekozen, plek.reden)
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
        .where(col(Kandidaat.id) == kandidaat_id, col(Kandidaat.status) == KandidaatStatus.wachtend)
        .values(status=KandidaatStatus.aangeboden, gewijzigd_op=moment)
    )
    if k.rowcount != 1:
        raise Conflict("Deze kandidaat is net aan een andere woning aangeboden of wacht niet meer.")
    w = session.exec(
        update(Woning)
        .where(col(Woning.id) == woning_id, col(Woning.status) == WoningStatus.beschikbaar)
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


# --- the aanbieding ----------------------------------------------------------------------


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
    """Offer the woning to the kandidaat (DRE-O1: the answer is due within the reply term)."""
    reserve(session, kandidaat_id=kandidaat_id, woning_id=woning_id)
    woning = session.get(Woning, woning_id)
    kandidaat = session.get(Kandidaat, kandidaat_id)
    assert woning is not None and kandidaat is not None
    termijnen = regio_van(session).termijnen
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


def _zet_aanbieding(a: Aanbieding, nieuw: AanbiedingStatus) -> None:
    toestanden.check(toestanden.AANBIEDING, "aanbieding", AanbiedingStatus(a.status), nieuw)
    a.status = nieuw


def bezichtig(
    session: Session, a: Aanbieding, *, op: datetime, toelichting: str | None, by: Actor
) -> None:
    """DRE-O2: a viewing is planned; acceptance is due within the term after it."""
    _check_open(a, nu())
    if a.status != AanbiedingStatus.open:
        raise Conflict("De bezichtiging is al vastgelegd. Accepteer of wijs de woning af.")
    voor = audit.snapshot(a)
    _zet_aanbieding(a, AanbiedingStatus.bezichtiging)
    a.bezichtiging_op = op
    termijnen = regio_van(session).termijnen
    a.acceptatie_deadline = termijn_einde(
        op, termijnen.acceptatietermijn_dagen, werkdagen=termijnen.werkdagen
    )
    a.toelichting = toelichting
    session.add(a)
    session.flush()
    audit.record(
        session, by, "aanbieding-bezichtiging", "aanbieding", a.id, voor=voor, na=audit.snapshot(a)
    )


def accepteer(session: Session, a: Aanbieding, *, toelichting: str | None, by: Actor) -> None:
    """The kandidaat accepts, once the region's required forms are there (ZOU-C1)."""
    moment = nu()
    _check_open(a, moment)
    voor = audit.snapshot(a)
    check_acceptatie(session, a.kandidaat_id)
    _zet_aanbieding(a, AanbiedingStatus.geaccepteerd)
    a.beantwoord_op = moment
    a.toelichting = toelichting
    session.add(a)
    session.flush()
    audit.record(
        session, by, "aanbieding-geaccepteerd", "aanbieding", a.id, voor=voor, na=audit.snapshot(a)
    )


def wijs_af(
    session: Session, a: Aanbieding, *, reden: Afwijsreden, toelichting: str | None, by: Actor
) -> None:
    """The kandidaat declines (MATCH-E7: not again for this woning)."""
    moment = nu()
    _check_open(a, moment)
    _sluit_aanbieding(
        session,
        a,
        status=AanbiedingStatus.afgewezen,
        reden=reden,
        toelichting=toelichting,
        moment=moment,
        by=by,
    )


_SLUIT_TEKST = {
    AanbiedingStatus.afgewezen: "De kandidaat wees de woning af.",
    AanbiedingStatus.verlopen: "De kandidaat antwoordde niet op tijd.",
}


def _sluit_aanbieding(
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
    voor = audit.snapshot(a)
    _zet_aanbieding(a, status)
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
    tekst = _SLUIT_TEKST.get(status, toelichting or "De aanbieding is vervallen.")
    _traject_zoekt_weer(session, a, by=by, reden=tekst)
    if a.voordracht_id is not None:
        _plek_na_aanbieding(session, a, status, reden, toelichting, tekst, by=by)


def _plek_na_aanbieding(
    session: Session,
    a: Aanbieding,
    status: AanbiedingStatus,
    reden: Afwijsreden,
    toelichting: str | None,
    tekst: str,
    *,
    by: Actor | None,
) -> None:
    """The chosen place follows its closed aanbieding, and the voordracht refills."""
    plek = session.exec(
        select(Voordrachtplek).where(
            Voordrachtplek.voordracht_id == a.voordracht_id,
            Voordrachtplek.kandidaat_id == a.kandidaat_id,
        )
    ).one()
    if status == AanbiedingStatus.afgewezen:
        # MATCH-E7: not proposed for this woning again
        _zet_plek(
            plek,
            PlekStatus.afgewezen,
            f"{reden.value}: {toelichting}" if toelichting else reden.value,
        )
    elif status == AanbiedingStatus.verlopen:
        # a lapse is no decline: may be proposed again
        _zet_plek(plek, PlekStatus.verlopen, "Niet op tijd geantwoord; de kandidaat wacht weer.")
    else:
        _zet_plek(plek, PlekStatus.vervallen, tekst)
    session.add(plek)
    session.flush()
    vd = session.get(Voordracht, a.voordracht_id)
    assert vd is not None
    refill(session, vd, by=by, wijziging=tekst)


def laat_vervallen(session: Session, a: Aanbieding, *, reden: str, by: Actor | None) -> None:
    """A running aanbieding ends because its kandidaat was placed elsewhere (no decline)."""
    _sluit_aanbieding(
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
                (col(Aanbieding.status) == AanbiedingStatus.open)
                & (col(Aanbieding.reactie_deadline) < moment),
                (col(Aanbieding.status) == AanbiedingStatus.bezichtiging)
                & (col(Aanbieding.acceptatie_deadline) < moment),
            )
        )
        .order_by(col(Aanbieding.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    done = []
    for a in overdue:
        _sluit_aanbieding(
            session,
            a,
            status=AanbiedingStatus.verlopen,
            reden=Afwijsreden.geen_reactie,
            toelichting="Niet op tijd geantwoord.",
            moment=moment,
            by=None,
        )
        done.append(a.id)
        if regio_van(session).termijnen.automatisch_doorschuiven and a.voordracht_id is not None:
            _next_kandidaat(session, a.voordracht_id)
    return done


def _next_kandidaat(session: Session, voordracht_id: uuid.UUID) -> Aanbieding | None:
    vd = session.get(Voordracht, voordracht_id)
    if vd is None or vd.status != VoordrachtStatus.goedgekeurd:
        return None
    volgende = session.exec(
        select(Voordrachtplek)
        .where(
            Voordrachtplek.voordracht_id == vd.id, Voordrachtplek.status == PlekStatus.goedgekeurd
        )
        .order_by(col(Voordrachtplek.positie))
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
    _zet_plek(volgende, PlekStatus.gekozen, volgende.reden)
    session.add(volgende)
    session.flush()
    release_kandidaat(
        session,
        volgende.kandidaat_id,
        by=None,
        reden="gekozen voor een andere woning",
        behalve=vd.id,
    )
    return a


# --- maatwerk (ZOU-R2) -------------------------------------------------------------------


def _due(session: Session) -> date:
    return vandaag() + timedelta(days=regio_van(session).termijnen.maatwerk_stap_dagen)


def traject_stap(
    session: Session,
    t: Maatwerktraject,
    nieuw: TrajectStatus,
    *,
    by: Actor | None,
    toelichting: str | None,
    eigenaar: uuid.UUID,
) -> None:
    """One step of a maatwerktraject, with its owner for the next step."""
    toestanden.check_traject(TrajectStatus(t.status), nieuw)
    voor = audit.snapshot(t)
    t.status = nieuw
    t.eigenaar_id = eigenaar
    t.volgende_stap_voor = _due(session)
    t.gewijzigd_op = nu()
    session.add(t)
    session.add(
        TrajectStap(
            traject_id=t.id,
            status=nieuw,
            organisatie_id=by.organisatie_id if by else None,
            toelichting=toelichting,
        )
    )
    session.flush()
    audit.record(
        session,
        by,
        f"traject-{nieuw.value}",
        "maatwerktraject",
        t.id,
        voor=voor,
        na=audit.snapshot(t),
        toelichting=toelichting,
    )


def stuur_door(
    session: Session,
    k: Kandidaat,
    *,
    naar: Organisatie,
    aanleiding: Aanleiding,
    wensen: str,
    contingent: bool,
    by: Actor,
) -> Maatwerktraject:
    """ZOU-R2: a new traject for a waiting kandidaat, who leaves omgekeerde plaatsing."""
    if k.status != KandidaatStatus.wachtend:
        raise Conflict(f"Alleen een wachtende kandidaat kan naar maatwerk (status nu: {k.status}).")
    if session.exec(
        select(Maatwerktraject.id).where(
            Maatwerktraject.kandidaat_id == k.id, col(Maatwerktraject.status).in_(OPEN_TRAJECT)
        )
    ).first():
        raise Conflict("Voor deze kandidaat loopt al een maatwerktraject.")
    t = Maatwerktraject(
        kandidaat_id=k.id,
        corporatie_id=naar.id,
        zorgaanbieder_id=k.zorgaanbieder_id,
        aanleiding=aanleiding,
        wensen=wensen,
        contingent=contingent,
        eigenaar_id=naar.id,
        volgende_stap_voor=_due(session),
    )
    session.add(t)
    session.flush()
    session.add(
        TrajectStap(
            traject_id=t.id,
            status=TrajectStatus.doorgestuurd,
            organisatie_id=by.organisatie_id,
            toelichting=f"Doorgestuurd naar {naar.naam}",
        )
    )
    if k.route != KandidaatRoute.maatwerk:
        k.route = KandidaatRoute.maatwerk
        k.gewijzigd_op = nu()
        session.add(k)
        sync_pool(session, k)
        release_kandidaat(session, k.id, by=by, reden="doorgestuurd naar maatwerk")
    session.flush()
    audit.record(session, by, "traject-doorgestuurd", "maatwerktraject", t.id, na=audit.snapshot(t))
    return t


def check_woning_melden(t: Maatwerktraject) -> None:
    """Only a searching traject reports a found woning."""
    if TrajectStatus(t.status) != TrajectStatus.zoekend:
        raise Conflict(f"Een woning melden kan niet: {toestanden.WAT_NU[TrajectStatus(t.status)]}.")


def woning_gevonden(session: Session, t: Maatwerktraject, w: Woning, *, by: Actor) -> Aanbieding:
    """The corporatie found a woning for this kandidaat: the shared aanbieding lifecycle starts."""
    check_woning_melden(t)
    if w.status != WoningStatus.beschikbaar:
        raise Conflict(f"Deze woning is {w.status}; kies een beschikbare woning.")
    close_for_woning(session, w.id, by=by, reden="De woning ging via maatwerk naar een kandidaat.")
    a = open_aanbieding(
        session,
        woning_id=w.id,
        kandidaat_id=t.kandidaat_id,
        voordracht_id=None,
        keuze_reden="Maatwerk: gevonden woning voor deze kandidaat.",
        by=by,
        maatwerktraject_id=t.id,
    )
    traject_stap(
        session,
        t,
        TrajectStatus.woning_gevonden,
        by=by,
        toelichting=f"Woning {w.straat} {w.huisnummer}",
        eigenaar=t.zorgaanbieder_id,
    )
    return a


def _traject_zoekt_weer(session: Session, a: Aanbieding, *, by: Actor | None, reden: str) -> None:
    """The kandidaat declined or let the aanbieding lapse: the corporatie searches again."""
    if a.maatwerktraject_id is None:
        return
    t = session.get(Maatwerktraject, a.maatwerktraject_id)
    if t is not None and t.status == TrajectStatus.woning_gevonden:
        traject_stap(
            session, t, TrajectStatus.zoekend, by=by, toelichting=reden, eigenaar=t.corporatie_id
        )


def _trajecten_na_plaatsing(
    session: Session, kandidaat_id: uuid.UUID, a: Aanbieding | None, *, by: Actor, reden: str
) -> None:
    """The kandidaat is placed: the traject that led to it (``a``'s) is geplaatst; any other
    open traject of the kandidaat stops with ``reden`` (placed elsewhere)."""
    for t in session.exec(
        select(Maatwerktraject).where(
            Maatwerktraject.kandidaat_id == kandidaat_id,
            col(Maatwerktraject.status).in_(OPEN_TRAJECT),
        )
    ).all():
        if a is not None and t.id == a.maatwerktraject_id:
            nieuw, toelichting = TrajectStatus.geplaatst, "Huurcontract getekend."
        else:
            nieuw, toelichting = TrajectStatus.gestopt, reden
        traject_stap(session, t, nieuw, by=by, toelichting=toelichting, eigenaar=t.corporatie_id)


# --- the plaatsing -----------------------------------------------------------------------


def sluit_kandidaat_af(
    session: Session,
    kandidaat: Kandidaat,
    *,
    by: Actor,
    aanbieding: Aanbieding | None,
    reden: str,
) -> None:
    """What every plaatsing closes for its kandidaat: through woonroute (``aanbieding``, the one
    that led to it) and reported from outside (ZOU-M1, ``aanbieding`` None).

    - a running aanbieding for another woning ends as ``vervallen`` (no decline: no MATCH-E7,
      no DRE-O3 count); that woning is free again and its voordracht refills;
    - the kandidaat becomes geplaatst and leaves the pool (MATCH-E1);
    - open places on other voordrachten lapse and those voordrachten refill;
    - the maatwerktraject that led here is geplaatst, any other open one stops;
    - the kandidaat's open waiting signals close (ZOU-M2, DRE-O3).
    """
    for lopend in session.exec(
        select(Aanbieding).where(
            Aanbieding.kandidaat_id == kandidaat.id,
            col(Aanbieding.status).in_(LOPENDE_AANBIEDING),
        )
    ).all():
        if aanbieding is None or lopend.id != aanbieding.id:
            laat_vervallen(session, lopend, reden=reden, by=by)
    set_flow_status(session, kandidaat, KandidaatStatus.geplaatst)
    release_kandidaat(session, kandidaat.id, by=by, reden=reden)
    _trajecten_na_plaatsing(session, kandidaat.id, aanbieding, by=by, reden=reden)
    sluit_wachtsignalen(session, kandidaat.id, by=by)


def check_plaatsbaar(a: Aanbieding) -> None:
    """Only an accepted aanbieding leads to a plaatsing, and only once."""
    if a.status == AanbiedingStatus.geplaatst:
        raise Conflict("Voor deze aanbieding is de plaatsing al vastgelegd.")
    if a.status != AanbiedingStatus.geaccepteerd:
        raise Conflict(
            f"Plaatsen kan pas als de kandidaat de woning heeft geaccepteerd (nu: {a.status})."
        )


def plaats(session: Session, a: Aanbieding, *, by: Actor) -> None:
    """The contract is signed for an accepted aanbieding: it ends as ``geplaatst`` and closes
    the kandidaat's other offers, places and trajecten (``sluit_kandidaat_af``)."""
    check_plaatsbaar(a)
    kandidaat = session.get(Kandidaat, a.kandidaat_id)
    assert kandidaat is not None
    _zet_aanbieding(a, AanbiedingStatus.geplaatst)
    session.add(a)
    sluit_kandidaat_af(session, kandidaat, by=by, aanbieding=a, reden="De kandidaat is geplaatst.")


def verhuur(session: Session, a: Aanbieding, p: Plaatsing, *, by: Actor) -> None:
    """After ``plaats``: the woning is let, its voordracht done, and the home counts for the
    contingent (ZOU-K3; a maatwerktraject may be outside it)."""
    woning = session.get(Woning, a.woning_id)
    assert woning is not None
    woning.status = WoningStatus.verhuurd
    woning.gewijzigd_op = nu()
    session.add(woning)
    if a.voordracht_id is not None:
        vd = session.get(Voordracht, a.voordracht_id)
        assert vd is not None
        toestanden.check(
            toestanden.VOORDRACHT,
            "voordracht",
            VoordrachtStatus(vd.status),
            VoordrachtStatus.afgerond,
        )
        vd.status = VoordrachtStatus.afgerond
        vd.gewijzigd_op = nu()
        session.add(vd)
        for plek in session.exec(
            select(Voordrachtplek).where(
                Voordrachtplek.voordracht_id == vd.id,
                col(Voordrachtplek.status).in_(OPEN_PLEKKEN),
            )
        ).all():
            _zet_plek(plek, PlekStatus.vervallen, "De woning is verhuurd.")
            session.add(plek)
    traject = session.get(Maatwerktraject, a.maatwerktraject_id) if a.maatwerktraject_id else None
    on_plaatsing(session, p, binnen=traject.contingent if traject is not None else True, by=by)
