"""The pages per kind of organisation, one module each; every handler calls the same actions as
the API with the logged-in person's organisation as the actor, and checks the kind with
``service.web.pages.mag`` (the API's ``vereis``)."""

from fastapi import APIRouter

from service.web.werk import aanmelddatum
from service.web.werk import beleidslab
from service.web.werk import bemiddelaar
from service.web.werk import corporatie
from service.web.werk import escalaties
from service.web.werk import levering
from service.web.werk import maatwerk
from service.web.werk import nazorg
from service.web.werk import regiobeheer
from service.web.werk import wachtlijst
from service.web.werk import zorgaanbieder

router = APIRouter(prefix="/werk", include_in_schema=False)
#: Every module with pages; the page × kind matrix test reads the routes from here.
MODULES = (
    bemiddelaar,
    corporatie,
    zorgaanbieder,
    regiobeheer,
    maatwerk,
    escalaties,
    wachtlijst,
    levering,
    nazorg,
    beleidslab,
    aanmelddatum,
)
for module in MODULES:
    router.include_router(module.router)

__all__ = ["router"]
