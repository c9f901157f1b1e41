"""Request bodies the service tests (and the benchmarks) send: a kandidaat and a woning that
fit each other in Zeist, each with overrides; a contingent distribution."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from service.clock import vandaag

#: A documented origin for an aanmelddatum before today (see ``check_aanmelddatum``).
HERKOMST = {
    "soort": "overgenomen-van-vorige-wachtlijst",
    "datum": "2020-01-01",
    "toelichting": "Stond op de wachtlijst van de vorige bemiddelaar.",
}


def kandidaat_body(**overrides: Any) -> dict[str, Any]:
    today = vandaag()
    body: dict[str, Any] = {
        "voornaam": "Sanne",
        "achternaam": "de Vries",
        "geboortedatum": (today - timedelta(days=30 * 365)).isoformat(),
        "doelgroep": "beschermd-thuis",
        "casushouder": {
            "naam": "Piet Jansen",
            "telefoon": "030 1234567",
            "email": "piet@kwintes.example",
        },
        "aanmelddatum": (today - timedelta(days=60)).isoformat(),
        "aanmelddatumHerkomst": HERKOMST,
        "gemeentevoorkeuren": ["Zeist", "De Bilt"],
        "huishouden": {"volwassenen": 1, "kinderen": 0},
        "jaarinkomen": 20000,
        "behoeften": {"rolstoel": False, "trapvrij": False, "minimumKamers": 1},
        "gereedVerklaard": True,
        "begeleidingAkkoord": True,
    }
    body.update(overrides)
    return body


def woning_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "adres": {
            "straat": "Slotlaan",
            "huisnummer": "12",
            "postcode": "3701 AB",
            "plaats": "Zeist",
        },
        "gemeente": "Zeist",
        "kaleHuur": "600.00",
        "servicekosten": "30.00",
        "kamers": 2,
        "oppervlakte": 50,
        "verdieping": 0,
        "lift": False,
        "gelijkvloers": True,
        "rolstoeltoegankelijk": False,
        "maxBewoners": 2,
        "beschikbaarPer": (vandaag() + timedelta(days=14)).isoformat(),
    }
    body.update(overrides)
    return body


def days_ago(n: int) -> str:
    return (vandaag() - timedelta(days=n)).isoformat()


def verdeling_body(
    jaar: int, gewichten: dict[str, Any], reden: str = "Jaarverdeling", **extra: Any
) -> dict[str, Any]:
    """The year's contingent distributed over zorgaanbieders: their id -> their weight."""
    return {
        "jaar": jaar,
        "reden": reden,
        "aandelen": [{"zorgaanbiederId": z, "gewicht": g} for z, g in gewichten.items()],
        **extra,
    }
