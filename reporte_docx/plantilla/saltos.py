"""Where pages break: page breaks a re-saved template moved, and the signatures' page.

The body is python-docx's (its ``CT_P`` places ``w:keepNext`` and
``w:pageBreakBefore`` in schema order). A ficha starts a page through a page
break in the template. LibreOffice (and
sometimes Word) re-saves a break that sits just before a table as a break inside
the paragraph before it — which, in a template, is often a ``{%p for … %}``
paragraph that docxtpl replaces whole, break included: the fichas would run
together. :func:`mover_saltos_de_pagina` moves such a break to the block that
follows the tag, where it belongs, before rendering.

The signature block must never stand alone on a page (a loose signature sheet
can be put behind another document); :func:`firmas_con_la_ultima_ficha` ties it
to the last rows before it. :func:`normalizar_filas` writes the row properties
LibreOffice saves as ``w:val="true"`` the way the schema allows.
"""

from __future__ import annotations

import re
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from reporte_docx.documento.estilos import SEPARADOR, estilo_de_parrafo, ids_de_estilos
from reporte_docx.documento.wordml import escapar

_P, _TBL, _PPR = qn("w:p"), qn("w:tbl"), qn("w:pPr")
_SECCION = f"{_PPR}/{qn('w:sectPr')}"
_ETIQUETA_DE_PARRAFO = re.compile(r"^\s*\{%-?p\s.*%\}\s*$", re.DOTALL)
#: Names (as Word shows them) of the signature block's paragraph styles (see README).
NOMBRES_DE_FIRMA = ("Firma: nombre", "Firma: cargo")


def _texto(parrafo: Any) -> str:
    return "".join(t.text or "" for t in parrafo.iter(qn("w:t")))


def _saltos(parrafo: Any) -> list[Any]:
    """The page breaks a paragraph carries: ``w:br w:type="page"`` runs and pageBreakBefore."""
    saltos = [br for br in parrafo.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
    p_pr = parrafo.find(_PPR)
    if p_pr is not None:
        saltos += p_pr.findall(qn("w:pageBreakBefore"))
    return [s for s in saltos if s.get(qn("w:val")) not in ("0", "false", "off")]


def _primer_parrafo(bloque: Any) -> Any:
    """The paragraph a page break before *bloque* belongs to (a table's first cell's)."""
    if bloque.tag == _P:
        return bloque
    return next(bloque.iter(_P), None)


def _salto_antes(parrafo: Any) -> None:
    parrafo.get_or_add_pPr().get_or_add_pageBreakBefore()  # python-docx keeps schema order


def parrafos_de_etiqueta_con_salto(cuerpo: Any) -> list[Any]:
    """``{%p …%}`` paragraphs that carry a page break, which docxtpl would drop with them."""
    return [p for p in cuerpo.iter(_P) if _ETIQUETA_DE_PARRAFO.match(_texto(p)) and _saltos(p)]


def mover_saltos_de_pagina(cuerpo: Any) -> int:
    """Move each page break of a ``{%p`` paragraph to the next block that is not a tag.

    Returns how many were moved. A break with nothing after it to carry it is dropped
    with its paragraph, as docxtpl would have done.
    """
    movidos = 0
    for parrafo in parrafos_de_etiqueta_con_salto(cuerpo):
        for salto in _saltos(parrafo):
            salto.getparent().remove(salto)
        siguiente = parrafo.getnext()
        while siguiente is not None and (
            siguiente.tag not in (_P, _TBL)
            or (siguiente.tag == _P and _ETIQUETA_DE_PARRAFO.match(_texto(siguiente)))
        ):
            siguiente = siguiente.getnext()
        destino = _primer_parrafo(siguiente) if siguiente is not None else None
        if destino is not None:
            _salto_antes(destino)
            movidos += 1
    return movidos


def _estilo(parrafo: Any) -> str | None:
    estilo = parrafo.find(f"{_PPR}/{qn('w:pStyle')}")
    return None if estilo is None else estilo.get(qn("w:val"))


def _seguir(parrafo: Any) -> None:
    parrafo.get_or_add_pPr().get_or_add_keepNext()


def _bloque_de_firmas(cuerpo: Any, estilos: Any) -> Any:
    """The top-level block (table or paragraph) holding the first signature paragraph."""
    ids = ids_de_estilos(estilos, NOMBRES_DE_FIRMA)
    firma = next((p for p in cuerpo.iter(_P) if _estilo(p) in ids), None)
    if firma is None:
        return None
    bloque = firma
    while bloque.getparent() is not cuerpo:
        bloque = bloque.getparent()
    return bloque


def hay_bloque_de_firmas(cuerpo: Any, estilos: Any) -> bool:
    """Whether a paragraph of *cuerpo* has one of the signature styles (by name)."""
    return _bloque_de_firmas(cuerpo, estilos) is not None


def firmas_con_la_ultima_ficha(cuerpo: Any, estilos: Any) -> bool:
    """Keep the signature block on the page of the last rows before it.

    The block is found by the names of its styles (:data:`NOMBRES_DE_FIRMA`;
    ids differ between programs). When it is a table right after a table (the
    last ficha's event table, photo grid or labels), it becomes that table's
    last row (:func:`unir_a_la_tabla`): a row that may not split, kept with the
    row above it. Word keeps a paragraph with the next one across a table's
    edge, but LibreOffice does not follow such a chain through a table of one
    row (a photo grid), and the signatures went alone to a page of their own.
    Otherwise the paragraphs before the block, and the last row of the table
    before those, are kept with it. *estilos* is the ``w:styles`` element.
    True when a block was found.
    """
    bloque = _bloque_de_firmas(cuerpo, estilos)
    if bloque is None:
        return False
    entre: list[Any] = []
    anterior = bloque.getprevious()
    while anterior is not None and anterior.tag == _P and anterior.find(_SECCION) is None:
        entre.insert(0, anterior)
        anterior = anterior.getprevious()
    if anterior is not None and anterior.tag == _TBL and anterior.find(qn("w:tr")) is not None:
        if bloque.tag == _TBL:
            unir_a_la_tabla(anterior, [*entre, bloque], estilos)
            return True
        for parrafo in anterior.findall(qn("w:tr"))[-1].iter(_P):
            _seguir(parrafo)
    for parrafo in entre:
        _seguir(parrafo)
    return True


def _borde_inferior(tabla: Any, estilos: Any) -> Any:
    """The bottom border the table draws (its own, or its table style's), or None."""
    ruta = f"{qn('w:tblPr')}/{qn('w:tblBorders')}/{qn('w:bottom')}"
    borde = tabla.find(ruta)
    estilo = tabla.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
    if borde is None and estilo is not None:
        for definicion in estilos.iterfind(qn("w:style")):
            if definicion.get(qn("w:styleId")) == estilo.get(qn("w:val")):
                borde = definicion.find(ruta)
    return borde


def _ajustar_ancho(tabla: Any, ancho: int) -> None:
    """Scale a nested table's grid to *ancho* twips, the width of the cell it now sits in."""
    columnas = tabla.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")
    total = sum(int(c.get(qn("w:w"), "0")) for c in columnas)
    if not total or total == ancho:
        return
    for columna in columnas:
        columna.set(qn("w:w"), str(int(columna.get(qn("w:w"), "0")) * ancho // total))
    tbl_w = tabla.find(f"{qn('w:tblPr')}/{qn('w:tblW')}")
    if tbl_w is not None:
        tbl_w.set(qn("w:w"), str(ancho))
        tbl_w.set(qn("w:type"), "dxa")


def unir_a_la_tabla(tabla: Any, bloques: list[Any], estilos: Any) -> None:
    """Move *bloques* (the signature block) into a last row of *tabla*, one cell wide.

    The row may not split and the row above is kept with it, in Word and in
    LibreOffice, so a page break takes that row along rather than leaving the
    signatures alone. The cell has no borders of its own but the line that
    closed the table above it, no shading (a style's grey first column) and
    no side margins, so the block looks as it did below the table.
    """
    filas = tabla.findall(qn("w:tr"))
    for parrafo in filas[-1].iter(_P):
        _seguir(parrafo)
    columnas = tabla.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")
    ancho = sum(int(c.get(qn("w:w"), "0")) for c in columnas)
    borde = _borde_inferior(tabla, estilos)
    arriba = ""
    if borde is not None:
        arriba = etree.tostring(borde, encoding="unicode").replace("<w:bottom", "<w:top", 1)
    fila = parse_xml(
        f"<w:tr {nsdecls('w')}><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr>"
        f'<w:tcW w:w="{ancho}" w:type="dxa"/><w:gridSpan w:val="{max(1, len(columnas))}"/>'
        f'<w:tcBorders>{arriba}<w:left w:val="nil"/><w:bottom w:val="nil"/>'
        '<w:right w:val="nil"/></w:tcBorders><w:shd w:val="clear" w:color="auto" w:fill="auto"/>'
        '<w:tcMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tcMar>'
        "</w:tcPr></w:tc></w:tr>"
    )
    celda = fila.find(qn("w:tc"))
    for bloque in bloques:
        celda.append(bloque)  # lxml moves it
        if bloque.tag == _TBL:
            _ajustar_ancho(bloque, ancho)
    # a cell ends in a paragraph (Word's rule); this one takes (almost) no room
    separador = escapar(estilo_de_parrafo(estilos, SEPARADOR))
    celda.append(
        parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{separador}"/></w:pPr></w:p>')
    )
    tabla.append(fila)


#: Row properties the schema types as on/off *only* ("on"/"off", or no value for on),
#: unlike most switches; LibreOffice 7.4 writes them ``w:val="true"``, which the Open
#: XML SDK validator (and so Word's strictest readers) reject.
_SOLO_ENCENDIDO = (qn("w:cantSplit"), qn("w:tblHeader"), qn("w:hidden"))


def normalizar_filas(raiz: Any) -> int:
    """Write every on/off-only row property of *raiz* as the schema allows; how many changed.

    A true value loses its ``w:val`` (the element alone means on); a false one
    is dropped with its element (absent means off).
    """
    cambiados = 0
    for tr_pr in raiz.iter(qn("w:trPr")):
        for propiedad in [p for p in tr_pr if p.tag in _SOLO_ENCENDIDO]:
            valor = propiedad.get(qn("w:val"))
            if valor is None or valor in ("on", "off"):
                continue
            if valor in ("false", "0"):
                tr_pr.remove(propiedad)
            else:
                del propiedad.attrib[qn("w:val")]
            cambiados += 1
    return cambiados
