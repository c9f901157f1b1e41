from __future__ import annotations

from typing import Annotated
from typing import Literal

from fastapi import APIRouter
from fastapi import File
from fastapi import Query
from fastapi import Request
from fastapi import Response
from fastapi import UploadFile
from sqlmodel import Session

from service.bestanden.schrijven import XLSX
from service.bestanden.schrijven import bijlage
from service.bestanden.schrijven import csv_bytes
from service.bestanden.schrijven import frame
from service.bestanden.schrijven import xlsx_bytes
from service.db import REGIO
from service.deps import CurrentActor
from service.deps import SessionDep
from service.deps import toegang
from service.grenzen import Bestandsgrenzen
from service.idempotency import IdempotentRoute
from service.importeren import actions
from service.importeren.schemas import ImportResultaat
from service.models import OrganisatieSoort

router = APIRouter(prefix="/kandidaatimports", tags=["kandidaten"], route_class=IdempotentRoute)
S = OrganisatieSoort


@router.post(
    "",
    status_code=201,
    responses={
        200: {"model": ImportResultaat, "description": "Proefrun: alles klopt, niets opgeslagen."},
        201: {"description": "Alle kandidaten zijn ingelezen."},
    },
    **toegang(S.bemiddelaar),
)
def kandidaten_importeren(
    bestand: Annotated[
        UploadFile, File(description="De wachtlijst als .csv (UTF-8, ; of ,) of .xlsx.")
    ],
    request: Request,
    session: SessionDep,
    actor: CurrentActor,
    response: Response,
    proefrun: Annotated[
        bool, Query(alias="proefrun", description="true: alleen controleren, niets opslaan.")
    ] = False,
) -> ImportResultaat:
    """Een bestaande wachtlijst inlezen uit een spreadsheet (alleen Het Vierde Huis).

    **Bestand** (veld `bestand`, multipart): `.csv` in UTF-8 (een BOM mag), gescheiden door
    `;` of `,` (wordt herkend aan de kopregel), of `.xlsx` (het blad `kandidaten`, anders het
    eerste blad). Rij 1 is de kopregel, daarna één rij per kandidaat; lege rijen tellen niet
    mee. Kolomkoppen zijn niet hoofdlettergevoelig; een spatie of streepje telt als `_`.
    Download een sjabloon met `GET /v1/kandidaatimports/sjabloon`.

    **Kolommen** (allemaal verplicht in de kopregel, behalve de laatste twee):

    | kolom | inhoud |
    |---|---|
    | `zorgaanbieder` | code of naam van een actieve zorgaanbieder, bijv. `kwintes` |
    | `voornaam`, `achternaam` | verplicht |
    | `geboortedatum` | `JJJJ-MM-DD` of `DD-MM-JJJJ`; leeftijd 16 tot 110 |
    | `doelgroep` | een van de acht doelgroepen (ZOU-T1), bijv. `beschermd-thuis` |
    | `aanmelddatum` | `JJJJ-MM-DD` of `DD-MM-JJJJ`, niet in de toekomst: begin van de wachttijd |
    | `gemeentevoorkeuren` | gemeenten op volgorde, gescheiden door `\\|`, bijv. `Zeist\\|De Bilt` |
    | `volwassenen` | 1 tot 10 |
    | `kinderen` | 0 tot 15; leeg is 0 |
    | `jaarinkomen` | hele euro's, zonder punt, bijv. `19500` |
    | `rolstoel`, `trapvrij` | `ja` of `nee`; leeg is nee |
    | `hoogste_verdieping` | 0 tot 40; leeg is geen grens |
    | `minimum_kamers` | 1 tot 10; leeg is 1 |
    | `gereed_verklaard`, `begeleiding_akkoord` | `ja` of `nee` (ZOU-C1, ZOU-C3) |
    | `casushouder_naam`, `casushouder_telefoon`, `casushouder_email` | mogen leeg |
    | `casushouder_organisatie` (optioneel) | leeg: volgt uit de doelgroep |
    | `route` (optioneel) | `omgekeerde-plaatsing` of `maatwerk`; leeg: maatwerk voor living-lab |

    **Controle**: elke rij volgt dezelfde regels als `POST /v1/kandidaten`; daarnaast mag een
    kandidaat (zelfde zorgaanbieder, naam en geboortedatum) niet twee keer in het bestand
    staan en niet al op de wachtlijst staan. Eén foute rij en er wordt **niets** ingelezen:
    het antwoord (400) noemt in `invalidParams` elk probleem als `rij 7, kolom jaarinkomen`.
    Een fout in de kopregel (ontbrekende of onbekende kolom) heet `kolom …`.

    **Proefrun** (`?proefrun=true`): dezelfde controle; bij succes 200 met het aantal, de
    verdeling per zorgaanbieder en de eerste vijf rijen zoals ze worden opgeslagen, zonder
    iets op te slaan. Zonder proefrun: 201, alles in één transactie, met één gebeurtenis
    `kandidaten-geimporteerd` in het audit-spoor.
    """
    with Session(
        request.app.state.read_engine, info={REGIO: request.app.state.regio}
    ) as lees_sessie:
        resultaat = actions.importeer(
            session,
            bestandsnaam=bestand.filename or "bestand",
            inhoud=bestand.file,
            by=actor,
            proefrun=proefrun,
            lees_sessie=lees_sessie,
            grenzen=Bestandsgrenzen.uit(request.app.state.settings),
        )
    if proefrun:
        response.status_code = 200
    else:
        session.commit()
    return resultaat


@router.get(
    "/sjabloon",
    response_class=Response,
    responses={
        200: {
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                XLSX: {"schema": {"type": "string", "format": "binary"}},
            },
            "description": "Een leeg importbestand met de juiste kolommen.",
        }
    },
    **toegang(S.bemiddelaar),
)
def kandidaten_importsjabloon(
    actor: CurrentActor,
    formaat: Annotated[Literal["csv", "xlsx"], Query()] = "xlsx",
) -> Response:
    """Het sjabloon voor `POST /v1/kandidaatimports`: de kopregel; als XLSX met een tweede blad
    `toelichting` (per kolom: verplicht, uitleg, voorbeeld)."""
    leeg = frame([], {k: k for k in actions.KOLOMMEN})
    if formaat == "csv":
        return bijlage(csv_bytes(leeg), formaat="csv", bestandsnaam="kandidaten-sjabloon")
    toelichting = frame(
        [
            {"kolom": naam, "verplicht": "ja" if verplicht else "nee", "uitleg": u, "voorbeeld": v}
            for naam, (verplicht, u, v) in actions.KOLOMMEN.items()
        ],
        {
            "kolom": "kolom",
            "verplicht": "kolom verplicht",
            "uitleg": "uitleg",
            "voorbeeld": "voorbeeld",
        },
    )
    return bijlage(
        xlsx_bytes({"kandidaten": leeg, "toelichting": toelichting}),
        formaat="xlsx",
        bestandsnaam="kandidaten-sjabloon",
    )
