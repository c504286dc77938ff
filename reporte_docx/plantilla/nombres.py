"""The names a template may use, and the check of a template's names against them.

The shape of the context is taken from :func:`~reporte_docx.plantilla.contexto.construir_contexto`
run on a small sample report, so the documented context and this check
cannot drift apart. The check walks the Jinja AST: loop variables, ``set``
and ``with`` are followed; where a value's shape is not known (a string
method, a Jinja global) the walk stops checking rather than guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeAlias

from jinja2 import nodes

from reporte_docx.modelo import Actividad, Evento, Firma, Fotografia, Reporte, TablaEventos
from reporte_docx.plantilla.contexto import Objeto, construir_contexto
from reporte_docx.plantilla.entorno import TIPOS_DE_FILTRO
from reporte_docx.texto import quiso_decir

#: What the checker knows of a value: a dict of field shapes (a record), a one-element
#: list (a list of that shape), a type (a plain value) or :data:`DESCONOCIDO`.
Forma: TypeAlias = Any

_FILTROS_QUE_CONSERVAN = {"sort", "reverse", "list", "unique", "selectattr", "rejectattr"}


class _Desconocido:
    """A value whose shape the linter does not follow (a string method, a Jinja global…)."""


DESCONOCIDO = _Desconocido()
_LOOP = {
    **{n: int for n in ("index", "index0", "revindex", "revindex0", "length", "depth", "depth0")},
    **{n: bool for n in ("first", "last")},
    **{n: DESCONOCIDO for n in ("previtem", "nextitem", "cycle", "changed")},
}


def reporte_de_muestra() -> Reporte:
    """A small Reporte with one of everything: the shape of the context, without any files."""
    fecha = dt.date(2023, 5, 30)
    return Reporte(
        dependencia="Dependencia",
        titulo="Título",
        ejercicio=2023,
        trimestre=2,
        programadas=3,
        realizadas=3,
        actividades=[
            Actividad(
                "1",
                "Actividad",
                fecha,
                "Lugar",
                "Descripción",
                fotografias=[Fotografia(Path("foto.jpg"), "Pie")],
                tablas=[TablaEventos("Tabla", [Evento(fecha, "Evento")])],
            )
        ],
        firmas=[Firma("Elaboró", "Nombre", "Cargo")],
    )


def _forma(valor: Any) -> Any:
    """Objeto → dict of field shapes; list → [element shape]; anything else → its type."""
    if isinstance(valor, Objeto):
        return {k: _forma(v) for k, v in vars(valor).items()}
    if isinstance(valor, list):
        return [_forma(valor[0]) if valor else DESCONOCIDO]
    if isinstance(valor, dict):
        return {k: _forma(v) for k, v in valor.items()}
    return type(valor)


def forma_del_contexto() -> dict[str, Forma]:
    """Names a template may use and the shape of each (see README, "Plantillas propias")."""
    forma: dict[str, Forma] = _forma(construir_contexto(reporte_de_muestra()))
    return forma


class RevisorDeNombres:
    """Walks the Jinja AST checking every name, field and filter against the context's shape.

    *reportar* receives (code, Spanish message, template line) for each finding.
    """

    def __init__(self, reportar: Callable[[str, str, int], None], entorno: Any) -> None:
        self._reportar, self.entorno = reportar, entorno

    def reportar(self, codigo: str, que: str, nodo: nodes.Node) -> None:
        self._reportar(codigo, que, getattr(nodo, "lineno", 1) or 1)

    def bloque(self, lista: list[nodes.Node], ambito: dict[str, Any]) -> None:
        for n in lista:
            self.nodo(n, ambito)

    def atar(self, destino: nodes.Node, forma: Any, ambito: dict[str, Any]) -> None:
        if isinstance(destino, nodes.Name):
            ambito[destino.name] = forma
        elif isinstance(destino, nodes.Tuple):
            for d in destino.items:
                self.atar(d, DESCONOCIDO, ambito)

    def nodo(self, n: nodes.Node, ambito: dict[str, Any]) -> None:
        """Check one statement; its kind picks the method (loops and blocks open a scope)."""
        for clase, metodo in self._SENTENCIAS:
            if isinstance(n, clase):
                metodo(self, n, ambito)
                return
        for hijo in n.iter_child_nodes():
            self.nodo(hijo, ambito)

    def _for(self, n: nodes.For, ambito: dict[str, Any]) -> None:
        forma = self.expr(n.iter, ambito)
        dentro = dict(ambito)
        self.atar(n.target, forma[0] if isinstance(forma, list) else DESCONOCIDO, dentro)
        dentro["loop"] = _LOOP
        if n.test is not None:
            self.expr(n.test, dentro)
        self.bloque(n.body, dentro)
        self.bloque(n.else_, dict(ambito))

    def _asignar(self, n: nodes.Assign, ambito: dict[str, Any]) -> None:
        self.atar(n.target, self.expr(n.node, ambito), ambito)

    def _asignar_bloque(self, n: nodes.AssignBlock, ambito: dict[str, Any]) -> None:
        self.bloque(n.body, dict(ambito))
        self.atar(n.target, DESCONOCIDO, ambito)

    def _with(self, n: nodes.With, ambito: dict[str, Any]) -> None:
        dentro = dict(ambito)
        for destino, valor in zip(n.targets, n.values, strict=True):
            self.atar(destino, self.expr(valor, ambito), dentro)
        self.bloque(n.body, dentro)

    def _macro(self, n: nodes.Macro | nodes.CallBlock, ambito: dict[str, Any]) -> None:
        dentro = dict(ambito)
        for d in n.defaults:
            self.expr(d, ambito)
        for a in n.args:
            self.atar(a, DESCONOCIDO, dentro)
        dentro.update(caller=DESCONOCIDO, varargs=DESCONOCIDO, kwargs=DESCONOCIDO)
        if isinstance(n, nodes.CallBlock):
            self.expr(n.call, ambito)
        else:
            ambito[n.name] = DESCONOCIDO
        self.bloque(n.body, dentro)

    def _incluir(self, n: nodes.Node, ambito: dict[str, Any]) -> None:
        self.reportar(
            "plantilla-incluir",
            "una plantilla de Word no puede incluir ni importar otras plantillas",
            n,
        )

    def _expresion(self, n: nodes.Expr, ambito: dict[str, Any]) -> None:
        self.expr(n, ambito)

    _SENTENCIAS: tuple[tuple[Any, Callable[..., None]], ...] = (
        (nodes.For, _for),
        (nodes.Assign, _asignar),
        (nodes.AssignBlock, _asignar_bloque),
        (nodes.With, _with),
        ((nodes.Macro, nodes.CallBlock), _macro),
        ((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends), _incluir),
        (nodes.Expr, _expresion),
    )

    def expr(self, n: nodes.Node, ambito: dict[str, Any]) -> Any:
        if isinstance(n, nodes.Name):
            if n.name in ambito:
                return ambito[n.name]
            if n.name not in self.entorno.globals:
                fuera = " (sólo existe dentro de un «for»)" if n.name == "loop" else ""
                self.reportar(
                    "plantilla-variable",
                    f"la variable «{n.name}» no existe{fuera}{quiso_decir(n.name, ambito)}",
                    n,
                )
            return DESCONOCIDO
        if isinstance(n, nodes.Getattr):
            return self.campo(self.expr(n.node, ambito), n.attr, n)
        if isinstance(n, nodes.Getitem):
            base = self.expr(n.node, ambito)
            if isinstance(n.arg, nodes.Const) and isinstance(n.arg.value, str):
                return self.campo(base, n.arg.value, n)
            self.expr(n.arg, ambito)
            if isinstance(base, list) and isinstance(n.arg, nodes.Const):
                return base[0]
            return DESCONOCIDO
        if isinstance(n, (nodes.Filter, nodes.Test)):
            base = self.expr(n.node, ambito) if n.node is not None else DESCONOCIDO
            hijos: list[nodes.Node | None] = [*n.args, *(k.value for k in n.kwargs)]
            for hijo in [*hijos, n.dyn_args, n.dyn_kwargs]:
                if hijo is not None:
                    self.expr(hijo, ambito)
            return self.filtro(n, base)
        for hijo in n.iter_child_nodes():
            self.expr(hijo, ambito)
        return DESCONOCIDO

    def campo(self, base: Any, nombre: str, n: nodes.Getattr | nodes.Getitem) -> Any:
        escrito = _texto(n)
        if nombre.startswith("_"):
            self.reportar(
                "plantilla-interno",
                f"«{escrito}» intenta acceder a partes internas de Python, lo que no está "
                "permitido en una plantilla",
                n,
            )
            return DESCONOCIDO
        if isinstance(base, dict):
            if nombre in base:
                return base[nombre]
            cerca = quiso_decir(nombre, base)
            self.reportar(
                "plantilla-variable",
                f"«{escrito}» no existe{cerca}" + ("" if cerca else f" (hay: {', '.join(base)})"),
                n,
            )
        elif isinstance(base, list):
            self.reportar(
                "plantilla-lista",
                f"«{_texto(n.node)}» es una lista: recórrala con «{{%p for x in {_texto(n.node)} "
                f"%}}» y use «x.{nombre}» dentro",
                n,
            )
        elif isinstance(base, type) and not hasattr(base, nombre):
            self.reportar(
                "plantilla-variable", f"«{escrito}» no existe: «{_texto(n.node)}» es un valor", n
            )
        return DESCONOCIDO

    def filtro(self, n: nodes.Filter | nodes.Test, base: Any) -> Any:
        tabla, clase = (
            (self.entorno.filters, "filtro")
            if isinstance(n, nodes.Filter)
            else (self.entorno.tests, "prueba")
        )
        if n.name not in tabla:
            extra = (
                " (no se permite: escribiría XML sin revisar en el documento)"
                if n.name in ("safe", "forceescape")
                else quiso_decir(n.name, tabla)
            )
            self.reportar("plantilla-filtro", f"el {clase} «{n.name}» no existe{extra}", n)
            return DESCONOCIDO
        argumento = n.args[0] if n.args else None
        interno = isinstance(argumento, nodes.Const) and str(argumento.value).startswith("_")
        if n.name == "attr" and interno:
            self.reportar(
                "plantilla-interno",
                "«attr» intenta acceder a partes internas de Python, lo que no está permitido",
                n,
            )
        esperado = _ACEPTA.get(n.name)
        if esperado and isinstance(base, type) and not issubclass(base, esperado):
            self.reportar(
                "plantilla-tipo",
                f"el filtro «{n.name}» {TIPOS_DE_FILTRO[n.name]}, pero «{_texto(n.node)}» no lo es",
                n,
            )
        if isinstance(n, nodes.Filter) and n.name in _FILTROS_QUE_CONSERVAN:
            return base
        return DESCONOCIDO


_ACEPTA: dict[str, tuple[type, ...]] = {
    "fecha_larga": (dt.date,),
    "fecha_corta": (dt.date,),
    "mes": (dt.date, int),
    "numero": (int, float, Decimal),
    "porcentaje": (int, float, Decimal, type(None)),
}


def _texto(n: nodes.Node | None) -> str:
    """``reporte.dependencia`` back from its AST (for messages)."""
    if isinstance(n, nodes.Name):
        return n.name
    if isinstance(n, nodes.Getattr):
        return f"{_texto(n.node)}.{n.attr}"
    if isinstance(n, nodes.Getitem) and isinstance(n.arg, nodes.Const):
        return f"{_texto(n.node)}[{n.arg.value!r}]"
    if isinstance(n, nodes.Filter):
        return f"{_texto(n.node)}|{n.name}" if n.node is not None else n.name
    return "…"
