"""All tables, in one place (avoids import cycles between domain folders)."""

from service.models.beleidslab import Beleidsproef
from service.models.contingent import Herverdeling, Toezegging, Verdeling, VerdelingRegel
from service.models.gebeurtenis import Gebeurtenis
from service.models.gebruiker import Gebruiker, WebSessie
from service.models.indexen import KANDIDAAT_INDEXEN
from service.models.inzage import Aanmeldpoging, Inzage
from service.models.kandidaat import (
    AanmelddatumHerkomst,
    AanmelddatumWijziging,
    Doelgroep,
    Gemeentevoorkeur,
    Kandidaat,
    KandidaatRoute,
    KandidaatStatus,
    Uitschrijfreden,
)
from service.models.maatwerk import (
    OPEN_TRAJECT,
    Aanleiding,
    Maatwerktraject,
    TrajectStap,
    TrajectStatus,
)
from service.models.monitoring import (
    ExternePlaatsing,
    Knelpunt,
    KnelpuntStatus,
    MaandrapportageVerzending,
    Signalering,
    SignaleringSoort,
    SignaleringStap,
    SignaleringStatus,
)
from service.models.nazorg import (
    Clientervaring,
    Formulier,
    FormulierSoort,
    Kennisgeving,
    Overdracht,
    Routeadvies,
    Voorbereiding,
)
from service.models.organisatie import ApiSleutel, CorporatieRoute, Organisatie, OrganisatieSoort
from service.models.systeem import IdempotentVerzoek, Systeemwaarde, Taakclaim
from service.models.voordracht import (
    ACTIEVE_PLEKKEN,
    LOPENDE_AANBIEDING,
    Aanbieding,
    AanbiedingStatus,
    Afwijsreden,
    Contractvorm,
    Evaluatie,
    Plaatsing,
    PlekStatus,
    Voordracht,
    Voordrachtplek,
    VoordrachtStatus,
)
from service.models.webhook import (
    Abonnement,
    BerichtStatus,
    WebhookBericht,
    WebhookPoging,
)
from service.models.woning import Woning, WoningStatus

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
