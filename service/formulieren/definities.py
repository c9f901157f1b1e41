"""The forms as data: the overdrachtsdocument (ZOU-B3, Bijlage 3), the preventie-actieplan
(ZOU-B4, Bijlage 4) and the Drechtsteden priority application (DRE-F1).

One definition drives everything a form needs: the typed pydantic model of the API (so the
OpenAPI document lists every field with its type), the edit page, the printable page and the
PDF. Field names are snake_case here and lowerCamelCase in JSON. ``verplicht`` fields must be
filled for the form to count as complete; checklist ticks are never required (a box left open
is an answer too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any
from typing import Literal

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field
from pydantic import create_model
from pydantic.alias_generators import to_camel

from service.models import FormulierSoort

Type = Literal["tekst", "lang", "datum", "vink", "keuze", "getal"]
KORT, LANG = 200, 4000


@dataclass(frozen=True)
class Veld:
    naam: str
    label: str
    type: Type = "tekst"
    verplicht: bool = False
    keuzes: tuple[tuple[str, str], ...] = ()  # (value, label)
    hoog: int = 1000  # upper bound of a number


@dataclass(frozen=True)
class Sectie:
    titel: str
    velden: tuple[Veld, ...]
    uitleg: str | None = None


@dataclass(frozen=True)
class Definitie:
    soort: FormulierSoort
    titel: str
    regel: str
    secties: tuple[Sectie, ...]
    #: The kandidaat's own details printed at the top (naam, geboortedatum) come from the
    #: kandidaat, never typed twice.
    model_naam: str
    #: The short name in a sentence: "het overdrachtsdocument".
    kort: str

    @property
    def velden(self) -> tuple[Veld, ...]:
        return tuple(v for s in self.secties for v in s.velden)

    def ontbrekend(self, inhoud: dict[str, Any]) -> list[Veld]:
        """The required fields that are still empty."""
        return [v for v in self.velden if v.verplicht and inhoud.get(v.naam) in (None, "", [])]


def _vinken(*items: tuple[str, str]) -> tuple[Veld, ...]:
    return tuple(Veld(naam, label, "vink") for naam, label in items)


def _t(naam: str, label: str, verplicht: bool = False) -> Veld:
    return Veld(naam, label, "tekst", verplicht)


def _l(naam: str, label: str, verplicht: bool = False) -> Veld:
    return Veld(naam, label, "lang", verplicht)


OVERDRACHTSDOCUMENT = Definitie(
    soort=FormulierSoort.overdrachtsdocument,
    titel="Overdrachtsdocument bij de overgang naar zelfstandig wonen",
    regel="ZOU-B3",
    model_naam="Overdrachtsdocument",
    kort="overdrachtsdocument",
    secties=(
        Sectie(
            "Gegevens",
            (
                Veld("opgesteld_op", "Datum", "datum", verplicht=True),
                _t("adres", "Adres cliënt"),
                _t("telefoonnummer", "Telefoonnummer cliënt"),
                _t("nieuwe_begeleider_naam", "Naam nieuwe begeleider", True),
                _t("nieuwe_begeleider_organisatie", "Organisatie nieuwe begeleider", True),
                _t("nieuwe_begeleider_contact", "Contactgegevens nieuwe begeleider"),
                _t("oude_begeleider_naam", "Naam oude begeleider", True),
                _t("oude_begeleider_organisatie", "Organisatie oude begeleider", True),
                _t("oude_begeleider_contact", "Contactgegevens oude begeleider"),
            ),
        ),
        Sectie(
            "Persoonsbeschrijving",
            (
                _l(
                    "persoonsbeschrijving",
                    "Wat gaat goed, veerkracht, moeilijk gedrag, GGZ of verslaving, IQ, waarom "
                    "woonde de cliënt bij de latende organisatie, aan welke leerdoelen is gewerkt",
                    True,
                ),
            ),
        ),
        Sectie(
            "Ter voorbereiding op de verhuizing: algemeen",
            _vinken(
                ("woonvaardigheden_getraind", "Woonvaardigheden zijn getraind."),
                ("verhuizing_besproken", "Verhuizing is regelmatig besproken met cliënt."),
                ("preventie_actieplan_gemaakt", "Preventie-actieplan is samen met cliënt gemaakt."),
                ("netwerk_in_kaart", "Het netwerk waar de cliënt op kan terugvallen is in kaart."),
                ("daginvulling_besproken", "Daginvulling is besproken."),
                ("partijen_geinformeerd", "Betrokken partijen zijn geïnformeerd over verhuizing."),
                (
                    "gesprek_nieuwe_begeleiding",
                    "Er is een gesprek ingepland met nieuwe begeleiding.",
                ),
            ),
        ),
        Sectie(
            "Ter voorbereiding op de verhuizing: financiën",
            _vinken(
                (
                    "huurdersverklaring",
                    "Voorwaarden voor een positieve huurdersverklaring gecheckt.",
                ),
                (
                    "inkomensverklaring",
                    "Inkomensverklaring is aangevraagd (nodig voor het contract).",
                ),
                ("spaarplan", "Spaarplan voor eerste huur, dubbele huur en inrichting is gemaakt."),
                (
                    "inrichtingsfonds",
                    "Fonds of bijzondere bijstand voor inrichting is aangevraagd.",
                ),
                ("budgetplaatje", "Budgetplaatje nieuwe situatie is gemaakt."),
                ("toeslagen", "Toeslagen zijn aangevraagd."),
                ("verzekeringen", "Verzekeringen zijn afgesloten."),
            ),
        ),
        Sectie(
            "Ter voorbereiding op de verhuizing: praktische regelzaken",
            _vinken(
                ("inboedel", "Inboedel is op orde."),
                ("vervoer_verhuizing", "Vervoer en hulp bij het verhuizen zijn geregeld."),
            ),
        ),
        Sectie(
            "Net na de verhuizing",
            _vinken(
                ("brp", "Ingeschreven in de BRP op het nieuwe adres."),
                ("huurtoeslag", "Huurtoeslag is aangevraagd."),
                ("energie_water", "Aangemeld voor energie en water, meterstanden doorgegeven."),
                ("wonende_norm", "Uitkering is omgezet naar wonende norm."),
            ),
        ),
        Sectie(
            "Contact met hulpverlening",
            _vinken(
                ("open_voor_begeleiding", "Cliënt staat open voor begeleiding."),
                (
                    "terugvalbed",
                    "Terugvallen op een bed binnen de instelling is nodig en geregeld.",
                ),
                ("behandeling_aanwezig", "Behandeling is aanwezig."),
                ("wmo_verwijzing", "WMO-verwijzing is aanwezig."),
                (
                    "privacy_afspraken",
                    "Afspraken over privacy en delen van informatie zijn gemaakt.",
                ),
                ("preventie_actieplan_bijgevoegd", "Preventie-actieplan besproken en bijgevoegd."),
            )
            + (
                _l(
                    "eerste_drie_maanden",
                    "Hoe lopen oude en nieuwe begeleiding de eerste 3 maanden samen op, "
                    "en hoe vaak is contact nodig",
                    True,
                ),
                _l("betrokken_hulpverleners", "Betrokken hulpverleners en hun contactgegevens"),
            ),
        ),
        Sectie(
            "Financiën",
            _vinken(
                ("fin_budgetplaatje", "Budgetplaatje is gemaakt."),
                ("fin_zelf_beheer", "Cliënt beheert financiën zelf."),
                ("fin_ondersteuning", "Ondersteuning bij zelfstandig beheer is nodig."),
                ("fin_vaste_lasten", "Vaste lasten worden doorbetaald vanuit uitkering."),
                ("fin_huishoudboekje", "Deelname aan Huishoudboekje."),
                ("fin_budgetbeheer", "Budgetbeheer."),
                ("fin_bewindvoering", "Bewindvoering."),
                ("fin_curatele", "Onder curatele."),
                ("fin_maatje", "Maatje of vrijwilliger voor financiën en administratie."),
                ("fin_netwerk", "Netwerk biedt ondersteuning."),
            )
            + (
                Veld(
                    "schulden",
                    "Schulden",
                    "keuze",
                    keuzes=(
                        ("geen", "Geen schulden"),
                        ("wel", "Wel schulden"),
                        ("schuldregeling", "Schuldregeling"),
                        ("wsnp", "WSNP"),
                    ),
                ),
                _l("fin_stabiel", "Wat is nodig om de situatie stabiel te houden"),
                _l("fin_doelen", "Doelen voor de toekomst"),
            ),
        ),
        Sectie(
            "Zinvolle daginvulling",
            _vinken(
                ("betaald_werk", "Betaald werk"),
                ("dagbesteding", "Dagbesteding"),
                ("vrijwilligerswerk", "Vrijwilligerswerk"),
                ("jobcoach", "Jobcoach"),
                ("sociale_activiteiten", "Sociale activiteiten"),
                ("andere_daginvulling", "Andersoortige daginvulling"),
            )
            + (
                _l("daginvulling", "Beschrijving van de daginvulling en afspraken over signalen"),
                _l("daginvulling_doelen", "Aandachtspunten en doelen voor de toekomst"),
                _t("daginvulling_contact", "Relevante contactgegevens"),
            ),
        ),
        Sectie(
            "Ouderschap",
            (
                _l("kinderen", "Zijn er kinderen die (deels) mee verhuizen"),
                _l("save_veilig_thuis", "Is SAVE of Veilig Thuis betrokken, wie, welke maatregel"),
                _l("opvoeding", "Vraagstukken rond opvoeding en veranderend ouderschap"),
            ),
        ),
        Sectie(
            "Sociaal netwerk",
            _vinken(
                ("belangrijke_ander", "Belangrijke ander"),
                ("netwerk_maatje", "Maatje"),
                ("ervaringsdeskundige", "Ervaringsdeskundige"),
                ("netwerk_kinderen", "Kinderen"),
                ("netwerk_overig", "Overig (sociale wijktafel, sportclub, eetgroep)"),
            )
            + (
                _l("netwerk", "Het sociaal netwerk en afspraken over signalen van terugval"),
                _l("netwerk_doelen", "Aandachtspunten en doelen voor de toekomst"),
                _t("netwerk_contact", "Relevante contactgegevens"),
            ),
        ),
        Sectie(
            "Wonen en woonvaardigheden",
            _vinken(
                ("woonvaardigheden_op_orde", "Woonvaardigheden zijn op orde."),
                ("begeleiding_woonvaardigheden", "Begeleiding op woonvaardigheden is nodig."),
                ("risico_woonoverlast", "Risico op woonoverlast (overlast in het verleden)."),
            )
            + (
                Veld(
                    "type_huurcontract",
                    "Type huurcontract",
                    "keuze",
                    verplicht=True,
                    keuzes=(
                        ("instellingswoning", "Instellingswoning"),
                        ("3-partijenovereenkomst", "3-partijenovereenkomst"),
                        ("eigen-naam", "Huurcontract op eigen naam"),
                    ),
                ),
                _l("wonen_doelen", "Aandachtspunten en doelen voor de toekomst"),
                _l("overige_informatie", "Overige belangrijke informatie"),
            ),
        ),
        Sectie(
            "Afspraken over overdracht begeleiding en evaluatie",
            _vinken(
                ("face_to_face", "Face-to-face overdracht met cliënt, oude en nieuwe begeleider."),
                ("warme_overdracht_afspraken", "Concrete afspraken over de warme overdracht."),
                ("evaluatie_drie_maanden", "Afspraak voor evaluatie over drie maanden is gemaakt."),
                ("terugval_afspraken", "Afspraken over wat te doen bij terugval zijn helder."),
            )
            + (
                _l(
                    "afspraken_toelichting",
                    "Toelichting: warme overdracht, evaluatiemomenten, afspraken bij terugval",
                    True,
                ),
            ),
        ),
    ),
)

_DOMEINEN = (
    ("financien", "Financiële situatie"),
    ("sociaal", "Sociale contacten"),
    ("hulpverlening", "Contact hulpverlening"),
    ("daginvulling", "Daginvulling"),
)


def _fase(code: str, titel: str, tweede: str, eigen: bool) -> Sectie:
    velden: list[Veld] = []
    for dom, naam in _DOMEINEN:
        velden.append(_l(f"{code}_{dom}_kenmerken", f"{naam}: kenmerken", True))
        velden.append(_l(f"{code}_{dom}_{tweede.split()[0].lower()}", f"{naam}: {tweede.lower()}"))
    if eigen:
        velden.append(_l(f"{code}_zelf", "Wat doe ik zelf", True))
        velden.append(_l(f"{code}_anderen", "Wat doen anderen", True))
    return Sectie(titel, tuple(velden))


PREVENTIE_ACTIEPLAN = Definitie(
    soort=FormulierSoort.preventie_actieplan,
    titel="Preventie-actieplan voor de overgang naar zelfstandig wonen",
    regel="ZOU-B4",
    model_naam="PreventieActieplan",
    kort="preventie-actieplan",
    secties=(
        Sectie(
            "Gegevens",
            (
                Veld("opgesteld_op", "Datum", "datum", verplicht=True),
                _t("adres", "Adres"),
                _t("telefoonnummer", "Telefoonnummer"),
            ),
            uitleg="Dit formulier is bedoeld om zelfstandig wonen zo succesvol mogelijk te maken.",
        ),
        _fase("goed", "Goede situatie", "Waar blijf ik op letten", eigen=False),
        _fase("onstabiel", "Onstabiele situatie", "Acties", eigen=True),
        _fase("kritiek", "Kritieke fase", "Acties", eigen=True),
        Sectie(
            "Afspraken",
            (
                _l(
                    "contact_houden",
                    "Wie houdt laagdrempelig contact na de verhuizing (WA 13, WA 17)",
                ),
                _l("medische_vragen", "Medische vragen (WA 10)"),
            ),
        ),
    ),
)

_JA_NEE = (("ja", "Ja"), ("nee", "Nee"))

VOORRANGSAANVRAAG = Definitie(
    soort=FormulierSoort.voorrangsaanvraag,
    titel="Aanvraagformulier voorrang en directe bemiddeling",
    regel="DRE-F1",
    model_naam="Voorrangsaanvraag",
    kort="aanvraagformulier voorrang",
    secties=(
        Sectie(
            "Persoonsgegevens en wonen",
            (
                _t("adres", "Huidig adres", True),
                _t("telefoonnummer", "Telefoonnummer"),
                _l("huidige_woonsituatie", "Huidige woonsituatie", True),
                _l("woongeschiedenis", "Woongeschiedenis", True),
                _l("binding_regio", "Binding met de regio", True),
                Veld("woonkeus_punten", "Punten bij Woonkeus", "getal", hoog=100000),
            ),
        ),
        Sectie(
            "Wensen en eisen",
            (
                _t("locatiewensen", "Locatiewensen"),
                Veld("lift", "Lift nodig", "vink"),
                Veld("rolstoel", "Rolstoeltoegankelijk nodig", "vink"),
                Veld("max_kamers", "Maximaal aantal kamers", "getal", hoog=10),
                Veld("hoogste_verdieping", "Hoogste verdieping", "getal", hoog=50),
            ),
        ),
        Sectie(
            "In de laatste vijf jaar",
            tuple(
                Veld(naam, label, "keuze", verplicht=True, keuzes=_JA_NEE)
                for naam, label in (
                    ("huurachterstand", "Huurachterstand (en een betalingsregeling)"),
                    ("ontruimingsvonnis", "Een ontruimingsvonnis"),
                    ("overlast", "Overlast"),
                    ("agressie_melding", "Agressie of bedreiging van corporatiepersoneel, gemeld"),
                    ("drugs", "Betrokken bij drugshandel of hennepteelt"),
                )
            )
            + (_l("toelichting_verleden", "Toelichting"),),
        ),
        Sectie(
            "Begeleiding en huishouden",
            (
                _l("begeleiding_contacten", "Contactgegevens begeleiding", True),
                _l("meeverhuizers", "Meeverhuizende gezinsleden"),
                _l("bijzondere_voorwaarden", "Voorgestelde bijzondere huurvoorwaarden"),
            ),
        ),
        Sectie(
            "Ondertekening",
            (
                Veld(
                    "verklaring_naar_waarheid",
                    "Cliënt en aanbieder verklaren dat alles klopt",
                    "vink",
                ),
                Veld(
                    "stap1_voorbereid",
                    "De cliënt kan zelfstandig wonen, stap 1 is voorbereid",
                    "vink",
                ),
                Veld(
                    "toestemming_delen",
                    "Toestemming om informatie te delen met gemeente, PUV en corporatie",
                    "vink",
                ),
                Veld("ondertekend_op", "Datum ondertekening", "datum", verplicht=True),
            ),
        ),
        Sectie(
            "In te vullen door de Stadswinkel",
            (
                Veld("leges_betaald", "Leges betaald", "vink"),
                Veld("aanvraagdatum", "Datum aanvraag", "datum"),
            ),
        ),
    ),
)

DEFINITIES: dict[FormulierSoort, Definitie] = {
    d.soort: d for d in (OVERDRACHTSDOCUMENT, PREVENTIE_ACTIEPLAN, VOORRANGSAANVRAAG)
}


def _python_type(v: Veld) -> tuple[Any, Any]:
    if v.type == "vink":
        return bool, Field(False, description=v.label)
    if v.type == "datum":
        return date | None, Field(None, description=v.label)
    if v.type == "getal":
        return int | None, Field(None, ge=0, le=v.hoog, description=v.label)
    if v.type == "keuze":
        # A Literal of this form's choices, made at runtime (so not a static type).
        keuze: Any = Literal
        return keuze[tuple(k for k, _ in v.keuzes)] | None, Field(None, description=v.label)
    limit = LANG if v.type == "lang" else KORT
    return str | None, Field(None, max_length=limit, description=v.label)


class InhoudBasis(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", str_strip_whitespace=True
    )


@cache
def inhoud_model(soort: FormulierSoort) -> type[InhoudBasis]:
    """The typed content model of one form (every field optional: drafts are saved too)."""
    d = DEFINITIES[soort]
    fields: dict[str, Any] = {v.naam: _python_type(v) for v in d.velden}
    return create_model(f"{d.model_naam}Inhoud", __base__=InhoudBasis, **fields)
