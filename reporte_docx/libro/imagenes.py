"""The pictures pasted into a workbook: which sheet and cell each one sits on.

A person adds a photo to Excel in one of two ways, and both are read here
(openpyxl offers neither without loading every picture into memory):

- *floating* over the sheet (Insertar › Imágenes): the worksheet's ``drawing``
  relationship leads to a DrawingML part whose anchors place each ``<pic>``.
  ``twoCellAnchor`` and ``oneCellAnchor`` give the cell of the top-left corner
  plus an offset in EMU; ``absoluteAnchor`` (and a group's pictures) gives a
  point on the sheet, turned into a cell here with the sheet's row heights and
  column widths. LibreOffice Calc may write an offset as large as the whole
  cell, or larger, where Excel would name the next cell: offsets are folded
  into the cell they really reach the same way.
- *in* a cell (Excel 365 «Colocar en celda»): the cell's ``vm`` attribute,
  followed by :mod:`~reporte_docx.libro.celda_imagen`.

Only XML is parsed; the pictures themselves stay in the zip until the photo
pipeline reads them, one at a time.
"""

from __future__ import annotations

import logging
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from reporte_docx.errores import AVISO, Codigo, Hallazgo
from reporte_docx.libro.celda_imagen import imagenes_en_celda
from reporte_docx.libro.partes import Paquete, atributo, descendientes, hijos, local

EMU_POR_PUNTO = 12700
EMU_POR_PIXEL = 9525
#: Excel's defaults for Calibri 11: rows of 15 points, columns of 8.43 characters (64 px).
ALTO_FILA_PT = 15.0
#: Widths as the file stores them (``<col width>``, ``defaultColWidth``): characters of the
#: default font's digit (7 px) *including* the cell's 5 px of padding, so 8.43 are 64 / 7.
ANCHO_COLUMNA = 64 / 7
PIXELES_POR_CARACTER = 7
#: A picture far beyond any data is not walked cell by cell further than this.
MAXIMO_PASOS = 100_000
ANCLAS = {"twoCellAnchor", "oneCellAnchor", "absoluteAnchor"}
_registro = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImagenPegada:
    """One picture of the workbook and the cell its top-left corner sits on."""

    hoja: str
    fila: int  # 1-based, as Excel shows it
    columna: int  # 1-based
    #: Zip member holding the image (``xl/media/image1.png``).
    parte: str
    #: Placed in the cell (Excel 365) rather than floating over it.
    en_celda: bool = False
    #: Offset of the corner inside its cell, in EMU: orders pictures that share a cell.
    x: int = 0
    y: int = 0

    @property
    def letra(self) -> str:
        return str(get_column_letter(self.columna))

    @property
    def celda(self) -> str:
        return f"{self.letra}{self.fila}"

    @property
    def lugar(self) -> str:
        """``Fotografias!B3``: where a person finds it."""
        return f"{self.hoja}!{self.celda}"

    def orden(self) -> tuple[int, int, int, int]:
        """Left to right, then top to bottom (pictures of one row are read as a line)."""
        return (self.columna, self.x, self.fila, self.y)


@dataclass
class ImagenesDelLibro:
    """Every picture by sheet name, and the findings of pictures that cannot be used."""

    por_hoja: dict[str, list[ImagenPegada]] = field(default_factory=dict)
    hallazgos: list[Hallazgo] = field(default_factory=list)

    def en_celda(self, hoja: str) -> set[tuple[int, int]]:
        """``(row, column)`` of the cells of *hoja* that hold a picture (their value is not data)."""
        return {(i.fila, i.columna) for i in self.por_hoja.get(hoja, []) if i.en_celda}


@dataclass
class _Hoja:
    """What a worksheet part says about its grid and its picture cells."""

    alto_predeterminado: float = ALTO_FILA_PT
    ancho_predeterminado: float = ANCHO_COLUMNA
    altos: dict[int, float] = field(default_factory=dict)  # 1-based row → points
    anchos: list[tuple[int, int, float]] = field(default_factory=list)  # (min, max, characters)
    celdas: list[tuple[str, int]] = field(default_factory=list)  # (reference, vm)

    def alto_emu(self, fila: int) -> int:
        return round(self.altos.get(fila, self.alto_predeterminado) * EMU_POR_PUNTO)

    def ancho_emu(self, columna: int) -> int:
        ancho = next((w for a, b, w in self.anchos if a <= columna <= b), None)
        caracteres = self.ancho_predeterminado if ancho is None else ancho
        # ECMA-376 §18.3.1.13: pixels = Truncate(((256 * width + Truncate(128 / 7)) / 256) * 7)
        pixeles = int((256 * caracteres + 18) / 256 * PIXELES_POR_CARACTER) if caracteres > 0 else 0
        return pixeles * EMU_POR_PIXEL


def _leer_hoja(paquete: Paquete, parte: str) -> _Hoja:
    """Row heights, column widths and ``vm`` cells, in one incremental pass over the sheet."""
    hoja = _Hoja()
    for evento, e in paquete.iterar(parte):
        nombre = local(e)
        if evento == "end":
            if nombre == "row":
                e.clear()  # big sheets stay small in memory
            continue
        if nombre == "c" and e.get("vm") and e.get("r"):
            vm = _entero(e.get("vm"))
            if vm is not None:
                hoja.celdas.append((e.get("r") or "", vm))
        elif nombre == "row" and e.get("ht") and (fila := _entero(e.get("r"))):
            hoja.altos[fila] = _real(e.get("ht"), ALTO_FILA_PT)
        elif nombre == "col":
            hoja.anchos.append(
                (
                    _entero(e.get("min")) or 0,
                    _entero(e.get("max")) or 0,
                    _real(e.get("width"), ANCHO_COLUMNA),
                )
            )
        elif nombre == "sheetFormatPr":
            hoja.alto_predeterminado = _real(e.get("defaultRowHeight"), ALTO_FILA_PT)
            hoja.ancho_predeterminado = _real(e.get("defaultColWidth"), ANCHO_COLUMNA)
    return hoja


def _entero(texto: str | None) -> int | None:
    try:
        return int(texto or "")
    except ValueError:
        return None


def _real(texto: str | None, predeterminado: float) -> float:
    try:
        return float(texto or "")
    except ValueError:
        return predeterminado


def _plegar(indice: int, desplazamiento: int, medida: Callable[[int], int]) -> tuple[int, int]:
    """Fold an offset larger than its cell into the cell it reaches (1-based index)."""
    for _ in range(MAXIMO_PASOS):
        tamano = medida(indice)
        if tamano <= 0 or desplazamiento < tamano:
            break
        desplazamiento -= tamano
        indice += 1
    return indice, max(desplazamiento, 0)


def _esquina(ancla: etree._Element, hoja: _Hoja) -> tuple[int, int, int, int] | None:
    """``(row, column, x, y)`` of an anchor's top-left corner (1-based cell)."""
    if local(ancla) == "absoluteAnchor":
        pos = next(hijos(ancla, "pos"), None)
        if pos is None:
            return None
        x, y = _entero(pos.get("x")) or 0, _entero(pos.get("y")) or 0
        columna, fila = 1, 1
    else:
        desde = next(hijos(ancla, "from"), None)
        if desde is None:
            return None
        valores = {local(h): _entero(h.text) or 0 for h in desde if isinstance(h.tag, str)}
        columna, x = valores.get("col", 0) + 1, valores.get("colOff", 0)
        fila, y = valores.get("row", 0) + 1, valores.get("rowOff", 0)
    columna, x = _plegar(columna, x, hoja.ancho_emu)
    fila, y = _plegar(fila, y, hoja.alto_emu)
    return fila, columna, x, y


def _anclas(dibujo: etree._Element) -> Iterator[etree._Element]:
    """The anchors of a drawing, each picture once (see :func:`_otra_version`)."""
    for ancla in dibujo.iter():
        if isinstance(ancla.tag, str) and local(ancla) in ANCLAS and not _otra_version(ancla):
            yield ancla


def _otra_version(ancla: etree._Element) -> bool:
    """Whether *ancla* is a version of a picture that is read elsewhere.

    ``mc:AlternateContent`` says one thing twice, for newer and older readers:
    its ``mc:Fallback`` is read when it holds an anchor, else its first ``mc:Choice``.
    """
    rama = next((a for a in ancla.iterancestors() if local(a) in ("Choice", "Fallback")), None)
    if rama is None or local(rama) == "Fallback":
        return False
    alternativa = rama.getparent()
    if alternativa is None:
        return False
    for respaldo in hijos(alternativa, "Fallback"):
        if any(local(d) in ANCLAS for d in respaldo.iter() if isinstance(d.tag, str)):
            return True
    return rama is not next(hijos(alternativa, "Choice"))


def _flotantes(
    paquete: Paquete, parte: str, nombre: str, hoja: _Hoja, avisos: list[Hallazgo]
) -> list[ImagenPegada]:
    """Pictures drawn over the sheet, from its ``drawing`` relationship(s)."""
    imagenes = []
    for relacion in paquete.relaciones(parte).values():
        if relacion.tipo != "drawing" or not relacion.destino:
            continue
        dibujo = paquete.xml(relacion.destino)
        if dibujo is None:
            continue
        rels = paquete.relaciones(relacion.destino)
        for ancla in _anclas(dibujo):
            esquina = _esquina(ancla, hoja)
            if esquina is None:
                continue
            fila, columna, x, y = esquina
            for blip in descendientes(ancla, "blip"):
                destino = rels.get(atributo(blip, "embed") or "")
                parte = destino.destino if destino and destino.tipo == "image" else ""
                guardada = bool(parte and paquete.nombre(parte))
                imagen = ImagenPegada(nombre, fila, columna, parte, False, x, y)
                if guardada:
                    imagenes.append(imagen)
                if aviso := _aviso_de_blip(blip, guardada, imagen):
                    avisos.append(aviso)
    return imagenes


def _aviso_de_blip(blip: etree._Element, guardada: bool, donde: ImagenPegada) -> Hallazgo | None:
    """A warning for a picture the report cannot show as Excel does: linked, or cropped."""
    if not guardada and atributo(blip, "link"):
        mensaje = (
            f"la imagen en la celda {donde.celda} está vinculada a un archivo externo, no "
            "guardada en el libro; no se usa. En Excel, péguela de nuevo (Insertar › Imágenes › "
            "Este dispositivo)"
        )
        codigo = Codigo.IMAGEN_VINCULADA
    elif _recortada(blip):
        # the crop is only a view: the stored picture is whole, and it is what the report shows
        mensaje = (
            f"la imagen en la celda {donde.celda} está recortada en Excel, pero el reporte usa la "
            "foto completa, como está guardada; si el recorte importa, recorte la foto antes de "
            "pegarla (o recórtela en Word, en el documento)"
        )
        codigo = Codigo.IMAGEN_RECORTADA
    else:
        return None
    return Hallazgo(codigo, mensaje, AVISO, hoja=donde.hoja, fila=donde.fila, columna=donde.letra)


def _recortada(blip: etree._Element) -> bool:
    """Whether Excel's «Recortar» cropped the picture: a ``srcRect`` beside it with a side set."""
    relleno = blip.getparent()
    rectangulos = hijos(relleno, "srcRect") if relleno is not None else iter(())
    lados = ("l", "t", "r", "b")
    return any((_entero(r.get(lado)) or 0) != 0 for r in rectangulos for lado in lados)


def _en_celda(
    nombre: str, hoja: _Hoja, por_vm: dict[int, str], paquete: Paquete
) -> list[ImagenPegada]:
    imagenes = []
    for referencia, vm in hoja.celdas:
        parte = por_vm.get(vm)
        if not parte or not paquete.nombre(parte):
            continue
        try:
            letras, fila = coordinate_from_string(referencia)
        except ValueError:
            continue
        imagenes.append(ImagenPegada(nombre, fila, column_index_from_string(letras), parte, True))
    return imagenes


def imagenes_del_libro(ruta: Path) -> ImagenesDelLibro:
    """Every picture pasted in the workbook at *ruta*, by sheet, in reading order.

    The file was already checked by :func:`~reporte_docx.libro.apertura.revisar_archivo`;
    a damaged zip member is an error (its pictures would be lost), while an XML
    part that does not parse simply contributes no pictures, as in Excel.
    """
    resultado = ImagenesDelLibro()
    try:
        with zipfile.ZipFile(ruta) as archivo:
            paquete = Paquete(archivo)
            por_vm = imagenes_en_celda(paquete)
            for nombre, parte in paquete.hojas():
                hoja = _leer_hoja(paquete, parte)
                imagenes = _flotantes(paquete, parte, nombre, hoja, resultado.hallazgos)
                imagenes += _en_celda(nombre, hoja, por_vm, paquete)
                if imagenes:
                    resultado.por_hoja[nombre] = sorted(imagenes, key=ImagenPegada.orden)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as e:
        _registro.debug("imágenes de %s: %r", ruta, e)  # the technical reason, for --depurar
        mensaje = (
            "no se pudieron leer las imágenes pegadas en el libro (está dañado o cambió mientras "
            "se leía); ábralo en Excel, guárdelo de nuevo como .xlsx y repita"
        )
        return ImagenesDelLibro(
            hallazgos=[Hallazgo("libro-danado", mensaje, lugar=f"archivo «{ruta}»")]
        )
    return resultado
