"""A one-line progress bar on the terminal, for long runs.

Drawn on stderr only when it is a terminal (never in a log, a pipe or a test),
redrawn at most a few times a second.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

ANCHO_BARRA = 30


class BarraDeProgreso:
    """Callable as ``barra(hechas, total)``; the line ends when ``hechas == total``."""

    def __init__(self, etiqueta: str, archivo: TextIO | None = None, activa: bool | None = None):
        self.etiqueta = etiqueta
        self.archivo = archivo if archivo is not None else sys.stderr
        if activa is None:
            activa = bool(getattr(self.archivo, "isatty", lambda: False)())
        self.activa = activa
        self._ultima = 0.0
        self._dibujada = False

    def __call__(self, hechas: int, total: int) -> None:
        if not self.activa or total <= 0:
            return
        ahora = time.monotonic()
        final = hechas >= total
        if not final and ahora - self._ultima < 0.1:
            return
        self._ultima = ahora
        llenas = ANCHO_BARRA * hechas // total
        barra = "█" * llenas + "░" * (ANCHO_BARRA - llenas)
        self.archivo.write(f"\r{self.etiqueta} {barra} {hechas}/{total}")
        if final:
            self.archivo.write("\n")
        self.archivo.flush()
