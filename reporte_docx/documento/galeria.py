"""The photo grid of an activity: planned once, written directly as WordprocessingML.

docxtpl's ``InlineImage`` asks python-docx to re-scan the whole document for a
free shape id on every picture, which grows quadratically with the number of
photos; here the pictures are added to the package once each and the grid is
emitted as one ``<w:tbl>`` for the template tag ``{{p a.galeria }}``.

:func:`planear_cuadricula` is the one place that decides which photos share a
row and how big each is shown: the renderer asks it once per activity, then
processes each file at the size planned and hands the same plan to
:func:`tabla_de_fotos`. The photos of a row share one height, so a tall phone
screenshot beside a landscape photo shrinks neither; a photo that would make a
neighbour a sliver (a panorama) takes a row of its own. Rows never split across
pages, captions sit under their photo, and pictures are inline so that they
move with the text when the document is edited in Word.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.shared import Emu
from lxml import etree

from reporte_docx.documento.estilos import FOTOGRAFIA, PIE_DE_FOTO, SEPARADOR, estilo_de_parrafo
from reporte_docx.documento.marcas import envolver
from reporte_docx.documento.wordml import escapar, texto_con_saltos
from reporte_docx.fotos.proceso import FotoProcesada
from reporte_docx.fotos.revision import ALTO_IMPRESO_CM

EMU_POR_TWIP = 635
EMU_POR_CM = 360000
#: Space Word keeps on each side of a cell's text (0.19 cm, Word's default).
MARGEN_CELDA_TWIPS = 108
_MARGENES_EMU = 2 * MARGEN_CELDA_TWIPS * EMU_POR_TWIP
#: A photo is never taller than this, so a tall screenshot still fits a page (the same
#: height the workbook check judges a photo's resolution at).
ALTO_MAXIMO_EMU = round(ALTO_IMPRESO_CM * EMU_POR_CM)
#: A photo that a row would show at less than this fraction of its size alone
#: starts a row of its own instead.
ESCALA_MINIMA = 0.5
_TIPOS = {"jpeg": CT.JPEG, "png": CT.PNG}


@dataclass(frozen=True)
class Lugar:
    """Where one photo goes: its file's processed image, caption, shown size and alt text."""

    clave: object
    foto: FotoProcesada
    pie: str
    ancho_emu: int
    alto_emu: int
    #: What a screen reader says for the picture (Word's «texto alternativo»).
    descripcion: str = ""
    #: The caption's field key (``foto.3.0.pie``): it is marked where it is printed.
    campo: str = ""


@dataclass(frozen=True)
class Ubicacion:
    """One photo of the plan: its index among the activity's photos and its shown size."""

    indice: int
    ancho_emu: int
    alto_emu: int


def _alto_de_fila(proporciones: list[float], ancho_columna_emu: int, columnas: int) -> float:
    """The one height the photos of a row share (proportions are height / width).

    As tall as the tallest photo would be at one column's width, no taller than
    :data:`ALTO_MAXIMO_EMU`, and low enough for all of them to fit side by side.
    """
    libre = columnas * ancho_columna_emu + (columnas - len(proporciones)) * _MARGENES_EMU
    return min(
        ALTO_MAXIMO_EMU,
        libre / sum(1 / p for p in proporciones),
        max(p * ancho_columna_emu for p in proporciones),
    )


def _cabe(proporciones: list[float], ancho_columna_emu: int, columnas: int) -> bool:
    """True when no photo of the row is shown smaller than :data:`ESCALA_MINIMA` of alone."""
    alto = _alto_de_fila(proporciones, ancho_columna_emu, columnas)
    return all(
        alto >= ESCALA_MINIMA * _alto_de_fila([p], ancho_columna_emu, columnas)
        for p in proporciones
    )


def planear_cuadricula(
    proporciones: list[float], ancho_columna_emu: int, columnas: int
) -> list[list[Ubicacion]]:
    """Rows of the grid for photos of the given height/width *proporciones*.

    *ancho_columna_emu* is a photo's width when the row is full of photos of
    one shape (:func:`ancho_de_columna_emu`). At most *columnas* photos a row,
    in order; a photo joins the current row only if that leaves every photo of
    the row at least :data:`ESCALA_MINIMA` of its size alone.
    """
    grupos: list[list[int]] = []
    for i, p in enumerate(proporciones):
        actual = grupos[-1] if grupos else []
        candidata = [proporciones[j] for j in actual] + [max(p, 1e-6)]
        if actual and len(actual) < columnas and _cabe(candidata, ancho_columna_emu, columnas):
            actual.append(i)
        else:
            grupos.append([i])
    filas = []
    for grupo in grupos:
        propias = [max(proporciones[i], 1e-6) for i in grupo]
        alto = _alto_de_fila(propias, ancho_columna_emu, columnas)
        filas.append(
            [
                Ubicacion(i, max(1, round(alto / p)), max(1, round(alto)))
                for i, p in zip(grupo, propias, strict=True)
            ]
        )
    return filas


def lugar_de_la_galeria(cuerpo: Any, ancho_texto_emu: int) -> tuple[int, bool]:
    """Width in EMU the grid may take where the template puts it (``{{p a.galeria }}``),
    and whether that place is inside a table cell.

    Inside a cell it is the width of the grid columns the cell spans less the
    cell's margins, so a template with a narrower ficha table gets narrower
    photos; elsewhere it is the page's text width.
    """
    for parrafo in cuerpo.iter(qn("w:p")):
        texto = "".join(t.text or "" for t in parrafo.iter(qn("w:t")))
        if ".galeria" not in texto:
            continue
        celda = next(iter(parrafo.iterancestors(qn("w:tc"))), None)
        if celda is None:
            return ancho_texto_emu, False
        fila, tabla = celda.getparent(), celda.getparent().getparent()
        rejilla = [int(c.get(qn("w:w"), 0)) for c in tabla.iterfind(f"{qn('w:tblGrid')}/*")]
        inicio = 0
        for anterior in fila.iterfind(qn("w:tc")):
            span = anterior.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            ancho = int(span.get(qn("w:val"))) if span is not None else 1
            if anterior is celda:
                twips = sum(rejilla[inicio : inicio + ancho])
                ancho_celda = min(twips * EMU_POR_TWIP or ancho_texto_emu, ancho_texto_emu)
                return ancho_celda - _MARGENES_EMU, True
            inicio += ancho
    return ancho_texto_emu, False


def ancho_de_columna_emu(ancho_total_emu: int, columnas: int) -> int:
    """Width of a photo in a full row of *columnas* in a grid *ancho_total_emu* wide."""
    return ancho_total_emu // columnas - _MARGENES_EMU


class Incrustador:
    """Adds each distinct image to the package once and hands out drawing XML.

    One per rendering: it owns the numbering of the new image parts, so adding
    the n-th picture costs the same as the first.
    """

    def __init__(self, documento_part: Any) -> None:
        self._parte = documento_part
        self._paquete = documento_part.package
        self._por_hash: dict[str, str] = {}
        usados = {p.partname.idx for p in self._paquete.image_parts}
        self._siguiente = max(usados, default=0) + 1
        self._siguiente_id = 1
        # the ids the template gave the styles, found by name (LibreOffice re-saves
        # «caption» as Caption1), or the styles added when the template has none
        estilos = documento_part.styles.element
        self.estilo_pie, self.estilo_foto, self.estilo_separador = (
            escapar(estilo_de_parrafo(estilos, nombre))
            for nombre in (PIE_DE_FOTO, FOTOGRAFIA, SEPARADOR)
        )

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
        return str(self._por_hash[huella])

    def enlace(self, direccion: str) -> str:
        """Relationship id of an external hyperlink to *direccion* (one per address)."""
        return str(self._parte.relate_to(direccion, RT.HYPERLINK, is_external=True))

    def dibujo(self, lugar: Lugar) -> str:
        """``<w:drawing>`` of an inline picture (ids are renumbered by docxtpl after render).

        Its alternative text is the caption, or the activity's name when there is none.
        The distances to the text are written as 0, as Word writes them: python-docx
        leaves them out, and LibreOffice then pushes the picture about 9 pt to the
        right, past the edge of a cell it just fits.
        """
        inline = CT_Inline.new_pic_inline(
            self._siguiente_id,
            self._rid(lugar.foto),
            "foto",
            Emu(lugar.ancho_emu),
            Emu(lugar.alto_emu),
        )
        for lado in ("distT", "distB", "distL", "distR"):
            inline.set(lado, "0")
        # the name Word's Selection Pane lists, as Spanish Word names a picture it inserts
        inline.docPr.set("name", f"Imagen {self._siguiente_id}")
        self._siguiente_id += 1
        for propiedades in inline.iter(qn("wp:docPr"), qn("pic:cNvPr")):
            propiedades.set("descr", lugar.descripcion)
        return f"<w:drawing>{etree.tostring(inline, encoding='unicode')}</w:drawing>"


def _celda(contenido: str, ancho_twips: int, span: int) -> str:
    grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{ancho_twips}" w:type="dxa"/>{grid_span}'
        f'<w:vAlign w:val="bottom"/></w:tcPr>{contenido}</w:tc>'
    )


def _foto(lugar: Lugar, incrustador: Incrustador) -> str:
    """The picture and its caption, each taking its whole look from a named style
    («Fotografía», «caption»): restyled once in Word, every photo of the report follows."""
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{incrustador.estilo_foto}"/></w:pPr>'
        f"<w:r>{incrustador.dibujo(lugar)}</w:r></w:p>"
        f'<w:p><w:pPr><w:pStyle w:val="{incrustador.estilo_pie}"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">{_pie(lugar)}</w:t></w:r></w:p>'
    )


def _pie(lugar: Lugar) -> str:
    """The caption's text, marked as its field (a hidden bookmark) when it has one."""
    texto = texto_con_saltos(lugar.pie)
    return envolver(texto, lugar.campo, "texto") if lugar.campo else texto


def _bordes_de_cada_fila(filas: list[list[Lugar]], ancho_twips: int) -> list[list[int]]:
    """Where each row's cells end (twips from the left): photo plus margins, spare space shared."""
    bordes = []
    for fila in filas:
        propios = [lugar.ancho_emu // EMU_POR_TWIP + 2 * MARGEN_CELDA_TWIPS for lugar in fila]
        extra = max(0, ancho_twips - sum(propios))
        fin, lista = 0, []
        for k, ancho in enumerate(propios):
            fin += ancho + extra // len(fila) + (1 if k < extra % len(fila) else 0)
            lista.append(fin)
        lista[-1] = ancho_twips
        bordes.append(lista)
    return bordes


def tabla_de_fotos(
    filas: list[list[Lugar]], incrustador: Incrustador, ancho_total_emu: int, en_celda: bool
) -> str:
    """The grid as ``<w:tbl>`` followed by a minimal paragraph.

    The rows' cells have the widths their photos need, so the grid's columns are
    the union of every row's cell edges and each cell spans the columns it
    covers. Outside a table cell the grid continues the ficha above it: the
    same width and side and bottom borders. The trailing paragraph keeps the
    grid from fusing with a following table and leaves an enclosing cell ending
    in a paragraph, as Word requires.
    """
    ancho = ancho_total_emu // EMU_POR_TWIP
    bordes = _bordes_de_cada_fila(filas, ancho)
    cortes = sorted({b for fila in bordes for b in fila})
    columnas = [b - a for a, b in zip([0, *cortes], cortes, strict=False)]
    marco = "nil" if en_celda else 'single" w:sz="4" w:space="0" w:color="000000'
    partes = [
        f'<w:tbl><w:tblPr><w:tblW w:w="{ancho}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders><w:left w:val="{marco}"/><w:bottom w:val="{marco}"/>'
        f'<w:right w:val="{marco}"/></w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *[f'<w:gridCol w:w="{c}"/>' for c in columnas],
        "</w:tblGrid>",
    ]
    for fila, fin_de_celdas in zip(filas, bordes, strict=True):
        partes.append('<w:tr><w:trPr><w:cantSplit/><w:jc w:val="center"/></w:trPr>')
        inicio = 0
        for lugar, fin in zip(fila, fin_de_celdas, strict=True):
            span = cortes.index(fin) - (cortes.index(inicio) if inicio else -1)
            partes.append(_celda(_foto(lugar, incrustador), fin - inicio, span))
            inicio = fin
        partes.append("</w:tr>")
    partes.append(
        f'</w:tbl><w:p><w:pPr><w:pStyle w:val="{incrustador.estilo_separador}"/></w:pPr></w:p>'
    )
    return "".join(partes)
