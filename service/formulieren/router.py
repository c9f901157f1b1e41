"""Forms per kandidaat (ZOU-B3, ZOU-B4) and readiness (ZOU-C1): one route set per form, made
from its definition, so the two forms cannot drift apart."""

import uuid
from enum import StrEnum
from typing import Annotated
from typing import Any

from fastapi import APIRouter
from fastapi import Query
from fastapi.responses import Response

from service.auth import Actor
from service.deps import CurrentActor
from service.deps import LeeslogDep
from service.deps import SessionDep
from service.deps import toegang
from service.formulieren import actions
from service.formulieren import afdruk
from service.formulieren.definities import DEFINITIES
from service.formulieren.definities import inhoud_model
from service.formulieren.schemas import FormulierStatusUit
from service.formulieren.schemas import FormulierVersieKort
from service.formulieren.schemas import GereedheidUit
from service.formulieren.schemas import Voorbereiding
from service.formulieren.schemas import VoorbereidingInvoer
from service.formulieren.schemas import versie_model
from service.idempotency import IdempotentRoute
from service.models import Formulier
from service.models import FormulierSoort
from service.models import Kandidaat
from service.models import OrganisatieSoort

router = APIRouter(prefix="/kandidaten", tags=["formulieren"], route_class=IdempotentRoute)
S = OrganisatieSoort
PDF = "application/pdf"
PDF_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {PDF: {"schema": {"type": "string", "format": "binary"}}}}
}


class FormulierFormaat(StrEnum):
    json = "json"
    pdf = "pdf"


def status_uit(s: actions.Status) -> FormulierStatusUit:
    return FormulierStatusUit.model_validate(s.__dict__)


@router.get("/{kandidaat_id}/formulieren", **toegang(S.zorgaanbieder, S.bemiddelaar))
def formulieren_lijst(
    kandidaat_id: uuid.UUID, session: SessionDep, actor: CurrentActor
) -> list[FormulierStatusUit]:
    """De formulieren van de voorbereiding met hun status: overdrachtsdocument (ZOU-B3) en
    preventie-actieplan (ZOU-B4). Een nieuwe begeleidende organisatie ziet alleen het
    overdrachtsdocument."""
    k = actions.kandidaat_voor(session, kandidaat_id, actor, FormulierSoort.overdrachtsdocument)
    return [status_uit(s) for s in actions.overzicht(session, k, actor)]


@router.get("/{kandidaat_id}/gereedheid", **toegang(S.zorgaanbieder, S.bemiddelaar))
def gereedheid_lezen(
    kandidaat_id: uuid.UUID, session: SessionDep, actor: CurrentActor
) -> GereedheidUit:
    """Waar de gereedverklaring (ZOU-C1) op rust: de formulieren en de
    begeleidingsovereenkomst (ZOU-C3), en of een aanbieding geaccepteerd kan worden."""
    k = actions.kandidaat_voor(session, kandidaat_id, actor, None)
    g = actions.gereedheid(session, k)
    return GereedheidUit.model_validate(
        {**g.__dict__, "formulieren": [status_uit(s) for s in g.formulieren]}
    )


@router.get("/{kandidaat_id}/voorbereiding", **toegang(S.zorgaanbieder, S.bemiddelaar))
def voorbereiding_lezen(
    kandidaat_id: uuid.UUID, session: SessionDep, actor: CurrentActor
) -> Voorbereiding:
    """De data van de voorbereiding (ZOU-L1..L3): verwachte verhuizing, start, partijen,
    wijkteam en kennismaking. De signaleringen van de tijdlijn rekenen hiermee."""
    k = actions.kandidaat_voor(session, kandidaat_id, actor, None)
    return Voorbereiding.model_validate(actions.voorbereiding(session, k.id), from_attributes=True)


@router.put("/{kandidaat_id}/voorbereiding", **toegang(S.zorgaanbieder))
def voorbereiding_opslaan(
    kandidaat_id: uuid.UUID, data: VoorbereidingInvoer, session: SessionDep, actor: CurrentActor
) -> Voorbereiding:
    """Leg de data van de voorbereiding vast (alle velden; leeg is nog niet gebeurd)."""
    k = actions.eigen_kandidaat(session, kandidaat_id, actor)
    v = actions.voorbereiding_opslaan(session, kandidaat=k, data=data.model_dump(), by=actor)
    session.commit()
    return Voorbereiding.model_validate(v, from_attributes=True)


def versie_uit(session: Any, f: Formulier) -> dict[str, Any]:
    d = DEFINITIES[FormulierSoort(f.soort)]
    uit: dict[str, Any] = {
        "versie": f.versie,
        "compleet": f.compleet,
        "ontbrekend": [v.label for v in d.ontbrekend(f.inhoud)],
        "opgeslagen_op": f.opgeslagen_op,
        "opgeslagen_door": f.opgeslagen_door_naam,
        "inhoud": f.inhoud,
    }
    if f.soort == FormulierSoort.overdrachtsdocument:
        plan = actions.laatste(session, f.kandidaat_id, FormulierSoort.preventie_actieplan)
        uit["preventie_actieplan_versie"] = plan.versie if plan else None
    return uit


def afdruk_html(session: Any, k: Kandidaat, f: Formulier, *, voor_pdf: bool) -> str:
    """The printable form; the overdrachtsdocument carries the latest preventie-actieplan as its
    attachment (ZOU-B4)."""
    bijlage = None
    if f.soort == FormulierSoort.overdrachtsdocument:
        plan = actions.laatste(session, k.id, FormulierSoort.preventie_actieplan)
        if plan is not None:
            bijlage = {
                "d": DEFINITIES[FormulierSoort.preventie_actieplan],
                "inhoud": plan.inhoud,
                "versie": plan.versie,
                "opgeslagen_op": plan.opgeslagen_op,
                "opgeslagen_door": plan.opgeslagen_door_naam,
            }
    return afdruk.formulier_html(
        DEFINITIES[FormulierSoort(f.soort)],
        inhoud=f.inhoud,
        versie=f.versie,
        opgeslagen_op=f.opgeslagen_op,
        opgeslagen_door=f.opgeslagen_door_naam,
        client={"naam": f"{k.voornaam} {k.achternaam}", "geboortedatum": k.geboortedatum},
        bijlage=bijlage,
        voor_pdf=voor_pdf,
    )


def pdf_response(html: str, bestandsnaam: str) -> Response:
    return Response(
        afdruk.pdf(html),
        media_type=PDF,
        headers={"Content-Disposition": f'attachment; filename="{bestandsnaam}.pdf"'},
    )


def _routes(soort: FormulierSoort) -> None:
    d = DEFINITIES[soort]
    Inhoud = inhoud_model(soort)
    Versie = versie_model(soort)
    naam = soort.value.replace("-", "_")
    pad = f"/{{kandidaat_id}}/{soort.value}"

    def lezen(
        kandidaat_id: uuid.UUID,
        session: SessionDep,
        actor: CurrentActor,
        leeslog: LeeslogDep,
        versie: Annotated[
            int | None, Query(ge=1, le=100000, description="Standaard de laatste.")
        ] = None,
        formaat: Annotated[
            FormulierFormaat, Query(description="json (standaard) of pdf.")
        ] = FormulierFormaat.json,
    ) -> Any:
        k = actions.kandidaat_voor(session, kandidaat_id, actor, soort)
        f = actions.versie(session, k.id, soort, versie)
        leeslog(actor, "kandidaat", k.id, f"{d.kort} versie {f.versie} gelezen ({formaat.value})")
        if formaat == FormulierFormaat.pdf:
            return pdf_response(
                afdruk_html(session, k, f, voor_pdf=True), f"{soort.value}-v{f.versie}"
            )
        return Versie.model_validate(versie_uit(session, f))

    lezen.__doc__ = (
        f"{d.titel} ({d.regel}): de laatste versie, of ``versie``; ``formaat=pdf`` geeft het "
        "afdrukbare document. Elke keer lezen wordt gelogd."
    )
    router.add_api_route(
        pad,
        lezen,
        methods=["GET"],
        name=f"{naam}_lezen",
        response_model=Versie,
        responses=PDF_RESPONSES,
        **toegang(S.zorgaanbieder, S.bemiddelaar),
    )

    def versies(
        kandidaat_id: uuid.UUID, session: SessionDep, actor: CurrentActor
    ) -> list[FormulierVersieKort]:
        k = actions.kandidaat_voor(session, kandidaat_id, actor, soort)
        return [
            FormulierVersieKort(
                versie=f.versie,
                compleet=f.compleet,
                opgeslagen_op=f.opgeslagen_op,
                opgeslagen_door=f.opgeslagen_door_naam,
            )
            for f in actions.versies(session, k.id, soort)
        ]

    versies.__doc__ = f"Alle versies van het {d.kort}, nieuwste eerst: wie en wanneer."
    router.add_api_route(
        f"{pad}/versies",
        versies,
        methods=["GET"],
        name=f"{naam}_versies",
        **toegang(S.zorgaanbieder, S.bemiddelaar),
    )

    def opslaan(
        kandidaat_id: uuid.UUID,
        # FastAPI reads the body's model from here; it is made at runtime from the form's
        # definition, which mypy cannot follow (a local variable, not a type alias).
        data: Inhoud,  # type: ignore[valid-type]
        session: SessionDep,
        actor: CurrentActor,
    ) -> Any:
        k = actions.eigen_kandidaat(session, kandidaat_id, actor)
        f = actions.save(session, kandidaat=k, soort=soort, inhoud=data, by=actor)
        session.commit()
        return Versie.model_validate(versie_uit(session, f))

    opslaan.__doc__ = (
        f"Sla een nieuwe versie van het {d.kort} op ({d.regel}). De casushouder vult het in met "
        "de cliënt; eerdere versies blijven bewaard. Leeg laten mag: dan is het nog niet compleet."
    )
    router.add_api_route(
        f"{pad}/versies",
        opslaan,
        methods=["POST"],
        status_code=201,
        name=f"{naam}_opslaan",
        response_model=Versie,
        **toegang(S.zorgaanbieder),
    )


for _soort in (FormulierSoort.overdrachtsdocument, FormulierSoort.preventie_actieplan):
    _routes(_soort)

__all__ = ["Actor", "router"]
