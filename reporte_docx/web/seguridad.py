"""What every request and response of the web page goes through.

A pure ASGI middleware (it sees uploads as a stream and adds headers to every
response, errors included):

- the Host header must be one this server expects: a page on another site
  cannot reach it by pointing its own name at 127.0.0.1 (DNS rebinding);
- when the server listens beyond this machine, every request carries the
  access key (HTTP Basic authentication: any user name, the key as password);
- a state-changing request (POST) must come from this page: the form token
  (in the ``X-Token`` header or the form) must equal the token cookie the page
  was served with (SameSite=Strict), and an Origin header, when sent, must be
  this server's;
- every response carries the security headers: a Content-Security-Policy
  without inline scripts, ``nosniff``, no framing, no referrer, no caching.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from html import escape
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

from reporte_docx.web.configuracion import Configuracion

Alcance = MutableMapping[str, Any]
Mensaje = MutableMapping[str, Any]
Recibir = Callable[[], Awaitable[Mensaje]]
Enviar = Callable[[Mensaje], Awaitable[None]]
App = Callable[[Alcance, Recibir, Enviar], Awaitable[None]]

COOKIE_TOKEN = "reporte_docx_token"
CABECERA_TOKEN = "x-token"

POLITICA = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
CABECERAS = [
    (b"content-security-policy", POLITICA.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]


def _cabeceras(alcance: Alcance) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in alcance["headers"]}


def token_de_cookie(cabeceras: dict[str, str]) -> str | None:
    """The form token the page was served with, from its cookie."""
    galleta: SimpleCookie = SimpleCookie()
    try:
        galleta.load(cabeceras.get("cookie", ""))
    except Exception:  # a malformed Cookie header: as if there were none
        return None
    morsel = galleta.get(COOKIE_TOKEN)
    return morsel.value if morsel else None


def token_valido(cabeceras: dict[str, str], enviado: str | None) -> bool:
    """Whether *enviado* (header or form field) equals the cookie's token."""
    esperado = token_de_cookie(cabeceras)
    return bool(esperado and enviado) and secrets.compare_digest(
        str(esperado).encode(), str(enviado).encode()
    )


def _es_ip(nombre: str) -> bool:
    """An IPv4 or IPv6 address (``[::1]`` too), not a name."""
    try:
        ipaddress.ip_address(nombre.strip("[]"))
    except ValueError:
        return False
    return True


def _clave_enviada(cabeceras: dict[str, str]) -> str | None:
    tipo, _, valor = cabeceras.get("authorization", "").partition(" ")
    if tipo.lower() != "basic":
        return None
    try:
        return base64.b64decode(valor, validate=True).decode().partition(":")[2]
    except (binascii.Error, UnicodeDecodeError):
        return None


PAGINA_RECHAZO = (
    '<!doctype html>\n<html lang="es-MX">\n<head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>reporte-docx</title></head>\n<body><h1>No se puede abrir la página</h1>\n"
    "<p>{mensaje}.</p></body>\n</html>\n"
)


async def responder(
    enviar: Enviar,
    estado: int,
    mensaje: str,
    extra: list[tuple[bytes, bytes]] | None = None,
    html: bool = False,
) -> None:
    """A short refusal, with the security headers.

    JSON for the page's own requests (it shows ``mensaje``); a plain page when
    a person navigated here (*html*: a mistyped address, the key dialog
    cancelled), where JSON would read as code.
    """
    if html:
        cuerpo = PAGINA_RECHAZO.format(mensaje=escape(mensaje[:1].upper() + mensaje[1:])).encode()
        tipo = b"text/html; charset=utf-8"
    else:
        cuerpo = json.dumps({"mensaje": mensaje}, ensure_ascii=False).encode()
        tipo = b"application/json; charset=utf-8"
    await enviar(
        {
            "type": "http.response.start",
            "status": estado,
            "headers": [
                (b"content-type", tipo),
                (b"content-length", str(len(cuerpo)).encode()),
                *CABECERAS,
                *(extra or []),
            ],
        }
    )
    await enviar({"type": "http.response.body", "body": cuerpo})


class Seguridad:
    """The ASGI middleware described in the module's docstring."""

    def __init__(self, app: App, config: Configuracion):
        self.app = app
        self.config = config
        self.hosts = config.hosts_permitidos()

    def _host_valido(self, host: str) -> bool:
        """Whether *host* (a Host or Origin netloc) names this server.

        Beyond loopback, an IP address is accepted too: DNS rebinding needs a
        name to re-point, and colleagues type the machine's IP.
        """
        nombre = host.lower()
        if nombre.startswith("["):  # IPv6 literal: [::1]:8000
            nombre = nombre.partition("]")[0] + "]"
        else:
            nombre = nombre.partition(":")[0]
        return nombre in self.hosts or (not self.config.local and _es_ip(nombre))

    def _rechazo(self, alcance: Alcance, cabeceras: dict[str, str]) -> tuple[int, str] | None:
        """Why this request is refused, or None."""
        if not self._host_valido(cabeceras.get("host", "")):
            return 400, (
                "este servidor no responde a ese nombre; ábralo con la dirección que "
                "indicó al iniciarlo"
            )
        if self.config.clave is not None:
            enviada = _clave_enviada(cabeceras)
            if enviada is None or not secrets.compare_digest(
                enviada.encode(), self.config.clave.encode()
            ):
                return 401, "hace falta la clave de acceso de este servidor"
        if alcance["method"] not in ("GET", "HEAD"):
            origen = cabeceras.get("origin")
            if origen and not self._host_valido(urlsplit(origen).netloc):
                return 403, "la petición viene de otro sitio; use la página de este servidor"
        return None

    async def __call__(self, alcance: Alcance, recibir: Recibir, enviar: Enviar) -> None:
        if alcance["type"] != "http":
            await self.app(alcance, recibir, enviar)
            return
        cabeceras = _cabeceras(alcance)
        rechazo = self._rechazo(alcance, cabeceras)
        if rechazo is not None:
            estado, mensaje = rechazo
            extra = (
                [(b"www-authenticate", b'Basic realm="reporte-docx", charset="UTF-8"')]
                if estado == 401
                else []
            )
            navegando = "text/html" in cabeceras.get("accept", "")
            await responder(enviar, estado, mensaje, extra, html=navegando)
            return

        async def con_cabeceras(mensaje: Mensaje) -> None:
            if mensaje["type"] == "http.response.start":
                propias = {k.lower() for k, _ in mensaje.get("headers", [])}
                mensaje["headers"] = [
                    *mensaje.get("headers", []),
                    *(c for c in CABECERAS if c[0] not in propias),
                ]
            await enviar(mensaje)

        await self.app(alcance, recibir, con_cabeceras)
