"""Writing a file without ever leaving it half-written: the one atomic writer.

Both the report (:mod:`reporte_docx.documento.salida`) and the photo cache
(:mod:`reporte_docx.fotos.cache`) write through :func:`escribir_atomico`. The
data goes to a temporary file in the destination folder and is moved into
place in one step: an interrupted run leaves the previous file as it was, and
two runs writing the same path at once each place a complete file of their
own. Without permission to overwrite, the move itself refuses an existing file
(a hard link fails if the name is taken), so a second run that started at the
same time cannot replace the first one's file either.

The standard library has the pieces (:func:`tempfile.mkstemp`,
:func:`os.replace`, :func:`os.link`) but no function that puts them together
with these guarantees, hence this module.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from reporte_docx.errores import ErrorDeSalida

#: A temporary file of ours this old belongs to a run that was killed outright
#: (``kill -9``, power cut): no live run keeps one more than a few seconds.
EDAD_TEMPORAL_ABANDONADO = 10 * 60


def _error_de_escritura(ruta: Path, e: OSError) -> ErrorDeSalida:
    if isinstance(e, PermissionError):
        return ErrorDeSalida(
            f"no se pudo escribir «{ruta}»: ¿está abierto en Word o sin permiso? Ciérrelo y repita"
        )
    if e.errno == errno.ENOSPC:
        return ErrorDeSalida(f"no se pudo escribir «{ruta}»: el disco está lleno")
    return ErrorDeSalida(f"no se pudo escribir «{ruta}»: {e.strerror or e}")


def _colocar_sin_reemplazar(temporal: str, ruta: Path) -> None:
    """Move *temporal* to *ruta* only if *ruta* does not exist, atomically where possible."""
    try:
        os.link(temporal, ruta)  # fails with FileExistsError if the name is taken
    except FileExistsError:
        raise
    except OSError:
        # no hard links here (some network or FAT drives): check, then rename
        if os.path.lexists(ruta):
            raise FileExistsError(errno.EEXIST, "existe", str(ruta)) from None
        os.replace(temporal, ruta)
    else:
        os.unlink(temporal)


def escribir_atomico(
    ruta: Path,
    datos: bytes | Callable[[BinaryIO], None],
    *,
    reemplazar: bool = True,
    duradero: bool = True,
) -> None:
    """Write *datos* to *ruta* through a temporary file and a rename; nothing half-written.

    *datos* may also be a function that writes into the open temporary file:
    a workbook rewritten part by part is streamed there instead of being held
    in memory whole (its photos can make it hundreds of MB).

    With ``reemplazar=False`` an existing *ruta* (even one that appeared while
    this was writing) is left alone and :class:`ErrorDeSalida` raised. With
    ``duradero=False`` the data is not forced to the disk (``fsync``): right
    for a cache, which is only ever redone if a power cut loses an entry.
    """
    ruta = Path(ruta)
    carpeta = ruta.parent
    try:
        modo = stat.S_IMODE(ruta.stat().st_mode) if reemplazar else 0o644
    except OSError:
        modo = 0o644
    _quitar_temporales_abandonados(ruta)
    try:
        descriptor, temporal = tempfile.mkstemp(prefix=f".{ruta.stem}.", suffix=".tmp", dir=carpeta)
    except FileNotFoundError:
        raise ErrorDeSalida(f"la carpeta «{carpeta}» no existe") from None
    except PermissionError:
        raise ErrorDeSalida(f"no hay permiso para escribir en la carpeta «{carpeta}»") from None
    except OSError as e:
        raise _error_de_escritura(ruta, e) from None
    try:
        with os.fdopen(descriptor, "wb") as archivo:
            if callable(datos):
                datos(archivo)
            else:
                archivo.write(datos)
            if duradero:
                archivo.flush()
                os.fsync(archivo.fileno())
        os.chmod(temporal, modo)
        if reemplazar:
            os.replace(temporal, ruta)
        else:
            _colocar_sin_reemplazar(temporal, ruta)
    except BaseException as e:  # Ctrl-C included: never leave a stray temporary file
        Path(temporal).unlink(missing_ok=True)
        if isinstance(e, FileExistsError):
            raise ErrorDeSalida(
                f"«{ruta}» apareció mientras se escribía (¿otra ejecución al mismo tiempo?); "
                "no se tocó"
            ) from None
        if isinstance(e, OSError):
            raise _error_de_escritura(ruta, e) from None
        raise
    if duradero:
        _sincronizar_carpeta(carpeta)


def _quitar_temporales_abandonados(ruta: Path) -> None:
    """Remove ``.NOMBRE.xxxxxxxx.tmp`` files a killed run of this tool left next to *ruta*."""
    patron = re.compile(rf"\.{re.escape(ruta.stem)}\.[a-z0-9_]{{8}}\.tmp")
    limite = time.time() - EDAD_TEMPORAL_ABANDONADO
    try:
        candidatos = [p for p in ruta.parent.iterdir() if patron.fullmatch(p.name)]
    except OSError:
        return
    for p in candidatos:
        with contextlib.suppress(OSError):
            if p.is_file() and p.stat().st_mtime < limite:
                p.unlink()


def _sincronizar_carpeta(carpeta: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where folders cannot be opened."""
    try:
        fd = os.open(carpeta, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
