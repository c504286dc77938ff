"""Processing many photos at once, in a way that composes with the caller's own parallelism.

Processing is the slow part of a report, so by default it is spread over every
core (each worker returns encoded bytes only: never more than one decoded
photo per process). A library cannot assume it owns the machine, though, so
the caller decides through :class:`AjustesFotos`:

- ``procesos=1`` processes in this process; ``ejecutor=`` hands the work to a
  pool the caller owns, so that a batch of reports shares one pool (see
  :func:`grupo_de_procesos`) instead of starting one per report;
- inside a daemonic process (a :class:`multiprocessing.pool.Pool` worker),
  which may not have children, photos are processed serially;
- in a program that runs threads of its own (a web server), the default is a
  few threads here rather than processes: forking a threaded process may
  deadlock, and Pillow releases the GIL for the heavy parts anyway;
- the settings travel in a :class:`contextvars.ContextVar` (:func:`usar_ajustes`),
  so each thread and each task sees its own, and nothing global is shared.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import (
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    as_completed,
)
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path

from reporte_docx.errores import ErrorDeDatos
from reporte_docx.fotos.apertura import FotoInvalida
from reporte_docx.fotos.cache import Cache, abrir_cache
from reporte_docx.fotos.origen import Origen
from reporte_docx.fotos.proceso import DPI_PREDETERMINADO, FotoProcesada, Progreso, procesar_foto
from reporte_docx.fotos.revision import hallazgo_de_foto, nombre_de
from reporte_docx.modelo import Fotografia

#: Fewer photos than this are processed in this process: starting workers costs more.
MINIMO_PARALELO = 4

registro = logging.getLogger(__name__)


@dataclass(frozen=True)
class AjustesFotos:
    """How photos are processed: where (processes or a given pool) and whether cached.

    *procesos*: how many processes (``None``: every core this process may use;
    ``1``: serially, here). *ejecutor*: a :class:`concurrent.futures.Executor`
    the caller owns and shuts down (a process pool shared by a batch, or a
    thread pool); it takes precedence over *procesos*. *cache*: ``True`` for
    the user's cache folder, a path for another, ``False``/``None`` for none.
    """

    procesos: int | None = None
    ejecutor: Executor | None = None
    cache: Path | bool | None = True

    def __post_init__(self) -> None:
        if self.procesos is not None and (
            not isinstance(self.procesos, int) or isinstance(self.procesos, bool)
        ):
            raise TypeError(f"procesos debe ser un entero o None, no {self.procesos!r}")
        if self.procesos is not None and self.procesos < 1:
            raise ValueError(f"procesos debe ser 1 o más, no {self.procesos}")
        if self.ejecutor is not None and not isinstance(self.ejecutor, Executor):
            raise TypeError("ejecutor debe ser un concurrent.futures.Executor")


_AJUSTES: contextvars.ContextVar[AjustesFotos | None] = contextvars.ContextVar(
    "reporte_docx_ajustes_fotos", default=None
)


def ajustes_actuales() -> AjustesFotos:
    """The settings in force in this thread or task (defaults unless :func:`usar_ajustes`)."""
    return _AJUSTES.get() or AjustesFotos()


@contextlib.contextmanager
def usar_ajustes(ajustes: AjustesFotos) -> Iterator[AjustesFotos]:
    """Process the photos of every report rendered inside this block with *ajustes*."""
    marca = _AJUSTES.set(ajustes)
    try:
        yield ajustes
    finally:
        _AJUSTES.reset(marca)


def nucleos() -> int:
    """Cores this process may use (respects CPU affinity, as in containers)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def en_proceso_daemonico() -> bool:
    """True inside a daemonic process (e.g. a ``multiprocessing.Pool`` worker): no children."""
    return bool(multiprocessing.current_process().daemon)


def contexto_de_procesos() -> BaseContext:
    """fork starts a worker in milliseconds, but forking a process with threads may deadlock.

    With other threads running (a web server, renders in threads) the
    forkserver is used instead; where neither exists, the platform default.
    """
    metodos = multiprocessing.get_all_start_methods()
    if "fork" in metodos and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in metodos:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context()


@contextlib.contextmanager
def grupo_de_procesos(procesos: int | None = None) -> Iterator[ProcessPoolExecutor]:
    """A process pool for a batch of reports: pass it as ``AjustesFotos(ejecutor=…)``.

    In a daemonic process there can be no pool: use ``AjustesFotos(procesos=1)`` there.
    """
    if en_proceso_daemonico():
        raise RuntimeError("un proceso daemónico no puede tener procesos hijos; use procesos=1")
    with ProcessPoolExecutor(procesos or nucleos(), mp_context=contexto_de_procesos()) as grupo:
        yield grupo


def _en_serie(ajustes: AjustesFotos, total: int) -> bool:
    if ajustes.ejecutor is not None:
        return False
    procesos = ajustes.procesos or nucleos()
    return procesos == 1 or total < MINIMO_PARALELO or en_proceso_daemonico()


def _repartir(
    ejecutor: Executor,
    pedidos: dict[Path, tuple[int, str, Origen]],
    dpi: int,
    cache: Cache | None,
    progreso: Progreso | None,
) -> Iterator[tuple[Path, FotoProcesada | FotoInvalida]]:
    """Submit every photo to *ejecutor*; yield each result (or error) as it is done."""
    futuros: dict[Future[FotoProcesada], Path] = {
        ejecutor.submit(procesar_foto, origen, ancho, dpi, cache, nombre): ruta
        for ruta, (ancho, nombre, origen) in pedidos.items()
    }
    for hechas, futuro in enumerate(as_completed(futuros), start=1):
        ruta = futuros[futuro]
        try:
            yield ruta, futuro.result()
        except FotoInvalida as e:
            yield ruta, e
        except BrokenProcessPool as e:  # a worker killed (out of memory, most likely)
            yield (
                ruta,
                FotoInvalida(
                    "foto-demasiado-grande", f"«{pedidos[ruta][1]}» no se pudo procesar", repr(e)
                ),
            )
        if progreso:
            progreso(hechas, len(pedidos))


def _uno_por_uno(
    pedidos: dict[Path, tuple[int, str, Origen]],
    dpi: int,
    cache: Cache | None,
    progreso: Progreso | None,
) -> Iterator[tuple[Path, FotoProcesada | FotoInvalida]]:
    for hechas, (ruta, (ancho, nombre, origen)) in enumerate(pedidos.items(), start=1):
        try:
            yield ruta, procesar_foto(origen, ancho, dpi, cache, nombre)
        except FotoInvalida as e:
            yield ruta, e
        if progreso:
            progreso(hechas, len(pedidos))


def _resultados(
    pedidos: dict[Path, tuple[int, str, Origen]],
    dpi: int,
    ajustes: AjustesFotos,
    progreso: Progreso | None,
) -> Iterator[tuple[Path, FotoProcesada | FotoInvalida]]:
    cache = abrir_cache(ajustes.cache)
    if _en_serie(ajustes, len(pedidos)):
        yield from _uno_por_uno(pedidos, dpi, cache, progreso)
    elif ajustes.ejecutor is not None:
        yield from _repartir(ajustes.ejecutor, pedidos, dpi, cache, progreso)
    elif ajustes.procesos is None and threading.active_count() > 1:
        # a program with threads of its own (a web server): forking it is unsafe and a fork
        # server re-imports everything per pool; Pillow releases the GIL while it decodes,
        # resizes and encodes, so threads here use the cores as well
        with ThreadPoolExecutor(min(nucleos(), len(pedidos))) as hilos:
            yield from _repartir(hilos, pedidos, dpi, cache, progreso)
    else:
        procesos = min(ajustes.procesos or nucleos(), len(pedidos))
        with ProcessPoolExecutor(procesos, mp_context=contexto_de_procesos()) as grupo:
            yield from _repartir(grupo, pedidos, dpi, cache, progreso)


def procesar_fotos(
    pedidos: dict[Path, int],
    fotos: list[Fotografia],
    *,
    dpi: int = DPI_PREDETERMINADO,
    progreso: Progreso | None = None,
    ajustes: AjustesFotos | None = None,
) -> dict[Path, FotoProcesada]:
    """Process each distinct file once at the largest width it is shown at.

    *pedidos* maps a file to its target width in pixels; *fotos* is used to
    name the workbook row of a photo that fails. *ajustes* defaults to those
    of :func:`usar_ajustes`. Raises :class:`ErrorDeDatos` naming every photo
    that failed, by row; the good ones are processed (and cached) all the same.
    """
    ajustes = ajustes or ajustes_actuales()
    primera: dict[Path, Fotografia] = {}
    for f in fotos:
        primera.setdefault(f.archivo, f)
    nombrados: dict[Path, tuple[int, str, Origen]] = {
        ruta: (ancho, nombre_de(primera[ruta]), primera[ruta].origen)
        if ruta in primera
        else (ancho, ruta.name, ruta)
        for ruta, ancho in pedidos.items()
    }
    if progreso:
        progreso(0, len(pedidos))
    inicio = time.perf_counter()
    procesadas: dict[Path, FotoProcesada] = {}
    errores: dict[Path, FotoInvalida] = {}
    for ruta, resultado in _resultados(nombrados, dpi, ajustes, progreso):
        if isinstance(resultado, FotoInvalida):
            errores[ruta] = resultado
        else:
            procesadas[ruta] = resultado
    registro.debug("%d fotos procesadas en %.2f s", len(procesadas), time.perf_counter() - inicio)
    if errores:
        raise ErrorDeDatos(
            [hallazgo_de_foto(primera.get(r, Fotografia(r)), e) for r, e in errores.items()]
        )
    return procesadas
