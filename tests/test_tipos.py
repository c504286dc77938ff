"""``mypy --strict`` on the package: it ships ``py.typed``, so its users see these types."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent


def test_mypy_estricto_sin_errores():
    mypy = Path(sys.executable).with_name("mypy")
    r = subprocess.run([str(mypy)], cwd=RAIZ, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-5000:] + r.stderr
