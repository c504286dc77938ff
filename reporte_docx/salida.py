"""Writing the report without ever losing a file.

The document is written to a temporary file in the destination folder and
renamed over the target in one step (``os.replace`` is atomic on the same
file system): an interrupted run leaves the previous file as it was, and two
runs writing the same path at once each rename a complete file of their own.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from .errores import ErrorDeSalida
from .paquete import fue_editado


def ruta_de_respaldo(ruta: Path, cuando: dt.datetime | None = None) -> Path:
    """``NOMBRE.respaldo-AAAAMMDD-HHMMSS.docx`` next to *ruta*, never an existing file."""
    cuando = cuando or dt.datetime.now()
    base = f"{ruta.stem}.respaldo-{cuando:%Y%m%d-%H%M%S}"
    candidato = ruta.with_name(base + ruta.suffix)
    n = 2
    while candidato.exists():
        candidato = ruta.with_name(f"{base}-{n}{ruta.suffix}")
        n += 1
    return candidato


def escribir_atomico(ruta: Path, datos: bytes) -> None:
    """Write *datos* to *ruta* through a temporary file and a rename; nothing half-written."""
    carpeta = ruta.parent
    try:
        descriptor, temporal = tempfile.mkstemp(prefix=f".{ruta.stem}.", suffix=".tmp", dir=carpeta)
    except FileNotFoundError:
        raise ErrorDeSalida(f"la carpeta «{carpeta}» no existe") from None
    except PermissionError:
        raise ErrorDeSalida(f"no hay permiso para escribir en la carpeta «{carpeta}»") from None
    try:
        with os.fdopen(descriptor, "wb") as archivo:
            archivo.write(datos)
            archivo.flush()
            os.fsync(archivo.fileno())
        os.chmod(temporal, 0o644)
        os.replace(temporal, ruta)
    except BaseException as e:  # Ctrl-C included: never leave a stray temporary file
        Path(temporal).unlink(missing_ok=True)
        if isinstance(e, PermissionError):
            raise ErrorDeSalida(
                f"no se pudo escribir «{ruta}»: ¿está abierto en Word? Ciérrelo y repita"
            ) from None
        if isinstance(e, OSError):
            raise ErrorDeSalida(f"no se pudo escribir «{ruta}»: {e.strerror or e}") from None
        raise


def preparar_destino(ruta: Path, sobrescribir: bool) -> Path | None:
    """Check that *ruta* may be written; back up an edited file first.

    Returns the backup's path when one was made. Raises :class:`ErrorDeSalida`
    when the file exists and *sobrescribir* is false.
    """
    if ruta.is_dir():
        raise ErrorDeSalida(f"«{ruta}» es una carpeta; indique un archivo .docx")
    if not ruta.exists():
        return None
    if not sobrescribir:
        raise ErrorDeSalida(
            f"«{ruta}» ya existe; use --sobrescribir para reemplazarlo "
            "(si fue editado en Word se guardará antes una copia de respaldo)"
        )
    if not fue_editado(ruta):
        return None
    respaldo = ruta_de_respaldo(ruta)
    try:
        os.link(ruta, respaldo)  # a hard link: instant, and the original bytes stay put
    except OSError:
        escribir_atomico(respaldo, ruta.read_bytes())
    return respaldo
