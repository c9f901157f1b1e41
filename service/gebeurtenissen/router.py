from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated
from typing import Any

from fastapi import APIRouter
from fastapi import Depends
from fastapi import Query
from sqlmodel import col
from sqlmodel import select

from service import inzage
from service import queries
from service.deps import CurrentActor
from service.deps import LeeslogDep
from service.deps import SessionDep
from service.deps import toegang
from service.gebeurtenissen.zicht import minimaal
from service.gebeurtenissen.zicht import zichtbaar
from service.idempotency import IdempotentRoute
from service.models import Gebeurtenis
from service.models import OrganisatieSoort
from service.schemas import ApiModel
from service.schemas import Pagina
from service.schemas import Paging
from service.schemas import paging

router = APIRouter(prefix="/gebeurtenissen", tags=["gebeurtenissen"], route_class=IdempotentRoute)
S = OrganisatieSoort


class GebeurtenisUit(ApiModel):
    id: int
    tijdstip: datetime
    organisatie_id: str | None
    #: The person who made the change through a web page (empty for a change by API key).
    gebruiker_id: str | None
    actie: str
    objecttype: str
    object_id: str | None
    voor: dict[str, Any] | None
    na: dict[str, Any] | None
    toelichting: str | None


@router.get("", **toegang(S.bemiddelaar, S.regiobeheer))
def gebeurtenissen_lijst(
    session: SessionDep,
    actor: CurrentActor,
    leeslog: LeeslogDep,
    page: Annotated[Paging, Depends(paging)],
    object_id: Annotated[uuid.UUID | None, Query(alias="objectId")] = None,
    actie: Annotated[str | None, Query(max_length=60)] = None,
) -> Pagina[GebeurtenisUit]:
    """Het audit-logboek (alleen lezen, nieuwste eerst). Wie, wat, wanneer, voor en na.

    Elke soort organisatie ziet alleen gebeurtenissen over objecten die zij zelf mag lezen, en
    daarvan alleen de velden die zij op dat object ziet: het regiobeheer ziet dus geen
    kandidaten, voordrachten, aanbiedingen of maatwerktrajecten."""
    query = zichtbaar(session, select(Gebeurtenis), actor)
    if object_id is not None:
        query = query.where(Gebeurtenis.object_id == str(object_id))
    if actie is not None:
        query = query.where(Gebeurtenis.actie == actie)
    rows, totaal = queries.page(
        session, query, col(Gebeurtenis.id).desc(), offset=page.offset, limit=page.pagina_grootte
    )
    resultaten = [GebeurtenisUit.model_validate(minimaal(r, actor)) for r in rows]
    leeslog(actor, "gebeurtenissen", inzage.van_gebeurtenissen(resultaten), "logboek gelezen")
    return Pagina[GebeurtenisUit](
        resultaten=resultaten,
        totaal=totaal,
        pagina=page.pagina,
        pagina_grootte=page.pagina_grootte,
    )
