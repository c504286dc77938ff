"""Workbook → :class:`~reporte_docx.modelo.Reporte`, in named steps.

The workbook contract (:mod:`reporte_docx.libro.contrato`) says which sheets
and columns there are; this module runs the steps that read it: open the file
(:mod:`~reporte_docx.libro.apertura`), read each sheet as Excel shows it
(:mod:`~reporte_docx.libro.hojas`) and check its layout
(:mod:`~reporte_docx.libro.estructura`), read the ``Reporte`` fields
(:mod:`~reporte_docx.libro.campos`), the activities, events and signatures
(:mod:`~reporte_docx.libro.registros`), the photos (here: files, and pictures
pasted in the workbook, :mod:`~reporte_docx.libro.imagenes` and
:mod:`~reporte_docx.libro.reparto`), and the rules
across cells (:mod:`~reporte_docx.libro.reglas`). It never stops at the first
mistake: every problem becomes a located :class:`~reporte_docx.errores.Hallazgo`,
so a person fixes them all in one go.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reporte_docx.errores import AVISO, ErrorDeDatos, Hallazgo
from reporte_docx.fotos.proceso import FotoInvalida, hallazgo_de_foto, verificar_foto
from reporte_docx.libro import celdas
from reporte_docx.libro import contrato as contratos
from reporte_docx.libro.apertura import abrir_libro, abrir_para_leer, aviso_de_bloqueo
from reporte_docx.libro.campos import CamposLeidos, leer_reporte
from reporte_docx.libro.contrato import Contrato, Hoja
from reporte_docx.libro.estructura import hojas_del_libro
from reporte_docx.libro.hojas import Fila, HojaLeida, Recolector, iterar
from reporte_docx.libro.imagenes import ImagenesDelLibro, ImagenPegada, imagenes_del_libro
from reporte_docx.libro.registros import (
    Actividades,
    actividad_de,
    leer_actividades,
    leer_eventos,
    leer_firmas,
    leer_valores,
)
from reporte_docx.libro.reglas import revisar_reglas
from reporte_docx.libro.reparto import Reparto
from reporte_docx.modelo import Fotografia, Reporte
from reporte_docx.texto import normalizar_nombre, quiso_decir

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


@dataclass
class Lectura:
    """What reading a workbook gives: the report (if it could be built) and every finding."""

    reporte: Reporte | None
    hallazgos: list[Hallazgo]
    #: Photos pasted into the workbook, by activity id (also when the workbook has errors).
    pegadas: dict[str, list[Fotografia]] = field(default_factory=dict)

    @property
    def errores(self) -> list[Hallazgo]:
        return [h for h in self.hallazgos if h.es_error]

    @property
    def avisos(self) -> list[Hallazgo]:
        return [h for h in self.hallazgos if not h.es_error]


def ruta_de_foto(carpeta: Path, escrito: str) -> Path:
    """Where the photo written as *escrito* is looked for: relative to the workbook's folder.

    A path typed on Windows (``fotos\\envio.jpg``) works elsewhere too.
    """
    if os.sep == "/":
        escrito = escrito.replace("\\", "/")
    return carpeta / Path(escrito).expanduser()


def _revisar_foto(
    foto: Fotografia, escrito: str, hoja: HojaLeida, fila: Fila, r: Recolector, decodificar: bool
) -> None:
    """A photo file that is missing, not an image, truncated or too large: an error on its row."""
    try:
        verificar_foto(foto.archivo, decodificar)
    except FotoInvalida as e:
        mensaje = str(e)
        if e.codigo == "foto-no-existe" and foto.archivo.parent.is_dir():
            presentes = [p.name for p in foto.archivo.parent.iterdir() if p.is_file()]
            mensaje += quiso_decir(foto.archivo.name, presentes)
        if e.codigo == "foto-no-existe":
            mensaje += " (las rutas se buscan a partir de la carpeta del libro)"
        r.agregar(
            e.codigo,
            mensaje,
            **hoja.donde(fila, "archivo"),
            valor=escrito,
        )


def _revisar_pegada(foto: Fotografia, r: Recolector, decodificar: bool) -> None:
    """A pasted picture that is not an image, truncated or too large: an error where it sits."""
    try:
        verificar_foto(foto.origen, decodificar)
    except FotoInvalida as e:
        r.hallazgos.append(hallazgo_de_foto(foto, e))


@dataclass
class _OpcionesDeFotos:
    carpeta: Path
    revisar: bool
    decodificar: bool

    def revisar_foto(self, foto: Fotografia, hoja: HojaLeida, fila: Fila, r: Recolector) -> None:
        if not self.revisar:
            return
        if foto.pegada is not None:
            _revisar_pegada(foto, r, self.decodificar)
        else:
            escrito = celdas.texto(fila.valores.get("archivo"))
            _revisar_foto(foto, escrito, hoja, fila, r, self.decodificar)


@dataclass
class _Pegadas:
    """The workbook's pasted pictures while the photo rows take them."""

    reparto: Reparto
    #: Pictures pasted on each activity's row of ``Actividades`` not yet taken by a photo row.
    pendientes: dict[str, list[ImagenPegada]]


def _pegadas(
    ruta: Path, imagenes: ImagenesDelLibro, hojas: dict[str, HojaLeida], actividades: Actividades
) -> _Pegadas:
    """Hand out the pictures on the ``Actividades`` rows: each to the activity of its row."""
    reparto = Reparto(ruta, imagenes)
    pendientes: dict[str, list[ImagenPegada]] = {}
    for hoja, fila in iterar(hojas, "actividades"):
        tomadas = reparto.tomar(hoja.nombre, fila.numero)
        ident = celdas.identificador(fila.valores.get("id"))
        if ident and actividades.filas.get(ident) == fila.numero:
            pendientes[ident] = tomadas
    return _Pegadas(reparto, pendientes)


def _archivo_opcional(contrato: Hoja) -> Hoja:
    """The ``Fotografias`` sheet of the contract with ``archivo`` optional (a picture is there)."""
    columnas = tuple(
        dataclasses.replace(c, obligatoria=False) if c.nombre == "archivo" else c
        for c in contrato.columnas
    )
    return dataclasses.replace(contrato, columnas=columnas)


def _fotos_de_fila(
    contrato: Contrato, hoja: HojaLeida, fila: Fila, pegadas: _Pegadas, carpeta: Path, r: Recolector
) -> list[Fotografia]:
    """The photo(s) of one ``Fotografias`` row: its file, or the picture(s) pasted on it.

    A row with neither takes, with its caption, the next picture pasted on its
    activity's row of ``Actividades`` (:attr:`_Pegadas.pendientes`), if any.
    """
    imagenes = pegadas.reparto.tomar(hoja.nombre, fila.numero)
    escrito = "" if "archivo" in fila.reportadas else celdas.texto(fila.valores.get("archivo"))
    pendientes = pegadas.pendientes.get(celdas.identificador(fila.valores.get("actividad")))
    tomada = not imagenes and not escrito and "archivo" not in fila.reportadas and pendientes
    if tomada and pendientes:
        imagenes = [pendientes.pop(0)]
    columnas = contrato.hoja("fotografias")
    datos = leer_valores(_archivo_opcional(columnas) if imagenes else columnas, hoja, fila, r, None)
    donde: dict[str, Any] = {
        "hoja": hoja.nombre,
        "fila": fila.numero,
        "columna": hoja.encabezados["archivo"],
    }
    if imagenes and escrito:
        r.agregar(
            "foto-doble",
            f"la fila tiene el archivo «{escrito}» y además una imagen pegada (en "
            f"{', '.join(i.celda for i in imagenes)}); cada fila es una foto: borre el nombre "
            "del archivo o la imagen",
            valor=escrito,
            **donde,
        )
        return []
    pie = datos.get("pie") or ""
    if imagenes:
        _avisar_varias(imagenes, donde, r)
        return [pegadas.reparto.foto(i, pie, fila.numero) for i in imagenes]
    if datos["archivo"] is None:
        return []
    ruta = ruta_de_foto(carpeta, datos["archivo"])
    return [Fotografia(ruta, pie, fila=fila.numero, hoja=hoja.nombre, columna=donde["columna"])]


def _avisar_varias(imagenes: list[ImagenPegada], donde: dict[str, Any], r: Recolector) -> None:
    if len(imagenes) > 1:
        r.agregar(
            "varias-imagenes-en-fila",
            f"la fila tiene {len(imagenes)} imágenes pegadas "
            f"({', '.join(i.celda for i in imagenes)}); se usan todas, en ese orden y con el mismo "
            "pie. Si cada una lleva su propio pie, póngalas en filas distintas con el mismo id de "
            "actividad",
            AVISO,
            **donde,
        )


def _leer_fotos(
    contrato: Contrato,
    hojas: dict[str, HojaLeida],
    actividades: Actividades,
    pegadas: _Pegadas,
    opciones: _OpcionesDeFotos,
    r: Recolector,
) -> None:
    """Each photo row: its activity, its file or pasted picture (checked), its caption.

    Then the pictures pasted beside an activity that no row captioned, after
    the activity's other photos and without a caption.
    """
    for hoja, fila in iterar(hojas, "fotografias"):
        actividad = actividad_de(hoja, fila, actividades, r)
        for foto in _fotos_de_fila(contrato, hoja, fila, pegadas, opciones.carpeta, r):
            opciones.revisar_foto(foto, hoja, fila, r)
            if actividad:
                actividad.fotografias.append(foto)
    for ident, resto in pegadas.pendientes.items():
        for imagen in resto:
            foto = pegadas.reparto.foto(imagen)
            if opciones.revisar:
                _revisar_pegada(foto, r, opciones.decodificar)
            if ident in actividades.por_id:
                actividades.por_id[ident].fotografias.append(foto)


def _leer_hojas(
    ruta: Path, contrato: Contrato, r: Recolector
) -> tuple[dict[str, HojaLeida], ImagenesDelLibro]:
    """Open the workbook, find its pasted pictures and read the sheets of the contract.

    Raises ErrorDeDatos if the file cannot be opened. A cell that holds a
    picture (Excel 365) reads as empty: its stored ``#VALUE!`` is no data.
    """
    libro, formulas = abrir_para_leer(ruta)
    if bloqueo := aviso_de_bloqueo(ruta):
        r.hallazgos.append(bloqueo)
    imagenes = imagenes_del_libro(ruta)
    r.hallazgos.extend(imagenes.hallazgos)
    try:
        return hojas_del_libro(libro, formulas, contrato, r, imagenes.en_celda), imagenes
    finally:
        libro.close()
        formulas.close()


def _sin_usar(
    pegadas: _Pegadas, imagenes: ImagenesDelLibro, contrato: Contrato, hojas: dict[str, HojaLeida]
) -> list[Hallazgo]:
    """A warning for each pasted picture no row took (see :mod:`~reporte_docx.libro.reparto`)."""
    claves = {
        nombre: clave if (clave := normalizar_nombre(nombre)) in contrato.claves else ""
        for nombre in imagenes.por_hoja
    }
    return pegadas.reparto.sin_usar(claves, set(hojas))


def _por_actividad(actividades: Actividades) -> dict[str, list[Fotografia]]:
    """The photos pasted into the workbook, by activity id (for ``validar``)."""
    pegadas = {i: [f for f in a.fotografias if f.pegada] for i, a in actividades.por_id.items()}
    return {i: fotos for i, fotos in pegadas.items() if fotos}


def analizar_libro(
    ruta: str | Path,
    revisar_fotos: bool = True,
    decodificar_fotos: bool = True,
    contrato: Contrato | None = None,
) -> Lectura:
    """Read and check the whole workbook; never raises for problems in the data.

    Problems opening the file itself (missing, not .xlsx…) are findings too.
    With *revisar_fotos* every photo file is checked (missing, not a regular
    image file, too large); with *decodificar_fotos* too it is also decoded at
    reduced scale to catch a truncated one. ``generar`` skips that decode: it
    processes every photo right after and reports a bad one by row all the same.
    *contrato* defaults to :data:`reporte_docx.libro.contrato.CONTRATO`, looked
    up at each call.
    """
    contrato = contrato or contratos.CONTRATO
    ruta = Path(ruta)
    r = Recolector()
    try:
        hojas, imagenes = _leer_hojas(ruta, contrato, r)
    except ErrorDeDatos as e:
        return Lectura(None, e.hallazgos)
    campos = leer_reporte(hojas["reporte"], contrato, r) if "reporte" in hojas else CamposLeidos()
    anio = campos.valores.get("ejercicio")
    actividades = leer_actividades(contrato, hojas, r, anio)
    opciones = _OpcionesDeFotos(ruta.resolve().parent, revisar_fotos, decodificar_fotos)
    pegadas = _pegadas(ruta, imagenes, hojas, actividades)
    _leer_fotos(contrato, hojas, actividades, pegadas, opciones, r)
    r.hallazgos.extend(_sin_usar(pegadas, imagenes, contrato, hojas))
    leer_eventos(contrato, hojas, actividades, r, anio)
    firmas = leer_firmas(contrato, hojas, r)
    revisar_reglas(contrato, campos, hojas, actividades, r)
    if any(h.es_error for h in r.hallazgos):
        return Lectura(None, r.hallazgos, _por_actividad(actividades))
    valores = {k: v for k, v in campos.valores.items() if k in _CAMPOS_DEL_MODELO}
    reporte = Reporte(**valores, actividades=list(actividades.por_id.values()), firmas=firmas)
    return Lectura(reporte, r.hallazgos, _por_actividad(actividades))


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
