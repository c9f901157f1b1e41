from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter
from fastapi import Depends
from fastapi import Form
from fastapi import Query
from fastapi import Request

from service.bestanden.schrijven import EXPORT_RESPONSES
from service.contingenten.schemas import Formaat
from service.deps import CurrentActor
from service.deps import SessionDep
from service.deps import toegang
from service.grenzen import Bestandsgrenzen
from service.idempotency import IdempotentRoute
from service.models import OrganisatieSoort
from service.rapportages import actions
from service.rapportages import upload
from service.rapportages import verzending
from service.rapportages.schemas import ExternePlaatsingenBestand
from service.rapportages.schemas import ExternePlaatsingInvoer
from service.rapportages.schemas import ExternePlaatsingUit
from service.rapportages.schemas import MaandrapportageUit
from service.rapportages.schemas import RegiocijfersUit
from service.rapportages.schemas import UploadUit
from service.rapportages.schemas import VerzendingInvoer
from service.rapportages.schemas import VerzendingUit
from service.regio import regio_van
from service.schemas import Pagina
from service.schemas import Paging
from service.schemas import paging

router = APIRouter(tags=["rapportages"], route_class=IdempotentRoute)
S = OrganisatieSoort
Jaar = Annotated[int, Query(ge=2000, le=2100, description="Het jaar, bijvoorbeeld 2026.")]
CorporatieQuery = Annotated[
    uuid.UUID | None,
    Query(
        alias="corporatieId",
        description="Alleen deze corporatie. Leeg: de eigen (corporatie) of alle corporaties.",
    ),
]


@router.get("/externe-plaatsingen", **toegang(S.corporatie, S.bemiddelaar, S.regiobeheer))
def externe_plaatsingen_lijst(
    session: SessionDep,
    actor: CurrentActor,
    page: Annotated[Paging, Depends(paging)],
    jaar: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    corporatie_id: CorporatieQuery = None,
) -> Pagina[ExternePlaatsingUit]:
    """Plaatsingen buiten woonroute (ZOU-M1); een corporatie ziet alleen de eigen meldingen."""
    rows, totaal = actions.list_extern(
        session,
        actor,
        jaar=jaar,
        corporatie_id=corporatie_id,
        offset=page.offset,
        limit=page.pagina_grootte,
    )
    return Pagina[ExternePlaatsingUit](
        resultaten=rows, totaal=totaal, pagina=page.pagina, pagina_grootte=page.pagina_grootte
    )


@router.post("/externe-plaatsingen", status_code=201, **toegang(S.corporatie))
def externe_plaatsing_melden(
    data: ExternePlaatsingInvoer, session: SessionDep, actor: CurrentActor
) -> ExternePlaatsingUit:
    """De corporatie meldt een plaatsing die buiten woonroute is gedaan, bijvoorbeeld maatwerk
    elders (ZOU-M1), zodat de maandrapportage compleet is. Zet er geen namen in."""
    result = actions.create_extern(session, data=data, by=actor)
    session.commit()
    return result


@router.post("/externe-plaatsingen/upload", status_code=201, **toegang(S.corporatie))
def externe_plaatsingen_uploaden(
    request: Request,
    session: SessionDep,
    actor: CurrentActor,
    formulier: Annotated[ExternePlaatsingenBestand, Form(media_type="multipart/form-data")],
) -> UploadUit:
    """Plaatsingen buiten woonroute in één keer melden met een CSV- of XLSX-bestand. Elke rij wordt
    gecontroleerd; is één rij fout, dan wordt niets toegevoegd en noemt het antwoord elke fout met
    rij en kolom. Een goed bestand wordt in één keer toegevoegd."""
    bestand = formulier.bestand
    grenzen = Bestandsgrenzen.uit(request.app.state.settings)
    inhoud = bestand.file.read(upload.MAX_BYTES + 1)
    # Read and checked before the write transaction begins (no write lock meanwhile).
    tabel = upload.lees(inhoud, bestand.filename, bestand.content_type, grenzen)
    rijen = actions.controleer_bestand(
        request.app.state.read_engine, regio_van(session), tabel, grenzen
    )
    result = actions.upload_extern(session, rijen=rijen, bestandsnaam=bestand.filename, by=actor)
    session.commit()
    return UploadUit(aantal=len(result), plaatsingen=result)


@router.get(
    "/maandrapportages",
    responses=EXPORT_RESPONSES,
    **toegang(S.corporatie, S.bemiddelaar, S.regiobeheer),
)
def maandrapportage_lezen(
    session: SessionDep,
    actor: CurrentActor,
    jaar: Jaar,
    maand: Annotated[int, Query(ge=1, le=12, description="De maand, 1 tot en met 12.")],
    corporatie_id: CorporatieQuery = None,
    formaat: Annotated[Formaat, Query(description="json (standaard), csv of xlsx.")] = Formaat.json,
) -> MaandrapportageUit:
    """De maandrapportage van plaatsingen (ZOU-M1): elke plaatsing met een contractdatum in die maand,
    via woonroute en extern gemeld, zonder namen. Een corporatie krijgt de eigen rapportage; de
    bemiddelaar en het regiobeheer kiezen een corporatie of krijgen alle corporaties."""
    rapport = actions.maandrapportage(
        session, actor, jaar=jaar, maand=maand, corporatie_id=corporatie_id
    )
    if formaat == Formaat.json:
        return rapport
    return actions.export_maandrapportage(rapport, formaat=formaat)  # type: ignore[return-value]


@router.post("/maandrapportage-verzendingen", status_code=201, **toegang(S.corporatie))
def maandrapportage_verzenden(
    data: VerzendingInvoer, session: SessionDep, actor: CurrentActor
) -> VerzendingUit:
    """De corporatie verzendt de maandrapportage van een afgelopen maand aan Het Vierde Huis
    (ZOU-M1: eens per maand alle plaatsingen). Vastgelegd wordt wie, wanneer en hoeveel
    plaatsingen erin stonden. Een maand kan één keer worden verzonden (daarna 409); de
    rapportage is uiterlijk op de dag uit het regiobestand van de volgende maand nodig
    (maandrapportageDag, standaard de 10e)."""
    result = verzending.verzend(session, data=data, by=actor)
    session.commit()
    return result


@router.get("/maandrapportage-verzendingen", **toegang(S.corporatie, S.bemiddelaar, S.regiobeheer))
def maandrapportage_verzendingen(
    session: SessionDep,
    actor: CurrentActor,
    jaar: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    corporatie_id: CorporatieQuery = None,
) -> list[VerzendingUit]:
    """Welke maandrapportages zijn verzonden, wanneer en door wie. Een corporatie ziet de eigen;
    de bemiddelaar en het regiobeheer alle, of die van één corporatie."""
    return verzending.verzendingen(session, actor, jaar=jaar, corporatie_id=corporatie_id)


@router.get("/regiocijfers", **toegang(S.bemiddelaar, S.regiobeheer))
def regiocijfers_lezen(session: SessionDep, actor: CurrentActor, jaar: Jaar) -> RegiocijfersUit:
    """Regionale cijfers voor een jaar: wachttijd, tijd tot plaatsing, aandeel in de gemeente van
    eerste keuze, afwijzingen naar reden, per zorgaanbieder, gemeente en corporatie, en de
    levering van het contingent. Alleen aantallen, medianen en aandelen; geen namen."""
    return actions.regiocijfers(session, actor, jaar=jaar)
