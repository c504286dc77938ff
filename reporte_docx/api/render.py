"""A model to a finished, checked document: render, write.

Every render ends the same way: the model's own rules, the photos through the
caller's options (one pool shared by a batch, serial inside a daemonic worker),
the template, the reproducible package and the library's own structural check
of it; nothing is written until the document is known to be good.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING

from reporte_docx.api.llamada import (
    OpcionesDeRender,
    Seguimiento,
    revisar_reporte,
    revisar_sello,
)
from reporte_docx.api.tipos import (
    Cache,
    Cancelar,
    CarpetaFotos,
    Plantilla,
    Resultado,
    plantilla_abierta,
)
from reporte_docx.api.validacion import avisos_del_modelo
from reporte_docx.errores import ErrorDeDatos
from reporte_docx.modelo import Reporte, a_dict, en_el_modelo, reglas_del_reporte
from reporte_docx.opciones import (
    COLUMNAS_PREDETERMINADAS,
    DPI_PREDETERMINADO,
    Etapa,
    Progreso,
)
from reporte_docx.origen import Origen
from reporte_docx.version import __version__

if TYPE_CHECKING:
    from reporte_docx.documento.paquete import Partes

_log = logging.getLogger(__name__)


def textos_con_llave(reporte: Reporte) -> tuple[str, ...]:
    """Every text value of the model holding a brace: user data may contain ``{{``,
    which the structural check must then not take for a template tag left behind."""
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


def encontrar_fotos(reporte: Reporte, carpeta_fotos: CarpetaFotos) -> Reporte:
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


def renderizar_documento(
    reporte: Reporte,
    plantilla: Plantilla,
    seguimiento: Seguimiento,
    opciones: OpcionesDeRender,
    libro_sha256: str,
    fecha: dt.datetime | None,
) -> bytes:
    """The one way every public function renders: rules, photos, template, package, check."""
    partes = renderizar_partes(reporte, plantilla, seguimiento, opciones)
    return terminar_documento(partes, reporte, plantilla, libro_sha256, fecha)


def renderizar_partes(
    reporte: Reporte, plantilla: Plantilla, seguimiento: Seguimiento, opciones: OpcionesDeRender
) -> Partes:
    """The model's rules, its photos and the template: the rendered package, unzipped.

    The photo settings of *opciones* apply to this call in this thread only, so
    renders in other threads with other settings are not disturbed.
    """
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
    with usar_ajustes(ajustes):
        return renderizar_docx(
            reporte,
            plantilla.datos,
            plantilla.nombre,
            progreso=seguimiento,
            dpi=opciones.dpi,
            columnas=opciones.columnas,
        )


def terminar_documento(
    partes: Partes,
    reporte: Reporte,
    plantilla: Plantilla,
    libro_sha256: str,
    fecha: dt.datetime | None,
    propias: dict[str, str] | None = None,
) -> bytes:
    """The rendered *partes* as the reproducible package, checked by the library's own check.

    *propias*: more custom properties (a public version says it is one)."""
    from reporte_docx.documento.instantanea import fechar_instantanea
    from reporte_docx.documento.paquete import fecha_reproducible, terminar_paquete
    from reporte_docx.documento.verificacion import exigir_docx_valido

    inicio = time.perf_counter()
    reproducible = fecha_reproducible(fecha)
    if isinstance(partes, dict):  # the round-trip snapshot says when, as the package does
        partes = dict(partes)
        fechar_instantanea(partes, reproducible)
    docx = terminar_paquete(
        partes,
        libro_sha256=libro_sha256,
        version=__version__,
        fecha=reproducible,
        propias=propias,
    )
    # a template given as a file is re-read on failure, to tell its own damage from a bug
    exigir_docx_valido(docx, textos_con_llave(reporte), _archivo_de(plantilla))
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
    :param plantilla: a :class:`Plantilla`, or a template as a path, bytes or stream;
        ``None`` for the official one.
    :param carpeta_fotos: the folder the report's photo paths are resolved from and
        confined to, or a callable that finds each one (as for a workbook); by default
        they are used as given.
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
    revisar_reporte(reporte)
    revisar_sello(libro_sha256, fecha)
    opciones = OpcionesDeRender.revisar(dpi, columnas, procesos, cache, ejecutor)
    seguimiento = Seguimiento(progreso, cancelar)
    reporte = encontrar_fotos(reporte, carpeta_fotos)
    abierta = plantilla_abierta(plantilla)
    return renderizar_documento(reporte, abierta, seguimiento, opciones, libro_sha256, fecha)


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
    :returns: the :class:`Resultado`, with the path written, any backup made and the
        warnings of the model (as :func:`~reporte_docx.api.validar_reporte`, without
        photos) and template.
    :raises ErrorDeSalida: *salida* exists (without *sobrescribir*) or cannot be written;
        checked before any work is done.
    :raises Cancelado: *cancelar* was set; nothing was written.
    :raises ErrorDeDatos, ErrorDePlantilla, ErrorInterno, TypeError, ValueError: as
        :func:`renderizar_reporte`.
    """
    salida = Path(salida)
    revisar_reporte(reporte)
    revisar_sello(libro_sha256, fecha)
    revisar_destino_pronto(salida, sobrescribir, ignorar_bloqueo)
    opciones = OpcionesDeRender.revisar(dpi, columnas, procesos, cache, ejecutor)
    seguimiento = Seguimiento(progreso, cancelar)
    abierta = plantilla_abierta(plantilla)
    docx = renderizar_documento(
        encontrar_fotos(reporte, carpeta_fotos),
        abierta,
        seguimiento,
        opciones,
        libro_sha256,
        fecha,
    )
    # the model's warnings (a date outside the quarter…) as a workbook's would be returned
    avisos = avisos_del_modelo(reporte) + abierta.avisos
    resultado = Resultado(reporte, docx, avisos=avisos)
    return escribir(resultado, salida, sobrescribir, ignorar_bloqueo, seguimiento)


def escribir(
    resultado: Resultado,
    salida: Path,
    sobrescribir: bool,
    ignorar_bloqueo: bool,
    seguimiento: Seguimiento,
) -> Resultado:
    """Write the finished document of *resultado* to *salida*: the last step of a generation.

    The backup of an edited document is made only now, when the new one is known
    to be good; this is the last point where a cancel is heard.
    """
    from reporte_docx.documento.salida import escribir_reporte

    seguimiento.paso(Etapa.ESCRITURA, False)
    inicio = time.perf_counter()
    resultado.respaldo = escribir_reporte(
        salida, resultado.docx, sobrescribir, ignorar_bloqueo=ignorar_bloqueo
    )
    resultado.ruta = salida
    _log.debug("«%s» escrito en %.3f s", salida, time.perf_counter() - inicio)
    seguimiento.terminado(Etapa.ESCRITURA)
    return resultado


def revisar_destino_pronto(salida: Path, sobrescribir: bool, ignorar_bloqueo: bool) -> None:
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
