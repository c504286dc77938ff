"""The public version's rendered parts: what the model could not redact, redacted in the XML.

The model is redacted before rendering (:mod:`~reporte_docx.documento.testado`),
so every value reaches the document already marked. What the model does not
hold is the template's own text: a name or an address the template carries
in its body, a header or a footer, possibly split by Word over several runs
(«Juan» bold, «Pérez» not). Here each paragraph of the body, headers,
footers, notes and comments is read as one text (its runs joined, a tab or
line break as a space), every listed text in it is replaced by its mark in
the first run it touches and cut from the others, and the runs keep their
formatting.

Two things the round-trip feature adds are removed too, whatever they hold:
the custom XML parts (``customXml/…``, its snapshot of the generated values)
and the hidden ``_RD…`` bookmarks around each value. A public version is
never read back into a workbook.

Then the marks are counted in the visible text: how many times each row of
the legend was removed. No library edits text across runs, so this is
written here.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from reporte_docx.documento.paquete import PARSER, Partes
from reporte_docx.documento.testado import MARCA, VersionPublica

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P = f"{{{_W}}}p"
_TEXTOS = (f"{{{_W}}}t", f"{{{_W}}}delText", f"{{{_W}}}instrText")
_ESPACIOS = (f"{{{_W}}}tab", f"{{{_W}}}br", f"{{{_W}}}cr")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: The parts whose paragraphs a reader sees: body, headers, footers, notes, comments.
_CONTENIDO = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments\w*)\.xml")
#: Where the round-trip feature keeps its snapshot of the generated values.
_INSTANTANEA = re.compile(r"customXml/")
_PREFIJO_MARCAS = "_RD"
_MARCA = re.compile(re.escape(MARCA).replace(r"\{\}", r"(\d+)"))
_TIPOS = "[Content_Types].xml"


def _piezas(parrafo: etree._Element) -> list[tuple[etree._Element, bool]]:
    """The text nodes of *parrafo* in order (not those of a text box inside it), each
    with whether it is a separator (a tab or a break, read as a space)."""
    piezas = []
    for e in parrafo.iter(*_TEXTOS, *_ESPACIOS):
        if next(e.iterancestors(_P), None) is parrafo:
            piezas.append((e, e.tag in _ESPACIOS))
    return piezas


def _cortar(piezas: list[tuple[etree._Element, bool]], inicio: int, fin: int, marca: str) -> None:
    """Replace characters *inicio*–*fin* of the joined text by *marca*, in the first node."""
    posicion, puesta = 0, False
    for e, separador in piezas:
        largo = 1 if separador else len(e.text or "")
        desde, hasta = posicion, posicion + largo
        posicion = hasta
        if hasta <= inicio or desde >= fin:
            continue
        if separador:  # a break inside the removed text goes with it
            e.getparent().remove(e)
            continue
        texto = e.text or ""
        a, b = max(inicio - desde, 0), min(fin - desde, largo)
        e.text = texto[:a] + ("" if puesta else marca) + texto[b:]
        e.set(_XML_SPACE, "preserve")
        puesta = True


def _testar_parrafo(parrafo: etree._Element, vp: VersionPublica, seccion: str) -> bool:
    piezas = _piezas(parrafo)
    texto = "".join(" " if separador else (e.text or "") for e, separador in piezas)
    marcas = [m.span() for m in _MARCA.finditer(texto)]
    hallados = [
        (inicio, fin, i)
        for inicio, fin, i in vp.buscador.buscar(texto)
        if not any(a < fin and inicio < b for a, b in marcas)  # a mark is never re-marked
    ]
    for inicio, fin, i in reversed(hallados):
        _cortar(piezas, inicio, fin, vp.marca(i, seccion))
    return bool(hallados)


def _seccion(nombre: str) -> str:
    """How the legend names a part of the template, when no page is known."""
    if "header" in nombre or "footer" in nombre:
        return "encabezado o pie de página"
    if "comments" in nombre or "notes" in nombre:
        return "notas y comentarios"
    return "texto de la plantilla"


def _sin_marcas_ocultas(raiz: etree._Element) -> bool:
    """Remove the round-trip feature's ``_RD…`` bookmarks; True when there were any."""
    ids = set()
    for inicio in raiz.iter(f"{{{_W}}}bookmarkStart"):
        if (inicio.get(f"{{{_W}}}name") or "").startswith(_PREFIJO_MARCAS):
            ids.add(inicio.get(f"{{{_W}}}id"))
    quitar = [
        e
        for e in raiz.iter(f"{{{_W}}}bookmarkStart", f"{{{_W}}}bookmarkEnd")
        if e.get(f"{{{_W}}}id") in ids
    ]
    for e in quitar:
        e.getparent().remove(e)
    return bool(quitar)


def _sin_instantanea(partes: Partes) -> Partes:
    """*partes* without custom XML parts, nor their relationships and content types."""
    fuera = {n for n in partes if _INSTANTANEA.match(n)}
    if not fuera:
        return partes
    salida = {n: d for n, d in partes.items() if n not in fuera}
    for nombre, datos in list(salida.items()):
        if nombre.endswith(".rels") or nombre == _TIPOS:
            raiz = etree.fromstring(datos, PARSER)
            for e in list(raiz):
                destino = e.get("Target") or e.get("PartName") or ""
                if "customXml/" in destino:
                    raiz.remove(e)
            salida[nombre] = _xml(raiz)
    return salida


def _xml(raiz: etree._Element) -> bytes:
    return bytes(etree.tostring(raiz, xml_declaration=True, encoding="UTF-8", standalone=True))


def testar_partes(partes: Partes, vp: VersionPublica) -> Partes:
    """The rendered *partes* with every listed text left in the template's text marked,
    the round-trip snapshot and marks removed, and each row's :attr:`veces` counted."""
    salida = _sin_instantanea(partes)
    for nombre in sorted(salida):
        if not _CONTENIDO.fullmatch(nombre):
            continue
        raiz = etree.fromstring(salida[nombre], PARSER)
        cambio = _sin_marcas_ocultas(raiz)
        for parrafo in list(raiz.iter(_P)):
            cambio = _testar_parrafo(parrafo, vp, _seccion(nombre)) or cambio
        if cambio:
            salida[nombre] = _xml(raiz)
    contar_marcas(salida, vp)
    return salida


def contar_marcas(partes: Partes, vp: VersionPublica) -> None:
    """How many times each row's mark is in the visible text of *partes* (its :attr:`veces`)."""
    cuenta: Counter[int] = Counter()
    for nombre, datos in partes.items():
        if _CONTENIDO.fullmatch(nombre):
            raiz = etree.fromstring(datos, PARSER)
            for e in raiz.iter(f"{{{_W}}}t"):
                cuenta.update(int(m.group(1)) for m in _MARCA.finditer(e.text or ""))
    for fila in vp.testaduras:
        fila.veces = cuenta[fila.numero]
