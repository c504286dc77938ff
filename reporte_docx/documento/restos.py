"""The public version's last check: no listed text left anywhere in the package or its PDF.

The model is redacted before rendering (:mod:`~reporte_docx.documento.testado`);
this is the second lock, which refuses to write whatever got through. It looks
at every part of the .docx, decompressed: its name, its bytes as text (entities
decoded, so attributes such as a picture's alt text and the document
properties are seen; UTF-16 too), and, for XML, its text with the tags taken
out (a name Word split across runs is whole again); for a picture, the metadata
it carries (EXIF, XMP, comments, PNG text chunks), in UTF-8, Latin-1 and UTF-16. In the PDF it looks at the text of every
page, the document information and every string and stream of its objects
(alt text, bookmarks, XMP). Matching is :class:`~reporte_docx.documento.testado.Buscador`'s:
case, accents and the spacing between words do not matter.

The segment walk of JPEG and PNG files is written here: no library lists
every metadata block of a file without decoding it.
"""

from __future__ import annotations

import html
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from babel.lists import format_list

from reporte_docx.documento.testado import Buscador, en_la_fila
from reporte_docx.errores import Codigo, Hallazgo
from reporte_docx.formato import LOCALE
from reporte_docx.modelo import Testado

_ETIQUETA = re.compile(r"<[^>]*>")
#: Ends of a paragraph, line break, tab and cell: a space between their texts.
_FIN_DE_TEXTO = re.compile(r"</w:p>|<w:br[ />]|<w:tab[ />]|</w:tc>|<w:cr[ />]")
_IMAGENES = (".jpg", ".jpeg", ".png")
#: «[TESTADO 3]» as text extraction may give it back (spaces added or lost).
_MARCA_EN_TEXTO = re.compile(r"\[\s*TESTADO\s*(\d+)\s*\]")


@dataclass(frozen=True)
class Resto:
    """A listed text (by its index) found where it must not be: the part and how it was seen."""

    indice: int
    parte: str
    vista: str


def _como_texto(datos: bytes) -> str:
    """An XML part as text: UTF-8, or UTF-16 when it starts with its byte order mark."""
    if datos.startswith((b"\xff\xfe", b"\xfe\xff")):
        return datos.decode("utf-16", errors="replace")
    return datos.decode("utf-8", errors="replace")


def _vistas_xml(datos: bytes) -> Iterator[tuple[str, str]]:
    """The part with its entities decoded (``&amp;``, ``&#233;``), and its text with the
    tags taken out (a text Word split over several runs is whole again)."""
    crudo = _como_texto(datos)
    yield "bytes", html.unescape(crudo)
    yield "texto", html.unescape(_ETIQUETA.sub("", _FIN_DE_TEXTO.sub(" ", crudo)))


def _binario(datos: bytes) -> Iterator[str]:
    """Bytes of no known text encoding read every way a text may hide in them: one byte a
    character, and UTF-16 at either alignment (Windows writes EXIF's author so)."""
    yield datos.decode("latin-1")
    yield datos.decode("utf-8", errors="replace")
    for inicio in (0, 1):
        trozo = datos[inicio:]
        yield (trozo + b"\0" * (len(trozo) % 2)).decode("utf-16-le", errors="replace")


def _segmentos_jpeg(datos: bytes) -> Iterator[bytes]:
    """Every marker segment before the image data (APPn: EXIF, XMP, ICC; COM: comments)."""
    i = 2
    while i + 4 <= len(datos) and datos[i] == 0xFF:
        marcador = datos[i + 1]
        if marcador == 0xDA:  # start of scan: pixels from here on
            return
        (largo,) = struct.unpack(">H", datos[i + 2 : i + 4])
        yield datos[i + 4 : i + 2 + largo]
        i += 2 + largo


def _fragmentos_png(datos: bytes) -> Iterator[bytes]:
    """Every chunk but the pixels (tEXt, zTXt and iTXt decompressed as well)."""
    i = 8
    while i + 8 <= len(datos):
        largo, tipo = struct.unpack(">I4s", datos[i : i + 8])
        cuerpo = datos[i + 8 : i + 8 + largo]
        i += 12 + largo
        if tipo in (b"IDAT", b"IEND"):
            continue
        yield cuerpo
        if tipo in (b"zTXt", b"iTXt", b"iCCP") and b"\0" in cuerpo:
            yield _descomprimido(cuerpo.split(b"\0", 1)[1].lstrip(b"\0\1\0"))


def _descomprimido(datos: bytes) -> bytes:
    try:
        return zlib.decompress(datos)
    except zlib.error:
        return b""


def _vistas(nombre: str, datos: bytes) -> Iterator[tuple[str, str]]:
    yield "nombre", nombre
    minuscula = nombre.lower()
    if minuscula.endswith((".xml", ".rels")):
        yield from _vistas_xml(datos)
    elif minuscula.endswith(_IMAGENES):
        partes = _segmentos_jpeg(datos) if datos[:2] == b"\xff\xd8" else _fragmentos_png(datos)
        for parte in partes:
            for texto in _binario(parte):
                yield "metadatos", texto
    else:
        for texto in _binario(datos):
            yield "bytes", texto


def restos_en_docx(docx: bytes, textos: list[str]) -> list[Resto]:
    """Where any of *textos* is still in the package *docx* (empty: nothing is left)."""
    buscador = Buscador(textos)
    restos: set[Resto] = set()
    with zipfile.ZipFile(io.BytesIO(docx)) as paquete:
        for info in paquete.infolist():
            for vista, texto in _vistas(info.filename, paquete.read(info)):
                for _inicio, _fin, i in buscador.buscar(texto):
                    restos.add(Resto(i, info.filename, vista))
    return sorted(restos, key=lambda r: (r.indice, r.parte, r.vista))


def _cadenas(objeto: object, vistos: set[int]) -> Iterator[str]:
    """Every string, name and decoded stream reachable from a pypdf object."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    if isinstance(objeto, IndirectObject):
        if objeto.idnum in vistos:
            return
        vistos.add(objeto.idnum)
        objeto = objeto.get_object()
    if isinstance(objeto, StreamObject):
        try:
            yield objeto.get_data().decode("latin-1")
        except Exception:  # noqa: BLE001 - a filter pypdf cannot undo: its raw bytes
            yield bytes(objeto._data).decode("latin-1")
    if isinstance(objeto, DictionaryObject):
        for clave, valor in objeto.items():
            if clave not in ("/Parent", "/P"):
                yield from _cadenas(valor, vistos)
    elif isinstance(objeto, ArrayObject):
        for valor in objeto:
            yield from _cadenas(valor, vistos)
    elif isinstance(objeto, str):
        yield str(objeto)


def textos_de_pdf(pdf: bytes) -> tuple[list[str], list[str]]:
    """The text of each page of *pdf*, and every other string of it (information, objects)."""
    from pypdf import PdfReader

    lector = PdfReader(io.BytesIO(pdf))
    paginas = [pagina.extract_text() or "" for pagina in lector.pages]
    otras = [str(v) for v in (lector.metadata or {}).values()]
    otras.extend(_cadenas(lector.trailer, set()))
    otras.append(pdf.decode("latin-1"))  # what is written uncompressed (XMP…)
    return paginas, otras


def restos_en_pdf(pdf: bytes, textos: list[str]) -> list[Resto]:
    """Where any of *textos* is still in *pdf*: its pages' text or any of its strings."""
    buscador = Buscador(textos)
    paginas, otras = textos_de_pdf(pdf)
    restos: set[Resto] = set()
    for numero, texto in enumerate(paginas, start=1):
        for _inicio, _fin, i in buscador.buscar(texto):
            restos.add(Resto(i, f"PDF, página {numero}", "texto"))
    for texto in otras:
        for _inicio, _fin, i in buscador.buscar(texto):
            restos.add(Resto(i, "PDF", "objetos"))
    return sorted(restos, key=lambda r: (r.indice, r.parte))


def paginas_de_marcas(pdf: bytes, hasta: str | None = None) -> dict[int, list[int]]:
    """For each mark «[TESTADO n]» in the pages of *pdf*, the pages it is on (n → pages).

    *hasta*: a text (the legend's title) from whose page on nothing is counted.
    """
    paginas, _otras = textos_de_pdf(pdf)
    donde: dict[int, list[int]] = {}
    for numero, texto in enumerate(paginas, start=1):
        if hasta and hasta in " ".join(texto.split()):
            break
        for m in _MARCA_EN_TEXTO.finditer(texto):
            lista = donde.setdefault(int(m.group(1)), [])
            if numero not in lista:
                lista.append(numero)
    return donde


def _donde(resto: Resto) -> str:
    """Where a text was left, as an office worker would look for it."""
    parte = resto.parte
    if parte.startswith("PDF"):
        return f"el PDF ({parte})" if "página" in parte else "los datos internos del PDF"
    if parte.startswith("docProps/"):
        return "las propiedades del documento (Archivo › Información, en Word)"
    if parte.startswith("word/media/"):
        return f"los datos internos de una fotografía («{parte}»)"
    if parte.endswith(".rels"):
        return "la dirección de un hipervínculo"
    if resto.vista == "texto":
        return f"el texto de «{parte}»"
    return f"«{parte}» (un texto alternativo, un campo o un atributo del documento)"


def hallazgos_de_restos(restos: list[Resto], testado: list[Testado]) -> list[Hallazgo]:
    """Each text left somewhere, as an error on its row of «Testado»: nothing is written."""
    hallazgos = []
    for indice in dict.fromkeys(r.indice for r in restos):
        lugares = format_list(
            list(dict.fromkeys(_donde(r) for r in restos if r.indice == indice)),
            locale=LOCALE,
        )
        hallazgos.append(
            en_la_fila(
                testado[indice],
                indice,
                Codigo.TESTADO_QUEDA,
                f"un texto que se debe testar quedaría en {lugares}; no se escribió la versión "
                "pública. Si viene de la plantilla, quítelo de ella; si no, es un error de "
                "reporte-docx: avise con --depurar",
            )
        )
    return hallazgos
