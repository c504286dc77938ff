"""The Jinja environment every template is rendered and checked in.

docxtpl does the Word side (Jinja tags inside runs, ``{%p %}``/``{%tr %}``/
``{%tc %}`` loops); this module supplies the Jinja environment it runs in:
sandboxed (a template is a file that travels by e-mail), strict (a misspelt
variable is an error, never a blank field in an official report), autoescaped
(otherwise docxtpl silently drops ``&`` and ``<``), with the Spanish filters of
:mod:`reporte_docx.formato`. The renderer and the template checker both start
from :func:`crear_entorno`, so they accept exactly the same templates.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from jinja2 import StrictUndefined, TemplateRuntimeError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing
from markupsafe import Markup

from reporte_docx import formato
from reporte_docx.documento.marcas import envolver
from reporte_docx.plantilla.contexto import Objeto
from reporte_docx.plantilla.marcados import TextoMarcado, marca_de
from reporte_docx.texto import escapar_xml, quiso_decir


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

#: What each Spanish filter expects, said to the template author.
TIPOS_DE_FILTRO = {
    "fecha_larga": "espera una fecha",
    "fecha_corta": "espera una fecha",
    "mes": "espera una fecha o un número de mes (1 a 12)",
    "numero": "espera un número",
    "porcentaje": "espera una proporción (1.0 es 100 %)",
    "enlace": "espera un texto y la dirección del enlace: {{ a.lugar|enlace(a.lugar_enlace) }}",
}

#: The filters whose result still says the whole value, so a marked value stays marked
#: through them (``mes`` keeps only the month of a date: its result is not the field).
FILTROS_QUE_MARCAN = ("enlace", "fecha_larga", "fecha_corta", "numero", "porcentaje", "mayusculas")

#: The names a template starts from (see README, "Plantillas propias").
NOMBRES_RAIZ = ("reporte", "actividades", "firmas")

#: Filters Jinja has that would let a value write raw XML into the document (and break it).
FILTROS_PROHIBIDOS = ("safe", "forceescape")


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


def filtro(nombre: str, funcion: Callable[..., str]) -> Callable[..., str]:
    """*funcion* as a filter whose misuse (a text given to ``fecha_larga``) is a template error."""

    @functools.wraps(funcion)
    def filtro(valor: Any, *args: Any) -> str:
        if isinstance(valor, StrictUndefined):
            str(valor)  # raises the undefined-name error itself
        try:
            resultado = funcion(valor, *args)
        except (TypeError, ValueError, AttributeError, KeyError, IndexError) as e:
            raise TemplateRuntimeError(
                f"el filtro «{nombre}» no se puede aplicar al valor «{valor}» "
                f"({type(valor).__name__}): {TIPOS_DE_FILTRO.get(nombre, 'revise el valor')}"
            ) from e
        return _marcado_como(valor, resultado) if nombre in FILTROS_QUE_MARCAN else resultado

    return filtro


def _marcado_como(valor: Any, resultado: str) -> str:
    """*resultado* of a filter marked as the field *valor* is, if it is one.

    A filter that writes XML (``enlace``) returns :class:`Markup`, which is printed
    as it is: its delimiters go around that XML here.
    """
    marca = marca_de(valor)
    if marca is None or marca_de(resultado) is not None:
        return resultado
    clave, tipo = marca
    if hasattr(resultado, "__html__"):
        return Markup(envolver(str(resultado), clave, tipo))
    return TextoMarcado(resultado, clave, tipo)


def _finalizar(valor: Any) -> Any:
    """Turn every ``{{ value }}`` into safe WordprocessingML text.

    Dates print in Spanish; the text itself goes through the package's one
    escaper, :func:`reporte_docx.texto.escapar_xml`.
    """
    if hasattr(valor, "__html__"):
        return valor
    marca = marca_de(valor)
    if marca is not None:
        return Markup(envolver(str(_finalizar_sin_marca(valor)), *marca))
    return _finalizar_sin_marca(valor)


def _finalizar_sin_marca(valor: Any) -> Markup:
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
    return Markup(escapar_xml(str(valor)))


def crear_entorno() -> ImmutableSandboxedEnvironment:
    """The Jinja environment every template is rendered in (a new one each time: no shared state)."""
    entorno = ImmutableSandboxedEnvironment(
        autoescape=True, undefined=_Indefinido, finalize=_finalizar
    )
    for peligroso in FILTROS_PROHIBIDOS:
        entorno.filters.pop(peligroso, None)
    entorno.filters.update({n: filtro(n, f) for n, f in FILTROS.items()})
    return entorno
