"""Why is this kandidaat not being matched? (ZOU-M2; the question people ask most.)

One implementation for the ``langwachtend`` signal, the escalations and ``waarom-niet``: every
woning reported in the kandidaat's gemeenten since registration is judged again with the
matching rules, joined with what actually happened (proposed at which place, declined and why).
The binding constraint is the rule that excluded the kandidaat most often, said in plain Dutch
with the number that matters (rooms, rent ceiling, accessibility).
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from datetime import date
from datetime import datetime
from datetime import time
from decimal import Decimal
from typing import Any

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

import matching
from service.clock import NL
from service.clock import datum_van
from service.clock import vandaag
from service.errors import GrenzenOntbreken
from service.errors import grenzen_ontbreken_kort
from service.mapping import kandidaat_input
from service.mapping import woning_input
from service.models import LOPENDE_AANBIEDING
from service.models import OPEN_PLEKKEN
from service.models import OPEN_VOORDRACHT
from service.models import Aanbieding
from service.models import AanbiedingStatus
from service.models import Kandidaat
from service.models import PlekStatus
from service.models import Voordracht
from service.models import Voordrachtplek
from service.models import Woning
from service.queries import voorkeuren
from service.regio import Regio
from service.regio import regio_van

REGEL_TEKST = {
    "MATCH-E1": "de kandidaat deed niet mee (status, route, gereedverklaring of begeleiding)",
    "MATCH-E2": "de woning lag niet in een gekozen gemeente",
    "MATCH-E3": "de woning was te klein voor het huishouden",
    "MATCH-E4": "de huur paste niet bij het inkomen",
    "MATCH-E5": "de woning was niet toegankelijk genoeg",
    "MATCH-E6": "de woning had eigen eisen, zoals een minimumleeftijd",
    "MATCH-E7": "de kandidaat had de woning al afgewezen",
    "MATCH-V1": "Het Vierde Huis schrapte de kandidaat",
}


@dataclass(frozen=True)
class WoningUitkomst:
    woning_id: uuid.UUID
    gemeente: str
    adres: str
    gemeld_op: date
    uitkomst: str  # voorgedragen | niet-geschikt | geschikt-niet-voorgedragen
    regel: str | None
    reden: str
    positie: int | None = None


@dataclass(frozen=True)
class Diagnose:
    woningen_gemeld: int
    geschikt: int
    voorgedragen: int
    beste_positie: int | None
    afwijzingen: list[dict[str, Any]]
    uitsluitingen: dict[str, int]
    regel: str | None
    bindende_beperking: str
    voorstellen: list[str]
    per_woning: list[WoningUitkomst] = field(default_factory=list)

    def as_json(self, *, met_woningen: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "woningenGemeld": self.woningen_gemeld,
            "geschikt": self.geschikt,
            "voorgedragen": self.voorgedragen,
            "bestePositie": self.beste_positie,
            "afwijzingen": self.afwijzingen,
            "uitsluitingen": self.uitsluitingen,
            "blokkerendeRegel": self.regel,
            "bindendeBeperking": self.bindende_beperking,
            "voorstellen": self.voorstellen,
        }
        if met_woningen:
            out["woningen"] = [
                {
                    "woningId": str(w.woning_id),
                    "gemeente": w.gemeente,
                    "adres": w.adres,
                    "gemeldOp": w.gemeld_op.isoformat(),
                    "uitkomst": w.uitkomst,
                    "regel": w.regel,
                    "reden": w.reden,
                    "positie": w.positie,
                }
                for w in self.per_woning
            ]
        return out


def _lijst(items: list[str]) -> str:
    return " of ".join(items) if len(items) <= 2 else ", ".join(items[:-1]) + " of " + items[-1]


def _beperking(
    regel: str | None,
    k: matching.Kandidaat,
    gemeenten: str,
    context: matching.Context,
    geschikt: int,
    uitsluiting_reden: str | None,
) -> str:
    if regel is None:
        if geschikt:
            return (
                f"Sinds aanmelding kwamen {geschikt} passende woningen vrij in {gemeenten}, maar anderen "
                "gingen voor: zij kozen die gemeente als eerste of wachtten langer."
            )
        return f"Sinds aanmelding is er geen woning gemeld in {gemeenten}."
    if regel == "MATCH-E3":
        kamers = f"minstens {k.minimum_kamers} {'kamer' if k.minimum_kamers == 1 else 'kamers'}"
        return (
            f"Sinds aanmelding geen woning voor {k.personen} {'persoon' if k.personen == 1 else 'personen'} "
            f"met {kamers} in {gemeenten}."
        )
    if regel == "MATCH-E4":
        plafond = matching.maximale_kale_huur(k, context)
        if plafond is None:
            return "Het inkomen is te hoog voor sociale huur (ZOU-C2); geen woning kan passen."
        return f"Sinds aanmelding geen woning onder {matching.format_euro(plafond)} kale huur in {gemeenten}."
    if regel == "MATCH-E5":
        nodig = [
            t for t, ja in (("rolstoeltoegankelijk", k.rolstoel), ("zonder trap", k.trapvrij)) if ja
        ]
        if k.hoogste_verdieping is not None:
            nodig.append(f"hoogstens verdieping {k.hoogste_verdieping}")
        return f"Sinds aanmelding geen woning die {' en '.join(nodig) or 'toegankelijk genoeg'} is in {gemeenten}."
    if regel == "MATCH-E1":
        return f"De kandidaat doet niet mee aan omgekeerde plaatsing: {uitsluiting_reden or 'zie status'}."
    return f"Bij de woningen in {gemeenten} gold vooral: {REGEL_TEKST[regel]} ({regel})."


def _nu_bezig(session: Session, kandidaat: Kandidaat) -> str | None:
    """The current state when it answers the question by itself: a running aanbieding, or a
    place on a voordracht that is still open. Then "anderen gingen voor" would not be true."""
    lopend = session.exec(lopende_aanbiedingen([kandidaat.id])).first()
    plek = session.exec(open_plekken([kandidaat.id])).first()
    return nu_bezig_tekst(lopend, plek)


def lopende_aanbiedingen(kandidaat_ids: list[uuid.UUID]) -> Any:
    """Running aanbiedingen with their woning, oldest first per kandidaat."""
    return (
        select(Aanbieding, Woning)
        .join(Woning, col(Woning.id) == col(Aanbieding.woning_id))
        .where(
            col(Aanbieding.kandidaat_id).in_(kandidaat_ids),
            col(Aanbieding.status).in_(LOPENDE_AANBIEDING),
        )
        .order_by(col(Aanbieding.kandidaat_id), col(Aanbieding.aangemaakt_op), col(Aanbieding.id))
    )


def open_plekken(kandidaat_ids: list[uuid.UUID]) -> Any:
    """Places on voordrachten still open, best place first per kandidaat."""
    return (
        select(Voordrachtplek, Voordracht, Woning)
        .join(Voordracht, col(Voordracht.id) == col(Voordrachtplek.voordracht_id))
        .join(Woning, col(Woning.id) == col(Voordracht.woning_id))
        .where(
            col(Voordrachtplek.kandidaat_id).in_(kandidaat_ids),
            col(Voordrachtplek.status).in_(OPEN_PLEKKEN),
            col(Voordracht.status).in_(OPEN_VOORDRACHT),
        )
        .order_by(
            col(Voordrachtplek.kandidaat_id), col(Voordrachtplek.positie), col(Voordrachtplek.id)
        )
    )


def nu_bezig_tekst(lopend: Any, plek: Any) -> str | None:
    """The wording for a running aanbieding (Aanbieding, Woning) or an open place
    (Voordrachtplek, Voordracht, Woning); None when there is neither."""
    if lopend is not None:
        a, w = lopend
        return (
            f"De kandidaat heeft nu een aanbieding voor {w.straat} {w.huisnummer} in {w.gemeente} "
            f"(status: {a.status}). Wacht het antwoord af."
        )
    if plek is not None:
        p, _vd, w = plek
        adres = f"{w.straat} {w.huisnummer} in {w.gemeente}"
        if p.status == PlekStatus.goedgekeurd:
            return (
                f"De kandidaat staat op plek {p.positie} van een goedgekeurde voordracht voor "
                f"{adres}. De corporatie kiest nog."
            )
        return (
            f"De kandidaat staat op plek {p.positie} van een voordracht voor {adres}. Het Vierde "
            "Huis beoordeelt die nog."
        )
    return None


_LEGE_WONING = matching.Woning(
    id="-",
    gemeente="-",
    kale_huur=Decimal(0),
    kamers=1,
    verdieping=0,
    lift=False,
    gelijkvloers=True,
    rolstoeltoegankelijk=True,
    max_bewoners=9,
    minimumleeftijd=None,
)


def als_actief(
    ki: matching.Kandidaat, context: matching.Context
) -> tuple[matching.Regeluitkomst, matching.Kandidaat]:
    """MATCH-E1 about the kandidaat now, and the kandidaat as if active: E1 is not about the
    woningen, so the woningen are judged as if the kandidaat took part."""
    e1 = matching.regel_e1_actief(ki, _LEGE_WONING, context)
    actief = replace(
        ki,
        status="wachtend",
        route="omgekeerde-plaatsing",
        gereed_verklaard=True,
        begeleiding_akkoord=True,
    )
    return e1, actief


def plekken_query(kandidaat_ids: list[uuid.UUID]) -> Any:
    """Every place on a voordracht, with the voordracht; a later voordracht comes last."""
    return (
        select(Voordrachtplek, Voordracht)
        .join(Voordracht, col(Voordracht.id) == col(Voordrachtplek.voordracht_id))
        .where(col(Voordrachtplek.kandidaat_id).in_(kandidaat_ids))
        .order_by(
            col(Voordrachtplek.kandidaat_id), col(Voordracht.aangemaakt_op), col(Voordrachtplek.id)
        )
    )


def afgewezen_query(kandidaat_ids: list[uuid.UUID]) -> Any:
    """MATCH-E7: the explicit declines, oldest first per kandidaat."""
    return (
        select(Aanbieding)
        .where(
            col(Aanbieding.kandidaat_id).in_(kandidaat_ids),
            Aanbieding.status == AanbiedingStatus.afgewezen,
        )
        .order_by(col(Aanbieding.kandidaat_id), col(Aanbieding.aangemaakt_op), col(Aanbieding.id))
    )


def afwijzing_json(a: Aanbieding) -> dict[str, Any]:
    return {
        "reden": a.afwijsreden,
        "toelichting": a.toelichting,
        "datum": datum_van(a.beantwoord_op or a.aangemaakt_op).isoformat(),
    }


@dataclass
class Telling:
    """What the woningen since registration gave for one kandidaat: the first excluding rule
    per woning counted in the order the rules first occurred (newest woning first), the
    suitable ones, and the places on voordrachten of the suitable ones."""

    gemeld: int = 0
    geschikt: int = 0
    regels: Counter[str] = field(default_factory=Counter)
    posities: list[int] = field(default_factory=list)


def samenvatting(
    *,
    gereed_verklaard: bool,
    ki: matching.Kandidaat,
    prefs: list[str],
    context: matching.Context,
    e1: matching.Regeluitkomst,
    telling: Telling,
    afwijzingen: list[dict[str, Any]],
    bezig: str | None,
    per_woning: list[WoningUitkomst] | None = None,
    regio: Regio,
) -> Diagnose:
    """The diagnosis from the counts: the binding constraint and what to do about it."""
    regels = telling.regels
    regel = None if not e1.geschikt else (regels.most_common(1)[0][0] if regels else None)
    if not e1.geschikt:
        regel = "MATCH-E1"
    gemeenten = _lijst(prefs)
    beperking = bezig or _beperking(
        regel, ki, gemeenten, context, telling.geschikt, e1.reden if regel == "MATCH-E1" else None
    )
    voorstellen = []
    if regel == "MATCH-E1" and not gereed_verklaard:
        voorstellen.append("Vraag de zorgaanbieder om de gereedverklaring (ZOU-C1).")
    if regel in ("MATCH-E3", "MATCH-E4", "MATCH-E5", None) and len(prefs) < len(regio.gemeenten):
        extra = [g for g in regio.gemeenten if g not in prefs]
        voorstellen.append(f"Bespreek een extra gemeente, bijvoorbeeld {_lijst(extra[:2])}.")
    voorstellen.append(
        "Start maatwerk: een corporatie zoekt gericht een woning (POST /v1/maatwerktrajecten)."
    )
    return Diagnose(
        woningen_gemeld=telling.gemeld,
        geschikt=telling.geschikt,
        voorgedragen=len(telling.posities),
        beste_positie=min((p for p in telling.posities if p), default=None),
        afwijzingen=afwijzingen,
        uitsluitingen=dict(regels),
        regel=regel,
        bindende_beperking=beperking,
        voorstellen=voorstellen,
        per_woning=per_woning or [],
    )


def diagnose(session: Session, kandidaat: Kandidaat, *, limit: int | None = None) -> Diagnose:
    """Why ``kandidaat`` is not matched: every woning since registration judged again, with at
    most ``limit`` of them in ``per_woning`` (newest first)."""
    prefs = voorkeuren(session, [kandidaat.id])[kandidaat.id]
    try:
        context = regio_van(session).context(vandaag())
    except GrenzenOntbreken as exc:  # MATCH-E4: nothing can be judged this year
        return _zonder_grenzen(session, kandidaat, exc.jaar)
    ki = kandidaat_input(kandidaat, prefs)
    afgewezen = session.exec(afgewezen_query([kandidaat.id])).all()
    e1, actief = als_actief(ki, context)
    telling, uitkomsten = _beoordeel_woningen(
        session, kandidaat, prefs, actief, context, {a.woning_id for a in afgewezen}
    )
    return samenvatting(
        regio=regio_van(session),
        gereed_verklaard=kandidaat.gereed_verklaard,
        ki=ki,
        prefs=prefs,
        context=context,
        e1=e1,
        telling=telling,
        afwijzingen=[afwijzing_json(a) for a in afgewezen],
        bezig=_nu_bezig(session, kandidaat),
        per_woning=uitkomsten[:limit] if limit else uitkomsten,
    )


def _zonder_grenzen(session: Session, kandidaat: Kandidaat, jaar: int) -> Diagnose:
    """MATCH-E4: without the year's income and rent limits no woning can be judged."""
    return Diagnose(
        woningen_gemeld=0,
        geschikt=0,
        voorgedragen=0,
        beste_positie=None,
        afwijzingen=[],
        uitsluitingen={},
        regel="MATCH-E4",
        bindende_beperking=_nu_bezig(session, kandidaat) or grenzen_ontbreken_kort(jaar),
        voorstellen=[f"Vraag het regiobeheer de grenzen van {jaar} in te stellen."],
    )


def _beoordeel_woningen(
    session: Session,
    kandidaat: Kandidaat,
    prefs: list[str],
    actief: matching.Kandidaat,
    context: matching.Context,
    geweigerd: set[uuid.UUID],
) -> tuple[Telling, list[WoningUitkomst]]:
    """Every woning reported in the kandidaat's gemeenten since registration (newest first),
    judged again as if the kandidaat took part, and counted."""
    since = datetime.combine(kandidaat.aanmelddatum, time.min, tzinfo=NL)
    woningen = session.exec(
        select(Woning)
        .where(col(Woning.gemeente).in_(prefs), col(Woning.aangemaakt_op) >= since)
        .order_by(col(Woning.aangemaakt_op).desc(), col(Woning.id))
    ).all()
    plekken = {vd.woning_id: plek for plek, vd in session.exec(plekken_query([kandidaat.id]))}
    telling = Telling(gemeld=len(woningen))
    afgewezen_door = frozenset({str(kandidaat.id)})
    uitkomsten = [
        _beoordeel(
            w,
            actief,
            replace(context, afgewezen=afgewezen_door if w.id in geweigerd else frozenset()),
            plekken.get(w.id),
            telling,
        )
        for w in woningen
    ]
    return telling, uitkomsten


def _beoordeel(
    w: Woning,
    actief: matching.Kandidaat,
    context: matching.Context,
    plek: Voordrachtplek | None,
    telling: Telling,
) -> WoningUitkomst:
    """One woning: excluded by which rule, or suitable and proposed at which place, or not."""
    uitsluiting = matching.eerste_uitsluiting(actief, woning_input(w), context)
    if uitsluiting is not None:
        telling.regels[uitsluiting.regel] += 1
        return _uitkomst(w, "niet-geschikt", uitsluiting.regel, uitsluiting.reden)
    telling.geschikt += 1
    if plek is None:
        return _uitkomst(
            w,
            "geschikt-niet-voorgedragen",
            None,
            "Geschikt, maar drie anderen gingen voor (eerste keuze of langer wachtend).",
        )
    telling.posities.append(plek.positie)
    return _uitkomst(
        w,
        "voorgedragen",
        None,
        f"Voorgedragen op plek {plek.positie} ({plek.status}).",
        plek.positie,
    )


def _uitkomst(
    w: Woning, uitkomst: str, regel: str | None, reden: str, positie: int | None = None
) -> WoningUitkomst:
    return WoningUitkomst(
        w.id,
        w.gemeente,
        f"{w.straat} {w.huisnummer}, {w.plaats}",
        datum_van(w.aangemaakt_op),
        uitkomst,
        regel,
        reden,
        positie,
    )
