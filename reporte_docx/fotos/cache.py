"""The cache of processed photos: regenerating after a text edit costs almost nothing.

An entry is keyed by the SHA-256 of the photo's content and everything that
shapes the result (target width, dpi, the processing's own version), so a
renamed or copied photo is still found and a changed one never is. Reading
every photo whole only to hash it would cost much of what the cache saves,
so the content hash of a file is remembered too, under its identity (path,
inode, size, modification time). Entries are written with the one atomic
writer (:func:`reporte_docx.archivos.escribir_atomico`): processes and
threads sharing the folder never see half an entry. A cache that cannot be
written is simply not used; the folder is safe to delete at any time.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from reporte_docx.archivos import escribir_atomico
from reporte_docx.errores import ErrorDeSalida

VARIABLE_CACHE = "REPORTE_DOCX_CACHE"

registro = logging.getLogger(__name__)

#: How a stored entry ends, by extension: anything else is a damaged entry.
_FINALES = {"jpeg": b"\xff\xd9", "png": b"IEND\xaeB`\x82"}


def carpeta_cache() -> Path | None:
    """Where processed photos are kept: ``$REPORTE_DOCX_CACHE``, else the user's cache folder.

    An empty ``REPORTE_DOCX_CACHE`` turns the cache off. ``~`` in the variable
    is the user's own setting, so it is expanded (unlike a workbook's paths).
    """
    propia = os.environ.get(VARIABLE_CACHE)
    if propia is not None:
        return Path(propia).expanduser() if propia.strip() else None
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base:
        return Path(base) / "reporte-docx"
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "reporte-docx" / "cache"
    try:
        return Path.home() / ".cache" / "reporte-docx"
    except RuntimeError:  # no home folder (a service account): no cache
        return None


@dataclass(frozen=True)
class Cache:
    """One cache folder; every method tolerates a missing, damaged or read-only folder."""

    carpeta: Path

    def _memo(self, ruta: Path, estado: os.stat_result) -> Path:
        firma = (
            f"{ruta.resolve()}|{estado.st_dev}|{estado.st_ino}|{estado.st_size}|"
            f"{estado.st_mtime_ns}"
        )
        nombre = hashlib.sha256(firma.encode()).hexdigest()
        return self.carpeta / "huellas" / nombre[:2] / nombre

    def huella_recordada(self, ruta: Path, estado: os.stat_result) -> str | None:
        """The content hash of *ruta* remembered while its size and date stay the same."""
        try:
            huella = self._memo(ruta, estado).read_text("ascii")
        except (OSError, ValueError):
            return None
        return huella if len(huella) == 64 else None

    def recordar_huella(self, ruta: Path, estado: os.stat_result, huella: str) -> None:
        self._guardar(self._memo(ruta, estado), huella.encode("ascii"))

    def buscar(self, clave: str) -> tuple[bytes, str] | None:
        """The stored bytes and extension under *clave*, or None when absent or damaged."""
        for extension, final in _FINALES.items():
            try:
                datos = (self.carpeta / clave[:2] / f"{clave}.{extension}").read_bytes()
            except OSError:
                continue
            if datos.endswith(final):
                registro.debug("foto tomada de la caché: %s.%s", clave, extension)
                return datos, extension
        return None

    def guardar(self, clave: str, extension: str, datos: bytes) -> None:
        self._guardar(self.carpeta / clave[:2] / f"{clave}.{extension}", datos)

    def _guardar(self, destino: Path, datos: bytes) -> None:
        try:
            destino.parent.mkdir(parents=True, exist_ok=True)
            escribir_atomico(destino, datos, duradero=False)
        except (OSError, ErrorDeSalida) as e:
            registro.debug("no se pudo escribir en la caché de fotos %s: %s", destino, e)


def clave(huella: str, *partes: object) -> str:
    """Cache key: the file's content (its SHA-256) and everything that shapes the result."""
    return hashlib.sha256("|".join([huella, *map(str, partes)]).encode()).hexdigest()


def abrir_cache(cache: Path | bool | None) -> Cache | None:
    """``True``: the default folder (:func:`carpeta_cache`); a path: that one; else no cache."""
    if cache is True:
        cache = carpeta_cache()
    return Cache(Path(cache)) if cache else None
