"""Limits and defaults of the rendering options, and the shape of progress reports.

Kept in a module that imports nothing heavy, so that :mod:`reporte_docx.api`
(and so ``import reporte_docx``) and the command line's argument parser can
name them without loading Pillow, openpyxl or docxtpl.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

#: Resolution of the photos in the document; below 50 dpi photos blur on paper,
#: above 600 they only weigh.
DPI_PREDETERMINADO = 200
DPI_MINIMO, DPI_MAXIMO = 50, 600
#: Photos per row of an activity's grid.
COLUMNAS_PREDETERMINADAS = 2
COLUMNAS_MAXIMAS = 4


class Etapa(enum.StrEnum):
    """The steps of one generation, in order, as a progress callback sees them."""

    LECTURA = "lectura"
    FOTOS = "fotos"
    RENDER = "render"
    ESCRITURA = "escritura"


@dataclass(frozen=True)
class Avance:
    """One progress report: *hechas* of *total* units of *etapa* are done.

    Each step reports ``hechas=0`` when it starts and ``hechas == total`` when it
    ends; only :attr:`Etapa.FOTOS` counts photos in between (the others count 1).
    """

    etapa: Etapa
    hechas: int
    total: int

    @property
    def fraccion(self) -> float:
        """Progress of this step from 0.0 to 1.0."""
        return self.hechas / self.total if self.total else 1.0


#: A progress callback: called from the rendering thread with an :class:`Avance`.
Progreso = Callable[[Avance], None]
