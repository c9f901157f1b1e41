"""The top-N proposal for one woning (MATCH-N) with its explanation.

``stel_voor`` walks the kandidaten in rank order (MATCH-K1..K3 under ``context.beleid``, see
``ranking``):

- ids in ``context.overslaan`` (they already hold a place on this voordracht) are skipped
  silently: not examined, not counted, not proposed;
- every other kandidaat is examined; the first failing rule (MATCH-V1, then MATCH-E1..E7)
  adds one to that rule's count in ``uitgesloten_per_regel``;
- a suitable kandidaat becomes the next place, until ``context.aantal`` places are filled.

With ``gesorteerd=True`` the caller (the database) already yields kandidaten in rank order;
the iterable is consumed lazily and nothing is read after the last place is filled. Without
it the kandidaten are sorted first. Both modes stop at the same point, so the same ordered
data gives the same ``Voordracht``. A caller that yields kandidaten out of order, or the same
id twice, gets a ``ValueError``.
"""

from __future__ import annotations

from collections.abc import Iterable

from matching.formatting import format_datum
from matching.model import VOORRANG
from matching.model import Context
from matching.model import EersteKeuzeBeleid
from matching.model import Kandidaat
from matching.model import Voordracht
from matching.model import Voordrachtplek
from matching.model import Woning
from matching.ranking import Rangsleutel
from matching.ranking import is_eerste_keuze
from matching.ranking import rangsleutel
from matching.rules import REGEL_IDS
from matching.rules import beoordeel_tot_uitsluiting

__all__ = ["beleid_uitleg", "reden_rang", "stel_voor"]


def beleid_uitleg(beleid: EersteKeuzeBeleid, gemeente: str) -> str:
    """Plain Dutch statement of the first-choice policy that ranked a proposal (MATCH-K1)."""
    if beleid.soort == "begrensd":
        n = beleid.max_voorsprong_maanden
        return (
            f"Eerste keuze telt mee, maar begrensd: wie {gemeente} als eerste keuze heeft, gaat voor "
            f"wie {gemeente} als latere keuze heeft, behalve als die meer dan {n} "
            f"{_maanden(n)} eerder is aangemeld."
        )
    return (
        f"Eerste keuze gaat voor: wie {gemeente} als eerste keuze heeft, gaat voor wie "
        f"{gemeente} als latere keuze heeft. Daarbinnen gaat wie het langst wacht voor."
    )


def _maanden(n: int | None) -> str:
    return "maand" if n == 1 else "maanden"


def reden_rang(
    kandidaat: Kandidaat,
    woning: Woning,
    positie: int,
    vorige: Kandidaat | None = None,
    beleid: EersteKeuzeBeleid = VOORRANG,
) -> str:
    """Plain Dutch explanation of why ``kandidaat`` holds ``positie`` (MATCH-K1..K3).

    ``vorige`` is the kandidaat on the place before, used to explain ties and the step between
    first-choice kandidaten and the others under ``beleid``.
    """
    gemeente = woning.gemeente
    eerste = is_eerste_keuze(kandidaat, woning)
    if eerste:
        keuze = f"{gemeente} is de eerste keuze"
    else:
        nummer = kandidaat.gemeentevoorkeuren.index(gemeente) + 1
        keuze = f"{gemeente} is keuze {nummer}, niet de eerste keuze"
    delen = [keuze, f"wacht sinds {format_datum(kandidaat.aanmelddatum)}"]
    begrensd = beleid.soort == "begrensd"
    n = beleid.max_voorsprong_maanden

    if vorige is None:
        if begrensd:
            delen[-1] += " (staat het hoogst van wie geschikt is)"
        elif eerste:
            delen[-1] += f" (het langst van wie {gemeente} als eerste keuze heeft)"
        else:
            delen[-1] += " (het langst van wie geschikt is)"
    elif is_eerste_keuze(vorige, woning) and not eerste:
        if begrensd:
            delen.append(
                f"komt na plek {positie - 1}, die {gemeente} als eerste keuze heeft en "
                f"niet meer dan {n} {_maanden(n)} later is aangemeld"
            )
        else:
            delen.append(f"komt daarom na wie {gemeente} als eerste keuze heeft")
    elif begrensd and eerste and not is_eerste_keuze(vorige, woning):
        delen.append(
            f"komt na plek {positie - 1}, die meer dan {n} {_maanden(n)} eerder is aangemeld "
            f"(de voorsprong van eerste keuze is begrensd)"
        )
    elif vorige.aanmelddatum == kandidaat.aanmelddatum:
        if vorige.volgnummer == kandidaat.volgnummer:
            delen.append(
                f"zelfde aanmelddatum en volgnummer als plek {positie - 1}; "
                "volgorde op kandidaatnummer"
            )
        else:
            delen.append(
                f"zelfde aanmelddatum als plek {positie - 1}, maar later ingeschreven "
                "(bij dezelfde aanmelddatum gaat wie eerder is ingeschreven voor)"
            )
    return f"Plek {positie}: " + "; ".join(delen) + "."


def stel_voor(
    woning: Woning,
    kandidaten: Iterable[Kandidaat],
    context: Context,
    *,
    gesorteerd: bool = False,
) -> Voordracht:
    """Propose up to ``context.aantal`` suitable kandidaten for ``woning`` (MATCH-N)."""
    teller = dict.fromkeys(REGEL_IDS, 0)
    plekken: list[Voordrachtplek] = []
    onderzocht = 0

    if context.aantal > 0:
        if gesorteerd:
            bron: Iterable[Kandidaat] = kandidaten
        else:
            bron = sorted(kandidaten, key=lambda k: rangsleutel(k, woning, context.beleid))
        gezien: set[str] = set()
        vorige_sleutel: Rangsleutel | None = None
        vorige: Kandidaat | None = None

        for kandidaat in bron:
            if kandidaat.id in gezien:
                raise ValueError(f"kandidaat {kandidaat.id!r} occurs more than once")
            gezien.add(kandidaat.id)
            sleutel = rangsleutel(kandidaat, woning, context.beleid)
            if vorige_sleutel is not None and sleutel < vorige_sleutel:
                raise ValueError(
                    f"kandidaat {kandidaat.id!r} is out of rangsleutel order (gesorteerd=True)"
                )
            vorige_sleutel = sleutel

            if kandidaat.id in context.overslaan:
                continue
            onderzocht += 1
            uitkomsten = beoordeel_tot_uitsluiting(kandidaat, woning, context)
            if not uitkomsten[-1].geschikt:
                teller[uitkomsten[-1].regel] += 1
                continue

            positie = len(plekken) + 1
            plekken.append(
                Voordrachtplek(
                    kandidaat_id=kandidaat.id,
                    positie=positie,
                    eerste_keuze=is_eerste_keuze(kandidaat, woning),
                    aanmelddatum=kandidaat.aanmelddatum,
                    redenen_geschikt=uitkomsten,
                    reden_rang=reden_rang(kandidaat, woning, positie, vorige, context.beleid),
                )
            )
            vorige = kandidaat
            if len(plekken) == context.aantal:
                break

    return Voordracht(
        woning_id=woning.id,
        plekken=tuple(plekken),
        uitgesloten_per_regel=teller,
        onderzocht=onderzocht,
        gevraagd=context.aantal,
        beleid=context.beleid,
    )
