"""Where a workbook or a template comes from: a path, bytes, or a binary stream.

A web service receives an upload as bytes or a file object, a batch script has
paths; the library takes all three for workbooks and templates alike, and
says which argument was wrong (a :class:`TypeError`, a programmer's mistake)
when it is none of them.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import BinaryIO, TypeAlias

#: A path (``str`` or :class:`os.PathLike`), the file's bytes, or a binary stream open for reading.
Origen: TypeAlias = "str | os.PathLike[str] | bytes | bytearray | BinaryIO"


def como_ruta(origen: object) -> Path | None:
    """*origen* as a :class:`Path` when it names a file, else ``None`` (bytes or a stream)."""
    if isinstance(origen, (str, os.PathLike)):
        return Path(origen)
    return None


def leer_origen(origen: object, parametro: str) -> bytes:
    """The bytes of an in-memory *origen* (bytes or a readable binary stream).

    Raises :class:`TypeError` naming *parametro* for anything else, including a
    text stream (a workbook or a .docx is binary).
    """
    if isinstance(origen, (bytes, bytearray, memoryview)):
        return bytes(origen)
    if isinstance(origen, io.TextIOBase):
        raise TypeError(f"{parametro}: se dio un flujo de texto; ábralo en modo binario ('rb')")
    leer = getattr(origen, "read", None)
    if callable(leer):
        datos = leer()
        if isinstance(datos, (bytes, bytearray)):
            return bytes(datos)
        raise TypeError(f"{parametro}: el flujo no devolvió bytes; ábralo en modo binario ('rb')")
    raise TypeError(
        f"{parametro}: se esperaba una ruta (str o Path), bytes o un flujo binario, "
        f"no {type(origen).__name__}"
    )
