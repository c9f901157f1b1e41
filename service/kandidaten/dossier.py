"""A kandidaat's whole dossier, for a request under the right of access (AVG art. 15): the
registration as the API shows it and every row woonroute holds about the person."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service import audit
from service.inzage import wie_zag
from service.kandidaten.actions import public
from service.kandidaten.schemas import InzageUit
from service.models import Aanbieding
from service.models import Evaluatie
from service.models import Gebeurtenis
from service.models import Kandidaat
from service.models import Maatwerktraject
from service.models import Plaatsing
from service.models import Signalering
from service.models import Voordrachtplek


def dossier(session: Session, k: Kandidaat) -> dict[str, Any]:
    """Everything woonroute holds about one person, for a request under the right of access."""

    def rows(model: Any, *where: Any) -> list[dict[str, Any]]:
        return [audit.snapshot(r) or {} for r in session.exec(select(model).where(*where)).all()]

    plaatsingen = rows(Plaatsing, Plaatsing.kandidaat_id == k.id)
    return {
        "kandidaat": public(session, k).model_dump(mode="json", by_alias=True),
        "voordrachtplekken": rows(Voordrachtplek, Voordrachtplek.kandidaat_id == k.id),
        "aanbiedingen": rows(Aanbieding, Aanbieding.kandidaat_id == k.id),
        "plaatsingen": plaatsingen,
        "evaluaties": rows(
            Evaluatie, col(Evaluatie.plaatsing_id).in_([uuid.UUID(p["id"]) for p in plaatsingen])
        ),
        "maatwerktrajecten": rows(Maatwerktraject, Maatwerktraject.kandidaat_id == k.id),
        "signaleringen": rows(Signalering, Signalering.onderwerp_id == k.id),
        "logboek": rows(Gebeurtenis, Gebeurtenis.object_id == str(k.id)),
        "inzagen": [
            InzageUit.model_validate(r).model_dump(mode="json", by_alias=True)
            for r in wie_zag(session, k.id)[0]
        ],
    }
