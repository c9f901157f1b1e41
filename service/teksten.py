"""The message catalogue: one wording per rule that both the API and the pages show.

A rule that people read in more than one place (an error ``detail``, a field description, a
page hint) is written here once, in plain Dutch (ZOU-M5), and used everywhere by name.
"""

from __future__ import annotations

from enum import StrEnum

#: MATCH-V2 with MATCH-K1 (ZOU-R1 "in principe de langst wachtende").
KEUZEREGEL = (
    "In principe kiest u de langst wachtende kandidaat: van de kandidaten die u kunt kiezen, "
    "wie het eerst is aangemeld. Bij dezelfde aanmelddatum gaat voor wie eerder is ingeschreven. "
    "Dat is niet altijd plek 1, want wie deze gemeente als eerste "
    "keuze heeft, kan hoger staan. Kiest u de langst wachtende, dan hoeft u geen reden te geven. "
    "Kiest u een ander, kies dan een reden en licht die toe als dat nodig is."
)

#: The error ``detail`` when a choice of another kandidaat comes without a reason (MATCH-V2).
KEUZE_ZONDER_REDEN = (
    "U kiest niet de langst wachtende kandidaat. Kies daarvoor een reden (MATCH-V2)."
)


#: The field message next to the reason (API ``invalidParams`` and the page).
REDEN_VERPLICHT = "Kies een reden, of kies de langst wachtende kandidaat."


class KeuzeRedenSoort(StrEnum):
    """Why a corporatie chose another kandidaat than the longest waiting one (MATCH-V2)."""

    eerste_keuze = "eerste-keuze-van-de-kandidaat"
    past_beter = "woning-past-beter-bij-deze-kandidaat"
    netwerk = "dichtbij-netwerk-werk-of-school"
    veiligheid = "veiligheid-of-spreiding-in-de-buurt"
    anders = "anders"


KEUZE_REDEN_TEKST: dict[KeuzeRedenSoort, str] = {
    KeuzeRedenSoort.eerste_keuze: "Deze gemeente is de eerste keuze van de kandidaat",
    KeuzeRedenSoort.past_beter: "De woning past beter bij deze kandidaat",
    KeuzeRedenSoort.netwerk: "Dichtbij netwerk, werk of school van de kandidaat",
    KeuzeRedenSoort.veiligheid: "Veiligheid of spreiding in de buurt",
    KeuzeRedenSoort.anders: "Een andere reden (licht die toe)",
}

#: When ``anders`` is chosen, the free text must say what the reason is.
ANDERS_VRAAGT_TOELICHTING = "Bij een andere reden is een toelichting nodig."


# --- form and field messages: one style for the API and the pages ------------------------------
#
# A missing field: "Vul … in." (naming the field when it is known); a value out of range or of
# the wrong form: "Moet … zijn." The API's ``invalidParams[].reason`` and the message next to a
# field on a page are the same text (``service.errors`` builds both from here).

#: How a field is named in a message, by its last name part (camelCase, as in the API).
VELDNAMEN: dict[str, str] = {
    "voornaam": "de voornaam",
    "achternaam": "de achternaam",
    "geboortedatum": "de geboortedatum",
    "doelgroep": "de doelgroep",
    "aanmelddatum": "de aanmelddatum",
    "reden": "de reden",
    "redenSoort": "de reden",
    "toelichting": "de toelichting",
    "jaarinkomen": "het jaarinkomen",
    "volwassenen": "het aantal volwassenen",
    "kinderen": "het aantal kinderen",
    "minimumKamers": "het aantal kamers",
    "kamers": "het aantal kamers",
    "gemeente": "de gemeente",
    "gemeentevoorkeuren": "de gemeenten",
    "contractdatum": "de contractdatum",
    "contractvorm": "de contractvorm",
    "beschrijving": "de beschrijving",
    "onderwerp": "het onderwerp",
    "antwoord": "het antwoord",
    "corporatieId": "de corporatie",
    "zorgaanbiederId": "de zorgaanbieder",
    "kandidaatId": "de kandidaat",
    "woningId": "de woning",
    "plekId": "de kandidaat",
    "status": "de status",
    "besluit": "het besluit",
    "jaar": "het jaar",
    "maand": "de maand",
    "huurprijs": "de huurprijs",
    "straat": "de straat",
    "huisnummer": "het huisnummer",
    "postcode": "de postcode",
    "plaats": "de plaats",
    "notitie": "de notitie",
    "naam": "de naam",
    "code": "de code",
    "email": "het e-mailadres",
    "telefoon": "het telefoonnummer",
    "datum": "de datum",
    "soort": "de soort",
    "totaal": "het totaal",
    "bestand": "het bestand",
    "zorgaanbieder": "de zorgaanbieder",
    "corporatie": "de corporatie",
    "wachtwoord": "het wachtwoord",
}


#: What a validator raises for a text of only spaces; ``service.errors`` names the field in it.
LEEG = "Vul dit veld in."


def vul_in(veld: str = "") -> str:
    """The message for a missing or empty field: "Vul de voornaam in." (or "Vul dit veld in.")."""
    naam = VELDNAMEN.get(veld.split(".")[-1]) if veld else None
    return f"Vul {naam} in." if naam else "Vul dit veld in."


#: Messages by pydantic error type (the others are built in ``service.errors._reason``).
VELDMELDINGEN: dict[str, str] = {
    "extra_forbidden": "Dit veld bestaat niet.",
    "int_parsing": "Moet een geheel getal zijn.",
    "int_type": "Moet een geheel getal zijn.",
    "int_from_float": "Moet een geheel getal zijn.",
    "bool_parsing": "Moet true of false zijn.",
    "bool_type": "Moet true of false zijn.",
    "string_type": "Moet tekst zijn.",
    "date_parsing": "Moet een datum zijn (JJJJ-MM-DD).",
    "date_from_datetime_parsing": "Moet een datum zijn (JJJJ-MM-DD).",
    "date_type": "Moet een datum zijn (JJJJ-MM-DD).",
    "datetime_parsing": "Moet een tijdstip met tijdzone zijn, bijvoorbeeld 2026-03-01T10:00:00Z.",
    "datetime_from_date_parsing": (
        "Moet een tijdstip met tijdzone zijn, bijvoorbeeld 2026-03-01T10:00:00Z."
    ),
    "timezone_aware": "Moet een tijdstip met tijdzone zijn, bijvoorbeeld 2026-03-01T10:00:00Z.",
    "uuid_parsing": "Moet een geldige id zijn.",
    "uuid_type": "Moet een geldige id zijn.",
    "decimal_parsing": "Moet een bedrag zijn, bijvoorbeeld 650.00.",
    "decimal_type": "Moet een bedrag zijn, bijvoorbeeld 650.00.",
    "decimal_max_places": "Moet een bedrag met hoogstens twee cijfers achter de komma zijn.",
    "list_type": "Moet een lijst zijn.",
    "dict_type": "Moet een object zijn.",
    "model_attributes_type": "Moet een object zijn.",
    "json_invalid": "De inhoud is geen geldige JSON.",
    "string_pattern_mismatch": "Moet de gevraagde vorm hebben; zie de uitleg bij het veld.",
}


def niet_goed(n: int) -> str:
    """How many fields are wrong: the summary at the top of a form, and the API's ``detail``."""
    return "Eén veld is niet goed ingevuld." if n == 1 else f"{n} velden zijn niet goed ingevuld."


def een_van(waarden: str) -> str:
    """A value outside a fixed list."""
    return f"Moet een van deze zijn: {waarden}."
