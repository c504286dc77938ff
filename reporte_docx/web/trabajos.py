"""The jobs of the web page: a bounded line, one process each, and nothing left behind.

Each upload becomes a :class:`Trabajo` with a folder of its own under the
server's temporary folder. At most ``simultaneos`` jobs run at once, each in
its own process (see :mod:`reporte_docx.web.trabajador`); the others wait in
line and the page shows their place. A thread per running job reads what the
process reports and enforces the time limit; cancelling or running out of time
ends the process group, and a process that dies without saying ``fin``
becomes a message on the page. Files are deleted once every file of the job
was downloaded, or when the job's life (``vida``) is over; a job that ends
with findings, cancelled or failed keeps no files at all.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import secrets
import shutil
import signal
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from reporte_docx.web.configuracion import Configuracion
from reporte_docx.web.trabajador import Pedido, ejecutar

ESPERANDO = "esperando"
PROCESANDO = "procesando"
LISTO = "listo"
CON_ERRORES = "con-errores"
FALLO = "fallo"
CANCELADO = "cancelado"
TERMINADOS = (LISTO, CON_ERRORES, FALLO, CANCELADO)

registro = logging.getLogger(__name__)

#: How often the thread of a running job looks at its process and the clock.
_PAUSA = 0.1


@dataclass
class Trabajo:
    """One upload and everything the page shows about it."""

    id: str
    carpeta: Path
    #: The form token of the browser that uploaded it: only that browser sees the job.
    dueno: str = ""
    nombre: str = "reporte"
    estado: str = ESPERANDO
    fase: str = ""
    hechas: int = 0
    total: int = 0
    hallazgos: list[dict[str, Any]] = field(default_factory=list)
    hallazgos_plantilla: list[dict[str, Any]] = field(default_factory=list)
    mensaje: str = ""
    sin_vista: str = ""
    archivos: dict[str, Path] = field(default_factory=dict)
    paginas: list[str] = field(default_factory=list)
    descargados: set[str] = field(default_factory=set)
    borrado: bool = False
    terminado: float | None = None
    #: The end the job's own reports call for (errors found, a failure); the page sees it
    #: only once the job has finished and its files are dealt with, never before.
    final: str = ""
    pedido: Pedido | None = None
    #: The job's process while it runs (its process group is the one ended on cancel).
    pid: int | None = None
    cancelar: threading.Event = field(default_factory=threading.Event)

    def como_dict(self, lugar: int | None) -> dict[str, Any]:
        """What the page polls: no server path, only names the page asks for again."""
        return {
            "estado": self.estado,
            "lugar": lugar,
            "fase": self.fase,
            "hechas": self.hechas,
            "total": self.total,
            "hallazgos": self.hallazgos,
            "hallazgos_plantilla": self.hallazgos_plantilla,
            "errores": sum(h["severidad"] == "error" for h in self.hallazgos),
            "mensaje": self.mensaje,
            "sin_vista": self.sin_vista,
            "archivos": sorted(self.archivos),
            "paginas": len(self.paginas),
            "borrado": self.borrado,
            "nombre": self.nombre,
        }


def _limpiar(valor: Any, carpetas: tuple[str, ...]) -> Any:
    """*valor* with the job's folders taken out of every text (no server path reaches the page).

    The workbook's folder goes first: a photo is then named as the workbook names it.
    """
    if isinstance(valor, str):
        for carpeta in carpetas:
            valor = valor.replace(carpeta + os.sep, "").replace(carpeta, "")
        return valor
    if isinstance(valor, list | tuple):
        return [_limpiar(v, carpetas) for v in valor]
    if isinstance(valor, dict):
        return {k: _limpiar(v, carpetas) for k, v in valor.items()}
    return valor


def carpetas_del_trabajo(t: Trabajo) -> tuple[str, ...]:
    """The job's folders as they may appear in a message, the deepest first."""
    libro = t.pedido.libro.parent if t.pedido and t.pedido.libro else t.carpeta / "libro"
    rutas = {str(p) for c in (libro, t.carpeta) for p in (c, c.resolve())}
    return tuple(sorted(rutas, key=len, reverse=True))


def _aplicar(t: Trabajo, mensaje: tuple[Any, ...]) -> None:
    """Apply one report of the job's process to what the page shows."""
    tipo, *datos = _limpiar(mensaje, carpetas_del_trabajo(t))
    if tipo == "fase":
        t.fase = datos[0]
    elif tipo == "progreso":
        t.hechas, t.total = datos
    elif tipo == "hallazgos":
        t.hallazgos = [*t.hallazgos, *datos[0]] if len(datos) > 1 else datos[0]
        if any(h["severidad"] == "error" for h in t.hallazgos):
            t.final = t.final or CON_ERRORES
    elif tipo == "plantilla":
        t.hallazgos_plantilla = datos[0]
        if any(h["severidad"] == "error" for h in datos[0]):
            t.final = t.final or CON_ERRORES
    elif tipo in ARCHIVOS:
        t.archivos[tipo] = t.carpeta / "salida" / datos[0]
    elif tipo == "paginas":
        t.paginas = datos[0]
    elif tipo == "sin-vista":
        t.sin_vista = datos[0]
    elif tipo == "error":
        t.final, t.mensaje = FALLO, datos[0]


#: The files a job may offer, by kind: the report and the public version, each .docx and PDF.
ARCHIVOS = ("docx", "pdf", "publica-docx", "publica-pdf")


class Gestor:
    """Creates, runs, reports and removes the jobs of one server process."""

    def __init__(self, config: Configuracion, raiz: Path):
        self.config = config
        self.raiz = raiz
        self._trabajos: dict[str, Trabajo] = {}
        self._cola: deque[str] = deque()
        self._candado = threading.Lock()
        self._hilos = ThreadPoolExecutor(config.simultaneos, thread_name_prefix="trabajo")
        self._contexto: Any = multiprocessing.get_context(
            "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        )
        if self._contexto.get_start_method() == "forkserver":
            # started once with the libraries loaded: each job then starts in milliseconds
            self._contexto.set_forkserver_preload(["reporte_docx.web.trabajador"])

    def nuevo(self, dueno: str = "") -> Trabajo:
        """A job with its own empty folder (the upload is written into it), *dueno*'s."""
        ident = secrets.token_urlsafe(16)
        carpeta = self.raiz / ident
        carpeta.mkdir(mode=0o700)
        t = Trabajo(ident, carpeta, dueno)
        with self._candado:
            self._trabajos[ident] = t
        return t

    def obtener(self, ident: str, dueno: str | None) -> Trabajo | None:
        """The job *ident*, when it is *dueno*'s (the browser that uploaded it); else None.

        The id alone is not enough: it travels in URLs, and URLs end up in a
        reverse proxy's log, a browser's history or on a shared screen.
        """
        with self._candado:
            t = self._trabajos.get(ident)
        if t is None or not t.dueno or not dueno:
            return None
        return t if secrets.compare_digest(t.dueno.encode(), dueno.encode()) else None

    def activos(self) -> int:
        """Jobs not finished yet: uploading, waiting in line or running."""
        with self._candado:
            return sum(t.terminado is None for t in self._trabajos.values())

    def lugar(self, t: Trabajo) -> int | None:
        """1 for the next job to start; None once it runs."""
        with self._candado:
            return self._cola.index(t.id) + 1 if t.id in self._cola else None

    def encolar(self, t: Trabajo, pedido: Pedido, nombre: str) -> None:
        """Put *t* in line; it starts as soon as a place is free."""
        t.pedido, t.nombre = pedido, nombre
        with self._candado:
            self._cola.append(t.id)
        self._hilos.submit(self._correr, t)

    def cancelar(self, t: Trabajo) -> None:
        """Stop *t*: a waiting job never starts, a running one has its process ended."""
        t.cancelar.set()
        with self._candado:
            if t.id in self._cola:
                self._cola.remove(t.id)
                self._terminar(t, CANCELADO, "Se canceló el trabajo; no se generó nada.")

    def olvidar(self, t: Trabajo) -> None:
        """Drop *t* and its folder: its upload was refused before it was put in line."""
        self._borrar_archivos(t)
        with self._candado:
            self._trabajos.pop(t.id, None)

    def descargado(self, t: Trabajo, que: str) -> None:
        """Note a finished download; once every file was taken, the job's files go."""
        t.descargados.add(que)
        if set(t.archivos) <= t.descargados:
            self._borrar_archivos(t)

    def borrar(self, t: Trabajo) -> None:
        """The user is done: cancel if needed, and delete the files now."""
        self.cancelar(t)
        self._borrar_archivos(t)

    def vencidos(self, ahora: float | None = None) -> None:
        """Delete the files of jobs past their life, and forget jobs past twice that."""
        ahora = time.monotonic() if ahora is None else ahora
        with self._candado:
            trabajos = list(self._trabajos.values())
        for t in trabajos:
            if t.terminado is None:
                continue
            if ahora - t.terminado > self.config.vida:
                self._borrar_archivos(t)
            if ahora - t.terminado > 2 * self.config.vida:
                with self._candado:
                    self._trabajos.pop(t.id, None)

    def cerrar(self) -> None:
        """Cancel everything and delete every job's files (the server is stopping)."""
        with self._candado:
            trabajos = list(self._trabajos.values())
        for t in trabajos:
            t.cancelar.set()
        self._hilos.shutdown(wait=True, cancel_futures=True)
        for t in trabajos:
            self._borrar_archivos(t)

    def _borrar_archivos(self, t: Trabajo) -> None:
        shutil.rmtree(t.carpeta, ignore_errors=True)
        t.borrado = True

    def _terminar(self, t: Trabajo, estado: str, mensaje: str = "") -> None:
        """Final state (caller holds the lock); a job without downloads keeps no files."""
        t.estado = estado if estado == CANCELADO else (t.final or estado)
        if mensaje and not t.mensaje:
            t.mensaje = mensaje
        t.terminado = time.monotonic()
        if t.estado != LISTO or not t.archivos:
            self._borrar_archivos(t)

    def _correr(self, t: Trabajo) -> None:
        """Run *t* in its own process (in a thread of the bounded pool) and watch it."""
        with self._candado:
            if t.id not in self._cola:  # cancelled while waiting
                return
            self._cola.remove(t.id)
            t.estado = PROCESANDO
        assert t.pedido is not None
        try:
            final = self._en_su_proceso(t, t.pedido)
        except Exception:  # the process could not even start: say so, never hang the page
            registro.exception("no se pudo iniciar el trabajo %s", t.id)
            final = (
                FALLO,
                (
                    "No se pudo iniciar el proceso que prepara el reporte; vuelva a intentarlo. "
                    "Si se repite, avise a quien administra este servidor."
                ),
            )
        with self._candado:
            self._terminar(t, *final)

    def _en_su_proceso(self, t: Trabajo, pedido: Pedido) -> tuple[str, str]:
        recibe, envia = self._contexto.Pipe(duplex=False)
        proceso = self._contexto.Process(target=ejecutar, args=(envia, pedido))
        try:
            proceso.start()
            t.pid = proceso.pid
            envia.close()
            return self._vigilar(t, proceso, recibe)
        finally:
            recibe.close()
            _matar(proceso)

    def _vigilar(self, t: Trabajo, proceso: Any, recibe: Connection) -> tuple[str, str]:
        """Read the process's reports until ``fin``, cancel, time out or death."""
        limite = time.monotonic() + self.config.tiempo_maximo
        while True:
            if t.cancelar.is_set():
                return CANCELADO, "Se canceló el trabajo; no se generó nada."
            if time.monotonic() > limite:
                minutos = self.config.tiempo_maximo / 60
                return FALLO, (
                    f"El trabajo tardó más de {minutos:.0f} minutos y se detuvo. Pruebe con "
                    "menos fotos o más pequeñas, o genere el reporte con la línea de órdenes."
                )
            try:
                mensaje = recibe.recv() if recibe.poll(_PAUSA) else None
            except (EOFError, OSError):
                proceso.join(5)
                codigo = proceso.exitcode
                return FALLO, (
                    "El proceso que preparaba el reporte terminó de forma inesperada"
                    + (f" (código {codigo})" if codigo else "")
                    + "; no se generó nada. Vuelva a intentarlo; si se repite, avise a quien "
                    "administra este servidor."
                )
            if mensaje is None:
                continue
            if mensaje[0] == "fin":
                return (t.final or LISTO), ""
            _aplicar(t, mensaje)


def _matar(proceso: Any) -> None:
    """End the job's process group (its photo workers and LibreOffice with it)."""
    if proceso.pid is None:  # never started
        return
    with contextlib.suppress(ProcessLookupError, PermissionError, AttributeError):
        os.killpg(proceso.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        proceso.kill()
    proceso.join()
