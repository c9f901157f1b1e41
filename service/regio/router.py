from __future__ import annotations

from fastapi import APIRouter
from pydantic import Field

from service.clock import vandaag
from service.deps import ALLE_SOORTEN
from service.deps import toegang
from service.errors import grenzen_ontbreken_tekst
from service.idempotency import IdempotentRoute
from service.regio import Contact
from service.regio import InkomensgrenzenConfig
from service.regio import MatchingInstellingen
from service.regio import Nazorg
from service.regio import RegioDep
from service.regio import RouteAdviesInstellingen
from service.regio import Termijnen
from service.schemas import ApiModel

router = APIRouter(prefix="/regio", tags=["regio"], route_class=IdempotentRoute)


class RegioUit(ApiModel):
    code: str
    naam: str
    gemeenten: list[str]
    termijnen: Termijnen
    matching: MatchingInstellingen
    inkomensgrenzen: list[InkomensgrenzenConfig]
    routeadvies: RouteAdviesInstellingen
    nazorg: Nazorg
    contacten: list[Contact]
    ontbrekende_grensjaren: list[int] = Field(
        description=(
            "Jaren tot en met vandaag zonder inkomens- en huurgrenzen (MATCH-E4). In zo'n jaar "
            "maakt woonroute geen voordrachten; het regiobeheer vult ze aan in het regiobestand."
        ),
        json_schema_extra={"maxItems": 100},
    )
    configuratieproblemen: list[str] = Field(
        description="Wat er aan de regio-instellingen ontbreekt, in gewone woorden.",
        json_schema_extra={"maxItems": 100},
    )


@router.get("", **toegang(*ALLE_SOORTEN))
def regio_lezen(regio: RegioDep) -> RegioUit:
    """De regio-instellingen: gemeenten, termijnen, het beleid voor eerste keuze, de inkomens-
    en huurgrenzen per jaar, de termijnen rond de verhuizing (ZOU-L1..L5) en de contactpunten
    (ZOU-B1), en wat er aan de instellingen ontbreekt (jaren zonder inkomens- en huurgrenzen)."""
    ontbrekend = regio.ontbrekende_grensjaren(vandaag())
    return RegioUit(
        code=regio.code,
        naam=regio.naam,
        gemeenten=list(regio.gemeenten),
        termijnen=regio.termijnen,
        matching=regio.matching,
        inkomensgrenzen=list(regio.inkomensgrenzen),
        routeadvies=regio.routeadvies,
        nazorg=regio.nazorg,
        contacten=list(regio.contacten),
        ontbrekende_grensjaren=list(ontbrekend),
        configuratieproblemen=[grenzen_ontbreken_tekst(j) for j in ontbrekend],
    )
