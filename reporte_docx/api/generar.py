"""A workbook to a finished document, in memory or written: what the page and the CLI run.

The order of the checks is what a person filling the workbook needs: the
workbook's mistakes first (even when the destination exists), then the
destination (before any rendering work), then the template.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path

from reporte_docx.api.arrastre import arrastre
from reporte_docx.api.libro import LibroLeido, leer_en_disco, libro_en_disco
from reporte_docx.api.llamada import OpcionesDeRender, Seguimiento
from reporte_docx.api.render import escribir, renderizar_documento, revisar_destino_pronto
from reporte_docx.api.tipos import (
    Cache,
    Cancelar,
    CarpetaFotos,
    Plantilla,
    Resultado,
    plantilla_abierta,
)
from reporte_docx.errores import Codigo, ErrorDeDatos, ErrorDeSalida, Hallazgo
from reporte_docx.modelo import Reporte
from reporte_docx.opciones import (
    COLUMNAS_PREDETERMINADAS,
    DPI_PREDETERMINADO,
    Etapa,
    Progreso,
)
from reporte_docx.origen import Origen, como_ruta

#: How a model becomes the document's bytes: (model, template, progress, options, the
#: workbook's fingerprint, its date) → .docx; :func:`renderizar_documento` for the report.
Renderizador = Callable[
    [Reporte, Plantilla, Seguimiento, OpcionesDeRender, str, "dt.datetime | None"], bytes
]


def _mismo_archivo(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # either one missing: not the same existing file
        return False


def renderizar_libro(
    libro: Origen,
    plantilla: Plantilla | Origen | None = None,
    *,
    carpeta_fotos: CarpetaFotos = None,
    nombre: str | None = None,
    dpi: int = DPI_PREDETERMINADO,
    columnas: int = COLUMNAS_PREDETERMINADAS,
    progreso: Progreso | None = None,
    cancelar: Cancelar | None = None,
    procesos: int | None = None,
    cache: Cache | None = None,
    ejecutor: Executor | None = None,
) -> Resultado:
    """Workbook to finished document, in memory: what a web service needs.

    Parameters as :func:`~reporte_docx.api.analizar_libro` and
    :func:`~reporte_docx.api.renderizar_reporte`. The document records the
    workbook's fingerprint and date, as the command line's.

    :returns: the :class:`Resultado` (``ruta`` is ``None``), with the workbook's and
        the template's warnings.
    :raises ErrorDeDatos: the workbook or a photo has errors (all of them listed).
    :raises ErrorDePlantilla, Cancelado, ErrorInterno, TypeError, ValueError: as
        :func:`~reporte_docx.api.renderizar_reporte`.
    """
    opciones = OpcionesDeRender.revisar(dpi, columnas, procesos, cache, ejecutor)
    seguimiento = Seguimiento(progreso, cancelar)
    with libro_en_disco(libro, nombre) as leido:
        resultado = documento_del_libro(leido, plantilla, carpeta_fotos, seguimiento, opciones)
        leido.conservar(resultado.reporte)
        return resultado


def documento_del_libro(
    leido: LibroLeido,
    plantilla: Plantilla | Origen | None,
    carpeta_fotos: CarpetaFotos,
    seguimiento: Seguimiento,
    opciones: OpcionesDeRender,
    antes_de_renderizar: Callable[[], None] | None = None,
    renderizar: Renderizador = renderizar_documento,
    ajustar: Callable[[Reporte], list[Hallazgo]] | None = None,
) -> Resultado:
    """The steps of :func:`renderizar_libro`; *antes_de_renderizar* runs once the workbook
    is known to be good (``generar_reporte`` checks its destination there); *ajustar*
    then changes the model (the Word edits carried forward) and says what it did;
    *renderizar* turns the model into the document (the public version has its own)."""
    from reporte_docx.documento.paquete import fecha_del_libro, huella

    seguimiento.paso(Etapa.LECTURA, False)
    # photos are decoded once, when processed; here only their headers are read
    lectura = leer_en_disco(leido, carpeta_fotos, decodificar=False)
    if lectura.reporte is None and lectura.hallazgos:
        # nothing will be rendered: decode the photos now so that a truncated one is
        # listed in this same pass with every other mistake
        lectura = leer_en_disco(leido, carpeta_fotos, decodificar=True)
    if lectura.reporte is None:
        # a file that is no workbook at all is the one problem; one that was read is
        # listed whole, with the destination's problem too, so all is fixed in one go
        leido_del_todo = any(h.hoja for h in lectura.hallazgos)
        destino = _del_destino(antes_de_renderizar) if leido_del_todo else []
        raise ErrorDeDatos([*lectura.hallazgos, *destino])
    if antes_de_renderizar is not None:
        try:
            antes_de_renderizar()
        except ErrorDeSalida as e:
            raise _con_la_revision_completa(e, leido, carpeta_fotos) from None
    ajustes = ajustar(lectura.reporte) if ajustar is not None else []
    seguimiento.paso(Etapa.LECTURA, True)
    # the template after the workbook: the data's mistakes are the ones to show first
    abierta = plantilla_abierta(plantilla)
    # the workbook's own saved date (it travels with the file, a copy gets a new mtime) and
    # hash; from disk, read in blocks, when it is a file (a workbook of pasted photos is
    # never held in memory whole)
    fuente: bytes | Path = leido.ruta if leido.datos is None else leido.datos
    docx = renderizar(
        lectura.reporte, abierta, seguimiento, opciones, huella(fuente), fecha_del_libro(fuente)
    )
    return Resultado(lectura.reporte, docx, avisos=lectura.avisos + ajustes + abierta.avisos)


def _del_destino(revisar: Callable[[], None] | None) -> list[Hallazgo]:
    """What the destination check finds, as findings: listed with the workbook's errors."""
    try:
        if revisar is not None:
            revisar()
    except ErrorDeSalida as e:
        return e.hallazgos or [Hallazgo(Codigo.DESTINO_INVALIDO, str(e))]
    return []


def _con_la_revision_completa(
    error: ErrorDeSalida, leido: LibroLeido, carpeta_fotos: CarpetaFotos
) -> ErrorDeSalida:
    """*error* (the destination is refused) carrying every finding of the inputs too.

    The workbook was read with photo headers only; a photo that is cut short shows
    only when decoded. The destination is refused anyway, but a person should not fix
    it only to meet the next problem: the photos are decoded now, and the workbook's
    errors and warnings travel with the destination's finding, the inputs' first.
    """
    completa = leer_en_disco(leido, carpeta_fotos, decodificar=True)
    return ErrorDeSalida(str(error), [*completa.hallazgos, *error.hallazgos])


def destino_del_libro(
    libro: Origen, salida: str | os.PathLike[str] | None, sufijo: str = ""
) -> Path:
    """Where a workbook's document is written: *salida*, or the workbook's name as .docx
    (``LIBRO.docx``; with *sufijo*, ``LIBRO-version-publica.docx``).

    Never the workbook itself (most likely a Word document given as the workbook).
    """
    ruta_libro = como_ruta(libro)
    if salida is not None:
        destino = Path(salida)
    elif ruta_libro is not None:
        destino = ruta_libro.with_name(f"{ruta_libro.stem}{sufijo}.docx")
    else:
        raise ValueError("salida: hace falta cuando el libro se da como bytes o flujo")
    if ruta_libro is not None and _mismo_archivo(ruta_libro, destino):
        from reporte_docx.libro.apertura import revisar_archivo

        revisar_archivo(ruta_libro)  # a Word document given as the workbook: say so
        raise ErrorDeSalida(
            f"el reporte se escribiría encima del propio libro «{ruta_libro}»; indique otro "
            "nombre para el documento (p. ej. «reporte.docx»)"
        )
    return destino


def generar_reporte(
    libro: Origen,
    salida: str | os.PathLike[str] | None = None,
    plantilla: Plantilla | Origen | None = None,
    *,
    sobrescribir: bool = False,
    ignorar_bloqueo: bool = False,
    carpeta_fotos: CarpetaFotos = None,
    nombre: str | None = None,
    dpi: int = DPI_PREDETERMINADO,
    columnas: int = COLUMNAS_PREDETERMINADAS,
    progreso: Progreso | None = None,
    cancelar: Cancelar | None = None,
    procesos: int | None = None,
    cache: Cache | None = None,
    ejecutor: Executor | None = None,
    preferir: str | None = None,
) -> Resultado:
    """Generate the report of workbook *libro* and write it: what the command line runs.

    Parameters as :func:`renderizar_libro` and :func:`~reporte_docx.api.guardar_reporte`;
    *salida* defaults to the workbook's name with ``.docx`` beside it (a workbook given
    as bytes needs one).

    Over a report edited in Word (with *sobrescribir*), the edits are carried
    forward (see :mod:`reporte_docx.api.arrastre`): a field changed on both sides
    stops the generation unless *preferir* is ``"libro"`` or ``"word"``.

    :returns: the :class:`Resultado`, with the path written, any backup made and the
        workbook's and template's warnings.
    :raises ErrorDeDatos: the workbook or a photo has errors (all of them listed), or a
        field was changed both in Word and in the workbook.
    :raises ErrorDeSalida: *salida* exists (without *sobrescribir*), cannot be written, or
        is the workbook itself; checked right after the workbook is read, before rendering.
    :raises ErrorDePlantilla, Cancelado, ErrorInterno, TypeError: as
        :func:`~reporte_docx.api.renderizar_reporte`.
    :raises ValueError: an option out of range, or *libro* is bytes or a stream and no
        *salida* was given.
    """
    destino = destino_del_libro(libro, salida)
    opciones = OpcionesDeRender.revisar(dpi, columnas, procesos, cache, ejecutor)
    seguimiento = Seguimiento(progreso, cancelar)
    with libro_en_disco(libro, nombre) as leido:
        encima = arrastre(destino, leido.ruta, preferir) if sobrescribir else None
        resultado = documento_del_libro(
            leido,
            plantilla,
            carpeta_fotos,
            seguimiento,
            opciones,
            lambda: revisar_destino_pronto(destino, sobrescribir, ignorar_bloqueo),
            renderizar=encima.renderizar if encima else renderizar_documento,
            ajustar=encima.ajustar if encima else None,
        )
        leido.conservar(resultado.reporte)
    return escribir(resultado, destino, sobrescribir, ignorar_bloqueo, seguimiento)
