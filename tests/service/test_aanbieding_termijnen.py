"""Offers: working-day deadlines (DRE-O1, DRE-O2), a lapse is no decline (MATCH-E7), and
declines plus lapses counted per kandidaat with a conversation signal (DRE-O3)."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta

import pytest

from service.db import session_scope
from service.levensloop.overgangen import expire_overdue
from service.werkdagen import is_werkdag
from service.werkdagen import plus_werkdagen
from service.werkdagen import termijn_einde
from tests.service.conftest import days_ago
from tests.service.test_web_bemiddelaar_corporatie import als  # noqa: F401 (fixture)
from tests.service.world import approve
from tests.service.world import plek_of

HVH = "het-vierde-huis"
CORP = "nabij-wonen"


@pytest.mark.parametrize(
    ("dag", "aantal", "verwacht"),
    [
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday -> Monday (DRE-O1)
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Thursday -> past Good Friday and Easter Monday
        (date(2026, 12, 24), 2, date(2026, 12, 29)),  # Christmas and Boxing Day
        (date(2026, 12, 31), 1, date(2027, 1, 4)),  # New Year's Day, then the weekend
        (date(2027, 4, 26), 1, date(2027, 4, 28)),  # Koningsdag 2027 on Tuesday 27 April
        (date(2031, 4, 25), 2, date(2031, 4, 29)),  # any year: Koningsdag 2031 (Saturday 26)
        (date(2028, 2, 28), 1, date(2028, 2, 29)),  # leap day is a working day
    ],
)
def test_dre_o1_o2_working_days_skip_weekends_and_dutch_holidays(dag, aantal, verwacht):
    assert plus_werkdagen(dag, aantal) == verwacht
    assert is_werkdag(verwacht)


def test_dre_o1_deadline_keeps_the_amsterdam_time_of_day_across_dst():
    # Friday 27 March 2026 10:00 in Amsterdam (09:00 UTC); summer time starts on Sunday 29 March
    begin = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
    assert termijn_einde(begin, 1, werkdagen=True) == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
    assert termijn_einde(begin, 1, werkdagen=False) == begin + timedelta(days=1)


def _offer(api, registreer, meld, n=2):
    ids = [registreer(aanmelddatum=days_ago(300 - 10 * i))["id"] for i in range(n)]
    w = meld()
    vd = approve(api, w["voordrachtId"])
    a = api.as_(CORP).post(f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, ids[0])})
    assert a.status_code == 201, a.text
    return ids, w, vd, a.json()


def test_dre_o1_offer_deadline_counts_working_days(api, registreer, meld):
    _, _, _, a = _offer(api, registreer, meld, n=1)
    begin = datetime.fromisoformat(a["aangemaaktOp"])
    assert datetime.fromisoformat(a["reactieDeadline"]) == termijn_einde(begin, 1, werkdagen=True)
    assert api.as_(HVH).get("/v1/regio").json()["termijnen"]["werkdagen"] is True


def test_match_e7_lapse_is_no_decline_and_kandidaat_may_be_proposed_again(
    api, app, registreer, meld
):
    """DRE-O1 + MATCH-E7: a lapse is ``verlopen``; the kandidaat waits again and comes back."""
    ids, w, vd, a = _offer(api, registreer, meld)
    with session_scope(app.state.engine, app.state.regio) as s:
        deadline = datetime.fromisoformat(a["reactieDeadline"])
        assert expire_overdue(s, moment=deadline + timedelta(minutes=1)) == [
            __import__("uuid").UUID(a["id"])
        ]
    assert api.as_(HVH).get(f"/v1/aanbiedingen/{a['id']}").json()["status"] == "verlopen"
    k = api.as_(HVH).get(f"/v1/kandidaten/{ids[0]}").json()
    assert k["status"] == "wachtend" and k["afwijzingenEnVerlopen"] == 1
    plekken = api.as_(HVH).get(f"/v1/voordrachten/{vd['id']}").json()["plekken"]
    eigen = next(p for p in plekken if p["kandidaatId"] == ids[0])
    # back on the voordracht for review, not struck off as a decline
    assert eigen["status"] == "te-beoordelen"
    assert eigen["uitleg"]["waaromGeschikt"][-1]["regel"] == "MATCH-E7"
    assert eigen["uitleg"]["waaromGeschikt"][-1]["geschikt"] is True


def test_match_e7_explicit_decline_still_excludes(api, registreer, meld):
    ids, w, vd, a = _offer(api, registreer, meld)
    r = api.as_("kwintes").post(
        f"/v1/aanbiedingen/{a['id']}/antwoord", {"besluit": "afwijzen", "reden": "locatie"}
    )
    assert r.status_code == 201
    plekken = api.as_(HVH).get(f"/v1/voordrachten/{vd['id']}").json()["plekken"]
    assert next(p for p in plekken if p["kandidaatId"] == ids[0])["status"] == "afgewezen"
    k = api.as_("kwintes").get(f"/v1/kandidaten/{ids[0]}").json()
    assert k["afwijzingenEnVerlopen"] == 1


def test_dre_o3_declines_and_lapses_counted_and_conversation_signal(
    api,
    app,
    als,  # noqa: F811 (the page login fixture)
    registreer,
    meld,
):
    """DRE-O3: after ``afwijzingen_gesprek_na`` declines + lapses, a signal for the bemiddelaar
    that the kandidaat's zorgaanbieder also sees; the count shows on the page and in the dossier."""
    drempel = app.state.regio.termijnen.afwijzingen_gesprek_na
    k = registreer(aanmelddatum=days_ago(300))["id"]
    for i in range(drempel):
        w = meld(kaleHuur=f"{600 + i}.00")
        vd = approve(api, w["voordrachtId"])
        a = (
            api.as_(CORP)
            .post(f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, k)})
            .json()
        )
        if i % 2 == 0:
            r = api.as_("kwintes").post(
                f"/v1/aanbiedingen/{a['id']}/antwoord", {"besluit": "afwijzen", "reden": "locatie"}
            )
            assert r.status_code == 201
        else:
            with session_scope(app.state.engine, app.state.regio) as s:
                deadline = datetime.fromisoformat(a["reactieDeadline"])
                expire_overdue(s, moment=deadline + timedelta(minutes=1))
        api.as_(CORP).post(f"/v1/woningen/{w['id']}/intrekking", {"reden": "test"})
    r = api.as_(HVH).post("/v1/signaleringen/berekening")
    assert r.status_code in (200, 201), r.text
    soort = "gesprek-over-afwijzingen"
    eigen = api.as_(HVH).get("/v1/signaleringen", params={"soort": soort}).json()["resultaten"]
    assert [s["onderwerpId"] for s in eigen] == [k]
    assert f"{drempel} aanbiedingen afgewezen of verlopen" in eigen[0]["titel"]
    zorg = api.as_("kwintes").get("/v1/signaleringen", params={"soort": soort}).json()
    assert [s["onderwerpId"] for s in zorg["resultaten"]] == [k]
    assert api.as_("lister").get("/v1/signaleringen", params={"soort": soort}).json()["totaal"] == 0
    dossier = api.as_("kwintes").get(f"/v1/kandidaten/{k}/dossier").json()
    assert dossier["kandidaat"]["afwijzingenEnVerlopen"] == drempel
    html = als("kwintes").get(f"/werk/kandidaten/{k}").text
    assert f'<dd id="afwijzingen">{drempel} (' in html
