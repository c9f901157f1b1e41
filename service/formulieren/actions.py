"""Versioned forms per kandidaat (ZOU-B3, ZOU-B4, DRE-F1) and readiness (ZOU-C1, ZOU-C3).

Who may do what:

- the kandidaat's own zorgaanbieder (the casushouder) saves versions and reads everything;
- the bemiddelaar reads everything;
- a guiding organisation named on the kandidaat's plaatsing (after a handover, ZOU-P3) reads
  the overdrachtsdocument (ZOU-B3: it goes from the old to the new begeleider), nothing else;
- a corporatie never reads a form (the router refuses the kind).

A save never overwrites: it adds version n+1 with who and when.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.alias_generators import to_camel
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import or_
from sqlmodel import select

from service import audit
from service.auth import Actor
from service.clock import nu
from service.clock import vandaag
from service.errors import Conflict
from service.errors import NietGevonden
from service.errors import OngeldigeInvoer
from service.errors import Veldfout
from service.formulieren.definities import DEFINITIES
from service.models import Formulier
from service.models import FormulierSoort
from service.models import Kandidaat
from service.models import OrganisatieSoort
from service.models import Overdracht
from service.models import Plaatsing
from service.models import Voorbereiding
from service.regio import regio_van

ONBEKEND = "Deze kandidaat bestaat niet, of u mag dit formulier niet zien."


def _nieuwe_begeleider(session: Session, kandidaat_id: uuid.UUID, org: uuid.UUID) -> bool:
    """True when ``org`` guides this kandidaat now or took the guidance over (ZOU-P3)."""
    p = session.exec(
        select(Plaatsing.id).where(
            Plaatsing.kandidaat_id == kandidaat_id,
            or_(
                Plaatsing.begeleidende_organisatie_id == org,
                col(Plaatsing.id).in_(
                    select(Overdracht.plaatsing_id).where(Overdracht.naar_organisatie_id == org)
                ),
            ),
        )
    ).first()
    return p is not None


def kandidaat_voor(
    session: Session, kandidaat_id: uuid.UUID, actor: Actor, soort: FormulierSoort | None
) -> Kandidaat:
    """The kandidaat whose form ``actor`` may read (404 otherwise, as for any foreign object)."""
    k = session.get(Kandidaat, kandidaat_id)
    if k is None:
        raise NietGevonden(ONBEKEND)
    if actor.soort == OrganisatieSoort.bemiddelaar or k.zorgaanbieder_id == actor.organisatie_id:
        return k
    if (
        actor.soort == OrganisatieSoort.zorgaanbieder
        and soort == FormulierSoort.overdrachtsdocument
        and _nieuwe_begeleider(session, k.id, actor.organisatie_id)
    ):
        return k
    raise NietGevonden(ONBEKEND)


def eigen_kandidaat(session: Session, kandidaat_id: uuid.UUID, actor: Actor) -> Kandidaat:
    """The kandidaat of the calling casushouder (only it fills in the forms)."""
    k = session.get(Kandidaat, kandidaat_id)
    if k is None or k.zorgaanbieder_id != actor.organisatie_id:
        raise NietGevonden("Deze kandidaat bestaat niet, of het is niet uw kandidaat.")
    return k


def laatste(session: Session, kandidaat_id: uuid.UUID, soort: FormulierSoort) -> Formulier | None:
    return session.exec(
        select(Formulier)
        .where(Formulier.kandidaat_id == kandidaat_id, Formulier.soort == soort)
        .order_by(col(Formulier.versie).desc())
    ).first()


def versie(
    session: Session, kandidaat_id: uuid.UUID, soort: FormulierSoort, nummer: int | None
) -> Formulier:
    if nummer is None:
        f = laatste(session, kandidaat_id, soort)
    else:
        f = session.exec(
            select(Formulier).where(
                Formulier.kandidaat_id == kandidaat_id,
                Formulier.soort == soort,
                Formulier.versie == nummer,
            )
        ).first()
    if f is None:
        raise NietGevonden(
            f"Er is nog geen {DEFINITIES[soort].kort} voor deze kandidaat."
            if nummer is None
            else f"Versie {nummer} bestaat niet."
        )
    return f


def versies(session: Session, kandidaat_id: uuid.UUID, soort: FormulierSoort) -> list[Formulier]:
    return list(
        session.exec(
            select(Formulier)
            .where(Formulier.kandidaat_id == kandidaat_id, Formulier.soort == soort)
            .order_by(col(Formulier.versie).desc())
        ).all()
    )


def save(
    session: Session,
    *,
    kandidaat: Kandidaat,
    soort: FormulierSoort,
    inhoud: BaseModel,
    by: Actor,
    door_naam: str | None = None,
) -> Formulier:
    """Version n+1 of the form. Two saves at the same moment cannot both become version n+1:
    the unique constraint refuses the second, which then answers 409."""
    d = DEFINITIES[soort]
    data = inhoud.model_dump(mode="json")
    vorige = laatste(session, kandidaat.id, soort)
    f = Formulier(
        kandidaat_id=kandidaat.id,
        soort=soort,
        versie=(vorige.versie + 1) if vorige else 1,
        inhoud=data,
        compleet=not d.ontbrekend(data),
        opgeslagen_door_id=by.organisatie_id,
        opgeslagen_door_naam=door_naam or by.naam,
    )
    session.add(f)
    session.flush()
    audit.record(
        session,
        by,
        "formulier-opgeslagen",
        "kandidaat",
        kandidaat.id,
        na={"soort": soort.value, "versie": f.versie, "compleet": f.compleet},
    )
    return f


@dataclass(frozen=True)
class Status:
    soort: FormulierSoort
    titel: str
    regel: str
    versie: int | None
    compleet: bool
    ontbrekend: list[str]
    vereist_voor_acceptatie: bool
    opgeslagen_op: Any
    opgeslagen_door: str | None


def status(session: Session, kandidaat_id: uuid.UUID, soort: FormulierSoort) -> Status:
    d = DEFINITIES[soort]
    f = laatste(session, kandidaat_id, soort)
    inhoud = f.inhoud if f else {}
    return Status(
        soort=soort,
        titel=d.titel,
        regel=d.regel,
        versie=f.versie if f else None,
        compleet=bool(f and f.compleet),
        ontbrekend=[v.label for v in d.ontbrekend(inhoud)],
        vereist_voor_acceptatie=soort.value
        in regio_van(session).nazorg.formulieren_voor_acceptatie,
        opgeslagen_op=f.opgeslagen_op if f else None,
        opgeslagen_door=f.opgeslagen_door_naam if f else None,
    )


#: The forms of the preparation (the DRE-F1 application belongs to the route advice).
VOORBEREIDING = (FormulierSoort.overdrachtsdocument, FormulierSoort.preventie_actieplan)


def overzicht(session: Session, kandidaat: Kandidaat, actor: Actor) -> list[Status]:
    soorten = (
        VOORBEREIDING
        if actor.soort == OrganisatieSoort.bemiddelaar
        or kandidaat.zorgaanbieder_id == actor.organisatie_id
        else (FormulierSoort.overdrachtsdocument,)
    )
    return [status(session, kandidaat.id, s) for s in soorten]


@dataclass(frozen=True)
class Gereedheid:
    """ZOU-C1 stays one decision; this shows what it rests on."""

    gereed_verklaard: bool
    begeleiding_akkoord: bool
    formulieren: list[Status]
    klaar_voor_acceptatie: bool
    ontbrekend: list[str]


def gereedheid(session: Session, kandidaat: Kandidaat) -> Gereedheid:
    formulieren = [status(session, kandidaat.id, s) for s in VOORBEREIDING]
    ontbrekend = []
    if not kandidaat.gereed_verklaard:
        ontbrekend.append("De zorgaanbieder heeft de kandidaat nog niet gereed verklaard (ZOU-C1).")
    if not kandidaat.begeleiding_akkoord:
        ontbrekend.append("De begeleidingsovereenkomst voor twee jaar is er nog niet (ZOU-C3).")
    for s in formulieren:
        if s.vereist_voor_acceptatie and not s.compleet:
            ontbrekend.append(f"Het {DEFINITIES[s.soort].kort} is nog niet compleet.")
    return Gereedheid(
        gereed_verklaard=kandidaat.gereed_verklaard,
        begeleiding_akkoord=kandidaat.begeleiding_akkoord,
        formulieren=formulieren,
        klaar_voor_acceptatie=not ontbrekend,
        ontbrekend=ontbrekend,
    )


def check_acceptatie(session: Session, kandidaat_id: uuid.UUID) -> None:
    """Refuse accepting an aanbieding while a form the region requires is incomplete."""
    vereist = regio_van(session).nazorg.formulieren_voor_acceptatie
    open_ = [
        DEFINITIES[FormulierSoort(s)]
        for s in vereist
        if not status(session, kandidaat_id, FormulierSoort(s)).compleet
    ]
    if open_:
        namen = " en het ".join(d.kort for d in open_)
        raise Conflict(
            f"Accepteren kan pas als het {namen} compleet is. De casushouder vult dit in met de cliënt."
        )


def voorbereiding(session: Session, kandidaat_id: uuid.UUID) -> Voorbereiding:
    return session.get(Voorbereiding, kandidaat_id) or Voorbereiding(kandidaat_id=kandidaat_id)


def voorbereiding_opslaan(
    session: Session, *, kandidaat: Kandidaat, data: dict[str, Any], by: Actor
) -> Voorbereiding:
    """Set the preparation's dates (all of them: PUT). Dates lie within five years either way."""
    fouten = [
        Veldfout(to_camel(k), "Kies een datum binnen vijf jaar van vandaag.")
        for k, v in data.items()
        if v is not None and abs((v - vandaag()).days) > 5 * 366
    ]
    if fouten:
        raise OngeldigeInvoer("Deze datum kan niet.", fouten)
    v = session.get(Voorbereiding, kandidaat.id, with_for_update=True)
    voor = audit.snapshot(v)
    if v is None:
        v = Voorbereiding(kandidaat_id=kandidaat.id)
    for k, waarde in data.items():
        setattr(v, k, waarde)
    v.gewijzigd_op = nu()
    session.add(v)
    session.flush()
    audit.record(
        session,
        by,
        "voorbereiding-gewijzigd",
        "kandidaat",
        kandidaat.id,
        voor=voor,
        na=audit.snapshot(v),
    )
    return v
