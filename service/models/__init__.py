"""All tables, in one place (avoids import cycles between domain folders)."""

from service.models.beleidslab import Beleidsproef
from service.models.contingent import Herverdeling
from service.models.contingent import Toezegging
from service.models.contingent import Verdeling
from service.models.contingent import VerdelingRegel
from service.models.gebeurtenis import Gebeurtenis
from service.models.gebruiker import Gebruiker
from service.models.gebruiker import WebSessie
from service.models.indexen import KANDIDAAT_INDEXEN
from service.models.inzage import Aanmeldpoging
from service.models.inzage import Inzage
from service.models.kandidaat import AanmelddatumHerkomst
from service.models.kandidaat import AanmelddatumWijziging
from service.models.kandidaat import Doelgroep
from service.models.kandidaat import Gemeentevoorkeur
from service.models.kandidaat import Kandidaat
from service.models.kandidaat import KandidaatRoute
from service.models.kandidaat import KandidaatStatus
from service.models.kandidaat import Uitschrijfreden
from service.models.maatwerk import OPEN_TRAJECT
from service.models.maatwerk import Aanleiding
from service.models.maatwerk import Maatwerktraject
from service.models.maatwerk import TrajectStap
from service.models.maatwerk import TrajectStatus
from service.models.monitoring import ExternePlaatsing
from service.models.monitoring import Knelpunt
from service.models.monitoring import KnelpuntStatus
from service.models.monitoring import MaandrapportageVerzending
from service.models.monitoring import Signalering
from service.models.monitoring import SignaleringSoort
from service.models.monitoring import SignaleringStap
from service.models.monitoring import SignaleringStatus
from service.models.nazorg import Clientervaring
from service.models.nazorg import Formulier
from service.models.nazorg import FormulierSoort
from service.models.nazorg import Kennisgeving
from service.models.nazorg import Overdracht
from service.models.nazorg import Routeadvies
from service.models.nazorg import Voorbereiding
from service.models.organisatie import ApiSleutel
from service.models.organisatie import CorporatieRoute
from service.models.organisatie import Organisatie
from service.models.organisatie import OrganisatieSoort
from service.models.systeem import IdempotentVerzoek
from service.models.systeem import Systeemwaarde
from service.models.systeem import Taakclaim
from service.models.voordracht import ACTIEVE_PLEKKEN
from service.models.voordracht import LOPENDE_AANBIEDING
from service.models.voordracht import OPEN_PLEKKEN
from service.models.voordracht import OPEN_VOORDRACHT
from service.models.voordracht import Aanbieding
from service.models.voordracht import AanbiedingStatus
from service.models.voordracht import Afwijsreden
from service.models.voordracht import Contractvorm
from service.models.voordracht import Evaluatie
from service.models.voordracht import Plaatsing
from service.models.voordracht import PlekStatus
from service.models.voordracht import Voordracht
from service.models.voordracht import Voordrachtplek
from service.models.voordracht import VoordrachtStatus
from service.models.webhook import Abonnement
from service.models.webhook import BerichtStatus
from service.models.webhook import WebhookBericht
from service.models.webhook import WebhookPoging
from service.models.woning import Woning
from service.models.woning import WoningStatus

__all__ = [
    "KANDIDAAT_INDEXEN",
    "Clientervaring",
    "Formulier",
    "FormulierSoort",
    "Kennisgeving",
    "Overdracht",
    "Routeadvies",
    "Voorbereiding",
    "Abonnement",
    "Beleidsproef",
    "BerichtStatus",
    "WebhookBericht",
    "WebhookPoging",
    "AanmelddatumHerkomst",
    "AanmelddatumWijziging",
    "Aanmeldpoging",
    "Taakclaim",
    "Inzage",
    "Gebruiker",
    "WebSessie",
    "ExternePlaatsing",
    "MaandrapportageVerzending",
    "Knelpunt",
    "KnelpuntStatus",
    "Signalering",
    "SignaleringSoort",
    "SignaleringStap",
    "SignaleringStatus",
    "Herverdeling",
    "Toezegging",
    "Verdeling",
    "VerdelingRegel",
    "OPEN_TRAJECT",
    "Aanleiding",
    "Maatwerktraject",
    "TrajectStap",
    "TrajectStatus",
    "ACTIEVE_PLEKKEN",
    "LOPENDE_AANBIEDING",
    "OPEN_PLEKKEN",
    "OPEN_VOORDRACHT",
    "Aanbieding",
    "AanbiedingStatus",
    "Afwijsreden",
    "ApiSleutel",
    "Contractvorm",
    "CorporatieRoute",
    "Doelgroep",
    "Evaluatie",
    "Gebeurtenis",
    "Gemeentevoorkeur",
    "IdempotentVerzoek",
    "Kandidaat",
    "KandidaatRoute",
    "KandidaatStatus",
    "Organisatie",
    "OrganisatieSoort",
    "Plaatsing",
    "PlekStatus",
    "Systeemwaarde",
    "Uitschrijfreden",
    "Voordracht",
    "Voordrachtplek",
    "VoordrachtStatus",
    "Woning",
    "WoningStatus",
]
