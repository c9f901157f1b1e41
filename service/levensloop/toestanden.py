"""The placement lifecycle as data: the states of each thing the flow moves, and the steps
between them that are allowed. ``overgangen`` makes the steps and checks each against these
tables; the README's diagram is drawn from them (``diagram``; a test keeps the two equal).

``KANDIDAAT_HANDMATIG`` are the changes a zorgaanbieder or the bemiddelaar may ask for
directly; every other table holds the steps only the flow voordracht → aanbieding →
plaatsing (or maatwerk) makes.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from service.errors import Conflict
from service.models import AanbiedingStatus as Ab
from service.models import Kandidaat
from service.models import KandidaatRoute
from service.models import KandidaatStatus as St
from service.models import PlekStatus as Pl
from service.models import TrajectStatus as Tr
from service.models import VoordrachtStatus as Vd

#: A table of allowed steps: from each state, the states it may go to.
Tabel = Mapping[Any, frozenset[Any]]

KANDIDAAT_HANDMATIG: dict[St, frozenset[St]] = {
    St.wachtend: frozenset({St.gepauzeerd, St.uitgeschreven}),
    St.gepauzeerd: frozenset({St.wachtend, St.uitgeschreven}),
    St.aangeboden: frozenset(),
    St.geplaatst: frozenset(),
    St.uitgeschreven: frozenset(),
}

KANDIDAAT: dict[St, frozenset[St]] = {
    # wachtend/gepauzeerd -> geplaatst: a placement reported from outside woonroute (ZOU-M1)
    St.wachtend: frozenset({St.aangeboden, St.geplaatst}),
    St.gepauzeerd: frozenset({St.geplaatst}),
    St.aangeboden: frozenset({St.wachtend, St.geplaatst}),
}

#: A voordracht's place (MATCH-V1/V2, MATCH-E7). A place that lapsed may come back at a refill.
PLEK: dict[Pl, frozenset[Pl]] = {
    Pl.te_beoordelen: frozenset({Pl.goedgekeurd, Pl.geschrapt, Pl.vervallen}),
    Pl.goedgekeurd: frozenset({Pl.gekozen, Pl.geschrapt, Pl.vervallen}),
    Pl.gekozen: frozenset({Pl.afgewezen, Pl.verlopen, Pl.vervallen}),
    Pl.verlopen: frozenset({Pl.te_beoordelen}),
    Pl.vervallen: frozenset({Pl.te_beoordelen}),
    Pl.geschrapt: frozenset(),
    Pl.afgewezen: frozenset(),
}

VOORDRACHT: dict[Vd, frozenset[Vd]] = {
    Vd.te_beoordelen: frozenset({Vd.goedgekeurd, Vd.gesloten}),
    Vd.goedgekeurd: frozenset({Vd.afgerond, Vd.gesloten}),
    Vd.afgerond: frozenset(),
    Vd.gesloten: frozenset(),
}

AANBIEDING: dict[Ab, frozenset[Ab]] = {
    Ab.open: frozenset({Ab.bezichtiging, Ab.geaccepteerd, Ab.afgewezen, Ab.verlopen, Ab.vervallen}),
    Ab.bezichtiging: frozenset({Ab.geaccepteerd, Ab.afgewezen, Ab.verlopen, Ab.vervallen}),
    Ab.geaccepteerd: frozenset({Ab.geplaatst, Ab.vervallen}),
    Ab.afgewezen: frozenset(),
    Ab.verlopen: frozenset(),
    Ab.vervallen: frozenset(),
    Ab.geplaatst: frozenset(),
}

#: Maatwerk (ZOU-R2): everything else is a 409 that says what happens now (``WAT_NU``).
TRAJECT: dict[Tr, frozenset[Tr]] = {
    Tr.doorgestuurd: frozenset({Tr.zoekend, Tr.afgewezen, Tr.gestopt}),
    Tr.zoekend: frozenset({Tr.woning_gevonden, Tr.gestopt}),
    Tr.woning_gevonden: frozenset({Tr.geplaatst, Tr.zoekend}),
    Tr.geplaatst: frozenset(),
    Tr.afgewezen: frozenset(),
    Tr.gestopt: frozenset(),
}

#: Every table, by the thing it moves, in the order the README draws them.
MACHINE: dict[str, Tabel] = {
    "kandidaat (handmatig)": KANDIDAAT_HANDMATIG,
    "kandidaat": KANDIDAAT,
    "voordracht": VOORDRACHT,
    "voordrachtplek": PLEK,
    "aanbieding": AANBIEDING,
    "maatwerktraject": TRAJECT,
}

_WAAROM = {
    St.aangeboden: "De kandidaat heeft een lopende aanbieding. Beantwoord eerst de aanbieding.",
    St.geplaatst: "De kandidaat is geplaatst. Daarna verandert de status niet meer.",
    St.uitgeschreven: "De kandidaat is uitgeschreven. Meld de kandidaat opnieuw aan als dat nodig is.",
}

WAT_NU = {
    Tr.doorgestuurd: "de corporatie moet het traject eerst accepteren",
    Tr.zoekend: "de corporatie zoekt een woning",
    Tr.woning_gevonden: "er loopt een aanbieding; wacht op het antwoord van de kandidaat",
    Tr.geplaatst: "het traject is afgerond met een plaatsing",
    Tr.afgewezen: "de corporatie heeft het traject afgewezen",
    Tr.gestopt: "het traject is gestopt",
}


def in_pool(k: Kandidaat) -> bool:
    """MATCH-E1 as stored: may be proposed in omgekeerde plaatsing."""
    return (
        k.status == St.wachtend
        and k.route == KandidaatRoute.omgekeerde_plaatsing
        and k.gereed_verklaard
        and k.begeleiding_akkoord
    )


def check_handmatig(huidig: St, nieuw: St) -> None:
    if nieuw == huidig:
        raise Conflict(f"De kandidaat heeft al status {huidig.value}.")
    if nieuw not in KANDIDAAT_HANDMATIG[huidig]:
        waarom = _WAAROM.get(huidig) or (
            f"Van {huidig.value} naar {nieuw.value} kan niet met een statuswijziging."
        )
        raise Conflict(f"Deze statuswijziging kan niet: {waarom}")


def check_traject(huidig: Tr, nieuw: Tr) -> None:
    if nieuw not in TRAJECT[huidig]:
        raise Conflict(f"Dit kan niet meer: {WAT_NU[huidig]}.")


def check(tabel: Tabel, wat: str, huidig: StrEnum, nieuw: StrEnum) -> None:
    """A step of the flow that its table does not hold is refused (409), never made."""
    if nieuw not in tabel.get(huidig, frozenset()):
        raise Conflict(f"De {wat} kan niet van {huidig.value} naar {nieuw.value}.")


def diagram(tabel: Tabel) -> str:
    """One table as a Mermaid state diagram (the README shows one per thing)."""
    regels = ["stateDiagram-v2"]
    for van, naar in tabel.items():
        regels += [f"    {van.name} --> {n.name}" for n in sorted(naar, key=str)]
    return "\n".join(regels)


def readme_blok() -> str:
    """The README's lifecycle section body: a heading and a diagram per thing, in order."""
    return "\n\n".join(
        f"**{naam}**\n\n```mermaid\n{diagram(tabel)}\n```" for naam, tabel in MACHINE.items()
    )


if __name__ == "__main__":  # python -m service.levensloop.toestanden: the README's diagrams
    print(readme_blok())
