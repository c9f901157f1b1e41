from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import Future
from typing import Annotated
from typing import Any

from fastapi import APIRouter
from fastapi import Depends
from fastapi import Query
from fastapi import Response

from service import inzage
from service.deps import CurrentActor
from service.deps import LeeslogDep
from service.deps import SessionDep
from service.deps import in_one_hop
from service.deps import toegang
from service.diagnose import diagnose
from service.idempotency import IdempotentRoute
from service.json_sql import met_lijst
from service.kandidaten import actions
from service.kandidaten import dossier
from service.kandidaten.schemas import AanmelddatumCorrectie
from service.kandidaten.schemas import AanmelddatumWijzigingUit
from service.kandidaten.schemas import InzageUit
from service.kandidaten.schemas import KandidaatInvoer
from service.kandidaten.schemas import KandidaatUit
from service.kandidaten.schemas import KandidaatWijziging
from service.kandidaten.schemas import KandidatenPagina
from service.kandidaten.schemas import Statuswijziging
from service.kandidaten.schemas import VerzoekAfwijzing
from service.models import KandidaatStatus
from service.models import OrganisatieSoort
from service.schemas import Pagina
from service.schemas import Paging
from service.schemas import paging

router = APIRouter(prefix="/kandidaten", tags=["kandidaten"], route_class=IdempotentRoute)
S = OrganisatieSoort


@router.get("", response_model=KandidatenPagina, **toegang(S.zorgaanbieder, S.bemiddelaar))
async def kandidaten_lijst(
    session: SessionDep,
    actor: CurrentActor,
    leeslog: LeeslogDep,
    page: Annotated[Paging, Depends(paging)],
    status: Annotated[KandidaatStatus | None, Query()] = None,
    gemeente: Annotated[
        str | None, Query(description="Alleen kandidaten met deze gemeente als voorkeur.")
    ] = None,
    vanaf: Annotated[
        str | None,
        Query(
            max_length=200,
            description=(
                "Vervolgpagina: de waarde van `volgende` uit de vorige pagina. Zo kost een "
                "diepe pagina evenveel als de eerste; `pagina` wordt dan niet gebruikt."
            ),
        ),
    ] = None,
    met_totaal: Annotated[
        bool,
        Query(
            alias="metTotaal",
            description="Tel ook het totaal aantal kandidaten (`totaal`); kost een telling.",
        ),
    ] = False,
) -> Response:
    """De wachtlijst: een zorgaanbieder ziet alleen de eigen kandidaten, de bemiddelaar iedereen.
    Gesorteerd op aanmelddatum (langst wachtend eerst). Blader met `volgende` (keyset); het
    totaal alleen met `metTotaal=true`."""

    gelogd: list[Future[int]] = []

    def pagina() -> bytes:
        items, totaal, volgende = actions.list_kandidaten(
            session,
            actor,
            status=status,
            gemeente=gemeente,
            paging=page,
            vanaf=vanaf,
            met_totaal=met_totaal,
            # the read log is written while the page is built; it is sent once logged
            getoond=lambda ids: gelogd.append(
                leeslog.afgeven(actor, "kandidaten", ids, "wachtlijst gelezen")
            ),
        )
        rest = KandidatenPagina(
            resultaten=[],
            totaal=totaal,
            pagina=page.pagina,
            pagina_grootte=page.pagina_grootte,
            volgende=volgende,
        )
        return met_lijst(rest, "resultaten", items)

    inhoud = await in_one_hop(session, pagina)
    await asyncio.gather(*map(asyncio.wrap_future, gelogd))
    return Response(inhoud, media_type="application/json")


@router.post("", status_code=201, **toegang(S.zorgaanbieder))
def kandidaat_aanmelden(
    data: KandidaatInvoer, session: SessionDep, actor: CurrentActor
) -> KandidaatUit:
    """Een cliënt aanmelden op de regionale wachtlijst. Zonder aanmelddatum geldt vandaag; een
    eerdere datum vraagt een herkomst en ligt hoogstens het venster uit het regiobestand terug."""
    actions.check_aanmelddatum(session, data, actor)
    k = actions.create_kandidaat(session, data=data, by=actor)
    session.commit()
    return actions.public(session, k)


@router.get("/{kandidaat_id}", **toegang(S.zorgaanbieder, S.bemiddelaar))
def kandidaat_lezen(
    kandidaat_id: uuid.UUID, session: SessionDep, actor: CurrentActor, leeslog: LeeslogDep
) -> KandidaatUit:
    """Eén kandidaat (eigen kandidaat voor een zorgaanbieder)."""
    k = actions.get_kandidaat(session, kandidaat_id, actor)
    result = actions.public(session, k)
    leeslog(actor, "kandidaat", k.id, "kandidaat gelezen")
    return result


@router.patch("/{kandidaat_id}", **toegang(S.zorgaanbieder, S.bemiddelaar))
def kandidaat_wijzigen(
    kandidaat_id: uuid.UUID, data: KandidaatWijziging, session: SessionDep, actor: CurrentActor
) -> KandidaatUit:
    """Gegevens wijzigen. Het Vierde Huis mag alleen de route wijzigen."""
    k = actions.update_kandidaat(session, kandidaat_id=kandidaat_id, data=data, by=actor)
    session.commit()
    return actions.public(session, k)


@router.post(
    "/{kandidaat_id}/statuswijzigingen", status_code=201, **toegang(S.zorgaanbieder, S.bemiddelaar)
)
def kandidaat_status_wijzigen(
    kandidaat_id: uuid.UUID, data: Statuswijziging, session: SessionDep, actor: CurrentActor
) -> KandidaatUit:
    """Pauzeren, weer laten wachten, of uitschrijven met een reden (bijvoorbeeld ZOU-C4:
    woont bij eigen netwerk)."""
    k = actions.change_status(session, kandidaat_id=kandidaat_id, data=data, by=actor)
    session.commit()
    return actions.public(session, k)


@router.get("/{kandidaat_id}/waarom-niet", **toegang(S.zorgaanbieder, S.bemiddelaar))
def kandidaat_waarom_niet(
    kandidaat_id: uuid.UUID, session: SessionDep, actor: CurrentActor, leeslog: LeeslogDep
) -> dict[str, Any]:
    """Waarom wordt deze kandidaat niet gematcht? De recente woningen in de gekozen gemeenten en
    per woning: voorgedragen (op welke plek), niet geschikt (welke regel), of geschikt maar anderen
    gingen voor; met de bindende beperking in gewone taal en voorstellen. Alleen voor de bemiddelaar
    en de eigen zorgaanbieder."""

    k = actions.get_kandidaat(session, kandidaat_id, actor)
    result = {
        "kandidaatId": str(k.id),
        "status": k.status,
        **diagnose(session, k, limit=20).as_json(met_woningen=True),
    }
    leeslog(actor, "kandidaat", k.id, "waarom-niet gelezen")
    return result


@router.get("/{kandidaat_id}/inzagen", **toegang(S.bemiddelaar))
def kandidaat_inzagen(
    kandidaat_id: uuid.UUID,
    session: SessionDep,
    actor: CurrentActor,
    leeslog: LeeslogDep,
    page: Annotated[Paging, Depends(paging)],
) -> Pagina[InzageUit]:
    """Wie zag deze kandidaat, wanneer (NEN 7513): elke keer dat een organisatie gegevens van
    deze kandidaat las, in een lijst of los, nieuwste eerst, met de persoon als het via de
    webpagina's was. Alleen voor Het Vierde Huis; het volledige dossier bevat dezelfde lijst."""
    k = actions.get_kandidaat(session, kandidaat_id, actor)
    rows, totaal = inzage.wie_zag(session, k.id, offset=page.offset, limit=page.pagina_grootte)
    leeslog(actor, "inzagen", k.id, "wie zag deze kandidaat gelezen")
    return Pagina[InzageUit](
        resultaten=[InzageUit.model_validate(r) for r in rows],
        totaal=totaal,
        pagina=page.pagina,
        pagina_grootte=page.pagina_grootte,
    )


@router.get("/{kandidaat_id}/dossier", **toegang(S.zorgaanbieder, S.bemiddelaar))
def kandidaat_dossier(
    kandidaat_id: uuid.UUID, session: SessionDep, actor: CurrentActor, leeslog: LeeslogDep
) -> dict[str, Any]:
    """Het volledige dossier van één persoon (recht op inzage, AVG art. 15): gegevens, voordrachten,
    aanbiedingen, plaatsing, maatwerktrajecten, signaleringen en het logboek."""
    k = actions.get_kandidaat(session, kandidaat_id, actor)
    result = dossier.dossier(session, k)
    leeslog(actor, "kandidaat", k.id, "volledig dossier gelezen (inzageverzoek)")
    return result


@router.get("/{kandidaat_id}/aanmelddatum-wijzigingen", **toegang(S.zorgaanbieder, S.bemiddelaar))
def aanmelddatum_wijzigingen(
    kandidaat_id: uuid.UUID, session: SessionDep, actor: CurrentActor
) -> list[AanmelddatumWijzigingUit]:
    """De geschiedenis van de aanmelddatum: correcties door Het Vierde Huis en verzoeken van de
    zorgaanbieder, oudste eerst."""
    k = actions.get_kandidaat(session, kandidaat_id, actor)
    return [
        AanmelddatumWijzigingUit.model_validate(w, from_attributes=True)
        for w in actions.wijzigingen_aanmelddatum(session, k)
    ]


@router.post("/{kandidaat_id}/aanmelddatum-correcties", status_code=201, **toegang(S.bemiddelaar))
def aanmelddatum_corrigeren(
    kandidaat_id: uuid.UUID, data: AanmelddatumCorrectie, session: SessionDep, actor: CurrentActor
) -> AanmelddatumWijzigingUit:
    """Alleen Het Vierde Huis corrigeert een aanmelddatum, met een reden. De correctie staat in
    het logboek en in de geschiedenis van de kandidaat; open verzoeken zijn daarmee afgehandeld."""
    w = actions.correct_aanmelddatum(session, kandidaat_id=kandidaat_id, data=data, by=actor)
    session.commit()
    return AanmelddatumWijzigingUit.model_validate(w, from_attributes=True)


@router.post("/{kandidaat_id}/aanmelddatum-verzoeken", status_code=201, **toegang(S.zorgaanbieder))
def aanmelddatum_verzoeken(
    kandidaat_id: uuid.UUID, data: AanmelddatumCorrectie, session: SessionDep, actor: CurrentActor
) -> AanmelddatumWijzigingUit:
    """De zorgaanbieder vraagt Het Vierde Huis de aanmelddatum te corrigeren (een signalering
    voor de bemiddelaar, zichtbaar voor de zorgaanbieder)."""
    w = actions.request_correctie(session, kandidaat_id=kandidaat_id, data=data, by=actor)
    session.commit()
    return AanmelddatumWijzigingUit.model_validate(w, from_attributes=True)


@router.post(
    "/{kandidaat_id}/aanmelddatum-verzoeken/{verzoek_id}/goedkeuring",
    status_code=201,
    **toegang(S.bemiddelaar),
)
def aanmelddatum_verzoek_goedkeuren(
    kandidaat_id: uuid.UUID, verzoek_id: uuid.UUID, session: SessionDep, actor: CurrentActor
) -> AanmelddatumWijzigingUit:
    """Het Vierde Huis keurt het verzoek van de zorgaanbieder goed: de gevraagde datum wordt als
    correctie doorgevoerd (met de reden van het verzoek). Het antwoord is die correctie."""
    w = actions.approve_correctie(
        session, kandidaat_id=kandidaat_id, verzoek_id=verzoek_id, by=actor
    )
    session.commit()
    return AanmelddatumWijzigingUit.model_validate(w, from_attributes=True)


@router.post(
    "/{kandidaat_id}/aanmelddatum-verzoeken/{verzoek_id}/afwijzing",
    status_code=201,
    **toegang(S.bemiddelaar),
)
def aanmelddatum_verzoek_afwijzen(
    kandidaat_id: uuid.UUID,
    verzoek_id: uuid.UUID,
    data: VerzoekAfwijzing,
    session: SessionDep,
    actor: CurrentActor,
) -> AanmelddatumWijzigingUit:
    """Het Vierde Huis wijst het verzoek af, met een reden die de zorgaanbieder leest. De
    aanmelddatum blijft zoals die was."""
    w = actions.reject_correctie(
        session, kandidaat_id=kandidaat_id, verzoek_id=verzoek_id, data=data, by=actor
    )
    session.commit()
    return AanmelddatumWijzigingUit.model_validate(w, from_attributes=True)
