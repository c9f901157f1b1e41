"""After the keys: the contract change 3 -> 2 parties (ZOU-P1), the warm handover (ZOU-P3,
ZOU-L4, ZOU-B5), informing the gemeente and the sociaal wijkteam (ZOU-P4), and the signal any
party raises when independent living threatens to fail (ZOU-B5).

There is no way to simply end the guidance within the two years (ZOU-C3): it is handed over to
an organisation that takes on the same obligations, or it ends through the 3 -> 2 conversion or
an evaluation, each with the agreed follow-up (ZOU-L5).
"""

from __future__ import annotations

import uuid
from datetime import date
from datetime import timedelta

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service import audit
from service.auth import Actor
from service.clock import nu
from service.clock import vandaag
from service.errors import Conflict
from service.errors import OngeldigeInvoer
from service.errors import Veldfout
from service.models import Contractvorm
from service.models import Kennisgeving
from service.models import Organisatie
from service.models import OrganisatieSoort
from service.models import Overdracht
from service.models import Plaatsing
from service.models import Signalering
from service.models import SignaleringSoort
from service.models import SignaleringStap
from service.models import SignaleringStatus
from service.plaatsingen.actions import get_plaatsing
from service.plaatsingen.schemas import BegeleidingNaOmzetting
from service.plaatsingen.schemas import KennisgevingInvoer
from service.plaatsingen.schemas import MeldingInvoer
from service.plaatsingen.schemas import OmzettingInvoer
from service.plaatsingen.schemas import OverdrachtInvoer

#: How far back a date may lie (a record made late) and ahead (planned today for tomorrow).
TERUG_DAGEN, VOORUIT_DAGEN = 366, 31


def _datum(dag: date, veld: str, p: Plaatsing) -> None:
    if dag < p.contractdatum - timedelta(days=TERUG_DAGEN) or dag > vandaag() + timedelta(
        days=VOORUIT_DAGEN
    ):
        raise OngeldigeInvoer(
            "Deze datum kan niet.",
            [Veldfout(veld, "Kies een datum rond het contract, niet ver in de toekomst.")],
        )


def _begeleidend(session: Session, plaatsing_id: uuid.UUID, by: Actor) -> Plaatsing:
    p = get_plaatsing(session, plaatsing_id, by)
    if p.begeleiding_beeindigd_op is not None:
        raise Conflict(
            f"De begeleiding is al beëindigd op {p.begeleiding_beeindigd_op.isoformat()}."
        )
    return p


def _overdracht(session: Session, p: Plaatsing, data: OverdrachtInvoer, by: Actor) -> Overdracht:
    naar_naam = data.naar_naam
    if data.naar_organisatie_id is not None:
        org = session.get(Organisatie, data.naar_organisatie_id)
        if org is None or org.soort != OrganisatieSoort.zorgaanbieder:
            raise OngeldigeInvoer(
                "Deze organisatie kan de begeleiding niet overnemen.",
                [Veldfout("naarOrganisatieId", "Kies een zorgaanbieder uit woonroute.")],
            )
        if org.id == p.begeleidende_organisatie_id:
            raise Conflict("Deze organisatie begeleidt de cliënt al.")
        naar_naam = naar_naam or org.naam
    assert naar_naam is not None
    _datum(data.datum, "datum", p)
    o = Overdracht(
        plaatsing_id=p.id,
        datum=data.datum,
        van_naam=p.begeleider_naam or "",
        naar_organisatie_id=data.naar_organisatie_id,
        naar_naam=naar_naam,
        naar_soort=data.naar_soort,
        toelichting=data.toelichting,
        vastgelegd_door_id=by.organisatie_id,
    )
    session.add(o)
    # ZOU-B5: the new organisation takes on the same obligations; it now guides the client.
    p.begeleidende_organisatie_id = data.naar_organisatie_id
    p.begeleider_naam = naar_naam
    session.add(p)
    return o


def overdragen(
    session: Session, *, plaatsing_id: uuid.UUID, data: OverdrachtInvoer, by: Actor
) -> Plaatsing:
    """ZOU-P3/ZOU-L4: the warm handover, by the organisation that guides the client now."""
    p = _begeleidend(session, plaatsing_id, by)
    voor = audit.snapshot(p)
    o = _overdracht(session, p, data, by)
    session.flush()
    audit.record(
        session,
        by,
        "begeleiding-overgedragen",
        "plaatsing",
        p.id,
        voor=voor,
        na=audit.snapshot(p),
        toelichting=f"Overgedragen aan {o.naar_naam} met dezelfde verplichtingen.",
    )
    return p


def omzetten(
    session: Session, *, plaatsing_id: uuid.UUID, data: OmzettingInvoer, by: Actor
) -> Plaatsing:
    """ZOU-P1: from a 3-partijenovereenkomst to a 2-partijencontract."""
    p = get_plaatsing(session, plaatsing_id, by, for_update=True)
    if p.contractvorm != Contractvorm.driepartijen:
        raise Conflict(
            f"Alleen een 3-partijenovereenkomst kan worden omgezet (nu: {p.contractvorm})."
        )
    if (
        p.begeleiding_beeindigd_op is not None
        and data.begeleiding == BegeleidingNaOmzetting.overdragen
    ):
        raise Conflict("De begeleiding is al beëindigd; er is niets meer over te dragen.")
    _datum(data.datum, "datum", p)
    if data.datum < p.contractdatum:
        raise OngeldigeInvoer(
            "Deze datum kan niet.", [Veldfout("datum", "Kies een datum na het contract.")]
        )
    voor = audit.snapshot(p)
    p.contractvorm = Contractvorm.tweepartijen
    p.omgezet_op = data.datum
    p.omzetting_besloten_door = data.besloten_door
    p.omzetting_reden = data.reden
    if data.begeleiding == BegeleidingNaOmzetting.overdragen:
        assert data.overdracht is not None
        _overdracht(session, p, data.overdracht, by)
    elif p.begeleiding_beeindigd_op is None:
        p.begeleiding_beeindigd_op = data.datum
        p.vervolgafspraak = data.vervolgafspraak
    session.add(p)
    session.flush()
    audit.record(
        session,
        by,
        "contract-omgezet",
        "plaatsing",
        p.id,
        voor=voor,
        na=audit.snapshot(p),
        toelichting=data.reden,
    )
    return p


def kennisgeving(
    session: Session, *, plaatsing_id: uuid.UUID, data: KennisgevingInvoer, by: Actor
) -> Plaatsing:
    """ZOU-P4: record to whom and when the move-in was made known."""
    p = get_plaatsing(session, plaatsing_id, by)
    _datum(data.geinformeerd_op, "geinformeerdOp", p)
    k = Kennisgeving(
        plaatsing_id=p.id,
        ontvanger_soort=data.ontvanger_soort,
        ontvanger=data.ontvanger,
        geinformeerd_op=data.geinformeerd_op,
        wijze=data.wijze,
        vastgelegd_door_id=by.organisatie_id,
    )
    session.add(k)
    session.flush()
    audit.record(session, by, "kennisgeving-vastgelegd", "plaatsing", p.id, na=audit.snapshot(k))
    return p


def melden(
    session: Session, *, plaatsing_id: uuid.UUID, data: MeldingInvoer, by: Actor
) -> Signalering:
    """ZOU-B5: any party raises that independent living threatens to fail. The referring
    organisation (the kandidaat's zorgaanbieder) owns it: it has the inspanningsverplichting,
    also after guidance was scaled down; the corporatie can read it."""
    p = get_plaatsing(session, plaatsing_id, by)
    open_ = session.exec(
        select(Signalering).where(
            Signalering.soort == SignaleringSoort.dreigt_te_mislukken,
            Signalering.onderwerp_id == p.id,
            col(Signalering.status).in_((SignaleringStatus.open, SignaleringStatus.in_behandeling)),
        )
    ).first()
    if open_ is not None:
        raise Conflict("Hiervoor is al een signalering open. Vul die aan bij de behandeling.")
    titel = f"Zelfstandig wonen dreigt te mislukken (ZOU-B5), gemeld door {by.naam}."
    s = Signalering(
        soort=SignaleringSoort.dreigt_te_mislukken,
        onderwerp_type="plaatsing",
        onderwerp_id=p.id,
        eigenaar_id=p.zorgaanbieder_id,
        zichtbaar_voor_id=p.corporatie_id,
        titel=titel,
        vervaldatum=vandaag() + timedelta(days=7),
        diagnose={"plaatsingId": str(p.id), "gemeldDoor": by.naam, "toelichting": data.toelichting},
        notitie=data.toelichting,
        gewijzigd_op=nu(),
    )
    session.add(s)
    session.flush()
    session.add(
        SignaleringStap(
            signalering_id=s.id,
            status=SignaleringStatus.open,
            organisatie_id=by.organisatie_id,
            notitie=data.toelichting,
        )
    )
    audit.record(session, by, "signalering-geopend", "signalering", s.id, toelichting=titel)
    return s
