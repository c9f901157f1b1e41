from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from service.deps import ALLE_SOORTEN, CurrentActor, SessionDep, toegang
from service.idempotency import IdempotentRoute
from service.models import OrganisatieSoort
from service.plaatsingen import actions
from service.plaatsingen.schemas import EvaluatieUitgevoerd, PlaatsingNieuw, PlaatsingUit
from service.schemas import Pagina, Paging, paging

router = APIRouter(prefix="/plaatsingen", tags=["plaatsingen"], route_class=IdempotentRoute)
S = OrganisatieSoort


@router.get("", **toegang(*ALLE_SOORTEN))
def plaatsingen_lijst(
    session: SessionDep, actor: CurrentActor, page: Annotated[Paging, Depends(paging)]
) -> Pagina[PlaatsingUit]:
    """Plaatsingen: eigen woningen (corporatie), eigen kandidaten (zorgaanbieder), of alle."""
    rows, totaal = actions.list_plaatsingen(
        session, actor, offset=page.offset, limit=page.pagina_grootte
    )
    return Pagina[PlaatsingUit](
        resultaten=[actions.public(session, p) for p in rows],
        totaal=totaal,
        pagina=page.pagina,
        pagina_grootte=page.pagina_grootte,
    )


@router.get("/{plaatsing_id}", **toegang(*ALLE_SOORTEN))
def plaatsing_lezen(
    plaatsing_id: uuid.UUID, session: SessionDep, actor: CurrentActor
) -> PlaatsingUit:
    """Eén plaatsing met de geplande evaluaties (ZOU-P2)."""
    return actions.public(session, actions.get_plaatsing(session, plaatsing_id, actor))


@router.post("", status_code=201, **toegang(S.corporatie))
def plaatsing_vastleggen(
    data: PlaatsingNieuw, session: SessionDep, actor: CurrentActor
) -> PlaatsingUit:
    """Het huurcontract is getekend (ZOU-P1): kandidaat geplaatst, woning verhuurd."""
    p = actions.create_plaatsing(session, data=data, by=actor)
    session.commit()
    return actions.public(session, p)


@router.post("/{plaatsing_id}/evaluaties", status_code=201, **toegang(S.corporatie))
def evaluatie_vastleggen(
    plaatsing_id: uuid.UUID, data: EvaluatieUitgevoerd, session: SessionDep, actor: CurrentActor
) -> PlaatsingUit:
    """De corporatie legt vast dat een evaluatie (ZOU-P2) is gehouden."""
    p = actions.record_evaluatie(session, plaatsing_id=plaatsing_id, data=data, by=actor)
    session.commit()
    return actions.public(session, p)
