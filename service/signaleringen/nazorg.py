"""Timeline signals before and after the move, for the casushouder (ZOU-L1..L5, ZOU-P3, ZOU-P4).

Every timing comes from the region file (``[nazorg]``). Before the move the timeline runs on the
kandidaat's expected moving date (``Voorbereiding``); after it on the plaatsing's contract date.
A signal a person closed by hand (say: "we keep guiding ourselves, no handover") is not opened
again for the same subject; one closed because its cause went away is.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from collections.abc import Iterator
from datetime import date
from datetime import timedelta

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service.clock import plus_maanden
from service.models import Doelgroep
from service.models import Formulier
from service.models import FormulierSoort
from service.models import Kandidaat
from service.models import Kennisgeving
from service.models import Overdracht
from service.models import Plaatsing
from service.models import Signalering
from service.models import SignaleringSoort
from service.models import SignaleringStatus
from service.models import Voorbereiding
from service.regio import regio_van
from service.signaleringen.langwachtend import WACHTEND
from service.signaleringen.oorzaak import Oorzaak

#: Signal an upcoming step this many days before it is due.
VOORAF_DAGEN = 14
#: Placements older than this no longer get the ZOU-P4 reminder (their move is long past).
P4_VENSTER_DAGEN = 365


def _met_de_hand_afgehandeld(session: Session, soort: SignaleringSoort) -> set[uuid.UUID]:
    return set(
        session.exec(
            select(Signalering.onderwerp_id).where(
                Signalering.soort == soort,
                Signalering.status == SignaleringStatus.afgehandeld,
                col(Signalering.automatisch_afgehandeld).is_(False),
            )
        ).all()
    )


def _nog_open_voor_verhuizing(
    session: Session, soort: SignaleringSoort
) -> Iterator[tuple[Voorbereiding, Kandidaat]]:
    """The kandidaten on the waiting list with an expected moving date, but not those whose
    signal of ``soort`` a person closed by hand."""
    klaar = _met_de_hand_afgehandeld(session, soort)
    for v, k in session.exec(
        select(Voorbereiding, Kandidaat)
        .join(Kandidaat, col(Kandidaat.id) == col(Voorbereiding.kandidaat_id))
        .where(
            col(Voorbereiding.verwachte_verhuisdatum).is_not(None),
            col(Kandidaat.status).in_(WACHTEND),
        )
    ).all():
        if k.id not in klaar:
            yield v, k


def _voorbereiding(session: Session, today: date) -> Iterator[Oorzaak]:
    """ZOU-L1: preparation starts 3-6 months before the move (finances, day, network, stress)."""
    n = regio_van(session).nazorg
    for v, k in _nog_open_voor_verhuizing(session, SignaleringSoort.voorbereiding):
        assert v.verwachte_verhuisdatum is not None
        start = plus_maanden(v.verwachte_verhuisdatum, -n.voorbereiding_start_maanden)
        uiterlijk = plus_maanden(v.verwachte_verhuisdatum, -n.voorbereiding_uiterlijk_maanden)
        if v.voorbereiding_gestart_op is not None or today < start:
            continue
        te_laat = today > uiterlijk
        yield Oorzaak(
            SignaleringSoort.voorbereiding,
            "kandidaat",
            k.id,
            k.zorgaanbieder_id,
            None,
            f"Start de voorbereiding op zelfstandig wonen{' (te laat)' if te_laat else ''}: "
            f"verhuizing verwacht op {v.verwachte_verhuisdatum.isoformat()}, uiterlijk starten "
            f"op {uiterlijk.isoformat()} (ZOU-L1).",
            {"verwachteVerhuisdatum": v.verwachte_verhuisdatum.isoformat(), "teLaat": te_laat},
        )


def _partijen(session: Session, today: date) -> Iterator[Oorzaak]:
    """ZOU-L2: involve all parties, preferably three months before the move."""
    n = regio_van(session).nazorg
    for v, k in _nog_open_voor_verhuizing(session, SignaleringSoort.partijen_betrekken):
        assert v.verwachte_verhuisdatum is not None
        moment = plus_maanden(v.verwachte_verhuisdatum, -n.partijen_betrekken_maanden)
        if v.partijen_betrokken_op is not None or today < moment - timedelta(days=VOORAF_DAGEN):
            continue
        yield Oorzaak(
            SignaleringSoort.partijen_betrekken,
            "kandidaat",
            k.id,
            k.zorgaanbieder_id,
            None,
            f"Betrek alle partijen (wijkteam, corporatie, nieuwe begeleiding) vóór "
            f"{moment.isoformat()} (ZOU-L2).",
            {"uiterlijk": moment.isoformat(), "teLaat": today > moment},
        )


def _wijkteam(session: Session, today: date) -> Iterator[Oorzaak]:
    """ZOU-L3: no kennismaking yet: involve the wijkteam's aandacht functionaris from 6 weeks."""
    n = regio_van(session).nazorg
    for v, k in _nog_open_voor_verhuizing(session, SignaleringSoort.wijkteam_betrekken):
        assert v.verwachte_verhuisdatum is not None
        moment = v.verwachte_verhuisdatum - timedelta(weeks=n.wijkteam_betrekken_weken)
        if v.kennismaking_op or v.wijkteam_betrokken_op or today < moment:
            continue
        yield Oorzaak(
            SignaleringSoort.wijkteam_betrekken,
            "kandidaat",
            k.id,
            k.zorgaanbieder_id,
            None,
            f"Nog geen kennismaking: betrek de aandacht functionaris toegang van het wijkteam "
            f"(verhuizing verwacht op {v.verwachte_verhuisdatum.isoformat()}, ZOU-L3).",
            {"verwachteVerhuisdatum": v.verwachte_verhuisdatum.isoformat()},
        )


def _lopend(session: Session) -> list[Plaatsing]:
    return list(session.exec(select(Plaatsing).where(col(Plaatsing.beeindigd_op).is_(None))).all())


def _gemeente(session: Session, today: date) -> Iterator[Oorzaak]:
    """ZOU-P4: gemeente and sociaal wijkteam informed once the client lives there."""
    n = regio_van(session).nazorg
    klaar = _met_de_hand_afgehandeld(session, SignaleringSoort.gemeente_informeren)
    te_doen = []
    for p in _lopend(session):
        uiterlijk = p.contractdatum + timedelta(days=n.gemeente_informeren_dagen)
        if today <= uiterlijk or (today - p.contractdatum).days > P4_VENSTER_DAGEN or p.id in klaar:
            continue
        te_doen.append((p, uiterlijk))
    # The kennisgevingen of those placements, a few hundred per query (not one query each).
    gedaan_per: dict[uuid.UUID, set[str]] = defaultdict(set)
    for start in range(0, len(te_doen), 500):
        ids = [p.id for p, _ in te_doen[start : start + 500]]
        for plaatsing_id, soort in session.exec(
            select(Kennisgeving.plaatsing_id, Kennisgeving.ontvanger_soort).where(
                col(Kennisgeving.plaatsing_id).in_(ids)
            )
        ):
            gedaan_per[plaatsing_id].add(soort)
    for p, uiterlijk in te_doen:
        gedaan = gedaan_per[p.id]
        mist = [s for s in ("gemeente", "sociaal-wijkteam") if s not in gedaan]
        if not mist:
            continue
        yield Oorzaak(
            SignaleringSoort.gemeente_informeren,
            "plaatsing",
            p.id,
            p.zorgaanbieder_id,
            p.corporatie_id,
            f"Nog niet vastgelegd dat {' en '.join(m.replace('-', ' ') for m in mist)} "
            f"geïnformeerd is (ZOU-P4).",
            {"mist": mist, "uiterlijk": uiterlijk.isoformat()},
        )


def _overdracht(session: Session, today: date) -> Iterator[Oorzaak]:
    """ZOU-P3/ZOU-L4: the provider is available for three months; record the warm handover."""
    klaar = _met_de_hand_afgehandeld(session, SignaleringSoort.warme_overdracht)
    overgedragen = set(session.exec(select(Overdracht.plaatsing_id)).all())
    for p in _lopend(session):
        if (
            p.beschikbaar_tot is None
            or p.begeleiding_beeindigd_op is not None
            or p.id in overgedragen
            or p.id in klaar
            or today < p.beschikbaar_tot - timedelta(days=VOORAF_DAGEN)
            or today > p.begeleiding_tot
        ):
            continue
        te_laat = today > p.beschikbaar_tot
        k = session.get(Kandidaat, p.kandidaat_id)
        bt = k is not None and k.doelgroep == Doelgroep.beschermd_thuis
        yield Oorzaak(
            SignaleringSoort.warme_overdracht,
            "plaatsing",
            p.id,
            p.zorgaanbieder_id,
            None,
            f"Warme overdracht {'niet vastgelegd' if te_laat else 'komt eraan'}: de aanbieder is "
            f"beschikbaar tot {p.beschikbaar_tot.isoformat()} (ZOU-P3, ZOU-L4)."
            + (
                " BT-indicatie: draag warm over aan het sociaal team of de IB-aanbieder; loopt de "
                "indicatie af, vraag dan 3 maanden verlenging aan bij de RT."
                if bt
                else ""
            ),
            {"beschikbaarTot": p.beschikbaar_tot.isoformat(), "teLaat": te_laat, "bt": bt},
        )


def _contactafspraak(session: Session, kandidaat_id: uuid.UUID) -> str | None:
    plan = session.exec(
        select(Formulier)
        .where(
            Formulier.kandidaat_id == kandidaat_id,
            Formulier.soort == FormulierSoort.preventie_actieplan,
        )
        .order_by(col(Formulier.versie).desc())
    ).first()
    return plan.inhoud.get("contact_houden") if plan else None


def _dip(session: Session, today: date) -> Iterator[Oorzaak]:
    """ZOU-L5: the dip within half a year of the move; check the low-threshold contact."""
    n = regio_van(session).nazorg
    klaar = _met_de_hand_afgehandeld(session, SignaleringSoort.dip_na_verhuizing)
    for p in _lopend(session):
        if not (
            plus_maanden(p.contractdatum, n.dip_maanden) <= today < plus_maanden(p.contractdatum, 6)
        ):
            continue
        if p.id in klaar:
            continue
        afspraak = _contactafspraak(session, p.kandidaat_id)
        yield Oorzaak(
            SignaleringSoort.dip_na_verhuizing,
            "plaatsing",
            p.id,
            p.begeleidende_organisatie_id or p.zorgaanbieder_id,
            None,
            "Veel cliënten hebben binnen een half jaar een dip (ZOU-L5). Is het laagdrempelig "
            "contact uit het preventie-actieplan er?",
            {"contactafspraak": afspraak},
        )


def _einde_begeleiding(session: Session, today: date) -> Iterator[Oorzaak]:
    """ZOU-L5 (WA 17): guidance ends, the risk of relapse rises: casushouder and corporatie get
    the agreed follow-up."""
    klaar = _met_de_hand_afgehandeld(session, SignaleringSoort.begeleiding_beeindigd)
    for p in _lopend(session):
        einde = p.begeleiding_beeindigd_op or (
            p.begeleiding_tot if p.begeleiding_tot <= today else None
        )
        if einde is None or einde > today or p.id in klaar:
            continue
        afspraak = p.vervolgafspraak or _contactafspraak(session, p.kandidaat_id)
        yield Oorzaak(
            SignaleringSoort.begeleiding_beeindigd,
            "plaatsing",
            p.id,
            p.zorgaanbieder_id,
            p.corporatie_id,
            f"De begeleiding is gestopt op {einde.isoformat()}: grotere kans op terugval (ZOU-L5). "
            f"Vervolgafspraak: {afspraak or 'nog niet vastgelegd'}.",
            {"beeindigdOp": einde.isoformat(), "vervolgafspraak": afspraak},
        )


BRONNEN: dict[SignaleringSoort, Callable[[Session, date], Iterator[Oorzaak]]] = {
    SignaleringSoort.voorbereiding: _voorbereiding,
    SignaleringSoort.partijen_betrekken: _partijen,
    SignaleringSoort.wijkteam_betrekken: _wijkteam,
    SignaleringSoort.gemeente_informeren: _gemeente,
    SignaleringSoort.warme_overdracht: _overdracht,
    SignaleringSoort.dip_na_verhuizing: _dip,
    SignaleringSoort.begeleiding_beeindigd: _einde_begeleiding,
}
