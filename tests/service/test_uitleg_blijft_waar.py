"""Explanations that stay true (ZOU-M2 diagnosis, MATCH-V1 refills, MATCH-V2 read access)."""

from __future__ import annotations

from tests.service.conftest import days_ago
from tests.service.world import approve
from tests.service.world import plek_of

HVH = "het-vierde-huis"
CORP = "nabij-wonen"


def test_zou_m2_waarom_niet_names_an_approved_voordracht_and_an_open_aanbieding(
    api, registreer, meld
):
    """ZOU-M2: a kandidaat on an approved voordracht, or with an open aanbieding, is told so,
    not "anderen gingen voor"."""
    k = registreer(aanmelddatum=days_ago(300))["id"]
    vd = approve(api, meld()["voordrachtId"])
    w = api.as_(HVH).get(f"/v1/kandidaten/{k}/waarom-niet").json()
    assert "plek 1 van een goedgekeurde voordracht" in w["bindendeBeperking"]
    assert "gingen voor" not in w["bindendeBeperking"]
    # the langwachtend signal carries the same diagnosis (ZOU-M2)
    assert api.as_(HVH).post("/v1/signaleringen/berekening").status_code in (200, 201)
    [s] = (
        api.as_(HVH).get("/v1/signaleringen", params={"soort": "langwachtend"}).json()["resultaten"]
    )
    assert "plek 1 van een goedgekeurde voordracht" in s["diagnose"]["bindendeBeperking"]
    api.as_(CORP).post(f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, k)})
    w = api.as_("kwintes").get(f"/v1/kandidaten/{k}/waarom-niet").json()
    assert w["bindendeBeperking"].startswith("De kandidaat heeft nu een aanbieding voor Slotlaan")


def test_match_v2_corporatie_keeps_reading_a_voordracht_it_chose_from_after_it_closes(
    api, registreer, meld
):
    k = registreer(aanmelddatum=days_ago(300))["id"]
    w = meld()
    vd = approve(api, w["voordrachtId"])
    a = api.as_(CORP).post(f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, k)})
    assert a.status_code == 201
    r = api.as_("kwintes").post(
        f"/v1/aanbiedingen/{a.json()['id']}/antwoord", {"besluit": "afwijzen", "reden": "locatie"}
    )
    assert r.status_code == 201
    r = api.as_(CORP).post(f"/v1/woningen/{w['id']}/intrekking", {"reden": "Verkocht"})
    assert r.status_code == 201, r.text
    gelezen = api.as_(CORP).get(f"/v1/voordrachten/{vd['id']}")
    assert gelezen.status_code == 200 and gelezen.json()["status"] == "gesloten"
    # another corporatie still cannot read it
    assert api.as_("woongroen").get(f"/v1/voordrachten/{vd['id']}").status_code == 404


def test_match_v1_after_a_strike_every_place_explains_its_current_place(api, registreer, meld):
    """MATCH-V1: after a strike and refill, the explanation of every active place names the
    place it holds now (not the place it had before the strike)."""
    a, b, c, d = (registreer(aanmelddatum=days_ago(n))["id"] for n in (400, 300, 200, 100))
    vd_id = meld()["voordrachtId"]
    vd = api.as_(HVH).get(f"/v1/voordrachten/{vd_id}").json()
    assert [p["kandidaatId"] for p in vd["plekken"]] == [a, b, c]
    r = api.as_(HVH).post(
        f"/v1/voordrachten/{vd_id}/beoordeling",
        {"besluit": "schrappen", "plekId": plek_of(vd, b), "reden": "Past niet"},
    )
    assert r.status_code == 201, r.text
    vd = api.as_(HVH).get(f"/v1/voordrachten/{vd_id}").json()
    actief = [p for p in vd["plekken"] if p["status"] in ("te-beoordelen", "goedgekeurd")]
    assert [(p["kandidaatId"], p["positie"]) for p in actief] == [(a, 1), (c, 2), (d, 3)]
    for p in actief:
        assert p["uitleg"]["waaromDezePlek"].startswith(f"Plek {p['positie']}:")
    assert vd["uitleg"]["gevonden"] == 3


def test_match_v1_inactive_places_keep_their_own_position_history(api, registreer, meld, db):
    """MATCH-V1: after strikes and refills the active places are 1..n, each explained as it now
    stands; a struck place keeps the last position it held and its own history, which may share
    a number with an active place (the database keeps positions unique among active places only,
    and refuses two active places on one position)."""
    import uuid

    import pytest
    from sqlalchemy.exc import IntegrityError

    from service.models import Voordrachtplek

    a, b, c, d, e = (registreer(aanmelddatum=days_ago(n))["id"] for n in (500, 400, 300, 200, 100))
    vd_id = meld()["voordrachtId"]
    for weg in (a, c):  # strike place 1, then (after the refill) the new place 2
        vd = api.as_(HVH).get(f"/v1/voordrachten/{vd_id}").json()
        r = api.as_(HVH).post(
            f"/v1/voordrachten/{vd_id}/beoordeling",
            {"besluit": "schrappen", "plekId": plek_of(vd, weg), "reden": "Past niet"},
        )
        assert r.status_code == 201, r.text
    vd = api.as_(HVH).get(f"/v1/voordrachten/{vd_id}").json()
    plekken = {p["kandidaatId"]: p for p in vd["plekken"]}
    actief = sorted(
        (p for p in vd["plekken"] if p["status"] == "te-beoordelen"), key=lambda p: p["positie"]
    )
    assert [(p["kandidaatId"], p["positie"]) for p in actief] == [(b, 1), (d, 2), (e, 3)]
    for p in actief:
        assert p["uitleg"]["waaromDezePlek"].startswith(f"Plek {p['positie']}:")
    # b moved up from 2 to 1 after a's strike: both positions are in its history
    assert [h["positie"] for h in plekken[b]["positiehistorie"]] == [2, 1]
    # struck places keep where they were: a on 1 (as b is now), c on 2 (as d is now)
    assert (plekken[a]["status"], plekken[a]["positie"]) == ("geschrapt", 1)
    assert [h["positie"] for h in plekken[a]["positiehistorie"]] == [1]
    assert (plekken[c]["status"], plekken[c]["positie"]) == ("geschrapt", 2)
    assert [h["positie"] for h in plekken[c]["positiehistorie"]] == [3, 2]
    # two active places on one position: refused by the database itself
    rij = db.get(Voordrachtplek, uuid.UUID(plekken[e]["id"]))
    rij.positie = 1
    db.add(rij)
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()
