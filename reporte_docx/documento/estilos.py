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
PIE_DE_FOTO = "caption"
#: The official template's style of the paragraph that holds a photo.
FOTOGRAFIA = "Fotografía"
#: The official template's minimal paragraph between two tables.
SEPARADOR = "Separador"
#: The public version's closing legend (leyenda de clasificación): its heading and its text.
LEYENDA_TITULO = "Leyenda: título"
LEYENDA_TEXTO = "Leyenda: texto"


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


#: Paragraph styles the program writes into a report, by name: (id it prefers,
#: what the style sets), as the official template defines them. Used only when a
#: template lacks one (:func:`estilo_de_parrafo`).
_PROPIOS = {
    # Word's own caption (its name in styles.xml is lowercase): centred, 8 pt italic
    PIE_DE_FOTO: (
        "Caption",
        '<w:pPr><w:spacing w:before="0" w:after="120"/><w:jc w:val="center"/></w:pPr>'
        '<w:rPr><w:i/><w:iCs/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>',
    ),
    # the paragraph that holds a photo, centred in its cell
    FOTOGRAFIA: (
        "Fotografia",
        '<w:pPr><w:spacing w:before="60" w:after="0"/><w:jc w:val="center"/></w:pPr>',
    ),
    # the minimal paragraph after a table: keeps two tables apart, takes (almost) no room
    SEPARADOR: (
        "Separador",
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr>'
        '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>',
    ),
    # the legend starts a page of its own, at the end of the public version
    LEYENDA_TITULO: (
        "LeyendaTitulo",
        '<w:pPr><w:keepNext/><w:pageBreakBefore/><w:spacing w:before="0" w:after="240"/>'
        '<w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="24"/>'
        '<w:szCs w:val="24"/></w:rPr>',
    ),
    LEYENDA_TEXTO: (
        "LeyendaTexto",
        '<w:pPr><w:spacing w:before="0" w:after="120"/></w:pPr>'
        '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>',
    ),
}


def estilo_de_parrafo(estilos: Any, nombre: str) -> str:
    """Id of the template's paragraph style *nombre*, added to *estilos* when it has none.

    *nombre* is one of :data:`PIE_DE_FOTO`, :data:`FOTOGRAFIA`, :data:`SEPARADOR`,
    :data:`LEYENDA_TITULO`, :data:`LEYENDA_TEXTO`.
    A template started in Word has «caption» only as a latent style (defined
    nowhere until used), and a paragraph pointing at an undefined style is shown
    as Normal: captions and photos would lose the centring and spacing they
    need. Defined here, the style is also in Word's Styles pane to restyle.
    """
    ids = ids_de_estilos(estilos, [nombre])
    if ids:
        return min(ids)
    preferido, propiedades = _PROPIOS[nombre]
    usados = {e.get(qn("w:styleId")) for e in estilos.iterfind(qn("w:style"))}
    ident = next(
        f"{preferido}{n or ''}"
        for n in range(len(usados) + 1)
        if f"{preferido}{n or ''}" not in usados
    )
    estilos.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{ident}">'
            f'<w:name w:val="{nombre}"/><w:basedOn w:val="Normal"/><w:qFormat/>'
            f"{propiedades}</w:style>"
        )
    )
    return ident
