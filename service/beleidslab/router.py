from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter
from fastapi import Depends
from fastapi import Query
from fastapi import Response

from service.beleidslab import actions
from service.beleidslab.schemas import BeleidsproefInvoer
from service.beleidslab.schemas import BeleidsproefKort
from service.beleidslab.schemas import BeleidsproefUit
from service.bestanden.schrijven import EXPORT_RESPONSES
from service.contingenten.schemas import Formaat
from service.deps import CurrentActor
from service.deps import SessionDep
from service.deps import toegang
from service.idempotency import IdempotentRoute
from service.models import OrganisatieSoort
from service.regio import RegioDep
from service.schemas import Pagina
from service.schemas import Paging
from service.schemas import paging

router = APIRouter(prefix="/beleidsproeven", tags=["beleidsproeven"], route_class=IdempotentRoute)
S = OrganisatieSoort


@router.post("", status_code=201, **toegang(S.regiobeheer, S.bemiddelaar))
def beleidsproef_doen(
    data: BeleidsproefInvoer, session: SessionDep, actor: CurrentActor, regio: RegioDep
) -> BeleidsproefUit:
    """Speel de geschiedenis van de regio na onder ander beleid: elke voordracht op het moment
    dat hij gemaakt of aangevuld werd, tegen de wachtlijst van dat moment, met de afwijzingen en
    schrappingen die er waren. Er verandert niets aan de echte gegevens; de proef wordt bewaard
    met beleid en uitkomst, zodat een besluit ernaar kan verwijzen."""
    row = actions.run(session, data=data, by=actor, regio=regio)
    session.commit()
    return actions.public(row)


@router.get("", **toegang(S.regiobeheer, S.bemiddelaar))
def beleidsproeven_lijst(
    session: SessionDep, actor: CurrentActor, page: Annotated[Paging, Depends(paging)]
) -> Pagina[BeleidsproefKort]:
    """De bewaarde beleidsproeven, nieuwste eerst."""
    rows, totaal = actions.list_proeven(session, offset=page.offset, limit=page.pagina_grootte)
    return Pagina[BeleidsproefKort](
        resultaten=rows, totaal=totaal, pagina=page.pagina, pagina_grootte=page.pagina_grootte
    )


@router.get(
    "/{proef_id}",
    responses=EXPORT_RESPONSES,
    response_model=BeleidsproefUit,
    **toegang(S.regiobeheer, S.bemiddelaar),
)
def beleidsproef_lezen(
    proef_id: uuid.UUID,
    session: SessionDep,
    actor: CurrentActor,
    formaat: Annotated[Formaat, Query(description="json (standaard), csv of xlsx.")] = Formaat.json,
) -> BeleidsproefUit | Response:
    """Eén beleidsproef: het beleid en de uitkomst naast die van het huidige beleid."""
    row = actions.get_proef(session, proef_id)
    if formaat == Formaat.json:
        return actions.public(row)
    return actions.export(row, formaat.value)
