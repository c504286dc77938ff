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
5. names: every variable, field and filter against the documented context,
   and nothing reaching Python internals (:mod:`reporte_docx.plantilla.nombres`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from docx.opc.oxml import parse_xml
from docx.oxml.ns import qn
from jinja2 import TemplateSyntaxError
from lxml import etree

from reporte_docx.documento.wordml import ETIQUETA
from reporte_docx.errores import AVISO, ErrorDePlantilla, Hallazgo
from reporte_docx.origen import Origen, como_ruta
from reporte_docx.plantilla.admision import juzgar_uso, nombres_usados
from reporte_docx.plantilla.archivo import PlantillaDocx, abrir_plantilla, nombre_de_parte
from reporte_docx.plantilla.entorno import crear_entorno
from reporte_docx.plantilla.nombres import Forma, RevisorDeNombres, forma_del_contexto
from reporte_docx.plantilla.saltos import (
    NOMBRES_DE_FIRMA,
    hay_bloque_de_firmas,
    parrafos_de_etiqueta_con_salto,
)

_P, _T, _R, _TC, _TR, _TBL = (qn(f"w:{n}") for n in ("p", "t", "r", "tc", "tr", "tbl"))
_CAMBIOS = tuple(qn(f"w:{n}") for n in ("ins", "del", "moveFrom", "moveTo"))
_APERTURA = re.compile(r"\{\{|\{%|\{#")
_CIERRE = re.compile(r"\}\}|%\}|#\}")
_PREFIJO = re.compile(r"^(\{\{|\{%|\{#)(tr|tc|p|r) ")
_PALABRA = re.compile(r"^\{%-?\+?\s*(\w+)")
_BLOQUES = {"for", "if", "macro", "call", "filter", "with", "raw", "autoescape", "trans", "block"}
_INTERMEDIOS = {"else": {"for", "if"}, "elif": {"if"}}
_CONTEXTO = 60  # characters of the paragraph quoted on each side of a tag
_RECORRE_FIRMAS = re.compile(r"\bin\s+firmas\b")


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
    #: The report's names the parts read (:func:`~reporte_docx.plantilla.admision.nombres_usados`).
    usados: set[str] = field(default_factory=set)

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


# -- reading the document -------------------------------------------------------


def _partes(tpl: PlantillaDocx) -> list[tuple[str, Any]]:
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
    numeros = _numeros(raiz)
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


def _numeros(raiz: Any) -> dict[Any, int]:
    """Number (from 1) of every table in the part, every row in its table and every cell in
    its row; content controls (w:sdt) may wrap a row or a cell, so each counts among the
    rows or cells of the nearest table or row up, not of its parent. Computed once per part:
    a template's table may have thousands of rows."""
    numeros = {t: n for n, t in enumerate(raiz.iter(_TBL), start=1)}
    for etiqueta, de in ((_TR, _TBL), (_TC, _TR)):
        cuantos: dict[Any, int] = {}
        for el in raiz.iter(etiqueta):
            padre = _ancestro(el, de)
            cuantos[padre] = numeros[el] = cuantos.get(padre, 0) + 1
    return numeros


def _lugar(parte: str, p: Any, numeros: dict[Any, int]) -> str:
    """``cuerpo, tabla 2, fila 3, celda 1`` (nested tables after a ›)."""
    niveles = []
    el = p.getparent()
    while el is not None:
        if el.tag == _TC:
            fila = _ancestro(el, _TR)
            tabla = _ancestro(fila, _TBL) if fila is not None else None
            niveles.append(
                f"tabla {numeros.get(tabla, '?')}, fila {numeros.get(fila, '?')}, "
                f"celda {numeros.get(el, '?')}"
            )
        el = el.getparent()
    return ", ".join([parte, " › ".join(reversed(niveles))]) if niveles else parte


def _texto_de(el: Any) -> str:
    return "".join(t.text or "" for t in el.iter(_T))


def _etiquetas(parrafo: _Parrafo) -> list[_Etiqueta]:
    etiquetas = []
    for m in ETIQUETA.finditer(parrafo.texto):
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


def _revisar_rotas(rev: _Revision, tpl: PlantillaDocx, parrafos: list[_Parrafo]) -> bool:
    """Tags Word broke; True when the part is sound enough to be read as Jinja."""
    sana = True
    for p in parrafos:
        resto = ETIQUETA.sub(lambda m: " " * len(m[0]), p.texto)
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
        borrado = "".join(d.text or "" for c in cambios for d in c.iter(qn("w:delText")))
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
        quedan = [_PREFIJO.sub(r"\1 ", t).translate(_COMILLAS) for t in ETIQUETA.findall(parcheado)]
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


#: What a ``{%p``/``{%tr``/``{%tc`` tag replaces, with the word endings its gender takes
#: (un párrafo entero, una fila entera).
_REEMPLAZA = {
    "p": ("párrafo", "o", ""),
    "tr": ("fila de tabla", "a", "a"),
    "tc": ("celda de tabla", "a", "a"),
}


def _revisar_prefijos(rev: _Revision, etiquetas: list[_Etiqueta]) -> None:
    """``{%p``/``{%tr``/``{%tc`` where docxtpl can apply them, alone in what they replace."""
    vistas: dict[Any, _Etiqueta] = {}
    for e in etiquetas:
        if e.prefijo not in _REEMPLAZA:
            continue
        que, o, a = _REEMPLAZA[e.prefijo]
        ancla = _ancla(e)
        if ancla is None:
            rev.agregar(
                "plantilla-prefijo-fuera",
                f"«{e.texto}» sólo puede ir dentro de un{a} {que}; aquí no hay ningun{o or a}. "
                f"Use «{{%p …%}}» para repetir párrafos",
                e.parrafo,
                e.inicio,
            )
        elif ancla in vistas:
            rev.agregar(
                "plantilla-prefijo-doble",
                f"«{e.texto}» comparte su {que} con «{vistas[ancla].texto}»; cada una necesita "
                f"su propi{o} {que} (docxtpl reemplaza {'el' if o == 'o' else 'la'} {que} "
                f"enter{o} por la etiqueta)",
                e.parrafo,
                e.inicio,
            )
        else:
            vistas[ancla] = e
            _revisar_contenido_de(rev, e, ancla)


def _revisar_contenido_de(rev: _Revision, e: _Etiqueta, ancla: Any) -> None:
    """What shares the paragraph, row or cell of a prefixed tag and would be lost with it."""
    que, o, a = _REEMPLAZA[e.prefijo]
    if e.prefijo != "p" and any(h.tag == _TBL for h in ancla.iter()):
        rev.agregar(
            "plantilla-prefijo-tabla",
            f"«{e.texto}» está en un{a} {que} que contiene otra tabla; póngala en un{a} {que} "
            f"propi{o}, sin tablas",
            e.parrafo,
            e.inicio,
        )
        return
    otro = (_texto_de(ancla) if e.prefijo != "p" else e.parrafo.texto).replace(e.texto, "", 1)
    if otro.strip():
        rev.agregar(
            "plantilla-texto-perdido",
            f"«{e.texto}» reemplaza su {que} enter{o}, así que el texto «{otro.strip()[:60]}» "
            f"desaparecería; deje la etiqueta sola en su {que}",
            e.parrafo,
            e.inicio,
        )


def _revisar_saltos(rev: _Revision, raiz: Any, parrafos: list[_Parrafo]) -> None:
    """A page break inside a ``{%p`` paragraph: moved when generating, said here.

    Word and LibreOffice put the break of a ficha that starts a page into the
    paragraph before it when they save; docxtpl would drop it with the tag.
    """
    con_salto = set(parrafos_de_etiqueta_con_salto(raiz))
    for p in parrafos:
        if p.elemento in con_salto:
            rev.agregar(
                "plantilla-salto-en-etiqueta",
                "este párrafo de etiqueta lleva un salto de página (Word o LibreOffice lo ponen "
                "ahí al guardar), que se perdería con él; al generar se pasa al párrafo o tabla "
                "que sigue. Para dejarlo en su lugar: quite el salto de este párrafo y, en el "
                "primer párrafo de lo que debe empezar la página, active Párrafo › Líneas y saltos "
                "de página › Salto de página anterior",
                p,
                severidad=AVISO,
            )


def _revisar_firmas(rev: _Revision, tpl: PlantillaDocx) -> None:
    """A signature block without the signature styles: said, since it cannot be kept
    with the last ficha (:func:`~reporte_docx.plantilla.saltos.firmas_con_la_ultima_ficha`
    finds the block by its styles' names) and may end up alone on a page."""
    cuerpo = tpl.docx.element.body
    parrafo = next(
        (p for p in _parrafos("cuerpo", cuerpo) if _RECORRE_FIRMAS.search(p.texto)), None
    )
    if parrafo is None or hay_bloque_de_firmas(cuerpo, tpl.docx.styles.element):
        return
    nombre, cargo = NOMBRES_DE_FIRMA
    rev.agregar(
        "plantilla-firmas-sin-estilo",
        f"el bloque de firmas no usa los estilos «{nombre}» ni «{cargo}», por los que el "
        "programa lo reconoce para dejarlo en la página de la última ficha: podría quedar "
        f"solo en una página. Aplique «{nombre}» al nombre y «{cargo}» al cargo (Inicio › "
        "Estilos; están en la plantilla oficial: reporte-docx plantilla nueva)",
        parrafo,
        severidad=AVISO,
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


def _fuente_jinja(parrafos: list[_Parrafo]) -> str:
    """One line per paragraph, as docxtpl will hand it to Jinja (tags only matter)."""
    lineas = []
    for p in parrafos:
        linea = ETIQUETA.sub(lambda m: _PREFIJO.sub(r"\1 ", m[0]).translate(_COMILLAS), p.texto)
        # docxtpl's own table tags, which it turns into XML before Jinja sees them
        linea = re.sub(r"\{%\s*(vm|hm)\s*%\}", " ", linea)
        linea = re.sub(r"\{%\s*(colspan|cellbg)\s+([^%]*)%\}", r"{{ \2 }}", linea)
        lineas.append(linea)
    return "\n".join(lineas)


def _revisar_parte(
    rev: _Revision, tpl: PlantillaDocx, parte: str, raiz: Any, forma: dict[str, Forma]
) -> None:
    parrafos = _parrafos(parte, raiz)
    if not parrafos:
        return
    sana = _revisar_rotas(rev, tpl, parrafos)
    _revisar_saltos(rev, raiz, parrafos)
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
    rev.usados |= nombres_usados(arbol)

    def reportar(codigo: str, que: str, linea: int) -> None:
        rev.agregar(codigo, que, parrafos[min(linea, len(parrafos)) - 1])

    RevisorDeNombres(reportar, entorno).bloque(arbol.body, dict(forma))


def revisar_documento(tpl: PlantillaDocx, nombre: str) -> list[Hallazgo]:
    """Every finding about an opened template; *nombre* is how messages name it."""
    rev = _Revision(nombre)
    forma = forma_del_contexto()
    cambios = 0
    for parte, raiz in _partes(tpl):
        _revisar_parte(rev, tpl, parte, raiz, forma)
        cambios += sum(1 for _ in raiz.iter(*_CAMBIOS))
    _revisar_firmas(rev, tpl)
    if not any(h.es_error for h in rev.hallazgos):  # with errors, some parts went unread
        rev.hallazgos.extend(juzgar_uso(rev.usados, nombre))
    if cambios and not any(h.codigo == "plantilla-cambios-controlados" for h in rev.hallazgos):
        rev.agregar(
            "plantilla-cambios-pendientes",
            f"la plantilla tiene {cambios} cambio(s) controlado(s) sin aceptar, que el reporte "
            "mostraría como cambios; acéptelos o recházelos en Word (Revisar)",
            None,
            severidad=AVISO,
        )
    return rev.hallazgos


def revisar_plantilla(origen: Origen, nombre: str | None = None) -> list[Hallazgo]:
    """Lint the template at *origen* (path, bytes or binary stream) without data.

    Every problem found, errors first; *nombre* names an in-memory template.
    """
    ruta = como_ruta(origen)
    nombre = nombre or (ruta.name if ruta else "plantilla.docx")
    hallazgos = revisar_documento(abrir_plantilla(origen, nombre if ruta is None else None), nombre)
    return sorted(hallazgos, key=lambda h: not h.es_error)


def exigir_plantilla_valida(hallazgos: list[Hallazgo], nombre: str) -> None:
    """Raise :class:`ErrorDePlantilla` with every error among *hallazgos* (warnings pass)."""
    errores = [h for h in hallazgos if h.es_error]
    if errores:
        lista = "\n".join(f"- {h}" for h in errores)
        cuantos = "1 error" if len(errores) == 1 else f"{len(errores)} errores"
        raise ErrorDePlantilla(
            f"La plantilla «{nombre}» tiene {cuantos}; no se escribió nada:\n{lista}",
            errores,
        )
