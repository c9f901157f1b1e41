"""Use cases for kandidaten: register, read (own only), change, change status.

Object-level access lives in the query: a zorgaanbieder only ever selects its own
kandidaten; the bemiddelaar selects all. Every change writes the audit trail.
"""

from __future__ import annotations

import base64
import functools
import uuid
from collections.abc import Callable
from collections.abc import Sequence
from datetime import date
from datetime import timedelta
from typing import Any
from typing import Literal

from pydantic.alias_generators import to_camel
from sqlalchemy import Date
from sqlalchemy import Integer
from sqlalchemy import bindparam
from sqlalchemy import false
from sqlalchemy import func
from sqlalchemy import select as core_select
from sqlalchemy import true
from sqlalchemy import tuple_
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import delete
from sqlmodel import select

from service import audit
from service import zichtbaar
from service.auth import Actor
from service.clock import nu
from service.clock import vandaag
from service.errors import Conflict
from service.errors import NietGevonden
from service.errors import OngeldigeInvoer
from service.errors import Veldfout
from service.errors import Verboden
from service.json_sql import JsonSql
from service.kandidaten.schemas import AanmelddatumCorrectie
from service.kandidaten.schemas import Behoeften
from service.kandidaten.schemas import Casushouder
from service.kandidaten.schemas import Huishouden
from service.kandidaten.schemas import KandidaatInvoer
from service.kandidaten.schemas import KandidaatUit
from service.kandidaten.schemas import KandidaatWijziging
from service.kandidaten.schemas import Statuswijziging
from service.kandidaten.schemas import VerzoekAfwijzing
from service.levensloop import overgangen
from service.levensloop import toestanden
from service.models import AanmelddatumWijziging
from service.models import Doelgroep
from service.models import Gemeentevoorkeur
from service.models import Kandidaat
from service.models import KandidaatRoute
from service.models import KandidaatStatus
from service.models import Organisatie
from service.models import OrganisatieSoort
from service.models import SignaleringSoort
from service.models.types import tabel
from service.queries import voorkeuren
from service.regio import regio_van
from service.schemas import Paging
from service.signaleringen.actions import open_signaal
from service.signaleringen.actions import sluit_signalen
from service.signaleringen.actions import verzoek_oorzaak

#: ZOU-T1: the default casushouder per doelgroep.
CASUSHOUDER_ROL: dict[Doelgroep, str] = {
    Doelgroep.ambulante_begeleiding: "ambulante aanbieder (kan per gemeente verschillen)",
    Doelgroep.beschermd_thuis: "aanbieder beschermd wonen, tot overdracht aan sociaal team of ambulante aanbieder",
    Doelgroep.living_lab: "aanbieder maatschappelijke opvang, tot overdracht",
    Doelgroep.wlz_ambulant: "Wlz-aanbieder, tot overdracht",
    Doelgroep.regulier_ontraden: "geen; zo mogelijk overgedragen aan het sociaal team",
    Doelgroep.regulier_zonder_urgentie: "aanbieder BW/MO/Wlz, tot overdracht",
    Doelgroep.uitstroom_zvw: "GGZ-aanbieder (tenzij overgedragen), tot overdracht",
    Doelgroep.forensische_zorg: "FZ-aanbieder (tenzij overgedragen), tot overdracht",
}


def default_route(doelgroep: Doelgroep) -> KandidaatRoute:
    """Living Lab has special criteria and goes through maatwerk (ZOU-R2)."""
    return (
        KandidaatRoute.maatwerk
        if doelgroep == Doelgroep.living_lab
        else KandidaatRoute.omgekeerde_plaatsing
    )


def _visible(query: Any, actor: Actor) -> Any:
    return query.where(_zichtbaar(actor.soort, actor.organisatie_id))


def _zichtbaar(soort: OrganisatieSoort, eigen: Any) -> Any:
    """Which kandidaten an organisation of ``soort`` sees: a zorgaanbieder its own (``eigen``,
    its id or a bound parameter), the bemiddelaar everyone, nobody else anyone."""
    if soort == OrganisatieSoort.zorgaanbieder:
        return col(Kandidaat.zorgaanbieder_id) == eigen
    if soort == OrganisatieSoort.bemiddelaar:
        return true()
    return false()  # nobody else sees kandidaten


#: The scoped query, for readers outside this module (the web pages' search).
visible = _visible


def get_kandidaat(
    session: Session, kandidaat_id: uuid.UUID, actor: Actor, *, for_update: bool = False
) -> Kandidaat:
    return zichtbaar.een(
        session,
        Kandidaat,
        kandidaat_id,
        _visible,
        actor,
        melding="Deze kandidaat bestaat niet, of u mag deze kandidaat niet zien.",
        for_update=for_update,
    )


#: The registration's own columns, named alike in the table and in ``KandidaatGegevens``.
_VLAKKE_GEGEVENS = (
    "voornaam",
    "achternaam",
    "geboortedatum",
    "doelgroep",
    "aanmelddatum",
    "jaarinkomen",
    "gereed_verklaard",
    "begeleiding_akkoord",
    "route",
    "status",
)

#: The nested parts of ``KandidaatGegevens``: (field, the column prefix, the part's fields).
_DELEN = tuple(
    (veld, voorvoegsel, tuple(model.model_fields))
    for veld, voorvoegsel, model in (
        ("casushouder", "casushouder_", Casushouder),
        ("huishouden", "", Huishouden),
        ("behoeften", "", Behoeften),
    )
)


def gegevens(k: Any) -> dict[str, Any]:
    """The fields of ``KandidaatGegevens`` that a kandidaat's own columns give, from a row or
    anything with the same attribute names (an import's row of values). The nested parts are
    plain dicts: the model validates them in one go (pydantic-core)."""
    uit = {veld: getattr(k, veld) for veld in _VLAKKE_GEGEVENS}
    for veld, voorvoegsel, velden in _DELEN:
        uit[veld] = {v: getattr(k, voorvoegsel + v) for v in velden}
    return uit


def to_public(k: Kandidaat, gemeenten: list[str], zorgaanbieder_naam: str) -> KandidaatUit:
    uit = gegevens(k)
    uit.update(
        id=k.id,
        zorgaanbieder={"id": k.zorgaanbieder_id, "naam": zorgaanbieder_naam},
        gemeentevoorkeuren=gemeenten,
        wachttijd_dagen=max(0, (vandaag() - k.aanmelddatum).days),
        status_reden=k.status_reden,
        status_toelichting=k.status_toelichting,
        aanmelddatum_herkomst=k.aanmelddatum_herkomst or None,
        afwijzingen_en_verlopen=k.afwijzingen_en_verlopen,
        aangemaakt_op=k.aangemaakt_op,
        gewijzigd_op=k.gewijzigd_op,
    )
    return KandidaatUit.model_validate(uit)


def public(session: Session, k: Kandidaat) -> KandidaatUit:
    naam = session.exec(select(Organisatie.naam).where(Organisatie.id == k.zorgaanbieder_id)).one()
    return to_public(k, voorkeuren(session, [k.id])[k.id], naam)


def _cursor(k: Kandidaat | Any) -> str:
    """An opaque position in the waiting order (aanmelddatum, volgnummer, id: MATCH-K3)."""
    tekst = f"{k.aanmelddatum.isoformat()}|{k.volgnummer}|{k.id.hex}"
    return base64.urlsafe_b64encode(tekst.encode()).decode().rstrip("=")


def _positie(vanaf: str) -> tuple[date, int, uuid.UUID]:
    try:
        tekst = base64.urlsafe_b64decode(vanaf + "=" * (-len(vanaf) % 4)).decode()
        dag, nummer, kid = tekst.split("|")
        return date.fromisoformat(dag), int(nummer), uuid.UUID(hex=kid)
    except (ValueError, UnicodeDecodeError) as exc:
        raise OngeldigeInvoer(
            "De vervolgpagina bestaat niet.",
            [
                Veldfout(
                    "vanaf",
                    "Gebruik de waarde van 'volgende' uit de vorige pagina.",
                    "ongeldige-cursor",
                )
            ],
        ) from exc


def list_kandidaten(
    session: Session,
    actor: Actor,
    *,
    status: KandidaatStatus | None,
    gemeente: str | None,
    paging: Paging,
    vanaf: str | None = None,
    met_totaal: bool = False,
    getoond: Callable[[list[uuid.UUID]], object] | None = None,
) -> tuple[list[str], int | None, str | None]:
    """One page of the waiting list in waiting order, each kandidaat as the JSON text of
    ``KandidaatUit``; the total when asked for, and the cursor of the next page. With ``vanaf``
    (a cursor) the page is read by keyset from the index ``ix_kandidaat_wachtvolgorde``: a deep
    page costs what the first costs. ``getoond`` gets the ids of the page's kandidaten as soon
    as they are read (the read log is then written while the page is built).

    One statement, built once per shape of request with its values bound (``_lijst``); the
    database writes each kandidaat's JSON (``service.json_sql``) in the shape ``public()``
    gives. A test compares the page byte for byte with ``public()`` of each kandidaat."""
    conn = session.connection()
    dialect = conn.dialect.name
    params: dict[str, Any] = {"eigen": actor.organisatie_id, "status": status, "gemeente": gemeente}
    vorm = (actor.soort, status is not None, gemeente is not None)
    totaal = (
        conn.execute(_lijst(*vorm, "totaal", dialect), params).scalar_one() if met_totaal else None
    )
    if vanaf is not None:
        params.update(zip(("na_0", "na_1", "na_2"), _positie(vanaf), strict=True))
    else:
        params["offset"] = paging.offset
    params["grootte"] = paging.pagina_grootte + 1
    params["peildatum"] = vandaag()
    rows = conn.execute(_lijst(*vorm, "keyset" if vanaf else "offset", dialect), params).all()
    volgende = _cursor(rows[-2]) if len(rows) > paging.pagina_grootte else None
    rows = rows[: paging.pagina_grootte]
    if getoond is not None:
        getoond([k.id for k in rows])
    return [k.json for k in rows], totaal, volgende


@functools.cache
def _lijst(
    soort: OrganisatieSoort,
    met_status: bool,
    met_gemeente: bool,
    vorm: Literal["offset", "keyset", "totaal"],
    dialect: str,
) -> Any:
    """The list's statement for one shape of request, with its values as bound parameters
    (``eigen``, ``status``, ``gemeente``; ``offset`` or ``na_0..2``; ``grootte``,
    ``peildatum``): built and compiled once, not at every request."""
    kt = tabel(Kandidaat)
    volgorde = (kt.c.aanmelddatum, kt.c.volgnummer, kt.c.id)
    if vorm == "totaal":
        query: Any = core_select(func.count()).select_from(kt)
    else:
        ot = tabel(Organisatie)
        query = core_select(
            _kandidaat_json(JsonSql(dialect, (kt, ot)), kt, ot).label("json"), *volgorde
        ).join(ot, ot.c.id == kt.c.zorgaanbieder_id)
    query = query.where(_zichtbaar(soort, bindparam("eigen", type_=kt.c.zorgaanbieder_id.type)))
    if met_status:
        query = query.where(kt.c.status == bindparam("status", type_=kt.c.status.type))
    if met_gemeente:
        gv = tabel(Gemeentevoorkeur)
        query = query.where(
            kt.c.id.in_(
                core_select(gv.c.kandidaat_id).where(gv.c.gemeente == bindparam("gemeente"))
            )
        )
    if vorm == "totaal":
        return query
    if vorm == "keyset":
        query = query.where(
            tuple_(*volgorde)
            > tuple_(*(bindparam(f"na_{i}", type_=c.type) for i, c in enumerate(volgorde)))
        )
    else:
        query = query.offset(bindparam("offset", type_=Integer))
    return query.order_by(*volgorde).limit(bindparam("grootte", type_=Integer))


def _kandidaat_json(js: JsonSql, kt: Any, ot: Any) -> Any:
    """``KandidaatUit`` of the row as JSON text, written by the database; its keys in the
    model's order (a field the model gains and this does not give fails here, at the first
    list statement)."""
    gv = tabel(Gemeentevoorkeur).alias("gv_json")
    waarden: dict[str, Any] = {veld: js.waarde(kt.c[veld]) for veld in _VLAKKE_GEGEVENS}
    for veld, voorvoegsel, velden in _DELEN:
        waarden[veld] = js.object((to_camel(v), js.waarde(kt.c[voorvoegsel + v])) for v in velden)
    waarden.update(
        zorgaanbieder=js.object(
            [("id", js.waarde(kt.c.zorgaanbieder_id)), ("naam", js.waarde(ot.c.naam))]
        ),
        gemeentevoorkeuren=js.lijst(gv.c.gemeente, gv.c.kandidaat_id == kt.c.id, gv.c.rangorde),
        id=js.waarde(kt.c.id),
        wachttijd_dagen=js.dagen_sinds(bindparam("peildatum", type_=Date), kt.c.aanmelddatum),
        aanmelddatum_herkomst=func.nullif(kt.c.aanmelddatum_herkomst, ""),
        **{
            veld: js.waarde(kt.c[veld])
            for veld in (
                "status_reden",
                "status_toelichting",
                "afwijzingen_en_verlopen",
                "aangemaakt_op",
                "gewijzigd_op",
            )
        },
    )
    return js.tekst(
        js.object((to_camel(veld), waarden[veld]) for veld in KandidaatUit.model_fields)
    )


def voorkeur_rijen(
    kandidaat_id: uuid.UUID,
    gemeenten: Sequence[str],
    *,
    aanmelddatum: Any,
    volgnummer: int,
    pool: bool,
) -> list[dict[str, Any]]:
    """The ``gemeentevoorkeur`` rows of one kandidaat, with the ranking copies the partial index
    serves (MATCH-K1..K3). The one recipe for the API, the import and the benchmarks."""
    return [
        {
            "kandidaat_id": kandidaat_id,
            "rangorde": i,
            "gemeente": gemeente,
            "rangklasse": 0 if i == 1 else 1,
            "aanmelddatum": aanmelddatum,
            "volgnummer": volgnummer,
            "in_pool": pool,
        }
        for i, gemeente in enumerate(gemeenten, start=1)
    ]


def _write_voorkeuren(session: Session, k: Kandidaat, gemeenten: list[str]) -> None:
    session.exec(delete(Gemeentevoorkeur).where(col(Gemeentevoorkeur.kandidaat_id) == k.id))
    if k.volgnummer is None:  # a new kandidaat: the database gives the number at the INSERT
        session.flush()
    assert k.volgnummer is not None
    for row in voorkeur_rijen(
        k.id,
        gemeenten,
        aanmelddatum=k.aanmelddatum,
        volgnummer=k.volgnummer,
        pool=toestanden.in_pool(k),
    ):
        session.add(Gemeentevoorkeur(**row))


def _apply(
    k: Kandidaat, data: KandidaatInvoer | KandidaatWijziging, *, organisatie_naam: str
) -> None:
    fields = data.model_dump(exclude_unset=True)
    for simple in (
        "voornaam",
        "achternaam",
        "geboortedatum",
        "jaarinkomen",
        "gereed_verklaard",
        "begeleiding_akkoord",
        "aanmelddatum",
    ):
        if simple in fields:
            setattr(k, simple, fields[simple])
    if data.doelgroep is not None:
        k.doelgroep = data.doelgroep
        k.casushouder_rol = CASUSHOUDER_ROL[data.doelgroep]
    if data.casushouder is not None:
        c = data.casushouder
        default_org = None if k.doelgroep == Doelgroep.regulier_ontraden else organisatie_naam
        k.casushouder_organisatie = c.organisatie or default_org
        k.casushouder_naam, k.casushouder_telefoon = c.naam, c.telefoon
        k.casushouder_email = str(c.email) if c.email else None
    if data.huishouden is not None:
        k.volwassenen, k.kinderen = data.huishouden.volwassenen, data.huishouden.kinderen
    if data.behoeften is not None:
        b = data.behoeften
        k.rolstoel, k.trapvrij = b.rolstoel, b.trapvrij
        k.hoogste_verdieping, k.minimum_kamers = b.hoogste_verdieping, b.minimum_kamers
    if data.route is not None:
        k.route = data.route


def kandidaat_rij(data: KandidaatInvoer, by: Actor) -> Kandidaat:
    """The new kandidaat's row, not yet added to a session."""
    k = Kandidaat(
        zorgaanbieder_id=by.organisatie_id,
        voornaam=data.voornaam,
        achternaam=data.achternaam,
        geboortedatum=data.geboortedatum,
        doelgroep=data.doelgroep,
        casushouder_rol=CASUSHOUDER_ROL[data.doelgroep],
        aanmelddatum=data.aanmelddatum or vandaag(),
        volwassenen=data.huishouden.volwassenen,
        kinderen=data.huishouden.kinderen,
        jaarinkomen=data.jaarinkomen,
        route=data.route or default_route(data.doelgroep),
        gereed_verklaard=data.gereed_verklaard,
        begeleiding_akkoord=data.begeleiding_akkoord,
    )
    _apply(k, data.model_copy(update={"casushouder": data.casushouder}), organisatie_naam=by.naam)
    k.aanmelddatum = data.aanmelddatum or vandaag()
    return k


def create_kandidaat(session: Session, *, data: KandidaatInvoer, by: Actor) -> Kandidaat:
    k = kandidaat_rij(data, by)
    if data.aanmelddatum_herkomst is not None:
        h = data.aanmelddatum_herkomst
        k.aanmelddatum_herkomst = h.soort
        k.aanmelddatum_herkomst_datum = h.datum
        k.aanmelddatum_herkomst_toelichting = h.toelichting
    session.add(k)
    session.flush()
    _write_voorkeuren(session, k, data.gemeentevoorkeuren)
    session.flush()
    audit.record(session, by, "kandidaat-aangemeld", "kandidaat", k.id, na=audit.snapshot(k))
    return k


def check_aanmelddatum(session: Session, data: KandidaatInvoer, by: Actor) -> None:
    """The waiting date belongs to the region: a registration through the API or the pages may
    date back only with a documented origin, and a zorgaanbieder only within the region's window
    (``aanmelddatum_venster_dagen``). Earlier dates: a correction by the bemiddelaar, or the
    bulk import. Every problem is reported at once."""
    today = vandaag()
    datum = data.aanmelddatum or today
    fouten: list[Veldfout] = []
    if datum < today and data.aanmelddatum_herkomst is None:
        fouten.append(
            Veldfout(
                "aanmelddatumHerkomst",
                "Bij een aanmelddatum voor vandaag hoort een herkomst: waar de datum vandaan "
                "komt (bijvoorbeeld overgenomen van de vorige wachtlijst), de datum van dat stuk "
                "en een toelichting.",
            )
        )
    venster = regio_van(session).termijnen.aanmelddatum_venster_dagen
    grens = today - timedelta(days=venster)
    if by.soort == OrganisatieSoort.zorgaanbieder and datum < grens:
        fouten.append(
            Veldfout(
                "aanmelddatum",
                f"Een zorgaanbieder kan de aanmelddatum hoogstens {venster} dagen terugzetten "
                f"(tot {grens.strftime('%d-%m-%Y')}). Meld de kandidaat aan en vraag Het Vierde "
                "Huis om een correctie van de aanmelddatum.",
            )
        )
    if fouten:
        raise OngeldigeInvoer("De aanmelddatum kan zo niet worden vastgelegd.", fouten)


def wijzigingen_aanmelddatum(session: Session, k: Kandidaat) -> list[AanmelddatumWijziging]:
    return list(
        session.exec(
            select(AanmelddatumWijziging)
            .where(AanmelddatumWijziging.kandidaat_id == k.id)
            .order_by(col(AanmelddatumWijziging.aangemaakt_op))
        ).all()
    )


def _wijziging(
    k: Kandidaat, data: AanmelddatumCorrectie, by: Actor, *, soort: str, status: str
) -> AanmelddatumWijziging:
    """A correction (done) or a request for one (open), from the date as it stands now."""
    return AanmelddatumWijziging(
        kandidaat_id=k.id,
        soort=soort,
        van=k.aanmelddatum,
        naar=data.aanmelddatum,
        reden=data.reden,
        organisatie_id=by.organisatie_id,
        status=status,
    )


def correct_aanmelddatum(
    session: Session, *, kandidaat_id: uuid.UUID, data: AanmelddatumCorrectie, by: Actor
) -> AanmelddatumWijziging:
    """Only the bemiddelaar changes an aanmelddatum, with a reason: audit trail and history.
    Open correction requests for this kandidaat are closed by it."""
    k = get_kandidaat(session, kandidaat_id, by, for_update=True)
    if k.status in (KandidaatStatus.geplaatst, KandidaatStatus.uitgeschreven):
        raise Conflict(f"Een kandidaat met status {k.status} kan niet meer worden gewijzigd.")
    w = _wijziging(k, data, by, soort="correctie", status="uitgevoerd")
    session.add(w)
    for verzoek in open_verzoeken(session, k.id):
        # the request for exactly this date is granted; any other is settled by it
        status = "goedgekeurd" if verzoek.naar == data.aanmelddatum else "afgehandeld"
        _beantwoord(session, verzoek, status, data.reden, by)
    voor = audit.snapshot(k)
    k.aanmelddatum = data.aanmelddatum
    k.gewijzigd_op = nu()
    session.add(k)
    overgangen.sync_pool(session, k)
    audit.record(
        session,
        by,
        "aanmelddatum-gecorrigeerd",
        "kandidaat",
        k.id,
        voor=voor,
        na=audit.snapshot(k),
        toelichting=data.reden,
    )
    session.flush()
    return w


def open_verzoeken(session: Session, kandidaat_id: uuid.UUID) -> list[AanmelddatumWijziging]:
    return list(
        session.exec(
            select(AanmelddatumWijziging).where(
                AanmelddatumWijziging.kandidaat_id == kandidaat_id,
                AanmelddatumWijziging.soort == "verzoek",
                AanmelddatumWijziging.status == "open",
            )
        ).all()
    )


def _beantwoord(
    session: Session, verzoek: AanmelddatumWijziging, status: str, tekst: str, by: Actor
) -> None:
    verzoek.status = status
    verzoek.afhandeling = tekst
    verzoek.afgehandeld_op = nu()
    session.add(verzoek)
    notitie = {
        "goedgekeurd": "Verzoek goedgekeurd: de aanmelddatum is gecorrigeerd.",
        "afgewezen": f"Verzoek afgewezen: {tekst}",
    }.get(status, "Afgehandeld met een correctie van de aanmelddatum.")
    sluit_signalen(session, SignaleringSoort.aanmelddatum_correctie, verzoek.id, notitie, by)


def get_verzoek(
    session: Session, kandidaat_id: uuid.UUID, verzoek_id: uuid.UUID, by: Actor
) -> tuple[Kandidaat, AanmelddatumWijziging]:
    """A correction request of a kandidaat the caller may see (else 404, like the kandidaat)."""
    k = get_kandidaat(session, kandidaat_id, by, for_update=True)
    w = session.get(AanmelddatumWijziging, verzoek_id)
    if w is None or w.kandidaat_id != k.id or w.soort != "verzoek":
        raise NietGevonden("Dit verzoek bestaat niet, of hoort niet bij deze kandidaat.")
    return k, w


def approve_correctie(
    session: Session, *, kandidaat_id: uuid.UUID, verzoek_id: uuid.UUID, by: Actor
) -> AanmelddatumWijziging:
    """The bemiddelaar grants a zorgaanbieder's request: the requested date is applied as a
    correction (``correct_aanmelddatum``), with the request's reason."""
    _k, w = get_verzoek(session, kandidaat_id, verzoek_id, by)
    if w.status != "open":
        raise Conflict("Dit verzoek is al beantwoord.")
    data = AanmelddatumCorrectie(
        aanmelddatum=w.naar, reden=f"Verzoek van de zorgaanbieder goedgekeurd: {w.reden}"[:1000]
    )
    return correct_aanmelddatum(session, kandidaat_id=kandidaat_id, data=data, by=by)


def reject_correctie(
    session: Session,
    *,
    kandidaat_id: uuid.UUID,
    verzoek_id: uuid.UUID,
    data: VerzoekAfwijzing,
    by: Actor,
) -> AanmelddatumWijziging:
    """The bemiddelaar turns a request down, with a reason the zorgaanbieder reads; the
    aanmelddatum stays as it is."""
    k, w = get_verzoek(session, kandidaat_id, verzoek_id, by)
    if w.status != "open":
        raise Conflict("Dit verzoek is al beantwoord.")
    _beantwoord(session, w, "afgewezen", data.reden, by)
    audit.record(
        session,
        by,
        "aanmelddatum-correctie-afgewezen",
        "kandidaat",
        k.id,
        toelichting=data.reden,
        na={"verzoek": str(w.id), "naar": w.naar.isoformat()},
    )
    session.flush()
    return w


def request_correctie(
    session: Session, *, kandidaat_id: uuid.UUID, data: AanmelddatumCorrectie, by: Actor
) -> AanmelddatumWijziging:
    """A zorgaanbieder asks the bemiddelaar to correct an aanmelddatum: a signalering."""
    k = get_kandidaat(session, kandidaat_id, by)
    w = _wijziging(k, data, by, soort="verzoek", status="open")
    session.add(w)
    session.flush()
    audit.record(
        session,
        by,
        "aanmelddatum-correctie-gevraagd",
        "kandidaat",
        k.id,
        toelichting=data.reden,
        na={"van": k.aanmelddatum.isoformat(), "naar": data.aanmelddatum.isoformat()},
    )
    open_signaal(session, verzoek_oorzaak(session, w, k), by=by)
    return w


def update_kandidaat(
    session: Session, *, kandidaat_id: uuid.UUID, data: KandidaatWijziging, by: Actor
) -> Kandidaat:
    k = get_kandidaat(session, kandidaat_id, by, for_update=True)
    if k.status in (KandidaatStatus.geplaatst, KandidaatStatus.uitgeschreven):
        raise Conflict(f"Een kandidaat met status {k.status} kan niet meer worden gewijzigd.")
    if by.soort == OrganisatieSoort.bemiddelaar:
        niet_route = set(data.model_dump(exclude_unset=True)) - {"route"}
        if niet_route:
            # The request is valid; this kind may not change these fields: 403, as for any
            # other step a kind may not take.
            velden = ", ".join(sorted(to_camel(n) for n in niet_route))
            raise Verboden(
                "Het Vierde Huis kan alleen de route wijzigen; de rest wijzigt de zorgaanbieder "
                f"(niet: {velden})."
            )
    voor = audit.snapshot(k)
    voor_prefs = voorkeuren(session, [k.id])[k.id]
    naam = session.exec(select(Organisatie.naam).where(Organisatie.id == k.zorgaanbieder_id)).one()
    _apply(k, data, organisatie_naam=naam)
    k.gewijzigd_op = nu()
    session.add(k)
    session.flush()
    if data.gemeentevoorkeuren is not None and data.gemeentevoorkeuren != voor_prefs:
        _write_voorkeuren(session, k, data.gemeentevoorkeuren)
    overgangen.sync_pool(session, k)
    na = audit.snapshot(k)
    if voor is not None and na is not None:
        voor["gemeentevoorkeuren"], na["gemeentevoorkeuren"] = (
            voor_prefs,
            data.gemeentevoorkeuren or voor_prefs,
        )
    audit.record(session, by, "kandidaat-gewijzigd", "kandidaat", k.id, voor=voor, na=na)
    overgangen.na_poolwijziging(session, k, by, "De gegevens van de kandidaat zijn gewijzigd.")
    return k


def change_status(
    session: Session, *, kandidaat_id: uuid.UUID, data: Statuswijziging, by: Actor
) -> Kandidaat:
    k = get_kandidaat(session, kandidaat_id, by, for_update=True)
    overgangen.wijzig_status(
        session,
        k,
        data.status,
        reden=data.reden,
        toelichting=data.toelichting,
        by=by,
    )
    return k
