"""The one place that turns rows into ``matching`` inputs and ``matching`` outputs into JSON."""

from __future__ import annotations

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


def woning_input(w: Woning) -> matching.Woning:
    return matching.Woning(
        id=str(w.id),
        gemeente=w.gemeente,
        kale_huur=w.kale_huur,
        kamers=w.kamers,
        verdieping=w.verdieping,
        lift=w.lift,
        gelijkvloers=w.gelijkvloers,
        rolstoeltoegankelijk=w.rolstoeltoegankelijk,
        max_bewoners=w.max_bewoners,
        minimumleeftijd=w.minimumleeftijd,
    )


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
