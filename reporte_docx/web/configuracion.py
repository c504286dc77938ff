"""The server's options and limits in one place.

Every number the README states about the web page (sizes, counts, times) is a
default here, so that what is documented and what is enforced cannot drift.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field

MB = 1024 * 1024

PUERTO_PREDETERMINADO = 8000
HOST_PREDETERMINADO = "127.0.0.1"
#: Environment variable that holds the access key (an option on the command line shows it in
#: ``ps`` to every user of the machine; the variable does not).
VARIABLE_CLAVE = "REPORTE_DOCX_CLAVE"
#: Extra host names the server answers to (comma separated), e.g. behind a reverse proxy.
VARIABLE_NOMBRES = "REPORTE_DOCX_NOMBRES"
NOMBRES_LOCALES = ("127.0.0.1", "localhost", "[::1]")


@dataclass(frozen=True)
class Limites:
    """What one upload may hold; anything larger is refused before any work is done."""

    #: Whole request (workbook, photos, .zip and template together).
    peticion: int = 1024 * MB
    #: Files in one upload (photos included).
    archivos: int = 1000
    #: Sum of the uncompressed sizes of the entries of an uploaded .zip.
    descomprimido: int = 2048 * MB
    #: Files in an uploaded .zip (an entry expanding more than 200 times, which no photo or
    #: workbook does, is refused by the library's unpacker as a bomb).
    entradas_zip: int = 5000


@dataclass(frozen=True)
class Configuracion:
    """How ``reporte-docx servir`` runs; the defaults are the safe local ones."""

    host: str = HOST_PREDETERMINADO
    puerto: int = PUERTO_PREDETERMINADO
    clave: str | None = None
    #: Host header values accepted besides the loopback ones (no DNS rebinding).
    nombres: tuple[str, ...] = ()
    #: Jobs processed at once; the rest wait in line and see their place.
    simultaneos: int = 2
    #: Seconds a job may run (photos, document, PDF and preview) before it is stopped.
    tiempo_maximo: float = 600.0
    #: Seconds a finished job's files are kept when they are not downloaded.
    vida: float = 1800.0
    limites: Limites = field(default_factory=Limites)

    @property
    def local(self) -> bool:
        """Whether the server listens on the loopback interface only."""
        return es_local(self.host)

    def hosts_permitidos(self) -> frozenset[str]:
        """Host header values (without port) that reach this server by a name it expects."""
        nombres = {n.lower() for n in NOMBRES_LOCALES}
        nombres.update(n.strip().lower() for n in self.nombres if n.strip())
        if not self.local and self.host not in ("0.0.0.0", "::", ""):
            nombres.add(self.host.lower())
        return frozenset(nombres)


def es_local(host: str) -> bool:
    """``127.0.0.1``, ``::1`` or ``localhost``: only this machine can connect."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def nombres_del_entorno() -> tuple[str, ...]:
    """Host names from :data:`VARIABLE_NOMBRES` (``a.example,b.example``)."""
    return tuple(n for n in os.environ.get(VARIABLE_NOMBRES, "").split(",") if n.strip())
