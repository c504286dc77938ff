"""Writing values back into a workbook's cells, and reading the values they hold now.

``reporte-docx incorporar`` (issue #18) puts what a person corrected in Word
back into the cells it came from. Loading the workbook with openpyxl and
saving it would rewrite every part, and lose what openpyxl does not model:
pictures floating over a sheet or placed in cells, validation extensions,
notes' shapes. So the package is edited at the zip level instead:

- every zip member is copied *as stored* (its compressed bytes, its
  compression, its date, in the same order) except the worksheet parts that
  hold a changed cell; photos are never decompressed or recompressed, so
  writing a 400 MB workbook costs about what copying it does;
- in those worksheet parts only the changed ``<c>`` elements are touched
  (plus the ``<row>``/``<dimension>`` of a cell that did not exist yet); the
  cell keeps its ``s`` style, so a date cell keeps its date format and a
  long text keeps its wrapping;
- text is written as an inline string (``t="inlineStr"``), so the shared
  string table is never rewritten: Excel turns it into a shared string the
  next time it saves, and every reader takes both;
- a cell that held a formula gets the value instead of it: the person wrote
  the value in Word, and a formula left there would bring back the old one.
  Then the workbook must recalculate: ``xl/calcChain.xml`` (Excel's cache of
  the order to calculate formulas in, optional) would name a cell that no
  longer has a formula, which Excel reports as damage, so it is dropped with
  its relationship and content type, and ``fullCalcOnLoad`` is set so that
  the formulas that depend on the changed cells are recalculated on opening.
  This is done only when a formula is involved, so a workbook without
  formulas keeps its other parts byte for byte.

The workbook is written atomically (:func:`reporte_docx.archivos.escribir_atomico`)
after a backup copy named like the report's (``NOMBRE.respaldo-AAAAMMDD-HHMMSS.xlsx``),
and never while Excel has it open.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import math
import os
import re
import struct
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import IO, BinaryIO

from docx.opc.packuri import PackURI
from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
    range_boundaries,
)
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, to_excel

from reporte_docx.archivos import escribir_atomico
from reporte_docx.documento.salida import respaldar, revisar_reemplazo
from reporte_docx.errores import Codigo, ErrorDeDatos, Hallazgo
from reporte_docx.libro.apertura import revisar_archivo
from reporte_docx.libro.partes import PARSER, Paquete, descendientes, hijos, local
from reporte_docx.texto import normalizar_saltos, quiso_decir, quitar_prohibidos_xml

Valor = str | int | float | Decimal | dt.date | dt.datetime | None

#: Excel's grid and its longest cell text.
MAX_FILA = 1_048_576
MAX_COLUMNA = 16_384
MAX_TEXTO = 32_767
XML_NS = "http://www.w3.org/XML/1998/namespace"
#: Excel reads ``_xHHHH_`` in a cell's text as the character HHHH, so a literal one is
#: written ``_x005F_xHHHH_`` (an escaped underscore), as Excel itself does.
_LITERAL_EXCEL = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPE_EXCEL = re.compile("_x([0-9A-Fa-f]{4})_")


@dataclass(frozen=True)
class Celda:
    """One cell: its sheet by the name Excel shows on the tab, row and column from 1."""

    hoja: str
    fila: int
    columna: int

    @property
    def referencia(self) -> str:
        """``B3``: how Excel (and the sheet's XML) names the cell."""
        return f"{get_column_letter(self.columna)}{self.fila}"


def _falla(ruta: Path, codigo: str, mensaje: str, celda: Celda | None = None) -> ErrorDeDatos:
    if celda is None:
        return ErrorDeDatos([Hallazgo(codigo, mensaje, lugar=f"archivo «{ruta}»")])
    lugar = f"archivo «{ruta}», celda {celda.referencia}"
    return ErrorDeDatos([Hallazgo(codigo, mensaje, hoja=celda.hoja, fila=celda.fila, lugar=lugar)])


def _revisar_celda(ruta: Path, celda: Celda) -> None:
    """A row or column outside Excel's grid is the caller's mistake, said in Spanish anyway."""
    if not (1 <= celda.fila <= MAX_FILA and 1 <= celda.columna <= MAX_COLUMNA):
        raise ValueError(
            f"celda fuera de la cuadrícula de Excel en «{ruta}», hoja «{celda.hoja}»: fila "
            f"{celda.fila}, columna {celda.columna} (filas 1 a {MAX_FILA}, columnas 1 a "
            f"{MAX_COLUMNA})"
        )


@dataclass
class _Libro:
    """What both reading and writing need from the workbook part: sheets and calendar."""

    paquete: Paquete
    parte_libro: str
    #: Sheet name as on the tab → its worksheet part (zip member name).
    hojas: dict[str, str]
    fecha1904: bool


def _leer_libro(ruta: Path, archivo: zipfile.ZipFile) -> _Libro:
    paquete = Paquete(archivo)
    parte = paquete.relacionada("", "officeDocument") or ""
    raiz = paquete.xml(parte) if parte else None
    if raiz is None:
        raise _falla(ruta, Codigo.LIBRO_DANADO, "no tiene la parte del libro (xl/workbook.xml)")
    propiedades = next(descendientes(raiz, "workbookPr"), None)
    fecha1904 = propiedades is not None and propiedades.get("date1904", "") in ("1", "true")
    hojas = {nombre: paquete.nombre(p) or p for nombre, p in paquete.hojas()}
    return _Libro(paquete, paquete.nombre(parte) or parte, hojas, fecha1904)


def _parte_de_hoja(ruta: Path, libro: _Libro, celda: Celda) -> str:
    """The worksheet part of *celda*'s sheet; Excel's sheet names ignore case."""
    if celda.hoja in libro.hojas:
        return libro.hojas[celda.hoja]
    for nombre, parte in libro.hojas.items():
        if nombre.casefold() == celda.hoja.casefold():
            return parte
    lista = ", ".join(f"«{n}»" for n in libro.hojas)
    raise _falla(
        ruta,
        Codigo.HOJA_FALTA,
        f"no tiene la hoja «{celda.hoja}»{quiso_decir(celda.hoja, libro.hojas)}; sus hojas son "
        f"{lista}",
    )


# --- the sheet's XML -------------------------------------------------------------------------


def _columna(referencia: str | None) -> int | None:
    """``B3`` → 2 (the way :mod:`~reporte_docx.libro.imagenes` reads a cell's name)."""
    try:
        letras, _fila = coordinate_from_string(referencia or "")
        return int(column_index_from_string(letras))
    except ValueError:
        return None


def _filas(datos: etree._Element) -> dict[int, etree._Element]:
    """``<row>`` elements by number; a row without ``r`` follows the previous one (the schema
    allows it), and gets its number written so that inserting rows keeps the meaning."""
    filas: dict[int, etree._Element] = {}
    anterior = 0
    for fila in hijos(datos, "row"):
        numero = int(fila.get("r") or anterior + 1)
        fila.set("r", str(numero))
        filas[numero] = fila
        anterior = numero
    return filas


def _celdas(fila: etree._Element, numero: int) -> dict[int, etree._Element]:
    """``<c>`` elements of a row by column, numbering those without ``r`` like Excel would."""
    celdas: dict[int, etree._Element] = {}
    anterior = 0
    for c in hijos(fila, "c"):
        columna = _columna(c.get("r")) or anterior + 1
        c.set("r", f"{get_column_letter(columna)}{numero}")
        celdas[columna] = c
        anterior = columna
    return celdas


def _insertar_en_orden(
    padre: etree._Element, nuevo: etree._Element, numero: int, hermanos: dict[int, etree._Element]
) -> None:
    """Put *nuevo* (numbered *numero*) among *hermanos* in order, and count it among them."""
    anteriores = [n for n in hermanos if n < numero]
    siguientes = [n for n in hermanos if n > numero]
    if anteriores:
        hermanos[max(anteriores)].addnext(nuevo)
    elif siguientes:
        hermanos[min(siguientes)].addprevious(nuevo)
    else:  # before a row's extLst, if it has one
        extension = next(hijos(padre, "extLst"), None)
        if extension is not None:
            extension.addprevious(nuevo)
        else:
            padre.append(nuevo)
    hermanos[numero] = nuevo


def _nuevo(vecino: etree._Element, nombre: str) -> etree._Element:
    """A new element in *vecino*'s namespace (the transitional or the strict one)."""
    espacio = etree.QName(vecino).namespace
    return etree.Element(f"{{{espacio}}}{nombre}" if espacio else nombre)


def _hijo(padre: etree._Element, nombre: str) -> etree._Element:
    hijo = _nuevo(padre, nombre)
    padre.append(hijo)
    return hijo


class _Hoja:
    """One worksheet part being edited: its rows and cells found once, created in order."""

    def __init__(self, ruta: Path, parte: str, datos: bytes) -> None:
        self.ruta = ruta
        self.parte = parte
        try:
            self.raiz = etree.fromstring(datos, PARSER)
        except etree.XMLSyntaxError:
            raise _falla(ruta, Codigo.HOJA_DANADA, f"la parte «{parte}» está dañada") from None
        datos_hoja = next(hijos(self.raiz, "sheetData"), None)
        if datos_hoja is None:  # Excel always writes one, even for an empty sheet
            raise _falla(ruta, Codigo.HOJA_DANADA, f"la parte «{parte}» no tiene celdas")
        self.datos = datos_hoja
        self.filas = _filas(self.datos)
        self._celdas: dict[int, dict[int, etree._Element]] = {}
        self.formulas = next(descendientes(self.datos, "f"), None) is not None

    def celda(self, fila: int, columna: int, crear: bool) -> etree._Element | None:
        """The ``<c>`` of (fila, columna); made (row too) when missing and *crear*."""
        if fila not in self.filas:
            if not crear:
                return None
            nueva = _nuevo(self.datos, "row")
            nueva.set("r", str(fila))
            _insertar_en_orden(self.datos, nueva, fila, self.filas)
        elemento = self.filas[fila]
        celdas = self._celdas.setdefault(fila, _celdas(elemento, fila))
        if columna not in celdas and crear:
            c = _nuevo(self.datos, "c")
            c.set("r", f"{get_column_letter(columna)}{fila}")
            estilo = self._estilo_nuevo(elemento, columna)
            if estilo:
                c.set("s", estilo)
            _insertar_en_orden(elemento, c, columna, celdas)
            self._ensanchar(elemento, fila, columna)
        return celdas.get(columna)

    def _estilo_nuevo(self, fila: etree._Element, columna: int) -> str | None:
        """The style Excel gives a cell typed into: the row's if it has one, else the column's."""
        if fila.get("customFormat") in ("1", "true") and fila.get("s"):
            return str(fila.get("s"))
        for columnas in hijos(self.raiz, "cols"):
            for col in hijos(columnas, "col"):
                if int(col.get("min") or 0) <= columna <= int(col.get("max") or 0):
                    estilo = col.get("style")
                    return None if estilo is None else str(estilo)
        return None

    def _ensanchar(self, fila: etree._Element, numero: int, columna: int) -> None:
        """Widen the row's ``spans`` hint and the sheet's ``<dimension>`` to the new cell."""
        spans = fila.get("spans")
        if spans:
            limites = [int(n) for n in re.findall(r"\d+", spans)] or [columna]
            fila.set("spans", f"{min([*limites, columna])}:{max([*limites, columna])}")
        dimension = next(hijos(self.raiz, "dimension"), None)
        ref = dimension.get("ref") if dimension is not None else None
        if dimension is None or not ref:
            return
        try:
            c1, f1, c2, f2 = range_boundaries(ref.upper())
        except (ValueError, TypeError):
            return
        if c1 is None or f1 is None:
            return
        c2, f2 = c2 or c1, f2 or f1
        nuevo = (min(c1, columna), min(f1, numero), max(c2, columna), max(f2, numero))
        a = f"{get_column_letter(nuevo[0])}{nuevo[1]}"
        b = f"{get_column_letter(nuevo[2])}{nuevo[3]}"
        dimension.set("ref", a if a == b else f"{a}:{b}")

    def xml(self) -> bytes:
        return _serializar(self.raiz)


# --- values ----------------------------------------------------------------------------------


def _escapar(texto: str) -> str:
    """Text as a cell holds it: one kind of line break, without the characters XML forbids
    (dropped, as everywhere in this package), a literal ``_xHHHH_`` protected from Excel.

    openpyxl does not undo that protection in inline strings (it shows
    ``_x005F_x0041_``); Excel, LibreOffice and :func:`valores_de_celdas` do.
    """
    return _LITERAL_EXCEL.sub("_x005F_", quitar_prohibidos_xml(normalizar_saltos(texto)))


def _desescapar(texto: str) -> str:
    return _ESCAPE_EXCEL.sub(lambda m: chr(int(m.group(1), 16)), texto)


def _numero(valor: float | int | Decimal) -> str | None:
    """The ``<v>`` of a number (``None``: not finite, which a cell cannot hold)."""
    if isinstance(valor, int):
        return str(valor)
    real = float(valor)
    if not math.isfinite(real):
        return None
    return str(int(real)) if real.is_integer() and abs(real) < 1e15 else repr(real)


def _serie(valor: dt.date, fecha1904: bool) -> str:
    """A date as the serial number Excel stores (its style shows it as a date)."""
    if isinstance(valor, dt.datetime) and valor.tzinfo is not None:
        valor = valor.replace(tzinfo=None)  # the wall-clock time the person sees
    serie = to_excel(valor, epoch=MAC_EPOCH if fecha1904 else WINDOWS_EPOCH)
    return _numero(serie) or "0"


def _contenido(ruta: Path, celda: Celda, valor: Valor, fecha1904: bool) -> tuple[str | None, str]:
    """``(t, text)`` of the new value: ``t`` is the cell's type attribute (``None``: number)."""
    if isinstance(valor, str):
        if len(valor) > MAX_TEXTO:
            raise _falla(
                ruta,
                Codigo.TEXTO_MUY_LARGO,
                f"el texto tiene {len(valor):,} caracteres y una celda de Excel admite a lo más "
                f"{MAX_TEXTO:,}; acórtelo".replace(",", " "),
                celda,
            )
        return "inlineStr", _escapar(valor)
    if isinstance(valor, bool):
        return "b", "1" if valor else "0"
    if isinstance(valor, dt.date):  # datetime included
        return None, _serie(valor, fecha1904)
    if isinstance(valor, int | float | Decimal):
        numero = _numero(valor)
        if numero is not None:
            return None, numero
    raise TypeError(f"valor no admitido para la celda {celda.referencia}: {valor!r}")


def _quitar_valor(c: etree._Element) -> bool:
    """Empty the cell but keep its style; ``True`` if it had a formula."""
    formula = False
    for hijo in list(c):
        if isinstance(hijo.tag, str) and local(hijo) in ("f", "v", "is"):
            formula = formula or local(hijo) == "f"
            c.remove(hijo)
    for nombre in ("t", "cm"):  # cm: the metadata of a dynamic-array formula
        c.attrib.pop(nombre, None)
    return formula


def _poner(c: etree._Element, tipo: str | None, texto: str) -> None:
    """Write the value in *c* (already emptied), before its ``extLst`` if it has one."""
    if tipo:
        c.set("t", tipo)
    if tipo == "inlineStr":
        cadena = _nuevo(c, "is")
        t = _hijo(cadena, "t")
        t.text = texto
        if texto != texto.strip() or "\n" in texto:
            t.set(f"{{{XML_NS}}}space", "preserve")
        nuevo = cadena
    else:
        nuevo = _nuevo(c, "v")
        nuevo.text = texto
    extension = next(hijos(c, "extLst"), None)
    if extension is not None:
        extension.addprevious(nuevo)
    else:
        c.append(nuevo)


def _revisar_reemplazable(ruta: Path, celda: Celda, c: etree._Element) -> None:
    """Refuse what a value cannot replace without breaking something else."""
    if c.get("vm"):
        raise _falla(
            ruta,
            Codigo.CELDA_CON_IMAGEN,
            "tiene una imagen colocada en la celda; no se reemplaza por un valor (muévala a otra "
            "celda en Excel si quiere escribir ahí)",
            celda,
        )
    for f in hijos(c, "f"):
        ref = f.get("ref") or ""
        if f.get("t") == "shared" and ":" in ref and ref.split(":")[0] != ref.split(":")[1]:
            raise _falla(
                ruta,
                Codigo.CELDA_CON_FORMULA_COMPARTIDA,
                f"es la primera de una fórmula que comparten las celdas {ref}; quitarla "
                "rompería las demás. Cámbiela en Excel (o copie la fórmula en cada celda)",
                celda,
            )


def _texto_de(elemento: etree._Element) -> str:
    """The text of a string item (``<si>`` or ``<is>``): its runs, without phonetic guides."""
    partes = [
        t.text or ""
        for t in descendientes(elemento, "t")
        if not any(local(a) == "rPh" for a in t.iterancestors())
    ]
    return _desescapar("".join(partes))


def _leido(c: etree._Element, compartidas: list[str]) -> object:
    """The value a cell holds as stored: text, number, boolean, error text; ``None`` if empty."""
    tipo = c.get("t") or "n"
    if tipo == "inlineStr":
        cadena = next(hijos(c, "is"), None)
        return _texto_de(cadena) if cadena is not None else None
    v = next(hijos(c, "v"), None)
    texto = v.text if v is not None else None
    if texto is None:
        return None
    if tipo == "s":
        indice = int(texto)
        return compartidas[indice] if 0 <= indice < len(compartidas) else None
    if tipo == "b":
        return texto.strip() in ("1", "true")
    if tipo in ("str", "e"):
        return _desescapar(texto)
    if tipo == "d":
        return dt.datetime.fromisoformat(texto)
    try:
        return int(texto)
    except ValueError:
        return float(texto)


def _estilos_de_fecha(libro: _Libro) -> set[int]:
    """The ``s`` indexes whose number format shows a date: their numbers are read as dates."""
    parte = libro.paquete.relacionada(libro.parte_libro, "styles")
    raiz = libro.paquete.xml(parte) if parte else None
    if raiz is None:
        return set()
    formatos: dict[int, str] = dict(BUILTIN_FORMATS)
    for lista in hijos(raiz, "numFmts"):
        for formato in hijos(lista, "numFmt"):
            with contextlib.suppress(ValueError, TypeError):
                formatos[int(formato.get("numFmtId") or "")] = formato.get("formatCode") or ""
    xfs = [xf for lista in hijos(raiz, "cellXfs") for xf in hijos(lista, "xf")]
    return {
        i
        for i, xf in enumerate(xfs)
        if is_date_format(formatos.get(int(xf.get("numFmtId") or 0), ""))
    }


def _como_fecha(valor: object, c: etree._Element, fechas: set[int], fecha1904: bool) -> object:
    """A number in a cell styled as a date, as the date (or time) Excel shows."""
    if type(valor) not in (int, float) or int(c.get("s") or 0) not in fechas:
        return valor
    try:
        return from_excel(valor, MAC_EPOCH if fecha1904 else WINDOWS_EPOCH)
    except (ValueError, OverflowError):
        return valor


def _compartidas(libro: _Libro) -> list[str]:
    parte = libro.paquete.relacionada(libro.parte_libro, "sharedStrings")
    raiz = libro.paquete.xml(parte) if parte else None
    return [] if raiz is None else [_texto_de(si) for si in hijos(raiz, "si")]


def valores_de_celdas(libro: Path, celdas: Iterable[Celda]) -> dict[Celda, object]:
    """The value each of *celdas* holds now (``None``: empty or missing), as stored.

    Text (shared or inline), numbers (``int`` when whole), booleans, error
    texts such as ``#N/A``, and a :class:`~datetime.datetime` for a number in
    a cell whose style shows a date (Excel stores dates as numbers). Meant to show «antes → después» before
    :func:`escribir_celdas`, so it reads the same XML that function edits.
    """
    libro = Path(libro)
    revisar_archivo(libro)
    pedidas = list(dict.fromkeys(celdas))
    for celda in pedidas:
        _revisar_celda(libro, celda)
    with zipfile.ZipFile(libro) as archivo:
        datos = _leer_libro(libro, archivo)
        por_parte: dict[str, list[Celda]] = {}
        for celda in pedidas:
            por_parte.setdefault(_parte_de_hoja(libro, datos, celda), []).append(celda)
        compartidas = _compartidas(datos) if por_parte else []
        fechas = _estilos_de_fecha(datos) if por_parte else set()
        resultado: dict[Celda, object] = {}
        for parte, lista in por_parte.items():
            hoja = _Hoja(libro, parte, archivo.read(parte))
            for celda in lista:
                c = hoja.celda(celda.fila, celda.columna, crear=False)
                leido = None if c is None else _leido(c, compartidas)
                resultado[celda] = (
                    leido if c is None else _como_fecha(leido, c, fechas, datos.fecha1904)
                )
    return {celda: resultado[celda] for celda in pedidas}


# --- recalculation ---------------------------------------------------------------------------

#: ``CT_Workbook``'s children that come before ``calcPr``, in the schema's order.
_ANTES_DE_CALCPR = (
    "fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
    "functionGroups", "externalReferences", "definedNames",
)  # fmt: skip


def _recalcular_al_abrir(raiz: etree._Element) -> bool:
    """Set ``fullCalcOnLoad`` in the workbook part; ``True`` if it was not set already."""
    calculo = next(hijos(raiz, "calcPr"), None)
    if calculo is None:
        calculo = _nuevo(raiz, "calcPr")
        previos = [h for h in raiz if isinstance(h.tag, str) and local(h) in _ANTES_DE_CALCPR]
        if previos:
            previos[-1].addnext(calculo)
        else:
            raiz.insert(0, calculo)
    if calculo.get("fullCalcOnLoad") in ("1", "true"):
        return False
    calculo.set("fullCalcOnLoad", "1")
    return True


def _sin_cadena_de_calculo(libro: _Libro) -> dict[str, bytes | None]:
    """Drop ``calcChain.xml`` with its relationship and content type (``None``: drop the part).

    Removing single entries would need care (an entry without ``i`` takes the
    previous entry's sheet) and gains nothing: the chain is a cache Excel
    rebuilds when it recalculates, which ``fullCalcOnLoad`` asks for anyway.
    """
    cadena = libro.paquete.relacionada(libro.parte_libro, "calcChain")
    miembro = libro.paquete.nombre(cadena) if cadena else None
    if miembro is None:
        return {}
    partes: dict[str, bytes | None] = {miembro: None}
    rels = libro.paquete.nombre(PackURI("/" + libro.parte_libro).rels_uri.membername)
    tipos = libro.paquete.nombre("[Content_Types].xml")
    for parte, quitar in ((rels, _es_relacion_de_cadena), (tipos, _es_tipo_de_cadena)):
        raiz = libro.paquete.xml(parte) if parte else None
        if parte is None or raiz is None:
            continue
        for elemento in [e for e in raiz if isinstance(e.tag, str) and quitar(e, miembro)]:
            raiz.remove(elemento)
        partes[parte] = _serializar(raiz)
    return partes


def _es_relacion_de_cadena(elemento: etree._Element, _miembro: str) -> bool:
    return (elemento.get("Type") or "").rsplit("/", 1)[-1].lower() == "calcchain"


def _es_tipo_de_cadena(elemento: etree._Element, miembro: str) -> bool:
    return (elemento.get("PartName") or "").lstrip("/").lower() == miembro.lower()


#: The declaration as Excel writes it (lxml's own uses single quotes; both are valid).
DECLARACION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def _serializar(raiz: etree._Element) -> bytes:
    return DECLARACION + bytes(etree.tostring(raiz, encoding="UTF-8"))


# --- the package -----------------------------------------------------------------------------

_CABECERA_LOCAL = b"PK\x03\x04"
_DESCRIPTOR = b"PK\x07\x08"


def _copiar_tal_cual(
    ruta: Path, crudo: BinaryIO, info: zipfile.ZipInfo, destino: zipfile.ZipFile
) -> None:
    """Copy one member's stored bytes (header, compressed data, descriptor) unchanged.

    :mod:`zipfile` can only decompress and compress again, which for a
    workbook of photos means seconds of CPU and different compressed bytes;
    its writer keeps its directory in :attr:`~zipfile.ZipFile.filelist`, so a
    member copied by hand is added there, with its new offset.
    """
    crudo.seek(info.header_offset)
    cabecera = crudo.read(30)
    if cabecera[:4] != _CABECERA_LOCAL:
        raise _falla(ruta, Codigo.LIBRO_DANADO, f"el zip está dañado (parte «{info.filename}»)")
    nombre, extra = struct.unpack("<HH", cabecera[26:30])
    largo = nombre + extra + info.compress_size
    if info.flag_bits & 0x08:  # sizes and CRC follow the data, with or without a signature
        crudo.seek(info.header_offset + 30 + largo)
        zip64 = info.compress_size >= 0xFFFFFFFF or info.file_size >= 0xFFFFFFFF
        largo += (20 if zip64 else 12) + (4 if crudo.read(4) == _DESCRIPTOR else 0)
        crudo.seek(info.header_offset + 30)
    assert destino.fp is not None
    copia = copy.copy(info)
    copia.header_offset = destino.fp.tell()
    destino.fp.write(cabecera)
    if _copiar_bytes(crudo, info.header_offset + 30, largo, destino.fp) < largo:
        raise _falla(ruta, Codigo.LIBRO_DANADO, f"el zip está cortado (parte «{info.filename}»)")
    destino.filelist.append(copia)
    destino.NameToInfo[copia.filename] = copia
    destino.start_dir = destino.fp.tell()


def _copiar_bytes(crudo: BinaryIO, desde: int, largo: int, salida: IO[bytes]) -> int:
    """Copy *largo* bytes of *crudo* from offset *desde* to the end of *salida*; how many.

    ``os.copy_file_range`` (Linux) copies inside the kernel, as ``shutil.copyfile``
    does: a workbook of photos is rewritten at the speed of copying it. Elsewhere,
    or when the file system refuses, by blocks of 1 MB.
    """
    copiados = 0
    copiar = getattr(os, "copy_file_range", None)
    if copiar is not None:
        salida.flush()
        with contextlib.suppress(OSError):
            while copiados < largo:
                n = copiar(crudo.fileno(), salida.fileno(), largo - copiados, desde + copiados)
                if n == 0:
                    break
                copiados += n
        salida.seek(0, os.SEEK_END)  # the buffered file learns where the kernel left it
    crudo.seek(desde + copiados)
    while copiados < largo:
        bloque = crudo.read(min(largo - copiados, 1 << 20))
        if not bloque:
            break
        salida.write(bloque)
        copiados += len(bloque)
    return copiados


def _reescribir(
    ruta: Path, origen: Path, nuevas: Mapping[str, bytes | None], salida: BinaryIO
) -> None:
    """The workbook *origen* into *salida*, with the parts in *nuevas* replaced (or dropped)."""
    with (
        open(origen, "rb") as crudo,
        zipfile.ZipFile(crudo) as archivo,
        zipfile.ZipFile(salida, "w") as destino,
    ):
        for info in archivo.infolist():
            if info.filename not in nuevas:
                _copiar_tal_cual(ruta, crudo, info, destino)
                continue
            datos = nuevas[info.filename]
            if datos is None:
                continue
            parte = zipfile.ZipInfo(info.filename, info.date_time)
            parte.compress_type = info.compress_type
            parte.external_attr = info.external_attr
            parte.create_system = info.create_system
            destino.writestr(parte, datos)
        destino.comment = archivo.comment


# --- writing ---------------------------------------------------------------------------------


def _editar_hoja(ruta: Path, hoja: _Hoja, cambios: Mapping[Celda, Valor], fecha1904: bool) -> bool:
    """Put *cambios* in the sheet; ``True`` if one of the cells had a formula."""
    formula = False
    for celda, valor in sorted(cambios.items(), key=lambda par: (par[0].fila, par[0].columna)):
        contenido = None if valor is None else _contenido(ruta, celda, valor, fecha1904)
        c = hoja.celda(celda.fila, celda.columna, crear=contenido is not None)
        if c is None:
            continue  # emptying a cell that does not exist: nothing to do
        _revisar_reemplazable(ruta, celda, c)
        formula = _quitar_valor(c) or formula
        if contenido is not None:
            _poner(c, *contenido)
    return formula


def _partes_nuevas(
    ruta: Path, archivo: zipfile.ZipFile, cambios: Mapping[Celda, Valor]
) -> dict[str, bytes | None]:
    """Every part that changes (``None``: dropped), checked whole before anything is written."""
    libro = _leer_libro(ruta, archivo)
    por_parte: dict[str, dict[Celda, Valor]] = {}
    for celda, valor in cambios.items():
        _revisar_celda(ruta, celda)
        por_parte.setdefault(_parte_de_hoja(ruta, libro, celda), {})[celda] = valor
    nuevas: dict[str, bytes | None] = {}
    formula = con_formulas = False
    for parte, de_la_hoja in por_parte.items():
        hoja = _Hoja(ruta, parte, archivo.read(parte))
        con_formulas = con_formulas or hoja.formulas
        formula = _editar_hoja(ruta, hoja, de_la_hoja, libro.fecha1904) or formula
        nuevas[parte] = hoja.xml()
    if formula:
        nuevas.update(_sin_cadena_de_calculo(libro))
    tiene_cadena = libro.paquete.relacionada(libro.parte_libro, "calcChain") is not None
    if formula or con_formulas or tiene_cadena:  # formulas may use the changed cells
        raiz = libro.paquete.xml(libro.parte_libro)
        if raiz is not None and _recalcular_al_abrir(raiz):
            nuevas[libro.parte_libro] = _serializar(raiz)
    return nuevas


def escribir_celdas(libro: Path, cambios: Mapping[Celda, Valor]) -> Path:
    """Write *cambios* into the workbook at *libro*, changing nothing else; return the backup.

    Only the worksheet parts with a changed cell are rewritten (see the module's
    docstring); the workbook is first kept as ``NOMBRE.respaldo-AAAAMMDD-HHMMSS.xlsx``
    beside it, and written atomically. Refused (:class:`ErrorDeSalida`) while
    Excel has it open (its ``~$`` owner file is beside it) or when it is
    read-only; an unknown sheet or a cell that cannot take a value is an
    :class:`ErrorDeDatos` naming it, and then nothing is written.

    Each value keeps the cell's style (a new cell takes its row's or column's,
    as in Excel): text (``\n`` a line break, shown as such where the style
    wraps), a number, a date or date and time as Excel's serial number in the
    workbook's calendar (1900 or 1904; shown as a date where the style has a
    date format, as the project's workbooks do), ``None`` to empty the cell.
    """
    libro = Path(libro)
    revisar_archivo(libro)
    revisar_reemplazo(libro, False, programa="Excel", codigo=Codigo.LIBRO_ABIERTO)
    with zipfile.ZipFile(libro) as archivo:
        nuevas = _partes_nuevas(libro, archivo, cambios)
    respaldo = respaldar(libro)
    try:
        # the bytes are copied from the backup: the workbook itself is not held open while it
        # is replaced (Windows refuses to replace an open file); both are the same bytes
        escribir_atomico(libro, partial(_reescribir, libro, respaldo, nuevas))
    except BaseException:
        if libro.exists():  # the workbook is as it was: the backup is not needed
            with contextlib.suppress(OSError):
                respaldo.unlink()
        raise
    return respaldo
