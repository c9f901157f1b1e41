"""The contingent (ZOU-K1..K3) on top of the pure arithmetic in ``contingent``.

Choices, documented here and in the README:
- Commitments (toezeggingen) are set by regiobeheer (Beter Wonen), one per corporatie per year;
  setting it again replaces the number, and the audit trail keeps every value with who and why.
- A distribution (verdeling) is versioned per year; a revision adds a version and the newest is
  the current one. Reallocations (herverdelingen) belong to the version they were made on; a new
  version starts from its own numbers.
- Usage is counted from the plaatsingen (``binnen_contingent``, ``contingent_jaar``), the
  externe plaatsingen reported ``binnen_contingent`` (ZOU-M1; against their zorgaanbieder when
  one is known, in the calendar year of the contract) and the running aanbiedingen at the moment
  of asking; nothing is kept as a counter that could drift. A corporatie's delivery against its
  commitment counts both kinds of placement.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import func
from sqlmodel import select

import contingent
from service import audit
from service.auth import Actor
from service.clock import datum_van
from service.clock import nu
from service.clock import vandaag
from service.contingenten.schemas import AandeelInvoer
from service.contingenten.schemas import GebruikUit
from service.contingenten.schemas import HerverdelingInvoer
from service.contingenten.schemas import LeveringUit
from service.contingenten.schemas import PerCorporatie
from service.contingenten.schemas import PerMaand
from service.contingenten.schemas import ToezeggingInvoer
from service.contingenten.schemas import ToezeggingUit
from service.contingenten.schemas import VerdelingInvoer
from service.contingenten.schemas import VerdelingRegelUit
from service.contingenten.schemas import VerdelingUit
from service.errors import Conflict
from service.errors import NietGevonden
from service.errors import OngeldigeInvoer
from service.errors import Veldfout
from service.models import LOPENDE_AANBIEDING
from service.models import Aanbieding
from service.models import ExternePlaatsing
from service.models import Herverdeling
from service.models import Maatwerktraject
from service.models import Organisatie
from service.models import OrganisatieSoort
from service.models import Plaatsing
from service.models import Toezegging
from service.models import Verdeling
from service.models import VerdelingRegel
from service.queries import organisatie_namen
from service.regio import regio_van

# --- toezeggingen --------------------------------------------------------------------------


def list_toezeggingen(session: Session, actor: Actor, *, jaar: int | None) -> list[ToezeggingUit]:
    query = select(Toezegging)
    if actor.soort == OrganisatieSoort.corporatie:
        query = query.where(Toezegging.corporatie_id == actor.organisatie_id)
    if jaar is not None:
        query = query.where(Toezegging.jaar == jaar)
    namen = organisatie_namen(session)
    rows = session.exec(query.order_by(col(Toezegging.jaar), col(Toezegging.corporatie_id))).all()
    return [ToezeggingUit(corporatie=namen[t.corporatie_id], **t.model_dump()) for t in rows]


def set_toezegging(session: Session, *, data: ToezeggingInvoer, by: Actor) -> ToezeggingUit:
    corp = session.get(Organisatie, data.corporatie_id)
    if corp is None or corp.soort != OrganisatieSoort.corporatie:
        raise OngeldigeInvoer(
            "Kies een corporatie.", [Veldfout("corporatieId", "Dit is geen corporatie.")]
        )
    row = session.exec(
        select(Toezegging)
        .where(Toezegging.corporatie_id == corp.id, Toezegging.jaar == data.jaar)
        .with_for_update()
    ).first()
    voor = audit.snapshot(row)
    if row is None:
        row = Toezegging(
            corporatie_id=corp.id,
            jaar=data.jaar,
            aantal=data.aantal,
            gewijzigd_door=by.organisatie_id,
        )
    row.aantal, row.toelichting = data.aantal, data.toelichting
    row.gewijzigd_door, row.gewijzigd_op = by.organisatie_id, nu()
    session.add(row)
    session.flush()
    audit.record(
        session,
        by,
        "toezegging-vastgelegd",
        "toezegging",
        row.id,
        voor=voor,
        na=audit.snapshot(row),
        toelichting=data.toelichting,
    )
    return ToezeggingUit(corporatie=corp.naam, **row.model_dump())


# --- verdelingen ---------------------------------------------------------------------------


def current(session: Session, jaar: int) -> Verdeling | None:
    return session.exec(
        select(Verdeling).where(Verdeling.jaar == jaar).order_by(col(Verdeling.versie).desc())
    ).first()


def _moves(session: Session, verdeling_id: uuid.UUID) -> dict[uuid.UUID, int]:
    delta: dict[uuid.UUID, int] = defaultdict(int)
    for h in session.exec(
        select(Herverdeling).where(Herverdeling.verdeling_id == verdeling_id)
    ).all():
        delta[h.van_id] -= h.aantal
        delta[h.naar_id] += h.aantal
    return delta


def toewijzing(session: Session, v: Verdeling | None) -> dict[uuid.UUID, int]:
    """Homes per zorgaanbieder in ``v`` after its reallocations."""
    if v is None:
        return {}
    delta = _moves(session, v.id)
    regels = session.exec(select(VerdelingRegel).where(VerdelingRegel.verdeling_id == v.id)).all()
    return {r.zorgaanbieder_id: r.toegewezen + delta[r.zorgaanbieder_id] for r in regels}


def public_verdeling(session: Session, v: Verdeling, actor: Actor) -> VerdelingUit:
    namen = organisatie_namen(session)
    delta = _moves(session, v.id)
    query = select(VerdelingRegel).where(VerdelingRegel.verdeling_id == v.id)
    if actor.soort == OrganisatieSoort.zorgaanbieder:
        query = query.where(VerdelingRegel.zorgaanbieder_id == actor.organisatie_id)
    regels = []
    for r in session.exec(query).all():
        exact = Fraction(r.exact)
        regels.append(
            VerdelingRegelUit(
                zorgaanbieder_id=r.zorgaanbieder_id,
                zorgaanbieder=namen[r.zorgaanbieder_id],
                gewicht=r.gewicht,
                minimum=r.minimum,
                maximum=r.maximum,
                vast=r.vast,
                exact=(Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
                    Decimal("0.0001")
                ),
                toegewezen=r.toegewezen + delta[r.zorgaanbieder_id],
                herverdeeld=delta[r.zorgaanbieder_id],
                grens=r.grens,
                uitleg=r.uitleg,
            )
        )
    newest = current(session, v.jaar)
    return VerdelingUit(
        id=v.id,
        jaar=v.jaar,
        versie=v.versie,
        actueel=newest is not None and newest.id == v.id,
        totaal=v.totaal,
        methode=v.methode,
        reden=v.reden,
        gemaakt_door=v.gemaakt_door,
        aangemaakt_op=v.aangemaakt_op,
        regels=regels,
    )


def get_verdeling(session: Session, verdeling_id: uuid.UUID) -> Verdeling:
    v = session.get(Verdeling, verdeling_id)
    if v is None:
        raise NietGevonden("Deze verdeling bestaat niet.")
    return v


def list_verdelingen(session: Session, *, jaar: int | None) -> list[Verdeling]:
    query = select(Verdeling)
    if jaar is not None:
        query = query.where(Verdeling.jaar == jaar)
    return list(session.exec(query.order_by(col(Verdeling.jaar), col(Verdeling.versie))).all())


def _geen_zorgaanbieders(
    session: Session, aandelen: Sequence[AandeelInvoer], veld: str
) -> list[Veldfout]:
    fouten = []
    for i, a in enumerate(aandelen):
        org = session.get(Organisatie, a.zorgaanbieder_id)
        if org is None or org.soort != OrganisatieSoort.zorgaanbieder:
            fouten.append(Veldfout(f"{veld}.{i}.zorgaanbiederId", "Dit is geen zorgaanbieder."))
    return fouten


def _sleutel(aandelen: Sequence[AandeelInvoer]) -> list[contingent.Aandeel]:
    return [
        contingent.Aandeel(
            zorgaanbieder=str(a.zorgaanbieder_id),
            gewicht=a.gewicht,
            minimum=a.minimum,
            maximum=a.maximum,
            vast=a.vast,
        )
        for a in aandelen
    ]


def create_verdeling(session: Session, *, data: VerdelingInvoer, by: Actor) -> Verdeling:
    """ZOU-K2: distribute the year over the zorgaanbieders (a new version when one exists)."""
    fouten = _geen_zorgaanbieders(session, data.aandelen, "aandelen")
    totaal = data.totaal
    if totaal is None:
        totaal = session.exec(
            select(func.coalesce(func.sum(Toezegging.aantal), 0)).where(
                Toezegging.jaar == data.jaar
            )
        ).one()
        if not totaal:
            fouten.append(
                Veldfout(
                    "totaal", f"Er zijn nog geen toezeggingen voor {data.jaar}. Geef een totaal."
                )
            )
    if fouten:
        raise OngeldigeInvoer("De verdeling kan zo niet worden gemaakt.", fouten)
    try:
        uitkomst = contingent.verdeel(int(totaal), _sleutel(data.aandelen))
    except contingent.VerdeelFout as exc:
        raise OngeldigeInvoer(str(exc)) from exc
    vorige = current(session, data.jaar)
    v = Verdeling(
        jaar=data.jaar,
        versie=(vorige.versie + 1) if vorige else 1,
        totaal=uitkomst.totaal,
        methode=uitkomst.methode,
        reden=data.reden,
        gemaakt_door=by.organisatie_id,
    )
    session.add(v)
    session.flush()
    by_id = {str(a.zorgaanbieder_id): a for a in data.aandelen}
    for r in uitkomst.regels:
        a = by_id[r.zorgaanbieder]
        session.add(
            VerdelingRegel(
                verdeling_id=v.id,
                zorgaanbieder_id=a.zorgaanbieder_id,
                gewicht=str(a.gewicht),
                minimum=a.minimum,
                maximum=a.maximum,
                vast=a.vast,
                exact=str(r.exact),
                toegewezen=r.toegewezen,
                grens=r.grens,
                uitleg=r.uitleg,
            )
        )
    session.flush()
    audit.record(
        session,
        by,
        "verdeling-gemaakt",
        "verdeling",
        v.id,
        toelichting=data.reden,
        na={
            "jaar": v.jaar,
            "versie": v.versie,
            "totaal": v.totaal,
            "toewijzing": {r.zorgaanbieder: r.toegewezen for r in uitkomst.regels},
        },
    )
    return v


# --- usage ---------------------------------------------------------------------------------


def _extern_binnen(jaar: int) -> Any:
    """Externe plaatsingen that count in the contingent of ``jaar`` (ZOU-M1 with ZOU-K3)."""
    return select(ExternePlaatsing).where(
        ExternePlaatsing.binnen_contingent,
        col(ExternePlaatsing.contractdatum) >= date(jaar, 1, 1),
        col(ExternePlaatsing.contractdatum) < date(jaar + 1, 1, 1),
    )


def _tellingen(session: Session, jaar: int) -> list[contingent.Telling]:
    namen = organisatie_namen(session)
    # placements in woonroute and those reported from outside (ZOU-M1) with a known provider
    geplaatst: list[Plaatsing | ExternePlaatsing] = [
        *session.exec(
            select(Plaatsing).where(Plaatsing.binnen_contingent, Plaatsing.contingent_jaar == jaar)
        ).all(),
        *session.exec(
            _extern_binnen(jaar).where(col(ExternePlaatsing.zorgaanbieder_id).is_not(None))
        ).all(),
    ]
    tellingen = [
        contingent.Telling(
            zorgaanbieder=str(p.zorgaanbieder_id),
            corporatie=namen[p.corporatie_id],
            maand=p.contractdatum,
            gebruikt=1,
        )
        for p in geplaatst
    ]
    if jaar == vandaag().year:  # running offers will count in the year of their contract: now
        lopend = session.exec(
            select(Aanbieding)
            .outerjoin(
                Maatwerktraject, col(Maatwerktraject.id) == col(Aanbieding.maatwerktraject_id)
            )
            .where(
                col(Aanbieding.status).in_(LOPENDE_AANBIEDING),
                (col(Aanbieding.maatwerktraject_id).is_(None)) | (Maatwerktraject.contingent),
            )
        ).all()
        tellingen += [
            contingent.Telling(
                zorgaanbieder=str(a.zorgaanbieder_id),
                corporatie=namen[a.corporatie_id],
                maand=datum_van(a.aangemaakt_op),  # the Amsterdam month
                in_behandeling=1,
            )
            for a in lopend
        ]
    return tellingen


def _op_naam(
    actor: Actor, soort: OrganisatieSoort, ids: Iterable[uuid.UUID], namen: dict[uuid.UUID, str]
) -> list[uuid.UUID]:
    """The organisations ``ids`` in the order of their names; an organisation of ``soort``
    sees only its own row (a zorgaanbieder its usage, a corporatie its delivery)."""
    return [
        i
        for i in sorted(ids, key=lambda i: namen[i])
        if actor.soort != soort or i == actor.organisatie_id
    ]


def gebruik(session: Session, actor: Actor, *, jaar: int) -> list[GebruikUit]:
    namen = organisatie_namen(session)
    toew = {str(k): n for k, n in toewijzing(session, current(session, jaar)).items()}
    tellingen = _tellingen(session, jaar)
    per = contingent.gebruik_per_zorgaanbieder(toew, tellingen)
    result = []
    for zorg in _op_naam(actor, OrganisatieSoort.zorgaanbieder, map(uuid.UUID, per), namen):
        zid = str(zorg)
        g = per[zid]
        result.append(
            GebruikUit(
                zorgaanbieder_id=zorg,
                zorgaanbieder=namen[zorg],
                jaar=jaar,
                toegewezen=g.toegewezen,
                gebruikt=g.gebruikt,
                in_behandeling=g.in_behandeling,
                resterend=g.resterend,
                overgebruik=g.overgebruik,
                per_corporatie=[
                    PerCorporatie(
                        corporatie=c or "onbekend",
                        gebruikt=s.gebruikt,
                        in_behandeling=s.in_behandeling,
                    )
                    for c, s in contingent.tel_per_corporatie(tellingen, zorgaanbieder=zid).items()
                ],
                per_maand=[
                    PerMaand(maand=m, gebruikt=s.gebruikt, in_behandeling=s.in_behandeling)
                    for m, s in contingent.tel_per_maand(tellingen, zorgaanbieder=zid).items()
                ],
            )
        )
    return result


def sleutel_naast(
    session: Session, aandelen: Sequence[AandeelInvoer], jaren: Iterable[int]
) -> list[dict[str, object]]:
    """The policy lab: each year's contingent (its current verdeling) under another
    verdeelsleutel, beside the homes as distributed now and as used (ZOU-K2, ZOU-K3).
    Years without a verdeling are left out. Nothing is written."""
    fouten = _geen_zorgaanbieders(session, aandelen, "verdeelsleutel")
    if fouten:
        raise OngeldigeInvoer("De verdeelsleutel kan zo niet worden gebruikt.", fouten)
    namen = organisatie_namen(session)
    uit: list[dict[str, object]] = []
    for jaar in sorted(set(jaren)):
        v = current(session, jaar)
        if v is None:
            continue
        nu = {str(k): n for k, n in toewijzing(session, v).items()}
        try:
            voorstel = contingent.verdeel(v.totaal, _sleutel(aandelen)).toewijzing()
        except contingent.VerdeelFout as exc:
            raise OngeldigeInvoer(f"{jaar}: {exc}") from exc
        gebruik = contingent.gebruik_per_zorgaanbieder(nu, _tellingen(session, jaar))
        for zid in sorted(set(nu) | set(voorstel), key=lambda z: namen[uuid.UUID(z)]):
            uit.append(
                {
                    "jaar": jaar,
                    "zorgaanbieder": namen[uuid.UUID(zid)],
                    "nu": nu.get(zid, 0),
                    "voorstel": voorstel.get(zid, 0),
                    "gebruikt": gebruik[zid].gebruikt if zid in gebruik else 0,
                }
            )
    return uit


def gebruik_van(session: Session, zorgaanbieder_id: uuid.UUID, jaar: int) -> contingent.Gebruik:
    toew = {str(k): n for k, n in toewijzing(session, current(session, jaar)).items()}
    return contingent.gebruik_per_zorgaanbieder(toew, _tellingen(session, jaar)).get(
        str(zorgaanbieder_id),
        contingent.bereken_gebruik(0, 0, 0, zorgaanbieder=str(zorgaanbieder_id)),
    )


def herverdeel(session: Session, *, data: HerverdelingInvoer, by: Actor) -> Herverdeling:
    v = session.exec(
        select(Verdeling)
        .where(Verdeling.jaar == data.jaar)
        .order_by(col(Verdeling.versie).desc())
        .with_for_update()
    ).first()
    if v is None:
        raise Conflict(f"Er is nog geen verdeling voor {data.jaar}; maak die eerst.")
    pure = contingent.Verdeling(
        totaal=v.totaal,
        methode=contingent.als_methode(v.methode),
        regels=tuple(
            contingent.Verdeelresultaat(
                zorgaanbieder=str(z),
                exact=Fraction(0),
                toegewezen=n,
                afronding=Fraction(0),
                grens=None,
                uitleg="",
            )
            for z, n in toewijzing(session, v).items()
        ),
    )
    try:
        contingent.herverdeel(
            pure,
            str(data.van_id),
            str(data.naar_id),
            data.aantal,
            gebruik_van=gebruik_van(session, data.van_id, data.jaar),
            maximum_naar=session.exec(
                select(VerdelingRegel.maximum).where(
                    VerdelingRegel.verdeling_id == v.id,
                    VerdelingRegel.zorgaanbieder_id == data.naar_id,
                )
            ).first(),
        )
    except contingent.VerdeelFout as exc:
        namen = {str(k): n for k, n in organisatie_namen(session).items()}
        tekst = str(exc)
        for k, n in namen.items():
            tekst = tekst.replace(k, n)
        raise OngeldigeInvoer(tekst) from exc
    h = Herverdeling(
        verdeling_id=v.id,
        van_id=data.van_id,
        naar_id=data.naar_id,
        aantal=data.aantal,
        reden=data.reden,
        goedgekeurd_door=by.organisatie_id,
    )
    session.add(h)
    session.flush()
    audit.record(
        session,
        by,
        "herverdeling-goedgekeurd",
        "verdeling",
        v.id,
        toelichting=data.reden,
        na={"van": str(data.van_id), "naar": str(data.naar_id), "aantal": data.aantal},
    )
    return h


def leveringen(session: Session, actor: Actor, *, jaar: int) -> list[LeveringUit]:
    namen = organisatie_namen(session)
    toegezegd = {
        t.corporatie_id: t.aantal
        for t in session.exec(select(Toezegging).where(Toezegging.jaar == jaar))
    }
    geleverd: dict[uuid.UUID, int] = defaultdict(int)
    for corp, n in session.exec(
        select(Plaatsing.corporatie_id, func.count())
        .where(col(Plaatsing.binnen_contingent), col(Plaatsing.contingent_jaar) == jaar)
        .group_by(col(Plaatsing.corporatie_id))
    ).all():
        geleverd[corp] += n
    for e in session.exec(_extern_binnen(jaar)).all():
        geleverd[e.corporatie_id] += 1
    result = []
    for corp in _op_naam(actor, OrganisatieSoort.corporatie, set(toegezegd) | set(geleverd), namen):
        lev = contingent.bereken_levering(
            toegezegd.get(corp, 0), int(geleverd.get(corp, 0)), corporatie=str(corp)
        )
        result.append(
            LeveringUit(
                corporatie_id=corp,
                corporatie=namen[corp],
                jaar=jaar,
                toegezegd=lev.toegezegd,
                geleverd=lev.geleverd,
                tekort=lev.tekort,
                percentage=lev.percentage,
            )
        )
    return result


def on_plaatsing(session: Session, p: Plaatsing, *, binnen: bool, by: Actor) -> None:
    """ZOU-K3: count the placement in the contingent year of its contract date. Over-use does not
    block unless the region is strict; it is recorded for regiobeheer either way."""

    p.binnen_contingent = binnen
    p.contingent_jaar = contingent.contingentjaar(p.contractdatum)
    session.add(p)
    if not binnen:
        return
    # Serialise the count per year: the year's distribution row is the lock (PostgreSQL; SQLite
    # already holds the write lock), so two placements cannot both pass a strict check.
    session.exec(
        select(Verdeling.id).where(Verdeling.jaar == p.contingent_jaar).with_for_update()
    ).all()
    session.flush()
    g = gebruik_van(session, p.zorgaanbieder_id, p.contingent_jaar)
    if g.overgebruik > 0:
        naam = session.get(Organisatie, p.zorgaanbieder_id)
        tekst = (
            f"{naam.naam if naam else 'De zorgaanbieder'} gebruikt {g.gebruikt} woningen van het contingent "
            f"{p.contingent_jaar}, meer dan de {g.toegewezen} toegewezen."
        )
        if regio_van(session).termijnen.contingent_strikt:
            raise Conflict(
                tekst
                + " De regio staat geen overgebruik toe; vraag het regiobeheer om een herverdeling."
            )
        audit.record(
            session,
            by,
            "contingent-overgebruik",
            "organisatie",
            p.zorgaanbieder_id,
            toelichting=tekst,
            na={"jaar": p.contingent_jaar, "toegewezen": g.toegewezen, "gebruikt": g.gebruikt},
        )
