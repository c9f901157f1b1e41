"""The repository root is importable in every test package, also when pytest runs without the
project's configuration (``tests`` is a package, so pytest puts its parent on ``sys.path`` for
this file; the explicit insert keeps that true under any import mode)."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
