"""Writing the report without ever losing a file.

The document is written with :func:`reporte_docx.archivos.escribir_atomico`
(temporary file, then one rename: never half a report, never a lost one);
this module adds what is particular to a report: the destination checks,
backing up a report edited in Word, and undoing that backup if writing fails.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import stat
from pathlib import Path

# the atomic writer lives in the base layer, shared with the photo cache; re-exported here
from reporte_docx.archivos import EDAD_TEMPORAL_ABANDONADO as EDAD_TEMPORAL_ABANDONADO
from reporte_docx.archivos import escribir_atomico as escribir_atomico
from reporte_docx.documento.paquete import fue_editado
from reporte_docx.errores import Codigo, ErrorDeSalida, Hallazgo

EXTENSION = ".docx"


def ruta_de_respaldo(ruta: Path, cuando: dt.datetime | None = None, n: int = 1) -> Path:
    """``NOMBRE.respaldo-AAAAMMDD-HHMMSS.docx`` next to *ruta* (``-2``, ``-3``… after the first)."""
    cuando = cuando or dt.datetime.now()
    base = f"{ruta.stem}.respaldo-{cuando:%Y%m%d-%H%M%S}"
    return ruta.with_name(f"{base}{'' if n == 1 else f'-{n}'}{ruta.suffix}")


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


def candado_de_word(ruta: Path) -> Path | None:
    """The owner file Word keeps beside *ruta* while it is open (``~$reporte.docx``), if any.

    Word names it ``~$`` plus the file's name, dropping the name's first one or
    two characters when the name is long (``reporte.docx`` → ``~$porte.docx``).
    """
    nombre = ruta.name
    for candado in dict.fromkeys(("~$" + nombre, "~$" + nombre[1:], "~$" + nombre[2:])):
        if len(candado) > 2 + len(ruta.suffix) and os.path.lexists(ruta.with_name(candado)):
            return ruta.with_name(candado)
    return None


def revisar_reemplazo(
    ruta: Path,
    ignorar_bloqueo: bool,
    *,
    programa: str = "Word",
    codigo: Codigo = Codigo.DOCUMENTO_ABIERTO,
) -> None:
    """Refuse to replace a file open in Word (or Excel) or marked read-only, saying what to do.

    Excel keeps the same ``~$`` owner file beside a workbook (``programa="Excel"``).
    """
    candado = candado_de_word(ruta)
    if candado is not None and not ignorar_bloqueo:
        mensaje = (
            f"«{ruta}» está abierto en {programa} (existe «{candado.name}» junto a él); ciérrelo "
            f"y repita. Si {programa} ya está cerrado, ese archivo quedó de una sesión anterior: "
            "bórrelo"
        )
        raise ErrorDeSalida(mensaje, [Hallazgo(codigo, mensaje, lugar=str(ruta))])
    try:
        modo = ruta.stat().st_mode
    except OSError:
        return
    if not modo & stat.S_IWUSR:
        raise ErrorDeSalida(
            f"«{ruta}» es de sólo lectura y no se reemplazó; quítele esa marca (Propiedades › "
            "Sólo lectura) o elija otro nombre"
        )


def preparar_destino(
    ruta: Path, sobrescribir: bool, *, ignorar_bloqueo: bool = False
) -> Path | None:
    """Check that *ruta* may be written; back up an edited file first.

    Returns the backup's path when one was made. Raises :class:`ErrorDeSalida`
    when the file exists and *sobrescribir* is false, when it is open in Word
    (unless *ignorar_bloqueo*: a lock file left by a crash) or read-only.
    """
    ruta = Path(ruta)
    revisar_destino(ruta)
    if not os.path.lexists(ruta):
        return None
    if not sobrescribir:
        raise destino_existe(ruta)
    revisar_reemplazo(ruta, ignorar_bloqueo)
    if not ruta.exists() or not fue_editado(ruta):
        return None
    return respaldar(ruta)


def escribir_reporte(
    ruta: Path, datos: bytes, sobrescribir: bool, *, ignorar_bloqueo: bool = False
) -> Path | None:
    """Put the finished document at *ruta*: back up an edited file, then write atomically.

    Returns the backup made, if any. If writing fails (or is interrupted) the
    old file is still in place, so a backup just made is removed again —
    unless the old file is somehow gone, in which case the backup is its only copy.
    """
    ruta = Path(ruta)
    respaldo = preparar_destino(ruta, sobrescribir, ignorar_bloqueo=ignorar_bloqueo)
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
