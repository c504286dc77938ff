"""Several quarterly workbooks to one report of the year (or of its first quarters).

Every workbook is read as ``generar`` reads one, and every finding of every one
is listed at once, each naming its workbook; then whether they belong together
(:func:`~reporte_docx.anual.reglas_del_anio`); then the destination; then one
render of the :class:`~reporte_docx.anual.ReporteAnual` through the quarterly path.
Nothing is written unless all of it is good.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import replace
from pathlib import Path

from reporte_docx.anual import ReporteAnual, reporte_anual
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
from reporte_docx.errores import ErrorDeDatos, Hallazgo
from reporte_docx.modelo import Fotografia, Reporte
from reporte_docx.opciones import (
    COLUMNAS_PREDETERMINADAS,
    DPI_PREDETERMINADO,
    Etapa,
    Progreso,
)
from reporte_docx.origen import Origen, como_ruta


def _nombres(libros: Sequence[Origen], nombres: Sequence[str] | None) -> list[str]:
    """How messages name each workbook: as given (its path), else ``libro N.xlsx``."""
    if nombres is not None and len(nombres) != len(libros):
        raise ValueError(f"nombres: {len(nombres)} nombres para {len(libros)} libros")
    if nombres is not None:
        return [str(n) for n in nombres]
    return [str(como_ruta(libro) or f"libro {i}.xlsx") for i, libro in enumerate(libros, 1)]


def _libro(nombre: str) -> str:
    """``libro «T2.xlsx»``: a workbook as the findings' ``lugar`` names it."""
    return f"libro «{nombre}»"


def _en(nombre: str, hallazgos: list[Hallazgo]) -> list[Hallazgo]:
    """*hallazgos* of the workbook *nombre*, each naming it (unless it already does)."""
    return [
        h
        if h.lugar and nombre in h.lugar
        else replace(h, lugar=f"{_libro(nombre)}, {h.lugar}" if h.lugar else _libro(nombre))
        for h in hallazgos
    ]


def _leer(
    leidos: Sequence[LibroLeido], nombres: Sequence[str], carpeta_fotos: CarpetaFotos
) -> tuple[list[Reporte], list[Hallazgo]]:
    """Every quarter, in the order given, and every workbook's warnings; all the errors
    of all of them at once (:class:`ErrorDeDatos`).

    Photos are checked by their headers only (they are decoded once, when processed),
    unless a workbook has errors: then nothing is rendered, and a truncated photo is
    listed in this same pass with every other mistake.
    """
    trimestres: list[Reporte] = []
    hallazgos: list[Hallazgo] = []
    for leido, nombre in zip(leidos, nombres, strict=True):
        lectura = leer_en_disco(leido, carpeta_fotos, decodificar=False)
        if lectura.reporte is None and lectura.hallazgos:
            lectura = leer_en_disco(leido, carpeta_fotos, decodificar=True)
        hallazgos += _en(nombre, lectura.hallazgos)
        if lectura.reporte is not None:
            leido.conservar(lectura.reporte)
            trimestres.append(lectura.reporte)
    if len(trimestres) < len(leidos):
        raise ErrorDeDatos(hallazgos)
    return trimestres, hallazgos


def _es_la_foto(h: Hallazgo, foto: Fotografia) -> bool:
    """Whether *h* is about *foto*: the finding a bad *foto* gives is at *h*'s place."""
    from reporte_docx.fotos.apertura import FotoInvalida
    from reporte_docx.fotos.revision import hallazgo_de_foto

    suyo = hallazgo_de_foto(foto, FotoInvalida(h.codigo, h.mensaje))
    return (suyo.hoja, suyo.fila, suyo.columna, suyo.valor) == (h.hoja, h.fila, h.columna, h.valor)


def _en_su_libro(
    hallazgos: list[Hallazgo], trimestres: Sequence[Reporte], nombres: Sequence[str]
) -> list[Hallazgo]:
    """Findings about photos met while rendering (a file cut short…), naming their workbook.

    They say the sheet, row and column of the photo, which every workbook has; the
    workbook is the one with that photo there.
    """
    salida = []
    for h in hallazgos:
        suyos = [
            n
            for r, n in zip(trimestres, nombres, strict=True)
            if h.hoja and any(_es_la_foto(h, f) for f in r.fotografias)
        ]
        salida += _en(" y ".join(suyos), [h]) if suyos else [h]
    return salida


def _huella(leidos: Sequence[LibroLeido]) -> str:
    """One fingerprint of all the workbooks, whatever the order they were given in."""
    from reporte_docx.documento.paquete import huella

    todas = "".join(sorted(huella(leido.ruta) for leido in leidos))
    return hashlib.sha256(todas.encode()).hexdigest()


def _fecha(leidos: Sequence[LibroLeido]) -> dt.datetime | None:
    """The latest of the workbooks' own saved dates (the document's date, reproducible)."""
    from reporte_docx.documento.paquete import fecha_del_libro

    fechas = [f for leido in leidos if (f := fecha_del_libro(leido.ruta)) is not None]
    return max(fechas, default=None)


def _destino(
    libros: Sequence[Origen], salida: str | os.PathLike[str] | None, anual: ReporteAnual
) -> Path:
    """*salida*, or ``reporte_anual_2023.docx`` (``…_T1-T3`` to date) beside the first workbook."""
    if salida is not None:
        return Path(salida)
    primero = como_ruta(libros[0])
    if primero is None:
        raise ValueError("salida: hace falta cuando los libros se dan como bytes o flujos")
    hasta = "" if anual.anio_completo else f"_T1-T{anual.trimestre}"
    return primero.with_name(f"reporte_anual_{anual.ejercicio}{hasta}.docx")


def _en_disco(
    pila: contextlib.ExitStack, libros: Sequence[Origen], nombres: Sequence[str]
) -> list[LibroLeido]:
    """Every workbook as a file its reader opens, for as long as *pila* lasts."""
    return [
        pila.enter_context(libro_en_disco(libro, Path(n).name))
        for libro, n in zip(libros, nombres, strict=True)
    ]


def leer_anual(
    libros: Sequence[Origen],
    *,
    carpeta_fotos: CarpetaFotos = None,
    nombres: Sequence[str] | None = None,
) -> ReporteAnual:
    """The quarterly workbooks *libros* as one :class:`~reporte_docx.anual.ReporteAnual`.

    :param libros: the workbooks of the quarters, in any order (paths, bytes or streams).
    :param carpeta_fotos: as for :func:`~reporte_docx.api.analizar_libro`, for every one.
    :param nombres: how messages name each workbook (default: its path, or «libro N»).
    :returns: the year's report (or the report to date: quarters 1 to N).
    :raises ErrorDeDatos: a workbook has errors, or they do not belong together (another
        ejercicio or indicator, a quarter twice or missing); every finding names its workbook.
    :raises TypeError, ValueError: as :func:`reporte_anual`.
    """
    nombres_ = _nombres(libros, nombres)
    with contextlib.ExitStack() as pila:
        leidos = _en_disco(pila, libros, nombres_)
        trimestres, _ = _leer(leidos, nombres_, carpeta_fotos)
        return reporte_anual(trimestres, [_libro(n) for n in nombres_])


def generar_anual(
    libros: Sequence[Origen],
    salida: str | os.PathLike[str] | None = None,
    plantilla: Plantilla | Origen | None = None,
    *,
    sobrescribir: bool = False,
    ignorar_bloqueo: bool = False,
    carpeta_fotos: CarpetaFotos = None,
    nombres: Sequence[str] | None = None,
    dpi: int = DPI_PREDETERMINADO,
    columnas: int = COLUMNAS_PREDETERMINADAS,
    progreso: Progreso | None = None,
    cancelar: Cancelar | None = None,
    procesos: int | None = None,
    cache: Cache | None = None,
    ejecutor: Executor | None = None,
) -> Resultado:
    """The report of the year from the quarterly workbooks *libros*, written to *salida*.

    One document: the period of the quarters given (``ENERO - DICIEMBRE 2023``, or
    ``ENERO - SEPTIEMBRE 2023`` for the first three), the indicator table with a row
    per quarter and their total, every activity of every quarter in date order with
    its photos and tables, and the last quarter's signatures.

    Parameters as :func:`~reporte_docx.api.generar_reporte` and :func:`leer_anual`;
    *salida* defaults to ``reporte_anual_2023.docx`` beside the first workbook.

    :returns: the :class:`Resultado` (its ``reporte`` is the :class:`ReporteAnual`), with
        every workbook's warnings, each naming its workbook, and the template's.
    :raises ErrorDeDatos: a workbook or a photo has errors, or the workbooks do not
        belong together; all of them listed, each naming its workbook; nothing written.
    :raises ErrorDeSalida, ErrorDePlantilla, Cancelado, ErrorInterno, TypeError,
        ValueError: as :func:`~reporte_docx.api.generar_reporte`.
    """
    if not libros:
        raise ValueError("libros: hace falta al menos un libro")
    opciones = OpcionesDeRender.revisar(dpi, columnas, procesos, cache, ejecutor)
    seguimiento = Seguimiento(progreso, cancelar)
    nombres_ = _nombres(libros, nombres)
    with contextlib.ExitStack() as pila:
        leidos = _en_disco(pila, libros, nombres_)
        seguimiento.paso(Etapa.LECTURA, False)
        trimestres, avisos = _leer(leidos, nombres_, carpeta_fotos)
        anual = reporte_anual(trimestres, [_libro(n) for n in nombres_])
        destino = _destino(libros, salida, anual)
        revisar_destino_pronto(destino, sobrescribir, ignorar_bloqueo)
        seguimiento.paso(Etapa.LECTURA, True)
        abierta = plantilla_abierta(plantilla)
        try:
            docx = renderizar_documento(
                anual, abierta, seguimiento, opciones, _huella(leidos), _fecha(leidos)
            )
        except ErrorDeDatos as e:
            raise ErrorDeDatos(_en_su_libro(e.hallazgos, trimestres, nombres_)) from None
        resultado = Resultado(anual, docx, avisos=avisos + abierta.avisos)
    return escribir(resultado, destino, sobrescribir, ignorar_bloqueo, seguimiento)
