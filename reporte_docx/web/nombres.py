"""The names of uploaded files, which come from the client.

Each photo of a chosen folder arrives with its path inside that folder
(``fotos/envio.jpg``), and that path becomes a file in the job's folder. A
hand-made request could send ``../../etc/cron.d/x`` instead: every name is
checked here before anything is written, and the whole upload is refused,
naming the file, when one would leave the job's folder.
"""

from __future__ import annotations

from pathlib import PurePosixPath


class NombreRechazado(Exception):
    """The name cannot be used; the message (Spanish) says which and why."""


def ruta_segura(escrita: str) -> PurePosixPath:
    """A relative path with plain parts only, or :class:`NombreRechazado`."""
    normal = escrita.replace("\\", "/")
    partes = normal.split("/")
    if normal.startswith("/") or (partes and len(partes[0]) == 2 and partes[0][1] == ":"):
        raise NombreRechazado(f"«{escrita}» es una ruta absoluta; sólo se aceptan rutas relativas")
    limpias = [p for p in partes if p not in ("", ".")]
    if ".." in limpias:
        raise NombreRechazado(f"«{escrita}» sale de su carpeta («..»); no se acepta")
    if not limpias or any("\x00" in p or len(p) > 255 for p in limpias) or len(limpias) > 32:
        raise NombreRechazado(f"«{escrita}» no es un nombre de archivo válido")
    return PurePosixPath(*limpias)
