"""Unpacking an uploaded .zip of workbook and photos without trusting it.

:mod:`zipfile` already drops ``..`` and leading slashes when it extracts, but
silently: a hostile archive would then be half used. Here every entry is judged
first and the whole archive is refused, with the entry named, when any one is
unsafe: an absolute path or a drive, a ``..`` part, a link (Unix mode bits in
``external_attr``), too many entries, too much uncompressed data or an
expansion ratio no photo or workbook has (a zip bomb). Only then are the
entries written, each one streamed and counted again while it is written (the
sizes in the directory are the archive's own claim).
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath

from reporte_docx.web.configuracion import Limites

_BLOQUE = 1024 * 1024
#: Entries that are never the user's files: macOS resource forks and Windows thumbnails.
_AJENOS = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")


class ZipRechazado(Exception):
    """The .zip cannot be used; the message (Spanish) names the entry and why."""


def ruta_segura(escrita: str) -> PurePosixPath:
    """A relative path with plain parts only, or :class:`ZipRechazado`.

    Used for .zip entries and for the names of uploaded photos alike: both come
    from the client and end up inside the job's folder.
    """
    normal = escrita.replace("\\", "/")
    partes = normal.split("/")
    if normal.startswith("/") or (partes and len(partes[0]) == 2 and partes[0][1] == ":"):
        raise ZipRechazado(f"«{escrita}» es una ruta absoluta; sólo se aceptan rutas relativas")
    limpias = [p for p in partes if p not in ("", ".")]
    if ".." in limpias:
        raise ZipRechazado(f"«{escrita}» sale de su carpeta («..»); no se acepta")
    if not limpias or any("\x00" in p or len(p) > 255 for p in limpias) or len(limpias) > 32:
        raise ZipRechazado(f"«{escrita}» no es un nombre de archivo válido")
    return PurePosixPath(*limpias)


def _ajeno(nombre: str) -> bool:
    return nombre.startswith(_AJENOS[0]) or PurePosixPath(nombre).name in _AJENOS[1:]


def _revisar_entradas(archivo: zipfile.ZipFile, limites: Limites) -> list[zipfile.ZipInfo]:
    """The entries to extract, after judging every one of them."""
    entradas = archivo.infolist()
    if len(entradas) > limites.entradas_zip:
        raise ZipRechazado(
            f"el .zip tiene {len(entradas)} entradas; el máximo es {limites.entradas_zip}"
        )
    total = 0
    utiles = []
    for info in entradas:
        if _ajeno(info.filename):
            continue
        ruta_segura(info.filename)
        modo = info.external_attr >> 16
        if stat.S_ISLNK(modo):
            raise ZipRechazado(f"«{info.filename}» es un enlace; el .zip no puede contener enlaces")
        if info.is_dir():
            continue
        total += info.file_size
        if total > limites.descomprimido:
            raise ZipRechazado(
                f"el .zip descomprimido pasa de {limites.descomprimido // 1024 // 1024} MB"
            )
        if info.file_size > _BLOQUE and info.file_size > limites.razon_zip * max(
            info.compress_size, 1
        ):
            raise ZipRechazado(
                f"«{info.filename}» se expande {info.file_size // max(info.compress_size, 1)} "
                "veces al descomprimirlo (posible bomba zip); no se acepta"
            )
        utiles.append(info)
    return utiles


def extraer_zip(origen: Path, destino: Path, limites: Limites) -> list[Path]:
    """Extract the .zip *origen* into *destino*; returns the files written.

    Raises :class:`ZipRechazado` for an archive that is not a .zip or is
    unsafe; nothing is written then, except entries before a lying one (the
    caller deletes the whole job folder anyway).
    """
    try:
        archivo = zipfile.ZipFile(origen)
    except (zipfile.BadZipFile, OSError):
        raise ZipRechazado("el archivo no es un .zip válido") from None
    escritos = []
    with archivo:
        restante = limites.descomprimido
        for info in _revisar_entradas(archivo, limites):
            ruta = destino.joinpath(*ruta_segura(info.filename).parts)
            ruta.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archivo.open(info) as fuente, open(ruta, "xb") as salida:
                    while bloque := fuente.read(_BLOQUE):
                        restante -= len(bloque)
                        if restante < 0:
                            raise ZipRechazado("el .zip descomprimido pasa del límite")
                        salida.write(bloque)
            except FileExistsError:
                raise ZipRechazado(f"«{info.filename}» aparece dos veces en el .zip") from None
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
                raise ZipRechazado(f"«{info.filename}» está dañado dentro del .zip") from None
            escritos.append(ruta)
    return escritos
