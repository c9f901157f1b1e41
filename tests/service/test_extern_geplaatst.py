"""ZOU-M1 with ZOU-K3: a placement made outside woonroute and reported ``binnenContingent``
counts in the provider's contingent usage and in the corporatie's delivery; when it names a
kandidaat of the list, that kandidaat is placed with the same closing as any plaatsing."""

from __future__ import annotations

from sqlmodel import select

from service.models import Gebeurtenis
from tests.service.conftest import days_ago
from tests.service.test_contingent import JAAR
from tests.service.test_contingent import org_ids
from tests.service.test_contingent import toezeg
from tests.service.test_contingent import verdeel
from tests.service.test_maatwerk import start
from tests.service.world import approve
from tests.service.world import plek_of

HVH = "het-vierde-huis"
RB = "beter-wonen"
CORP = "nabij-wonen"


def extern(api, corp=CORP, **velden):
    body = {
        "gemeente": "Zeist",
        "contractdatum": days_ago(0),
        "contractvorm": "3-partijenovereenkomst",
        **velden,
    }
    return api.as_(corp).post("/v1/externe-plaatsingen", body)


def gebruik(api, org="kwintes"):
    [g] = api.as_(org).get("/v1/contingentgebruik", params={"jaar": JAAR}).json()
    return g


def levering(api, corp=CORP):
    [lev] = api.as_(corp).get("/v1/leveringen", params={"jaar": JAAR}).json()
    return lev


def test_zou_k3_external_placement_in_the_contingent_counts_in_usage_and_delivery(api):
    """ZOU-K3 / ZOU-M1: before, an external placement with binnenContingent counted nowhere."""
    ids = org_ids(api)
    verdeel(api, ids, [("kwintes", "1", {}), ("lister", "1", {})], totaal=4)
    toezeg(api, ids, CORP, 5)
    assert extern(api, zorgaanbiederId=ids["kwintes"], binnenContingent=True).status_code == 201
    assert extern(api, zorgaanbiederId=ids["kwintes"]).status_code == 201  # outside: no count
    g = gebruik(api)
    assert (g["toegewezen"], g["gebruikt"], g["resterend"]) == (2, 1, 1)
    assert g["perCorporatie"] == [{"corporatie": "Nabij Wonen", "gebruikt": 1, "inBehandeling": 0}]
    lev = levering(api)
    assert (lev["toegezegd"], lev["geleverd"], lev["tekort"]) == (5, 1, 4)


def test_zou_m1_naming_a_kandidaat_places_them_with_the_closing_of_every_plaatsing(
    api, registreer, meld
):
    """ZOU-M1 / ZOU-P1: the named kandidaat holds an open aanbieding for a woonroute woning and
    a langwachtend signal. The external placement places them; the aanbieding lapses as
    vervallen (no decline, MATCH-E7/DRE-O3 untouched), its woning is free again and its
    voordracht refills; the signal closes; the usage counts for the kandidaat's provider."""
    ids = org_ids(api)
    verdeel(api, ids, [("kwintes", "1", {}), ("lister", "1", {})], totaal=4)
    k = registreer(aanmelddatum=days_ago(300))["id"]
    anderen = [registreer(aanmelddatum=days_ago(n))["id"] for n in (200, 150, 100)]
    assert api.as_(HVH).post("/v1/signaleringen/berekening").status_code in (200, 201)
    w = meld()
    vd = approve(api, w["voordrachtId"])
    a = api.as_(CORP).post(f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, k)})
    assert a.status_code == 201, a.text

    r = extern(api, "woongroen", kandidaatId=k, binnenContingent=True, gemeente="De Bilt")
    assert r.status_code == 201, r.text
    assert r.json()["kandidaatId"] == k and r.json()["zorgaanbieder"] == "Kwintes"

    kandidaat = api.as_("kwintes").get(f"/v1/kandidaten/{k}").json()
    assert kandidaat["status"] == "geplaatst" and kandidaat["afwijzingenEnVerlopen"] == 0
    aanbieding = api.as_(CORP).get(f"/v1/aanbiedingen/{a.json()['id']}").json()
    assert aanbieding["status"] == "vervallen"
    assert api.as_(CORP).get(f"/v1/woningen/{w['id']}").json()["status"] == "beschikbaar"
    vd = api.as_(HVH).get(f"/v1/voordrachten/{vd['id']}").json()
    plekken = {p["kandidaatId"]: p for p in vd["plekken"]}
    assert plekken[k]["status"] == "vervallen"
    actief = [p["kandidaatId"] for p in vd["plekken"] if p["status"] == "goedgekeurd"]
    nieuw = [p["kandidaatId"] for p in vd["plekken"] if p["status"] == "te-beoordelen"]
    assert sorted(actief + nieuw) == sorted(anderen)  # the place refilled with the next one
    signalen = api.as_(HVH).get(
        "/v1/signaleringen", params={"soort": "langwachtend", "status": "open"}
    )
    assert k not in {s["onderwerpId"] for s in signalen.json()["resultaten"]}
    assert gebruik(api)["gebruikt"] == 1  # the kandidaat's provider, though none was given

    # placed once: a second report naming the kandidaat is refused, nothing written
    again = extern(api, kandidaatId=k)
    assert again.status_code == 409, again.text
    assert "staat niet meer op de wachtlijst" in again.json()["detail"]
    assert api.as_(HVH).get("/v1/externe-plaatsingen").json()["totaal"] == 1


def test_zou_m1_naming_a_kandidaat_on_a_maatwerktraject_stops_the_traject(api, registreer, db):
    """ZOU-M1 / ZOU-R2: an open maatwerktraject of the placed kandidaat stops, with the reason."""
    k = registreer(doelgroep="living-lab", aanmelddatum=days_ago(40))["id"]
    t = start(api, k)
    assert t.status_code == 201, t.text
    r = extern(api, "portaal", kandidaatId=k)
    assert r.status_code == 201, r.text
    traject = api.as_(HVH).get(f"/v1/maatwerktrajecten/{t.json()['id']}").json()
    assert traject["status"] == "gestopt"
    acties = [g.actie for g in db.exec(select(Gebeurtenis).where(Gebeurtenis.object_id == k))]
    assert "kandidaat-extern-geplaatst" in acties


def test_zou_m1_file_with_an_unknown_kandidaat_or_wrong_provider_writes_nothing(api, registreer):
    """ZOU-M1 upload: every row problem at once (row and column), nothing written, nobody
    placed; the corrected file places the named kandidaat."""
    ids = org_ids(api)
    k = registreer(aanmelddatum=days_ago(40))["id"]
    kop = "gemeente;contractdatum;contractvorm;zorgaanbieder;binnen_contingent;kandidaat\n"
    rij = f"Zeist;{days_ago(0)};3-partijenovereenkomst;"
    slecht = (
        kop
        + rij
        + "lister;ja;"
        + k
        + "\n"
        + rij
        + ";ja;00000000-0000-4000-8000-000000000000\n"
        + rij
        + ";nee;geen-nummer\n"
    )

    def upload(inhoud):
        return api.client.post(
            "/v1/externe-plaatsingen/upload",
            files={"bestand": ("extern.csv", inhoud.encode(), "text/csv")},
            headers={"X-Api-Key": api.keys[CORP]},
        )

    r = upload(slecht)
    assert r.status_code == 400, r.text
    assert {p["name"] for p in r.json()["invalidParams"]} == {
        "rij 2, kolom zorgaanbieder",
        "rij 3, kolom kandidaat",
        "rij 4, kolom kandidaat",
    }
    assert api.as_("kwintes").get(f"/v1/kandidaten/{k}").json()["status"] == "wachtend"
    assert api.as_(HVH).get("/v1/externe-plaatsingen").json()["totaal"] == 0
    goed = upload(kop + rij + "kwintes;ja;" + k + "\n")
    assert goed.status_code == 201, goed.text
    assert api.as_("kwintes").get(f"/v1/kandidaten/{k}").json()["status"] == "geplaatst"
    assert ids["kwintes"] == goed.json()["plaatsingen"][0]["zorgaanbiederId"]
