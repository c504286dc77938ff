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
to the last rows before it.
"""

from __future__ import annotations

import re
from typing import Any

from docx.oxml.ns import qn

_P, _TBL, _PPR = qn("w:p"), qn("w:tbl"), qn("w:pPr")
_ETIQUETA_DE_PARRAFO = re.compile(r"^\s*\{%-?p\s.*%\}\s*$", re.DOTALL)
#: Paragraph styles of the signature block in the official template (see README).
ESTILOS_DE_FIRMA = ("FirmaNombre", "FirmaCargo")


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


def firmas_con_la_ultima_ficha(cuerpo: Any) -> bool:
    """Keep the last rows before the signature block on the signatures' page.

    The block is found by its named styles (:data:`ESTILOS_DE_FIRMA`). The
    paragraphs between it and the table before it, and that table's last row,
    are kept with the next block, so that a page break that would leave the
    signatures alone takes that row along instead. True when a block was found.
    """
    firma = next((p for p in cuerpo.iter(_P) if _estilo(p) in ESTILOS_DE_FIRMA), None)
    if firma is None:
        return False
    bloque = firma
    while bloque.getparent() is not cuerpo:
        bloque = bloque.getparent()
    anterior = bloque.getprevious()
    while anterior is not None and anterior.tag == _P:
        _seguir(anterior)
        anterior = anterior.getprevious()
    if anterior is not None and anterior.tag == _TBL:
        filas = anterior.findall(qn("w:tr"))
        if filas:
            for parrafo in filas[-1].iter(_P):
                _seguir(parrafo)
    return True
