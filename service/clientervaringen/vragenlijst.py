"""Bijlage 6, *Vragenlijst Cliëntervaring* (ZOU-B6), as data.

Each question keeps the seed's wording (plain, short Dutch: ZOU-M5) and gets an answer type so
the region can count and average the answers (ZOU-M4):

- ``schaal``: ja / een beetje / nee (scored 3 / 2 / 1; the average is shown);
- ``getal``: a number (times, weeks; the average is shown);
- ``tekst``: an open answer (only counted: open answers are read, not averaged).

The whole list fits the kennismaking (it covers access and stay too); at evaluations the topics
on living independently suffice (§3.3): parts 4 *Uitstroom* and 5 *Gezondheid*.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any
from typing import Literal

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field
from pydantic import create_model
from pydantic.alias_generators import to_camel

Soort = Literal["schaal", "getal", "tekst"]
SCHAAL = {"ja": 3, "een-beetje": 2, "nee": 1}
SCHAAL_TEKST = {"ja": "Ja", "een-beetje": "Een beetje", "nee": "Nee"}


@dataclass(frozen=True)
class Vraag:
    code: str  # "1a"
    tekst: str
    soort: Soort
    eenheid: str | None = None

    @property
    def veld(self) -> str:
        return f"vraag_{self.code}"


@dataclass(frozen=True)
class Deel:
    nummer: int
    titel: str
    vragen: tuple[Vraag, ...]


DELEN = (
    Deel(
        1,
        "Aanvraag",
        (
            Vraag("1a", "Wie heeft jou geholpen bij de aanvraag?", "tekst"),
            Vraag("1b", "Weet je wie jouw hulp betaalt?", "schaal"),
            Vraag("1c", "Is er naar je geluisterd bij de kennismaking?", "schaal"),
            Vraag(
                "1d", "Wist je waar je hulp kon vragen toen je nog geen begeleiding had?", "schaal"
            ),
        ),
    ),
    Deel(
        2,
        "Intake en plaatsing",
        (
            Vraag("2a", "Was het duidelijk waar je zou gaan wonen?", "schaal"),
            Vraag("2b", "Kon je mee beslissen waar je zou gaan wonen?", "schaal"),
            Vraag("2c", "Hoe vaak heb je een woonplek bekeken?", "getal", "keer"),
            Vraag("2d", "Hoe lang duurde het voordat je daar kon wonen?", "getal", "weken"),
        ),
    ),
    Deel(
        3,
        "Woonplek of beschermd thuis",
        (
            Vraag("3a", "Was de woonplek en begeleiding zoals je dacht?", "schaal"),
            Vraag("3b", "Wat had je anders gewild?", "tekst"),
            Vraag("3c", "Luisterde de begeleiding naar je?", "schaal"),
            Vraag("3d", "Hoe lang duurde het voordat je leefgeld geregeld was?", "getal", "weken"),
            Vraag("3e", "Ken je mensen die hier ook woonden en nu op zichzelf wonen?", "schaal"),
            Vraag("3f", "Kon je geld sparen toen je daar woonde?", "schaal"),
        ),
    ),
    Deel(
        4,
        "Uitstroom",
        (
            Vraag("4a", "Wat was goed aan je begeleiding?", "tekst"),
            Vraag("4b", "Wat vond je niet fijn aan je begeleiding?", "tekst"),
            Vraag("4c", "Hielp de begeleiding je om op jezelf te gaan wonen?", "schaal"),
            Vraag("4e", "Ben je tevreden met je nieuwe huis?", "schaal"),
            Vraag("4f", "Mocht je zelf kiezen waar je ging wonen?", "schaal"),
            Vraag("4g", "Werd je goed geholpen met geld?", "schaal"),
        ),
    ),
    Deel(
        5,
        "Gezondheid",
        (
            Vraag("5a", "Was er aandacht voor je lichaam en gezondheid?", "schaal"),
            Vraag("5b", "Was er aandacht voor hoe je je voelt?", "schaal"),
            Vraag("5c", "Was er aandacht voor wassen en verzorgen?", "schaal"),
            Vraag("5d", "Was er aandacht voor je dag- en nachtritme?", "schaal"),
            Vraag("5e", "Was er aandacht voor hoe je slaapt?", "schaal"),
        ),
    ),
)
#: The parts on living independently in the wijk, asked at evaluations (§3.3).
BIJ_EVALUATIE = (4, 5)
VRAGEN = {v.code: v for d in DELEN for v in d.vragen}


class AntwoordenBasis(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


def _type(v: Vraag) -> tuple[Any, Any]:
    alias = f"vraag{v.code}"  # vraag1c, as printed in the seed
    if v.soort == "schaal":
        return Literal["ja", "een-beetje", "nee"] | None, Field(
            None, alias=alias, description=v.tekst
        )
    if v.soort == "getal":
        return int | None, Field(
            None, ge=0, le=520, alias=alias, description=f"{v.tekst} ({v.eenheid})"
        )
    return str | None, Field(None, max_length=1000, alias=alias, description=v.tekst)


@cache
def antwoorden_model() -> type[AntwoordenBasis]:
    velden: dict[str, Any] = {v.veld: _type(v) for v in VRAGEN.values()}
    return create_model("ClientervaringAntwoorden", __base__=AntwoordenBasis, **velden)
