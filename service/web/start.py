"""The start page as a to-do list per kind of organisation (issue 12).

Each item counts what needs the person now, with the date it is due (or since when it waits),
and links straight to the page where it is done. The counts go through each action's own
``visible`` query, so an organisation only counts what it may see. Oldest first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import func
from sqlmodel import select

from service.aanbiedingen import actions as aanbiedingen
from service.auth import Actor
from service.clock import NL
from service.clock import vandaag
from service.contingenten import actions as contingenten
from service.knelpunten import actions as knelpunten
from service.maatwerk import actions as maatwerk
from service.models import OPEN_TRAJECT
from service.models import Aanbieding
from service.models import AanbiedingStatus
from service.models import AanmelddatumWijziging
from service.models import Evaluatie
from service.models import Knelpunt
from service.models import KnelpuntStatus
from service.models import Maatwerktraject
from service.models import Organisatie
from service.models import OrganisatieSoort
from service.models import Plaatsing
from service.models import PlekStatus
from service.models import Signalering
from service.models import SignaleringSoort
from service.models import SignaleringStatus
from service.models import Toezegging
from service.models import TrajectStatus
from service.models import Voordracht
from service.models import Voordrachtplek
from service.models import VoordrachtStatus
from service.rapportages import verzending
from service.signaleringen import actions as signaleringen
from service.voordrachten import actions as voordrachten
from service.web import woorden
from service.web.soorten import B
from service.web.soorten import C
from service.web.soorten import R
from service.web.soorten import Z
from service.web.werk import nazorg
from service.web.woorden import SIGNALERING_SOORT

OPEN_SIGNAAL = (SignaleringStatus.open, SignaleringStatus.in_behandeling)


@dataclass(frozen=True)
class Taak:
    """One line of the to-do list: ``aantal`` things, the first due (or waiting since) ``datum``."""

    tekst: str
    aantal: int
    href: str
    datum: date | None = None
    #: "voor" (due date) or "sinds" (waiting since)
    datum_soort: str = "voor"


def _dag(waarde: date | datetime | None) -> date | None:
    if isinstance(waarde, datetime):
        return waarde.astimezone(NL).date()
    return waarde


def _taak(session: Session, query: Any, tekst: str, href: str, datum_soort: str = "voor") -> Taak:
    """A line from a ``select(count, min(date))``: how many, and the first due (or since)."""
    n, eerste = session.exec(query).one()
    return Taak(tekst, int(n or 0), href, _dag(eerste), datum_soort)


def _bemiddelaar(session: Session, actor: Actor) -> list[Taak]:
    taken: list[Taak] = []
    te_beoordelen = select(Voordrachtplek.voordracht_id).where(
        Voordrachtplek.status == PlekStatus.te_beoordelen
    )
    taken.append(
        _taak(
            session,
            voordrachten.visible(
                select(func.count(), func.min(Voordracht.aangemaakt_op)).where(
                    col(Voordracht.id).in_(te_beoordelen)
                ),
                actor,
            ),
            "Voordrachten beoordelen",
            "/werk/voordrachten",
            "sinds",
        )
    )
    # the correction requests have their own line (below), not a second one as signals
    rijen = session.exec(
        signaleringen.visible(
            select(Signalering.soort, func.count(), func.min(Signalering.vervaldatum))
            .where(
                col(Signalering.status).in_(OPEN_SIGNAAL),
                Signalering.soort != SignaleringSoort.aanmelddatum_correctie,
            )
            .group_by(Signalering.soort),
            actor,
        )
    ).all()
    for soort, n, voor in rijen:
        tekst = f"Signaleringen: {SIGNALERING_SOORT.get(soort, soort.replace('-', ' '))}"
        href = "/werk/signaleringen?" + urlencode({"soort": soort})
        taken.append(Taak(tekst, int(n), href, voor))
    taken.append(
        _taak(
            session,
            maatwerk.visible(
                select(func.count(), func.min(Maatwerktraject.volgende_stap_voor)).where(
                    col(Maatwerktraject.status).in_(OPEN_TRAJECT)
                ),
                actor,
            ),
            "Maatwerkstappen die aan de beurt zijn",
            "/werk/maatwerk",
        )
    )
    taken.append(
        _taak(
            session,
            knelpunten.visible(
                select(func.count(), func.min(Knelpunt.aangemaakt_op)).where(
                    Knelpunt.status == KnelpuntStatus.open
                ),
                actor,
            ),
            "Open knelpunten beantwoorden",
            "/werk/knelpunten",
            "sinds",
        )
    )
    taken.append(
        _taak(
            session,
            select(func.count(), func.min(AanmelddatumWijziging.aangemaakt_op)).where(
                AanmelddatumWijziging.soort == "verzoek", AanmelddatumWijziging.status == "open"
            ),
            "Verzoeken om de aanmelddatum te corrigeren",
            "/werk/aanmelddatum-verzoeken",
            "sinds",
        )
    )
    return taken


def _corporatie(session: Session, actor: Actor) -> list[Taak]:
    taken: list[Taak] = []
    gekozen = select(Voordrachtplek.voordracht_id).where(
        Voordrachtplek.status == PlekStatus.gekozen
    )
    taken.append(
        _taak(
            session,
            voordrachten.visible(
                select(func.count(), func.min(Voordracht.gewijzigd_op)).where(
                    Voordracht.status == VoordrachtStatus.goedgekeurd,
                    col(Voordracht.id).not_in(gekozen),
                ),
                actor,
            ),
            "Goedgekeurde voordrachten: kies een kandidaat",
            "/werk/voordrachten",
            "sinds",
        )
    )
    taken.append(
        _taak(
            session,
            aanbiedingen.visible(
                select(func.count(), func.min(Aanbieding.beantwoord_op)).where(
                    Aanbieding.status == AanbiedingStatus.geaccepteerd
                ),
                actor,
            ),
            "Huurcontracten vastleggen",
            "/werk/woningen",
            "sinds",
        )
    )
    taken.append(
        _taak(
            session,
            maatwerk.visible(
                select(func.count(), func.min(Maatwerktraject.volgende_stap_voor)).where(
                    col(Maatwerktraject.status).in_(
                        (TrajectStatus.doorgestuurd, TrajectStatus.zoekend)
                    )
                ),
                actor,
            ),
            "Maatwerkverzoeken: accepteren of een woning melden",
            "/werk/maatwerk",
        )
    )
    # ZOU-M1: one line per finished month whose report was not sent, due per the region file
    open_maanden = verzending.niet_verzonden(session, actor)
    if not open_maanden:
        taken.append(Taak("Maandrapportages verzenden", 0, "/werk/maandrapportage"))
    for jaar, maand, uiterlijk in open_maanden:
        taken.append(
            Taak(
                f"Maandrapportage {woorden.maand(jaar, maand)} verzenden",
                1,
                "/werk/maandrapportage?" + urlencode({"jaar": jaar, "maand": maand}),
                uiterlijk,
            )
        )
    return taken


def _zorgaanbieder(session: Session, actor: Actor) -> list[Taak]:
    taken: list[Taak] = []
    taken.append(
        _taak(
            session,
            aanbiedingen.visible(
                select(func.count(), func.min(Aanbieding.reactie_deadline)).where(
                    col(Aanbieding.status).in_(
                        (AanbiedingStatus.open, AanbiedingStatus.bezichtiging)
                    )
                ),
                actor,
            ),
            "Aanbiedingen beantwoorden",
            "/werk/aanbiedingen",
        )
    )
    taken.append(
        _taak(
            session,
            select(func.count(), func.min(Evaluatie.gepland_op))
            .join(Plaatsing, col(Plaatsing.id) == Evaluatie.plaatsing_id)
            .where(
                Plaatsing.zorgaanbieder_id == actor.organisatie_id,
                col(Evaluatie.uitgevoerd_op).is_(None),
                col(Plaatsing.beeindigd_op).is_(None),
                col(Evaluatie.gepland_op) <= vandaag(),
            ),
            "Evaluaties die gehouden moeten worden",
            "/werk/kandidaten?status=geplaatst",
        )
    )
    taken.append(
        _taak(
            session,
            signaleringen.visible(
                select(func.count(), func.min(Signalering.vervaldatum)).where(
                    col(Signalering.status).in_(OPEN_SIGNAAL)
                ),
                actor,
            ),
            "Signaleringen over uw kandidaten",
            "/werk/kandidaten",
        )
    )
    return taken


def _regiobeheer(session: Session, actor: Actor) -> list[Taak]:
    taken: list[Taak] = []
    taken.append(
        _taak(
            session,
            select(func.count(), func.min(Signalering.vervaldatum)).where(
                Signalering.soort == SignaleringSoort.contingent_overgebruik,
                col(Signalering.status).in_(OPEN_SIGNAAL),
            ),
            "Overgebruik van het contingent",
            "/werk/herverdeling",
        )
    )
    jaar = vandaag().year
    corporaties = session.exec(
        select(func.count()).where(
            Organisatie.soort == OrganisatieSoort.corporatie, col(Organisatie.actief)
        )
    ).one()
    toegezegd = session.exec(
        select(func.count(func.distinct(Toezegging.corporatie_id))).where(Toezegging.jaar == jaar)
    ).one()
    taken.append(
        Taak(
            f"Toezeggingen voor {jaar} die nog ontbreken",
            max(0, int(corporaties) - int(toegezegd)),
            f"/werk/toezeggingen?jaar={jaar}",
        )
    )
    verdeeld = contingenten.current(session, jaar) is not None
    taken.append(
        Taak(
            f"Verdeling van het contingent {jaar} maken",
            0 if verdeeld else 1,
            f"/werk/verdeling?jaar={jaar}",
        )
    )
    return taken


_PER_SOORT: dict[OrganisatieSoort, Callable[[Session, Actor], list[Taak]]] = {
    B: _bemiddelaar,
    C: _corporatie,
    Z: _zorgaanbieder,
    R: _regiobeheer,
}


def _nazorg(session: Session, actor: Actor) -> list[Taak]:
    """The steps before and after the keys that are due (ZOU-L1..L5, ZOU-P2..P4, ZOU-B5), as
    one line that opens the oldest; the signal titles themselves stay on the pages they open."""
    if actor.soort == R:
        return []
    stappen = nazorg.mijn_taken(session, actor)
    if not stappen:
        return [Taak("Stappen voor en na de verhuizing", 0, "/werk/plaatsingen")]
    eerste = min(stappen, key=lambda t: t["voor"])
    return [
        Taak(
            "Stappen voor en na de verhuizing",
            len(stappen),
            eerste["url"],
            date.fromisoformat(eerste["voor"]),
        )
    ]


def takenlijst(session: Session, actor: Actor) -> tuple[list[Taak], list[Taak]]:
    """(what needs doing, oldest first; what is done: the items with nothing waiting)."""
    alle = _PER_SOORT[actor.soort](session, actor) + _nazorg(session, actor)
    open_ = sorted((t for t in alle if t.aantal), key=lambda t: (t.datum or date.max, t.tekst))
    return open_, [t for t in alle if not t.aantal]
