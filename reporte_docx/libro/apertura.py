"""Opening the workbook file: every way it can fail, said before openpyxl sees it.

A person may hand the tool anything named ``.xlsx``: a CSV or an old ``.xls``
renamed, a password-protected workbook (which is not a zip at all but an OLE2
container), a file Excel still has open, or a hostile file (a zip bomb, an XML
entity bomb). Each is recognized from the first bytes and the zip's directory,
cheaply, and refused with a Spanish finding that says what to do.
"""

from __future__ import annotations

import io
import logging
import re
import threading
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import Any

import openpyxl

from reporte_docx.errores import AVISO, ErrorDeDatos, Hallazgo
from reporte_docx.texto import mas_parecido, quiso_decir

OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP = b"PK\x03\x04"
ZIP_VACIO = b"PK\x05\x06"
#: Stream an encrypted OOXML file (password to open) carries inside its OLE2 container.
FLUJO_CIFRADO = "EncryptionInfo".encode("utf-16-le")
#: Limits well above any real report workbook and far below harm (the README lists them).
#: Photos pasted in the workbook do not compress and are read one at a time, so they
#: count only towards the generous total; what is parsed whole (the XML) has its own.
MAX_DESCOMPRIMIDO = 4 * 1024 * 1024 * 1024  # all members together, pictures included
MAX_DESCOMPRIMIDO_XML = 200 * 1024 * 1024  # every member that is not a picture, together
MAX_MIEMBRO_COMPRIMIBLE = 20 * 1024 * 1024  # a member this large must not be a bomb…
MAX_RAZON = 100  # …i.e. compressed more than 100 to 1
MAX_MIEMBROS = 10_000
#: Pictures as a workbook stores them (xl/media/): compressed already, never parsed as XML.
EXTENSIONES_IMAGEN = (
    ".jpeg", ".jpg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic", ".heif",
    ".emf", ".wmf", ".svg",
)  # fmt: skip
#: Bytes read from the head of each XML part looking for a DTD (it must precede the root).
PROLOGO = 64 * 1024
_RAIZ = re.compile(rb"<[A-Za-z_]")
#: What openpyxl opens: Excel workbooks, with or without macros, and their templates.
EXTENSIONES = (".xlsx", ".xlsm", ".xltx", ".xltm")
_registro = logging.getLogger(__name__)


def _falla(ruta: Path, codigo: str, mensaje: str) -> ErrorDeDatos:
    return ErrorDeDatos([Hallazgo(codigo, mensaje, lugar=f"archivo «{ruta}»")])


def _sin_permiso(ruta: Path) -> ErrorDeDatos:
    return _falla(
        ruta,
        "libro-sin-permiso",
        "no se puede leer: está bloqueado por otro programa (¿abierto en Excel?) o no tiene "
        "permiso; ciérrelo y repita",
    )


def archivo_de_bloqueo(ruta: Path) -> Path:
    """``~$NOMBRE.xlsx``: the owner file Excel keeps next to a workbook while it is open."""
    return ruta.with_name("~$" + ruta.name)


def aviso_de_bloqueo(ruta: Path) -> Hallazgo | None:
    """A warning when Excel's ``~$`` owner file says the workbook is open right now.

    Only a warning: what is on disk is the last saved version, and a lock file
    left behind by a crash must not block the report. The user is told to save.
    """
    bloqueo = archivo_de_bloqueo(ruta)
    if not bloqueo.exists():
        return None
    return Hallazgo(
        "libro-abierto",
        f"parece abierto en Excel (existe «{bloqueo.name}» junto a él): se usa la última versión "
        "guardada; si tiene cambios sin guardar, guárdelo y repita",
        AVISO,
        lugar=f"archivo «{ruta}»",
    )


def _cabecera(ruta: Path) -> bytes:
    try:
        with ruta.open("rb") as archivo:
            return archivo.read(8)
    except PermissionError:
        raise _sin_permiso(ruta) from None
    except OSError as e:
        raise _falla(ruta, "libro-ilegible", f"no se puede leer ({e.strerror or e})") from None


def _es_cifrado(ruta: Path) -> bool:
    """An OLE2 file holding an ``EncryptionInfo`` stream: an .xlsx with a password to open."""
    anterior = b""
    with ruta.open("rb") as archivo:
        while bloque := archivo.read(1024 * 1024):
            if FLUJO_CIFRADO in anterior[-len(FLUJO_CIFRADO) :] + bloque:
                return True
            anterior = bloque
    return False


def _revisar_ole2(ruta: Path) -> None:
    """An OLE2 file: a workbook with a password to open, or an old .xls (named so or not)."""
    if _es_cifrado(ruta):
        raise _falla(
            ruta,
            "libro-con-contrasena",
            "está protegido con contraseña; ábralo en Excel, quite la contraseña "
            "(Archivo › Información › Proteger libro › Cifrar con contraseña, dejándola vacía), "
            "guárdelo y repita",
        )
    raise _antiguo(ruta)


def _antiguo(ruta: Path) -> ErrorDeDatos:
    """An old .xls (or a web page or XML saved with that name, which Excel opens alike)."""
    aunque = "" if ruta.suffix.lower() == ".xls" else " aunque su nombre diga otra cosa"
    return _falla(
        ruta,
        "libro-xls",
        f"es un libro de Excel antiguo (.xls){aunque}; ábralo en Excel y guárdelo como "
        "«Libro de Excel (.xlsx)»",
    )


def _revisar_zip(ruta: Path) -> None:
    """Refuse a zip bomb, a zip that is no workbook, and XML parts declaring a DTD."""
    danado = _falla(
        ruta,
        "libro-danado",
        "está dañado o incompleto; ábralo en Excel y guárdelo de nuevo como .xlsx",
    )
    try:
        with zipfile.ZipFile(ruta) as z:
            miembros = z.infolist()
            if detalle := juzgar_miembros(miembros):
                raise _bomba(ruta, detalle)
            nombres = {m.filename for m in miembros}
            if "xl/workbook.xml" not in nombres:
                raise _no_es_xlsx(ruta, z, nombres)
            for m in miembros:
                if m.filename.endswith((".xml", ".rels", ".vml")) and _declara_dtd(z, m):
                    raise _falla(
                        ruta,
                        "libro-xml-peligroso",
                        f"la parte «{m.filename}» declara entidades XML (<!DOCTYPE>), algo que "
                        "Excel nunca escribe y que puede usarse para bloquear el equipo; no se "
                        "abrió. Pida el libro original o cópielo a un libro nuevo en Excel",
                    )
    except PermissionError:
        raise _sin_permiso(ruta) from None
    # a bad CRC, a truncated file, an encrypted or oddly compressed member…
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        OSError,
        ValueError,
        RuntimeError,
    ):
        raise danado from None


def juzgar_miembros(miembros: list[zipfile.ZipInfo]) -> str | None:
    """What makes these zip members a possible bomb, or ``None`` when they are harmless.

    Judged from the zip's directory only: too many parts, a large part that
    expands far more than real data does (photos barely compress at all), the
    same for all the non-picture parts together (a bomb split into parts each
    under the limit: openpyxl parses every sheet whole), more XML than any
    workbook holds, or more than :data:`MAX_DESCOMPRIMIDO` in all.
    A workbook heavy with pasted photos passes: they are stored, not expanded.
    """
    if len(miembros) > MAX_MIEMBROS:
        return f"contiene {len(miembros)} partes"
    for m in miembros:
        razon = m.file_size / max(m.compress_size, 1)
        if m.file_size > MAX_MIEMBRO_COMPRIMIBLE and razon > MAX_RAZON:
            return f"la parte «{m.filename}» crece {razon:.0f} veces"
    datos = [m for m in miembros if not es_imagen(m.filename)]
    xml = sum(m.file_size for m in datos)
    # the same test on all of them together: many parts, each just under the limit, are one bomb
    razon = xml / max(sum(m.compress_size for m in datos), 1)
    if xml > MAX_MIEMBRO_COMPRIMIBLE and razon > MAX_RAZON:
        return f"sus datos (sin contar las imágenes) crecen {razon:.0f} veces al descomprimirse"
    if xml > MAX_DESCOMPRIMIDO_XML:
        return f"sus datos (sin contar las imágenes) descomprimidos ocuparían {xml // 2**20} MB"
    total = sum(m.file_size for m in miembros)
    if total > MAX_DESCOMPRIMIDO:
        return f"descomprimido ocuparía {total // 2**20} MB"
    return None


def _bomba(ruta: Path, detalle: str) -> ErrorDeDatos:
    return _falla(
        ruta,
        "libro-bomba-zip",
        f"no se abrió: {detalle}, mucho más de lo que ocupa un libro real (posible «bomba "
        "zip»); pida el libro original o cópielo a un libro nuevo en Excel",
    )


def _no_es_xlsx(ruta: Path, z: zipfile.ZipFile, nombres: set[str]) -> ErrorDeDatos:
    if "mimetype" in nombres and b"opendocument.spreadsheet" in z.read("mimetype")[:200]:
        return _falla(
            ruta,
            "libro-ods",
            "es una hoja de cálculo de LibreOffice/OpenOffice (.ods); guárdela como "
            "«Libro de Excel 2007-365 (.xlsx)»",
        )
    if "xl/workbook.bin" in nombres:
        return _falla(
            ruta,
            "libro-xlsb",
            "es un libro binario de Excel (.xlsb), que no se puede leer; ábralo en Excel y "
            "guárdelo como «Libro de Excel (.xlsx)»",
        )
    if "word/document.xml" in nombres:
        return _falla(ruta, "libro-no-xlsx", "es un documento de Word, no un libro de Excel")
    return _falla(ruta, "libro-no-xlsx", "es un archivo comprimido, no un libro de Excel (.xlsx)")


def _declara_dtd(z: zipfile.ZipFile, miembro: zipfile.ZipInfo) -> bool:
    """Whether the XML prolog (what precedes the root element) holds a ``<!DOCTYPE``."""
    with z.open(miembro) as parte:
        inicio = parte.read(PROLOGO)
    if inicio.startswith((b"\xff\xfe", b"\xfe\xff")):
        inicio = inicio.decode("utf-16", errors="ignore").encode("utf-8")
    raiz = _RAIZ.search(inicio)
    prologo = inicio[: raiz.start()] if raiz else inicio
    return b"<!DOCTYPE" in prologo.upper() or b"<!ENTITY" in prologo.upper()


def _parecido(ruta: Path) -> str:
    """`` (¿quiso decir «reporte.xlsx»?)`` for a workbook beside the name given.

    Windows hides extensions, so ``reporte`` often means ``reporte.xlsx``; a
    misspelled name gets the closest workbook of its folder.
    """
    try:
        libros = [
            p.name
            for p in ruta.parent.iterdir()
            if p.suffix.lower() in EXTENSIONES and not p.name.startswith("~$")
        ]
    except OSError:  # the folder itself is missing or unreadable
        return ""
    mismo = [n for n in libros if Path(n).stem.casefold() == ruta.name.casefold()]
    cercano = mismo[0] if len(mismo) == 1 else mas_parecido(ruta.name, libros)
    # the one wording of a suggestion; a name always looks like itself
    return quiso_decir(cercano, [cercano]) if cercano else ""


def revisar_archivo(ruta: Path) -> None:
    """Raise :class:`ErrorDeDatos` unless *ruta* looks like an .xlsx openpyxl can safely open."""
    if not ruta.exists():
        raise _falla(
            ruta, "libro-no-existe", f"no existe{_parecido(ruta)}; revise el nombre y la carpeta"
        )
    if ruta.is_dir():
        raise _falla(ruta, "libro-es-carpeta", "es una carpeta, no un libro de Excel (.xlsx)")
    if ruta.name.startswith("~$"):
        raise _falla(
            ruta,
            "libro-es-bloqueo",
            "es el archivo temporal que Excel crea mientras un libro está abierto, no un libro; "
            f"indique el libro «{ruta.name[2:]}»",
        )
    cabecera = _cabecera(ruta)
    if not cabecera:
        raise _falla(ruta, "libro-vacio", "está vacío (0 bytes); no es un libro de Excel")
    if cabecera == OLE2:
        _revisar_ole2(ruta)
    if not cabecera.startswith((ZIP, ZIP_VACIO)):
        if ruta.suffix.lower() == ".xls":
            raise _antiguo(ruta)
        raise _falla(
            ruta,
            "libro-no-xlsx",
            f"{_que_es_en_vez(ruta)}; ábralo en Excel y guárdelo como «Libro de Excel (.xlsx)»",
        )
    _revisar_zip(ruta)


def _que_es_en_vez(ruta: Path) -> str:
    """What a file that is no zip is, by its name: «aunque su nombre lo parezca» only if it does."""
    extension = ruta.suffix.lower()
    if extension in EXTENSIONES:
        return (
            "no es un libro de Excel (.xlsx), aunque su nombre lo parezca (¿es texto o CSV "
            "renombrado?)"
        )
    if extension in (".csv", ".txt", ".tsv"):
        return "es un archivo CSV o de texto, no un libro de Excel"
    if extension:
        return f"no es un libro de Excel (es un archivo «{extension}»)"
    return "no es un libro de Excel"


def es_imagen(parte: str) -> bool:
    """Whether the zip member *parte* is a picture (by its extension, as Excel names them)."""
    return parte.lower().endswith(EXTENSIONES_IMAGEN)


def _sin_imagenes(ruta: Path) -> bytes:
    """The workbook's bytes for openpyxl, with every picture emptied.

    openpyxl's full load decodes every picture of every drawing into memory
    (hundreds of MB in a workbook of pasted photos) only to hold them; given an
    empty part it skips the picture with a warning (kept in the log). The
    pictures are read by :mod:`reporte_docx.libro.imagenes` and the photo
    pipeline instead, one at a time, from the file itself. A workbook without
    pictures is handed over as it is.
    """
    with zipfile.ZipFile(ruta) as libro:
        miembros = libro.infolist()
        if not any(es_imagen(m.filename) for m in miembros):
            return ruta.read_bytes()
        salida = io.BytesIO()
        with zipfile.ZipFile(salida, "w") as copia:
            for m in miembros:
                copia.writestr(m, b"" if es_imagen(m.filename) else libro.read(m))
    return salida.getvalue()


_UNA_CARGA = threading.Lock()


def _cargar(datos: bytes, formulas: bool, solo_lectura: bool) -> openpyxl.Workbook:
    """openpyxl's load, with its warnings (in English, about parts we never use) kept out of sight.

    They go to the log, which ``--depurar`` shows; the person filling the
    workbook has nothing to do about «Data Validation extension is not supported».
    """
    # catch_warnings swaps process-wide state (the filters, showwarning) and restores what
    # it saw on entry: two threads overlapping left an "always" filter and a dead recorder
    # behind for the whole application. One load at a time (openpyxl is pure Python: the
    # GIL serialized them anyway).
    with _UNA_CARGA, warnings.catch_warnings(record=True) as avisos:
        warnings.simplefilter("always")
        libro = openpyxl.load_workbook(
            io.BytesIO(datos), read_only=solo_lectura, data_only=not formulas
        )
    for aviso in avisos:
        _registro.debug("openpyxl: %s", aviso.message)
    return libro


def abrir_libro(
    ruta: str | Path, formulas: bool = False, revisar: bool = True, solo_lectura: bool = True
) -> openpyxl.Workbook:
    """Open the workbook, or raise :class:`ErrorDeDatos` saying why it cannot be.

    By default cells give the values Excel last calculated; ``formulas=True``
    gives the formulas themselves (used to name a formula never calculated).
    ``revisar=False`` skips :func:`revisar_archivo` when it was just done.
    ``solo_lectura=False`` loads every sheet whole, with merged cells,
    hyperlinks, hidden rows and tables (read-only mode has none of them). The
    file is read into memory first: its name need not end in .xlsx, and Excel
    can save it meanwhile.
    """
    ruta = Path(ruta)
    if revisar:
        revisar_archivo(ruta)
    try:
        return _cargar(_sin_imagenes(ruta), formulas, solo_lectura)
    except PermissionError:
        raise _sin_permiso(ruta) from None
    except Exception:  # openpyxl raises many kinds on a broken package
        raise _falla(
            ruta,
            "libro-danado",
            "no es un libro de Excel válido o está dañado; ábralo en Excel y guárdelo de nuevo "
            "como .xlsx",
        ) from None


def nombres_de_hojas(ruta: Path) -> list[str]:
    """The workbook's sheet names, from ``xl/workbook.xml`` only (a read-only load parses no
    sheet): milliseconds however large the sheets are. Raises :class:`ErrorDeDatos` as
    :func:`abrir_libro` does."""
    libro = abrir_libro(ruta)
    try:
        return list(libro.sheetnames)
    finally:
        libro.close()


def abrir_para_leer(ruta: Path) -> tuple[Any, Any]:
    """(values, formulas) workbooks, whole; read-only if a broken sheet stops the whole load.

    Read-only mode parses a sheet only when it is read, so one damaged sheet can
    be named while the others are still checked; whole mode is what gives
    merged cells, hyperlinks, hidden rows and Excel Tables.
    """
    revisar_archivo(ruta)
    try:
        return (
            abrir_libro(ruta, revisar=False, solo_lectura=False),
            abrir_libro(ruta, formulas=True, revisar=False, solo_lectura=False),
        )
    except ErrorDeDatos as e:
        if e.hallazgos[0].codigo != "libro-danado":
            raise
    return (
        abrir_libro(ruta, revisar=False),
        abrir_libro(ruta, formulas=True, revisar=False),
    )
