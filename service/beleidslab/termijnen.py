"""Offer deadlines in the policy lab (DRE-O1, DRE-O2): when each lapsed offer would have lapsed.

A lapsed aanbieding (``verlopen``) ended because its deadline passed: under other deadlines it
would have ended at the other deadline, counted from the same start (the offer, or the viewing
for the acceptance term) on the same calendar (``service.werkdagen``). ``matching.replay.
verschuif`` then moves the kandidaat's return and the refill of its place by that much.
Offers that were answered are not re-simulated (who would answer in time is not known); the
lab counts those answered later than the proposed deadline, so the region sees how many.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service.models import Aanbieding
from service.models import AanbiedingStatus
from service.regio import Termijnen
from service.werkdagen import termijn_einde

BEANTWOORD = (AanbiedingStatus.afgewezen, AanbiedingStatus.geaccepteerd, AanbiedingStatus.geplaatst)


@dataclass(frozen=True, slots=True)
class Termijnvoorstel:
    reactietermijn_dagen: int
    acceptatietermijn_dagen: int
    werkdagen: bool

    @classmethod
    def van(cls, t: Termijnen) -> Termijnvoorstel:
        return cls(t.reactietermijn_dagen, t.acceptatietermijn_dagen, t.werkdagen)

    def einde(self, a: Aanbieding) -> datetime:
        """When ``a``'s running term ends under these deadlines."""
        if a.bezichtiging_op is not None:
            return termijn_einde(
                a.bezichtiging_op, self.acceptatietermijn_dagen, werkdagen=self.werkdagen
            )
        return termijn_einde(a.aangemaakt_op, self.reactietermijn_dagen, werkdagen=self.werkdagen)

    def als_json(self) -> dict[str, object]:
        return {
            "reactietermijnDagen": self.reactietermijn_dagen,
            "acceptatietermijnDagen": self.acceptatietermijn_dagen,
            "werkdagen": self.werkdagen,
        }


def andere_einden(
    session: Session, nu: Termijnvoorstel, voorstel: Termijnvoorstel
) -> tuple[dict[str, datetime], dict[str, object]]:
    """The lapse moment of every lapsed aanbieding under ``voorstel``, and the figures."""
    einden: dict[str, datetime] = {}
    verschuiving: list[float] = []
    laat = {"nu": 0, "voorstel": 0}
    for a in session.exec(
        select(Aanbieding).where(
            col(Aanbieding.status).in_(BEANTWOORD + (AanbiedingStatus.verlopen,))
        )
    ).all():
        if a.status == AanbiedingStatus.verlopen:
            einde = voorstel.einde(a)
            einden[str(a.id)] = einde
            verschuiving.append((einde - nu.einde(a)).total_seconds() / 86400)
        elif a.beantwoord_op is not None:
            for kant, termijn in (("nu", nu), ("voorstel", voorstel)):
                laat[kant] += a.beantwoord_op > termijn.einde(a)
    figuren: dict[str, object] = {
        "nu": nu.als_json(),
        "voorstel": voorstel.als_json(),
        "verlopenAanbiedingen": len(einden),
        "verschuivingMediaanDagen": (
            round(statistics.median(verschuiving), 1) if verschuiving else None
        ),
        "beantwoordNaDeTermijn": laat,
    }
    return einden, figuren
