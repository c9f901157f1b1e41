"""The one place that turns rows into ``matching`` inputs and ``matching`` outputs into JSON."""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from typing import Any

import matching
from service.models import Kandidaat
from service.models import Woning

#: The kandidaat columns the engine needs, selected as plain rows on the hot path.
MATCH_COLUMNS = (
    "id",
    "status",
    "route",
    "gereed_verklaard",
    "begeleiding_akkoord",
    "aanmelddatum",
    "volgnummer",
    "volwassenen",
    "kinderen",
    "geboortedatum",
    "jaarinkomen",
    "rolstoel",
    "trapvrij",
    "hoogste_verdieping",
    "minimum_kamers",
)


def kandidaat_input(k: Kandidaat, gemeenten: list[str] | tuple[str, ...]) -> matching.Kandidaat:
    # NOT NULL in the database, given by the INSERT: set on every stored kandidaat.
    assert k.volgnummer is not None
    return _kandidaat({name: getattr(k, name) for name in MATCH_COLUMNS}, gemeenten)


def kandidaat_from_row(row: Any, gemeenten: list[str]) -> matching.Kandidaat:
    return _kandidaat({name: row[name] for name in MATCH_COLUMNS}, gemeenten)


def kandidaat_from_values(values: Sequence[Any], gemeenten: list[str]) -> matching.Kandidaat:
    """From a plain row that starts with the values of ``MATCH_COLUMNS``, in that order."""
    return _kandidaat(dict(zip(MATCH_COLUMNS, values, strict=False)), gemeenten)


def _kandidaat(
    values: dict[str, Any], gemeenten: list[str] | tuple[str, ...]
) -> matching.Kandidaat:
    values["id"] = str(values["id"])
    return matching.Kandidaat(gemeentevoorkeuren=tuple(gemeenten), **values)


#: The woning's columns the engine reads, in ``matching.Woning``'s order.
WONING_COLUMNS = (
    "id",
    "gemeente",
    "kale_huur",
    "kamers",
    "verdieping",
    "lift",
    "gelijkvloers",
    "rolstoeltoegankelijk",
    "max_bewoners",
    "minimumleeftijd",
)
_uit_dict = operator.itemgetter(*WONING_COLUMNS)
_uit_attributen = operator.attrgetter(*WONING_COLUMNS)


def woning_input(w: Woning) -> matching.Woning:
    """The engine's woning. The loaded values are read from the instance's own dict (what the
    attributes give, without their instrumentation); an expired or unloaded one through the
    attributes, which load it."""
    try:
        values = _uit_dict(vars(w))
    except (KeyError, TypeError):  # not loaded; an object without a __dict__
        values = _uit_attributen(w)
    return _woning(values)


@functools.lru_cache(maxsize=1024)
def _woning(values: tuple[Any, ...]) -> matching.Woning:
    # Cached on all the values the engine reads: the same values make the same (frozen)
    # woning, and a woning is proposed for again at each refill of its voordracht.
    return matching.Woning(str(values[0]), *values[1:])


def regel_json(uitkomst: matching.Regeluitkomst) -> dict[str, Any]:
    return {"regel": uitkomst.regel, "geschikt": uitkomst.geschikt, "reden": uitkomst.reden}


def plek_uitleg(plek: matching.Voordrachtplek) -> dict[str, Any]:
    return {
        "waaromGeschikt": [regel_json(r) for r in plek.redenen_geschikt],
        "waaromDezePlek": plek.reden_rang,
    }


def beleid_json(beleid: matching.EersteKeuzeBeleid, gemeente: str) -> dict[str, Any]:
    """The first-choice policy (MATCH-K1) that ranked a voordracht, with its plain wording."""
    return {
        "soort": beleid.soort,
        "maxVoorsprongMaanden": beleid.max_voorsprong_maanden,
        "uitleg": matching.beleid_uitleg(beleid, gemeente),
    }


def voordracht_uitleg(voorstel: matching.Voordracht, gemeente: str) -> dict[str, Any]:
    return {
        "onderzocht": voorstel.onderzocht,
        "uitgeslotenPerRegel": dict(voorstel.uitgesloten_per_regel),
        "gevraagd": voorstel.gevraagd,
        "gevonden": len(voorstel.plekken),
        "eersteKeuzeBeleid": beleid_json(voorstel.beleid, gemeente),
    }
