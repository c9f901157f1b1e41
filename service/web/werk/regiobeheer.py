"""Pages for the regiobeheer (Beter Wonen): commitments per corporatie, the distribution over the
zorgaanbieders, and the regional figures as charts.

The same actions and kind checks as the API: reading is open to the kinds the API lets read
(regiobeheer and the bemiddelaar), changing only to the regiobeheer. Every chart has a table
with the same numbers next to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlmodel import Session, func, select

from service.clock import vandaag
from service.contingenten import actions as contingenten
from service.contingenten.schemas import ToezeggingInvoer, VerdelingInvoer
from service.deps import SessionDep
from service.models import Organisatie, OrganisatieSoort, Toezegging
from service.organisaties.actions import list_organisaties
from service.rapportages.actions import regiocijfers
from service.schemas import Paging
from service.web import charts, woorden
from service.web.pages import (
    Formulier,
    Persoon,
    PersoonDep,
    formulier_post,
    getal,
    mag,
    render,
    samenvatting,
    terug,
    veldfouten,
)

router = APIRouter()
R = OrganisatieSoort.regiobeheer
B = OrganisatieSoort.bemiddelaar


def grafiek(
    sleutel: str, titel: str, reeksen: list[tuple[str, float]], eenheid: str = ""
) -> Markup | None:
    """``staafdiagram`` (its own element ids per chart); no data: no chart (the table says so)."""
    if not reeksen:
        return None
    return charts.staafdiagram(titel, reeksen, eenheid=eenheid)


def _organisaties(session: Session, soort: OrganisatieSoort) -> list[Organisatie]:
    rows, _ = list_organisaties(session, soort=soort, paging=Paging(pagina=1, pagina_grootte=200))
    return [o for o in rows if o.actief]


def _jaar(request: Request) -> int:
    return getal(request.query_params.get("jaar"), vandaag().year, 2000, 2100)


# --- toezeggingen --------------------------------------------------------------------------------


@router.get("/toezeggingen", response_class=HTMLResponse)
def toezeggingen(request: Request, persoon: PersoonDep, session: SessionDep) -> HTMLResponse:
    mag(persoon, R, B)
    jaar = _jaar(request)
    return _toezeggingen(request, persoon, session, jaar, {"jaar": str(jaar)}, {})


def _toezeggingen(
    request: Request,
    persoon: Persoon,
    session: Session,
    jaar: int,
    waarden: dict[str, str],
    fouten: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    rows = {
        t.corporatie_id: t
        for t in contingenten.list_toezeggingen(session, persoon.actor, jaar=jaar)
    }
    corporaties = _organisaties(session, OrganisatieSoort.corporatie)
    return render(
        request,
        "regiobeheer_toezeggingen.html",
        persoon,
        status_code=status_code,
        fout=fouten.get(""),
        jaar=jaar,
        rijen=[(c, rows.get(c.id)) for c in corporaties],
        totaal=sum(t.aantal for t in rows.values()),
        keuzes=[(str(c.id), c.naam) for c in corporaties],
        w=waarden,
        fouten=fouten,
        mag_wijzigen=persoon.actor.soort == R,
    )


@router.post("/toezeggingen", response_model=None)
def toezegging_vastleggen(
    request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, R)
    invoer = {k: v for k in ("corporatieId", "jaar", "aantal", "toelichting") if (v := form.get(k))}

    def klaar(uit: Any) -> RedirectResponse:
        woningen = "woning" if uit.aantal == 1 else "woningen"
        return terug(
            persoon,
            "/werk/toezeggingen",
            f"De toezegging van {uit.corporatie} voor {uit.jaar} is vastgelegd: "
            f"{uit.aantal} {woningen}.",
            jaar=uit.jaar,
        )

    return formulier_post(
        session,
        persoon,
        form,
        lambda: contingenten.set_toezegging(
            session, data=ToezeggingInvoer.model_validate(invoer), by=persoon.actor
        ),
        lambda exc: _toezeggingen(
            request,
            persoon,
            session,
            getal(form.get("jaar"), vandaag().year, 2000, 2100),
            form,
            samenvatting(veldfouten(exc)),
            400,
        ),
        klaar,
    )


# --- verdeling -----------------------------------------------------------------------------------


@router.get("/verdeling", response_class=HTMLResponse)
def verdeling(request: Request, persoon: PersoonDep, session: SessionDep) -> HTMLResponse:
    mag(persoon, R, B)
    jaar = _jaar(request)
    zorg = _organisaties(session, OrganisatieSoort.zorgaanbieder)
    waarden: dict[str, str] = {"jaar": str(jaar)}
    huidig = contingenten.current(session, jaar)
    if huidig is not None:  # start the next version from the current one
        regels = {
            r.zorgaanbieder_id: r
            for r in contingenten.public_verdeling(session, huidig, persoon.actor).regels
        }
        for i, z in enumerate(zorg):
            if (r := regels.get(z.id)) is not None:
                waarden[f"aandelen.{i}.gewicht"] = r.gewicht
                waarden[f"aandelen.{i}.minimum"] = "" if r.minimum is None else str(r.minimum)
                waarden[f"aandelen.{i}.maximum"] = "" if r.maximum is None else str(r.maximum)
    return _verdeling(request, persoon, session, jaar, zorg, waarden, {})


def _verdeling(
    request: Request,
    persoon: Persoon,
    session: Session,
    jaar: int,
    zorg: list[Organisatie],
    waarden: dict[str, str],
    fouten: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    huidig = contingenten.current(session, jaar)
    toegezegd = session.exec(
        select(func.coalesce(func.sum(Toezegging.aantal), 0)).where(Toezegging.jaar == jaar)
    ).one()
    return render(
        request,
        "regiobeheer_verdeling.html",
        persoon,
        status_code=status_code,
        fout=fouten.get(""),
        jaar=jaar,
        vd=contingenten.public_verdeling(session, huidig, persoon.actor) if huidig else None,
        versies=contingenten.list_verdelingen(session, jaar=jaar),
        toegezegd=int(toegezegd),
        zorgaanbieders=zorg,
        w=waarden,
        fouten=fouten,
        mag_wijzigen=persoon.actor.soort == R,
    )


@router.post("/verdeling", response_model=None)
def verdeling_maken(
    request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, R)
    zorg = _organisaties(session, OrganisatieSoort.zorgaanbieder)
    invoer, rijen = verdeling_invoer(form)
    return formulier_post(
        session,
        persoon,
        form,
        lambda: contingenten.create_verdeling(
            session, data=VerdelingInvoer.model_validate(invoer), by=persoon.actor
        ),
        lambda exc: _verdeling(
            request,
            persoon,
            session,
            getal(form.get("jaar"), vandaag().year, 2000, 2100),
            zorg,
            form,
            samenvatting(_per_rij(veldfouten(exc), rijen)),
            400,
        ),
        lambda v: terug(
            persoon,
            "/werk/verdeling",
            f"Versie {v.versie} van de verdeling voor {v.jaar} is gemaakt: {v.totaal} woningen.",
            jaar=v.jaar,
        ),
    )


def verdeling_invoer(form: dict[str, str]) -> tuple[dict[str, Any], list[int]]:
    """The API's body from the form: one share per zorgaanbieder with a weight (or a bound)
    filled in. Returns the body and, per share, the form row it came from."""
    aantal = len([k for k in form if k.startswith("aandelen.") and k.endswith(".zorgaanbiederId")])
    rijen: list[int] = []
    aandelen: list[dict[str, Any]] = []
    for i in range(aantal):
        velden = {
            v: form.get(f"aandelen.{i}.{v}", "").replace(",", ".")
            for v in ("gewicht", "minimum", "maximum")
        }
        if not any(velden.values()):
            continue  # this zorgaanbieder does not take part
        rijen.append(i)
        aandelen.append(
            {
                "zorgaanbiederId": form.get(f"aandelen.{i}.zorgaanbiederId"),
                **{k: v for k, v in velden.items() if v},
            }
        )
    body: dict[str, Any] = {k: v for k in ("jaar", "totaal", "reden") if (v := form.get(k))}
    body["aandelen"] = aandelen
    return body, rijen


def _per_rij(fouten: dict[str, str], rijen: list[int]) -> dict[str, str]:
    """``aandelen.2.gewicht`` is the third share sent, which is a row of the form."""
    out: dict[str, str] = {}
    for naam, reden in fouten.items():
        delen = naam.split(".")
        if len(delen) >= 3 and delen[0] == "aandelen" and delen[1].isdigit():
            j = int(delen[1])
            if j < len(rijen):
                naam = ".".join(["aandelen", str(rijen[j]), *delen[2:]])
        out.setdefault(naam, reden)
    return out


# --- regiocijfers --------------------------------------------------------------------------------


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


def _dagen(x: float | None) -> str:
    return "–" if x is None else f"{x:g}"


def _procent(x: float | None) -> str:
    return "–" if x is None else woorden.procent(x * 100)


def cijferblokken(c: Any) -> list[Blok]:
    """The figures of ``regiocijfers`` as sections: charts plus tables with the same numbers."""
    blokken: list[Blok] = []

    # Waiting time: the distribution in classes of months, and per provider and gemeente.
    wt = c.wachttijd
    klassen = [k.klasse for k in wt.totaal.verdeling]

    def verdeling_tabel(titel: str, wie: str, groepen: list[Any]) -> Tabel:
        rijen = []
        for g in groepen:
            per = {k.klasse: k.aantal for k in g.verdeling}
            rijen.append([g.naam, g.aantal, *(per.get(k, 0) for k in klassen)])
        return Tabel(titel, [wie, "Wachtend", *(f"{k} mnd" for k in klassen)], rijen)

    blokken.append(
        Blok(
            "wachttijd",
            "Hoe lang wachten de kandidaten?",
            f"Op {c.peildatum.strftime('%d-%m-%Y')} "
            + (
                "wacht 1 kandidaat"
                if wt.totaal.aantal == 1
                else f"wachten {wt.totaal.aantal} kandidaten"
            )
            + ". De wachttijd is in maanden sinds de aanmelding.",
            [
                grafiek(
                    "wachttijd",
                    "Aantal wachtende kandidaten naar wachttijd in maanden",
                    [(f"{k.klasse} maanden", k.aantal) for k in wt.totaal.verdeling],
                )
            ],
            [
                verdeling_tabel("Wachttijd in de regio", "Regio", [wt.totaal]),
                verdeling_tabel(
                    "Wachttijd per zorgaanbieder", "Zorgaanbieder", wt.per_zorgaanbieder
                ),
                verdeling_tabel(
                    "Wachttijd per gemeente van eerste keuze", "Gemeente", wt.per_gemeente
                ),
            ],
        )
    )

    # Time to placement and first choice; per provider, gemeente and corporatie (fairness).
    tijd, eerste, afw = c.tijd_tot_plaatsing, c.eerste_keuze, c.afwijzingen
    blokken.append(
        Blok(
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
    )
    blokken.append(
        Blok(
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
    )
    for sleutel, naam, kop in (
        ("zorgaanbieder", "Zorgaanbieder", "per zorgaanbieder"),
        ("gemeente", "Gemeente", "per gemeente"),
        ("corporatie", "Corporatie", "per corporatie"),
    ):
        t = {d.naam: d for d in getattr(tijd, f"per_{sleutel}")}
        e = {x.naam: x for x in getattr(eerste, f"per_{sleutel}")}
        a = {x.naam: x for x in getattr(afw, f"per_{sleutel}")}
        namen = sorted(set(t) | set(e) | set(a))
        blokken.append(
            Blok(
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
        )
    blokken.append(
        Blok(
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
    )
    return blokken


@router.get("/cijfers", response_class=HTMLResponse)
def cijfers(request: Request, persoon: PersoonDep, session: SessionDep) -> HTMLResponse:
    mag(persoon, R, B)
    jaar = _jaar(request)
    c = regiocijfers(session, persoon.actor, jaar=jaar)
    return render(
        request,
        "regiobeheer_cijfers.html",
        persoon,
        jaar=jaar,
        c=c,
        blokken=cijferblokken(c),
    )


__all__ = ["router"]
