"""Rendering a :class:`~reporte_docx.modelo.Reporte` into a Word template.

docxtpl does the Word side (Jinja tags inside runs, ``{%p %}``/``{%tr %}``/
``{%tc %}`` loops); this module supplies the Jinja environment it runs in:
sandboxed (a template is a file that travels by e-mail), strict (a misspelt
variable is an error, never a blank field in an official report), autoescaped
(otherwise docxtpl silently drops ``&`` and ``<``), with the Spanish filters of
:mod:`reporte_docx.formato`.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import zipfile
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateRuntimeError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import missing
from markupsafe import Markup

from reporte_docx import formato
from reporte_docx.documento import galeria, wordml
from reporte_docx.documento.paquete import Partes, partes_del_paquete
from reporte_docx.errores import ErrorDeDatos, ErrorDePlantilla, Hallazgo
from reporte_docx.fotos import proceso as fotos
from reporte_docx.fotos.paralelo import procesar_fotos
from reporte_docx.fotos.revision import medir_fotos
from reporte_docx.modelo import Actividad, Reporte
from reporte_docx.plantilla.contexto import Objeto, construir_contexto
from reporte_docx.plantilla.saltos import (
    firmas_con_la_ultima_ficha,
    mover_saltos_de_pagina,
    normalizar_filas,
)
from reporte_docx.texto import quiso_decir, quitar_prohibidos_xml

NOMBRE_PLANTILLA_OFICIAL = "reporte_trimestral.docx"
COLUMNAS_PREDETERMINADAS = 2
COLUMNAS_MAXIMAS = 4


def _enlace_sin_documento(texto: Any, direccion: Any = None) -> str:
    """``enlace`` outside a rendering (linting a template): the visible text alone."""
    return str(texto)


FILTROS: dict[str, Callable[..., str]] = {
    "enlace": _enlace_sin_documento,
    "fecha_larga": formato.fecha_larga,
    "fecha_corta": formato.fecha_corta,
    "mes": formato.mes,
    "numero": formato.numero,
    "porcentaje": formato.porcentaje,
    "mayusculas": formato.mayusculas,
}


def plantilla_oficial() -> Path:
    """Path of the official template shipped with the package."""
    return Path(str(resources.files("plantillas_docx").joinpath(NOMBRE_PLANTILLA_OFICIAL)))


#: The names a template starts from (see README, "Plantillas propias").
NOMBRES_RAIZ = ("reporte", "actividades", "firmas")


class _Indefinido(StrictUndefined):
    """StrictUndefined that says in Spanish which name is missing and what was probably meant."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        nombre, objeto = self._undefined_name, self._undefined_obj
        if objeto is missing:
            return f"la variable «{nombre}» no existe{quiso_decir(str(nombre), NOMBRES_RAIZ)}"
        if isinstance(objeto, Objeto):
            return f"el campo «{nombre}» no existe{quiso_decir(str(nombre), objeto._campos())}"
        if isinstance(objeto, list):
            return (
                f"se pidió «{nombre}» a una lista; recórrala con "
                "{%p for x in … %} y use x." + str(nombre)
            )
        return f"«{nombre}» no existe en el valor «{objeto}»"


def _filtro(nombre: str, funcion: Callable[..., str]) -> Callable[..., str]:
    """*funcion* as a filter whose misuse (a text given to ``fecha_larga``) is a template error."""

    @functools.wraps(funcion)
    def filtro(valor: Any, *args: Any) -> str:
        if isinstance(valor, StrictUndefined):
            str(valor)  # raises the undefined-name error itself
        try:
            return funcion(valor, *args)
        except (TypeError, ValueError, AttributeError, KeyError, IndexError) as e:
            raise TemplateRuntimeError(
                f"el filtro «{nombre}» no se puede aplicar al valor «{valor}» "
                f"({type(valor).__name__}): {TIPOS_DE_FILTRO.get(nombre, 'revise el valor')}"
            ) from e

    return filtro


#: What each Spanish filter expects, said to the template author.
TIPOS_DE_FILTRO = {
    "fecha_larga": "espera una fecha",
    "fecha_corta": "espera una fecha",
    "mes": "espera una fecha o un número de mes (1 a 12)",
    "numero": "espera un número",
    "porcentaje": "espera una proporción (1.0 es 100 %)",
    "enlace": "espera un texto y la dirección del enlace: {{ a.lugar|enlace(a.lugar_enlace) }}",
}


def _finalizar(valor: Any) -> Any:
    """Turn every ``{{ value }}`` into safe WordprocessingML text.

    Dates print in Spanish; characters XML forbids are dropped; braces are
    written as character references because docxtpl rewrites ``{_{`` into
    ``{{`` after rendering, and user text must come out verbatim.
    """
    if hasattr(valor, "__html__"):
        return valor
    if isinstance(valor, StrictUndefined):
        str(valor)  # raises the Spanish "does not exist" error (an Undefined is also callable)
    if isinstance(valor, dt.date):
        valor = formato.fecha_larga(valor)
    elif valor is None:  # the advance when nothing was programmed: said as porcentaje says it
        valor = formato.porcentaje(None)
    elif callable(valor) or isinstance(valor, (Objeto, list)):
        # a method printed without its call, or a whole record: never what an author meant
        raise TemplateRuntimeError(
            f"se intentó escribir «{valor!r}», que no es un texto: escriba un campo "
            "(p. ej. a.nombre) o recorra la lista con {%p for … %}"
        )
    return Markup(wordml.escapar(str(valor)))


def crear_entorno() -> ImmutableSandboxedEnvironment:
    """The Jinja environment every template is rendered in."""
    entorno = ImmutableSandboxedEnvironment(
        autoescape=True, undefined=_Indefinido, finalize=_finalizar
    )
    # |safe would let a value write raw XML into the document (and break it)
    for peligroso in ("safe", "forceescape"):
        entorno.filters.pop(peligroso, None)
    entorno.filters.update({n: _filtro(n, f) for n, f in FILTROS.items()})
    return entorno


class _Plantilla(DocxTemplate):
    """DocxTemplate that remembers which part it is rendering, to locate errors."""

    fuente: str = ""
    parte: str = ""

    def render_xml_part(self, src_xml, part, context, jinja_env=None):  # noqa: ANN001, ANN201
        self.fuente, self.parte = src_xml, str(part.partname)
        return super().render_xml_part(src_xml, part, context, jinja_env)

    def render_properties(self, context, jinja_env=None):  # noqa: ANN001, ANN201
        self.fuente, self.parte = "", "propiedades del documento"
        return super().render_properties(context, jinja_env)


def abrir_plantilla(ruta: str | Path) -> _Plantilla:
    """Load a .docx template, or raise :class:`ErrorDePlantilla` saying what is wrong with it."""
    ruta = Path(ruta)
    lugar = f"plantilla «{ruta}»"
    if not ruta.is_file():
        raise ErrorDePlantilla(f"{lugar}: no existe o no es un archivo")
    if ruta.suffix.lower() == ".doc":
        raise ErrorDePlantilla(
            f"{lugar}: es un documento de Word antiguo (.doc); guárdelo como .docx"
        )
    try:
        tpl = _Plantilla(ruta)
        tpl.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise ErrorDePlantilla(
            f"{lugar}: no es un documento de Word (.docx) válido o está dañado ({e})"
        ) from e
    except Exception as e:  # lxml and python-docx raise many kinds on a corrupt part
        raise ErrorDePlantilla(f"{lugar}: el documento está dañado y no se puede leer ({e})") from e
    return tpl


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

    def __init__(self, tpl: DocxTemplate, columnas: int) -> None:
        seccion = tpl.docx.sections[0]
        ancho_texto = int(seccion.page_width - seccion.left_margin - seccion.right_margin)
        self.ancho_galeria, self.en_celda = galeria.lugar_de_la_galeria(
            tpl.docx.element.body, ancho_texto
        )
        self.columnas = columnas
        self.incrustador = galeria.Incrustador(tpl.docx.part)
        self.lugares: dict[int, list[list[galeria.Lugar]]] = {}

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
            raise ErrorDeDatos(sorted(hallazgos, key=lambda h: h.fila or 0))
        for a in reporte.actividades:
            self.lugares[id(a)] = [
                [self._lugar(a, u, procesadas) for u in fila] for fila in planes[id(a)]
            ]

    @staticmethod
    def _lugar(
        a: Actividad, u: galeria.Ubicacion, procesadas: dict[Path, fotos.FotoProcesada]
    ) -> galeria.Lugar:
        f = a.fotografias[u.indice]
        # the alt text is an attribute: one line, nothing XML forbids
        descripcion = " ".join(quitar_prohibidos_xml(f.pie or a.nombre).split())
        return galeria.Lugar(
            f.archivo, procesadas[f.archivo], f.pie, u.ancho_emu, u.alto_emu, descripcion
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


def nombre_de_parte(parte: str) -> str:
    """``/word/header2.xml`` → ``encabezado 2``: where the author will look in Word."""
    base = parte.rsplit("/", 1)[-1].removesuffix(".xml")
    for prefijo, nombre in (
        ("document", "cuerpo"),
        ("header", "encabezado"),
        ("footer", "pie de página"),
        ("footnotes", "notas al pie"),
    ):
        if base.startswith(prefijo):
            numero = base[len(prefijo) :]
            return f"{nombre} {numero}".strip()
    return parte


def _linea_del_error(e: Exception) -> int | None:
    """Template line of a Jinja error: syntax errors carry it, runtime ones are in the traceback."""
    if getattr(e, "lineno", None):
        return e.lineno
    linea, tb = None, e.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            linea = tb.tb_lineno
        tb = tb.tb_next
    return linea


def texto_de_linea(linea: str) -> str:
    """Visible text of one line of docxtpl's Jinja source (one paragraph: tags stripped)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", linea)).split())


def error_de_plantilla(e: Exception, ruta: Path, tpl: _Plantilla | None = None) -> ErrorDePlantilla:
    """A Jinja/docxtpl error said in Spanish, quoting the template paragraph where it happened."""
    cerca, lugar = "", f"plantilla «{ruta.name}»"
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
    plantilla: str | Path | None = None,
    *,
    dpi: int = fotos.DPI_PREDETERMINADO,
    columnas: int = COLUMNAS_PREDETERMINADAS,
    progreso: fotos.Progreso | None = None,
) -> Partes:
    """Render *reporte* into *plantilla* (the official one by default); the package's parts.

    The parts are returned unzipped: :func:`~reporte_docx.documento.paquete.terminar_paquete`
    writes the one zip, so nothing is compressed twice.

    *progreso* is told ``(hechas, total)`` while the photos are processed.
    Raises :class:`~reporte_docx.errores.ErrorDeDatos` for bad photos and
    :class:`ErrorDePlantilla` for a template that cannot be used.
    """
    ruta = Path(plantilla) if plantilla else plantilla_oficial()
    tpl = abrir_plantilla(ruta)
    if plantilla:  # the official one is linted by the tests; a user's is checked every time
        from reporte_docx.plantilla.revision import exigir_plantilla_valida

        exigir_plantilla_valida(tpl, ruta)
    mover_saltos_de_pagina(tpl.docx.element.body)
    normalizar_filas(tpl.docx.element.body)
    render = _Render(tpl, columnas)
    render.ubicar(reporte, dpi, progreso)
    contexto = construir_contexto(reporte, galeria=render.galeria, imagenes=render.imagenes)
    entorno = crear_entorno()
    entorno.filters["enlace"] = _filtro("enlace", render.enlace)
    _sin_notas_de_la_plantilla(tpl)
    try:
        tpl.render(contexto, jinja_env=entorno, autoescape=True)
    except (TemplateError, SecurityError) as e:
        raise error_de_plantilla(e, ruta, tpl) from e
    firmas_con_la_ultima_ficha(tpl.docx.element.body, tpl.docx.styles.element)
    _propiedades_del_reporte(tpl, reporte)
    return partes_del_paquete(tpl.docx.part.package)


#: Word's limit for a document property (python-docx enforces it).
_LARGO_DE_PROPIEDAD = 255


def _propiedad(texto: str) -> str:
    limpio = " ".join(quitar_prohibidos_xml(texto).split())
    if len(limpio) <= _LARGO_DE_PROPIEDAD:
        return limpio
    return limpio[: _LARGO_DE_PROPIEDAD - 1].rstrip() + "…"


def _propiedades_del_reporte(tpl: DocxTemplate, reporte: Reporte) -> None:
    """The report's title and period as the document's title, its dependency as the subject.

    Only where the template leaves them empty: a template's own (rendered) title is
    its author's choice. Word, the PDF and a file browser show the title.
    """
    propiedades = tpl.docx.core_properties
    if not propiedades.title:
        periodo = formato.linea_de_periodo(reporte.trimestre, reporte.ejercicio)
        propiedades.title = _propiedad(f"{reporte.titulo} {periodo}")
    if not propiedades.subject:
        propiedades.subject = _propiedad(reporte.dependencia)


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
