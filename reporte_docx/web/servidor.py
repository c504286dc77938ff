"""``reporte-docx servir``: uvicorn serving the page, and the browser opened on it.

One server process: the jobs run in processes of their own (at most
``--trabajos`` at once), so a second uvicorn worker would only split the
jobs' state between processes that cannot see each other's. For a whole
office, this process sits behind the usual reverse proxy (see the README).
"""

from __future__ import annotations

import contextlib
import errno
import socket
import threading
import time
import webbrowser

import uvicorn

from reporte_docx.errores import ErrorDeSalida
from reporte_docx.web.aplicacion import crear_aplicacion
from reporte_docx.web.configuracion import Configuracion


def direccion(config: Configuracion) -> str:
    """The address a person types to reach the page."""
    host = config.host
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{config.puerto}/"


def _abrir_cuando_escuche(servidor: uvicorn.Server, url: str) -> None:
    """Open the browser once the server accepts connections (not before: a blank error page)."""

    def esperar() -> None:
        while not servidor.started and not servidor.should_exit:
            time.sleep(0.05)
        if servidor.started:
            webbrowser.open(url)

    threading.Thread(target=esperar, daemon=True).start()


def _revisar_puerto(config: Configuracion) -> None:
    """Say in Spanish that the port is taken (uvicorn would log it in English and exit)."""
    familia = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    with socket.socket(familia, socket.SOCK_STREAM) as prueba:
        prueba.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            prueba.bind((config.host, config.puerto))
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                raise ErrorDeSalida(
                    f"el puerto {config.puerto} ya está en uso (¿otra copia de reporte-docx "
                    "servir?); elija otro con --puerto"
                ) from None
            raise ErrorDeSalida(
                f"no se puede escuchar en {config.host}:{config.puerto} ({e.strerror})"
            ) from None


def servir(config: Configuracion, abrir: bool = True) -> None:
    """Serve until Ctrl-C; every job's files are deleted on the way out."""
    _revisar_puerto(config)
    app = crear_aplicacion(config)
    servidor = uvicorn.Server(
        uvicorn.Config(
            app,
            host=config.host,
            port=config.puerto,
            log_level="warning",
            server_header=False,
            # the reverse proxy of an office server is on this machine
            forwarded_allow_ips="127.0.0.1",
        )
    )
    url = direccion(config)
    print(f"reporte-docx sirve la página en {url}  (Ctrl+C para terminar)", flush=True)
    if abrir:
        _abrir_cuando_escuche(servidor, url)
    # uvicorn stops cleanly on Ctrl-C (the lifespan deletes every job), then raises it again
    with contextlib.suppress(KeyboardInterrupt):
        servidor.run()
    print("Servidor detenido; se borraron los archivos de todos los trabajos.", flush=True)
