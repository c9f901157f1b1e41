"""The kandidaten page for the bemiddelaar (issue 12): search by name or code, filters, sortable
columns, numbered pages; a zorgaanbieder finds only its own."""

from __future__ import annotations

import re
import uuid

from service.web.zoeken import code
from service.web.zoeken import paginanummers
from tests.service.conftest import days_ago
from tests.service.test_web_bemiddelaar_corporatie import HVH  # noqa: F401
from tests.service.test_web_bemiddelaar_corporatie import als  # noqa: F401
from tests.service.test_web_bemiddelaar_corporatie import voordracht  # noqa: F401


def namen(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/werk/kandidaten/[^"]+">([^<]+)</a>', html)


def test_search_by_name_or_code_and_filter(als, registreer):  # noqa: F811
    a = registreer(voornaam="Ada", achternaam="Lovelace", aanmelddatum=days_ago(500))
    registreer(voornaam="Bert", achternaam="Haanstra", aanmelddatum=days_ago(40))
    registreer("lister", voornaam="Cor", achternaam="Lovink", aanmelddatum=days_ago(200))
    hvh = als(HVH)
    assert sorted(namen(hvh.get("/werk/kandidaten", params={"zoek": "lov"}).text)) == [
        "Ada Lovelace",
        "Cor Lovink",
    ]
    bij_code = hvh.get("/werk/kandidaten", params={"zoek": code(uuid.UUID(a["id"]))})
    assert namen(bij_code.text) == ["Ada Lovelace"]
    assert code(uuid.UUID(a["id"])) in bij_code.text  # the code column
    # waiting-time class: 12-24 months
    assert namen(hvh.get("/werk/kandidaten", params={"wachttijd": "12-24"}).text) == [
        "Ada Lovelace"
    ]
    # zorgaanbieder filter (bemiddelaar only)
    orgs = re.findall(r'<option value="([^"]+)">Lister</option>', hvh.get("/werk/kandidaten").text)
    assert orgs
    assert namen(hvh.get("/werk/kandidaten", params={"zorgaanbieder": orgs[0]}).text) == [
        "Cor Lovink"
    ]
    # a zorgaanbieder searches its own only, and gets no zorgaanbieder filter
    zorg = als("kwintes").get("/werk/kandidaten", params={"zoek": "lov"}).text
    assert namen(zorg) == ["Ada Lovelace"] and 'name="zorgaanbieder"' not in zorg


def test_sortable_columns_and_numbered_pages(als, registreer):  # noqa: F811
    for i, naam in enumerate(["Mees", "Anton", "Zoe"]):
        registreer(voornaam=naam, achternaam="Test", aanmelddatum=days_ago(100 + i))
    hvh = als(HVH)
    html = hvh.get("/werk/kandidaten").text
    assert namen(html) == ["Zoe Test", "Anton Test", "Mees Test"]  # longest waiting first
    assert 'aria-sort="ascending"' in html
    op_naam = hvh.get("/werk/kandidaten", params={"sorteer": "naam"}).text
    assert [n.split()[0] for n in namen(op_naam)] == ["Anton", "Mees", "Zoe"]
    af = hvh.get("/werk/kandidaten", params={"sorteer": "aanmelddatum", "richting": "af"}).text
    assert namen(af)[0] == "Mees Test" and 'aria-sort="descending"' in af
    assert paginanummers(1, 1) == [1]
    assert paginanummers(5, 10) == [1, None, 3, 4, 5, 6, 7, None, 10]


def test_unknown_filter_values_are_ignored_not_a_500(als, registreer):  # noqa: F811
    registreer()
    r = als(HVH).get(
        "/werk/kandidaten",
        params={"status": "x", "gemeente": "Atlantis", "pagina": "-3", "sorteer": "drop table"},
    )
    assert r.status_code == 200 and len(namen(r.text)) == 1


# --- the kandidaat page matches the state -------------------------------------------------------


def test_offered_kandidaat_shows_the_aanbieding_not_why_no_woning(api, als, voordracht):  # noqa: F811
    from tests.service.world import approve
    from tests.service.world import plek_of

    vd = approve(api, voordracht["id"])
    r = api.as_("nabij-wonen").post(
        f"/v1/voordrachten/{voordracht['id']}/keuze",
        {"plekId": plek_of(vd, voordracht["annabel"]), "reden": "langst wachtend"},
    )
    assert r.status_code == 201
    html = als("kwintes").get(f"/werk/kandidaten/{voordracht['annabel']}").text
    assert "Lopende aanbieding" in html and "Antwoord vóór" in html
    assert "Waarom nog geen woning?" not in html and "Start maatwerk" not in html
    api.as_(HVH).post(f"/v1/aanbiedingen/{r.json()['id']}/antwoord", {"besluit": "accepteren"})
    p = api.as_("nabij-wonen").post(
        "/v1/plaatsingen", {"aanbiedingId": r.json()["id"], "contractdatum": days_ago(0)}
    )
    assert p.status_code == 201, p.text
    html = als("kwintes").get(f"/werk/kandidaten/{voordracht['annabel']}").text
    assert "Geplaatst" in html and "Evaluaties" in html and "na 3 maanden" in html.lower()
    assert "Waarom nog geen woning?" not in html and "Status wijzigen" not in html


def test_pause_resume_and_withdraw_with_the_reason(api, als, registreer):  # noqa: F811
    k = registreer(voornaam="Pim")
    zorg = als("kwintes")
    url = f"/werk/kandidaten/{k['id']}"
    assert 'action="/werk/kandidaten/' in zorg.get(url).text
    r = zorg.post(f"{url}/status", {"status": "gepauzeerd"})
    assert r.status_code == 303 and "is gepauzeerd" in zorg.get(r.headers["location"]).text
    assert api.as_("kwintes").get(f"/v1/kandidaten/{k['id']}").json()["status"] == "gepauzeerd"
    r = zorg.post(f"{url}/status", {"status": "wachtend"})
    assert r.status_code == 303
    # withdrawing needs the reason; the message sits at the field
    r = zorg.post(f"{url}/status", {"status": "uitgeschreven"})
    assert r.status_code == 400 and 'id="reden-fout"' in r.text
    r = zorg.post(f"{url}/status", {"status": "uitgeschreven", "reden": "woont-bij-eigen-netwerk"})
    assert r.status_code == 303
    assert api.as_("kwintes").get(f"/v1/kandidaten/{k['id']}").json()["status"] == "uitgeschreven"
    # ZOU-C4 in words for the zorgaanbieder, as a label only for the bemiddelaar
    assert "ZOU-C4" not in zorg.get(url).text
    assert als("lister").post(f"{url}/status", {"status": "gepauzeerd"}).status_code == 404


def test_zorgaanbieder_sees_the_signals_about_its_kandidaat_and_a_todo_line(api, als, registreer):  # noqa: F811
    k = registreer(voornaam="Sietske", aanmelddatum=days_ago(300))
    api.as_(HVH).post("/v1/signaleringen/berekening")
    zorg = als("kwintes")
    html = zorg.get(f"/werk/kandidaten/{k['id']}").text
    assert "Signaleringen" in html and "Lang wachtend" in html and "/v1/" not in html
    assert "Signaleringen over uw kandidaten" in zorg.get("/start").text
    assert "Sietske" not in als("lister").get("/start").text


# --- the name search at 100,000 kandidaten (issue 12) --------------------------------------------


def test_name_search_is_a_prefix_on_normalised_names():
    """ "de vries" and "vries" find Jan de Vries; accents and case do not matter."""
    from service.models.zoeknaam import zoeknamen
    from service.models.zoeknaam import zoektermen

    zoeknaam, zoekachternaam = zoeknamen("Jan-Willem", "van der Bèrg")
    assert (zoeknaam, zoekachternaam) == ("jan willem van der berg", "berg jan willem van der")
    for term in ("Jan", "jan willem", "van der berg", "BERG", "berg jan"):
        voor, achter = zoektermen(term)
        assert zoeknaam.startswith(voor) or zoekachternaam.startswith(achter), term
    voor, achter = zoektermen("willem")  # not a prefix of either: not found
    assert not (zoeknaam.startswith(voor) or zoekachternaam.startswith(achter))


def test_name_search_uses_the_name_indexes_not_a_scan(app):
    """The search by name is two index ranges (ix_kandidaat_zoeknaam, ix_kandidaat_zoekachternaam),
    not a read of every row as LIKE '%…%' was."""
    from datetime import date

    from sqlmodel import select

    from service.models import Kandidaat
    from service.web.zoeken import Zoekvraag
    from service.web.zoeken import _filters
    from tests.service.conftest import query_plan

    query = _filters(select(Kandidaat.id), Zoekvraag(zoek="de vries"), date(2026, 12, 1))
    plan = query_plan(app.state.engine, query)
    assert "ix_kandidaat_zoeknaam" in plan and "ix_kandidaat_zoekachternaam" in plan, plan


def test_search_columns_stay_out_of_the_audit_trail(api, registreer):
    """The search columns repeat the name; the audit trail records only the name itself, which
    retention removes (a derived copy there would outlive it)."""
    k = registreer(voornaam="Greet", achternaam="Hofmans")
    r = api.as_(HVH).get("/v1/gebeurtenissen", params={"objectId": k["id"]})
    rijen = r.json()["resultaten"]
    assert rijen and all("zoeknaam" not in (g.get("na") or {}) for g in rijen), rijen
    assert any((g.get("na") or {}).get("achternaam") == "Hofmans" for g in rijen)


def test_count_is_bounded_and_pages_go_on(monkeypatch, als, registreer):  # noqa: F811
    """Past the counted bound the page says "meer dan …" and keeps offering the next page while
    pages come back full (an exact count of 100,000 rows costs more than the page)."""
    from service.web import zoeken

    monkeypatch.setattr(zoeken, "TELLEN_TOT", 2)
    monkeypatch.setattr(zoeken, "PAGINA", 1)
    for i in range(4):
        registreer(voornaam=f"Teller{i}", achternaam="Grens", aanmelddatum=days_ago(50 + i))
    html = als(HVH).get("/werk/kandidaten", params={"pagina": 3}).text
    assert "<caption>meer dan 2 kandidaten, pagina 3 van 4</caption>" in html
    assert len(namen(html)) == 1
