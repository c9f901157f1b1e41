"""Aanbiedingen: the offer of one woning to one chosen kandidaat, with deadlines.

DRE-O1: the kandidaat answers within ``reactietermijn_dagen`` (default one day): view the
woning, accept, or decline. DRE-O2: after the viewing, accept within ``acceptatietermijn_dagen``
(default two days); both count working days when the region says so (``werkdagen``). A decline
returns the kandidaat to ``wachtend`` and excludes them from this woning for good (MATCH-E7). A
deadline that passes is recorded as ``verlopen``, not as a decline: the kandidaat waits again and
may be proposed for this woning again. It falls back to the next approved kandidaat
automatically unless the region switched that off — a match never gets stuck. Declines and
lapses together are counted per kandidaat (DRE-O3, ``afwijzingen_en_verlopen``).

This module is the resource (who sees which offer, the answer as sent); the steps are the
lifecycle's (``service.levensloop.overgangen``).
"""

from __future__ import annotations

import uuid

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service import zichtbaar
from service.aanbiedingen.schemas import AanbiedingUit
from service.aanbiedingen.schemas import Antwoord
from service.aanbiedingen.schemas import AntwoordBesluit
from service.aanbiedingen.schemas import KandidaatContact
from service.auth import Actor
from service.levensloop import overgangen
from service.models import Aanbieding
from service.models import AanbiedingStatus
from service.models import Kandidaat
from service.queries import page

visible = zichtbaar.van_partijen(Aanbieding)


def get_aanbieding(
    session: Session, aanbieding_id: uuid.UUID, actor: Actor, *, for_update: bool = False
) -> Aanbieding:
    return zichtbaar.een(
        session,
        Aanbieding,
        aanbieding_id,
        visible,
        actor,
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
    query = zichtbaar.gefilterd(visible(select(Aanbieding), actor), (Aanbieding.status, status))
    return page(
        session,
        query,
        col(Aanbieding.aangemaakt_op).desc(),
        Aanbieding.id,
        offset=offset,
        limit=limit,
    )


def answer(session: Session, *, aanbieding_id: uuid.UUID, data: Antwoord, by: Actor) -> Aanbieding:
    a = get_aanbieding(session, aanbieding_id, by, for_update=True)
    if data.besluit == AntwoordBesluit.bezichtigen:
        assert data.bezichtiging_op is not None  # the schema requires it
        overgangen.bezichtig(
            session, a, op=data.bezichtiging_op, toelichting=data.toelichting, by=by
        )
    elif data.besluit == AntwoordBesluit.accepteren:
        overgangen.accepteer(session, a, toelichting=data.toelichting, by=by)
    else:
        assert data.reden is not None  # the schema requires it
        overgangen.wijs_af(session, a, reden=data.reden, toelichting=data.toelichting, by=by)
    return a
