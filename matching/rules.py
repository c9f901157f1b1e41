"""Suitability rules MATCH-E1..E7 and the review strike MATCH-V1 (DOMAIN.md §4, §5).

Each rule is a pure function ``(kandidaat, woning, context) -> Regeluitkomst`` that always
returns a verdict with a plain Dutch reason, whether the kandidaat passes or is excluded.

- MATCH-E1 active on the waiting list, omgekeerde plaatsing route, ZOU-C1 and ZOU-C3 hold.
- MATCH-E2 the woning's gemeente is one of the kandidaat's gemeentevoorkeuren.
- MATCH-E3 household size <= max_bewoners and minimum_kamers <= kamers.
- MATCH-E4 rent and income: kale huur within the liberalisatiegrens, income within the DAEB
  limit (ZOU-C2), and passend toewijzen (income at or below the passend limit -> kale huur at
  most the aftoppingsgrens for the household size).
- MATCH-E5 accessibility: wheelchair, no stairs (ground floor or lift, and step-free),
  highest acceptable floor.
- MATCH-E6 the woning's own restrictions (minimum age).
- MATCH-E7 the kandidaat has not declined this woning.
- MATCH-V1 struck by Het Vierde Huis for this woning (checked before E1..E7).

Ages are whole years on ``context.peildatum``; someone born on 29 February turns a year older
on 1 March in non-leap years. The AOW age (years + months, region configuration) is reached
on the day birth date + that period; when that day does not exist in the month (31 -> 30
April) the last day of the month counts.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TypeVar

from matching.formatting import format_euro
from matching.model import Context
from matching.model import Inkomensgrenzen
from matching.model import Kandidaat
from matching.model import Regeluitkomst
from matching.model import Woning

MATCH_E1 = "MATCH-E1"
MATCH_E2 = "MATCH-E2"
MATCH_E3 = "MATCH-E3"
MATCH_E4 = "MATCH-E4"
MATCH_E5 = "MATCH-E5"
MATCH_E6 = "MATCH-E6"
MATCH_E7 = "MATCH-E7"
MATCH_V1 = "MATCH-V1"

#: Every rule id that can exclude a kandidaat, in the order they are checked.
REGEL_IDS: tuple[str, ...] = (
    MATCH_V1,
    MATCH_E1,
    MATCH_E2,
    MATCH_E3,
    MATCH_E4,
    MATCH_E5,
    MATCH_E6,
    MATCH_E7,
)

Regel = Callable[[Kandidaat, Woning, Context], Regeluitkomst]
_R = TypeVar("_R", bound=Regel)

_EISEN: list[Regel] = []


def _eis(regel: _R) -> _R:
    """Marks a suitability rule MATCH-E*: ``REGELS`` holds them in the order written here."""
    _EISEN.append(regel)
    return regel


# --- age helpers -------------------------------------------------------------------------


def leeftijd_op(geboortedatum: date, peildatum: date) -> int:
    """Age in whole years on ``peildatum``."""
    nog_niet_jarig = (peildatum.month, peildatum.day) < (geboortedatum.month, geboortedatum.day)
    return peildatum.year - geboortedatum.year - int(nog_niet_jarig)


@functools.lru_cache(maxsize=8192)
def aow_datum(geboortedatum: date, jaren: int, maanden: int) -> date:
    """The day someone born on ``geboortedatum`` reaches an age of ``jaren`` + ``maanden``.

    Cached (MATCH-E4 asks it for every kandidaat it judges, the head of a pool for every
    proposal): a pure function of three small values."""
    totaal = geboortedatum.month - 1 + maanden
    jaar = geboortedatum.year + jaren + totaal // 12
    maand = totaal % 12 + 1
    dag = geboortedatum.day
    if dag > 28:  # every month has at least 28 days
        dag = min(dag, calendar.monthrange(jaar, maand)[1])
    return date(jaar, maand, dag)


def heeft_aow_leeftijd(geboortedatum: date, peildatum: date, grenzen: Inkomensgrenzen) -> bool:
    """True when the AOW age of ``grenzen`` is reached on or before ``peildatum`` (MATCH-E4)."""
    grens = aow_datum(geboortedatum, grenzen.aow_leeftijd_jaren, grenzen.aow_leeftijd_maanden)
    return peildatum >= grens


@functools.lru_cache(maxsize=1024)
def _ok(regel: str, reden: str) -> Regeluitkomst:
    # Cached: most passes read the same for every kandidaat a proposal examines, and an
    # outcome is frozen, so one object serves them all.
    return Regeluitkomst(regel=regel, geschikt=True, reden=reden)


def _nee(regel: str, reden: str) -> Regeluitkomst:
    return Regeluitkomst(regel=regel, geschikt=False, reden=reden)


def _personen(aantal: int) -> str:
    return "1 persoon" if aantal == 1 else f"{aantal} personen"


def _kamers(aantal: int) -> str:
    return "1 kamer" if aantal == 1 else f"{aantal} kamers"


# --- the rules ---------------------------------------------------------------------------


@_eis
def regel_e1_actief(kandidaat: Kandidaat, woning: Woning, context: Context) -> Regeluitkomst:
    """MATCH-E1: waiting, on the omgekeerde-plaatsing route, ZOU-C1 and ZOU-C3 hold."""
    if kandidaat.status != "wachtend":
        return _nee(MATCH_E1, f"Staat niet op wachtend (status: {kandidaat.status})")
    if kandidaat.route != "omgekeerde-plaatsing":
        return _nee(MATCH_E1, f"Loopt via {kandidaat.route}")
    if not kandidaat.gereed_verklaard:
        return _nee(MATCH_E1, "Niet gereed verklaard (ZOU-C1)")
    if not kandidaat.begeleiding_akkoord:
        return _nee(MATCH_E1, "Geen akkoord met begeleiding (ZOU-C3)")
    return _ok(
        MATCH_E1,
        "Staat op de wachtlijst, is gereed verklaard en heeft akkoord met begeleiding",
    )


@_eis
def regel_e2_gemeente(kandidaat: Kandidaat, woning: Woning, context: Context) -> Regeluitkomst:
    """MATCH-E2: the woning's gemeente is one of the gemeentevoorkeuren (ZOU-R4)."""
    voorkeuren = kandidaat.gemeentevoorkeuren
    if woning.gemeente not in voorkeuren:
        return _nee(MATCH_E2, f"{woning.gemeente} is geen gekozen gemeente")
    keuze = voorkeuren.index(woning.gemeente) + 1
    if keuze == 1:
        return _ok(MATCH_E2, f"{woning.gemeente} is de eerste keuze")
    return _ok(MATCH_E2, f"{woning.gemeente} is keuze {keuze}")


def kamers_nodig(kandidaat: Kandidaat, context: Context) -> int:
    """Rooms the household needs: its own minimum, and the region's table by household size."""
    return _nodige_kamers(
        kandidaat.personen, kandidaat.minimum_kamers, context.kamers_per_huishouden
    )


def _nodige_kamers(personen: int, minimum_kamers: int, tabel: tuple[int, ...]) -> int:
    uit_tabel = tabel[min(personen, len(tabel)) - 1] if tabel else 1
    return max(minimum_kamers, uit_tabel)


@_eis
def regel_e3_huishouden(kandidaat: Kandidaat, woning: Woning, context: Context) -> Regeluitkomst:
    """MATCH-E3: persons <= max_bewoners and the rooms needed <= kamers.

    The rooms needed are the kandidaat's own minimum or, when larger, what the region's table
    (``Context.kamers_per_huishouden``, by household size) gives.
    """
    return _e3(
        kandidaat.personen,
        kandidaat.minimum_kamers,
        context.kamers_per_huishouden,
        woning.max_bewoners,
        woning.kamers,
    )


@functools.lru_cache(maxsize=4096)
def _e3(
    personen: int, minimum_kamers: int, tabel: tuple[int, ...], max_bewoners: int, kamers: int
) -> Regeluitkomst:
    # MATCH-E3 on all of its inputs. Cached: few households and woningen differ in these
    # numbers, and an outcome is frozen, so one object serves them all.
    if personen > max_bewoners:
        return _nee(
            MATCH_E3,
            f"Huishouden van {_personen(personen)} is te groot "
            f"(woning voor hoogstens {_personen(max_bewoners)})",
        )
    nodig = _nodige_kamers(personen, minimum_kamers, tabel)
    if nodig > kamers:
        waarom = "" if nodig == minimum_kamers else f" voor {_personen(personen)}"
        return _nee(
            MATCH_E3,
            f"Woning heeft {_kamers(kamers)}, nodig is minstens {_kamers(nodig)}{waarom}",
        )
    return _ok(
        MATCH_E3,
        f"Huishouden van {_personen(personen)} past "
        f"(hoogstens {_personen(max_bewoners)}, {_kamers(kamers)})",
    )


def _passend_inkomen(kandidaat: Kandidaat, context: Context) -> int:
    """MATCH-E4: the income up to which passend toewijzen caps the rent at the aftoppingsgrens,
    by household (one person or more) and AOW age on the peildatum."""
    grenzen = context.grenzen
    een = kandidaat.personen == 1
    if heeft_aow_leeftijd(kandidaat.geboortedatum, context.peildatum, grenzen):
        return grenzen.passend_inkomen_aow_een if een else grenzen.passend_inkomen_aow_meer
    return grenzen.passend_inkomen_een if een else grenzen.passend_inkomen_meer


@_eis
def regel_e4_betaalbaar(kandidaat: Kandidaat, woning: Woning, context: Context) -> Regeluitkomst:
    """MATCH-E4 (with ZOU-C2): social rent, income within DAEB, passend toewijzen."""
    grenzen = context.grenzen
    personen = kandidaat.personen
    een = personen == 1
    huur = woning.kale_huur
    inkomen = kandidaat.jaarinkomen

    if huur > grenzen.liberalisatiegrens:
        return _e4(_GEEN_SOCIALE_HUUR, huur, grenzen.liberalisatiegrens)
    daeb = grenzen.daeb_inkomen_een if een else grenzen.daeb_inkomen_meer
    if inkomen > daeb:
        return _e4(_INKOMEN_TE_HOOG, inkomen, daeb)
    if inkomen <= _passend_inkomen(kandidaat, context):
        aftopping = grenzen.aftoppingsgrens_laag if personen <= 2 else grenzen.aftoppingsgrens_hoog
        if huur > aftopping:
            return _e4(_HUUR_TE_HOOG, huur, aftopping)
        return _e4(_PASSEND, huur, aftopping)
    return _e4(_SOCIALE_HUUR, huur, daeb)


# MATCH-E4's outcomes, each worded with an amount and a limit.
_GEEN_SOCIALE_HUUR, _INKOMEN_TE_HOOG, _HUUR_TE_HOOG, _PASSEND, _SOCIALE_HUUR = range(5)


@functools.lru_cache(maxsize=4096, typed=True)
def _e4(uitkomst: int, bedrag: Decimal | int, grens: Decimal | int) -> Regeluitkomst:
    # Cached on the wording's inputs: the same rent and limit read the same for every
    # kandidaat, and an outcome is frozen, so one object serves them all. ``typed``, as in
    # ``format_euro``: an income (int) and a rent (Decimal) of equal value read differently.
    if uitkomst == _GEEN_SOCIALE_HUUR:
        return _nee(
            MATCH_E4,
            f"Huur {format_euro(bedrag)} is geen sociale huur (grens {format_euro(grens)})",
        )
    if uitkomst == _INKOMEN_TE_HOOG:
        return _nee(
            MATCH_E4,
            f"Inkomen {format_euro(bedrag)} is te hoog voor sociale huur "
            f"(grens {format_euro(grens)}, ZOU-C2)",
        )
    if uitkomst == _HUUR_TE_HOOG:
        return _nee(
            MATCH_E4,
            f"Huur {format_euro(bedrag)} is te hoog voor dit inkomen (grens {format_euro(grens)})",
        )
    if uitkomst == _PASSEND:
        return _ok(
            MATCH_E4,
            f"Huur {format_euro(bedrag)} past bij dit inkomen (grens {format_euro(grens)})",
        )
    return _ok(
        MATCH_E4,
        f"Huur {format_euro(bedrag)} is sociale huur en het inkomen past "
        f"(grens {format_euro(grens)})",
    )


def maximale_kale_huur(kandidaat: Kandidaat, context: Context) -> Decimal | None:
    """The highest kale huur MATCH-E4 accepts for this household, or None when the income is
    above the DAEB limit (ZOU-C2) and no social-rent home fits. Used to tell a corporatie
    searching in maatwerk what rent to look for."""
    grenzen = context.grenzen
    een = kandidaat.personen == 1
    if kandidaat.jaarinkomen > (grenzen.daeb_inkomen_een if een else grenzen.daeb_inkomen_meer):
        return None
    if kandidaat.jaarinkomen <= _passend_inkomen(kandidaat, context):
        return (
            grenzen.aftoppingsgrens_laag
            if kandidaat.personen <= 2
            else grenzen.aftoppingsgrens_hoog
        )
    return grenzen.liberalisatiegrens


@_eis
def regel_e5_toegankelijk(kandidaat: Kandidaat, woning: Woning, context: Context) -> Regeluitkomst:
    """MATCH-E5: wheelchair, no stairs (ground floor or lift, step-free), highest floor."""
    eisen: list[str] = []
    if kandidaat.rolstoel:
        if not woning.rolstoeltoegankelijk:
            return _nee(MATCH_E5, "Woning is niet geschikt voor een rolstoel")
        if woning.verdieping != 0 and not woning.lift:
            return _nee(
                MATCH_E5,
                f"Woning ligt op verdieping {woning.verdieping} zonder lift; "
                "met een rolstoel niet bereikbaar",
            )
        eisen.append("geschikt voor een rolstoel")
    if kandidaat.trapvrij:
        if woning.verdieping != 0 and not woning.lift:
            return _nee(
                MATCH_E5,
                f"Woning ligt op verdieping {woning.verdieping} zonder lift; kan geen trap lopen",
            )
        if not woning.gelijkvloers:
            return _nee(MATCH_E5, "Woning is niet gelijkvloers; kan geen trap lopen")
        eisen.append("zonder trap bereikbaar")
    if kandidaat.hoogste_verdieping is not None:
        if woning.verdieping > kandidaat.hoogste_verdieping:
            return _nee(
                MATCH_E5,
                f"Woning ligt op verdieping {woning.verdieping}, "
                f"hoogstens {kandidaat.hoogste_verdieping} gewenst",
            )
        eisen.append(f"verdieping {woning.verdieping} is niet te hoog")
    if not eisen:
        return _ok(MATCH_E5, "Geen eisen aan toegankelijkheid")
    return _ok(MATCH_E5, "Woning is " + ", ".join(eisen))


@_eis
def regel_e6_woningeisen(kandidaat: Kandidaat, woning: Woning, context: Context) -> Regeluitkomst:
    """MATCH-E6: the woning's own restrictions (minimum age on the peildatum)."""
    if woning.minimumleeftijd is None:
        return _ok(MATCH_E6, "Woning heeft geen leeftijdsgrens")
    return _e6(woning.minimumleeftijd, leeftijd_op(kandidaat.geboortedatum, context.peildatum))


@functools.lru_cache(maxsize=1024)
def _e6(minimumleeftijd: int, leeftijd: int) -> Regeluitkomst:
    # Cached on the wording's inputs; an outcome is frozen, so one object serves them all.
    if leeftijd < minimumleeftijd:
        return _nee(
            MATCH_E6,
            f"Woning is voor {minimumleeftijd} jaar en ouder (leeftijd: {leeftijd})",
        )
    return _ok(MATCH_E6, f"Leeftijd {leeftijd} past (woning voor {minimumleeftijd} jaar en ouder)")


@_eis
def regel_e7_niet_afgewezen(
    kandidaat: Kandidaat, woning: Woning, context: Context
) -> Regeluitkomst:
    """MATCH-E7: the kandidaat has not already declined this woning."""
    if kandidaat.id in context.afgewezen:
        return _nee(MATCH_E7, "Heeft deze woning al afgewezen")
    return _ok(MATCH_E7, "Heeft deze woning niet afgewezen")


def regel_v1_geschrapt(kandidaat: Kandidaat, woning: Woning, context: Context) -> Regeluitkomst:
    """MATCH-V1: struck by Het Vierde Huis for this woning, with a reason."""
    reden = context.geschrapt.get(kandidaat.id)
    if reden is not None:
        return _nee(MATCH_V1, f"Geschrapt door Het Vierde Huis: {reden}")
    return _ok(MATCH_V1, "Niet geschrapt door Het Vierde Huis")


#: MATCH-E1..E7 in order.
REGELS: tuple[Regel, ...] = tuple(_EISEN)


def beoordeel(kandidaat: Kandidaat, woning: Woning, context: Context) -> tuple[Regeluitkomst, ...]:
    """All outcomes E1..E7 in order, preceded by a MATCH-V1 outcome when struck."""
    uitkomsten = tuple(regel(kandidaat, woning, context) for regel in REGELS)
    if kandidaat.id in context.geschrapt:
        return (regel_v1_geschrapt(kandidaat, woning, context), *uitkomsten)
    return uitkomsten


def beoordeel_tot_uitsluiting(
    kandidaat: Kandidaat, woning: Woning, context: Context
) -> tuple[Regeluitkomst, ...]:
    """The outcomes in order up to the first failing rule (MATCH-V1 first, then E1..E7).

    The last outcome fails when the kandidaat is excluded; a suitable kandidaat gets all of
    E1..E7, each passing. No rule after the first failing one is evaluated.
    """
    if kandidaat.id in context.geschrapt:
        return (regel_v1_geschrapt(kandidaat, woning, context),)
    uitkomsten = []
    for regel in REGELS:
        uitkomst = regel(kandidaat, woning, context)
        uitkomsten.append(uitkomst)
        if not uitkomst.geschikt:
            break
    return tuple(uitkomsten)


def eerste_uitsluiting(
    kandidaat: Kandidaat, woning: Woning, context: Context
) -> Regeluitkomst | None:
    """The first failing rule (MATCH-V1 first, then E1..E7), or None when suitable."""
    laatste = beoordeel_tot_uitsluiting(kandidaat, woning, context)[-1]
    return None if laatste.geschikt else laatste
