"""Rendering a :class:`~reporte_docx.modelo.Reporte` into a Word template.

The Jinja environment is :mod:`~reporte_docx.plantilla.entorno`'s; this module
places the photos (their grid is :mod:`~reporte_docx.documento.galeria`'s),
renders, and turns a Jinja error into a Spanish message that quotes the
template paragraph. :class:`Plantilla` is a template opened and checked once,
for any number of renders.
"""

from __future__ import annotations

import html
import logging
import re
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateRuntimeError, UndefinedError
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from reporte_docx.anual import ReporteAnual
from reporte_docx.documento import galeria, wordml
from reporte_docx.documento.instantanea import (
    Instantanea,
    agregar_instantanea,
    clave_de_campo,
    huella_del_libro,
    huellas_de_imagenes,
)
from reporte_docx.documento.marcas import poner_marcas, quitar_delimitadores
from reporte_docx.documento.paquete import Partes, partes_del_paquete
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
    ancho_de_texto,
    leer_plantilla,
    nombre_de_parte,
    plantilla_oficial,
)
from reporte_docx.plantilla.contexto import construir_contexto
from reporte_docx.plantilla.entorno import FILTROS, crear_entorno, filtro
from reporte_docx.plantilla.revision import exigir_plantilla_valida, revisar_documento
from reporte_docx.plantilla.saltos import (
    firmas_con_la_ultima_ficha,
    mover_saltos_de_pagina,
    normalizar_filas,
)
from reporte_docx.texto import quiso_decir, quitar_prohibidos_xml

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
            return "" if not self._render.en_celda else "<w:p/>"  # a cell ends in a paragraph
        return galeria.tabla_de_fotos(
            self._filas, self._render.incrustador, self._render.ancho_galeria, self._render.en_celda
        )

    __str__ = __html__


class _Imagen:
    """One photo as an inline picture inside a run (``{{ f.imagen }}``)."""

    def __init__(self, lugar: galeria.Lugar, render: _Render) -> None:
        self._lugar, self._render = lugar, render

    def __html__(self) -> str:
        dibujo = self._render.incrustador.dibujo(self._lugar)
        return f'</w:t></w:r><w:r>{dibujo}</w:r><w:r><w:t xml:space="preserve">'

    __str__ = __html__


class _Render:
    """State of one rendering: the template, the width of its photo grid and the placed photos."""

    def __init__(self, tpl: DocxTemplate, columnas: int, marcas: bool) -> None:
        ancho_texto = ancho_de_texto(tpl.docx)
        self.ancho_galeria, self.en_celda = galeria.lugar_de_la_galeria(
            tpl.docx.element.body, ancho_texto
        )
        self.columnas = columnas
        self.incrustador = galeria.Incrustador(tpl.docx.part)
        self.lugares: dict[int, list[list[galeria.Lugar]]] = {}
        self.marcas = marcas

    def _planes(
        self, reporte: Reporte, medidas: Mapping[Path, tuple[int, int]]
    ) -> dict[int, list[list[galeria.Ubicacion]]]:
        """The grid of every activity, planned once (:func:`galeria.planear_cuadricula`)."""
        ancho_columna = galeria.ancho_de_columna_emu(self.ancho_galeria, self.columnas)
        # a bad photo counts as a 4:3 one: the others keep the widths (and cache
        # entries) they will have once it is replaced
        return {
            id(a): galeria.planear_cuadricula(
                [
                    alto / ancho
                    for ancho, alto in (medidas.get(f.archivo, (4, 3)) for f in a.fotografias)
                ],
                ancho_columna,
                self.columnas,
            )
            for a in reporte.actividades
        }

    def ubicar(self, reporte: Reporte, dpi: int, progreso: fotos.Progreso | None = None) -> None:
        """Decide each photo's shown size, then process every file once at that size.

        A file shown in several places is processed once, at the largest width
        it is shown at.
        """
        # every bad photo is reported at once: the good ones are still processed (and
        # cached), so the run after the fix only does what is left
        hallazgos: list[Hallazgo] = []
        medidas = medir_fotos(reporte.fotografias, hallazgos)  # known since reading
        planes = self._planes(reporte, medidas)
        pedidos: dict[Path, int] = {}
        for a in reporte.actividades:
            for u in (u for fila in planes[id(a)] for u in fila):
                archivo = a.fotografias[u.indice].archivo
                if archivo in medidas:
                    pixeles = fotos.pixeles_para(u.ancho_emu, dpi)
                    pedidos[archivo] = max(pedidos.get(archivo, 0), pixeles)
        try:
            procesadas = procesar_fotos(pedidos, reporte.fotografias, dpi=dpi, progreso=progreso)
        except ErrorDeDatos as e:
            hallazgos.extend(e.hallazgos)
        if hallazgos:
            raise ErrorDeDatos(sorted(en_el_modelo(hallazgos, reporte), key=lambda h: h.fila or 0))
        marcado = self.marcas and not isinstance(reporte, ReporteAnual)  # as the context is
        for a in reporte.actividades:
            self.lugares[id(a)] = [
                [self._lugar(a, u, procesadas, marcado) for u in fila] for fila in planes[id(a)]
            ]

    @staticmethod
    def _lugar(
        a: Actividad,
        u: galeria.Ubicacion,
        procesadas: dict[Path, fotos.FotoProcesada],
        marcado: bool,
    ) -> galeria.Lugar:
        f = a.fotografias[u.indice]
        # the alt text is an attribute: one line, nothing XML forbids
        descripcion = " ".join(quitar_prohibidos_xml(f.pie or a.nombre).split())
        campo = clave_de_campo("foto", a.id, u.indice, "pie") if marcado else ""
        return galeria.Lugar(
            f.archivo, procesadas[f.archivo], f.pie, u.ancho_emu, u.alto_emu, descripcion, campo
        )

    def galeria(self, actividad: Actividad) -> _Galeria:
        return _Galeria(self.lugares.get(id(actividad), []), self)

    def imagenes(self, actividad: Actividad) -> list[_Imagen]:
        lugares = [lugar for fila in self.lugares.get(id(actividad), []) for lugar in fila]
        return [_Imagen(lugar, self) for lugar in lugares]

    def enlace(self, texto: Any, direccion: Any = None) -> Markup:
        """The ``enlace`` filter: *texto* as a clickable link to *direccion*, or plain without one."""
        if not direccion:
            return Markup(wordml.escapar(str(texto)))
        rid = self.incrustador.enlace(str(direccion))
        return Markup(wordml.hipervinculo(rid, str(texto)))


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
    marcas: bool = True,
) -> Partes:
    """Render *reporte* into the template *plantilla* (bytes, checked); the package's parts.

    The parts are returned unzipped: :func:`~reporte_docx.documento.paquete.terminar_paquete`
    writes the one zip, so nothing is compressed twice. *nombre* names the template
    in messages; the photos are processed as the
    :class:`~reporte_docx.fotos.paralelo.AjustesFotos` in force say.

    *progreso* hears the photos (:attr:`Etapa.FOTOS`) and the render
    (:attr:`Etapa.RENDER`); an exception it raises stops the work there.
    Raises :class:`~reporte_docx.errores.ErrorDeDatos` for bad photos and
    :class:`ErrorDePlantilla` for a template that cannot be used.

    Each value filled from the workbook is enclosed in a hidden bookmark and the
    snapshot of them is added (:mod:`~reporte_docx.documento.marcas`); *marcas*
    false leaves both out (the same document otherwise: the tests compare them).
    """
    tpl = abrir_docx(plantilla, nombre)
    mover_saltos_de_pagina(tpl.docx.element.body)
    normalizar_filas(tpl.docx.element.body)
    render = _Render(tpl, columnas, marcas)

    def fotos_hechas(hechas: int, total: int) -> None:
        if progreso:
            progreso(Avance(Etapa.FOTOS, hechas, total))

    inicio = time.perf_counter()
    render.ubicar(reporte, dpi, fotos_hechas)
    _log.debug("fotos listas en %.3f s", time.perf_counter() - inicio)
    if progreso:
        progreso(Avance(Etapa.RENDER, 0, 1))
    inicio = time.perf_counter()
    contexto = construir_contexto(
        reporte, galeria=render.galeria, imagenes=render.imagenes, marcado=marcas
    )
    entorno = crear_entorno()
    entorno.filters["enlace"] = filtro("enlace", render.enlace)
    _sin_notas_de_la_plantilla(tpl)
    try:
        tpl.render(contexto, jinja_env=entorno, autoescape=True)
    except (TemplateError, SecurityError) as e:
        raise error_de_plantilla(e, Path(nombre).name, tpl) from e
    partes = _terminar(tpl, reporte)
    _log.debug("plantilla renderizada en %.3f s", time.perf_counter() - inicio)
    if progreso:
        progreso(Avance(Etapa.RENDER, 1, 1))
    return partes


def _terminar(tpl: DocxTemplate, reporte: Reporte) -> Partes:
    """The rendered template's parts: its values' marks placed, and their snapshot added."""
    campos, fijos = poner_marcas(_partes_con_campos(tpl))
    firmas_con_la_ultima_ficha(tpl.docx.element.body, tpl.docx.styles.element)
    _propiedades_del_reporte(tpl, reporte)
    partes = partes_del_paquete(tpl.docx.part.package)
    quitar_delimitadores(partes)  # those docxtpl rendered into the properties or footnotes
    if campos:
        libro = huella_del_libro(
            [a.id for a in reporte.actividades], reporte.ejercicio, reporte.trimestre
        )
        fotos = huellas_de_imagenes(partes)
        agregar_instantanea(partes, Instantanea(libro, "", campos, fijos, fotos))
    return partes


def _partes_con_campos(tpl: DocxTemplate) -> list[Any]:
    """The rendered body, then its headers and footers by part name: where values are printed."""
    relacionadas = {
        str(rel.target_part.partname): rel.target_part.element
        for rel in tpl.docx.part.rels.values()
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external
    }
    return [tpl.docx.element, *(relacionadas[n] for n in sorted(relacionadas))]


#: Word's limit for a document property (python-docx enforces it).
_LARGO_DE_PROPIEDAD = 255


def _propiedad(texto: str) -> str:
    limpio = " ".join(quitar_prohibidos_xml(texto).split())
    if len(limpio) <= _LARGO_DE_PROPIEDAD:
        return limpio
    return limpio[: _LARGO_DE_PROPIEDAD - 1].rstrip() + "…"


def _propiedades_del_reporte(tpl: DocxTemplate, reporte: Reporte) -> None:
    """Who made the report, its title and its period as the document's properties.

    Title (``dc:title``) and subject (the period, ``SEGUNDO TRIMESTRE ABRIL - JUNIO
    2023``) only where the template leaves them empty: a template's own (rendered)
    title is its author's choice. The author and last editor are always the report's
    (:attr:`Reporte.elaboro`): the template's author made the template, not this
    report. Word, the PDF and a file browser show them.
    """
    propiedades = tpl.docx.core_properties
    if not propiedades.title:
        propiedades.title = _propiedad(reporte.titulo)
    if not propiedades.subject:
        propiedades.subject = _propiedad(reporte.periodo_en_palabras)
    autor = _propiedad(reporte.elaboro)
    if autor:
        propiedades.author = propiedades.last_modified_by = autor


def _sin_notas_de_la_plantilla(tpl: DocxTemplate) -> None:
    """Leave out what describes the template rather than the report.

    The template's comment (a note to whoever edits it) and its preview
    picture (a page without data) would otherwise be copied into every report;
    a comment with a tag is the author's wish and is rendered.
    """
    propiedades = tpl.docx.core_properties
    if "{" not in (propiedades.comments or ""):
        propiedades.comments = ""
    paquete = tpl.docx.part.package
    for rid, rel in list(paquete.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            paquete.rels.pop(rid)
