from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter
from fastapi import Depends
from fastapi import Query

from service.aanbiedingen import actions
from service.aanbiedingen.schemas import AanbiedingUit
from service.aanbiedingen.schemas import Antwoord
from service.deps import CurrentActor
from service.deps import LeeslogDep
from service.deps import SessionDep
from service.deps import toegang
from service.idempotency import IdempotentRoute
from service.models import AanbiedingStatus
from service.models import OrganisatieSoort
from service.schemas import Pagina
from service.schemas import Paging
from service.schemas import paging

router = APIRouter(prefix="/aanbiedingen", tags=["aanbiedingen"], route_class=IdempotentRoute)
S = OrganisatieSoort


@router.get("", **toegang(S.bemiddelaar, S.corporatie, S.zorgaanbieder))
def aanbiedingen_lijst(
    session: SessionDep,
    actor: CurrentActor,
    leeslog: LeeslogDep,
    page: Annotated[Paging, Depends(paging)],
    status: Annotated[AanbiedingStatus | None, Query()] = None,
) -> Pagina[AanbiedingUit]:
    """Aanbiedingen voor de eigen woningen (corporatie) of eigen kandidaten (zorgaanbieder)."""
    rows, totaal = actions.list_aanbiedingen(
        session, actor, status=status, offset=page.offset, limit=page.pagina_grootte
    )
    resultaten = [actions.public(session, a) for a in rows]
    leeslog(actor, "aanbiedingen", (a.kandidaat_id for a in rows), "aanbiedingenlijst gelezen")
    return Pagina[AanbiedingUit](
        resultaten=resultaten,
        totaal=totaal,
        pagina=page.pagina,
        pagina_grootte=page.pagina_grootte,
    )


@router.get("/{aanbieding_id}", **toegang(S.bemiddelaar, S.corporatie, S.zorgaanbieder))
def aanbieding_lezen(
    aanbieding_id: uuid.UUID, session: SessionDep, actor: CurrentActor, leeslog: LeeslogDep
) -> AanbiedingUit:
    """Eén aanbieding met termijnen (DRE-O1, DRE-O2)."""
    a = actions.get_aanbieding(session, aanbieding_id, actor)
    result = actions.public(session, a)
    leeslog(actor, "aanbieding", a.kandidaat_id, "aanbieding gelezen")
    return result


@router.post(
    "/{aanbieding_id}/antwoord", status_code=201, **toegang(S.zorgaanbieder, S.bemiddelaar)
)
def aanbieding_beantwoorden(
    aanbieding_id: uuid.UUID, data: Antwoord, session: SessionDep, actor: CurrentActor
) -> AanbiedingUit:
    """Het antwoord van de kandidaat: bezichtigen, accepteren of afwijzen met reden."""
    a = actions.answer(session, aanbieding_id=aanbieding_id, data=data, by=actor)
    session.commit()
    return actions.public(session, a)
