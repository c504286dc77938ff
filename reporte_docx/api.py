"""The pipeline end to end: workbook → model → rendered document → checked file.

:func:`generar_reporte` is what the command line runs; :func:`renderizar_reporte`
and :func:`guardar_reporte` serve programs that build a
:class:`~reporte_docx.modelo.Reporte` in code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from reporte_docx.documento.paquete import (
    fecha_del_libro,
    fecha_reproducible,
    huella,
    terminar_paquete,
)
from reporte_docx.documento.salida import (
    escribir_reporte,
    preparar_destino,
    revisar_destino,
    revisar_reemplazo,
)
from reporte_docx.documento.verificacion import exigir_docx_valido
from reporte_docx.errores import ErrorDeDatos, ErrorDeSalida, Hallazgo
from reporte_docx.fotos.proceso import DPI_MAXIMO, DPI_MINIMO, DPI_PREDETERMINADO, Progreso
from reporte_docx.fotos.rutas import OrigenFotos
from reporte_docx.libro.apertura import revisar_archivo
from reporte_docx.libro.lectura import analizar_libro
from reporte_docx.modelo import ANIO_MINIMO, Reporte, anio_maximo, anio_valido
from reporte_docx.plantilla.render import (
    COLUMNAS_MAXIMAS,
    COLUMNAS_PREDETERMINADAS,
    renderizar_docx,
)
from reporte_docx.version import __version__


@dataclass
class Resultado:
    """What one generation produced, for the command line's summary."""

    ruta: Path
    reporte: Reporte
    tamano: int
    respaldo: Path | None = None
    avisos: list[Hallazgo] = field(default_factory=list)


def revisar_modelo(reporte: Reporte) -> None:
    """Reject a model the document cannot express (a workbook is checked in more detail)."""
    hallazgos = []
    if not (isinstance(reporte.trimestre, int) and 1 <= reporte.trimestre <= 4):
        hallazgos.append(
            Hallazgo(
                "trimestre-fuera",
                f"el trimestre «{reporte.trimestre}» debe ser 1, 2, 3 o 4",
                lugar="Reporte.trimestre",
            )
        )
    if not (isinstance(reporte.ejercicio, int) and anio_valido(reporte.ejercicio)):
        hallazgos.append(
            Hallazgo(
                "ejercicio-invalido",
                f"el ejercicio «{reporte.ejercicio}» no es un año plausible (de {ANIO_MINIMO} "
                f"a {anio_maximo()})",
                lugar="Reporte.ejercicio",
            )
        )
    if hallazgos:
        raise ErrorDeDatos(hallazgos)


def revisar_opciones(dpi: int, columnas: int) -> None:
    """Reject rendering options a program passed out of range (the CLI already limits them)."""
    hallazgos = []
    if not (isinstance(dpi, int) and DPI_MINIMO <= dpi <= DPI_MAXIMO):
        hallazgos.append(
            Hallazgo(
                "dpi-fuera",
                f"dpi={dpi!r}: use un entero de {DPI_MINIMO} a {DPI_MAXIMO}",
                lugar="opción dpi",
            )
        )
    if not (isinstance(columnas, int) and 1 <= columnas <= COLUMNAS_MAXIMAS):
        hallazgos.append(
            Hallazgo(
                "columnas-fuera",
                f"columnas={columnas!r}: use un entero de 1 a {COLUMNAS_MAXIMAS}",
                lugar="opción columnas",
            )
        )
    if hallazgos:
        raise ErrorDeDatos(hallazgos)


def _textos(reporte: Reporte) -> tuple[str, ...]:
    """Every text value of the model: user data may contain ``{{`` legitimately."""
    textos: list[str] = []

    def recorrer(objeto: object) -> None:
        if isinstance(objeto, str):
            textos.append(objeto)
        elif isinstance(objeto, list):
            for o in objeto:
                recorrer(o)
        elif dataclasses.is_dataclass(objeto):
            for f in dataclasses.fields(objeto):
                recorrer(getattr(objeto, f.name))

    recorrer(reporte)
    return tuple(t for t in textos if "{" in t)


def renderizar_reporte(
    reporte: Reporte,
    plantilla: str | Path | None = None,
    *,
    dpi: int = DPI_PREDETERMINADO,
    columnas: int = COLUMNAS_PREDETERMINADAS,
    libro_sha256: str = "",
    fecha: dt.datetime | None = None,
    progreso: Progreso | None = None,
) -> bytes:
    """The finished, checked .docx of *reporte* as bytes (nothing is written to disk)."""
    revisar_modelo(reporte)
    revisar_opciones(dpi, columnas)
    crudo = renderizar_docx(reporte, plantilla, dpi=dpi, columnas=columnas, progreso=progreso)
    docx = terminar_paquete(
        crudo, libro_sha256=libro_sha256, version=__version__, fecha=fecha_reproducible(fecha)
    )
    exigir_docx_valido(docx, _textos(reporte), Path(plantilla) if plantilla else None)
    return docx


def guardar_reporte(
    reporte: Reporte,
    salida: str | Path,
    plantilla: str | Path | None = None,
    *,
    sobrescribir: bool = False,
    dpi: int = DPI_PREDETERMINADO,
    columnas: int = COLUMNAS_PREDETERMINADAS,
    libro_sha256: str = "",
    fecha: dt.datetime | None = None,
    progreso: Progreso | None = None,
    ignorar_bloqueo: bool = False,
) -> Resultado:
    """Render *reporte* and write it to *salida* safely (temporary file, then rename).

    A report open in Word is not replaced unless *ignorar_bloqueo* (a lock file
    a crashed Word left behind).
    """
    salida = Path(salida)
    _revisar_pronto(salida, sobrescribir, ignorar_bloqueo)
    docx = renderizar_reporte(
        reporte,
        plantilla,
        dpi=dpi,
        columnas=columnas,
        libro_sha256=libro_sha256,
        fecha=fecha,
        progreso=progreso,
    )
    # the backup is made only now, when the new document is known to be good
    respaldo = escribir_reporte(salida, docx, sobrescribir, ignorar_bloqueo=ignorar_bloqueo)
    return Resultado(salida, reporte, len(docx), respaldo)


def _revisar_pronto(salida: Path, sobrescribir: bool, ignorar_bloqueo: bool = False) -> None:
    """Fail fast, before any work, on a destination that will be refused anyway."""
    revisar_destino(salida)
    if not sobrescribir:
        preparar_destino(salida, sobrescribir=False)
    elif salida.exists():
        revisar_reemplazo(salida, ignorar_bloqueo)


def _mismo_archivo(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # either one missing: not the same existing file
        return False


def salida_predeterminada(libro: Path) -> Path:
    """The workbook's name with ``.docx``, next to it."""
    return libro.with_suffix(".docx")


def generar(
    libro: str | Path,
    salida: str | Path | None = None,
    plantilla: str | Path | None = None,
    *,
    sobrescribir: bool = False,
    dpi: int = DPI_PREDETERMINADO,
    columnas: int = COLUMNAS_PREDETERMINADAS,
    progreso: Progreso | None = None,
    carpeta_fotos: OrigenFotos = None,
    ignorar_bloqueo: bool = False,
) -> Resultado:
    """Workbook to document; raises :class:`ErrorDeDatos` with every problem found.

    *carpeta_fotos* confines the photos to a folder, or finds them with a callable
    (see :func:`reporte_docx.libro.lectura.analizar_libro`).
    """
    libro = Path(libro)
    salida = Path(salida) if salida else salida_predeterminada(libro)
    if _mismo_archivo(libro, salida):
        revisar_archivo(libro)  # most likely a Word document given as the workbook: say so
        raise ErrorDeSalida(
            f"el reporte se escribiría encima del propio libro «{libro}»; indique otro nombre "
            "con -o (p. ej. «reporte.docx»)"
        )
    # the inputs before the output: a problem of the workbook is said even when the
    # output exists; photos are decoded once, when processed, here only their headers read
    lectura = analizar_libro(libro, decodificar_fotos=False, carpeta_fotos=carpeta_fotos)
    if lectura.reporte is None and lectura.hallazgos:
        # nothing will be rendered: decode the photos now so that a truncated one is
        # listed in this same pass with every other mistake
        lectura = analizar_libro(libro, carpeta_fotos=carpeta_fotos)
    if lectura.reporte is None:
        raise ErrorDeDatos(lectura.hallazgos)
    _revisar_pronto(salida, sobrescribir, ignorar_bloqueo)
    # the workbook's own saved date travels with it (a copied file gets a new mtime); both it and
    # the hash read the file from disk: a workbook of pasted photos is never in memory whole
    fecha = fecha_del_libro(libro)
    resultado = guardar_reporte(
        lectura.reporte,
        salida,
        plantilla,
        sobrescribir=sobrescribir,
        dpi=dpi,
        columnas=columnas,
        libro_sha256=huella(libro),
        fecha=fecha,
        progreso=progreso,
        ignorar_bloqueo=ignorar_bloqueo,
    )
    resultado.avisos = lectura.avisos
    return resultado


def generar_reporte(
    libro: str | Path,
    salida: str | Path | None = None,
    plantilla: str | Path | None = None,
    *,
    sobrescribir: bool = False,
) -> Path:
    """Generate the report of workbook *libro*; returns the path written.

    The default output is the workbook's name with ``.docx``. An existing file
    is only replaced with ``sobrescribir=True``, and kept as a backup first if
    it was edited after it was generated.
    """
    return generar(libro, salida, plantilla, sobrescribir=sobrescribir).ruta
