"""The photo grid of an activity, written directly as WordprocessingML.

docxtpl's ``InlineImage`` asks python-docx to re-scan the whole document for a
free shape id on every picture, which grows quadratically with the number of
photos; here the pictures are added to the package once each and the grid is
emitted as one ``<w:tbl>`` for the template tag ``{{p a.galeria }}``.

The grid is a borderless table: ``columnas`` photos per row, all of one row at
the same width, caption under each, rows that never split across pages, and a
lone last photo centered. Pictures are inline so they move with the text when
the document is edited in Word.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from lxml import etree

from reporte_docx.fotos.proceso import FotoProcesada
from reporte_docx.texto import normalizar_saltos, quitar_prohibidos_xml

EMU_POR_TWIP = 635
EMU_POR_CM = 360000
#: Space Word keeps on each side of a cell's text (0.19 cm, Word's default).
MARGEN_CELDA_TWIPS = 108
#: A photo is never taller than this, so a tall screenshot still fits a page.
ALTO_MAXIMO_EMU = 8 * EMU_POR_CM
_TIPOS = {"jpeg": CT.JPEG, "png": CT.PNG}


@dataclass(frozen=True)
class Lugar:
    """Where one photo goes: its file's processed image, caption and shown size."""

    clave: object
    foto: FotoProcesada
    pie: str
    ancho_emu: int
    alto_emu: int


def anchos_por_fila(
    proporciones: list[float], ancho_celda_emu: int, columnas: int
) -> list[list[tuple[int, int]]]:
    """Shown (width, height) in EMU of each photo, grouped in rows of *columnas*.

    *proporciones* are height/width of each photo. All photos of a row share one
    width: the cell width, unless one of them would then be taller than
    :data:`ALTO_MAXIMO_EMU`.
    """
    filas = []
    for i in range(0, len(proporciones), columnas):
        grupo = proporciones[i : i + columnas]
        ancho = min([ancho_celda_emu] + [int(ALTO_MAXIMO_EMU / p) for p in grupo if p > 0])
        filas.append([(ancho, max(1, round(ancho * p))) for p in grupo])
    return filas


def ancho_del_lugar(cuerpo, ancho_texto_emu: int) -> int:
    """Width in EMU of the place where the template puts the grid (``{{p a.galeria }}``).

    Inside a table cell it is the width of the grid columns the cell spans, so a
    template with a narrower ficha table gets narrower photos; elsewhere it is
    the page's text width.
    """
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for parrafo in cuerpo.iter(f"{w}p"):
        texto = "".join(t.text or "" for t in parrafo.iter(f"{w}t"))
        if ".galeria" not in texto:
            continue
        celda = next((a for a in parrafo.iterancestors(f"{w}tc")), None)
        if celda is None:
            return ancho_texto_emu
        fila, tabla = celda.getparent(), celda.getparent().getparent()
        rejilla = [int(c.get(f"{w}w", 0)) for c in tabla.iterfind(f"{w}tblGrid/{w}gridCol")]
        inicio = 0
        for anterior in fila.iterfind(f"{w}tc"):
            span = anterior.find(f"{w}tcPr/{w}gridSpan")
            ancho = int(span.get(f"{w}val")) if span is not None else 1
            if anterior is celda:
                twips = sum(rejilla[inicio : inicio + ancho])
                return min(twips * EMU_POR_TWIP, ancho_texto_emu) if twips else ancho_texto_emu
            inicio += ancho
    return ancho_texto_emu


def ancho_de_celda_emu(ancho_total_emu: int, columnas: int) -> int:
    """Width a photo may take in a grid of *columnas* inside a cell *ancho_total_emu* wide."""
    margenes = 2 * MARGEN_CELDA_TWIPS * EMU_POR_TWIP
    util = ancho_total_emu - margenes  # the outer cell's own margins
    return util // columnas - margenes


class Incrustador:
    """Adds each distinct image to the package once and hands out drawing XML.

    One per rendering: it owns the numbering of the new image parts, so adding
    the n-th picture costs the same as the first.
    """

    def __init__(self, documento_part) -> None:
        self._parte = documento_part
        self._paquete = documento_part.package
        self._por_hash: dict[str, str] = {}
        usados = {p.partname.idx for p in self._paquete.image_parts}
        self._siguiente = max(usados, default=0) + 1
        self._siguiente_id = 1

    def _rid(self, foto: FotoProcesada) -> str:
        huella = hashlib.sha1(foto.datos).hexdigest()
        if huella not in self._por_hash:
            # the format is known: parsing the image again (ImagePart.from_image) is wasted time
            extension = "jpg" if foto.extension == "jpeg" else foto.extension
            nombre = PackURI(f"/word/media/foto{self._siguiente}.{extension}")
            self._siguiente += 1
            parte = ImagePart(nombre, _TIPOS[foto.extension], foto.datos)
            self._paquete.image_parts.append(parte)
            self._por_hash[huella] = self._parte.relate_to(parte, RT.IMAGE)
        return self._por_hash[huella]

    def dibujo(self, foto: FotoProcesada, ancho_emu: int, alto_emu: int, nombre: str) -> str:
        """``<w:drawing>`` of an inline picture (ids are renumbered by docxtpl after render)."""
        inline = CT_Inline.new_pic_inline(
            self._siguiente_id, self._rid(foto), nombre, ancho_emu, alto_emu
        )
        self._siguiente_id += 1
        return f"<w:drawing>{etree.tostring(inline, encoding='unicode')}</w:drawing>"


def _texto_xml(texto: str) -> str:
    texto = escape(quitar_prohibidos_xml(normalizar_saltos(texto)))
    # braces as references, as plantilla._finalizar does: docxtpl turns "{_{" into "{{"
    texto = texto.replace("{", "&#123;").replace("}", "&#125;")
    return texto.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')


def _celda(contenido: str, ancho_twips: int, span: int = 1) -> str:
    grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{ancho_twips}" w:type="dxa"/>{grid_span}</w:tcPr>'
        f"{contenido}</w:tc>"
    )


def tabla_de_fotos(
    filas: list[list[Lugar]], incrustador: Incrustador, ancho_total_emu: int, columnas: int
) -> str:
    """The grid as ``<w:tbl>`` followed by an empty paragraph.

    The trailing paragraph keeps the grid from fusing with a following table and
    leaves the enclosing cell ending in a paragraph, as Word requires.
    """
    ancho_total = ancho_total_emu // EMU_POR_TWIP - 2 * MARGEN_CELDA_TWIPS
    ancho_col = ancho_total // columnas
    partes = [
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{ancho_col * columnas}" w:type="dxa"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        "</w:tblPr><w:tblGrid>",
        *[f'<w:gridCol w:w="{ancho_col}"/>' for _ in range(columnas)],
        "</w:tblGrid>",
    ]
    for fila in filas:
        partes.append('<w:tr><w:trPr><w:cantSplit/><w:jc w:val="center"/></w:trPr>')
        span = columnas if len(fila) == 1 else 1
        for lugar in fila:
            dibujo = incrustador.dibujo(lugar.foto, lugar.ancho_emu, lugar.alto_emu, "foto")
            contenido = (
                '<w:p><w:pPr><w:keepNext/><w:spacing w:before="60" w:after="0"/>'
                f'<w:jc w:val="center"/></w:pPr><w:r>{dibujo}</w:r></w:p>'
                '<w:p><w:pPr><w:pStyle w:val="Caption"/><w:spacing w:before="0" w:after="120"/>'
                '<w:jc w:val="center"/></w:pPr>'
                f'<w:r><w:t xml:space="preserve">{_texto_xml(lugar.pie)}</w:t></w:r></w:p>'
            )
            partes.append(_celda(contenido, ancho_col * span, span))
        if 1 < len(fila) < columnas:  # an incomplete last row keeps the grid's columns
            for _ in range(columnas - len(fila)):
                partes.append(_celda("<w:p/>", ancho_col))
        partes.append("</w:tr>")
    partes.append(
        '</w:tbl><w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
        '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>'
    )
    return "".join(partes)
