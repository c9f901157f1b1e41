"""Client experience (ZOU-M4, ZOU-B6) and the regional nazorg figures (ZOU-M4, DRE-R4).

A questionnaire is stored without any link to the person: the year, the moment and the
zorgaanbieder that put the questions, nothing more. Figures are per year; any group of fewer
than ``MINIMUM_GROEP`` answers is suppressed (its numbers are left out), so no answer can be
traced back to a person.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service import audit
from service.auth import Actor
from service.clientervaringen.schemas import ClientervaringInvoer
from service.clientervaringen.schemas import Moment
from service.clientervaringen.vragenlijst import BIJ_EVALUATIE
from service.clientervaringen.vragenlijst import DELEN
from service.clientervaringen.vragenlijst import SCHAAL
from service.clientervaringen.vragenlijst import VRAGEN
from service.clock import NL
from service.clock import vandaag
from service.errors import OngeldigeInvoer
from service.errors import Veldfout
from service.models import Clientervaring
from service.models import Routeadvies

MINIMUM_GROEP = 5


def vastleggen(session: Session, *, data: ClientervaringInvoer, by: Actor) -> Clientervaring:
    antwoorden = {k: v for k, v in data.antwoorden.model_dump().items() if v not in (None, "")}
    if data.moment == Moment.evaluatie:
        # §3.3: at evaluations the topics on living independently suffice (parts 4 and 5).
        buiten = [
            k
            for k in antwoorden
            if int(VRAGEN[k.removeprefix("vraag_")].code[0]) not in BIJ_EVALUATIE
        ]
        if buiten:
            raise OngeldigeInvoer(
                "Bij een evaluatie gaan de vragen alleen over zelfstandig wonen (deel 4 en 5).",
                [
                    Veldfout(
                        "antwoorden." + k.replace("_", ""), "Deze vraag hoort bij de kennismaking."
                    )
                    for k in buiten
                ],
            )
    if not antwoorden:
        raise OngeldigeInvoer(
            "Er is geen enkele vraag beantwoord.",
            [Veldfout("antwoorden", "Vul minstens één antwoord in.")],
        )
    c = Clientervaring(
        jaar=vandaag().year,
        moment=data.moment,
        zorgaanbieder_id=by.organisatie_id,
        antwoorden=antwoorden,
    )
    session.add(c)
    session.flush()
    # The audit trail says that one was filled in, not what was answered.
    audit.record(session, by, "clientervaring-vastgelegd", "clientervaring", c.id)
    return c


def _vraagcijfer(code: str, waarden: list[Any]) -> dict[str, Any]:
    v = VRAGEN[code]
    uit: dict[str, Any] = {"vraag": code, "tekst": v.tekst, "soort": v.soort}
    if len(waarden) < MINIMUM_GROEP:
        return {**uit, "aantal": None}
    uit["aantal"] = len(waarden)
    if v.soort == "schaal":
        uit["gemiddelde"] = round(sum(SCHAAL[w] for w in waarden) / len(waarden), 2)
        telling = Counter(waarden)
        uit["verdeling"] = {
            k: (telling[k] if telling[k] >= MINIMUM_GROEP or telling[k] == 0 else None)
            for k in SCHAAL
        }
    elif v.soort == "getal":
        uit["gemiddelde"] = round(sum(waarden) / len(waarden), 1)
    return uit


def cijfers(session: Session, *, jaar: int) -> dict[str, Any]:
    rijen = session.exec(select(Clientervaring).where(Clientervaring.jaar == jaar)).all()
    per_moment = []
    for moment in Moment:
        groep = [r.antwoorden for r in rijen if r.moment == moment]
        onderdrukt = len(groep) < MINIMUM_GROEP
        vragen = []
        for deel in DELEN:
            if moment == Moment.evaluatie and deel.nummer not in BIJ_EVALUATIE:
                continue
            for v in deel.vragen:
                waarden = [] if onderdrukt else [a[v.veld] for a in groep if v.veld in a]
                vragen.append(_vraagcijfer(v.code, waarden))
        per_moment.append(
            {
                "moment": moment,
                "vragenlijsten": None if onderdrukt else len(groep),
                "onderdrukt": onderdrukt,
                "vragen": vragen,
            }
        )
    adviezen = session.exec(
        select(Routeadvies).where(
            col(Routeadvies.aangemaakt_op) >= _begin(jaar),
            col(Routeadvies.aangemaakt_op) < _begin(jaar + 1),
        )
    ).all()
    gekozen = [a for a in adviezen if a.gekozen_route]
    return {
        "jaar": jaar,
        "minimum_groep": MINIMUM_GROEP,
        "clientervaring": per_moment,
        "routes": {
            "geadviseerd": dict(Counter(a.advies for a in adviezen)),
            "gekozen": dict(Counter(a.gekozen_route for a in gekozen)),
            "afwijkend": sum(1 for a in gekozen if a.gekozen_route != a.advies),
        },
    }


def _begin(jaar: int) -> datetime:
    return datetime(jaar, 1, 1, tzinfo=NL)
