"""What each kind may see of the audit trail: the minimal-data rule of the objects it records.

A kind sees a gebeurtenis only when it may read the object itself, and of the recorded
before/after only the fields it could read on that object (``GET`` of the resource). The
bemiddelaar reads every object in full; the regiobeheer reads organisaties, woningen,
contingent rows, plaatsingen and its own signaleringen, never a kandidaat, voordracht,
aanbieding or maatwerktraject. The other kinds have no access to the audit trail at all
(``toegang`` on the route); their entry here is empty, so a mistake there still shows nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import false
from sqlalchemy import or_
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service.auth import Actor
from service.models import Gebeurtenis
from service.models import OrganisatieSoort
from service.models import Signalering
from service.plaatsingen.schemas import EvaluatieUit
from service.plaatsingen.schemas import PlaatsingUit
from service.signaleringen.actions import visible as signaleringen_zichtbaar
from service.signaleringen.schemas import SignaleringUit

S = OrganisatieSoort
ALLES = None  # every recorded field

#: objecttype -> the recorded fields this kind may see (``ALLES``: all of them).
VELDEN: dict[OrganisatieSoort, dict[str, frozenset[str] | None]] = {
    S.bemiddelaar: {},  # see ``_alles``: every objecttype, every field
    S.regiobeheer: {
        "organisatie": ALLES,
        "woning": ALLES,
        "toezegging": ALLES,
        "verdeling": ALLES,
        "externe_plaatsing": ALLES,
        "plaatsing": frozenset(PlaatsingUit.model_fields) | frozenset(EvaluatieUit.model_fields),
        "signalering": frozenset(SignaleringUit.model_fields),
    },
    S.corporatie: {},
    S.zorgaanbieder: {},
}
#: Object types whose rows a kind sees only for the objects it may read one by one.
_PER_OBJECT = {"signalering"}


def _alles(actor: Actor) -> bool:
    return actor.soort == S.bemiddelaar


def zichtbaar(session: Session, query: Any, actor: Actor) -> Any:
    """Restrict a ``select(Gebeurtenis)`` to the rows ``actor`` may see."""
    if _alles(actor):
        return query
    soorten = VELDEN[actor.soort]
    hele_soorten = [t for t in soorten if t not in _PER_OBJECT]
    voorwaarden: list[ColumnElement[bool]] = (
        [col(Gebeurtenis.objecttype).in_(hele_soorten)] if hele_soorten else []
    )
    if "signalering" in soorten:
        ids = session.exec(signaleringen_zichtbaar(select(Signalering.id), actor)).all()
        voorwaarden.append(
            (col(Gebeurtenis.objecttype) == "signalering")
            & col(Gebeurtenis.object_id).in_([str(i) for i in ids])
        )
    return query.where(or_(*voorwaarden) if voorwaarden else false())


def minimaal(g: Gebeurtenis, actor: Actor) -> dict[str, Any]:
    """The row as this kind may see it: before/after cut down to its readable fields."""
    rij = g.model_dump()
    if _alles(actor):
        return rij
    velden = VELDEN[actor.soort].get(g.objecttype, frozenset())
    if velden is ALLES:
        return rij
    for kant in ("voor", "na"):
        if rij[kant] is not None:
            rij[kant] = {k: v for k, v in rij[kant].items() if k in velden}
    return rij
