"""The workbook in: given as a path, bytes or a stream, read into a model and its findings.

The workbook's reader checks a file before openpyxl opens it (zip bombs,
encrypted files…), so a workbook given in memory is first written to a private
temporary folder; every finding that would name that copy names the workbook
as the caller called it instead.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from reporte_docx.api.tipos import CarpetaFotos
from reporte_docx.errores import ErrorDeDatos, Hallazgo
from reporte_docx.modelo import Lectura, Reporte
from reporte_docx.origen import Origen, como_ruta, leer_origen

if TYPE_CHECKING:  # the workbook layer loads on the first call
    from reporte_docx.libro.nuevo import Inicio

_log = logging.getLogger(__name__)


@dataclass
class LibroLeido:
    """A workbook given any way, as the path its reader opens.

    *datos* are its bytes when it came in memory; *carpeta* the private temporary
    folder they were written to (``None`` for a workbook given by path).
    """

    ruta: Path
    nombre: str
    datos: bytes | None = None
    carpeta: Path | None = None
    conservada: bool = False

    def conservar(self, reporte: Reporte | None) -> None:
        """Keep the temporary copy while *reporte* lives, if photos pasted in it are read
        from there (they are read when rendered); else it goes at the end of the block."""
        if self.carpeta is None or reporte is None:
            return
        if any(f.pegada is not None for f in reporte.fotografias):
            weakref.finalize(reporte, shutil.rmtree, self.carpeta, True)
            self.conservada = True


@contextlib.contextmanager
def libro_en_disco(libro: Origen, nombre: str | None) -> Iterator[LibroLeido]:
    """The workbook *libro* (a path, bytes or a stream) as a file its reader can open.

    Bytes and streams go to a private temporary folder, under the name the
    caller gave; it is removed at the end of the block unless
    :meth:`LibroLeido.conservar` kept it for a report.
    """
    ruta = como_ruta(libro)
    if ruta is not None:
        yield LibroLeido(ruta, str(ruta))
        return
    datos = leer_origen(libro, "libro")
    nombre = Path(nombre or "libro.xlsx").name
    carpeta = Path(tempfile.mkdtemp(prefix="reporte-docx-libro-"))
    leido = LibroLeido(carpeta / nombre, nombre, datos, carpeta)
    try:
        leido.ruta.write_bytes(datos)
        yield leido
    finally:
        if not leido.conservada:
            shutil.rmtree(carpeta, ignore_errors=True)


def _sin_temporal(hallazgos: list[Hallazgo], temporal: Path, nombre: str) -> list[Hallazgo]:
    """Findings that name the temporary copy name the workbook as the caller called it."""
    if str(temporal) == nombre:
        return hallazgos
    carpeta = str(temporal.parent)

    def sin(texto: str | None) -> str | None:
        if texto is None:
            return None
        return texto.replace(str(temporal), nombre).replace(carpeta + os.sep, "")

    return [replace(h, lugar=sin(h.lugar), mensaje=sin(h.mensaje) or "") for h in hallazgos]


def leer_en_disco(leido: LibroLeido, carpeta_fotos: CarpetaFotos, decodificar: bool) -> Lectura:
    """Read the workbook *leido*; its findings name it as the caller did."""
    from reporte_docx.libro.lectura import analizar_libro as leer

    if carpeta_fotos is None and leido.carpeta is not None:
        # a workbook in memory (an upload) has no folder of its own: without one given, its
        # photo files are confined to its private copy's, so that a path written in it
        # (``/home/…``, ``../..``) never reads an image from anywhere on the server
        carpeta_fotos = leido.carpeta
    inicio = time.perf_counter()
    lectura = leer(leido.ruta, decodificar_fotos=decodificar, carpeta_fotos=carpeta_fotos)
    lectura.hallazgos = _sin_temporal(lectura.hallazgos, leido.ruta, leido.nombre)
    _log.debug("libro «%s» leído en %.3f s", leido.nombre, time.perf_counter() - inicio)
    return lectura


def analizar_libro(
    libro: Origen,
    *,
    carpeta_fotos: CarpetaFotos = None,
    nombre: str | None = None,
    decodificar_fotos: bool = True,
) -> Lectura:
    """Read and check a whole workbook; problems in it are findings, never exceptions.

    :param libro: the .xlsx as a path, bytes or a binary stream.
    :param carpeta_fotos: the folder photo paths are resolved from and confined to
        (absolute paths, ``..`` and links that leave it are refused), or a callable
        that maps a path as written to its file; by default the workbook's own folder
        (a workbook given as bytes has none: pass it, or only photos pasted in it are
        found; paths written in it are then never looked up on this machine).
    :param nombre: how messages name a workbook given as bytes (default «libro.xlsx»).
    :param decodificar_fotos: decode every photo (at reduced scale) to catch a truncated
        one; ``False`` reads only their headers, which is enough when the report is
        rendered right after (a bad photo is reported by its row then).
    :returns: the :class:`~reporte_docx.modelo.Lectura`: the report when it has no
        errors, and every finding (errors and warnings) located by sheet, row and column.
    :raises TypeError: *libro* is not a path, bytes or a binary stream.
    """
    with libro_en_disco(libro, nombre) as leido:
        lectura = leer_en_disco(leido, carpeta_fotos, decodificar_fotos)
        leido.conservar(lectura.reporte)
        return lectura


def leer_libro(
    libro: Origen,
    *,
    carpeta_fotos: CarpetaFotos = None,
    nombre: str | None = None,
) -> Reporte:
    """The workbook as a :class:`~reporte_docx.modelo.Reporte`.

    Parameters as :func:`analizar_libro`.

    :returns: the report, ready to render or to turn into JSON.
    :raises ErrorDeDatos: the workbook has errors (every one in ``hallazgos``).
    :raises TypeError: *libro* is not a path, bytes or a binary stream.
    """
    lectura = analizar_libro(libro, carpeta_fotos=carpeta_fotos, nombre=nombre)
    if lectura.reporte is None:
        raise ErrorDeDatos(lectura.hallazgos)
    return lectura.reporte


def libro_siguiente(desde: Origen, *, nombre: str | None = None) -> bytes:
    """The next quarter's workbook, started from the last quarter's, as the bytes of its .xlsx.

    It carries the header of the report (dependencia, título, programa, unidades, nivel de
    objetivo, indicador, variables), the general objective and the signatures; it advances
    the quarter (the fourth of 2023 → the first of 2024) and leaves empty the quarter's
    results (programadas, realizadas, justificación) and the Actividades, Fotografías and
    Eventos sheets. «programadas» comes already written when the last workbook gives the
    year's calendar (the field «PROGRAMADAS EN CADA TRIMESTRE DEL AÑO»). The rest is the
    workbook of :func:`crear_libro_nuevo`.

    :param desde: the last quarter's .xlsx as a path, bytes or a binary stream.
    :param nombre: how messages name a workbook given as bytes (default «libro.xlsx»).
    :returns: the new workbook's bytes.
    :raises ErrorDeDatos: *desde* cannot be opened, or it is no workbook of this report
        (no «Reporte» sheet, or one that does not say which quarter it is).
    :raises TypeError: *desde* is not a path, bytes or a binary stream.
    """
    return libro_siguiente_con_nombre(desde, nombre=nombre)[0]


def libro_siguiente_con_nombre(desde: Origen, *, nombre: str | None = None) -> tuple[bytes, str]:
    """:func:`libro_siguiente` and the file name to offer it under, after its quarter.

    A download (the web page) needs a name the office recognises among its files,
    «libro_2024_trimestre_1.xlsx»; only the reading of *desde* knows the new quarter,
    so it is given here rather than read back from the new workbook.

    :returns: the new workbook's bytes and its suggested name.
    :raises ErrorDeDatos: as :func:`libro_siguiente`.
    :raises TypeError: *desde* is not a path, bytes or a binary stream.
    """
    from reporte_docx.libro.nuevo import libro_en_bytes

    inicio = _inicio_siguiente(desde, nombre)
    periodo = f"{inicio.campos['ejercicio']}_trimestre_{inicio.campos['trimestre']}"
    return libro_en_bytes(inicio=inicio), f"libro_{periodo}.xlsx"


def _inicio_siguiente(desde: Origen, nombre: str | None) -> Inicio:
    """What the next quarter's workbook starts with; findings name *desde* as the caller did."""
    from reporte_docx.libro.siguiente import inicio_siguiente

    with libro_en_disco(desde, nombre) as leido:
        try:
            return inicio_siguiente(leido.ruta, nombre=leido.nombre)
        except ErrorDeDatos as e:
            raise ErrorDeDatos(_sin_temporal(e.hallazgos, leido.ruta, leido.nombre)) from None


def crear_libro_siguiente(destino: str | os.PathLike[str], desde: Origen) -> Path:
    """Write the next quarter's workbook (see :func:`libro_siguiente`) to *destino*.

    Never over an existing file; with any problem, nothing is written.

    :param destino: the .xlsx to create.
    :param desde: the last quarter's .xlsx as a path, bytes or a binary stream.
    :returns: *destino* as a :class:`~pathlib.Path`.
    :raises ErrorDeSalida: *destino* exists, is not an .xlsx name, or cannot be written.
    :raises ErrorDeDatos: *desde* cannot be opened or is no workbook of this report.
    :raises TypeError: *desde* is not a path, bytes or a binary stream.
    """
    from reporte_docx.libro.nuevo import crear_libro_nuevo, revisar_destino

    revisar_destino(Path(destino))  # before reading *desde*: a wrong name is said at once
    return crear_libro_nuevo(Path(destino), _inicio_siguiente(desde, None))
