"""Linting a Word template without data (``reporte-docx plantilla verificar``).

A template is written in Word by someone who is not a programmer, so every
finding quotes the paragraph as the author sees it and says where it is (body,
header or footer; table, row and cell). The checks, in the order a mistake
would hide the next one:

1. tags Word broke: a tag left open at the end of its paragraph, a tag cut by a
   tracked change, a hyperlink or a field, which docxtpl cannot put together;
2. docxtpl's paragraph/row/cell tags (``{%p``, ``{%tr``, ``{%tc``) where they
   cannot work: ``{%tr`` outside a table row, two of them in one row, other text
   next to them (docxtpl drops the whole paragraph, row or cell);
3. blocks: ``for``/``endfor`` and ``if``/``endif`` that do not pair up, or pair
   up at different levels of the document (which would break its XML);
4. Jinja syntax;
5. names: every variable, field and filter against the documented context
   (built from a sample :class:`~reporte_docx.modelo.Reporte` by
   :func:`~reporte_docx.contexto.construir_contexto`, so the two cannot drift),
   with loop variables understood; and nothing reaching Python internals.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from docx.opc.oxml import parse_xml
from jinja2 import TemplateSyntaxError, nodes
from lxml import etree

from .contexto import Objeto, construir_contexto
from .errores import AVISO, ErrorDePlantilla, Hallazgo
from .modelo import Actividad, Evento, Firma, Fotografia, Reporte, TablaEventos
from .plantilla import (
    TIPOS_DE_FILTRO,
    _Plantilla,
    abrir_plantilla,
    crear_entorno,
    nombre_de_parte,
    quiso_decir,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _T, _R, _TC, _TR, _TBL = (f"{{{W}}}{n}" for n in ("p", "t", "r", "tc", "tr", "tbl"))
_CAMBIOS = tuple(f"{{{W}}}{n}" for n in ("ins", "del", "moveFrom", "moveTo"))
_ETIQUETA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_APERTURA = re.compile(r"\{\{|\{%|\{#")
_CIERRE = re.compile(r"\}\}|%\}|#\}")
_PREFIJO = re.compile(r"^(\{\{|\{%|\{#)(tr|tc|p|r) ")
_PALABRA = re.compile(r"^\{%-?\+?\s*(\w+)")
_BLOQUES = {"for", "if", "macro", "call", "filter", "with", "raw", "autoescape", "trans", "block"}
_INTERMEDIOS = {"else": {"for", "if"}, "elif": {"if"}}
_FILTROS_QUE_CONSERVAN = {"sort", "reverse", "list", "unique", "selectattr", "rejectattr"}
_CONTEXTO = 60  # characters of the paragraph quoted on each side of a tag


class _Desconocido:
    """A value whose shape the linter does not follow (a string method, a Jinja global…)."""


DESCONOCIDO = _Desconocido()
_LOOP = {
    **{n: int for n in ("index", "index0", "revindex", "revindex0", "length", "depth", "depth0")},
    **{n: bool for n in ("first", "last")},
    **{n: DESCONOCIDO for n in ("previtem", "nextitem", "cycle", "changed")},
}


@dataclass
class _Parrafo:
    elemento: Any  # w:p
    texto: str
    trozos: list[tuple[int, Any]]  # (offset in texto, w:t element)
    lugar: str


@dataclass
class _Etiqueta:
    parrafo: _Parrafo
    inicio: int
    texto: str  # as written, prefix included
    prefijo: str  # "p", "tr", "tc", "r" or ""
    palabra: str = ""  # first word of a {% %} tag

    @property
    def jinja(self) -> str:
        """The tag as Jinja sees it after docxtpl: prefix gone, Word's curly quotes straight."""
        texto = _PREFIJO.sub(r"\1 ", self.texto)
        return texto.translate(_COMILLAS)


_COMILLAS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


@dataclass
class _Revision:
    nombre: str
    hallazgos: list[Hallazgo] = field(default_factory=list)

    def agregar(
        self,
        codigo: str,
        que: str,
        parrafo: _Parrafo | None,
        inicio: int | None = None,
        severidad: str = "error",
    ) -> None:
        lugar = f"plantilla «{self.nombre}»"
        mensaje = que
        if parrafo is not None:
            lugar += f", {parrafo.lugar}"
            mensaje += f" — en el párrafo «{_cita(parrafo.texto, inicio)}»"
        h = Hallazgo(codigo, mensaje, severidad, lugar=lugar)
        if h not in self.hallazgos:
            self.hallazgos.append(h)


def _cita(texto: str, inicio: int | None) -> str:
    texto = " ".join(texto.split()) if inicio is None else texto
    if len(texto) <= 2 * _CONTEXTO:
        return texto.strip()
    centro = inicio or 0
    desde, hasta = max(0, centro - _CONTEXTO), min(len(texto), centro + _CONTEXTO)
    return ("…" if desde else "") + texto[desde:hasta].strip() + ("…" if hasta < len(texto) else "")


# -- the documented context, as a shape ---------------------------------------


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


def forma_del_contexto() -> dict[str, Any]:
    """Names a template may use and the shape of each (see README, "Plantillas propias")."""
    return _forma(construir_contexto(reporte_de_muestra()))


# -- reading the document -------------------------------------------------------


def _partes(tpl: _Plantilla) -> list[tuple[str, Any]]:
    """(name for the author, XML root) of every part docxtpl renders."""
    partes = [("cuerpo", tpl.docx.element)]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _, parte in tpl.get_headers_footers(uri):
            partes.append((nombre_de_parte(str(parte.partname)), parse_xml(parte.blob)))
    for parte in tpl.docx.part.package.parts:
        if str(parte.partname).endswith("/footnotes.xml"):
            partes.append(("notas al pie", parse_xml(parte.blob)))
    return partes


def _parrafos(parte: str, raiz: Any) -> list[_Parrafo]:
    numeros = {t: n for n, t in enumerate(raiz.iter(_TBL), start=1)}
    parrafos = []
    for p in raiz.iter(_P):
        trozos, texto = [], ""
        for t in p.iter(_T):
            if _ancestro(t, _P) is p:  # not the text of a text box anchored in it
                trozos.append((len(texto), t))
                texto += (t.text or "").replace("\n", " ")
        parrafos.append(_Parrafo(p, texto, trozos, _lugar(parte, p, numeros)))
    return parrafos


def _ancestro(el: Any, etiqueta: str) -> Any:
    el = el.getparent()
    while el is not None and el.tag != etiqueta:
        el = el.getparent()
    return el


def _lugar(parte: str, p: Any, numeros: dict[Any, int]) -> str:
    """``cuerpo, tabla 2, fila 3, celda 1`` (nested tables after a ›)."""
    niveles = []
    el = p.getparent()
    while el is not None:
        if el.tag == _TC:
            fila = el.getparent()
            tabla = fila.getparent()
            niveles.append(
                f"tabla {numeros.get(tabla, '?')}, fila {_indice(tabla, fila, _TR)}, "
                f"celda {_indice(fila, el, _TC)}"
            )
        el = el.getparent()
    return ", ".join([parte, " › ".join(reversed(niveles))]) if niveles else parte


def _indice(padre: Any, hijo: Any, etiqueta: str) -> int:
    return [h for h in padre if h.tag == etiqueta].index(hijo) + 1


def _texto_de(el: Any) -> str:
    return "".join(t.text or "" for t in el.iter(_T))


def _etiquetas(parrafo: _Parrafo) -> list[_Etiqueta]:
    etiquetas = []
    for m in _ETIQUETA.finditer(parrafo.texto):
        prefijo = _PREFIJO.match(m[0])
        e = _Etiqueta(parrafo, m.start(), m[0], prefijo[2] if prefijo else "")
        if palabra := _PALABRA.match(e.jinja):
            e.palabra = palabra[1]
        etiquetas.append(e)
    return etiquetas


def _w_t(e: _Etiqueta) -> Any:
    """The w:t where the tag starts."""
    elegido = None
    for inicio, t in e.parrafo.trozos:
        if inicio <= e.inicio:
            elegido = t
    return elegido


def _ancla(e: _Etiqueta) -> Any:
    """The element docxtpl replaces by the tag (the paragraph for ``{%p``…), or the tag's w:t."""
    if e.prefijo == "p":
        return e.parrafo.elemento
    if e.prefijo in ("tr", "tc"):
        return _ancestro(e.parrafo.elemento, _TR if e.prefijo == "tr" else _TC)
    t = _w_t(e)
    return t.getparent() if e.prefijo == "r" and t is not None else t


# -- the checks -------------------------------------------------------------------


def _revisar_rotas(rev: _Revision, tpl: _Plantilla, parrafos: list[_Parrafo]) -> bool:
    """Tags Word broke; True when the part is sound enough to be read as Jinja."""
    sana = True
    for p in parrafos:
        resto = _ETIQUETA.sub(lambda m: " " * len(m[0]), p.texto)
        if m := _APERTURA.search(resto):
            sana = False
            rev.agregar(
                "plantilla-etiqueta-abierta",
                f"la etiqueta que empieza en «{p.texto[m.start() : m.start() + 30]}» no se cierra "
                "en el mismo párrafo (falta «}}» o «%}», o se partió con un Enter)",
                p,
                m.start(),
            )
        elif m := _CIERRE.search(resto):
            rev.agregar(
                "plantilla-cierre-suelto",
                f"«{m[0]}» cierra una etiqueta que no se abrió (falta «{{{{» o «{{%» antes)",
                p,
                m.start(),
            )
        cambios = [c for c in p.elemento.iter(*_CAMBIOS) if _ancestro(c, _P) is p.elemento]
        borrado = "".join(d.text or "" for c in cambios for d in c.iter(f"{{{W}}}delText"))
        if cambios and ("{" in p.texto + borrado or "}" in p.texto + borrado):
            sana = False
            rev.agregar(
                "plantilla-cambios-controlados",
                "hay cambios controlados sin aceptar en una etiqueta; acéptelos o recházelos "
                "(Revisar › Aceptar todos los cambios) y vuelva a guardar",
                p,
            )
            continue
        if "{" not in p.texto:
            continue
        # what docxtpl will make of this paragraph: tags glued back, well-formed XML
        parcheado = tpl.patch_xml(etree.tostring(p.elemento, encoding="unicode"))
        vistas = [e.jinja for e in _etiquetas(p)]
        quedan = [
            _PREFIJO.sub(r"\1 ", t).translate(_COMILLAS) for t in _ETIQUETA.findall(parcheado)
        ]
        try:
            etree.fromstring(f"<raiz>{parcheado}</raiz>")
            rota = any("<" in t for t in quedan) or sorted(quedan) != sorted(vistas)
        except etree.XMLSyntaxError:
            rota = True
        if rota:
            sana = False
            rev.agregar(
                "plantilla-etiqueta-partida",
                "Word partió una etiqueta con un hipervínculo, un campo o un control en medio, "
                "y así no se puede procesar; bórrela y escríbala de nuevo de corrido",
                p,
            )
    return sana


def _revisar_prefijos(rev: _Revision, etiquetas: list[_Etiqueta]) -> None:
    """``{%p``/``{%tr``/``{%tc`` where docxtpl can apply them, alone in what they replace."""
    nombres = {"p": "párrafo", "tr": "fila de tabla", "tc": "celda de tabla"}
    vistas: dict[Any, _Etiqueta] = {}
    for e in etiquetas:
        if e.prefijo not in nombres:
            continue
        que = nombres[e.prefijo]
        ancla = _ancla(e)
        if ancla is None:
            rev.agregar(
                "plantilla-prefijo-fuera",
                f"«{e.texto}» sólo puede ir dentro de una {que}; aquí no hay ninguna. "
                f"Use «{{%p …%}}» para repetir párrafos",
                e.parrafo,
                e.inicio,
            )
            continue
        if ancla in vistas:
            rev.agregar(
                "plantilla-prefijo-doble",
                f"«{e.texto}» comparte su {que} con «{vistas[ancla].texto}»; cada una necesita "
                f"su propia {que} (docxtpl reemplaza la {que} entera por la etiqueta)",
                e.parrafo,
                e.inicio,
            )
            continue
        vistas[ancla] = e
        if e.prefijo != "p" and any(h.tag == _TBL for h in ancla.iter()):
            rev.agregar(
                "plantilla-prefijo-tabla",
                f"«{e.texto}» está en una {que} que contiene otra tabla; póngala en una {que} "
                "propia, sin tablas",
                e.parrafo,
                e.inicio,
            )
            continue
        otro = (_texto_de(ancla) if e.prefijo != "p" else e.parrafo.texto).replace(e.texto, "", 1)
        if otro.strip():
            rev.agregar(
                "plantilla-texto-perdido",
                f"«{e.texto}» reemplaza su {que} entera, así que el texto «{otro.strip()[:60]}» "
                f"desaparecería; deje la etiqueta sola en su {que}",
                e.parrafo,
                e.inicio,
            )


def _emparejar(rev: _Revision, etiquetas: list[_Etiqueta]) -> list[list[_Etiqueta]] | None:
    """Pair ``for``/``endfor``, ``if``/``elif``/``else``/``endif``…; None when they do not pair."""
    pila: list[list[_Etiqueta]] = []
    bloques, bien = [], True
    for e in etiquetas:
        palabra = e.palabra
        if not palabra:
            continue
        if palabra in _BLOQUES or (palabra == "set" and "=" not in e.jinja):
            pila.append([e])
        elif palabra in _INTERMEDIOS:
            if not pila or pila[-1][0].palabra not in _INTERMEDIOS[palabra]:
                bien = False
                rev.agregar(
                    "plantilla-bloque",
                    f"«{e.texto}» está fuera de un bloque «for» o «if» que lo contenga",
                    e.parrafo,
                    e.inicio,
                )
            else:
                pila[-1].append(e)
        elif palabra.startswith("end"):
            abre = palabra[3:]
            if not pila:
                bien = False
                rev.agregar(
                    "plantilla-bloque",
                    f"«{e.texto}» cierra un bloque que no se abrió: falta «{{% {abre} … %}}» antes",
                    e.parrafo,
                    e.inicio,
                )
            elif pila[-1][0].palabra != abre:
                bien = False
                abierto = pila[-1][0]
                rev.agregar(
                    "plantilla-bloque",
                    f"«{e.texto}» no corresponde: el último bloque abierto es «{abierto.texto}» "
                    f"({abierto.parrafo.lugar}, «{_cita(abierto.parrafo.texto, abierto.inicio)}»), "
                    f"que debe cerrarse antes con «end{abierto.palabra}»",
                    e.parrafo,
                    e.inicio,
                )
                pila.pop()
            else:
                pila[-1].append(e)
                bloques.append(pila.pop())
    for abierto, *_ in pila:
        bien = False
        rev.agregar(
            "plantilla-bloque",
            f"«{abierto.texto}» no se cierra: falta su «{{%{abierto.prefijo} "
            f"end{abierto.palabra} %}}» más adelante",
            abierto.parrafo,
            abierto.inicio,
        )
    return bloques if bien else None


def _camino(el: Any) -> list[Any]:
    camino = []
    while el is not None:
        camino.append(el)
        el = el.getparent()
    return camino[::-1]


def _revisar_niveles(rev: _Revision, bloques: list[list[_Etiqueta]]) -> None:
    """A block must open and close at the same level of the document, or its XML breaks."""
    for bloque in bloques:
        for a, b in zip(bloque, bloque[1:], strict=False):
            ancla_a, ancla_b = _ancla(a), _ancla(b)
            if ancla_a is None or ancla_b is None or ancla_a is ancla_b:
                continue
            ca, cb = _camino(ancla_a), _camino(ancla_b)
            comun = 0
            while comun < min(len(ca), len(cb)) and ca[comun] is cb[comun]:
                comun += 1
            if [x.tag for x in ca[comun:]] != [x.tag for x in cb[comun:]]:
                rev.agregar(
                    "plantilla-bloque-niveles",
                    f"«{a.texto}» ({a.parrafo.lugar}) y «{b.texto}» están en niveles distintos "
                    "del documento (p. ej. uno dentro de una tabla y el otro fuera, o uno con "
                    "«p» y el otro sin él); póngalos ambos en párrafos de la misma celda, o "
                    "ambos con «{%tr» en filas de la misma tabla",
                    b.parrafo,
                    b.inicio,
                )


class _Nombres:
    """Walks the Jinja AST checking every name, field and filter against the context's shape."""

    def __init__(self, rev: _Revision, parrafos: list[_Parrafo], entorno: Any) -> None:
        self.rev, self.parrafos, self.entorno = rev, parrafos, entorno

    def reportar(self, codigo: str, que: str, nodo: nodes.Node) -> None:
        linea = getattr(nodo, "lineno", 1) or 1
        self.rev.agregar(codigo, que, self.parrafos[min(linea, len(self.parrafos)) - 1])

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
        if isinstance(n, nodes.For):
            forma = self.expr(n.iter, ambito)
            dentro = dict(ambito)
            self.atar(n.target, forma[0] if isinstance(forma, list) else DESCONOCIDO, dentro)
            dentro["loop"] = _LOOP
            if n.test is not None:
                self.expr(n.test, dentro)
            self.bloque(n.body, dentro)
            self.bloque(n.else_, dict(ambito))
        elif isinstance(n, nodes.Assign):
            self.atar(n.target, self.expr(n.node, ambito), ambito)
        elif isinstance(n, nodes.AssignBlock):
            self.bloque(n.body, dict(ambito))
            self.atar(n.target, DESCONOCIDO, ambito)
        elif isinstance(n, nodes.With):
            dentro = dict(ambito)
            for destino, valor in zip(n.targets, n.values, strict=True):
                self.atar(destino, self.expr(valor, ambito), dentro)
            self.bloque(n.body, dentro)
        elif isinstance(n, (nodes.Macro, nodes.CallBlock)):
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
        elif isinstance(n, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            self.reportar(
                "plantilla-incluir",
                "una plantilla de Word no puede incluir ni importar otras plantillas",
                n,
            )
        elif isinstance(n, nodes.Expr):
            self.expr(n, ambito)
        else:
            for hijo in n.iter_child_nodes():
                self.nodo(hijo, ambito)

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
            for hijo in [*n.args, *(k.value for k in n.kwargs), n.dyn_args, n.dyn_kwargs]:
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


def _texto(n: nodes.Node) -> str:
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


def _fuente_jinja(parrafos: list[_Parrafo]) -> str:
    """One line per paragraph, as docxtpl will hand it to Jinja (tags only matter)."""
    lineas = []
    for p in parrafos:
        linea = _ETIQUETA.sub(lambda m: _PREFIJO.sub(r"\1 ", m[0]).translate(_COMILLAS), p.texto)
        # docxtpl's own table tags, which it turns into XML before Jinja sees them
        linea = re.sub(r"\{%\s*(vm|hm)\s*%\}", " ", linea)
        linea = re.sub(r"\{%\s*(colspan|cellbg)\s+([^%]*)%\}", r"{{ \2 }}", linea)
        lineas.append(linea)
    return "\n".join(lineas)


def _revisar_parte(rev: _Revision, tpl: _Plantilla, parte: str, raiz: Any, forma: dict) -> None:
    parrafos = _parrafos(parte, raiz)
    if not parrafos:
        return
    sana = _revisar_rotas(rev, tpl, parrafos)
    etiquetas = [e for p in parrafos for e in _etiquetas(p)]
    _revisar_prefijos(rev, etiquetas)
    bloques = _emparejar(rev, etiquetas)
    if bloques is None or not sana:
        return
    _revisar_niveles(rev, bloques)
    entorno = crear_entorno()
    try:
        arbol = entorno.parse(_fuente_jinja(parrafos))
    except TemplateSyntaxError as e:
        p = parrafos[min(max(e.lineno, 1), len(parrafos)) - 1]
        rev.agregar("plantilla-sintaxis", f"etiqueta mal escrita: {e.message}", p)
        return
    _Nombres(rev, parrafos, entorno).bloque(arbol.body, dict(forma))


def revisar_documento(tpl: _Plantilla, nombre: str) -> list[Hallazgo]:
    """Every finding about an opened template; *nombre* is how messages name it."""
    rev = _Revision(nombre)
    forma = forma_del_contexto()
    cambios = 0
    for parte, raiz in _partes(tpl):
        _revisar_parte(rev, tpl, parte, raiz, forma)
        cambios += sum(1 for _ in raiz.iter(*_CAMBIOS))
    if cambios and not any(h.codigo == "plantilla-cambios-controlados" for h in rev.hallazgos):
        rev.agregar(
            "plantilla-cambios-pendientes",
            f"la plantilla tiene {cambios} cambio(s) controlado(s) sin aceptar, que el reporte "
            "mostraría como cambios; acéptelos o recházelos en Word (Revisar)",
            None,
            severidad=AVISO,
        )
    return rev.hallazgos


def revisar_plantilla(ruta: str | Path) -> list[Hallazgo]:
    """Lint the template at *ruta* without data: every problem found, errors first."""
    ruta = Path(ruta)
    hallazgos = revisar_documento(abrir_plantilla(ruta), ruta.name)
    return sorted(hallazgos, key=lambda h: not h.es_error)


def exigir_plantilla_valida(tpl: _Plantilla, ruta: Path) -> None:
    """Raise :class:`ErrorDePlantilla` with every error of the template (warnings pass)."""
    errores = [h for h in revisar_documento(tpl, ruta.name) if h.es_error]
    if errores:
        lista = "\n".join(f"- {h}" for h in errores)
        raise ErrorDePlantilla(
            f"La plantilla «{ruta.name}» tiene {len(errores)} error(es); no se escribió nada:\n"
            f"{lista}",
            errores,
        )
