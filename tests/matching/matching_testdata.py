"""Builders for matching tests: 2026 income table (DOMAIN.md §4), a default kandidaat,
woning and context that all pass MATCH-E1..E7, overridable per test."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

from matching import Context
from matching import Inkomensgrenzen
from matching import Kandidaat
from matching import Woning

PEILDATUM = date(2026, 3, 2)

GRENZEN_2026 = Inkomensgrenzen(
    jaar=2026,
    daeb_inkomen_een=51537,
    daeb_inkomen_meer=56910,
    passend_inkomen_een=29400,
    passend_inkomen_meer=39925,
    passend_inkomen_aow_een=28775,
    passend_inkomen_aow_meer=38650,
    aftoppingsgrens_laag=Decimal("713.00"),
    aftoppingsgrens_hoog=Decimal("764.00"),
    liberalisatiegrens=Decimal("932.93"),
    aow_leeftijd_jaren=67,
    aow_leeftijd_maanden=0,
)


def moment(jaar: int, maand: int, dag: int, uur: int = 9, minuut: int = 0) -> datetime:
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=UTC)


def volg(jaar: int, maand: int, dag: int, n: int = 9) -> int:
    """A registration number (MATCH-K3) for the ``n``-th registration on that day."""
    return date(jaar, maand, dag).toordinal() * 100 + n


def kandidaat(id: str = "k1", **velden: Any) -> Kandidaat:
    waarden: dict[str, Any] = {
        "id": id,
        "status": "wachtend",
        "route": "omgekeerde-plaatsing",
        "gereed_verklaard": True,
        "begeleiding_akkoord": True,
        "aanmelddatum": date(2025, 3, 3),
        "volgnummer": volg(2025, 3, 3),
        "gemeentevoorkeuren": ("Zeist", "De Bilt"),
        "volwassenen": 1,
        "kinderen": 0,
        "geboortedatum": date(1990, 5, 1),
        "jaarinkomen": 25000,
        "rolstoel": False,
        "trapvrij": False,
        "hoogste_verdieping": None,
        "minimum_kamers": 1,
    }
    waarden.update(velden)
    if "aanmelddatum" in velden and "volgnummer" not in velden:
        d = velden["aanmelddatum"]
        waarden["volgnummer"] = volg(d.year, d.month, d.day)
    return Kandidaat(**waarden)


def woning(id: str = "w1", **velden: Any) -> Woning:
    waarden: dict[str, Any] = {
        "id": id,
        "gemeente": "Zeist",
        "kale_huur": Decimal("700.00"),
        "kamers": 2,
        "verdieping": 0,
        "lift": False,
        "gelijkvloers": True,
        "rolstoeltoegankelijk": False,
        "max_bewoners": 2,
        "minimumleeftijd": None,
    }
    waarden.update(velden)
    return Woning(**waarden)


def context(**velden: Any) -> Context:
    waarden: dict[str, Any] = {"peildatum": PEILDATUM, "grenzen": GRENZEN_2026}
    waarden.update(velden)
    return Context(**waarden)
