"""The Drechtsteden route advice: which route fits the client's housing question (DRE-R2).

Pure functions and frozen dataclasses; no web framework, no database. The tree follows the seed's
"Welke route past bij de woon(zorg)vraag van de cliënt", in DOMAIN.md's reading (§8)::

    1   deadline for outflow?                      no  -> regulier
    2a  lived independently in the region before?  yes -> voorrang en directe bemiddeling
    2b  return (life-)threatening / not feasible?  no  -> regulier
    3a  binding with the region?                   yes -> voorrang en directe bemiddeling
    3b  other reasons for priority in this region? yes -> voorrang, no -> regulier

Binding with the region (question 3a) is given as two answers or computed from residence
periods, with the numbers from the region settings (sources disagree on 2 or 3 years):

* a residence period ``[van, tot)`` runs from the moving-in date up to the moving-out date (the
  first day the client no longer lived there); ``tot`` empty means the client still lives there.
  Periods that overlap, touch or are one day apart form one uninterrupted stretch, so periods
  entered with an inclusive last day give the same answer.
* "N years uninterrupted": the stretch that reaches the peildatum began at least N calendar years
  before it (the client lives in the region now, as "ingezetene" on the application form).
* "X of the last Y years": the days lived in the region within the Y calendar years before the
  peildatum add up to at least the days of the last X calendar years (so exactly X years counts).
  With ``binding_venster_onafgebroken`` those X years must be one stretch inside the window
  (the seed's literal "minimaal zes jaar onafgebroken").

Only the questions the tree reaches need an answer; a missing one raises ``OntbrekendAntwoord``.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from enum import StrEnum

from matching.formatting import MAANDEN
from service.clock import plus_maanden

REGEL = "DRE-R2"
_AANSLUITING = timedelta(days=1)  # periods at most one day apart are one stretch


class AdviesRoute(StrEnum):
    """DRE-R2: the two routes to a home of one's own."""

    regulier = "regulier"
    voorrang = "voorrang-en-directe-bemiddeling"


@dataclass(frozen=True)
class Instellingen:
    """The region's numbers for DRE-R2 (binding) and DRE-R3 (timing); defaults as in the seed."""

    binding_aaneengesloten_jaren: int = 2
    binding_jaren_van: int = 6
    binding_jaren_venster: int = 10
    binding_venster_onafgebroken: bool = False
    voorrang_aanvraag_maanden_voor_verhuizing: int = 3
    besluit_weken: int = 8


@dataclass(frozen=True)
class Woonperiode:
    """A period the client lived in the region: from ``van`` up to ``tot`` (moving-out date)."""

    van: date
    tot: date | None = None

    def __post_init__(self) -> None:
        if self.tot is not None and self.tot <= self.van:
            raise ValueError("De einddatum (tot) moet na de begindatum (van) liggen.")


@dataclass(frozen=True)
class Antwoorden:
    """The answers to the tree's questions (DRE-R2). ``None``: not answered.

    Binding (question 3a) comes either from ``binding_aaneengesloten`` and
    ``binding_jaren_van_venster`` or from ``woonperiodes``, never both.
    """

    uitstroomdeadline: bool
    zelfstandig_gewoond_in_regio: bool | None = None
    terugkeer_onveilig_of_onhaalbaar: bool | None = None
    binding_aaneengesloten: bool | None = None
    binding_jaren_van_venster: bool | None = None
    woonperiodes: tuple[Woonperiode, ...] | None = None
    andere_redenen: bool | None = None
    gewenste_verhuisdatum: date | None = None

    def __post_init__(self) -> None:
        if self.woonperiodes is not None and (
            self.binding_aaneengesloten is not None or self.binding_jaren_van_venster is not None
        ):
            raise ValueError(
                "Geef de binding met de regio óf als woonperiodes óf als antwoorden, niet allebei."
            )


class OntbrekendAntwoord(ValueError):
    """The tree reached a question that was not answered."""

    def __init__(self, vraag_nummer: str, vraag: str, velden: tuple[str, ...]) -> None:
        super().__init__(f"Vraag {vraag_nummer} is niet beantwoord: {vraag}")
        self.vraag_nummer, self.vraag, self.velden = vraag_nummer, vraag, velden


@dataclass(frozen=True)
class Stap:
    """One question on the path through the tree, with its answer and the rule (DRE-R2)."""

    vraag_nummer: str
    vraag: str
    antwoord: bool
    regel: str = REGEL
    uitleg: str | None = None


@dataclass(frozen=True)
class Binding:
    """Binding with the region (DRE-R2, question 3a): either criterion is enough.

    When computed from residence periods, the numbers behind the answer come along:
    the start of the uninterrupted stretch up to the peildatum, and the days counted in the
    window (all days, or the longest stretch when the window must be uninterrupted) against
    the days needed.
    """

    aaneengesloten: bool
    jaren_van_venster: bool
    berekend: bool = False
    aaneengesloten_sinds: date | None = None
    dagen_in_venster: int | None = None
    dagen_nodig: int | None = None

    @property
    def aanwezig(self) -> bool:
        return self.aaneengesloten or self.jaren_van_venster


@dataclass(frozen=True)
class VoorrangTermijnen:
    """DRE-R3: apply at least N months before the move; a decision within M weeks; the fee
    is paid by the client and not refunded when priority is refused."""

    aanvragen_maanden_voor_verhuizing: int
    besluit_binnen_weken: int
    uiterlijke_aanvraagdatum: date | None = None
    kosten_terug_bij_afwijzing: bool = False


@dataclass(frozen=True)
class Aandachtspunt:
    regel: str
    tekst: str


@dataclass(frozen=True)
class Advies:
    """The advised route (DRE-R2), the path that led there, and what to do next."""

    advies: AdviesRoute
    pad: tuple[Stap, ...]
    toelichting: str
    aandachtspunten: tuple[Aandachtspunt, ...]
    peildatum: date
    binding: Binding | None = None
    voorrang: VoorrangTermijnen | None = None


# --- dates --------------------------------------------------------------------------------


def jaren_terug(dag: date, jaren: int) -> date:
    return plus_maanden(dag, -12 * jaren)


def datum_tekst(dag: date) -> str:
    """Plain Dutch date: 1 maart 2026."""
    return f"{dag.day} {MAANDEN[dag.month - 1]} {dag.year}"


# --- binding from residence periods (DRE-R2, question 3a) ---------------------------------


def aaneengesloten_stukken(
    periodes: Iterable[Woonperiode], peildatum: date
) -> list[tuple[date, date]]:
    """Half-open stretches ``[van, tot)`` up to the peildatum, sorted; periods that overlap,
    touch or are one day apart are merged. Open periods run to the peildatum; what lies after
    it does not count."""
    stukken = sorted(
        (p.van, min(p.tot or peildatum, peildatum)) for p in periodes if p.van < peildatum
    )
    samen: list[tuple[date, date]] = []
    for van, tot in stukken:
        if samen and van <= samen[-1][1] + _AANSLUITING:
            samen[-1] = (samen[-1][0], max(samen[-1][1], tot))
        else:
            samen.append((van, tot))
    return samen


def bereken_binding(
    periodes: Sequence[Woonperiode], peildatum: date, instellingen: Instellingen
) -> Binding:
    """DRE-R2 binding with the region from residence periods (see the module docstring)."""
    stukken = aaneengesloten_stukken(periodes, peildatum)

    sinds = None
    if stukken and stukken[-1][1] >= peildatum - _AANSLUITING:
        sinds = stukken[-1][0]
    aaneengesloten = sinds is not None and sinds <= jaren_terug(
        peildatum, instellingen.binding_aaneengesloten_jaren
    )

    begin = jaren_terug(peildatum, instellingen.binding_jaren_venster)
    in_venster = [(max(van, begin), tot) for van, tot in stukken if tot > begin]
    dagen = [(tot - van).days for van, tot in in_venster]
    nodig = (peildatum - jaren_terug(peildatum, instellingen.binding_jaren_van)).days
    geteld = max(dagen, default=0) if instellingen.binding_venster_onafgebroken else sum(dagen)
    if instellingen.binding_venster_onafgebroken:
        # One stretch of X calendar years inside the window, wherever it ends.
        van_jaren = any(
            van <= jaren_terug(tot, instellingen.binding_jaren_van) for van, tot in in_venster
        )
    else:
        van_jaren = geteld >= nodig
    return Binding(
        aaneengesloten=aaneengesloten,
        jaren_van_venster=van_jaren,
        berekend=True,
        aaneengesloten_sinds=sinds,
        dagen_in_venster=geteld,
        dagen_nodig=nodig,
    )


# --- the tree (DRE-R2) --------------------------------------------------------------------


def vragen(instellingen: Instellingen) -> dict[str, str]:
    """The tree's questions in plain Dutch (B1), numbered as in the seed."""
    s = instellingen
    achter_elkaar = " achter elkaar" if s.binding_venster_onafgebroken else ""
    return {
        "1": "Moet de cliënt vóór een bepaalde datum uit de instelling vertrekken?",
        "2a": "Woonde de cliënt zelfstandig in de regio, voordat hij of zij in de instelling kwam?",
        "2b": (
            "Wordt het (levens)gevaarlijk als de cliënt teruggaat naar de plaats waar hij of zij "
            "vandaan komt? Of kan teruggaan aantoonbaar niet?"
        ),
        "3a": (
            f"Heeft de cliënt binding met de regio? Woont de cliënt nu "
            f"{s.binding_aaneengesloten_jaren} jaar zonder onderbreking in de regio? Of woonde "
            f"de cliënt in de laatste {s.binding_jaren_venster} jaar minstens "
            f"{s.binding_jaren_van} jaar{achter_elkaar} in de regio?"
        ),
        "3b": (
            "Zijn er andere redenen waarom de cliënt echt met voorrang een woning in deze regio "
            "nodig heeft?"
        ),
    }


_VELDEN = {
    "2a": ("zelfstandig_gewoond_in_regio",),
    "2b": ("terugkeer_onveilig_of_onhaalbaar",),
    "3b": ("andere_redenen",),
}

_SLOT = {
    "1": (
        "Er is geen datum waarop de cliënt uit de instelling moet vertrekken. "
        "De cliënt zoekt zelf een woning via de reguliere route."
    ),
    "2a": (
        "De cliënt moet vóór een bepaalde datum vertrekken en woonde eerder zelfstandig in de "
        "regio. De route voorrang en directe bemiddeling past. Vul het aanvraagformulier in."
    ),
    "2b": (
        "De cliënt kan terug naar de plaats waar hij of zij vandaan komt. Voorrang in deze regio "
        "is dan niet nodig. De cliënt zoekt zelf een woning via de reguliere route."
    ),
    "3a": (
        "De cliënt kan niet terug naar de plaats van herkomst en heeft binding met de regio. "
        "De route voorrang en directe bemiddeling past. Vul het aanvraagformulier in."
    ),
    "3b-ja": (
        "De cliënt kan niet terug naar de plaats van herkomst. Er is geen binding met de regio, "
        "maar wel een andere reden voor voorrang hier. De route voorrang en directe bemiddeling "
        "past. Vul het aanvraagformulier in en leg die reden uit, met bewijs als dat kan."
    ),
    "3b-nee": (
        "De cliënt kan niet terug naar de plaats van herkomst, maar heeft geen binding met de "
        "regio. Er is ook geen andere reden voor voorrang hier. De cliënt zoekt zelf een woning "
        "via de reguliere route."
    ),
}

_VRIJE_KEUZE = (
    " Dit is een advies: de cliënt mag een andere route kiezen, behalve in een gedwongen kader."
)


def _antwoord(waarde: bool | None, nummer: str, teksten: dict[str, str]) -> bool:
    if waarde is None:
        raise OntbrekendAntwoord(nummer, teksten[nummer], _VELDEN[nummer])
    return waarde


def _binding(
    antwoorden: Antwoorden, instellingen: Instellingen, peildatum: date, teksten: dict[str, str]
) -> tuple[Binding, str | None]:
    if antwoorden.woonperiodes is not None:
        b = bereken_binding(antwoorden.woonperiodes, peildatum, instellingen)
        sinds = (
            f"woont sinds {datum_tekst(b.aaneengesloten_sinds)} zonder onderbreking in de regio"
            if b.aaneengesloten_sinds
            else "woont nu niet in de regio"
        )
        soort = "achter elkaar " if instellingen.binding_venster_onafgebroken else ""
        uitleg = (
            f"Berekend uit de woonperiodes op {datum_tekst(peildatum)}: de cliënt {sinds}; "
            f"in de laatste {instellingen.binding_jaren_venster} jaar {b.dagen_in_venster} "
            f"dagen {soort}in de regio, {b.dagen_nodig} nodig."
        )
        return b, uitleg
    a, v = antwoorden.binding_aaneengesloten, antwoorden.binding_jaren_van_venster
    if a or v:
        return Binding(aaneengesloten=bool(a), jaren_van_venster=bool(v)), None
    if a is None and v is None:
        velden = ("binding_aaneengesloten", "binding_jaren_van_venster", "woonperiodes")
        raise OntbrekendAntwoord("3a", teksten["3a"], velden)
    if a is None or v is None:
        # One criterion answered "no": the other one still decides.
        ontbreekt = "binding_aaneengesloten" if a is None else "binding_jaren_van_venster"
        raise OntbrekendAntwoord("3a", teksten["3a"], (ontbreekt,))
    return Binding(aaneengesloten=False, jaren_van_venster=False), None


def _aandachtspunten(
    route: AdviesRoute, voorrang: VoorrangTermijnen | None, peildatum: date
) -> tuple[Aandachtspunt, ...]:
    punten = [
        Aandachtspunt(
            "DRE-R1",
            "Schrijf de cliënt zo snel mogelijk in bij Woonkeus, als dat nog niet is gebeurd. "
            "Vanaf de inschrijving bouwt de cliënt punten op. Die punten zijn nodig om via de "
            "reguliere route een woning te vinden.",
        )
    ]
    if voorrang is not None:
        tekst = (
            f"Dien de aanvraag voor voorrang minstens "
            f"{voorrang.aanvragen_maanden_voor_verhuizing} maanden vóór de gewenste verhuizing in."
        )
        if voorrang.uiterlijke_aanvraagdatum is not None:
            tekst += f" Dat is uiterlijk {datum_tekst(voorrang.uiterlijke_aanvraagdatum)}."
            if voorrang.uiterlijke_aanvraagdatum < peildatum:
                tekst += " Die datum is al voorbij. Bespreek een latere verhuisdatum met de cliënt."
        punten += [
            Aandachtspunt("DRE-R3", tekst),
            Aandachtspunt(
                "DRE-R3",
                f"De gemeente beslist binnen {voorrang.besluit_binnen_weken} weken over de aanvraag.",
            ),
            Aandachtspunt(
                "DRE-R3",
                "De cliënt betaalt de kosten van de aanvraag zelf. Dat geld komt niet terug, "
                "ook niet als de cliënt geen voorrang krijgt.",
            ),
        ]
    elif route == AdviesRoute.regulier:
        punten.append(
            Aandachtspunt(
                "DRE-R3",
                "Voor de reguliere route is geen vaste termijn te geven. Hoe snel het gaat, "
                "hangt af van de wensen van de cliënt en het aanbod van woningen.",
            )
        )
    punten.append(
        Aandachtspunt(
            "DRE-R4",
            "Geef de gekozen route door aan de regio. Zo kunnen de werkafspraken worden gevolgd.",
        )
    )
    return tuple(punten)


def advies(antwoorden: Antwoorden, instellingen: Instellingen, peildatum: date) -> Advies:
    """Walk the DRE-R2 decision tree and return the advised route with its path.

    On the priority route the DRE-R3 timing comes along: apply at least N months before the
    desired move (with the latest filing date when that move date is known), a decision
    within M weeks, and the fee is not refunded on refusal. DRE-R1 (register at Woonkeus as
    early as possible) and DRE-R4 (report the chosen route) are always among the points.
    Raises ``OntbrekendAntwoord`` when the path reaches a question without an answer.
    """
    teksten = vragen(instellingen)
    pad: list[Stap] = []
    binding: Binding | None = None

    def stap(nummer: str, antwoord: bool, uitleg: str | None = None) -> bool:
        pad.append(Stap(nummer, teksten[nummer], antwoord, uitleg=uitleg))
        return antwoord

    if not stap("1", antwoorden.uitstroomdeadline):
        route, slot = AdviesRoute.regulier, "1"
    elif stap("2a", _antwoord(antwoorden.zelfstandig_gewoond_in_regio, "2a", teksten)):
        route, slot = AdviesRoute.voorrang, "2a"
    elif not stap("2b", _antwoord(antwoorden.terugkeer_onveilig_of_onhaalbaar, "2b", teksten)):
        route, slot = AdviesRoute.regulier, "2b"
    else:
        binding, uitleg = _binding(antwoorden, instellingen, peildatum, teksten)
        if stap("3a", binding.aanwezig, uitleg):
            route, slot = AdviesRoute.voorrang, "3a"
        elif stap("3b", _antwoord(antwoorden.andere_redenen, "3b", teksten)):
            route, slot = AdviesRoute.voorrang, "3b-ja"
        else:
            route, slot = AdviesRoute.regulier, "3b-nee"

    voorrang = None
    if route == AdviesRoute.voorrang:
        maanden = instellingen.voorrang_aanvraag_maanden_voor_verhuizing
        verhuizing = antwoorden.gewenste_verhuisdatum
        voorrang = VoorrangTermijnen(
            aanvragen_maanden_voor_verhuizing=maanden,
            besluit_binnen_weken=instellingen.besluit_weken,
            uiterlijke_aanvraagdatum=plus_maanden(verhuizing, -maanden) if verhuizing else None,
        )
    return Advies(
        advies=route,
        pad=tuple(pad),
        toelichting=_SLOT[slot] + _VRIJE_KEUZE,
        aandachtspunten=_aandachtspunten(route, voorrang, peildatum),
        peildatum=peildatum,
        binding=binding,
        voorrang=voorrang,
    )
