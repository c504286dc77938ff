"""A workbook and its photos in one .zip (an upload to a service), unpacked safely.

:func:`abrir_zip` unpacks into a fresh temporary folder and gives the workbook
and the folder to pass as ``carpeta_fotos=``, so every photo path of the
workbook is confined to what came in the .zip. A .zip is someone else's file,
so nothing in it is trusted:

- names are checked before anything is written: absolute names, drive letters
  and ``..`` («zip slip») are refused, and every file is written with
  ``open(…, "xb")`` under the folder, which never follows or replaces a link;
- symbolic links and encrypted entries are refused;
- sizes are counted as bytes are actually written, never taken from the
  .zip's own directory (which a bomb lies in): past *limite_bytes* in total,
  *limite_archivos* files, or a compression ratio no photo or workbook has,
  unpacking stops and everything is removed.

:mod:`zipfile` reads the format; ``ZipFile.extractall`` is not used because it
only sanitises names: it has no size limits and does not refuse links.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from reporte_docx.errores import ErrorDeDatos, Hallazgo

#: At most this many bytes are unpacked in total (photos of a quarter: well under).
LIMITE_BYTES = 2 * 1024**3
LIMITE_ARCHIVOS = 5000
#: Photos do not compress and a workbook compresses about 10 to 1: 200 to 1 is a bomb.
PROPORCION_MAXIMA = 200
#: Below this an entry is too small for its ratio to matter.
_TAMANO_SIN_PROPORCION = 1024**2
EXTENSIONES_LIBRO = (".xlsx", ".xlsm")
_BLOQUE = 1024**2


@dataclass(frozen=True)
class LibroEnZip:
    """What a .zip held: the workbook, and the folder its photos are confined to."""

    libro: Path
    carpeta_fotos: Path


def _error(mensaje: str) -> ErrorDeDatos:
    return ErrorDeDatos([Hallazgo("zip-invalido", mensaje, lugar="archivo .zip")])


def _ignorado(partes: tuple[str, ...]) -> bool:
    """macOS's resource forks and Finder files travel in .zip files made on a Mac."""
    return partes[0] == "__MACOSX" or partes[-1] in (".DS_Store", "Thumbs.db")


def _nombre_seguro(info: zipfile.ZipInfo) -> PurePosixPath | None:
    """The entry's name as a relative path, or None for one to skip; refuses «zip slip»."""
    nombre = unicodedata.normalize("NFC", info.filename.replace("\\", "/"))
    if nombre.startswith("/") or (len(nombre) > 1 and nombre[1] == ":"):
        raise _error(f"contiene «{nombre}», una ruta absoluta; no se extrae nada")
    partes = tuple(p for p in nombre.split("/") if p not in ("", "."))
    if ".." in partes:
        raise _error(f"contiene «{nombre}», que sale de su carpeta; no se extrae nada")
    if not partes or info.is_dir() or _ignorado(partes):
        return None
    if stat.S_ISLNK(info.external_attr >> 16):
        raise _error(f"contiene «{nombre}», un enlace simbólico; no se extrae nada")
    if info.flag_bits & 0x1:
        raise _error(f"«{nombre}» está cifrado con contraseña; comprímalo sin contraseña")
    return PurePosixPath(*partes)


def _copiar(origen: IO[bytes], destino: IO[bytes], info: zipfile.ZipInfo, restan: int) -> int:
    """Copy one entry counting real bytes; refuse a bomb as soon as it shows."""
    escritos = 0
    while bloque := origen.read(_BLOQUE):
        escritos += len(bloque)
        if escritos > restan:
            raise _error("ocupa demasiado al descomprimirlo; no se extrae")
        comprimido = max(info.compress_size, 1)
        if escritos > _TAMANO_SIN_PROPORCION and escritos / comprimido > PROPORCION_MAXIMA:
            raise _error(f"«{info.filename}» se descomprime de forma anómala (¿una bomba zip?)")
        destino.write(bloque)
    return escritos


def _extraer_todo(
    archivo: zipfile.ZipFile, destino: Path, limite_bytes: int, limite_archivos: int
) -> list[PurePosixPath]:
    entradas = [(info, n) for info in archivo.infolist() if (n := _nombre_seguro(info))]
    if len(entradas) > limite_archivos:
        raise _error(f"tiene {len(entradas)} archivos, más de los {limite_archivos} permitidos")
    restan = limite_bytes
    for info, nombre in entradas:
        ruta = destino.joinpath(*nombre.parts)
        ruta.parent.mkdir(parents=True, exist_ok=True)
        try:
            with archivo.open(info) as origen, open(ruta, "xb") as copia:
                restan -= _copiar(origen, copia, info, restan)
        except FileExistsError:
            raise _error(f"contiene «{nombre}» dos veces; no se extrae nada") from None
        except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError):
            raise _error(f"«{nombre}» está dañado dentro del .zip") from None
    return [n for _, n in entradas]


def _elegir_libro(nombres: list[PurePosixPath]) -> PurePosixPath:
    libros = [
        n
        for n in nombres
        if n.suffix.lower() in EXTENSIONES_LIBRO and not n.name.startswith(("~$", "."))
    ]
    if len(libros) == 1:
        return libros[0]
    if not libros:
        raise _error("no contiene ningún libro de Excel (.xlsx)")
    lista = ", ".join(f"«{n}»" for n in libros[:5])
    raise _error(f"contiene {len(libros)} libros de Excel ({lista}); deje sólo uno")


def extraer_zip(
    origen: str | os.PathLike[str] | bytes | IO[bytes],
    destino: Path,
    *,
    limite_bytes: int = LIMITE_BYTES,
    limite_archivos: int = LIMITE_ARCHIVOS,
) -> LibroEnZip:
    """Unpack the .zip *origen* (a path, its bytes or a binary stream) into *destino*.

    *destino* should be a new, empty folder: what is unpacked is trusted only
    inside it. Raises :class:`~reporte_docx.errores.ErrorDeDatos` for a .zip
    that is damaged, unsafe, too large, or without exactly one workbook.
    """
    fuente = io.BytesIO(origen) if isinstance(origen, bytes) else origen
    try:
        with zipfile.ZipFile(fuente) as archivo:
            nombres = _extraer_todo(archivo, Path(destino), limite_bytes, limite_archivos)
    except zipfile.BadZipFile:
        raise _error("no es un archivo .zip o está dañado") from None
    libro = _elegir_libro(nombres)
    return LibroEnZip(Path(destino).joinpath(*libro.parts), Path(destino))


@contextlib.contextmanager
def abrir_zip(
    origen: str | os.PathLike[str] | bytes | IO[bytes],
    *,
    limite_bytes: int = LIMITE_BYTES,
    limite_archivos: int = LIMITE_ARCHIVOS,
) -> Iterator[LibroEnZip]:
    """Unpack *origen* into a temporary folder for the ``with`` block; removed afterwards.

    Example::

        with abrir_zip(subido) as z:
            lectura = analizar_libro(z.libro, carpeta_fotos=z.carpeta_fotos)
    """
    carpeta = Path(tempfile.mkdtemp(prefix="reporte-docx-zip-"))
    try:
        yield extraer_zip(
            origen, carpeta, limite_bytes=limite_bytes, limite_archivos=limite_archivos
        )
    finally:
        shutil.rmtree(carpeta, ignore_errors=True)
