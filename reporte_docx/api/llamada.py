"""One call's options checked, and its progress and cancellation as one callback.

Every public function that renders takes the same keyword options (``dpi``,
``columnas``, ``procesos``, ``cache``, ``ejecutor``, ``progreso``,
``cancelar``): explicit keywords, so that ``help()``, an editor and
``mypy --strict`` see each one with its type. They are checked here, once, the
same way for every function: a caller's mistake is a :class:`TypeError` or
:class:`ValueError`, never one of the package's errors (which are about the
user's data).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from reporte_docx.api.tipos import Cache, Cancelar
from reporte_docx.errores import Cancelado
from reporte_docx.modelo import Reporte
from reporte_docx.opciones import (
    COLUMNAS_MAXIMAS,
    DPI_MAXIMO,
    DPI_MINIMO,
    Avance,
    Etapa,
    Progreso,
)

_log = logging.getLogger(__name__)


def _entero_entre(nombre: str, valor: object, minimo: int, maximo: int) -> int:
    # bool is an int to Python, never a resolution or a column count to a caller
    if isinstance(valor, bool) or not isinstance(valor, int):
        raise TypeError(f"{nombre}={valor!r}: se esperaba un entero")
    if not minimo <= valor <= maximo:
        raise ValueError(f"{nombre}={valor!r}: use un entero de {minimo} a {maximo}")
    return valor


def revisar_procesos(procesos: object) -> int | None:
    """A count of worker processes: ``None`` (every core) or an int from 1 up."""
    if procesos is not None and (
        isinstance(procesos, bool) or not isinstance(procesos, int) or procesos < 1
    ):
        raise ValueError(f"procesos={procesos!r}: use un entero de 1 en adelante, o None")
    return procesos


@dataclass(frozen=True)
class OpcionesDeRender:
    """The rendering options of one call, checked (see :meth:`revisar`)."""

    dpi: int
    columnas: int
    procesos: int | None
    #: A folder, ``True``/``False``, or ``None``: leave this thread's setting.
    cache: Path | bool | None
    ejecutor: Executor | None = None

    @classmethod
    def revisar(
        cls,
        dpi: int,
        columnas: int,
        procesos: int | None,
        cache: Cache | None,
        ejecutor: Executor | None = None,
    ) -> OpcionesDeRender:
        """The options as given, or a :class:`TypeError`/:class:`ValueError` naming the bad one."""
        _entero_entre("dpi", dpi, DPI_MINIMO, DPI_MAXIMO)
        _entero_entre("columnas", columnas, 1, COLUMNAS_MAXIMAS)
        revisar_procesos(procesos)
        if cache is not None and not isinstance(cache, (bool, str, os.PathLike)):
            raise TypeError(f"cache={cache!r}: use True, False o la ruta de una carpeta")
        if ejecutor is not None and not isinstance(ejecutor, Executor):
            raise TypeError(f"ejecutor={ejecutor!r}: use un concurrent.futures.Executor")
        carpeta = cache if cache is None or isinstance(cache, bool) else Path(cache)
        return cls(dpi, columnas, procesos, carpeta, ejecutor)


def revisar_sello(libro_sha256: object, fecha: object) -> None:
    """The fingerprint and date recorded in the document: text and a datetime (or None).

    Checked before any work: a wrong type would otherwise surface as an
    AttributeError only once the document is rendered and being packaged.
    """
    if not isinstance(libro_sha256, str):
        raise TypeError(f"libro_sha256={libro_sha256!r}: use un texto (la huella del libro)")
    if fecha is not None and not isinstance(fecha, dt.datetime):
        raise TypeError(f"fecha={fecha!r}: use un datetime.datetime, o None")


def revisar_reporte(reporte: object) -> Reporte:
    """*reporte* itself, or a :class:`TypeError`: ``None`` or a dict is the caller's mistake."""
    if not isinstance(reporte, Reporte):
        raise TypeError(f"se esperaba un Reporte, no {type(reporte).__name__}")
    return reporte


class Seguimiento:
    """The caller's progress callback and cancellation, as one ``Avance`` callback.

    Every report of progress is also a point where cancellation is looked at,
    so a cancelled run stops before the next photo or step, never mid-write.
    """

    def __init__(self, progreso: Progreso | None, cancelar: Cancelar | None) -> None:
        if progreso is not None and not callable(progreso):
            raise TypeError(f"progreso={progreso!r}: use una función que reciba un Avance")
        if cancelar is not None and not (
            isinstance(cancelar, threading.Event) or callable(cancelar)
        ):
            raise TypeError(f"cancelar={cancelar!r}: use un threading.Event o una función")
        self._progreso, self._cancelar = progreso, cancelar
        self._inicio = time.perf_counter()

    def cancelado(self) -> bool:
        """Whether the caller asked to stop."""
        if self._cancelar is None:
            return False
        if isinstance(self._cancelar, threading.Event):
            return self._cancelar.is_set()
        return bool(self._cancelar())

    def __call__(self, avance: Avance) -> None:
        if avance.hechas == 0:
            _log.debug("%s: empieza (%.3f s)", avance.etapa, time.perf_counter() - self._inicio)
        if self.cancelado():
            _log.debug("cancelado en %s", avance.etapa)
            raise Cancelado()
        if self._progreso is not None:
            self._progreso(avance)

    def paso(self, etapa: Etapa, hecho: bool) -> None:
        """A one-unit step starts (``hecho`` false) or ends."""
        self(Avance(etapa, int(hecho), 1))

    def terminado(self, etapa: Etapa) -> None:
        """The last step is done: reported, and too late to cancel."""
        if self._progreso is not None:
            self._progreso(Avance(etapa, 1, 1))
