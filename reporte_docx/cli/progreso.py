"""A one-line progress bar on the terminal, for long runs.

Drawn on stderr only when it is a terminal (never in a log, a pipe or a test),
redrawn at most a few times a second.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from reporte_docx.opciones import Avance, Etapa

ANCHO_BARRA = 30


class BarraDeProgreso:
    """A progress callback of the library that draws the photos' step as a bar.

    Called with each :class:`~reporte_docx.opciones.Avance`; the other steps are
    quick and left silent. The line ends when the photos are all done.
    """

    def __init__(
        self, etiqueta: str, archivo: TextIO | None = None, activa: bool | None = None
    ) -> None:
        self.etiqueta = etiqueta
        self.archivo = archivo if archivo is not None else sys.stderr
        if activa is None:
            activa = bool(getattr(self.archivo, "isatty", lambda: False)())
        self.activa = activa
        self._ultima = 0.0
        self._dibujada = False

    def __call__(self, avance: Avance) -> None:
        if avance.etapa == Etapa.FOTOS:
            self.dibujar(avance.hechas, avance.total)

    def dibujar(self, hechas: int, total: int) -> None:
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
