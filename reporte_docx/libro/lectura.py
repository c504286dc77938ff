"""Workbook → :class:`~reporte_docx.modelo.Reporte`, in named steps.

The workbook contract (:mod:`reporte_docx.libro.contrato`) says which sheets
and columns there are; this module runs the steps that read it: open the file
(:mod:`~reporte_docx.libro.apertura`), read each sheet as Excel shows it
(:mod:`~reporte_docx.libro.hojas`) and check its layout
(:mod:`~reporte_docx.libro.estructura`), read the ``Reporte`` fields
(:mod:`~reporte_docx.libro.campos`), the activities, events and signatures
(:mod:`~reporte_docx.libro.registros`), the photos (here; the pictures pasted in
the workbook, :mod:`~reporte_docx.libro.imagenes` and :mod:`~reporte_docx.libro.reparto`),
and the rules
across cells (:mod:`~reporte_docx.libro.reglas`). It never stops at the first
mistake: every problem becomes a located :class:`~reporte_docx.errores.Hallazgo`,
so a person fixes them all in one go.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reporte_docx.errores import AVISO, Codigo, ErrorDeDatos
from reporte_docx.fotos.apertura import FotoInvalida
from reporte_docx.fotos.revision import revisar_escrita
from reporte_docx.fotos.rutas import FotoEncontrada, OrigenFotos, buscador_de_fotos, limpiar
from reporte_docx.libro import contrato as contratos
from reporte_docx.libro.apertura import (
    abrir_libro,
    abrir_para_leer,
    aviso_de_bloqueo,
    nombres_de_hojas,
)
from reporte_docx.libro.campos import CamposLeidos, leer_reporte
from reporte_docx.libro.contrato import Contrato, Hoja
from reporte_docx.libro.estructura import hojas_del_libro, sin_hojas_del_contrato
from reporte_docx.libro.hojas import Fila, HojaLeida, Recolector, iterar
from reporte_docx.libro.imagenes import ImagenesDelLibro, imagenes_del_libro
from reporte_docx.libro.registros import (
    Actividades,
    actividad_de,
    leer_actividades,
    leer_eventos,
    leer_firmas,
    leer_testado,
    leer_valores,
)
from reporte_docx.libro.reglas import revisar_reglas
from reporte_docx.libro.reparto import Reparto, pegadas_por_actividad, revisar_pegada
from reporte_docx.modelo import Fotografia, Lectura, Reporte

# The contract in the shapes older callers import (derived from it, never declared here).
#: Field → (label, required), in the order ``libro-nuevo`` lists them.
CAMPOS_REPORTE: dict[str, tuple[str, bool]] = {
    c.clave: (c.descripcion, c.obligatorio) for c in contratos.CONTRATO.campos
}
#: Sheet → (required, {column: required}).
HOJAS: dict[str, tuple[bool, dict[str, bool]]] = {
    h.clave: (h.obligatoria, {c.nombre: c.obligatoria for c in h.columnas})
    for h in contratos.CONTRATO.hojas
}
NOMBRES_HOJAS = {h.clave: h.nombre for h in contratos.CONTRATO.hojas}
_CAMPOS_DEL_MODELO = {f.name for f in dataclasses.fields(Reporte)}


def _foto_de_fila(
    escrito: str, pie: str, hoja: HojaLeida, fila: Fila, r: Recolector, opciones: _OpcionesDeFotos
) -> Fotografia:
    """The photo of one row, found and checked; what is wrong with it, a finding on its row.

    Its size is kept on the :class:`Fotografia`, so the layout need not open it again.
    """
    donde = hoja.donde(fila, "archivo")
    try:
        revisada = revisar_escrita(
            escrito, opciones.buscar, revisar=opciones.revisar, decodificar=opciones.decodificar
        )
    except FotoInvalida as e:
        r.agregar(e.codigo, str(e), valor=escrito, **donde)
        # never rendered (a row with an error stops the report), but its activity has a photo
        return Fotografia(Path(escrito), pie, fila.numero, hoja.nombre, donde["columna"])
    for codigo, mensaje in revisada.avisos:
        r.agregar(codigo, mensaje, AVISO, valor=escrito, **donde)
    return Fotografia(
        revisada.ruta,
        pie,
        fila.numero,
        hoja.nombre,
        donde["columna"],
        medidas=revisada.medidas,
        escrito=limpiar(escrito),
    )


def _reserva(
    contrato: Contrato, hoja: HojaLeida, fila: Fila, r: Recolector, datos: dict[str, Any] | None
) -> tuple[bool, str]:
    """Whether the row's photo is reserved (column «Reservada») and its legal basis.

    *datos* are the row's values when they were read; a row with a pasted photo has
    no path to read, so then only these two cells are. Without the columns (a
    workbook made before they existed) nothing is reserved.
    """
    if datos is None:
        datos = leer_valores(_solo_reserva(contrato), hoja, fila, r, None)
    reservada, fundamento = datos.get("reservada"), datos.get("fundamento")
    if reservada and not fundamento:
        columna = hoja.encabezados.get("fundamento", hoja.encabezados["reservada"])
        r.agregar(
            Codigo.RESERVADA_SIN_FUNDAMENTO,
            "la foto está reservada pero no tiene fundamento legal; la versión pública dirá "
            "«Fotografía testada» sin fundamento: escríbalo en «Fundamento» (p. ej. art. 116 "
            "de la Ley General de Transparencia y Acceso a la Información Pública)",
            AVISO,
            hoja=hoja.nombre,
            fila=fila.numero,
            columna=columna,
        )
    return bool(reservada), fundamento or ""


def _solo_reserva(contrato: Contrato) -> Hoja:
    """The «Fotografias» sheet of *contrato* with only its reservation columns."""
    hoja = contrato.hoja("fotografias")
    columnas = tuple(c for c in hoja.columnas if c.nombre in ("reservada", "fundamento"))
    return dataclasses.replace(hoja, columnas=columnas)


@dataclass
class _OpcionesDeFotos:
    buscar: Callable[[str], FotoEncontrada]
    revisar: bool
    decodificar: bool


def _leer_fotos(
    contrato: Contrato,
    hojas: dict[str, HojaLeida],
    actividades: Actividades,
    opciones: _OpcionesDeFotos,
    r: Recolector,
    reparto: Reparto,
) -> None:
    """Each photo row: its activity, its file (found and checked) or pasted picture, its caption.

    Then the pictures pasted beside an activity that no row captioned (see
    :mod:`~reporte_docx.libro.reparto`), after its other photos.
    """
    for hoja, fila in iterar(hojas, "fotografias", continuaciones=True):
        actividad = actividad_de(hoja, fila, actividades, r)
        fotos = reparto.fotos_de_fila(contrato.hoja("fotografias"), hoja, fila, r)
        datos: dict[str, Any] | None = None
        if fotos is None:
            datos = leer_valores(contrato.hoja("fotografias"), hoja, fila, r, None)
            archivo = datos["archivo"]
            if archivo is None:
                continue
            fotos = [_foto_de_fila(archivo, datos.get("pie") or "", hoja, fila, r, opciones)]
        reservada, fundamento = _reserva(contrato, hoja, fila, r, datos)
        for foto in fotos:
            foto.reservada, foto.fundamento = reservada, fundamento
            if foto.pegada and opciones.revisar:
                revisar_pegada(foto, r, opciones.decodificar)
            if actividad:
                actividad.fotografias.append(foto)
    for ident, foto in reparto.sin_pie():
        if opciones.revisar:
            revisar_pegada(foto, r, opciones.decodificar)
        if ident in actividades.por_id:
            actividades.por_id[ident].fotografias.append(foto)
    r.hallazgos.extend(reparto.avisos(contrato, hojas))


def _leer_hojas(
    ruta: Path, contrato: Contrato, r: Recolector
) -> tuple[dict[str, HojaLeida], ImagenesDelLibro]:
    """Open the workbook, find its pasted pictures and read the sheets of the contract.

    Raises ErrorDeDatos if the file cannot be opened. A cell that holds a
    picture (Excel 365) reads as empty: its stored ``#VALUE!`` is no data.
    """
    if bloqueo := aviso_de_bloqueo(ruta):
        r.hallazgos.append(bloqueo)
    if sin_hojas_del_contrato(nombres_de_hojas(ruta), contrato, r):
        return {}, ImagenesDelLibro()
    libro, formulas = abrir_para_leer(ruta)
    imagenes = imagenes_del_libro(ruta)
    r.hallazgos.extend(imagenes.hallazgos)
    try:
        return hojas_del_libro(libro, formulas, contrato, r, imagenes.en_celda), imagenes
    finally:
        libro.close()
        formulas.close()


@dataclass
class LibroLeido:
    """A workbook's :class:`Lectura` and where each value of it was read.

    ``incorporar`` writes a corrected value back into the cell it came from: the
    sheets as read (their names, header columns and rows), the ``Reporte``
    sheet's row of each field and the row of each activity.
    """

    lectura: Lectura
    hojas: dict[str, HojaLeida] = dataclasses.field(default_factory=dict)
    campos: CamposLeidos = dataclasses.field(default_factory=CamposLeidos)
    actividades: Actividades = dataclasses.field(default_factory=Actividades)


def leer_con_lugares(
    ruta: str | Path,
    revisar_fotos: bool = True,
    decodificar_fotos: bool = True,
    contrato: Contrato | None = None,
    *,
    carpeta_fotos: OrigenFotos = None,
) -> LibroLeido:
    """:func:`analizar_libro`, keeping where every value was read (see :class:`LibroLeido`)."""
    contrato = contrato or contratos.CONTRATO
    ruta = Path(ruta)
    r = Recolector()
    try:
        hojas, imagenes = _leer_hojas(ruta, contrato, r)
    except ErrorDeDatos as e:
        return LibroLeido(Lectura(None, e.hallazgos))
    campos = leer_reporte(hojas["reporte"], contrato, r) if "reporte" in hojas else CamposLeidos()
    anio = campos.valores.get("ejercicio")
    actividades = leer_actividades(contrato, hojas, r, anio)
    buscar = buscador_de_fotos(ruta.resolve().parent, carpeta_fotos)
    opciones = _OpcionesDeFotos(buscar, revisar_fotos, decodificar_fotos)
    reparto = Reparto.del_libro(ruta, imagenes, hojas, actividades)
    _leer_fotos(contrato, hojas, actividades, opciones, r, reparto)
    leer_eventos(contrato, hojas, actividades, r, anio)
    firmas = leer_firmas(contrato, hojas, r)
    testado = leer_testado(contrato, hojas, r)
    revisar_reglas(contrato, campos, hojas, actividades, r)
    pegadas = pegadas_por_actividad(actividades.por_id)
    leido = LibroLeido(Lectura(None, r.hallazgos, pegadas), hojas, campos, actividades)
    if any(h.es_error for h in r.hallazgos):
        return leido
    valores = {k: v for k, v in campos.valores.items() if k in _CAMPOS_DEL_MODELO}
    leido.lectura.reporte = Reporte(
        **valores, actividades=list(actividades.por_id.values()), firmas=firmas, testado=testado
    )
    return leido


def analizar_libro(
    ruta: str | Path,
    revisar_fotos: bool = True,
    decodificar_fotos: bool = True,
    contrato: Contrato | None = None,
    *,
    carpeta_fotos: OrigenFotos = None,
) -> Lectura:
    """Read and check the whole workbook; never raises for problems in the data.

    Problems opening the file itself (missing, not .xlsx…) are findings too.
    With *revisar_fotos* every photo file is checked (missing, not a regular
    image file, too large); with *decodificar_fotos* too it is also decoded at
    reduced scale to catch a truncated one. ``generar`` skips that decode: it
    processes every photo right after and reports a bad one by row all the same.
    *contrato* defaults to :data:`reporte_docx.libro.contrato.CONTRATO`, looked
    up at each call. Photos are looked for under the workbook's folder, or as
    *carpeta_fotos* says (a root folder they may not leave, or a resolver
    callable): see :mod:`reporte_docx.fotos.rutas`.
    """
    return leer_con_lugares(
        ruta, revisar_fotos, decodificar_fotos, contrato, carpeta_fotos=carpeta_fotos
    ).lectura


def leer_libro(ruta: str | Path) -> Reporte:
    """The workbook as a :class:`Reporte`; raises :class:`ErrorDeDatos` listing every error."""
    lectura = analizar_libro(ruta)
    if lectura.reporte is None:
        raise ErrorDeDatos(lectura.hallazgos)
    return lectura.reporte


__all__ = [
    "CAMPOS_REPORTE",
    "HOJAS",
    "NOMBRES_HOJAS",
    "Lectura",
    "abrir_libro",
    "analizar_libro",
    "leer_libro",
]
