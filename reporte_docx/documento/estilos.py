"""Named styles of a template found by the name Word shows, not by their id.

A style's id (``w:styleId``, what a paragraph's ``w:pStyle`` points at) is
an implementation detail each program writes its own way: LibreOffice
re-saves «Firma: nombre» as ``Firmanombre`` and Word's built-in «caption» as
``Caption1`` (it keeps ``Caption`` for its own, larger, caption style). The
name is what a template author sees and what the README documents, so the
generator asks for styles by name and uses whatever id the template gave
them. python-docx's ``styles[name]`` does the same lookup, but raises on a
missing style and needs a ``Document``; the body-level code here has only the
styles part's element.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

#: Word's built-in caption style: its name in styles.xml is lowercase «caption».
NOMBRE_PIE_DE_FOTO = "caption"
ID_PIE_DE_FOTO = "Caption"


def ids_de_estilos(estilos: Any, nombres: Iterable[str]) -> set[str]:
    """Ids of the paragraph styles of *estilos* (``w:styles``) named one of *nombres*.

    Names compare exactly: LibreOffice keeps a «Caption» style of its own (12 pt)
    beside Word's «caption», and only the latter is the template's.
    """
    buscados = set(nombres)
    ids = set()
    for estilo in estilos.iterfind(qn("w:style")):
        nombre = estilo.find(qn("w:name"))
        if (
            estilo.get(qn("w:type")) == "paragraph"
            and nombre is not None
            and nombre.get(qn("w:val")) in buscados
        ):
            ids.add(estilo.get(qn("w:styleId")))
    return ids


#: Word's own «caption» as the official template has it: centred, 8 pt italic, 6 pt after.
_PIE_DE_FOTO = (
    '<w:style {} w:type="paragraph" w:styleId="{}"><w:name w:val="caption"/>'
    '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="35"/>'
    '<w:unhideWhenUsed/><w:qFormat/><w:pPr><w:spacing w:before="0" w:after="120"/>'
    '<w:jc w:val="center"/></w:pPr><w:rPr><w:i/><w:iCs/><w:sz w:val="16"/>'
    '<w:szCs w:val="16"/></w:rPr></w:style>'
)


def estilo_de_pie_de_foto(estilos: Any) -> str:
    """Id of the template's «caption» style, added to *estilos* when the template has none.

    A template started in Word has «caption» only as a latent style (defined
    nowhere until used), and a paragraph pointing at an undefined style is
    shown as Normal: the captions would lose the centring and spacing the
    photos need. Defined here, it is also in Word's Styles pane to restyle.
    """
    ids = ids_de_estilos(estilos, [NOMBRE_PIE_DE_FOTO])
    if ids:
        return min(ids)
    usados = {e.get(qn("w:styleId")) for e in estilos.iterfind(qn("w:style"))}
    ident = next(
        f"{ID_PIE_DE_FOTO}{n or ''}"
        for n in range(len(usados) + 1)
        if f"{ID_PIE_DE_FOTO}{n or ''}" not in usados
    )
    estilos.append(parse_xml(_PIE_DE_FOTO.format(nsdecls("w"), ident)))
    return ident
