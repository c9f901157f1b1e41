"""The clock: one rule for every date (Europe/Amsterdam) and every moment (UTC, from ``nu``).

The date-sensitive paths run at the edges: the hour after midnight in Amsterdam (still the
previous day in UTC), 31 December, 1 January, 28 and 29 February and a month's last day.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import timedelta

import pytest

from service import clock
from service.clock import NL
from service.clock import datum_van
from tests.service.bodies import verdeling_body
from tests.service.world import approve
from tests.service.world import plek_of

RB = "beter-wonen"
HVH = "het-vierde-huis"

RANDEN = [
    datetime(2026, 12, 1, 0, 44, tzinfo=NL),  # the reported failure: 23:44 UTC on 30 November
    datetime(2026, 12, 31, 23, 30, tzinfo=NL),
    datetime(2027, 1, 1, 0, 30, tzinfo=NL),  # still 2026 in UTC
    datetime(2028, 2, 28, 23, 50, tzinfo=NL),
    datetime(2028, 2, 29, 0, 20, tzinfo=NL),
    datetime(2027, 4, 30, 23, 59, tzinfo=NL),  # a month's last day
]


@pytest.fixture
def wandklok(monkeypatch):
    def zet(moment: datetime) -> None:
        monkeypatch.setattr(clock, "_echt", lambda: moment)

    return zet


def test_clock_fixed_date_does_not_move_at_midnight(wandklok):
    """``--vandaag`` fixes a date: passing midnight on the real clock leaves today alone."""
    clock.verzet(date(2026, 6, 15))
    try:
        wandklok(datetime(2026, 3, 1, 23, 59, tzinfo=NL))
        assert clock.vandaag() == date(2026, 6, 15)
        wandklok(datetime(2026, 3, 2, 0, 1, tzinfo=NL))
        assert clock.vandaag() == date(2026, 6, 15)
        assert datum_van(clock.nu()) == date(2026, 6, 15)
    finally:
        clock.verzet(None)


@pytest.mark.parametrize("moment", RANDEN, ids=lambda m: m.strftime("%Y-%m-%d_%H%M"))
def test_clock_every_written_moment_follows_the_amsterdam_day(moment, wandklok, api, registreer):
    wandklok(moment)
    assert clock.vandaag() == moment.date() and datum_van(clock.nu()) == moment.date()
    k = registreer(aanmelddatum=(moment.date() - timedelta(days=10)).isoformat())
    assert datum_van(datetime.fromisoformat(k["aangemaaktOp"])) == moment.date()
    assert k["wachttijdDagen"] == 10


@pytest.mark.parametrize("moment", RANDEN, ids=lambda m: m.strftime("%Y-%m-%d_%H%M"))
def test_zou_k3_month_buckets_use_the_amsterdam_date_at_the_edges(
    moment, wandklok, api, registreer, meld
):
    """ZOU-K3 per month: a placement and a running offer made in the hour after midnight in
    Amsterdam fall in the same (Amsterdam) month as the contract date (was: UTC date)."""
    wandklok(moment)
    jaar = moment.year
    orgs = api.as_(HVH).get("/v1/organisaties", params={"paginaGrootte": 100}).json()
    ids = {o["code"]: o["id"] for o in orgs["resultaten"]}
    r = api.as_(RB).post(
        "/v1/verdelingen",
        verdeling_body(jaar, {ids["kwintes"]: "1", ids["lister"]: "1"}, totaal=4),
    )
    assert r.status_code == 201, r.text
    for _ in range(2):
        k = registreer("kwintes", aanmelddatum=(moment.date() - timedelta(days=200)).isoformat())
        vd = approve(api, meld("nabij-wonen")["voordrachtId"])
        a = (
            api.as_("nabij-wonen")
            .post(f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, k["id"])})
            .json()
        )
        if _ == 0:
            api.as_(HVH).post(f"/v1/aanbiedingen/{a['id']}/antwoord", {"besluit": "accepteren"})
            p = api.as_("nabij-wonen").post(
                "/v1/plaatsingen",
                {"aanbiedingId": a["id"], "contractdatum": moment.date().isoformat()},
            )
            assert p.status_code == 201, p.text
    [g] = api.as_("kwintes").get("/v1/contingentgebruik", params={"jaar": jaar}).json()
    assert (g["gebruikt"], g["inBehandeling"]) == (1, 1)
    assert g["perMaand"] == [
        {"maand": moment.date().replace(day=1).isoformat(), "gebruikt": 1, "inBehandeling": 1}
    ]
