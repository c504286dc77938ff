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
import io
import re
import zipfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from docx.opc import phys_pkg
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateRuntimeError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import missing
from markupsafe import Markup, escape

from reporte_docx import formato
from reporte_docx.documento import galeria
from reporte_docx.errores import ErrorDeDatos, ErrorDePlantilla, Hallazgo
from reporte_docx.fotos import proceso as fotos
from reporte_docx.fotos.paralelo import procesar_fotos
from reporte_docx.fotos.revision import medir_fotos
from reporte_docx.modelo import Actividad, Reporte
from reporte_docx.plantilla.contexto import Objeto, construir_contexto
from reporte_docx.texto import normalizar_saltos, quiso_decir, quitar_prohibidos_xml

NOMBRE_PLANTILLA_OFICIAL = "reporte_trimestral.docx"
COLUMNAS_PREDETERMINADAS = 2
COLUMNAS_MAXIMAS = 4

FILTROS: dict[str, Callable[..., str]] = {
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
    texto = quitar_prohibidos_xml(normalizar_saltos(str(valor)))
    seguro = str(escape(texto)).replace("{", "&#123;").replace("}", "&#125;")
    return Markup(seguro)


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

    def ubicar(self, reporte: Reporte, dpi: int, progreso: fotos.Progreso | None = None) -> None:
        """Decide each photo's shown size, then process every file once at that size.

        A file shown in several places is processed once, at the largest width
        it is shown at; the grid decisions are :mod:`~reporte_docx.documento.galeria`'s.
        """
        # every bad photo is reported at once: the good ones are still processed (and
        # cached), so the run after the fix only does what is left
        hallazgos: list[Hallazgo] = []
        medidas = medir_fotos(reporte.fotografias, hallazgos)  # known since reading
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
        try:
            procesadas = procesar_fotos(pedidos, reporte.fotografias, dpi=dpi, progreso=progreso)
        except ErrorDeDatos as e:
            hallazgos.extend(e.hallazgos)
        if hallazgos:
            raise ErrorDeDatos(sorted(hallazgos, key=lambda h: h.fila or 0))
        for a in reporte.actividades:
            tamanos = iter(t for fila in planes[id(a)] for t in fila)
            lugares = [
                galeria.Lugar(f.archivo, procesadas[f.archivo], f.pie, *next(tamanos))
                for f in a.fotografias
            ]
            self.lugares[id(a)] = [
                lugares[i : i + self.columnas] for i in range(0, len(lugares), self.columnas)
            ]

    def galeria(self, actividad: Actividad) -> _Galeria:
        return _Galeria(self.lugares.get(id(actividad), []), self)

    def imagenes(self, actividad: Actividad) -> list[_Imagen]:
        return [
            _Imagen(lugar, self) for fila in self.lugares.get(id(actividad), []) for lugar in fila
        ]


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
) -> bytes:
    """Render *reporte* into *plantilla* (the official one by default) and return the .docx bytes.

    *progreso* is told ``(hechas, total)`` while the photos are processed.
    Raises :class:`~reporte_docx.errores.ErrorDeDatos` for bad photos and
    :class:`ErrorDePlantilla` for a template that cannot be used.
    """
    ruta = Path(plantilla) if plantilla else plantilla_oficial()
    tpl = abrir_plantilla(ruta)
    if plantilla:  # the official one is linted by the tests; a user's is checked every time
        from reporte_docx.plantilla.revision import exigir_plantilla_valida

        exigir_plantilla_valida(tpl, ruta)
    render = _Render(tpl, columnas)
    render.ubicar(reporte, dpi, progreso)
    contexto = construir_contexto(reporte, galeria=render.galeria, imagenes=render.imagenes)
    try:
        tpl.render(contexto, jinja_env=crear_entorno(), autoescape=True)
    except (TemplateError, SecurityError) as e:
        raise error_de_plantilla(e, ruta, tpl) from e
    return _guardar_sin_comprimir(tpl)


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
