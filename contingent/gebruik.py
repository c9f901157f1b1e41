"""Usage arithmetic for the contingent (ZOU-K3), and reallocation of unused homes (ZOU-K2).

A placement through the contingent counts against the zorgaanbieder of the placed
client, in the contingent year of its contract date (`contingentjaar`: the calendar
year). Definitions, per zorgaanbieder and year:

- `gebruikt`: placements that count;
- `in_behandeling`: open aanbiedingen, homes that are promised but not yet placed;
- `resterend = max(0, toegewezen - gebruikt - in_behandeling)`: homes still free to
  offer. Open offers are reserved, so they lower the remainder;
- `overgebruik = max(0, gebruikt - toegewezen)`: placements beyond the share. Open
  offers do not count as over-use until they become placements.

The aggregation helpers work on plain `Telling` records, so the service decides how
they are read from the database. `herverdeel` moves unused homes between providers;
it never moves more than the source's `resterend`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal

from contingent.model import Gebruik
from contingent.model import Herverdeling
from contingent.model import Levering
from contingent.model import Subtotaal
from contingent.model import Telling
from contingent.model import VerdeelFout
from contingent.model import Verdeling
from contingent.tekst import woningen


def _aantal(waarde: object, wat: str) -> int:
    if not isinstance(waarde, int) or isinstance(waarde, bool):
        raise VerdeelFout(f"Het aantal {wat} moet een heel getal zijn.")
    if waarde < 0:
        raise VerdeelFout(f"Het aantal {wat} is negatief. Gebruik 0 of meer.")
    return waarde


def contingentjaar(contractdatum: date) -> int:
    """The contingent year a placement counts in: the calendar year of its contract date."""
    return contractdatum.year


def bereken_gebruik(
    toegewezen: int,
    gebruikt: int,
    in_behandeling: int,
    *,
    zorgaanbieder: str | None = None,
) -> Gebruik:
    """Usage of one share; see the module docstring for the definitions."""
    _aantal(toegewezen, "toegewezen woningen")
    _aantal(gebruikt, "gebruikte woningen")
    _aantal(in_behandeling, "woningen in behandeling")
    return Gebruik(
        zorgaanbieder=zorgaanbieder,
        toegewezen=toegewezen,
        gebruikt=gebruikt,
        in_behandeling=in_behandeling,
        resterend=max(0, toegewezen - gebruikt - in_behandeling),
        overgebruik=max(0, gebruikt - toegewezen),
    )


def _som(tellingen: Iterable[Telling]) -> Subtotaal:
    gebruikt = in_behandeling = 0
    for t in tellingen:
        gebruikt += _aantal(t.gebruikt, "gebruikte woningen")
        in_behandeling += _aantal(t.in_behandeling, "woningen in behandeling")
    return Subtotaal(gebruikt=gebruikt, in_behandeling=in_behandeling)


def gebruik_per_zorgaanbieder(
    toewijzing: Mapping[str, int] | Verdeling,
    tellingen: Iterable[Telling],
) -> dict[str, Gebruik]:
    """Usage per zorgaanbieder for one year.

    `toewijzing` is a `Verdeling` or a mapping name -> homes. Providers that appear only
    in `tellingen` get `toegewezen=0` (all their use is over-use); they come last, by name.
    """
    if isinstance(toewijzing, Verdeling):
        toewijzing = toewijzing.toewijzing()
    groepen: dict[str, list[Telling]] = {}
    for t in tellingen:
        groepen.setdefault(t.zorgaanbieder, []).append(t)
    namen = list(toewijzing) + sorted(n for n in groepen if n not in toewijzing)
    uitkomst = {}
    for naam in namen:
        som = _som(groepen.get(naam, ()))
        uitkomst[naam] = bereken_gebruik(
            toewijzing.get(naam, 0), som.gebruikt, som.in_behandeling, zorgaanbieder=naam
        )
    return uitkomst


def _filter(tellingen: Iterable[Telling], zorgaanbieder: str | None) -> list[Telling]:
    return [t for t in tellingen if zorgaanbieder is None or t.zorgaanbieder == zorgaanbieder]


def tel_per_corporatie(
    tellingen: Iterable[Telling], *, zorgaanbieder: str | None = None
) -> dict[str | None, Subtotaal]:
    """Counts per corporatie (None = unknown, listed last), optionally for one provider."""
    groepen: dict[str | None, list[Telling]] = {}
    for t in _filter(tellingen, zorgaanbieder):
        groepen.setdefault(t.corporatie, []).append(t)
    volgorde = sorted(groepen, key=lambda c: (c is None, c or ""))
    return {c: _som(groepen[c]) for c in volgorde}


def tel_per_maand(
    tellingen: Iterable[Telling], *, zorgaanbieder: str | None = None
) -> dict[date, Subtotaal]:
    """Counts per month, keyed by the first day of the month, in date order."""
    groepen: dict[date, list[Telling]] = {}
    for t in _filter(tellingen, zorgaanbieder):
        groepen.setdefault(t.maand.replace(day=1), []).append(t)
    return {m: _som(groepen[m]) for m in sorted(groepen)}


def bereken_levering(toegezegd: int, geleverd: int, *, corporatie: str | None = None) -> Levering:
    """A corporatie's commitment against the homes it delivered through the contingent."""
    _aantal(toegezegd, "toegezegde woningen")
    _aantal(geleverd, "geleverde woningen")
    percentage = None
    if toegezegd:
        percentage = (Decimal(geleverd) * 100 / Decimal(toegezegd)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    return Levering(
        corporatie=corporatie,
        toegezegd=toegezegd,
        geleverd=geleverd,
        tekort=max(0, toegezegd - geleverd),
        percentage=percentage,
    )


def herverdeel(
    verdeling: Verdeling,
    van: str,
    naar: str,
    aantal: int,
    *,
    gebruik_van: Gebruik,
    maximum_naar: int | None = None,
) -> Verdeling:
    """Move `aantal` unused homes from `van` to `naar`; returns a new `Verdeling`.

    `gebruik_van` is the current usage of `van` against this distribution; at most its
    `resterend` can move. The total stays the same, the exact shares stay the same; the
    moved homes are recorded in `herverdeeld` and `herverdelingen`. The receiver's maximum
    (`maximum_naar`, from the verdeelsleutel) is respected (ZOU-K2); a minimum is not: giving
    away unused homes is a decision by regiobeheer.
    """
    toewijzing = verdeling.toewijzing()
    if van not in toewijzing:
        raise VerdeelFout(f"Zorgaanbieder '{van}' zit niet in deze verdeling.")
    if naar not in toewijzing:
        raise VerdeelFout(f"Zorgaanbieder '{naar}' zit niet in deze verdeling.")
    if van == naar:
        raise VerdeelFout("Kies twee verschillende zorgaanbieders om woningen te verplaatsen.")
    if not isinstance(aantal, int) or isinstance(aantal, bool) or aantal < 1:
        raise VerdeelFout("Verplaats minstens 1 woning, als heel getal.")
    if gebruik_van.zorgaanbieder not in (None, van):
        raise VerdeelFout(f"Het gebruik hoort niet bij zorgaanbieder '{van}'.")
    if gebruik_van.toegewezen != toewijzing[van]:
        raise VerdeelFout(
            f"Het gebruik van '{van}' gaat uit van {woningen(gebruik_van.toegewezen)}, "
            f"maar de verdeling geeft {toewijzing[van]}. Haal het gebruik opnieuw op."
        )
    if maximum_naar is not None and toewijzing[naar] + aantal > maximum_naar:
        raise VerdeelFout(
            f"'{naar}' heeft een maximum van {woningen(maximum_naar)} en heeft er al "
            f"{toewijzing[naar]}. Er kunnen er niet {aantal} bij; hoogstens "
            f"{max(0, maximum_naar - toewijzing[naar])}."
        )
    if aantal > gebruik_van.resterend:
        raise VerdeelFout(
            f"'{van}' heeft nog {woningen(gebruik_van.resterend)} over. Er kunnen er "
            f"niet {aantal} verplaatst worden."
        )

    regels = []
    for r in verdeling.regels:
        delta = -aantal if r.zorgaanbieder == van else aantal if r.zorgaanbieder == naar else 0
        if delta:
            if delta < 0:
                zin = f"Niet gebruikt en verplaatst naar '{naar}': {woningen(aantal)}."
            else:
                zin = f"Niet gebruikt bij '{van}' en hierheen verplaatst: {woningen(aantal)}."
            r = dataclasses.replace(
                r,
                toegewezen=r.toegewezen + delta,
                herverdeeld=r.herverdeeld + delta,
                uitleg=f"{r.uitleg} {zin}",
            )
        regels.append(r)
    return dataclasses.replace(
        verdeling,
        regels=tuple(regels),
        herverdelingen=(*verdeling.herverdelingen, Herverdeling(van, naar, aantal)),
    )
