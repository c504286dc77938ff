"""Where a photo's bytes are: a file on disk, or a picture stored in the workbook's zip.

A picture pasted into Excel is read straight from the workbook, one member of
the zip at a time, with no temporary copy: only the compressed image of the
photo being processed is in memory, never the workbook's whole media.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from reporte_docx.fotos.apertura import FotoInvalida
from reporte_docx.modelo import ImagenDelLibro

#: What a photo is read from.
Origen = Path | ImagenDelLibro


#: A pasted picture larger than this, uncompressed, is not read: no photo weighs so much
#: (a 400-megapixel JPEG is about 150 MB), while the zip check still lets a member expand
#: up to 100×, so a 40 MB workbook could hold a "picture" of gigabytes.
MAX_BYTES_IMAGEN = 256 * 1024 * 1024

#: What reading a zip member raises when the workbook changed since it was read (KeyError)
#: or the member is damaged: a bad CRC, a broken deflate stream, a cut file.
_FALLAS_DEL_ZIP = (
    KeyError,
    OSError,
    EOFError,
    zlib.error,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
)


def _ilegible(origen: ImagenDelLibro, nombre: str, error: BaseException) -> FotoInvalida:
    """The finding for a picture the workbook's zip cannot give back, and what to do."""
    return FotoInvalida(
        "foto-ilegible",
        f"no se pudo leer la {nombre}: está dañada dentro del libro, o el libro cambió "
        "mientras se leía; vuelva a pegar la imagen en Excel, guarde el libro y repita",
        f"{origen.libro}:{origen.parte}: {error!r}",
    )


def archivo_de(origen: Origen) -> Path:
    """The file on disk that holds the photo: itself, or the workbook."""
    return origen.libro if isinstance(origen, ImagenDelLibro) else origen


def ruta_de(origen: Origen) -> Path:
    """A path that tells photos apart: the file, or the workbook followed by the part.

    For a pasted picture it names no file on disk; the cache remembers a
    content hash under it (with the workbook's size and date, so an edited
    workbook is hashed again).
    """
    return origen.libro / origen.parte if isinstance(origen, ImagenDelLibro) else origen


def nombre_de(origen: Origen) -> str:
    """How the photo is named in messages: the file's name, or where the picture sits."""
    return str(origen) if isinstance(origen, ImagenDelLibro) else origen.name


def leer(origen: Origen) -> bytes:
    """The photo's bytes as stored (compressed JPEG, PNG…), never decoded.

    A file raises OSError; a pasted picture the zip cannot give back raises
    :class:`FotoInvalida` saying what to do (its member may be damaged anywhere).
    """
    if not isinstance(origen, ImagenDelLibro):
        return origen.read_bytes()
    try:
        with zipfile.ZipFile(origen.libro) as libro:
            tamano = libro.getinfo(origen.parte).file_size
            if tamano > MAX_BYTES_IMAGEN:
                raise FotoInvalida(
                    "foto-demasiado-grande",
                    f"la {nombre_de(origen)} ocupa {tamano // 2**20} MB descomprimida, más de los "
                    f"{MAX_BYTES_IMAGEN // 2**20} MB de cualquier foto; reduzca la foto, guárdela "
                    "como JPEG y péguela de nuevo",
                )
            return libro.read(origen.parte)
    except _FALLAS_DEL_ZIP as e:
        raise _ilegible(origen, nombre_de(origen), e) from None


@contextmanager
def fuente(origen: Origen, nombre: str) -> Iterator[Path | IO[bytes]]:
    """What to open the photo from: its file, or (a pasted picture) a stream of its zip member.

    The stream is seekable and decompressed as it is read, so measuring a
    pasted photo reads its header only, as for a file.
    """
    if not isinstance(origen, ImagenDelLibro):
        yield origen
        return
    try:
        with zipfile.ZipFile(origen.libro) as libro, libro.open(origen.parte) as flujo:
            yield flujo
    except _FALLAS_DEL_ZIP as e:
        raise _ilegible(origen, nombre, e) from None
