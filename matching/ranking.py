"""Ranking of suitable kandidaten for one woning (MATCH-K1, MATCH-K2, MATCH-K3).

The rank key is ``(laag, punt, klasse, aanmelddatum, volgnummer, id)``; smaller is better:

- MATCH-K1 ``klasse`` is 0 when the woning's gemeente is the kandidaat's first preference,
  else 1. How strong that is, is region policy (``EersteKeuzeBeleid``):

  - ``voorrang``: ``laag`` is ``klasse`` — a hard tier;
  - ``begrensd``: ``laag`` is 0 for everyone and a first-choice kandidaat's ``punt`` is moved
    ``max_voorsprong_maanden`` calendar months back, so a later-choice kandidaat goes first
    exactly when the first-choice kandidaat registered more than that many months later.

- MATCH-K2 ``punt`` is the aanmelddatum as (month number, day): earlier (longer waiting) first.
  Moving whole months on (month, day) pairs never clamps a day, so "more than N months later"
  is exact also at month ends (31 January + 1 month is after 28 February, before 1 March).
- MATCH-K3 ties on the aanmelddatum: the lower ``volgnummer`` (registered earlier) first, then
  ``id`` — total and deterministic. The volgnummer is given at registration in order; a clock or
  a random id would let two registrations of the same moment fall either way.

The service reads the index per ``klasse`` in (aanmelddatum, volgnummer, id) order and
merges the streams with this key, so the database and the engine always share one order.
"""

from __future__ import annotations

from datetime import date

from matching.model import VOORRANG
from matching.model import EersteKeuzeBeleid
from matching.model import Kandidaat
from matching.model import Woning

__all__ = ["Rangsleutel", "is_eerste_keuze", "maandpunt", "plaatssleutel", "rangsleutel"]

Rangsleutel = tuple[int, int, int, date, int, str]


def is_eerste_keuze(kandidaat: Kandidaat, woning: Woning) -> bool:
    """MATCH-K1: the woning's gemeente is the kandidaat's first preference."""
    voorkeuren = kandidaat.gemeentevoorkeuren
    return bool(voorkeuren) and voorkeuren[0] == woning.gemeente


def maandpunt(datum: date, maanden_terug: int = 0) -> int:
    """``datum`` as one ordered number of (month, day), moved ``maanden_terug`` months back."""
    return (datum.year * 12 + datum.month - 1 - maanden_terug) * 32 + datum.day


def plaatssleutel(
    eerste_keuze: bool,
    aanmelddatum: date,
    volgnummer: int,
    kandidaat_id: str,
    beleid: EersteKeuzeBeleid = VOORRANG,
) -> Rangsleutel:
    """The rank key from the facts a stored place holds (MATCH-K1, K2, K3)."""
    klasse = 0 if eerste_keuze else 1
    if beleid.soort == "begrensd":
        voorsprong = beleid.max_voorsprong_maanden or 0
        laag, punt = 0, maandpunt(aanmelddatum, voorsprong if eerste_keuze else 0)
    else:
        laag, punt = klasse, maandpunt(aanmelddatum)
    return (laag, punt, klasse, aanmelddatum, volgnummer, kandidaat_id)


def rangsleutel(
    kandidaat: Kandidaat, woning: Woning, beleid: EersteKeuzeBeleid = VOORRANG
) -> Rangsleutel:
    """Sort key: smaller is better (MATCH-K1, K2, K3) under ``beleid``."""
    return plaatssleutel(
        is_eerste_keuze(kandidaat, woning),
        kandidaat.aanmelddatum,
        kandidaat.volgnummer,
        kandidaat.id,
        beleid,
    )
