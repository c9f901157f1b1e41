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
from service.models import OrganisatieSoort
from service.organisaties import actions
from service.organisaties.schemas import OrganisatieInvoer
from service.organisaties.schemas import OrganisatieUit
from service.organisaties.schemas import OrganisatieWijziging
from service.schemas import Pagina
from service.schemas import Paging
from service.schemas import paging

router = APIRouter(prefix="/organisaties", tags=["organisaties"], route_class=IdempotentRoute)
S = OrganisatieSoort


@router.get("", **toegang(*ALLE_SOORTEN))
def organisaties_lijst(
    session: SessionDep,
    page: Annotated[Paging, Depends(paging)],
    soort: Annotated[OrganisatieSoort | None, Query()] = None,
) -> Pagina[OrganisatieUit]:
    """Alle organisaties in de regio."""
    rows, totaal = actions.list_organisaties(session, soort=soort, paging=page)
    return Pagina[OrganisatieUit](
        resultaten=[OrganisatieUit.model_validate(o) for o in rows],
        totaal=totaal,
        pagina=page.pagina,
        pagina_grootte=page.pagina_grootte,
    )


@router.get("/{organisatie_id}", **toegang(*ALLE_SOORTEN))
def organisatie_lezen(organisatie_id: uuid.UUID, session: SessionDep) -> OrganisatieUit:
    """Eén organisatie."""
    return OrganisatieUit.model_validate(actions.get_organisatie(session, organisatie_id))


@router.post("", status_code=201, **toegang(S.regiobeheer))
def organisatie_aanmaken(
    data: OrganisatieInvoer, session: SessionDep, actor: CurrentActor
) -> OrganisatieUit:
    """Een organisatie toevoegen (alleen regiobeheer)."""
    org = actions.create_organisatie(session, data=data, by=actor)
    session.commit()
    return OrganisatieUit.model_validate(org)


@router.patch("/{organisatie_id}", **toegang(S.regiobeheer))
def organisatie_wijzigen(
    organisatie_id: uuid.UUID, data: OrganisatieWijziging, session: SessionDep, actor: CurrentActor
) -> OrganisatieUit:
    """Naam, route (ZOU-R3) of actief wijzigen (alleen regiobeheer)."""
    org = actions.update_organisatie(session, organisatie_id=organisatie_id, data=data, by=actor)
    session.commit()
    return OrganisatieUit.model_validate(org)
