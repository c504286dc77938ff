"""Writing the report without ever losing a file.

The document is written to a temporary file in the destination folder and
moved into place in one step: an interrupted run leaves the previous file as
it was, and two runs writing the same path at once each place a complete file
of their own. Without permission to overwrite, the move itself refuses an
existing file (a hard link fails if the name is taken), so a second run that
started at the same time cannot replace the first one's document either.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import shutil
import stat
import tempfile
import time
from pathlib import Path

from reporte_docx.documento.paquete import fue_editado
from reporte_docx.errores import Codigo, ErrorDeSalida, Hallazgo

EXTENSION = ".docx"
#: A temporary file of ours this old belongs to a run that was killed outright
#: (``kill -9``, power cut): no live run keeps one more than a few seconds.
EDAD_TEMPORAL_ABANDONADO = 10 * 60


def ruta_de_respaldo(ruta: Path, cuando: dt.datetime | None = None, n: int = 1) -> Path:
    """``NOMBRE.respaldo-AAAAMMDD-HHMMSS.docx`` next to *ruta* (``-2``, ``-3``… after the first)."""
    cuando = cuando or dt.datetime.now()
    base = f"{ruta.stem}.respaldo-{cuando:%Y%m%d-%H%M%S}"
    return ruta.with_name(f"{base}{'' if n == 1 else f'-{n}'}{ruta.suffix}")


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


def escribir_atomico(ruta: Path, datos: bytes, *, reemplazar: bool = True) -> None:
    """Write *datos* to *ruta* through a temporary file and a rename; nothing half-written.

    With ``reemplazar=False`` an existing *ruta* (even one that appeared while
    this was writing) is left alone and :class:`ErrorDeSalida` raised.
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
            archivo.write(datos)
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


def respaldar(ruta: Path) -> Path:
    """Keep the current *ruta* as ``NOMBRE.respaldo-AAAAMMDD-HHMMSS.docx``; never over a file."""
    cuando = dt.datetime.now()
    for n in range(1, 1000):
        respaldo = ruta_de_respaldo(ruta, cuando, n)
        try:
            os.link(ruta, respaldo)  # a hard link: instant, and the original bytes stay put
            return respaldo
        except FileExistsError:
            continue
        except OSError:
            pass
        try:  # no hard links on this drive: an exclusive copy
            with open(ruta, "rb") as origen, open(respaldo, "xb") as copia:
                shutil.copyfileobj(origen, copia)
            shutil.copystat(ruta, respaldo)
            return respaldo
        except FileExistsError:
            continue
        except BaseException as e:
            Path(respaldo).unlink(missing_ok=True)
            if isinstance(e, OSError):
                raise ErrorDeSalida(
                    f"no se pudo guardar la copia de respaldo de «{ruta}» ({e.strerror or e}); "
                    "no se reemplazó nada"
                ) from None
            raise
    raise ErrorDeSalida(f"demasiadas copias de respaldo de «{ruta}» en este segundo")


def revisar_destino(ruta: Path) -> None:
    """Refuse a destination that cannot be a report: a folder, not .docx, no folder to go in."""
    ruta = Path(ruta)
    if ruta.is_dir():
        raise ErrorDeSalida(f"«{ruta}» es una carpeta; indique un archivo .docx")
    if ruta.suffix.lower() != EXTENSION:
        raise ErrorDeSalida(
            f"«{ruta}»: el reporte debe guardarse con la extensión .docx "
            f"(p. ej. «{ruta.with_suffix(EXTENSION).name}»)"
        )
    if not ruta.parent.is_dir():
        raise ErrorDeSalida(f"la carpeta «{ruta.parent}» no existe")


def destino_existe(ruta: Path) -> ErrorDeSalida:
    """The refusal to replace *ruta*; the caller's interface says how to ask for it."""
    mensaje = f"«{ruta}» ya existe y no se pidió reemplazarlo"
    return ErrorDeSalida(mensaje, [Hallazgo(Codigo.DESTINO_EXISTE, mensaje, lugar=str(ruta))])


def preparar_destino(ruta: Path, sobrescribir: bool) -> Path | None:
    """Check that *ruta* may be written; back up an edited file first.

    Returns the backup's path when one was made. Raises :class:`ErrorDeSalida`
    when the file exists and *sobrescribir* is false.
    """
    ruta = Path(ruta)
    revisar_destino(ruta)
    if not os.path.lexists(ruta):
        return None
    if not sobrescribir:
        raise destino_existe(ruta)
    if not ruta.exists() or not fue_editado(ruta):
        return None
    return respaldar(ruta)


def escribir_reporte(ruta: Path, datos: bytes, sobrescribir: bool) -> Path | None:
    """Put the finished document at *ruta*: back up an edited file, then write atomically.

    Returns the backup made, if any. If writing fails (or is interrupted) the
    old file is still in place, so a backup just made is removed again —
    unless the old file is somehow gone, in which case the backup is its only copy.
    """
    ruta = Path(ruta)
    respaldo = preparar_destino(ruta, sobrescribir)
    try:
        # without sobrescribir a file that appeared meanwhile (a run at the same time) is kept
        escribir_atomico(ruta, datos, reemplazar=sobrescribir)
    except BaseException:
        if respaldo is not None:
            with contextlib.suppress(OSError):
                if _mismo_contenido(ruta, respaldo):
                    respaldo.unlink()
        raise
    return respaldo


def _mismo_contenido(a: Path, b: Path) -> bool:
    if os.path.samefile(a, b):
        return True
    with open(a, "rb") as x, open(b, "rb") as y:
        while True:
            bloque_x, bloque_y = x.read(1 << 20), y.read(1 << 20)
            if bloque_x != bloque_y:
                return False
            if not bloque_x:
                return True
