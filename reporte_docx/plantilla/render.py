"""Rendering a :class:`~reporte_docx.modelo.Reporte` into a Word template.

The Jinja environment is :mod:`~reporte_docx.plantilla.entorno`'s; this module
places the photos (their grid is :mod:`~reporte_docx.documento.galeria`'s),
renders, and turns a Jinja error into a Spanish message that quotes the
template paragraph. :class:`Plantilla` is a template opened and checked once,
for any number of renders.
"""

from __future__ import annotations

import html
import io
import logging
import re
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path

from docx.opc import phys_pkg
from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateRuntimeError, UndefinedError
from jinja2.exceptions import SecurityError

from reporte_docx.documento import galeria
from reporte_docx.errores import AVISO, ErrorDeDatos, ErrorDePlantilla, Hallazgo
from reporte_docx.fotos import proceso as fotos
from reporte_docx.fotos.paralelo import procesar_fotos
from reporte_docx.fotos.revision import medir_fotos
from reporte_docx.modelo import Actividad, Reporte, en_el_modelo
from reporte_docx.opciones import (
    COLUMNAS_PREDETERMINADAS,
    DPI_PREDETERMINADO,
    Avance,
    Etapa,
    Progreso,
)
from reporte_docx.origen import Origen
from reporte_docx.plantilla.archivo import (
    PlantillaDocx,
    abrir_docx,
    leer_plantilla,
    nombre_de_parte,
    plantilla_oficial,
)
from reporte_docx.plantilla.contexto import construir_contexto
from reporte_docx.plantilla.entorno import FILTROS, crear_entorno
from reporte_docx.plantilla.revision import exigir_plantilla_valida, revisar_documento
from reporte_docx.texto import quiso_decir

_log = logging.getLogger(__name__)


def preparar_plantilla(
    origen: Origen | None, nombre: str | None = None
) -> tuple[bytes, str, list[Hallazgo]]:
    """The template's bytes, its name for messages and its warnings, once it is checked.

    ``None`` is the official template, which the tests check rather than every run.
    Raises :class:`ErrorDePlantilla` listing every error of the template.
    """
    inicio = time.perf_counter()
    datos, nombre = leer_plantilla(plantilla_oficial() if origen is None else origen, nombre)
    tpl = abrir_docx(datos, nombre)
    if origen is None:
        return datos, nombre, []
    hallazgos = revisar_documento(tpl, Path(nombre).name)
    exigir_plantilla_valida(hallazgos, Path(nombre).name)
    _log.debug("plantilla «%s» revisada en %.3f s", nombre, time.perf_counter() - inicio)
    return datos, nombre, [h for h in hallazgos if h.severidad == AVISO]


class _Galeria:
    """Renders an activity's photo grid when the template asks for it (``{{p a.galeria }}``)."""

    def __init__(self, filas: list[list[galeria.Lugar]], render: _Render) -> None:
        self._filas, self._render = filas, render

    def __html__(self) -> str:
        if not self._filas:
            return "<w:p/>"  # keeps the cell ending in a paragraph
        return galeria.tabla_de_fotos(
            self._filas, self._render.incrustador, self._render.ancho_galeria, self._render.columnas
        )

    __str__ = __html__


class _Imagen:
    """One photo as an inline picture inside a run (``{{ f.imagen }}``)."""

    def __init__(self, lugar: galeria.Lugar, render: _Render) -> None:
        self._lugar, self._render = lugar, render

    def __html__(self) -> str:
        dibujo = self._render.incrustador.dibujo(
            self._lugar.foto, self._lugar.ancho_emu, self._lugar.alto_emu, "foto"
        )
        return f'</w:t></w:r><w:r>{dibujo}</w:r><w:r><w:t xml:space="preserve">'

    __str__ = __html__


class _Render:
    """State of one rendering: the template, the width of its photo grid and the placed photos."""

    def __init__(self, tpl: DocxTemplate, columnas: int) -> None:
        seccion = tpl.docx.sections[0]
        ancho_texto = int(seccion.page_width - seccion.left_margin - seccion.right_margin)
        self.ancho_galeria = galeria.ancho_del_lugar(tpl.docx.element.body, ancho_texto)
        self.columnas = columnas
        self.incrustador = galeria.Incrustador(tpl.docx.part)
        self.lugares: dict[int, list[list[galeria.Lugar]]] = {}

    def ubicar(
        self,
        reporte: Reporte,
        dpi: int,
        progreso: fotos.Progreso | None = None,
    ) -> None:
        """Decide each photo's shown size, then process every file once at that size.

        A file shown in several places is processed once, at the largest width
        it is shown at; the grid decisions are :mod:`~reporte_docx.documento.galeria`'s.
        """
        # every bad photo is reported at once: the good ones are still processed (and
        # cached), so the run after the fix only does what is left
        hallazgos: list[Hallazgo] = []
        medidas = medir_fotos(reporte.fotografias, hallazgos)  # known since reading
        planes, pedidos = self._planear(reporte, medidas, dpi)
        try:
            # processes, pool and cache: the AjustesFotos in force (api sets them per call)
            procesadas = procesar_fotos(pedidos, reporte.fotografias, dpi=dpi, progreso=progreso)
        except ErrorDeDatos as e:
            hallazgos.extend(e.hallazgos)
        if hallazgos:
            raise ErrorDeDatos(
                sorted(en_el_modelo(hallazgos, reporte), key=lambda h: h.fila or 0)
            )
        for a in reporte.actividades:
            # the grid's rows are the ones planned above: grouped once, in galeria
            fotos_en_orden = iter(a.fotografias)
            self.lugares[id(a)] = [
                [
                    galeria.Lugar(f.archivo, procesadas[f.archivo], f.pie, ancho, alto)
                    for (ancho, alto), f in zip(fila, fotos_en_orden)  # noqa: B905
                ]
                for fila in planes[id(a)]
            ]

    def _planear(
        self, reporte: Reporte, medidas: Mapping[Path, tuple[int, int]], dpi: int
    ) -> tuple[dict[int, list[list[tuple[int, int]]]], dict[Path, int]]:
        """Each activity's grid rows (shown sizes), and the pixel width each file is needed at."""
        ancho_celda = galeria.ancho_de_celda_emu(self.ancho_galeria, self.columnas)
        planes = {}
        pedidos: dict[Path, int] = {}
        for a in reporte.actividades:
            # a bad photo counts as a 4:3 one: the others keep the widths (and cache
            # entries) they will have once it is replaced
            ancho_alto = [medidas.get(f.archivo, (4, 3)) for f in a.fotografias]
            proporciones = [alto / ancho for ancho, alto in ancho_alto]
            filas = galeria.anchos_por_fila(proporciones, ancho_celda, self.columnas)
            planes[id(a)] = filas
            for f, (ancho, _) in zip(
                a.fotografias, [t for fila in filas for t in fila], strict=True
            ):
                if f.archivo in medidas:
                    pixeles = fotos.pixeles_para(ancho, dpi)
                    pedidos[f.archivo] = max(pedidos.get(f.archivo, 0), pixeles)
        return planes, pedidos

    def galeria(self, actividad: Actividad) -> _Galeria:
        return _Galeria(self.lugares.get(id(actividad), []), self)

    def imagenes(self, actividad: Actividad) -> list[_Imagen]:
        return [
            _Imagen(lugar, self) for fila in self.lugares.get(id(actividad), []) for lugar in fila
        ]


def _linea_del_error(e: Exception) -> int | None:
    """Template line of a Jinja error: syntax errors carry it, runtime ones are in the traceback."""
    numero = getattr(e, "lineno", None)
    if isinstance(numero, int) and numero:
        return numero
    linea, tb = None, e.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            linea = tb.tb_lineno
        tb = tb.tb_next
    return linea


def texto_de_linea(linea: str) -> str:
    """Visible text of one line of docxtpl's Jinja source (one paragraph: tags stripped)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", linea)).split())


def error_de_plantilla(
    e: Exception, nombre: str, tpl: PlantillaDocx | None = None
) -> ErrorDePlantilla:
    """A Jinja/docxtpl error said in Spanish, quoting the template paragraph where it happened."""
    cerca, lugar = "", f"plantilla «{nombre}»"
    linea = _linea_del_error(e)
    if tpl is not None and tpl.parte:
        lugar += f", {nombre_de_parte(tpl.parte)}"
        # docxtpl puts every <w:p on its own line, so a Jinja line is a paragraph
        lineas = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.fuente).splitlines()
        if linea and 0 < linea <= len(lineas):
            cerca = texto_de_linea(lineas[linea - 1])
    if not cerca:
        cerca = " ".join(t.strip() for t in getattr(e, "docx_context", []) if t.strip())
    donde = f" — en el párrafo «{cerca[:160]}»" if cerca else ""
    if isinstance(e, SecurityError) or "unsafe" in str(e):
        que = "intenta acceder a partes internas de Python, lo que no está permitido"
    elif isinstance(e, UndefinedError):
        que = f"usa un nombre que no existe: {e.message}"
    elif isinstance(e, TemplateRuntimeError):
        que = str(e.message)
    elif m := re.match(r"No (filter|test) named '(\w+)'", str(getattr(e, "message", ""))):
        clase, tabla = ("filtro", FILTROS) if m[1] == "filter" else ("prueba", ())
        que = f"el {clase} «{m[2]}» no existe{quiso_decir(m[2], tabla)}"
    else:
        que = f"tiene una etiqueta mal escrita: {getattr(e, 'message', e)}"
    mensaje = f"{que}{donde}"
    return ErrorDePlantilla(
        f"{lugar}: {mensaje}", [Hallazgo("plantilla-render", mensaje, lugar=lugar)]
    )


def renderizar_docx(
    reporte: Reporte,
    plantilla: bytes,
    nombre: str,
    *,
    dpi: int = DPI_PREDETERMINADO,
    columnas: int = COLUMNAS_PREDETERMINADAS,
    progreso: Progreso | None = None,
) -> bytes:
    """Render *reporte* into the template *plantilla* (bytes, checked) and return the .docx.

    The package is not yet finished (see :mod:`reporte_docx.documento.paquete`).
    *nombre* names the template in messages; the photos are processed as the
    :class:`~reporte_docx.fotos.paralelo.AjustesFotos` in force say.

    *progreso* hears the photos (:attr:`Etapa.FOTOS`) and the render
    (:attr:`Etapa.RENDER`); an exception it raises stops the work there.
    Raises :class:`~reporte_docx.errores.ErrorDeDatos` for bad photos and
    :class:`ErrorDePlantilla` for a template that cannot be used.
    """
    tpl = abrir_docx(plantilla, nombre)
    render = _Render(tpl, columnas)

    def fotos_hechas(hechas: int, total: int) -> None:
        if progreso:
            progreso(Avance(Etapa.FOTOS, hechas, total))

    inicio = time.perf_counter()
    render.ubicar(reporte, dpi, fotos_hechas)
    _log.debug("fotos listas en %.3f s", time.perf_counter() - inicio)
    if progreso:
        progreso(Avance(Etapa.RENDER, 0, 1))
    inicio = time.perf_counter()
    contexto = construir_contexto(reporte, galeria=render.galeria, imagenes=render.imagenes)
    try:
        tpl.render(contexto, jinja_env=crear_entorno(), autoescape=True)
    except (TemplateError, SecurityError) as e:
        raise error_de_plantilla(e, Path(nombre).name, tpl) from e
    crudo = _guardar_sin_comprimir(tpl)
    _log.debug("plantilla renderizada en %.3f s", time.perf_counter() - inicio)
    if progreso:
        progreso(Avance(Etapa.RENDER, 1, 1))
    return crudo


def _guardar_sin_comprimir(tpl: DocxTemplate) -> bytes:
    """The rendered package as zip bytes, its entries stored rather than deflated.

    :func:`~reporte_docx.documento.paquete.terminar_paquete` rewrites every entry anyway
    (deflating the XML, storing the photos); deflating here too would spend most
    of the save compressing already-compressed photos for nothing. python-docx
    has no option for it, so its zip writer's default is swapped for the call;
    another thread saving meanwhile would at worst write a valid, larger file.
    """
    salida = io.BytesIO()
    original = phys_pkg.ZIP_DEFLATED
    phys_pkg.ZIP_DEFLATED = zipfile.ZIP_STORED
    try:
        tpl.save(salida)
    finally:
        phys_pkg.ZIP_DEFLATED = original
    return salida.getvalue()
