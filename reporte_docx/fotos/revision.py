"""Checking a photo without processing it: is it there, is it an image, how big is it.

The workbook reader checks every photo here once and keeps its
:class:`~reporte_docx.fotos.apertura.Medidas` on the
:class:`~reporte_docx.modelo.Fotografia`, so that laying out the grid later
does not open the file again (:func:`medir_fotos` only reads the header of a
photo whose size is not known yet, as in a report built in code).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reporte_docx import formato
from reporte_docx.errores import ErrorDeDatos, Hallazgo
from reporte_docx.fotos import origen as origenes
from reporte_docx.fotos.apertura import (
    ERRORES_DE_DECODIFICACION,
    FotoInvalida,
    Medidas,
    abrir,
    exigir_archivo_regular,
    foto_danada,
    medidas_vistas,
)
from reporte_docx.fotos.origen import Origen
from reporte_docx.fotos.rutas import (
    AVISO_RUTA,
    FotoEncontrada,
    OrigenFotos,
    buscador_de_fotos,
    limpiar,
)
from reporte_docx.modelo import Fotografia, Reporte

AVISO_RESOLUCION = "foto-baja-resolucion"
#: Below this a photo looks blurred or blocky on paper.
DPI_AVISO = 100
#: About the width a photo is printed at in the official template's two-column grid.
ANCHO_IMPRESO_CM = 8.0
#: The grid never prints a photo taller than this (``documento.galeria.ALTO_MAXIMO_EMU`` is made from it),
#: so a tall one is printed narrower than its cell.
ALTO_IMPRESO_CM = 8.0


def medir_foto(ruta: Origen, nombre: str | None = None) -> Medidas:
    """Size as seen (EXIF rotation applied). Reads the header only; pixels are not decoded.

    *nombre* names the photo in messages (default: the file's name). Raises
    :class:`~reporte_docx.fotos.apertura.FotoInvalida`. *ruta* may be a picture
    pasted in a workbook (:mod:`~reporte_docx.fotos.origen`).
    """
    nombre = nombre or origenes.nombre_de(ruta)
    exigir_archivo_regular(origenes.archivo_de(ruta), nombre)
    with origenes.fuente(ruta, nombre) as fuente, abrir(fuente, nombre) as imagen:
        return medidas_vistas(imagen)


def verificar_foto(ruta: Origen, decodificar: bool = True, nombre: str | None = None) -> Medidas:
    """Like :func:`medir_foto`; with *decodificar* the pixels are decoded too.

    That catches a truncated or damaged file before any work is done. A JPEG
    is decoded at 1/8 scale (``draft``): cheap even at 200 megapixels, yet every
    byte is read. Other formats are decoded whole (their size is limited for it).
    """
    nombre = nombre or origenes.nombre_de(ruta)
    exigir_archivo_regular(origenes.archivo_de(ruta), nombre)
    with origenes.fuente(ruta, nombre) as fuente, abrir(fuente, nombre) as imagen:
        medidas = medidas_vistas(imagen)
        if decodificar:
            try:
                imagen.draft("RGB", (max(1, imagen.width // 8), max(1, imagen.height // 8)))
                imagen.load()
            except ERRORES_DE_DECODIFICACION as e:
                raise foto_danada(nombre, e) from None
    return medidas


def ancho_impreso_cm(medidas: Medidas, ancho_cm: float = ANCHO_IMPRESO_CM) -> float:
    """The width a photo gets in a cell *ancho_cm* wide, its height at most :data:`ALTO_IMPRESO_CM`."""
    if medidas.alto <= 0:
        return ancho_cm
    return min(ancho_cm, ALTO_IMPRESO_CM * medidas.ancho / medidas.alto)


def dpi_impreso(medidas: Medidas, ancho_cm: float = ANCHO_IMPRESO_CM) -> float:
    """Dots per inch of a photo printed in a cell *ancho_cm* wide (see :func:`ancho_impreso_cm`)."""
    return medidas.ancho / (ancho_impreso_cm(medidas, ancho_cm) / 2.54)


def aviso_de_resolucion(medidas: Medidas, nombre: str) -> str | None:
    """A warning when the photo has too few pixels to look sharp in the report, else None.

    The exact printed size depends on the grid (decided later, with the
    template); the size of a two-column cell is what the official template
    uses, so the warning is the same for ``validar`` and ``generar``. The
    printed width is the one the photo really gets: a tall screenshot is
    narrower than the cell, and a 300 × 20000 strip is printed sharp.
    """
    dpi = dpi_impreso(medidas)
    if dpi >= DPI_AVISO:
        return None
    ancho = formato.numero(round(ancho_impreso_cm(medidas), 1))
    puntos = f"{math.floor(dpi)} puntos" if dpi >= 1 else "menos de 1 punto"
    return (
        f"«{nombre}» tiene sólo {medidas.ancho} × {medidas.alto} píxeles: impresa a unos "
        f"{ancho} cm de ancho queda con {puntos} por pulgada "
        f"(lo recomendable son al menos {DPI_AVISO}) y se verá borrosa; use la foto original "
        "en lugar de una miniatura o una captura de WhatsApp"
    )


def nombre_de(foto: Fotografia) -> str:
    """How *foto* is named in messages: never an absolute path of this machine.

    A workbook's photo is named as its cell wrote it, as ``validar`` names it
    (by its file name if that is unknown); a photo built in code, by the path
    the program gave; a picture pasted in the workbook, by the sheet and cell
    where it sits.
    """
    if foto.pegada is not None:
        return str(foto.pegada)
    if foto.escrito:
        return foto.escrito
    return Path(foto.archivo).name if foto.fila is not None else str(foto.archivo)


def hallazgo_de_foto(foto: Fotografia, error: FotoInvalida) -> Hallazgo:
    """The finding for a bad photo, pointing at the sheet, row and column it came from.

    Where is carried by the photo itself (the workbook reader fills it from the
    workbook contract), so this module names no sheet of its own.
    """
    if foto.pegada is not None:  # pasted in the workbook: where the picture sits
        p = foto.pegada
        return Hallazgo(error.codigo, str(error), hoja=p.hoja, fila=p.fila, columna=p.columna)
    if foto.fila is None:
        return Hallazgo(error.codigo, str(error), lugar="fotografía", valor=nombre_de(foto))
    return Hallazgo(
        error.codigo,
        str(error),
        hoja=foto.hoja,
        fila=foto.fila,
        columna=foto.columna,
        valor=nombre_de(foto),
    )


def medir_fotos(
    fotos: list[Fotografia], hallazgos: list[Hallazgo] | None = None
) -> dict[Path, Medidas]:
    """Size of every distinct photo that can be read: the one measured on reading if known.

    Raises :class:`ErrorDeDatos` naming every bad one, or, when a *hallazgos*
    list is given, adds them there and returns the sizes of the good ones.
    """
    medidas: dict[Path, Medidas] = {}
    malas: set[Path] = set()
    propios: list[Hallazgo] = []
    for foto in fotos:
        if foto.archivo in medidas or foto.archivo in malas:
            continue
        if foto.medidas is not None:
            medidas[foto.archivo] = Medidas(*foto.medidas)
            continue
        try:
            medidas[foto.archivo] = medir_foto(foto.origen, nombre_de(foto))
        except FotoInvalida as e:
            malas.add(foto.archivo)
            propios.append(hallazgo_de_foto(foto, e))
    if hallazgos is not None:
        hallazgos.extend(propios)
    elif propios:
        raise ErrorDeDatos(propios)
    return medidas


@dataclass(frozen=True)
class FotoRevisada:
    """A workbook's photo found and checked: its file, its size, and what to warn about.

    *avisos* are ``(codigo, mensaje)`` pairs: warnings that do not stop the report.
    """

    ruta: Path
    medidas: Medidas | None
    avisos: list[tuple[str, str]] = field(default_factory=list)


def revisar_escrita(
    escrito: str,
    buscar: Callable[[str], FotoEncontrada],
    *,
    revisar: bool = True,
    decodificar: bool = True,
) -> FotoRevisada:
    """Find the photo written as *escrito* (see :mod:`~reporte_docx.fotos.rutas`) and check it.

    With *revisar* the file is opened (header only) and measured, and warned
    about when it is too small to print sharply; with *decodificar* too its
    pixels are decoded. Raises :class:`FotoInvalida`, its message naming the
    photo as written.
    """
    encontrada = buscar(escrito)
    avisos = [(AVISO_RUTA, encontrada.aviso)] if encontrada.aviso else []
    if not revisar:
        return FotoRevisada(encontrada.ruta, None, avisos)
    nombre = limpiar(escrito)
    medidas = verificar_foto(encontrada.ruta, decodificar, nombre)
    if baja := aviso_de_resolucion(medidas, nombre):
        avisos.append((AVISO_RESOLUCION, baja))
    return FotoRevisada(encontrada.ruta, medidas, avisos)


def resolver_fotos(reporte: Reporte, origen: OrigenFotos, base: Path | None = None) -> Reporte:
    """A copy of a report built in code with every photo found through *origen* and measured.

    For a program that renders a :class:`Reporte` whose photo paths must stay
    inside a folder (``carpeta_fotos=``) or go through its own resolver, as a
    workbook's do. Relative paths start at *base* (default: *origen* when it is
    a folder, else the current folder). Raises :class:`ErrorDeDatos` naming
    every photo that cannot be used (the report given is not changed).
    """
    if base is None:
        base = Path(origen) if isinstance(origen, (str, Path)) else Path.cwd()
    buscar = buscador_de_fotos(base, origen)
    hallazgos: list[Hallazgo] = []
    actividades = []
    for actividad in reporte.actividades:
        fotos = []
        for n, foto in enumerate(actividad.fotografias, start=1):
            if foto.pegada is not None:  # in a workbook: nothing to find
                fotos.append(foto)
                continue
            escrito = str(foto.archivo)
            try:
                revisada = revisar_escrita(escrito, buscar, decodificar=False)
            except FotoInvalida as e:
                lugar = f"actividad «{actividad.id}», fotografía {n}"
                hallazgos.append(Hallazgo(e.codigo, str(e), lugar=lugar, valor=escrito))
                continue
            fotos.append(dataclasses.replace(foto, archivo=revisada.ruta, medidas=revisada.medidas))
        actividades.append(dataclasses.replace(actividad, fotografias=fotos))
    if hallazgos:
        raise ErrorDeDatos(hallazgos)
    return dataclasses.replace(reporte, actividades=actividades)
