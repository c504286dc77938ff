"""Where a photo's bytes are: a file on disk, or a picture stored in the workbook's zip.

A picture pasted into Excel is read straight from the workbook, one member of
the zip at a time, with no temporary copy: only the compressed image of the
photo being processed is in memory, never the workbook's whole media.
"""

from __future__ import annotations

import errno
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from reporte_docx.modelo import ImagenDelLibro

#: What a photo is read from.
Origen = Path | ImagenDelLibro


class ParteIlegible(OSError):
    """The workbook no longer holds the picture (changed or damaged since it was read)."""


def archivo_de(origen: Origen) -> Path:
    """The file on disk that holds the photo: itself, or the workbook."""
    return origen.libro if isinstance(origen, ImagenDelLibro) else origen


def identidad(origen: Origen) -> str:
    """A name that tells photos apart across runs (the file's absolute path, plus the part)."""
    if isinstance(origen, ImagenDelLibro):
        return f"{origen.libro.resolve()}!{origen.parte}"
    return str(origen.resolve())


@contextmanager
def _miembro(imagen: ImagenDelLibro) -> Iterator[IO[bytes]]:
    try:
        with zipfile.ZipFile(imagen.libro) as libro, libro.open(imagen.parte) as flujo:
            yield flujo
    except (KeyError, zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError) as e:
        raise ParteIlegible(
            errno.EIO, f"el libro ya no contiene esa imagen o está dañado ({e})"
        ) from None


@contextmanager
def abrir(origen: Origen) -> Iterator[Path | IO[bytes]]:
    """What to hand to Pillow: the file's path, or a seekable stream of the zip member."""
    if isinstance(origen, ImagenDelLibro):
        with _miembro(origen) as flujo:
            yield flujo
    else:
        yield origen


def leer(origen: Origen) -> bytes:
    """The photo's bytes as stored (compressed JPEG, PNG…), never decoded."""
    if isinstance(origen, ImagenDelLibro):
        with _miembro(origen) as flujo:
            return flujo.read()
    return origen.read_bytes()
