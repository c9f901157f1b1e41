from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi import Depends

from service.deps import CurrentActor
from service.deps import LeeslogDep
from service.deps import SessionDep
from service.deps import toegang
from service.escalaties import actions
from service.escalaties.schemas import Escalatie
from service.escalaties.schemas import Escalaties
from service.idempotency import IdempotentRoute
from service.models import OrganisatieSoort
from service.schemas import Pagina
from service.schemas import Paging
from service.schemas import paging

router = APIRouter(prefix="/escalaties", tags=["escalaties"], route_class=IdempotentRoute)


@router.get("", **toegang(OrganisatieSoort.bemiddelaar))
def escalaties_lijst(
    session: SessionDep,
    actor: CurrentActor,
    leeslog: LeeslogDep,
    page: Annotated[Paging, Depends(paging)],
) -> Escalaties:
    """Waar het vastloopt en wat maatwerk kan doen: woningen zonder geschikte kandidaat en
    kandidaten die langer dan zes maanden wachten (ZOU-M2), elk met de reden en een kant-en-klaar
    voorstel voor POST /v1/maatwerktrajecten. Een weergave van de signaleringen
    woning-zonder-kandidaten (alleen woningen waar niemand op de voordracht staat) en
    langwachtend (alleen wie nu naar maatwerk kan: wachtend, zonder open maatwerktraject;
    gepauzeerde tijd telt niet mee)."""
    lang, totaal = actions.langwachtend(session, offset=page.offset, limit=page.pagina_grootte)
    leeslog(actor, "escalaties", (e.object_id for e in lang), "langwachtenden gelezen")
    return Escalaties(
        woningen_zonder_kandidaat=actions.zonder_kandidaat(session),
        langwachtenden=Pagina[Escalatie](
            resultaten=lang, totaal=totaal, pagina=page.pagina, pagina_grootte=page.pagina_grootte
        ),
    )
