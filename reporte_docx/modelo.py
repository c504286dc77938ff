"""The report as plain data.

These dataclasses are the heart of the pipeline (workbook → model → template
context → document). They do no I/O and know nothing of Excel or Word, so a
program can build a :class:`Reporte` in code and hand it to
:func:`reporte_docx.renderizar_reporte`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

Numero = int | float | Decimal

#: The one rule for the year of a report (``ejercicio``), for a workbook and for a model
#: built in code alike: from 2000 (no report of this kind is older) to next year (a
#: report prepared ahead). Anything else is a typo (``203``, ``20233``) or a wrong cell.
ANIO_MINIMO = 2000
ANIOS_ADELANTE = 1


def anio_maximo() -> int:
    """The latest year a report may be for: next year."""
    return dt.date.today().year + ANIOS_ADELANTE


def anio_valido(anio: int) -> bool:
    """Whether *anio* is a plausible ``ejercicio`` (:data:`ANIO_MINIMO` to next year)."""
    return ANIO_MINIMO <= anio <= anio_maximo()


@dataclass(frozen=True)
class ImagenDelLibro:
    """A picture pasted into the workbook: read from the workbook's zip, not from a file.

    *parte* is the zip member (``xl/media/image1.png``); *hoja*, *fila* and
    *columna* (a letter) say where the picture sits, so that a bad one is
    reported where it can be fixed.
    """

    libro: Path
    parte: str
    hoja: str = ""
    fila: int = 0
    columna: str = ""

    @property
    def celda(self) -> str:
        return f"{self.columna}{self.fila}"

    def __str__(self) -> str:
        return f"imagen pegada en {self.hoja}!{self.celda}" if self.hoja else self.parte


@dataclass
class Fotografia:
    """One evidence photo of an activity."""

    #: The photo's file. For a picture pasted in the workbook, the workbook's path
    #: followed by the part (``reporte.xlsx/xl/media/image1.png``): a name that
    #: tells photos apart, not a file on disk; :attr:`pegada` says where to read it.
    archivo: Path
    pie: str = ""
    #: Row of the ``Fotografias`` sheet it came from, so that a bad photo can be
    #: reported where the user can fix it. ``None`` when built in code.
    fila: int | None = None
    #: Sheet and column of that row as the workbook writes them (``None`` when built in code).
    hoja: str | None = None
    columna: str | None = None
    #: Width and height in pixels as seen (EXIF rotation applied), kept when the
    #: workbook is read so that the layout does not open the file again. ``None``:
    #: not measured yet (a photo built in code is measured when rendered).
    medidas: tuple[int, int] | None = field(default=None, compare=False, repr=False)
    #: Set when the photo was pasted into the workbook instead of given as a file.
    pegada: ImagenDelLibro | None = None
    #: The path as written in the workbook, which messages show (``None`` when built in code).
    escrito: str | None = field(default=None, compare=False)

    @property
    def origen(self) -> Path | ImagenDelLibro:
        """Where the photo's bytes are: its file, or a part of the workbook."""
        return self.pegada or self.archivo

    @classmethod
    def del_libro(
        cls, imagen: ImagenDelLibro, pie: str = "", fila: int | None = None
    ) -> Fotografia:
        """A photo pasted into the workbook."""
        return cls(imagen.libro / imagen.parte, pie, fila, pegada=imagen)


@dataclass
class Evento:
    """One row of a ``Fecha | Evento`` table."""

    fecha: dt.date
    evento: str


@dataclass
class TablaEventos:
    """A titled ``Fecha | Evento`` table shown under an activity's photos."""

    titulo: str
    eventos: list[Evento] = field(default_factory=list)


@dataclass
class Actividad:
    """One activity: becomes one sheet ("ficha") of the report."""

    id: str
    nombre: str
    fecha: dt.date
    lugar: str
    descripcion: str
    #: Empty means "use the report's default objective" (:attr:`Reporte.objetivo`).
    objetivo: str = ""
    fotografias: list[Fotografia] = field(default_factory=list)
    tablas: list[TablaEventos] = field(default_factory=list)
    #: Last day when the activity lasted several days (``fecha`` is then the first).
    fecha_fin: dt.date | None = None
    #: Address of the link the LUGAR cell holds (a videoconference, a map), if any.
    lugar_enlace: str | None = None


@dataclass
class Firma:
    """One column of the signature block: rol (Elaboró, Revisó, Autorizó…), name and post."""

    rol: str
    nombre: str
    cargo: str


@dataclass
class Reporte:
    """The whole quarterly report: heading, indicator table, activities and signatures."""

    dependencia: str
    titulo: str
    ejercicio: int
    trimestre: int
    programa_presupuestario: str = ""
    unidad_responsable_programa: str = ""
    unidad_responsable_fuente: str = ""
    nivel_objetivo: str = ""
    indicador: str = ""
    descripcion_avance: str = ""
    variable_programada: str = ""
    variable_realizada: str = ""
    programadas: Numero = 0
    realizadas: Numero = 0
    justificacion: str = ""
    #: Default objective of every activity that leaves its own blank.
    objetivo: str = ""
    actividades: list[Actividad] = field(default_factory=list)
    firmas: list[Firma] = field(default_factory=list)

    @property
    def avance(self) -> float | None:
        """Realized over programmed (1.0 is 100 %); ``None`` when nothing was programmed."""
        if not self.programadas:
            return None
        return float(self.realizadas) / float(self.programadas)

    def objetivo_de(self, actividad: Actividad) -> str:
        """The objective shown for *actividad*: its own, or the report's default."""
        return actividad.objetivo.strip() or self.objetivo

    @property
    def fotografias(self) -> list[Fotografia]:
        """Every photo of every activity, in document order."""
        return [f for a in self.actividades for f in a.fotografias]
