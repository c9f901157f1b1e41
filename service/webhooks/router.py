from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter
from fastapi import Depends
from fastapi import Path
from fastapi import Query
from fastapi import Request

from service.deps import ALLE_SOORTEN
from service.deps import CurrentActor
from service.deps import SessionDep
from service.deps import toegang
from service.idempotency import IdempotentRoute
from service.models import BerichtStatus
from service.schemas import Pagina
from service.schemas import Paging
from service.schemas import paging
from service.webhooks import actions
from service.webhooks.schemas import AbonnementInvoer
from service.webhooks.schemas import AbonnementMetGeheim
from service.webhooks.schemas import AbonnementUit
from service.webhooks.schemas import AbonnementWijziging
from service.webhooks.schemas import BerichtDetail
from service.webhooks.schemas import BerichtUit
from service.webhooks.schemas import GeheimUit

router = APIRouter(prefix="/abonnementen", tags=["abonnementen"], route_class=IdempotentRoute)
BerichtId = Annotated[str, Path(max_length=40, pattern=r"^msg_[0-9a-f]{32}$")]


def _demo(request: Request) -> bool:
    return bool(request.app.state.settings.demo)


@router.get("", **toegang(*ALLE_SOORTEN))
def abonnementen_lijst(
    session: SessionDep, actor: CurrentActor, page: Annotated[Paging, Depends(paging)]
) -> Pagina[AbonnementUit]:
    """De webhook-abonnementen van uw organisatie."""
    rows, totaal = actions.list_abonnementen(
        session, actor, offset=page.offset, limit=page.pagina_grootte
    )
    return Pagina[AbonnementUit](
        resultaten=rows, totaal=totaal, pagina=page.pagina, pagina_grootte=page.pagina_grootte
    )


@router.post("", status_code=201, **toegang(*ALLE_SOORTEN))
def abonnement_aanmaken(
    data: AbonnementInvoer, request: Request, session: SessionDep, actor: CurrentActor
) -> AbonnementMetGeheim:
    """Abonneer een https-adres op gebeurtenissen. Elk bericht is ondertekend volgens Standard
    Webhooks (headers webhook-id, webhook-timestamp, webhook-signature); het geheim staat
    alleen in dit antwoord. U krijgt alleen wat u via de API ook zou mogen lezen."""
    result = actions.create_abonnement(session, data=data, by=actor, demo=_demo(request))
    session.commit()
    return result


@router.get("/{abonnement_id}", **toegang(*ALLE_SOORTEN))
def abonnement_lezen(
    abonnement_id: uuid.UUID, session: SessionDep, actor: CurrentActor
) -> AbonnementUit:
    """Eén abonnement, met hoeveel berichten nog wachten en hoeveel mislukten."""
    return actions.public(session, actions.get_abonnement(session, abonnement_id, actor))


@router.patch("/{abonnement_id}", **toegang(*ALLE_SOORTEN))
def abonnement_wijzigen(
    abonnement_id: uuid.UUID,
    data: AbonnementWijziging,
    request: Request,
    session: SessionDep,
    actor: CurrentActor,
) -> AbonnementUit:
    """Wijzig adres, soorten of omschrijving, of zet het abonnement stil (actief: false)."""
    a = actions.update_abonnement(
        session, abonnement_id=abonnement_id, data=data, by=actor, demo=_demo(request)
    )
    session.commit()
    return actions.public(session, a)


@router.post("/{abonnement_id}/geheim", status_code=201, **toegang(*ALLE_SOORTEN))
def abonnement_geheim_vernieuwen(
    abonnement_id: uuid.UUID, request: Request, session: SessionDep, actor: CurrentActor
) -> GeheimUit:
    """Een nieuw geheim. Het vorige blijft een overgangstijd meetekenen (een tweede handtekening
    in webhook-signature), zodat u uw ontvanger zonder haast kunt omzetten."""
    uren = request.app.state.settings.webhook_geheim_overlap_uren
    result = actions.rotate_geheim(
        session, abonnement_id=abonnement_id, by=actor, overlap=timedelta(hours=uren)
    )
    session.commit()
    return result


@router.get("/{abonnement_id}/berichten", **toegang(*ALLE_SOORTEN))
def abonnement_berichten(
    abonnement_id: uuid.UUID,
    session: SessionDep,
    actor: CurrentActor,
    page: Annotated[Paging, Depends(paging)],
    status: Annotated[BerichtStatus | None, Query()] = None,
) -> Pagina[BerichtUit]:
    """De berichten van dit abonnement, nieuwste eerst: status, laatste antwoordcode, volgende poging."""
    rows, totaal = actions.list_berichten(
        session,
        actor,
        abonnement_id=abonnement_id,
        status=status,
        offset=page.offset,
        limit=page.pagina_grootte,
    )
    return Pagina[BerichtUit](
        resultaten=rows, totaal=totaal, pagina=page.pagina, pagina_grootte=page.pagina_grootte
    )


@router.get("/{abonnement_id}/berichten/{bericht_id}", **toegang(*ALLE_SOORTEN))
def abonnement_bericht_lezen(
    abonnement_id: uuid.UUID, bericht_id: BerichtId, session: SessionDep, actor: CurrentActor
) -> BerichtDetail:
    """Eén bericht met de inhoud en elke afleverpoging."""
    return actions.get_bericht(session, actor, abonnement_id=abonnement_id, bericht_id=bericht_id)


@router.post(
    "/{abonnement_id}/berichten/{bericht_id}/herhaling", status_code=201, **toegang(*ALLE_SOORTEN)
)
def abonnement_bericht_herhalen(
    abonnement_id: uuid.UUID, bericht_id: BerichtId, session: SessionDep, actor: CurrentActor
) -> BerichtUit:
    """Verstuur een mislukt bericht opnieuw (zelfde webhook-id)."""
    result = actions.replay(session, actor, abonnement_id=abonnement_id, bericht_id=bericht_id)
    session.commit()
    return result
