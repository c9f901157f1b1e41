"""Policy lab replay (issue 16): two years, 5,000 woningen against 100,000 kandidaten.

Target: ≤ 60 s and ≤ 500 MB on this machine. The history comes from the generator the tests
use (``tests/matching/geschiedenis.py``; the plain-sort control is switched off, it would take
hours at this size): half of the kandidaten wait at the start, the rest register over the two
years; pauses, changed wishes, declines with refills, placements. Reported with the ratio to
(single-voordracht figure × number of voordrachtmomenten), the single figure being the engine +
DB p50 of ``bench_voordracht.py`` (``--enkel-ms``, default the SQLite figure in results.md).

    .venv/bin/python benchmarks/bench_beleidslab.py [--kandidaten 100000] [--woningen 5000]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from matching.replay import Aanmelding  # noqa: E402
from matching.replay import Beleid  # noqa: E402
from matching.replay import Voordrachtmoment  # noqa: E402
from matching.replay import speel_na  # noqa: E402
from matching.replay import vergelijk  # noqa: E402
from tests.matching.geschiedenis import genereer  # noqa: E402
from tests.matching.matching_testdata import GRENZEN_2026  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kandidaten", type=int, default=100_000)
    ap.add_argument("--woningen", type=int, default=5_000)
    ap.add_argument("--enkel-ms", type=float, default=1.09, help="single voordracht p50 (ms)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    history, zorg = genereer(kandidaten=args.kandidaten, woningen=args.woningen, controle=False)
    t_gen = time.perf_counter() - t0
    momenten = sum(isinstance(g, Voordrachtmoment) for g in history)
    nu = Beleid(grenzen={2026: GRENZEN_2026})
    t0 = time.perf_counter()
    herspeeld = speel_na(nu, history)
    t_replay = time.perf_counter() - t0
    aanmeld = {
        g.kandidaat.id: g.kandidaat.aanmelddatum for g in history if isinstance(g, Aanmelding)
    }
    t0 = time.perf_counter()
    vergelijk(herspeeld, herspeeld, aanmelddatum=aanmeld, zorgaanbieder=zorg)
    t_vergelijk = time.perf_counter() - t0
    piek = rss_mb()
    result = {
        "kandidaten": args.kandidaten,
        "woningen": args.woningen,
        "gebeurtenissen": len(history),
        "voordrachtmomenten": momenten,
        "plekken": sum(len(h.plekken) for h in herspeeld),
        "genereren_s": round(t_gen, 1),
        "herspelen_s": round(t_replay, 2),
        "vergelijken_s": round(t_vergelijk, 2),
        "piek_rss_mb": round(piek),
        "enkel_voordracht_ms": args.enkel_ms,
        "verhouding": round(t_replay / (args.enkel_ms / 1000 * momenten), 2),
        "binnen_60s": t_replay <= 60,
        "binnen_500mb": piek <= 500,
    }
    print(json.dumps(result, indent=1))
    (REPO / "artifacts").mkdir(exist_ok=True)
    (REPO / "artifacts" / "bench-beleidslab.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
