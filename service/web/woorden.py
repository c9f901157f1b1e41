"""Words, numbers and dates as the pages show them (issue 12): one place for each.

Percentages ``8,3%``, months ``november 2026``, dates ``dd-mm-jjjj``; the labels of the kinds
of signaleringen. The templates use these as filters (``datum``, ``maand``, ``procent``).
"""

from __future__ import annotations

import re
from datetime import date
from datetime import datetime

from matching.formatting import MAANDEN
from service.clock import NL
from service.models import SignaleringSoort
from service.models import SignaleringStatus

SIGNALERING_SOORT: dict[str, str] = {
    SignaleringSoort.langwachtend: "lang wachtend",
    SignaleringSoort.woning_zonder_kandidaten: "woning zonder kandidaten",
    SignaleringSoort.aanbieding_termijn: "termijn van een aanbieding verlopen",
    SignaleringSoort.traject_te_laat: "maatwerkstap te laat",
    SignaleringSoort.evaluatie: "evaluatie",
    SignaleringSoort.contingent_overgebruik: "overgebruik van het contingent",
    # kinds that arrive with the fairness work (issue 10); a kind without a label reads as its
    # name with spaces
    "gesprek-over-afwijzingen": "gesprek over afwijzingen",
    "aanmelddatum-correctie": "verzoek om de aanmelddatum te corrigeren",
    "grenzen-ontbreken": "inkomens- en huurgrenzen van een jaar ontbreken",
    # before and after the keys (issue 13)
    SignaleringSoort.voorbereiding: "voorbereiding starten",
    SignaleringSoort.partijen_betrekken: "partijen betrekken",
    SignaleringSoort.wijkteam_betrekken: "wijkteam betrekken",
    SignaleringSoort.gemeente_informeren: "gemeente en wijkteam informeren",
    SignaleringSoort.warme_overdracht: "warme overdracht",
    SignaleringSoort.dip_na_verhuizing: "dip na de verhuizing",
    SignaleringSoort.begeleiding_beeindigd: "begeleiding gestopt",
    SignaleringSoort.dreigt_te_mislukken: "zelfstandig wonen dreigt te mislukken",
}
SIGNALERING_STATUS: dict[str, str] = {
    SignaleringStatus.open: "open",
    SignaleringStatus.in_behandeling: "in behandeling",
    SignaleringStatus.afgehandeld: "afgehandeld",
}
#: What a date field shows in the browser (Chromium, Dutch): the hint says the same.
DATUM_HINT = "Als dd-mm-jjjj"


def datum(waarde: date | datetime | None) -> str:
    """``dd-mm-jjjj`` (a moment in Dutch local time)."""
    if waarde is None:
        return ""
    if isinstance(waarde, datetime):
        waarde = waarde.astimezone(NL) if waarde.tzinfo else waarde
    return waarde.strftime("%d-%m-%Y")


def maand(jaar: int, maandnummer: int) -> str:
    """``november 2026``."""
    return f"{MAANDEN[maandnummer - 1]} {jaar}"


def procent(waarde: float | None, decimalen: int = 1) -> str:
    """``8,3%`` (a fraction 0.083 or a percentage 8.3? Always a percentage here)."""
    if waarde is None:
        return ""
    return f"{waarde:.{decimalen}f}".replace(".", ",") + "%"


def getal(waarde: float | int | None) -> str:
    """A number the Dutch way: ``1.250`` and ``3,5``."""
    if waarde is None:
        return ""
    if isinstance(waarde, int) or float(waarde).is_integer():
        return f"{int(waarde):,}".replace(",", ".")
    return f"{waarde:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")


_API_AANROEP = re.compile(r"\s*\((?:GET|POST|PATCH|PUT|DELETE) /v1/[^)]*\)")
_REGELCODE = re.compile(r"\s*\((?:[A-Z]{2,5}-[A-Z]?\d+[a-z]?(?:[,/ ]+)?)+\)")


def zonder_api(tekst: str) -> str:
    """Advice as a person reads it: without API calls ("(POST /v1/...)") and without rule codes
    in the running text ("(ZOU-C1)"); the page offers the action as a button instead."""
    return _REGELCODE.sub("", _API_AANROEP.sub("", tekst))
