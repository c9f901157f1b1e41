"""The regional figures (``regiocijfers``) as sections of the page: per question a short
explanation, charts and tables with the same numbers (the tables are the charts' text
alternative). One function per section; ``cijferblokken`` puts them in the page's order."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from typing import Any

from markupsafe import Markup

from service.rapportages.schemas import RegiocijfersUit
from service.web import woorden
from service.web.charts import grafiek

#: The fairness sections: (the key, the table's first column, the heading's ending).
INDELINGEN = (
    ("zorgaanbieder", "Zorgaanbieder", "per zorgaanbieder"),
    ("gemeente", "Gemeente", "per gemeente"),
    ("corporatie", "Corporatie", "per corporatie"),
)


@dataclass
class Tabel:
    bijschrift: str
    kolommen: list[str]
    rijen: list[list[Any]]


@dataclass
class Blok:
    sleutel: str
    kop: str
    uitleg: str
    grafieken: list[Markup | None] = field(default_factory=list)
    tabellen: list[Tabel] = field(default_factory=list)


def cijferblokken(c: RegiocijfersUit) -> list[Blok]:
    """The figures of ``regiocijfers`` as sections: charts plus tables with the same numbers."""
    return [
        wachttijd(c),
        tijd_tot_plaatsing(c),
        eerste_keuze(c),
        *(eerlijkheid(c, *indeling) for indeling in INDELINGEN),
        levering(c),
    ]


def _dagen(x: float | None) -> str:
    return "–" if x is None else f"{x:g}"


def _procent(x: float | None) -> str:
    return "–" if x is None else woorden.procent(x * 100)


def wachttijd(c: RegiocijfersUit) -> Blok:
    """Waiting time: the distribution in classes of months, and per provider and gemeente."""
    wt = c.wachttijd
    klassen = [k.klasse for k in wt.totaal.verdeling]

    def verdeling_tabel(titel: str, wie: str, groepen: list[Any]) -> Tabel:
        rijen = []
        for g in groepen:
            per = {k.klasse: k.aantal for k in g.verdeling}
            rijen.append([g.naam, g.aantal, *(per.get(k, 0) for k in klassen)])
        return Tabel(titel, [wie, "Wachtend", *(f"{k} mnd" for k in klassen)], rijen)

    wachtenden = (
        "wacht 1 kandidaat" if wt.totaal.aantal == 1 else f"wachten {wt.totaal.aantal} kandidaten"
    )
    return Blok(
        "wachttijd",
        "Hoe lang wachten de kandidaten?",
        f"Op {c.peildatum.strftime('%d-%m-%Y')} {wachtenden}. "
        "De wachttijd is in maanden sinds de aanmelding.",
        [
            grafiek(
                "wachttijd",
                "Aantal wachtende kandidaten naar wachttijd in maanden",
                [(f"{k.klasse} maanden", k.aantal) for k in wt.totaal.verdeling],
            )
        ],
        [
            verdeling_tabel("Wachttijd in de regio", "Regio", [wt.totaal]),
            verdeling_tabel("Wachttijd per zorgaanbieder", "Zorgaanbieder", wt.per_zorgaanbieder),
            verdeling_tabel("Wachttijd per gemeente van eerste keuze", "Gemeente", wt.per_gemeente),
        ],
    )


def tijd_tot_plaatsing(c: RegiocijfersUit) -> Blok:
    """Days from registration to the lease, per provider."""
    tijd = c.tijd_tot_plaatsing
    return Blok(
        "tijd",
        "Hoe lang duurt het tot een woning?",
        (
            f"In {c.jaar} kregen {tijd.totaal.aantal} kandidaten een huurcontract. De helft "
            f"wachtte korter dan {_dagen(tijd.totaal.mediaan_dagen)} dagen (de mediaan); 9 van "
            f"de 10 korter dan {_dagen(tijd.totaal.p90_dagen)} dagen."
            if tijd.totaal.aantal
            else f"In {c.jaar} kreeg nog geen kandidaat een huurcontract via woonroute."
        ),
        [
            grafiek(
                "tijd",
                "Mediaan aantal dagen van aanmelding tot huurcontract, per zorgaanbieder",
                [(d.naam, d.mediaan_dagen or 0) for d in tijd.per_zorgaanbieder],
            )
        ],
        [
            Tabel(
                "Dagen van aanmelding tot huurcontract, per zorgaanbieder",
                ["Zorgaanbieder", "Plaatsingen", "Mediaan (dagen)", "90e percentiel (dagen)"],
                [
                    [d.naam, d.aantal, _dagen(d.mediaan_dagen), _dagen(d.p90_dagen)]
                    for d in [*tijd.per_zorgaanbieder, tijd.totaal]
                ],
            )
        ],
    )


def eerste_keuze(c: RegiocijfersUit) -> Blok:
    """Placements in the gemeente of first choice, per provider."""
    eerste = c.eerste_keuze
    return Blok(
        "eerste",
        "Wonen kandidaten in de gemeente van hun eerste keuze?",
        (
            f"In {c.jaar} kreeg {_procent(eerste.totaal.aandeel)} van de geplaatste kandidaten "
            f"een woning in de gemeente van eerste keuze ({eerste.totaal.in_eerste_keuze} van "
            f"{eerste.totaal.aantal})."
            if eerste.totaal.aantal
            else f"In {c.jaar} is nog niemand geplaatst."
        ),
        [
            grafiek(
                "eerste",
                "Aandeel plaatsingen in de gemeente van eerste keuze, per zorgaanbieder",
                [(e.naam, round((e.aandeel or 0) * 100)) for e in eerste.per_zorgaanbieder],
                "%",
            )
        ],
        [
            Tabel(
                "Plaatsingen in de gemeente van eerste keuze, per zorgaanbieder",
                ["Zorgaanbieder", "Plaatsingen", "In eerste keuze", "Aandeel"],
                [
                    [e.naam, e.aantal, e.in_eerste_keuze, _procent(e.aandeel)]
                    for e in [*eerste.per_zorgaanbieder, eerste.totaal]
                ],
            )
        ],
    )


def eerlijkheid(c: RegiocijfersUit, sleutel: str, naam: str, kop: str) -> Blok:
    """Fairness by one grouping (provider, gemeente or corporatie): time to a lease, first
    choice and refused offers side by side."""
    t = {d.naam: d for d in getattr(c.tijd_tot_plaatsing, f"per_{sleutel}")}
    e = {x.naam: x for x in getattr(c.eerste_keuze, f"per_{sleutel}")}
    a = {x.naam: x for x in getattr(c.afwijzingen, f"per_{sleutel}")}
    namen = sorted(set(t) | set(e) | set(a))
    return Blok(
        f"eerlijk-{sleutel}",
        f"Eerlijkheid {kop}",
        "Krijgt iedereen even snel een woning, en even vaak in de gemeente van eerste "
        "keuze? Grote verschillen zijn een reden om te kijken waarom.",
        [
            grafiek(
                f"eerlijk-{sleutel}-tijd",
                f"Mediaan dagen tot huurcontract {kop}",
                [(n, t[n].mediaan_dagen or 0) for n in namen if n in t],
            ),
            grafiek(
                f"eerlijk-{sleutel}-eerste",
                f"Aandeel in de gemeente van eerste keuze {kop}",
                [(n, round((e[n].aandeel or 0) * 100)) for n in namen if n in e],
                "%",
            ),
        ],
        [
            Tabel(
                f"Plaatsingen en afwijzingen {kop} in {c.jaar}",
                [
                    naam,
                    "Plaatsingen",
                    "Mediaan dagen",
                    "90e percentiel dagen",
                    "Eerste keuze",
                    "Afgewezen aanbiedingen",
                ],
                [
                    [
                        n,
                        t[n].aantal if n in t else 0,
                        _dagen(t[n].mediaan_dagen) if n in t else "–",
                        _dagen(t[n].p90_dagen) if n in t else "–",
                        _procent(e[n].aandeel) if n in e else "–",
                        a[n].aantal if n in a else 0,
                    ]
                    for n in namen
                ],
            )
        ],
    )


def levering(c: RegiocijfersUit) -> Blok:
    """What the corporaties delivered against their commitment."""
    return Blok(
        "levering",
        "Leveren de corporaties wat zij toezegden?",
        "Woningen binnen het contingent tegenover de toezegging van dit jaar.",
        [
            grafiek(
                "levering",
                f"Geleverd als deel van de toezegging in {c.jaar}",
                [(x.corporatie, float(x.percentage or 0)) for x in c.contingent_levering],
                "%",
            )
        ],
        [
            Tabel(
                f"Toezegging en levering per corporatie in {c.jaar}",
                ["Corporatie", "Toegezegd", "Geleverd", "Tekort", "Percentage"],
                [
                    [
                        x.corporatie,
                        x.toegezegd,
                        x.geleverd,
                        x.tekort,
                        "–" if x.percentage is None else woorden.procent(float(x.percentage)),
                    ]
                    for x in c.contingent_levering
                ],
            )
        ],
    )
