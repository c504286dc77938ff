"""What the public functions take and give back: the types a caller names.

Kept apart from the functions so that every part of :mod:`reporte_docx.api`
(and a caller's annotations) can name them without importing the others.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reporte_docx.errores import Hallazgo
from reporte_docx.modelo import Reporte
from reporte_docx.origen import Origen

if TYPE_CHECKING:
    from reporte_docx.documento.testado import Testadura

#: What cancels a generation: a :class:`threading.Event` that gets set, or a
#: callable that returns ``True``. It is looked at before each step and between photos.
Cancelar = threading.Event | Callable[[], bool]
#: Where the photos named in a workbook are found: a root folder they may not leave,
#: or a callable that maps a path as written to the file (``None`` when it has none).
#: The same as :data:`reporte_docx.fotos.rutas.OrigenFotos`, named here without loading it.
CarpetaFotos = str | os.PathLike[str] | Callable[[str], "str | os.PathLike[str] | None"] | None
#: The photo cache: ``True`` the user's cache folder (or ``$REPORTE_DOCX_CACHE``),
#: ``False`` none, or a folder of the caller's.
Cache = bool | str | os.PathLike[str]


@dataclass
class Resultado:
    """What one generation produced.

    *docx* is the finished document; *ruta* where it was written (``None`` when it
    was only rendered); *respaldo* the backup made of an edited document it
    replaced; *avisos* the warnings of the workbook or model and the template.
    """

    reporte: Reporte
    docx: bytes
    ruta: Path | None = None
    respaldo: Path | None = None
    avisos: list[Hallazgo] = field(default_factory=list)

    @property
    def tamano(self) -> int:
        """Size of the document in bytes."""
        return len(self.docx)


@dataclass
class ResultadoPublico(Resultado):
    """What one generation of the public version (*versión pública*) produced.

    As :class:`Resultado` (its *reporte* is the workbook's, unredacted; *docx* the
    public version), and: *pdf* the public version's PDF when LibreOffice made one
    (it paginates the legend), *ruta_pdf* where it was written (``None`` unless
    asked), *leyenda* the rows of the closing *leyenda de clasificación* (what was
    removed said generically, how many times, on which pages, on what basis).
    """

    pdf: bytes | None = None
    ruta_pdf: Path | None = None
    leyenda: list[Testadura] = field(default_factory=list)


@dataclass
class Verificacion:
    """What :func:`~reporte_docx.api.verificar_documento` found in a .docx.

    *errores* are structural problems; *etiquetas* template tags left in the text
    (harmless when the data holds them on purpose); *version* the reporte-docx
    version that generated it (``None`` if it did not), and *editado* whether it
    was changed since. *avisos* are oddities Word opens without complaint (a stale
    declaration of a properties part).
    """

    errores: list[Hallazgo]
    etiquetas: list[Hallazgo]
    version: str | None
    editado: bool
    avisos: list[Hallazgo] = field(default_factory=list)


class Plantilla:
    """A Word template opened and checked once, then used for any number of reports.

    Build it with :meth:`abrir` and pass it wherever a ``plantilla`` is taken.
    It holds the template's bytes; each render works on its own copy, so one
    :class:`Plantilla` may be shared by threads and pickled to worker processes.
    """

    def __init__(self, datos: bytes, nombre: str, avisos: list[Hallazgo]) -> None:
        #: The .docx bytes, already checked.
        self.datos = datos
        #: How messages name the template.
        self.nombre = nombre
        #: Warnings of the check (errors would have stopped :meth:`abrir`).
        self.avisos = avisos

    @classmethod
    def abrir(cls, origen: Origen | None = None, *, nombre: str | None = None) -> Plantilla:
        """Open and check the template at *origen* (the official one when ``None``).

        :param origen: a path, the .docx bytes, or a binary stream.
        :param nombre: how messages name an in-memory template (default «plantilla.docx»).
        :returns: the checked template; its warnings are in :attr:`avisos`.
        :raises ErrorDePlantilla: missing, not a .docx, or with errors (each in ``hallazgos``).
        :raises TypeError: *origen* is not a path, bytes or a binary stream.
        """
        from reporte_docx.plantilla.render import preparar_plantilla

        return cls(*preparar_plantilla(origen, nombre))

    def __repr__(self) -> str:
        return f"Plantilla({self.nombre!r})"


def plantilla_abierta(plantilla: Plantilla | Origen | None) -> Plantilla:
    """*plantilla* as an opened :class:`Plantilla` (opened and checked now if it is not one)."""
    return plantilla if isinstance(plantilla, Plantilla) else Plantilla.abrir(plantilla)
