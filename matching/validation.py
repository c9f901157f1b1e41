"""Checks of a ``Voordracht`` that do not depend on how it was made.

Written independently of ``ranking`` and ``propose``: the rank order (MATCH-K1 first-choice
class under the region policy, MATCH-K2 aanmelddatum, MATCH-K3 volgnummer then id) is
re-derived here with a plain pairwise comparison; under ``begrensd`` a later-choice kandidaat
goes first when the first-choice one registered after (later date + N calendar months). Only the suitability rules themselves (``rules.eerste_uitsluiting``) are shared.

``controleer_voordracht`` returns a list of violations in English (for developers and logs,
not for end users); an empty list means the proposal is valid:

- the proposal is for this woning and asks ``context.aantal`` places (MATCH-N);
- positions are 1..n, ids unique, each proposed kandidaat is known, not in ``overslaan``,
  suitable (MATCH-V1, MATCH-E1..E7), with consistent details and reasons;
- the number of places is min(aantal, suitable kandidaten not in ``overslaan``);
- places are in rank order and no better-ranked suitable kandidaat is left out;
- ``onderzocht`` and ``uitgesloten_per_regel`` match the kandidaten ranked up to the last
  place (all kandidaten when the proposal is not full).
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from matching.model import Context
from matching.model import EersteKeuzeBeleid
from matching.model import Kandidaat
from matching.model import Voordracht
from matching.model import Voordrachtplek
from matching.model import Woning
from matching.rules import eerste_uitsluiting

__all__ = ["controleer_voordracht"]

_REGELS_UITSLUITING = (
    "MATCH-V1",
    "MATCH-E1",
    "MATCH-E2",
    "MATCH-E3",
    "MATCH-E4",
    "MATCH-E5",
    "MATCH-E6",
    "MATCH-E7",
)
_REGELS_GESCHIKT = _REGELS_UITSLUITING[1:]


def _eerste_keuze(kandidaat: Kandidaat, woning: Woning) -> bool:
    voorkeuren = kandidaat.gemeentevoorkeuren
    return len(voorkeuren) > 0 and voorkeuren[0] == woning.gemeente


def _plus_maanden(datum: date, maanden: int) -> date:
    """``datum`` plus whole calendar months, the day clamped to the month's last day."""
    index = datum.year * 12 + datum.month - 1 + maanden
    jaar, maand = divmod(index, 12)
    return date(jaar, maand + 1, min(datum.day, monthrange(jaar, maand + 1)[1]))


def _gaat_voor(a: Kandidaat, b: Kandidaat, woning: Woning, beleid: EersteKeuzeBeleid) -> bool:
    """True when ``a`` ranks strictly before ``b`` (MATCH-K1 under ``beleid``, K2, K3)."""
    a_eerste = _eerste_keuze(a, woning)
    b_eerste = _eerste_keuze(b, woning)
    if a_eerste != b_eerste:
        if beleid.soort != "begrensd":
            return a_eerste
        eerste, later = (a, b) if a_eerste else (b, a)
        grens = _plus_maanden(later.aanmelddatum, beleid.max_voorsprong_maanden or 0)
        eerste_gaat_voor = eerste.aanmelddatum <= grens
        return eerste_gaat_voor if a_eerste else not eerste_gaat_voor
    if a.aanmelddatum != b.aanmelddatum:
        return a.aanmelddatum < b.aanmelddatum
    if a.volgnummer != b.volgnummer:
        return a.volgnummer < b.volgnummer
    return a.id < b.id


def controleer_voordracht(
    voorstel: Voordracht,
    woning: Woning,
    kandidaten: Sequence[Kandidaat],
    context: Context,
) -> list[str]:
    """All violations found in ``voorstel``; ``[]`` when it is valid."""
    fouten = _kop(voorstel, woning, context)
    per_id = _per_id(kandidaten, fouten)
    fouten += _posities_en_ids(voorstel)
    voorgedragen = _plekken(voorstel, woning, per_id, context, fouten)
    fouten += _rangorde(voorgedragen, woning, context)
    te_onderzoeken = [k for k in per_id.values() if k.id not in context.overslaan]
    controle = _Controle(voorstel, voorgedragen, te_onderzoeken, woning, context)
    fouten += _volledig(controle)
    fouten += _tellingen(controle)
    return fouten


@dataclass(frozen=True)
class _Controle:
    """What the whole-proposal checks look at: the proposal, the kandidaten it places (in
    order), the kandidaten it should have examined, the woning and the context."""

    voorstel: Voordracht
    voorgedragen: list[Kandidaat]
    te_onderzoeken: list[Kandidaat]
    woning: Woning
    context: Context


def _kop(voorstel: Voordracht, woning: Woning, context: Context) -> list[str]:
    fouten = []
    if voorstel.woning_id != woning.id:
        fouten.append(f"woning_id {voorstel.woning_id!r} is not {woning.id!r}")
    if voorstel.beleid != context.beleid:
        fouten.append(f"beleid {voorstel.beleid} is not context.beleid {context.beleid}")
    if voorstel.gevraagd != context.aantal:
        fouten.append(f"gevraagd {voorstel.gevraagd} is not context.aantal {context.aantal}")
    return fouten


def _per_id(kandidaten: Sequence[Kandidaat], fouten: list[str]) -> dict[str, Kandidaat]:
    per_id: dict[str, Kandidaat] = {}
    for invoer in kandidaten:
        if invoer.id in per_id:
            fouten.append(f"input kandidaat {invoer.id!r} occurs more than once")
        per_id[invoer.id] = invoer
    return per_id


def _posities_en_ids(voorstel: Voordracht) -> list[str]:
    fouten = []
    posities = [plek.positie for plek in voorstel.plekken]
    if posities != list(range(1, len(voorstel.plekken) + 1)):
        fouten.append(f"positions {posities} are not 1..{len(voorstel.plekken)}")
    ids = [plek.kandidaat_id for plek in voorstel.plekken]
    if len(set(ids)) != len(ids):
        fouten.append(f"duplicate kandidaten in proposal: {ids}")
    return fouten


def _plekken(
    voorstel: Voordracht,
    woning: Woning,
    per_id: dict[str, Kandidaat],
    context: Context,
    fouten: list[str],
) -> list[Kandidaat]:
    """Every proposed kandidaat is known, not skipped, suitable, with consistent details."""
    voorgedragen: list[Kandidaat] = []
    for plek in voorstel.plekken:
        kandidaat = per_id.get(plek.kandidaat_id)
        if kandidaat is None:
            fouten.append(f"proposed kandidaat {plek.kandidaat_id!r} is not in the input")
            continue
        voorgedragen.append(kandidaat)
        fouten += _plek(plek, kandidaat, woning, context)
    return voorgedragen


def _plek(
    plek: Voordrachtplek, kandidaat: Kandidaat, woning: Woning, context: Context
) -> list[str]:
    fouten = []
    if kandidaat.id in context.overslaan:
        fouten.append(f"kandidaat {kandidaat.id!r} is in overslaan but proposed")
    uitsluiting = eerste_uitsluiting(kandidaat, woning, context)
    if uitsluiting is not None:
        fouten.append(f"kandidaat {kandidaat.id!r} is proposed but excluded by {uitsluiting.regel}")
    if plek.eerste_keuze != _eerste_keuze(kandidaat, woning):
        fouten.append(f"eerste_keuze of {kandidaat.id!r} is wrong")
    if plek.aanmelddatum != kandidaat.aanmelddatum:
        fouten.append(f"aanmelddatum of {kandidaat.id!r} is wrong")
    regels = tuple(uitkomst.regel for uitkomst in plek.redenen_geschikt)
    if regels != _REGELS_GESCHIKT:
        fouten.append(f"redenen_geschikt of {kandidaat.id!r} cover {regels}")
    if not all(uitkomst.geschikt and uitkomst.reden for uitkomst in plek.redenen_geschikt):
        fouten.append(f"redenen_geschikt of {kandidaat.id!r} hold a failing or empty reason")
    if not plek.reden_rang.startswith(f"Plek {plek.positie}:"):
        fouten.append(f"reden_rang of {kandidaat.id!r} does not name its place")
    return fouten


def _rangorde(voorgedragen: list[Kandidaat], woning: Woning, context: Context) -> list[str]:
    return [
        f"{eerder.id!r} is placed before {later.id!r} but ranks lower"
        for eerder, later in zip(voorgedragen, voorgedragen[1:], strict=False)
        if not _gaat_voor(eerder, later, woning, context.beleid)
    ]


def _volledig(c: _Controle) -> list[str]:
    """As many places as suitable kandidaten allow, and nobody better left out."""
    fouten = []
    geschikt = [k for k in c.te_onderzoeken if eerste_uitsluiting(k, c.woning, c.context) is None]
    verwacht = min(c.context.aantal, len(geschikt))
    if len(c.voorstel.plekken) != verwacht:
        fouten.append(f"{len(c.voorstel.plekken)} places, expected {verwacht}")
    if not c.voorgedragen:
        return fouten
    gekozen = {plek.kandidaat_id for plek in c.voorstel.plekken}
    laatste = c.voorgedragen[-1]
    fouten += [
        f"suitable kandidaat {k.id!r} ranks before {laatste.id!r} but is left out"
        for k in geschikt
        if k.id not in gekozen and _gaat_voor(k, laatste, c.woning, c.context.beleid)
    ]
    return fouten


def _onderzocht(c: _Controle) -> list[Kandidaat]:
    """The kandidaten the engine must have examined: up to the last place once it is full."""
    if c.context.aantal > 0 and len(c.voorstel.plekken) == c.context.aantal and c.voorgedragen:
        laatste = c.voorgedragen[-1]
        return [
            k
            for k in c.te_onderzoeken
            if k.id == laatste.id or _gaat_voor(k, laatste, c.woning, c.context.beleid)
        ]
    return c.te_onderzoeken if c.context.aantal > 0 else []


def _tellingen(c: _Controle) -> list[str]:
    """The examined count and the exclusions per rule add up."""
    fouten = []
    telling = c.voorstel.uitgesloten_per_regel
    if set(telling) != set(_REGELS_UITSLUITING):
        fouten.append(
            f"uitgesloten_per_regel has keys {sorted(telling)}, "
            f"expected {list(_REGELS_UITSLUITING)}"
        )
    if any(aantal < 0 for aantal in telling.values()):
        fouten.append("uitgesloten_per_regel holds a negative count")
    if c.voorstel.onderzocht != len(c.voorstel.plekken) + sum(telling.values()):
        fouten.append("onderzocht is not places + excluded")
    onderzocht = _onderzocht(c)
    if c.voorstel.onderzocht != len(onderzocht):
        fouten.append(f"onderzocht is {c.voorstel.onderzocht}, expected {len(onderzocht)}")
    verwachte_telling = dict.fromkeys(_REGELS_UITSLUITING, 0)
    for kandidaat in onderzocht:
        uitsluiting = eerste_uitsluiting(kandidaat, c.woning, c.context)
        if uitsluiting is not None:
            verwachte_telling[uitsluiting.regel] += 1
    for regel, aantal in verwachte_telling.items():
        gegeven = telling.get(regel)
        if gegeven != aantal:
            fouten.append(f"uitgesloten_per_regel[{regel!r}] is {gegeven}, expected {aantal}")
    return fouten
