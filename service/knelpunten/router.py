from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter
from fastapi import Depends
from fastapi import Query

from service.deps import ALLE_SOORTEN
from service.deps import CurrentActor
from service.deps import SessionDep
from service.deps import toegang
from service.idempotency import IdempotentRoute
from service.knelpunten import actions
from service.knelpunten.schemas import KnelpuntAntwoord
from service.knelpunten.schemas import KnelpuntInvoer
from service.knelpunten.schemas import KnelpuntSluiting
from service.knelpunten.schemas import KnelpuntUit
from service.models import KnelpuntStatus
from service.models import OrganisatieSoort
from service.schemas import Pagina
from service.schemas import Paging
from service.schemas import paging

router = APIRouter(prefix="/knelpunten", tags=["knelpunten"], route_class=IdempotentRoute)
S = OrganisatieSoort


@router.get("", **toegang(*ALLE_SOORTEN))
def knelpunten_lijst(
    session: SessionDep,
    actor: CurrentActor,
    page: Annotated[Paging, Depends(paging)],
    status: Annotated[KnelpuntStatus | None, Query()] = None,
) -> Pagina[KnelpuntUit]:
    """Knelpunten en vragen, nieuwste eerst (ZOU-M3). Het Vierde Huis en Beter Wonen zien ze
    allemaal; een corporatie of zorgaanbieder ziet wat de eigen organisatie meldde."""
    rows, totaal = actions.list_knelpunten(
        session, actor, status=status, offset=page.offset, limit=page.pagina_grootte
    )
    return Pagina[KnelpuntUit](
        resultaten=[actions.public(session, k) for k in rows],
        totaal=totaal,
        pagina=page.pagina,
        pagina_grootte=page.pagina_grootte,
    )


@router.post("", status_code=201, **toegang(S.corporatie, S.zorgaanbieder, S.bemiddelaar))
def knelpunt_melden(data: KnelpuntInvoer, session: SessionDep, actor: CurrentActor) -> KnelpuntUit:
    """Meld een knelpunt of stel een vraag (ZOU-M3). Het Vierde Huis beantwoordt het."""
    k = actions.report(session, data=data, by=actor)
    session.commit()
    return actions.public(session, k)


@router.get("/{knelpunt_id}", **toegang(*ALLE_SOORTEN))
def knelpunt_lezen(knelpunt_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> KnelpuntUit:
    """Eén knelpunt met antwoord en historie."""
    return actions.public(session, actions.get_knelpunt(session, knelpunt_id, actor))


@router.post("/{knelpunt_id}/antwoord", status_code=201, **toegang(S.bemiddelaar))
def knelpunt_beantwoorden(
    knelpunt_id: uuid.UUID, data: KnelpuntAntwoord, session: SessionDep, actor: CurrentActor
) -> KnelpuntUit:
    """Het Vierde Huis beantwoordt een open knelpunt, of geeft een nieuw antwoord. De melder ziet
    het antwoord."""
    k = actions.answer(session, knelpunt_id=knelpunt_id, data=data, by=actor)
    session.commit()
    return actions.public(session, k)


@router.post("/{knelpunt_id}/sluiting", status_code=201, **toegang(S.bemiddelaar))
def knelpunt_sluiten(
    knelpunt_id: uuid.UUID, data: KnelpuntSluiting, session: SessionDep, actor: CurrentActor
) -> KnelpuntUit:
    """Het Vierde Huis sluit het knelpunt, eventueel met een toelichting. Daarna kan er niets
    meer bij; meld een nieuw knelpunt als er nog iets speelt."""
    k = actions.close(session, knelpunt_id=knelpunt_id, data=data, by=actor)
    session.commit()
    return actions.public(session, k)
