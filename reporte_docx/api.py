"""The public API: workbook → model → checked document, for programs and the command line.

Everything a program needs is here and in :mod:`reporte_docx` (which re-exports
it). Inputs may be paths, bytes or binary streams; results are data
(:class:`Resultado`, :class:`~reporte_docx.modelo.Lectura`, lists of
:class:`~reporte_docx.errores.Hallazgo`); problems in the user's data are
:class:`~reporte_docx.errores.ErrorReporte` subclasses that pickle with their
findings; a caller's mistake (a wrong type, an option out of range) is a
:class:`TypeError` or :class:`ValueError`.

This module imports nothing heavy at load time — openpyxl, docxtpl, lxml and
Pillow load on the first call — so ``import reporte_docx`` and the command
line start at once. Nothing here prints; timings go to the ``reporte_docx``
logger at DEBUG level.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from pathlib import Path

from reporte_docx.errores import Cancelado, ErrorDeDatos, ErrorDeSalida, Hallazgo
from reporte_docx.fotos.comprimido import LibroEnZip
from reporte_docx.modelo import Lectura, Reporte, en_el_modelo, reglas_del_reporte
from reporte_docx.opciones import (
    COLUMNAS_MAXIMAS,
    COLUMNAS_PREDETERMINADAS,
    DPI_MAXIMO,
    DPI_MINIMO,
    DPI_PREDETERMINADO,
    Avance,
    Etapa,
    Progreso,
)
from reporte_docx.origen import Origen, como_ruta, leer_origen
from reporte_docx.version import __version__

_log = logging.getLogger(__name__)

#: What cancels a generation: a :class:`threading.Event` that gets set, or a
#: callable that returns ``True``. It is looked at before each step and between photos.
Cancelar = threading.Event | Callable[[], bool]
#: Where the photos named in a workbook are found: a root folder they may not leave,
#: or a callable that maps a path as written to the file (``None`` when it has none).
#: The same as :data:`reporte_docx.fotos.rutas.OrigenFotos`, named here without loading it.
CarpetaFotos = str | os.PathLike[str] | Callable[[str], "str | os.PathLike[str] | None"] | None
#: The photo cache: ``True`` the user's cache folder (or ``$REPORTE_DOCX_CACHE``),
#: ``False`` none, or a folder of the caller's.
Cache = bool | str | os.PathLike[str]


@dataclass
class Resultado:
    """What one generation produced.

    *docx* is the finished document; *ruta* where it was written (``None`` when it
    was only rendered); *respaldo* the backup made of an edited document it
    replaced; *avisos* the warnings of the workbook or model and the template.
    """

    reporte: Reporte
    docx: bytes
    ruta: Path | None = None
    respaldo: Path | None = None
    avisos: list[Hallazgo] = field(default_factory=list)

    @property
    def tamano(self) -> int:
        """Size of the document in bytes."""
        return len(self.docx)


@dataclass
class Verificacion:
    """What :func:`verificar_documento` found in a .docx.

    *errores* are structural problems; *etiquetas* template tags left in the text
    (harmless when the data holds them on purpose); *version* the reporte-docx
    version that generated it (``None`` if it did not), and *editado* whether it
    was changed since.
    """

    errores: list[Hallazgo]
    etiquetas: list[Hallazgo]
    version: str | None
    editado: bool


class Plantilla:
    """A Word template opened and checked once, then used for any number of reports.

    Build it with :meth:`abrir` and pass it wherever a ``plantilla`` is taken.
    It holds the template's bytes; each render works on its own copy, so one
    :class:`Plantilla` may be shared by threads and pickled to worker processes.
    """

    def __init__(self, datos: bytes, nombre: str, avisos: list[Hallazgo]) -> None:
        #: The .docx bytes, already checked.
        self.datos = datos
        #: How messages name the template.
        self.nombre = nombre
        #: Warnings of the check (errors would have stopped :meth:`abrir`).
        self.avisos = avisos

    @classmethod
    def abrir(cls, origen: Origen | None = None, *, nombre: str | None = None) -> Plantilla:
        """Open and check the template at *origen* (the official one when ``None``).

        :param origen: a path, the .docx bytes, or a binary stream.
        :param nombre: how messages name an in-memory template (default «plantilla.docx»).
        :returns: the checked template; its warnings are in :attr:`avisos`.
        :raises ErrorDePlantilla: missing, not a .docx, or with errors (each in ``hallazgos``).
        :raises TypeError: *origen* is not a path, bytes or a binary stream.
        """
        from reporte_docx.plantilla.render import preparar_plantilla

        return cls(*preparar_plantilla(origen, nombre))

    def __repr__(self) -> str:
        return f"Plantilla({self.nombre!r})"


# -- checking what the caller passed (their mistakes are TypeError/ValueError) ------


@dataclass(frozen=True)
class _Opciones:
    """The rendering options of one call, checked (a caller's mistake is a TypeError/ValueError)."""

    dpi: int
    columnas: int
    procesos: int | None
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
    ) -> _Opciones:
        for nombre, valor, minimo, maximo in (
            ("dpi", dpi, DPI_MINIMO, DPI_MAXIMO),
            ("columnas", columnas, 1, COLUMNAS_MAXIMAS),
        ):
            if isinstance(valor, bool) or not isinstance(valor, int):
                raise TypeError(f"{nombre}={valor!r}: se esperaba un entero")
            if not minimo <= valor <= maximo:
                raise ValueError(f"{nombre}={valor!r}: use un entero de {minimo} a {maximo}")
        if procesos is not None and (
            isinstance(procesos, bool) or not isinstance(procesos, int) or procesos < 1
        ):
            raise ValueError(f"procesos={procesos!r}: use un entero de 1 en adelante, o None")
        if cache is not None and not isinstance(cache, (bool, str, os.PathLike)):
            raise TypeError(f"cache={cache!r}: use True, False o la ruta de una carpeta")
        if ejecutor is not None and not isinstance(ejecutor, Executor):
            raise TypeError(f"ejecutor={ejecutor!r}: use un concurrent.futures.Executor")
        carpeta = cache if cache is None or isinstance(cache, bool) else Path(cache)
        return cls(dpi, columnas, procesos, carpeta, ejecutor)


def _revisar_reporte(reporte: object) -> Reporte:
    if not isinstance(reporte, Reporte):
        raise TypeError(f"se esperaba un Reporte, no {type(reporte).__name__}")
    return reporte


class _Seguimiento:
    """The caller's progress callback and cancellation, as one ``Avance`` callback.

    Every report of progress is also a point where cancellation is looked at,
    so a cancelled run stops before the next photo or step, never mid-write.
    """

    def __init__(self, progreso: Progreso | None, cancelar: Cancelar | None) -> None:
        self._progreso, self._cancelar = progreso, cancelar
        self._inicio = time.perf_counter()

    def cancelado(self) -> bool:
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
        self(Avance(etapa, int(hecho), 1))

    def terminado(self, etapa: Etapa) -> None:
        """The last step is done: reported, and too late to cancel."""
        if self._progreso is not None:
            self._progreso(Avance(etapa, 1, 1))


# -- the workbook ---------------------------------------------------------------------


@dataclass
class _LibroLeido:
    """A workbook given any way, as the path its reader opens.

    *datos* are its bytes when it came in memory; *carpeta* the private temporary
    folder they were written to (``None`` for a workbook given by path).
    """

    ruta: Path
    nombre: str
    datos: bytes | None = None
    carpeta: Path | None = None
    conservada: bool = False

    def conservar(self, reporte: Reporte | None) -> None:
        """Keep the temporary copy while *reporte* lives, if photos pasted in it are read
        from there (they are read when rendered); else it goes at the end of the block."""
        if self.carpeta is None or reporte is None:
            return
        if any(f.pegada is not None for f in reporte.fotografias):
            weakref.finalize(reporte, shutil.rmtree, self.carpeta, True)
            self.conservada = True


@contextlib.contextmanager
def _libro_en_disco(libro: Origen, nombre: str | None) -> Iterator[_LibroLeido]:
    """The workbook *libro* (a path, bytes or a stream) as a file its reader can open.

    The reader checks a file before openpyxl opens it (zip bombs, encrypted
    files…), so bytes and streams go to a private temporary folder, under the
    name the caller gave; it is removed at the end of the block unless
    :meth:`_LibroLeido.conservar` kept it for a report.
    """
    ruta = como_ruta(libro)
    if ruta is not None:
        yield _LibroLeido(ruta, str(ruta))
        return
    datos = leer_origen(libro, "libro")
    nombre = Path(nombre or "libro.xlsx").name
    carpeta = Path(tempfile.mkdtemp(prefix="reporte-docx-libro-"))
    leido = _LibroLeido(carpeta / nombre, nombre, datos, carpeta)
    try:
        leido.ruta.write_bytes(datos)
        yield leido
    finally:
        if not leido.conservada:
            shutil.rmtree(carpeta, ignore_errors=True)


def _sin_temporal(hallazgos: list[Hallazgo], temporal: Path, nombre: str) -> list[Hallazgo]:
    """Findings that name the temporary copy name the workbook as the caller called it."""
    if str(temporal) == nombre:
        return hallazgos
    carpeta = str(temporal.parent)

    def sin(texto: str | None) -> str | None:
        if texto is None:
            return None
        return texto.replace(str(temporal), nombre).replace(carpeta + os.sep, "")

    return [replace(h, lugar=sin(h.lugar), mensaje=sin(h.mensaje) or "") for h in hallazgos]


def _analizar(ruta: Path, nombre: str, carpeta_fotos: CarpetaFotos, decodificar: bool) -> Lectura:
    from reporte_docx.libro.lectura import analizar_libro as leer

    inicio = time.perf_counter()
    lectura = leer(ruta, decodificar_fotos=decodificar, carpeta_fotos=carpeta_fotos)
    lectura.hallazgos = _sin_temporal(lectura.hallazgos, ruta, nombre)
    _log.debug("libro «%s» leído en %.3f s", nombre, time.perf_counter() - inicio)
    return lectura


def analizar_libro(
    libro: Origen,
    *,
    carpeta_fotos: CarpetaFotos = None,
    nombre: str | None = None,
    decodificar_fotos: bool = True,
) -> Lectura:
    """Read and check a whole workbook; problems in it are findings, never exceptions.

    :param libro: the .xlsx as a path, bytes or a binary stream.
    :param carpeta_fotos: the folder photo paths are resolved from and confined to
        (absolute paths, ``..`` and links that leave it are refused), or a callable
        that maps a path as written to its file; by default the workbook's own folder
        (a workbook given as bytes has none: pass it).
    :param nombre: how messages name a workbook given as bytes (default «libro.xlsx»).
    :param decodificar_fotos: decode every photo (at reduced scale) to catch a truncated
        one; ``False`` reads only their headers, which is enough when the report is
        rendered right after (a bad photo is reported by its row then).
    :returns: the :class:`~reporte_docx.modelo.Lectura`: the report when it has no
        errors, and every finding (errors and warnings) located by sheet, row and column.
    :raises TypeError: *libro* is not a path, bytes or a binary stream.
    """
    with _libro_en_disco(libro, nombre) as leido:
        lectura = _analizar(leido.ruta, leido.nombre, carpeta_fotos, decodificar_fotos)
        leido.conservar(lectura.reporte)
        return lectura


def leer_libro(
    libro: Origen,
    *,
    carpeta_fotos: CarpetaFotos = None,
    nombre: str | None = None,
) -> Reporte:
    """The workbook as a :class:`~reporte_docx.modelo.Reporte`.

    Parameters as :func:`analizar_libro`.

    :raises ErrorDeDatos: the workbook has errors (every one in ``hallazgos``).
    :raises TypeError: *libro* is not a path, bytes or a binary stream.
    """
    lectura = analizar_libro(libro, carpeta_fotos=carpeta_fotos, nombre=nombre)
    if lectura.reporte is None:
        raise ErrorDeDatos(lectura.hallazgos)
    return lectura.reporte


def validar_reporte(reporte: Reporte, *, revisar_fotos: bool = True) -> list[Hallazgo]:
    """Apply the workbook's rules to a report built in code; errors first, then warnings.

    :param reporte: the report to check.
    :param revisar_fotos: also open every photo file (missing, not an image, too large).
    :returns: every finding; each says where in the model (``lugar``) and, as data,
        the activity id, the photo's index in it and its path. Empty means it is fine.
    :raises TypeError: *reporte* is not a :class:`~reporte_docx.modelo.Reporte`.
    """
    hallazgos = reglas_del_reporte(_revisar_reporte(reporte))
    if revisar_fotos:
        from reporte_docx.fotos.apertura import FotoInvalida
        from reporte_docx.fotos.revision import verificar_foto

        for i, a in enumerate(reporte.actividades):
            for j, f in enumerate(a.fotografias):
                try:
                    verificar_foto(f.origen, decodificar=False)  # a file, or pasted in the workbook
                except FotoInvalida as e:
                    hallazgos.append(
                        Hallazgo(
                            e.codigo,
                            str(e),
                            lugar=f"Reporte.actividades[{i}].fotografias[{j}]",
                            actividad=a.id,
                            foto=j,
                            ruta=str(f.archivo),
                            valor=str(f.archivo),
                        )
                    )
    return sorted(hallazgos, key=lambda h: not h.es_error)


# -- rendering -------------------------------------------------------------------------


def _textos(reporte: Reporte) -> tuple[str, ...]:
    """Every text value of the model holding a brace: user data may contain ``{{``."""
    from reporte_docx.modelo import a_dict

    textos: list[str] = []

    def recorrer(valor: object) -> None:
        if isinstance(valor, str):
            textos.append(valor)
        elif isinstance(valor, list):
            for v in valor:
                recorrer(v)
        elif isinstance(valor, dict):
            for v in valor.values():
                recorrer(v)

    recorrer(a_dict(reporte))
    return tuple(t for t in textos if "{" in t)


def _fotos_encontradas(reporte: Reporte, carpeta_fotos: CarpetaFotos) -> Reporte:
    """*reporte* with its photos found through *carpeta_fotos* (unchanged without one).

    Raises :class:`ErrorDeDatos` naming, as data, the activity and photo of each one
    that cannot be used (outside the folder, missing, not an image).
    """
    if carpeta_fotos is None:
        return reporte
    from reporte_docx.fotos.revision import resolver_fotos

    try:
        return resolver_fotos(reporte, carpeta_fotos)
    except ErrorDeDatos as e:
        raise ErrorDeDatos(en_el_modelo(e.hallazgos, reporte)) from None


def _plantilla(plantilla: Plantilla | Origen | None) -> Plantilla:
    return plantilla if isinstance(plantilla, Plantilla) else Plantilla.abrir(plantilla)


def _renderizar(
    reporte: Reporte,
    plantilla: Plantilla,
    seguimiento: _Seguimiento,
    opciones: _Opciones,
    libro_sha256: str,
    fecha: dt.datetime | None,
) -> bytes:
    from reporte_docx.documento.paquete import fecha_reproducible, terminar_paquete
    from reporte_docx.documento.verificacion import exigir_docx_valido
    from reporte_docx.fotos.paralelo import AjustesFotos, ajustes_actuales, usar_ajustes
    from reporte_docx.plantilla.render import renderizar_docx

    errores = [h for h in reglas_del_reporte(reporte) if h.es_error]
    if errores:
        raise ErrorDeDatos(errores)
    actuales = ajustes_actuales()
    ajustes = AjustesFotos(
        actuales.procesos if opciones.procesos is None else opciones.procesos,
        opciones.ejecutor or actuales.ejecutor,
        actuales.cache if opciones.cache is None else opciones.cache,
    )
    with usar_ajustes(ajustes):  # this call's, in this thread only
        crudo = renderizar_docx(
            reporte,
            plantilla.datos,
            plantilla.nombre,
            progreso=seguimiento,
            dpi=opciones.dpi,
            columnas=opciones.columnas,
        )
    inicio = time.perf_counter()
    docx = terminar_paquete(
        crudo, libro_sha256=libro_sha256, version=__version__, fecha=fecha_reproducible(fecha)
    )
    # a template given as a file is re-read on failure, to tell its own damage from a bug
    exigir_docx_valido(docx, _textos(reporte), _archivo_de(plantilla))
    _log.debug("documento terminado y verificado en %.3f s", time.perf_counter() - inicio)
    return docx


def _archivo_de(plantilla: Plantilla) -> Path | None:
    ruta = Path(plantilla.nombre)
    return ruta if ruta.is_file() else None


def renderizar_reporte(
    reporte: Reporte,
    plantilla: Plantilla | Origen | None = None,
    *,
    carpeta_fotos: CarpetaFotos = None,
    dpi: int = DPI_PREDETERMINADO,
    columnas: int = COLUMNAS_PREDETERMINADAS,
    libro_sha256: str = "",
    fecha: dt.datetime | None = None,
    progreso: Progreso | None = None,
    cancelar: Cancelar | None = None,
    procesos: int | None = None,
    cache: Cache | None = None,
    ejecutor: Executor | None = None,
) -> bytes:
    """The finished, checked .docx of *reporte* as bytes; nothing is written to disk.

    :param reporte: the report (from a workbook, :meth:`Reporte.desde_dict` or code).
    :param carpeta_fotos: the folder the report's photo paths are resolved from and
        confined to, or a callable that finds each one (as for a workbook); by default
        they are used as given.
    :param plantilla: a :class:`Plantilla`, or a template as a path, bytes or stream;
        ``None`` for the official one.
    :param dpi: resolution of the photos in the document (50 to 600).
    :param columnas: photos per row of an activity's grid (1 to 4).
    :param libro_sha256: fingerprint of the source workbook, recorded in the document.
    :param fecha: the document's date (default ``SOURCE_DATE_EPOCH``, else now).
    :param progreso: called with an :class:`~reporte_docx.opciones.Avance` at each step
        and after each photo.
    :param cancelar: an :class:`threading.Event` or a callable; once set (or true), the
        render stops at the next photo or step with :class:`Cancelado`.
    :param procesos: processes for the photos (1 = in this thread; default all cores).
    :param cache: the processed-photo cache: ``True`` the user's cache folder, ``False``
        none, or a folder; ``None`` (the default) leaves it as set for this thread, else
        ``True``. *procesos* and *ejecutor* left ``None`` are likewise not changed.
    :param ejecutor: a :class:`concurrent.futures.Executor` the caller owns (and shuts
        down) to process the photos in, instead of a pool per report: one pool shared
        by a batch. It takes precedence over *procesos*.
    :returns: the .docx bytes.
    :raises ErrorDeDatos: the report breaks a rule, or a photo cannot be used.
    :raises ErrorDePlantilla: the template cannot be used.
    :raises Cancelado: *cancelar* was set.
    :raises ErrorInterno: the document failed the library's own check (a bug).
    :raises TypeError, ValueError: an argument of the wrong type or out of range.
    """
    _revisar_reporte(reporte)
    opciones = _Opciones.revisar(dpi, columnas, procesos, cache, ejecutor)
    seguimiento = _Seguimiento(progreso, cancelar)
    reporte = _fotos_encontradas(reporte, carpeta_fotos)
    return _renderizar(reporte, _plantilla(plantilla), seguimiento, opciones, libro_sha256, fecha)


def guardar_reporte(
    reporte: Reporte,
    salida: str | os.PathLike[str],
    plantilla: Plantilla | Origen | None = None,
    *,
    carpeta_fotos: CarpetaFotos = None,
    sobrescribir: bool = False,
    ignorar_bloqueo: bool = False,
    dpi: int = DPI_PREDETERMINADO,
    columnas: int = COLUMNAS_PREDETERMINADAS,
    libro_sha256: str = "",
    fecha: dt.datetime | None = None,
    progreso: Progreso | None = None,
    cancelar: Cancelar | None = None,
    procesos: int | None = None,
    cache: Cache | None = None,
    ejecutor: Executor | None = None,
) -> Resultado:
    """Render *reporte* and write it to *salida* safely (temporary file, then rename).

    Parameters as :func:`renderizar_reporte`, and:

    :param salida: the .docx to write.
    :param sobrescribir: replace an existing file (kept first as a backup if it was
        edited after it was generated); without it an existing file is an error.
    :param ignorar_bloqueo: replace it even beside a Word lock file (``~$…docx``, left by
        a Word session that crashed); without it a report open in Word is not replaced.
    :returns: the :class:`Resultado`, with the path written and any backup made.
    :raises ErrorDeSalida: *salida* exists (without *sobrescribir*) or cannot be written;
        checked before any work is done.
    :raises Cancelado: *cancelar* was set; nothing was written.
    """
    salida = Path(salida)
    _revisar_pronto(salida, sobrescribir, ignorar_bloqueo)
    _revisar_reporte(reporte)
    opciones = _Opciones.revisar(dpi, columnas, procesos, cache, ejecutor)
    seguimiento = _Seguimiento(progreso, cancelar)
    docx = _renderizar(
        _fotos_encontradas(reporte, carpeta_fotos),
        _plantilla(plantilla),
        seguimiento,
        opciones,
        libro_sha256,
        fecha,
    )
    return _escribir(Resultado(reporte, docx), salida, sobrescribir, ignorar_bloqueo, seguimiento)


def _escribir(
    resultado: Resultado,
    salida: Path,
    sobrescribir: bool,
    ignorar_bloqueo: bool,
    seguimiento: _Seguimiento,
) -> Resultado:
    from reporte_docx.documento.salida import escribir_reporte

    seguimiento.paso(Etapa.ESCRITURA, False)  # the last point where a cancel is heard
    inicio = time.perf_counter()
    # the backup is made only now, when the new document is known to be good
    resultado.respaldo = escribir_reporte(
        salida, resultado.docx, sobrescribir, ignorar_bloqueo=ignorar_bloqueo
    )
    resultado.ruta = salida
    _log.debug("«%s» escrito en %.3f s", salida, time.perf_counter() - inicio)
    seguimiento.terminado(Etapa.ESCRITURA)
    return resultado


def _revisar_pronto(salida: Path, sobrescribir: bool, ignorar_bloqueo: bool) -> None:
    """Fail fast, before any work, on a destination that will be refused anyway."""
    from reporte_docx.documento.salida import (
        preparar_destino,
        revisar_destino,
        revisar_reemplazo,
    )

    revisar_destino(salida)
    if not sobrescribir:
        preparar_destino(salida, sobrescribir=False)
    elif salida.exists():
        revisar_reemplazo(salida, ignorar_bloqueo)


def _mismo_archivo(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # either one missing: not the same existing file
        return False


def renderizar_libro(
    libro: Origen,
    plantilla: Plantilla | Origen | None = None,
    *,
    carpeta_fotos: CarpetaFotos = None,
    nombre: str | None = None,
    dpi: int = DPI_PREDETERMINADO,
    columnas: int = COLUMNAS_PREDETERMINADAS,
    progreso: Progreso | None = None,
    cancelar: Cancelar | None = None,
    procesos: int | None = None,
    cache: Cache | None = None,
    ejecutor: Executor | None = None,
) -> Resultado:
    """Workbook to finished document, in memory: what a web service needs.

    Parameters as :func:`analizar_libro` and :func:`renderizar_reporte`. The
    document records the workbook's fingerprint and date, as the command line's.

    :returns: the :class:`Resultado` (``ruta`` is ``None``), with the workbook's warnings.
    :raises ErrorDeDatos: the workbook or a photo has errors (all of them listed).
    :raises ErrorDePlantilla, Cancelado, ErrorInterno: as :func:`renderizar_reporte`.
    """
    opciones = _Opciones.revisar(dpi, columnas, procesos, cache, ejecutor)
    seguimiento = _Seguimiento(progreso, cancelar)
    with _libro_en_disco(libro, nombre) as leido:
        resultado = _del_libro(leido, plantilla, carpeta_fotos, seguimiento, opciones)
        leido.conservar(resultado.reporte)
        return resultado


def _del_libro(
    leido: _LibroLeido,
    plantilla: Plantilla | Origen | None,
    carpeta_fotos: CarpetaFotos,
    seguimiento: _Seguimiento,
    opciones: _Opciones,
    antes_de_renderizar: Callable[[], None] | None = None,
) -> Resultado:
    """The steps of :func:`renderizar_libro`; *antes_de_renderizar* runs once the workbook
    is known to be good (``generar_reporte`` checks its destination there)."""
    from reporte_docx.documento.paquete import fecha_del_libro, huella

    seguimiento.paso(Etapa.LECTURA, False)
    # photos are decoded once, when processed; here only their headers are read
    lectura = _analizar(leido.ruta, leido.nombre, carpeta_fotos, decodificar=False)
    if lectura.reporte is None and lectura.hallazgos:
        # nothing will be rendered: decode the photos now so that a truncated one is
        # listed in this same pass with every other mistake
        lectura = _analizar(leido.ruta, leido.nombre, carpeta_fotos, decodificar=True)
    if lectura.reporte is None:
        raise ErrorDeDatos(lectura.hallazgos)
    if antes_de_renderizar is not None:
        antes_de_renderizar()
    seguimiento.paso(Etapa.LECTURA, True)
    # the template after the workbook: the data's mistakes are the ones to show first
    abierta = _plantilla(plantilla)
    # the workbook's own saved date (it travels with the file, a copy gets a new mtime) and
    # hash; from disk, read in blocks, when it is a file (a workbook of pasted photos is
    # never held in memory whole)
    fuente: bytes | Path = leido.ruta if leido.datos is None else leido.datos
    docx = _renderizar(
        lectura.reporte, abierta, seguimiento, opciones, huella(fuente), fecha_del_libro(fuente)
    )
    return Resultado(lectura.reporte, docx, avisos=lectura.avisos + abierta.avisos)


def generar_reporte(
    libro: Origen,
    salida: str | os.PathLike[str] | None = None,
    plantilla: Plantilla | Origen | None = None,
    *,
    sobrescribir: bool = False,
    ignorar_bloqueo: bool = False,
    carpeta_fotos: CarpetaFotos = None,
    nombre: str | None = None,
    dpi: int = DPI_PREDETERMINADO,
    columnas: int = COLUMNAS_PREDETERMINADAS,
    progreso: Progreso | None = None,
    cancelar: Cancelar | None = None,
    procesos: int | None = None,
    cache: Cache | None = None,
    ejecutor: Executor | None = None,
) -> Resultado:
    """Generate the report of workbook *libro* and write it: what the command line runs.

    Parameters as :func:`renderizar_libro` and :func:`guardar_reporte`; *salida*
    defaults to the workbook's name with ``.docx`` beside it (a workbook given as
    bytes needs one).

    :returns: the :class:`Resultado`, with the path written, any backup made and the
        workbook's warnings.
    :raises ErrorDeDatos: the workbook or a photo has errors (all of them listed).
    :raises ErrorDeSalida: *salida* exists (without *sobrescribir*), cannot be written, or
        is the workbook itself; checked right after the workbook is read, before rendering.
    :raises ErrorDePlantilla, Cancelado, ErrorInterno: as :func:`renderizar_reporte`.
    :raises ValueError: *libro* is bytes or a stream and no *salida* was given.
    """
    ruta_libro = como_ruta(libro)
    if salida is None and ruta_libro is None:
        raise ValueError("salida: hace falta cuando el libro se da como bytes o flujo")
    destino = Path(salida) if salida is not None else ruta_libro.with_suffix(".docx")  # type: ignore[union-attr]
    if ruta_libro is not None and _mismo_archivo(ruta_libro, destino):
        from reporte_docx.libro.apertura import revisar_archivo

        revisar_archivo(ruta_libro)  # most likely a Word document given as the workbook: say so
        raise ErrorDeSalida(
            f"el reporte se escribiría encima del propio libro «{ruta_libro}»; indique otro "
            "nombre para el documento (p. ej. «reporte.docx»)"
        )
    opciones = _Opciones.revisar(dpi, columnas, procesos, cache, ejecutor)
    seguimiento = _Seguimiento(progreso, cancelar)
    with _libro_en_disco(libro, nombre) as leido:
        # the inputs before the output: a problem of the workbook is said even when the
        # destination exists; the destination before any rendering work
        resultado = _del_libro(
            leido,
            plantilla,
            carpeta_fotos,
            seguimiento,
            opciones,
            lambda: _revisar_pronto(destino, sobrescribir, ignorar_bloqueo),
        )
        leido.conservar(resultado.reporte)
    return _escribir(resultado, destino, sobrescribir, ignorar_bloqueo, seguimiento)


# -- the other commands, for the command line and for programs -------------------------


def revisar_plantilla(origen: Origen, *, nombre: str | None = None) -> list[Hallazgo]:
    """Check a Word template without data: every problem found, errors first.

    :param origen: the template as a path, bytes or a binary stream.
    :param nombre: how messages name an in-memory template.
    :raises ErrorDePlantilla: it cannot be opened as a .docx at all.
    :raises TypeError: *origen* is not a path, bytes or a binary stream.
    """
    from reporte_docx.plantilla.revision import revisar_plantilla as revisar

    return revisar(origen, nombre)


def copiar_plantilla_oficial(destino: str | os.PathLike[str]) -> Path:
    """Write a copy of the official template to *destino* (never over an existing file).

    :raises ErrorDeSalida: *destino* exists, is not a .docx name, or cannot be written.
    """
    from reporte_docx.documento.salida import escribir_atomico
    from reporte_docx.plantilla.archivo import plantilla_oficial

    destino = Path(destino)
    if destino.suffix.lower() != ".docx":
        raise ErrorDeSalida(
            f"«{destino}»: la plantilla debe tener la extensión .docx "
            f"(p. ej. «{destino.with_suffix('.docx').name}»)"
        )
    if os.path.lexists(destino):
        raise ErrorDeSalida(f"«{destino}» ya existe; elija otro nombre")
    # atomic and never over a file: a missing folder or no permission is an ErrorDeSalida
    escribir_atomico(destino, plantilla_oficial().read_bytes(), reemplazar=False)
    return destino


@contextlib.contextmanager
def abrir_zip(origen: Origen) -> Iterator[LibroEnZip]:
    """A .zip holding a workbook and its photos, unpacked for the ``with`` block only.

    Safe against entries that leave the folder (zip slip), links and zip bombs; the
    folder is removed afterwards. Use it as::

        with abrir_zip(subido) as z:
            resultado = renderizar_libro(z.libro, carpeta_fotos=z.carpeta_fotos)

    :param origen: the .zip as a path, bytes or a binary stream.
    :raises ErrorDeDatos: it is not a usable .zip (no workbook, unsafe, too large).
    """
    from reporte_docx.fotos.comprimido import abrir_zip as abrir

    ruta = como_ruta(origen)
    with abrir(ruta if ruta is not None else leer_origen(origen, "origen")) as zip_abierto:
        yield zip_abierto


def extraer_zip(
    origen: Origen,
    destino: str | os.PathLike[str],
    *,
    limite_bytes: int | None = None,
    limite_archivos: int | None = None,
) -> LibroEnZip:
    """Unpack a .zip of a workbook and its photos into *destino*, a new empty folder.

    What :func:`abrir_zip` does, for a caller that keeps the folder (a web job's).
    The limits default to those of :mod:`reporte_docx.fotos.comprimido` (2 GB, 5000 files).

    :raises ErrorDeDatos: it is not a usable .zip (no workbook, unsafe, too large).
    """
    from reporte_docx.fotos import comprimido

    ruta = como_ruta(origen)
    return comprimido.extraer_zip(
        ruta if ruta is not None else leer_origen(origen, "origen"),
        Path(destino),
        limite_bytes=comprimido.LIMITE_BYTES if limite_bytes is None else limite_bytes,
        limite_archivos=comprimido.LIMITE_ARCHIVOS if limite_archivos is None else limite_archivos,
    )


@contextlib.contextmanager
def grupo_de_procesos(procesos: int | None = None) -> Iterator[Executor]:
    """A process pool for a batch of reports, to pass as ``ejecutor=`` to each.

    It starts its workers the safe way for the process it is in (no ``fork`` with
    other threads running) and is closed at the end of the ``with`` block.

    :param procesos: how many workers (default: every core this process may use).
    :raises RuntimeError: inside a daemonic process (a ``multiprocessing.Pool``
        worker), which may not have children: use ``procesos=1`` there.
    """
    from reporte_docx.fotos.paralelo import grupo_de_procesos as grupo

    with grupo(procesos) as abierto:
        yield abierto


def plantilla_oficial() -> Path:
    """Path of the official template shipped with the package (read it, never write it)."""
    from reporte_docx.plantilla.archivo import plantilla_oficial as oficial

    return oficial()


def buscar_libreoffice() -> str | None:
    """The LibreOffice program :func:`convertir_a_pdf` would use, or ``None`` if not installed."""
    from reporte_docx.documento.pdf import buscar_libreoffice as buscar

    return buscar()


def crear_libro_nuevo(destino: str | os.PathLike[str]) -> Path:
    """Write the empty workbook, ready to fill in Excel, to *destino*; returns its path.

    :raises ErrorDeSalida: *destino* exists, is not an .xlsx name, or cannot be written.
    """
    from reporte_docx.libro.nuevo import crear_libro_nuevo as crear

    return crear(Path(destino))


def verificar_documento(docx: Origen, textos_permitidos: Iterable[str] = ()) -> Verificacion:
    """Check the structure of a .docx (generated or not) and whether it was edited.

    :param docx: the document as a path, bytes or a binary stream.
    :param textos_permitidos: texts of the data that may look like template tags.
    :raises TypeError: *docx* is not a path, bytes or a binary stream.
    """
    from reporte_docx.documento.paquete import PROP_VERSION, fue_editado, leer_propiedades
    from reporte_docx.documento.verificacion import ETIQUETA_SIN_PROCESAR, revisar_docx

    ruta = como_ruta(docx)
    datos = ruta if ruta is not None else leer_origen(docx, "docx")
    hallazgos = revisar_docx(datos, textos_permitidos)
    version = leer_propiedades(datos).get(PROP_VERSION) if ruta is None or ruta.is_file() else None
    return Verificacion(
        errores=[h for h in hallazgos if h.codigo != ETIQUETA_SIN_PROCESAR],
        etiquetas=[h for h in hallazgos if h.codigo == ETIQUETA_SIN_PROCESAR],
        version=version,
        editado=bool(version) and ruta is not None and fue_editado(ruta),
    )


def verificar_docx(docx: Origen, textos_permitidos: Iterable[str] = ()) -> list[str]:
    """Every structural problem of *docx*, in Spanish; an empty list means it is sound."""
    verificacion = verificar_documento(docx, textos_permitidos)
    return [str(h) for h in verificacion.errores + verificacion.etiquetas]


def convertir_a_pdf(
    docx: str | os.PathLike[str],
    destino: str | os.PathLike[str] | None = None,
    *,
    sobrescribir: bool = False,
) -> Path:
    """Convert a .docx to PDF with LibreOffice (by default beside it); returns the PDF's path.

    :raises ErrorDeSalida: LibreOffice is missing, fails or takes too long, or the PDF
        exists and *sobrescribir* is false (it is then left as it was).
    """
    from reporte_docx.documento.pdf import convertir_a_pdf as convertir

    return convertir(
        Path(docx), Path(destino) if destino is not None else None, sobrescribir=sobrescribir
    )
