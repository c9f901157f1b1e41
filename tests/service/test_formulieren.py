"""Preparation forms per kandidaat: overdrachtsdocument (ZOU-B3) and preventie-actieplan
(ZOU-B4), versioned, typed, shown only to those who may see them; readiness (ZOU-C1, ZOU-C3);
printable PDFs read back."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.service.nazorg_hulp import compleet
from tests.service.world import BEMIDDELAAR
from tests.service.world import approve
from tests.service.world import plek_of

PLAN = "preventie-actieplan"
DOC = "overdrachtsdocument"


def test_every_save_is_a_new_version_with_who_and_when(api, registreer):
    """ZOU-B4: the casushouder fills it in with the client; nothing is overwritten."""
    k = registreer()
    r = api.as_("kwintes").post(
        f"/v1/kandidaten/{k['id']}/{PLAN}/versies",
        {"opgesteldOp": "2026-03-01", "goedFinancienKenmerken": "Rekeningen op tijd"},
    )
    assert r.status_code == 201, r.text
    v1 = r.json()
    assert v1["versie"] == 1 and v1["compleet"] is False
    assert "Wat doe ik zelf" in v1["ontbrekend"]
    assert v1["opgeslagenDoor"] == "Kwintes"
    r = api.as_("kwintes").post(f"/v1/kandidaten/{k['id']}/{PLAN}/versies", compleet(PLAN))
    assert r.status_code == 201 and r.json()["versie"] == 2 and r.json()["compleet"] is True
    historie = api.as_("kwintes").get(f"/v1/kandidaten/{k['id']}/{PLAN}/versies").json()
    assert [h["versie"] for h in historie] == [2, 1]
    eerste = api.as_("kwintes").get(f"/v1/kandidaten/{k['id']}/{PLAN}", params={"versie": 1})
    assert eerste.json()["inhoud"]["goedFinancienKenmerken"] == "Rekeningen op tijd"
    assert api.as_("kwintes").get(f"/v1/kandidaten/{k['id']}/{PLAN}").json()["versie"] == 2


def test_typed_fields_all_errors_at_once(api, registreer):
    """ZOU-B3: typed fields, not one blob; bad input lists every field, nothing is saved."""
    k = registreer()
    r = api.as_("kwintes").post(
        f"/v1/kandidaten/{k['id']}/{DOC}/versies",
        {"opgesteldOp": "gisteren", "typeHuurcontract": "koop", "brp": "misschien", "onbekend": 1},
    )
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    namen = {p["name"] for p in r.json()["invalidParams"]}
    assert {"opgesteldOp", "typeHuurcontract", "brp", "onbekend"} <= namen
    assert api.as_("kwintes").get(f"/v1/kandidaten/{k['id']}/{DOC}/versies").json() == []
    r = api.as_("kwintes").post(
        f"/v1/kandidaten/{k['id']}/{DOC}/versies", {"persoonsbeschrijving": "x" * 4001}
    )
    assert r.status_code == 400


def test_who_sees_the_forms(api, registreer):
    """Casushouder and bemiddelaar see the full forms; a corporatie none; another provider
    not; only the casushouder writes; every read is logged."""
    k = registreer()
    api.as_("kwintes").post(f"/v1/kandidaten/{k['id']}/{DOC}/versies", compleet(DOC))
    assert api.as_(BEMIDDELAAR).get(f"/v1/kandidaten/{k['id']}/{DOC}").status_code == 200
    assert api.as_("nabij-wonen").get(f"/v1/kandidaten/{k['id']}/{DOC}").status_code == 403
    assert api.as_("nabij-wonen").get(f"/v1/kandidaten/{k['id']}/formulieren").status_code == 403
    assert api.as_("lister").get(f"/v1/kandidaten/{k['id']}/{DOC}").status_code == 404
    assert api.as_("lister").get(f"/v1/kandidaten/{k['id']}/{PLAN}").status_code == 404
    assert (
        api.as_(BEMIDDELAAR).post(f"/v1/kandidaten/{k['id']}/{DOC}/versies", {}).status_code == 403
    )
    assert api.as_("lister").post(f"/v1/kandidaten/{k['id']}/{DOC}/versies", {}).status_code == 404
    log = (
        api.as_(BEMIDDELAAR)
        .get(f"/v1/kandidaten/{k['id']}/inzagen", params={"paginaGrootte": 200})
        .json()
    )  # the read log (NEN 7513): who saw this kandidaat, when
    assert any(
        "overdrachtsdocument versie 1" in (g["toelichting"] or "") for g in log["resultaten"]
    ), log


@pytest.mark.formulieren_vereist
def test_readiness_shows_what_it_rests_on(api, registreer):
    """ZOU-C1 stays one decision, resting on the forms and the guidance agreement (ZOU-C3)."""
    k = registreer(begeleidingAkkoord=False)
    g = api.as_("kwintes").get(f"/v1/kandidaten/{k['id']}/gereedheid").json()
    assert g["gereedVerklaard"] is True and g["begeleidingAkkoord"] is False
    assert g["klaarVoorAcceptatie"] is False
    assert any("ZOU-C3" in o for o in g["ontbrekend"])
    plan = next(f for f in g["formulieren"] if f["soort"] == PLAN)
    assert plan["vereistVoorAcceptatie"] is True and plan["compleet"] is False
    doc = next(f for f in g["formulieren"] if f["soort"] == DOC)
    assert doc["vereistVoorAcceptatie"] is False
    assert api.as_("nabij-wonen").get(f"/v1/kandidaten/{k['id']}/gereedheid").status_code == 403


@pytest.mark.formulieren_vereist
def test_accepting_waits_for_the_required_forms(api, registreer, meld):
    """ZOU-C1 with the region's form rule (default: the preventie-actieplan, WA 8)."""
    k = registreer()
    w = meld()
    vd = approve(api, w["voordrachtId"])
    a = (
        api.as_("nabij-wonen")
        .post(
            f"/v1/voordrachten/{w['voordrachtId']}/keuze",
            {"plekId": plek_of(vd, k["id"]), "reden": "test"},
        )
        .json()["id"]
    )
    r = api.as_(BEMIDDELAAR).post(f"/v1/aanbiedingen/{a}/antwoord", {"besluit": "accepteren"})
    assert r.status_code == 409
    assert "preventie-actieplan" in r.json()["detail"]
    api.as_("kwintes").post(f"/v1/kandidaten/{k['id']}/{PLAN}/versies", compleet(PLAN))
    r = api.as_(BEMIDDELAAR).post(f"/v1/aanbiedingen/{a}/antwoord", {"besluit": "accepteren"})
    assert r.status_code == 201, r.text


def _tekst(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("soort", [DOC, PLAN])
def test_each_form_renders_as_pdf(api, registreer, soort):
    """ZOU-B3/ZOU-B4 output: the PDF holds the client, the answers and the version."""
    k = registreer(voornaam="Noor", achternaam="Bakker")
    api.as_("kwintes").post(
        f"/v1/kandidaten/{k['id']}/{PLAN}/versies",
        compleet(PLAN, kritiekZelf="Ik bel Jan"),
    )
    api.as_("kwintes").post(
        f"/v1/kandidaten/{k['id']}/{DOC}/versies",
        compleet(DOC, persoonsbeschrijving="Veerkrachtig en muzikaal", brp=True),
    )
    r = api.as_("kwintes").get(f"/v1/kandidaten/{k['id']}/{soort}", params={"formaat": "pdf"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    tekst = _tekst(r.content)
    assert "Noor Bakker" in tekst
    assert "versie 1" in tekst
    assert "Ik bel Jan" in tekst  # the plan, or the plan attached to the overdrachtsdocument
    if soort == DOC:
        assert "Overdrachtsdocument" in tekst and "Veerkrachtig en muzikaal" in tekst
        assert "Bijlage bij het overdrachtsdocument" in tekst


def test_retention_also_empties_the_forms(api, app, registreer):
    """Privacy retention (STANDARDS): the forms' contents go with the personal data; the
    versions and their dates stay."""
    from datetime import timedelta

    from sqlmodel import select

    from service import clock
    from service.db import session_scope
    from service.models import Formulier
    from service.retentie import pseudonimiseer

    k = registreer()["id"]
    api.as_("kwintes").post(
        f"/v1/kandidaten/{k}/{PLAN}/versies", compleet(PLAN, kritiekZelf="Geheim")
    )
    api.as_("kwintes").post(
        f"/v1/kandidaten/{k}/statuswijzigingen",
        {"status": "uitgeschreven", "reden": "zelf-woning-gevonden"},
    )
    clock.verzet(clock.vandaag() + timedelta(days=25 * 31))
    try:
        with session_scope(app.state.engine, app.state.regio) as s:
            assert pseudonimiseer(s) == 1
    finally:
        clock.verzet(None)
    with session_scope(app.state.engine, app.state.regio) as s:
        [f] = s.exec(select(Formulier)).all()
        assert f.inhoud == {} and f.versie == 1
