"""The event kinds a subscription can ask for, who may receive each, and its payload.

The payload of an event is the API view of the object for the receiving organisation, built by
the same ``get_*`` (object-level access) and view functions as the API: what an organisation
cannot read through the API it does not receive, and a corporatie sees its own pseudonyms.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlmodel import Session

from service.aanbiedingen import actions as aanbiedingen
from service.auth import Actor
from service.errors import NietGevonden
from service.maatwerk import actions as maatwerk
from service.models import Gebeurtenis
from service.models import OrganisatieSoort
from service.plaatsingen import actions as plaatsingen
from service.signaleringen import actions as signaleringen
from service.voordrachten import actions as voordrachten
from service.voordrachten import views as voordracht_views

S = OrganisatieSoort


@dataclass(frozen=True, slots=True)
class Soort:
    naam: str
    omschrijving: str
    ontvangers: tuple[OrganisatieSoort, ...]


SOORTEN: dict[str, Soort] = {
    s.naam: s
    for s in (
        Soort(
            "voordracht.goedgekeurd",
            "Het Vierde Huis keurde een voordracht goed.",
            (S.bemiddelaar, S.corporatie),
        ),
        Soort(
            "aanbieding.gedaan",
            "Een corporatie koos een kandidaat: er loopt een aanbieding.",
            (S.bemiddelaar, S.corporatie, S.zorgaanbieder),
        ),
        Soort(
            "aanbieding.beantwoord",
            "Een aanbieding is beantwoord: bezichtiging, geaccepteerd of afgewezen.",
            (S.bemiddelaar, S.corporatie, S.zorgaanbieder),
        ),
        Soort(
            "aanbieding.verlopen",
            "De termijn van een aanbieding is verstreken zonder antwoord.",
            (S.bemiddelaar, S.corporatie, S.zorgaanbieder),
        ),
        Soort(
            "plaatsing.vastgelegd",
            "Een plaatsing (huurcontract) is vastgelegd.",
            tuple(OrganisatieSoort),
        ),
        Soort(
            "signalering.geopend",
            "Er is een nieuwe signalering voor uw organisatie.",
            tuple(OrganisatieSoort),
        ),
        Soort(
            "maatwerk.stap",
            "Een maatwerktraject zette een stap.",
            (S.bemiddelaar, S.corporatie, S.zorgaanbieder),
        ),
        Soort(
            "contingent.overgebruik",
            "Een zorgaanbieder gebruikt meer woningen dan zijn contingent.",
            (S.regiobeheer, S.bemiddelaar, S.zorgaanbieder),
        ),
    )
}

#: The kinds as an enum, for the API schema (members made from ``SOORTEN`` at runtime, which
#: mypy cannot follow in the functional enum API).
GebeurtenisSoort = StrEnum("GebeurtenisSoort", {n.replace(".", "_"): n for n in SOORTEN})  # type: ignore[misc]

_ACTIES = {
    "voordracht-goedgekeurd": "voordracht.goedgekeurd",
    "aanbieding-gedaan": "aanbieding.gedaan",
    "aanbieding-bezichtiging": "aanbieding.beantwoord",
    "aanbieding-geaccepteerd": "aanbieding.beantwoord",
    "aanbieding-afgewezen": "aanbieding.beantwoord",
    "aanbieding-verlopen": "aanbieding.verlopen",
    "aanbieding-vervallen": "aanbieding.verlopen",  # placed elsewhere: ended without an answer
    "plaatsing-vastgelegd": "plaatsing.vastgelegd",
    "signalering-geopend": "signalering.geopend",
    "contingent-overgebruik": "contingent.overgebruik",
}


def soort_van(g: Gebeurtenis) -> str | None:
    """The event kind of an audit record, or None when no subscriber hears of it."""
    if g.objecttype == "maatwerktraject" and g.actie.startswith("traject-"):
        return "maatwerk.stap"
    return _ACTIES.get(g.actie)


#: (onderwerp, tweede onderwerp, data) for one receiver, or None when it may not see the object.
#: The onderwerpen are the ordering keys: the kandidaat, and the woning it concerns.
Inhoud = tuple[str, str | None, dict[str, Any]] | None


def _dump(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True)


def _voordracht(session: Session, g: Gebeurtenis, actor: Actor, secret: str) -> Inhoud:
    vd = voordrachten.get_voordracht(session, uuid.UUID(str(g.object_id)), actor)
    return str(vd.woning_id), None, _dump(voordracht_views.view(session, vd, actor, secret))


def _aanbieding(session: Session, g: Gebeurtenis, actor: Actor, secret: str) -> Inhoud:
    a = aanbiedingen.get_aanbieding(session, uuid.UUID(str(g.object_id)), actor)
    return str(a.kandidaat_id), str(a.woning_id), _dump(aanbiedingen.public(session, a))


def _plaatsing(session: Session, g: Gebeurtenis, actor: Actor, secret: str) -> Inhoud:
    p = plaatsingen.get_plaatsing(session, uuid.UUID(str(g.object_id)), actor)
    return str(p.kandidaat_id), str(p.woning_id), _dump(plaatsingen.public(session, p))


def _signalering(session: Session, g: Gebeurtenis, actor: Actor, secret: str) -> Inhoud:
    s = signaleringen.get_signalering(session, uuid.UUID(str(g.object_id)), actor)
    return str(s.onderwerp_id), None, _dump(signaleringen.public(session, s))


def _traject(session: Session, g: Gebeurtenis, actor: Actor, secret: str) -> Inhoud:
    t = maatwerk.get_traject(session, uuid.UUID(str(g.object_id)), actor)
    return str(t.kandidaat_id), None, _dump(maatwerk.public(session, t, actor, secret))


def _overgebruik(session: Session, g: Gebeurtenis, actor: Actor, secret: str) -> Inhoud:
    """Like ``/v1/contingentgebruik``: a zorgaanbieder hears only of its own over-use."""
    zorgaanbieder = str(g.object_id)
    if actor.soort == S.zorgaanbieder and str(actor.organisatie_id) != zorgaanbieder:
        return None
    na = g.na or {}
    return (
        zorgaanbieder,
        None,
        {
            "zorgaanbiederId": zorgaanbieder,
            "jaar": na.get("jaar"),
            "toegewezen": na.get("toegewezen"),
            "gebruikt": na.get("gebruikt"),
            "toelichting": g.toelichting,
        },
    )


_INHOUD: dict[str, Callable[[Session, Gebeurtenis, Actor, str], Inhoud]] = {
    "voordracht.goedgekeurd": _voordracht,
    "aanbieding.gedaan": _aanbieding,
    "aanbieding.beantwoord": _aanbieding,
    "aanbieding.verlopen": _aanbieding,
    "plaatsing.vastgelegd": _plaatsing,
    "signalering.geopend": _signalering,
    "maatwerk.stap": _traject,
    "contingent.overgebruik": _overgebruik,
}


def inhoud(session: Session, soort: str, g: Gebeurtenis, actor: Actor, secret: str) -> Inhoud:
    """What ``actor`` may receive of this event, built like its API view."""
    if actor.soort not in SOORTEN[soort].ontvangers:
        return None
    try:
        return _INHOUD[soort](session, g, actor, secret)
    except NietGevonden:
        return None
