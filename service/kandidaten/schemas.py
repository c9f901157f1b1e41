from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime

from pydantic import EmailStr
from pydantic import Field
from pydantic import field_validator

from service.clock import vandaag
from service.models import AanmelddatumHerkomst
from service.models import Doelgroep
from service.models import KandidaatRoute
from service.models import KandidaatStatus
from service.models import Uitschrijfreden
from service.schemas import ApiModel
from service.schemas import Invoer
from service.schemas import invoer_regio


class CasushouderInvoer(Invoer):
    organisatie: str | None = Field(
        default=None, max_length=200, description="Leeg: volgt uit de doelgroep (ZOU-T1)."
    )
    naam: str | None = Field(default=None, max_length=200)
    telefoon: str | None = Field(default=None, max_length=40, pattern=r"^[0-9 +()-]{6,40}$")
    email: EmailStr | None = None


class Huishouden(Invoer):
    volwassenen: int = Field(ge=1, le=10)
    kinderen: int = Field(default=0, ge=0, le=15)


class Behoeften(Invoer):
    rolstoel: bool = False
    trapvrij: bool = Field(
        default=False, description="Kan geen trap lopen: begane grond of lift, en gelijkvloers."
    )
    hoogste_verdieping: int | None = Field(default=None, ge=0, le=40)
    minimum_kamers: int = Field(default=1, ge=1, le=10)


def _gemeenten_uniek(value: list[str] | None) -> list[str] | None:
    if value is None:
        return value
    if len(set(value)) != len(value):
        raise ValueError("Noem elke gemeente maar één keer.")
    regio = invoer_regio()
    onbekend = [g for g in value if not regio.is_gemeente(g)]
    if onbekend:
        raise ValueError(
            f"Onbekende gemeente: {', '.join(onbekend)}. Kies uit: {', '.join(regio.gemeenten)}."
        )
    return value


def _geboortedatum(value: date | None) -> date | None:
    if value is None:
        return value
    leeftijd = (vandaag() - value).days // 365
    if value >= vandaag():
        raise ValueError("Moet een datum in het verleden zijn.")
    if leeftijd < 16 or leeftijd > 110:
        raise ValueError("Moet een geboortedatum van 16 tot 110 jaar geleden zijn.")
    return value


def _niet_in_toekomst(value: date | None) -> date | None:
    if value is not None and value > vandaag():
        raise ValueError("Moet vandaag of eerder zijn.")
    return value


class HerkomstInvoer(Invoer):
    """Where an aanmelddatum before the day of registration comes from."""

    soort: AanmelddatumHerkomst
    datum: date = Field(description="Datum van het stuk waaruit de aanmelddatum blijkt.")
    toelichting: str = Field(min_length=1, max_length=1000)

    _niet_later = field_validator("datum")(_niet_in_toekomst)


class KandidaatInvoer(Invoer):
    voornaam: str = Field(min_length=1, max_length=100)
    achternaam: str = Field(min_length=1, max_length=100)
    geboortedatum: date
    doelgroep: Doelgroep
    casushouder: CasushouderInvoer = CasushouderInvoer()
    aanmelddatum: date | None = Field(
        default=None,
        description="Datum van aanmelding bij Het Vierde Huis; hier begint de wachttijd. Leeg: "
        "vandaag. Niet in de toekomst. Een eerdere datum vraagt een herkomst "
        "(aanmelddatumHerkomst); een zorgaanbieder kan hoogstens het aantal dagen uit het "
        "regiobestand terug (aanmelddatumVensterDagen, standaard 90). Daarvoor: Het Vierde Huis "
        "(correctie) of de bulkimport.",
    )
    aanmelddatum_herkomst: HerkomstInvoer | None = Field(
        default=None, description="Verplicht bij een aanmelddatum voor vandaag."
    )
    gemeentevoorkeuren: list[str] = Field(
        min_length=1,
        max_length=10,
        description="Op volgorde: de eerste is de eerste keuze (ZOU-R4).",
    )
    huishouden: Huishouden
    jaarinkomen: int = Field(
        ge=0, le=1_000_000, description="Belastbaar jaarinkomen in euro (zonder kinderen)."
    )
    behoeften: Behoeften = Behoeften()
    gereed_verklaard: bool = Field(
        description="De zorgaanbieder verklaart de kandidaat klaar om zelfstandig te wonen (ZOU-C1)."
    )
    begeleiding_akkoord: bool = Field(
        description="De kandidaat aanvaardt twee jaar begeleiding (ZOU-C3)."
    )
    route: KandidaatRoute | None = Field(
        default=None, description="Leeg: maatwerk voor Living Lab, anders omgekeerde plaatsing."
    )

    _uniek = field_validator("gemeentevoorkeuren")(_gemeenten_uniek)
    _geboren = field_validator("geboortedatum")(_geboortedatum)
    _aangemeld = field_validator("aanmelddatum")(_niet_in_toekomst)


class KandidaatWijziging(Invoer):
    voornaam: str | None = Field(default=None, min_length=1, max_length=100)
    achternaam: str | None = Field(default=None, min_length=1, max_length=100)
    geboortedatum: date | None = None
    doelgroep: Doelgroep | None = None
    casushouder: CasushouderInvoer | None = None
    gemeentevoorkeuren: list[str] | None = Field(default=None, min_length=1, max_length=10)
    huishouden: Huishouden | None = None
    jaarinkomen: int | None = Field(default=None, ge=0, le=1_000_000)
    behoeften: Behoeften | None = None
    gereed_verklaard: bool | None = None
    begeleiding_akkoord: bool | None = None
    route: KandidaatRoute | None = None

    _uniek = field_validator("gemeentevoorkeuren")(_gemeenten_uniek)
    _geboren = field_validator("geboortedatum")(_geboortedatum)


class AanmelddatumCorrectie(Invoer):
    """The bemiddelaar corrects an aanmelddatum (or a zorgaanbieder asks for it)."""

    aanmelddatum: date
    reden: str = Field(min_length=1, max_length=1000)

    _aangemeld = field_validator("aanmelddatum")(_niet_in_toekomst)


class VerzoekAfwijzing(Invoer):
    """The bemiddelaar turns down a request to correct an aanmelddatum."""

    reden: str = Field(
        min_length=1, max_length=1000, description="Waarom niet; de zorgaanbieder leest dit."
    )


class AanmelddatumWijzigingUit(ApiModel):
    id: uuid.UUID
    kandidaat_id: uuid.UUID
    soort: str = Field(description="correctie (door Het Vierde Huis) of verzoek (zorgaanbieder).")
    van: date
    naar: date
    reden: str
    organisatie_id: uuid.UUID
    status: str = Field(
        description="uitgevoerd (correctie); bij een verzoek open, goedgekeurd, afgewezen of "
        "afgehandeld (door een andere correctie)."
    )
    aangemaakt_op: datetime
    afhandeling: str | None = Field(
        default=None, description="Het antwoord op een verzoek: de reden van afwijzen of correctie."
    )
    afgehandeld_op: datetime | None = None


class Statuswijziging(Invoer):
    status: KandidaatStatus
    reden: Uitschrijfreden | None = Field(default=None, description="Verplicht bij uitschrijven.")
    toelichting: str | None = Field(default=None, max_length=1000)


class Casushouder(ApiModel):
    rol: str
    organisatie: str | None = None
    naam: str | None = None
    telefoon: str | None = None
    email: str | None = None


class OrganisatieVerwijzing(ApiModel):
    id: uuid.UUID
    naam: str


class KandidaatGegevens(ApiModel):
    """A kandidaat as registered: read back (``KandidaatUit``) and in an import's preview."""

    zorgaanbieder: OrganisatieVerwijzing
    voornaam: str
    achternaam: str
    geboortedatum: date
    doelgroep: Doelgroep
    casushouder: Casushouder
    aanmelddatum: date
    gemeentevoorkeuren: list[str]
    huishouden: Huishouden
    jaarinkomen: int
    behoeften: Behoeften
    gereed_verklaard: bool
    begeleiding_akkoord: bool
    route: KandidaatRoute
    status: KandidaatStatus


class KandidaatUit(KandidaatGegevens):
    id: uuid.UUID
    wachttijd_dagen: int
    status_reden: str | None = None
    status_toelichting: str | None = None
    aanmelddatum_herkomst: AanmelddatumHerkomst | None = None
    afwijzingen_en_verlopen: int = Field(
        0,
        description="Afgewezen en verlopen aanbiedingen samen (DRE-O3). Na het aantal uit het "
        "regiobestand volgt een gesprek over afwijzingen.",
    )
    aangemaakt_op: datetime
    gewijzigd_op: datetime


class InzageUit(ApiModel):
    """One read of a kandidaat's data: who (organisation, person on the web), when, where."""

    tijdstip: datetime
    organisatie_id: uuid.UUID
    organisatie: str
    gebruiker_id: uuid.UUID | None = Field(
        description="De persoon, als het via de webpagina's was; leeg bij een API-sleutel."
    )
    gebruiker: str | None
    bron: str = Field(description="Waar het gelezen werd, bijvoorbeeld kandidaten of voordracht.")
    toelichting: str


class KandidatenPagina(ApiModel):
    """Een pagina van de wachtlijst, in wachtvolgorde."""

    resultaten: list[KandidaatUit]
    totaal: int | None = Field(
        default=None, description="Alleen met `metTotaal=true`; anders leeg."
    )
    pagina: int
    pagina_grootte: int
    volgende: str | None = Field(
        default=None,
        max_length=200,
        description="Geef dit mee als `vanaf` voor de volgende pagina; leeg op de laatste.",
    )
