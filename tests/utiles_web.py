"""Helpers of the web page's tests: a client bound to an app, uploads, waiting for a job."""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from reporte_docx.web.aplicacion import crear_aplicacion
from reporte_docx.web.configuracion import Configuracion
from reporte_docx.web.seguridad import COOKIE_TOKEN
from tests.utiles import DATOS, FIRMAS, RAIZ, crear_libro

LOCAL = "http://127.0.0.1:8000"


@contextmanager
def cliente(config: Configuracion | None = None, **opciones: Any) -> Iterator[TestClient]:
    """A TestClient on a fresh app, addressed as the browser does (Host 127.0.0.1)."""
    app = crear_aplicacion(config or Configuracion(**opciones))
    with TestClient(app, base_url=LOCAL) as c:
        yield c


def token(c: TestClient) -> str:
    """Load the page once (as the browser does) and return its form token."""
    c.get("/")
    return c.cookies[COOKIE_TOKEN]


def subir(
    c: TestClient,
    libro: Path | tuple[str, bytes] | None = None,
    fotos: list[tuple[str, bytes]] | None = None,
    plantilla: Path | None = None,
    *,
    con_token: bool = True,
):
    """POST /trabajos as the page does: token first, then the workbook, template and photos."""
    archivos: list[tuple[str, tuple[str, Any]]] = []
    if libro is not None:
        nombre, datos = (libro.name, libro.read_bytes()) if isinstance(libro, Path) else libro
        archivos.append(("libro", (nombre, datos)))
    if plantilla is not None:
        archivos.append(("plantilla", (plantilla.name, plantilla.read_bytes())))
    archivos += [("fotos", (ruta, datos)) for ruta, datos in fotos or []]
    campos = {"token": token(c)} if con_token else {}
    return c.post("/trabajos", data=campos, files=archivos)


def fotos_del_ejemplo() -> list[tuple[str, bytes]]:
    return [(f"fotos/{p.name}", p.read_bytes()) for p in sorted((DATOS / "fotos").iterdir())]


def esperar(c: TestClient, ident: str, tiempo: float = 240) -> dict[str, Any]:
    """Poll the job until it ends; its last state."""
    limite = time.monotonic() + tiempo
    while time.monotonic() < limite:
        estado = c.get(f"/trabajos/{ident}").json()
        if estado["estado"] not in ("esperando", "procesando"):
            return estado
        time.sleep(0.2)
    raise AssertionError(f"el trabajo no terminó en {tiempo} s: {estado}")


def libro_con_tres_errores(carpeta: Path) -> Path:
    """Three mistakes on the Actividades sheet: a date, and two empty required cells."""
    return crear_libro(
        carpeta / "tres_errores.xlsx",
        actividades=[
            ("1", "Actividad uno", "no es fecha", "Chetumal", "Descripción", ""),
            ("2", "", dt.datetime(2023, 5, 2), "", "Descripción", ""),
        ],
        fotografias=[],
        firmas=FIRMAS,
    )


TRES_ERRORES = [
    ("Actividades", 2, "fecha"),
    ("Actividades", 3, "nombre"),
    ("Actividades", 3, "lugar"),
]


def zip_de(entradas: dict[str, bytes]) -> bytes:
    datos = io.BytesIO()
    with zipfile.ZipFile(datos, "w", zipfile.ZIP_DEFLATED) as z:
        for nombre, contenido in entradas.items():
            z.writestr(nombre, contenido)
    return datos.getvalue()


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def servidor_real(
    *opciones: str, entorno: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """A real ``reporte-docx servir`` on a free port of 127.0.0.1: (its address, its process).

    Stopped with Ctrl-C (SIGINT) on the way out, as a person stops it.
    """
    puerto = puerto_libre()
    proceso = subprocess.Popen(
        [sys.executable, "-m", "reporte_docx", "servir", "--no-abrir", "--puerto", str(puerto)]
        + list(opciones),
        env={**os.environ, "PYTHONPATH": str(RAIZ), **(entorno or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        limite = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", puerto), timeout=0.2).close()
                break
            except OSError:
                if proceso.poll() is not None or time.monotonic() > limite:
                    raise AssertionError(f"servir no arrancó: {proceso.communicate()[0]}") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{puerto}", proceso
    finally:
        if proceso.poll() is None:
            proceso.send_signal(signal.SIGINT)
            proceso.wait(60)
