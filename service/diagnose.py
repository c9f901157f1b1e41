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
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any

from sqlmodel import Session, col, select

import matching
from service import region
from service.clock import NL, datum_van, vandaag
from service.kandidaten.actions import voorkeuren
from service.mapping import kandidaat_input, woning_input
from service.models import (
    Aanbieding,
    AanbiedingStatus,
    Kandidaat,
    Voordracht,
    VoordrachtPlek,
    Woning,
)

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
    from service.models import (
        LOPENDE_AANBIEDING,
        PlekStatus,
        VoordrachtStatus,
    )

    lopend = session.exec(
        select(Aanbieding, Woning)
        .join(Woning, Woning.id == Aanbieding.woning_id)
        .where(
            Aanbieding.kandidaat_id == kandidaat.id,
            col(Aanbieding.status).in_(LOPENDE_AANBIEDING),
        )
    ).first()
    if lopend is not None:
        a, w = lopend
        return (
            f"De kandidaat heeft nu een aanbieding voor {w.straat} {w.huisnummer} in {w.gemeente} "
            f"(status: {a.status}). Wacht het antwoord af."
        )
    plek = session.exec(
        select(VoordrachtPlek, Voordracht, Woning)
        .join(Voordracht, Voordracht.id == VoordrachtPlek.voordracht_id)
        .join(Woning, Woning.id == Voordracht.woning_id)
        .where(
            VoordrachtPlek.kandidaat_id == kandidaat.id,
            col(VoordrachtPlek.status).in_((PlekStatus.goedgekeurd, PlekStatus.te_beoordelen)),
            col(Voordracht.status).in_(
                (VoordrachtStatus.goedgekeurd, VoordrachtStatus.te_beoordelen)
            ),
        )
        .order_by(VoordrachtPlek.positie)
    ).first()
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


def diagnose(session: Session, kandidaat: Kandidaat, *, limit: int | None = None) -> Diagnose:
    prefs = voorkeuren(session, [kandidaat.id])[kandidaat.id]
    regio = region.active()
    today = vandaag()
    try:
        context = regio.context(today)
    except region.GrenzenOntbreken as exc:  # MATCH-E4: nothing can be judged this year
        return Diagnose(
            woningen_gemeld=0,
            geschikt=0,
            voorgedragen=0,
            beste_positie=None,
            afwijzingen=[],
            uitsluitingen={},
            regel="MATCH-E4",
            bindende_beperking=_nu_bezig(session, kandidaat)
            or region.grenzen_ontbreken_kort(exc.jaar),
            voorstellen=[f"Vraag het regiobeheer de grenzen van {exc.jaar} in te stellen."],
        )
    ki = kandidaat_input(kandidaat, prefs)
    since = datetime.combine(kandidaat.aanmelddatum, time.min, tzinfo=NL)
    query = (
        select(Woning)
        .where(col(Woning.gemeente).in_(prefs), Woning.aangemaakt_op >= since)
        .order_by(col(Woning.aangemaakt_op).desc())
    )
    woningen = session.exec(query).all()
    plekken = {
        vd.woning_id: plek
        for plek, vd in session.exec(
            select(VoordrachtPlek, Voordracht)
            .join(Voordracht, Voordracht.id == VoordrachtPlek.voordracht_id)
            .where(VoordrachtPlek.kandidaat_id == kandidaat.id)
        ).all()
    }
    afgewezen = session.exec(
        select(Aanbieding).where(
            Aanbieding.kandidaat_id == kandidaat.id,
            Aanbieding.status == AanbiedingStatus.afgewezen,  # MATCH-E7: explicit declines
        )
    ).all()
    geweigerd = {a.woning_id for a in afgewezen}

    # E1 is about the kandidaat now, not about the woningen: judge the woningen as if active.
    e1 = matching.regel_e1_actief(
        ki,
        matching.Woning(
            id="-",
            gemeente="-",
            kale_huur=0,
            kamers=1,
            verdieping=0,
            lift=False,
            gelijkvloers=True,
            rolstoeltoegankelijk=True,
            max_bewoners=9,
            minimumleeftijd=None,
        ),
        context,
    )
    actief = replace(
        ki,
        status="wachtend",
        route="omgekeerde-plaatsing",
        gereed_verklaard=True,
        begeleiding_akkoord=True,
    )
    regels: Counter[str] = Counter()
    reden_per_regel: dict[str, str] = {}
    uitkomsten = []
    geschikt = 0
    for w in woningen:
        ctx = replace(
            context, afgewezen=frozenset({str(kandidaat.id)}) if w.id in geweigerd else frozenset()
        )
        uitsluiting = matching.eerste_uitsluiting(actief, woning_input(w), ctx)
        plek = plekken.get(w.id)
        adres = f"{w.straat} {w.huisnummer}, {w.plaats}"
        if uitsluiting is not None:
            regels[uitsluiting.regel] += 1
            reden_per_regel.setdefault(uitsluiting.regel, uitsluiting.reden)
            uitkomsten.append(
                WoningUitkomst(
                    w.id,
                    w.gemeente,
                    adres,
                    datum_van(w.aangemaakt_op),
                    "niet-geschikt",
                    uitsluiting.regel,
                    uitsluiting.reden,
                )
            )
            continue
        geschikt += 1
        if plek is not None:
            uitkomsten.append(
                WoningUitkomst(
                    w.id,
                    w.gemeente,
                    adres,
                    datum_van(w.aangemaakt_op),
                    "voorgedragen",
                    None,
                    f"Voorgedragen op plek {plek.positie} ({plek.status}).",
                    plek.positie,
                )
            )
        else:
            uitkomsten.append(
                WoningUitkomst(
                    w.id,
                    w.gemeente,
                    adres,
                    datum_van(w.aangemaakt_op),
                    "geschikt-niet-voorgedragen",
                    None,
                    "Geschikt, maar drie anderen gingen voor (eerste keuze of langer wachtend).",
                )
            )
    regel = None if not e1.geschikt else (regels.most_common(1)[0][0] if regels else None)
    if not e1.geschikt:
        regel = "MATCH-E1"
        reden_per_regel["MATCH-E1"] = e1.reden
    gemeenten = _lijst(prefs)
    beperking = _nu_bezig(session, kandidaat) or _beperking(
        regel, ki, gemeenten, context, geschikt, reden_per_regel.get(regel or "")
    )
    voorstellen = []
    if regel == "MATCH-E1" and not kandidaat.gereed_verklaard:
        voorstellen.append("Vraag de zorgaanbieder om de gereedverklaring (ZOU-C1).")
    if regel in ("MATCH-E3", "MATCH-E4", "MATCH-E5", None) and len(prefs) < len(regio.gemeenten):
        extra = [g for g in regio.gemeenten if g not in prefs]
        voorstellen.append(f"Bespreek een extra gemeente, bijvoorbeeld {_lijst(extra[:2])}.")
    voorstellen.append(
        "Start maatwerk: een corporatie zoekt gericht een woning (POST /v1/maatwerktrajecten)."
    )
    voorgedragen = [u for u in uitkomsten if u.uitkomst == "voorgedragen"]
    return Diagnose(
        woningen_gemeld=len(woningen),
        geschikt=geschikt,
        voorgedragen=len(voorgedragen),
        beste_positie=min((u.positie for u in voorgedragen if u.positie), default=None),
        afwijzingen=[
            {
                "reden": a.afwijsreden,
                "toelichting": a.toelichting,
                "datum": datum_van(a.beantwoord_op or a.aangemaakt_op).isoformat(),
            }
            for a in afgewezen
        ],
        uitsluitingen=dict(regels),
        regel=regel,
        bindende_beperking=beperking,
        voorstellen=voorstellen,
        per_woning=uitkomsten[:limit] if limit else uitkomsten,
    )
