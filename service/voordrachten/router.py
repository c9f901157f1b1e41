from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter
from fastapi import Depends
from fastapi import Query
from fastapi import Request

from service import inzage
from service.aanbiedingen import actions as aanbiedingen
from service.aanbiedingen.schemas import AanbiedingUit
from service.deps import CurrentActor
from service.deps import LeeslogDep
from service.deps import SessionDep
from service.deps import toegang
from service.idempotency import IdempotentRoute
from service.models import OrganisatieSoort
from service.models import VoordrachtStatus
from service.schemas import Pagina
from service.schemas import Paging
from service.schemas import paging
from service.voordrachten import actions
from service.voordrachten.schemas import Beoordeling
from service.voordrachten.schemas import Keuze
from service.voordrachten.schemas import VoordrachtBeperkt
from service.voordrachten.schemas import VoordrachtVolledig
from service.voordrachten.views import view

router = APIRouter(prefix="/voordrachten", tags=["voordrachten"], route_class=IdempotentRoute)
S = OrganisatieSoort
Weergave = VoordrachtVolledig | VoordrachtBeperkt


@router.get("", **toegang(S.bemiddelaar, S.corporatie))
def voordrachten_lijst(
    request: Request,
    session: SessionDep,
    actor: CurrentActor,
    leeslog: LeeslogDep,
    page: Annotated[Paging, Depends(paging)],
    status: Annotated[VoordrachtStatus | None, Query()] = None,
    te_beoordelen: Annotated[bool | None, Query(alias="teBeoordelen")] = None,
    woning_id: Annotated[uuid.UUID | None, Query(alias="woningId")] = None,
) -> Pagina[Weergave]:
    """Werklijst. De bemiddelaar ziet alles (filter teBeoordelen=true); een corporatie alleen
    goedgekeurde voordrachten voor de eigen woningen, met minimale gegevens."""
    rows, totaal = actions.list_voordrachten(
        session,
        actor,
        status=status,
        te_beoordelen=te_beoordelen,
        woning_id=woning_id,
        offset=page.offset,
        limit=page.pagina_grootte,
    )
    secret = request.app.state.pseudoniem_sleutel
    resultaten = [view(session, vd, actor, secret) for vd in rows]
    leeslog(
        actor,
        "voordrachten",
        inzage.van_voordrachten(session, (vd.id for vd in rows)),
        "voordrachtenlijst gelezen",
    )
    return Pagina[Weergave](
        resultaten=resultaten,
        totaal=totaal,
        pagina=page.pagina,
        pagina_grootte=page.pagina_grootte,
    )


@router.get("/{voordracht_id}", **toegang(S.bemiddelaar, S.corporatie))
def voordracht_lezen(
    voordracht_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    actor: CurrentActor,
    leeslog: LeeslogDep,
) -> Weergave:
    """Eén voordracht met uitleg (bemiddelaar) of met minimale gegevens (corporatie)."""
    vd = actions.get_voordracht(session, voordracht_id, actor)
    result = view(session, vd, actor, request.app.state.pseudoniem_sleutel)
    leeslog(actor, "voordracht", inzage.van_voordrachten(session, [vd.id]), "voordracht gelezen")
    return result


@router.post("/{voordracht_id}/beoordeling", status_code=201, **toegang(S.bemiddelaar))
def voordracht_beoordelen(
    voordracht_id: uuid.UUID,
    data: Beoordeling,
    request: Request,
    session: SessionDep,
    actor: CurrentActor,
) -> VoordrachtVolledig:
    """MATCH-V1: goedkeuren, of één kandidaat schrappen met reden (de volgende vult aan)."""
    vd = actions.review(session, voordracht_id=voordracht_id, data=data, by=actor)
    session.commit()
    result = view(session, vd, actor, request.app.state.pseudoniem_sleutel)
    assert isinstance(result, VoordrachtVolledig)
    return result


@router.post("/{voordracht_id}/keuze", status_code=201, **toegang(S.corporatie))
def voordracht_kiezen(
    voordracht_id: uuid.UUID, data: Keuze, session: SessionDep, actor: CurrentActor
) -> AanbiedingUit:
    """MATCH-V2: de corporatie kiest één kandidaat; dat maakt een aanbieding. Wie niet de
    langst wachtende kiest, geeft een reden. Pas nu ziet de corporatie naam en casushouder."""
    a = actions.choose(session, voordracht_id=voordracht_id, data=data, by=actor)
    session.commit()
    return aanbiedingen.public(session, a)
