"""Exact integer distribution with bounds, solved with OR-Tools CP-SAT (ZOU-K2).

Used by `contingent.verdeling` when the largest-remainder result breaks a minimum,
maximum or fixed amount. All arithmetic is in integers: with integer weights `w_i`
summing to `W` and total `T`, the scaled deviation of provider i is
`d_i = x_i * W - T * w_i`, i.e. `W` times the deviation from its exact share
`T * w_i / W`. No floats are involved, so the optimum is exact.

The result is the unique lexicographic optimum of four stages; stages 1-3 are solved
to proven optimality and then fixed as a constraint for the next:

1. minimise the sum of `|d_i|` over all providers (total deviation from the shares);
2. minimise the homes given to providers with weight 0 (they only get homes when the
   bounds leave no other choice);
3. minimise the sum of `d_i ** 2` (spread a shortfall or surplus that bounds force on
   the others as evenly as possible, in whole homes);
4. in canonical order (larger weight first, then name), give each provider as many
   homes as the previous stages allow (the same tie-break as largest remainder). This
   stage is exact pure Python (single-home exchanges, see `_kanoniek`).

Stage 4 fixes every number, so the answer does not depend on solver internals or on
input order. Without bounds this reproduces the largest-remainder result exactly. The
solver runs with one worker and a fixed seed anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # OR-Tools (and the pandas it pulls in) loads only when a bound binds
    from ortools.sat.python import cp_model  # lazy: heavy library

_TIJDSLIMIET_SECONDEN = 10.0


@dataclass(frozen=True, slots=True)
class Probleem:
    """Integer form of a distribution problem; index order is the canonical order."""

    totaal: int
    gewichten: Sequence[int]
    ondergrenzen: Sequence[int]
    bovengrenzen: Sequence[int]


def _solve(model: cp_model.CpModel) -> cp_model.CpSolver:
    from ortools.sat.python import cp_model  # lazy: heavy library

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = _TIJDSLIMIET_SECONDEN
    status = solver.solve(model)
    if status != cp_model.OPTIMAL:
        # Input validation guarantees feasibility, so this is a programming error
        # or a time-out, not a user error.
        raise RuntimeError(f"CP-SAT found no proven optimum (status {solver.status_name(status)})")
    return solver


def optimaliseer(probleem: Probleem) -> list[int]:
    """Return the homes per provider (in the problem's index order)."""
    from ortools.sat.python import cp_model  # lazy: heavy library

    totaal = probleem.totaal
    gewichten = list(probleem.gewichten)
    som = sum(gewichten)
    n = len(gewichten)
    grootste = totaal * som

    model = cp_model.CpModel()
    x = [
        model.new_int_var(probleem.ondergrenzen[i], probleem.bovengrenzen[i], f"x{i}")
        for i in range(n)
    ]
    model.add(sum(x) == totaal)
    afwijking = []
    for i in range(n):
        d = model.new_int_var(-grootste, grootste, f"d{i}")
        model.add(d == x[i] * som - totaal * gewichten[i])
        a = model.new_int_var(0, grootste, f"a{i}")
        model.add_abs_equality(a, d)
        afwijking.append(a)

    # Stage 1: total deviation.
    model.minimize(sum(afwijking))
    beste_som = round(_solve(model).objective_value)
    model.add(sum(afwijking) <= beste_som)

    # Stage 2: as few homes as possible for providers with weight 0.
    nulgewicht = [x[i] for i in range(n) if gewichten[i] == 0]
    if nulgewicht:
        model.minimize(sum(nulgewicht))
        beste_nul = round(_solve(model).objective_value)
        model.add(sum(nulgewicht) <= beste_nul)

    # Stage 3: sum of squared deviations, in expanded integer form:
    # sum d_i^2 = W * sum(W * x_i^2 - 2 * T * w_i * x_i) + constant.
    kwadraten = []
    for i in range(n):
        hoog = probleem.bovengrenzen[i]
        q = model.new_int_var(0, hoog * hoog, f"q{i}")
        model.add_multiplication_equality(q, [x[i], x[i]])
        kwadraten.append(q)
    tweede = sum(som * kwadraten[i] - 2 * totaal * gewichten[i] * x[i] for i in range(n))
    model.minimize(tweede)
    beste_tweede = round(_solve(model).objective_value)
    model.add(tweede <= beste_tweede)

    oplossing = _solve(model)
    uitkomst = [oplossing.value(x[i]) for i in range(n)]
    return _kanoniek(uitkomst, probleem)


def _kanoniek(uitkomst: list[int], probleem: Probleem) -> list[int]:
    """Stage 4: among equally good answers, the lexicographic maximum in index order.

    Moves one home at a time from a later to an earlier provider when that leaves the
    total and squared deviations equal (and the zero-weight homes, which only change
    when such a provider is involved). The optimal set of a separable convex objective
    is M-convex, so when no such move is left the answer is the lexicographic maximum.
    """
    som = sum(probleem.gewichten)
    totaal = probleem.totaal

    def kosten(i: int, waarde: int) -> tuple[int, int, int]:
        d = waarde * som - totaal * probleem.gewichten[i]
        nul = waarde if probleem.gewichten[i] == 0 else 0
        return abs(d), nul, d * d

    x = list(uitkomst)
    veranderd = True
    while veranderd:
        veranderd = False
        for i in range(len(x)):
            if x[i] >= probleem.bovengrenzen[i]:
                continue
            for j in range(i + 1, len(x)):
                if x[j] <= probleem.ondergrenzen[j]:
                    continue
                voor = [a + b for a, b in zip(kosten(i, x[i]), kosten(j, x[j]), strict=True)]
                na = [a + b for a, b in zip(kosten(i, x[i] + 1), kosten(j, x[j] - 1), strict=True)]
                if na == voor:
                    x[i] += 1
                    x[j] -= 1
                    veranderd = True
                    break
            if veranderd:
                break
    return x
