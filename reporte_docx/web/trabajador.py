"""What runs inside each job's own process.

A job runs apart from the server so that it can be stopped at any moment
(cancel, time limit) by ending its process group — photo workers and
LibreOffice included — and so that a crash in a library takes down one job,
never the page. The process reports through a one-way pipe as it goes:
findings, progress, the files it wrote. Only the public API is used.

The process works inside the job's folder (``chdir`` to the workbook's
folder): messages then name files as the user wrote them, never a server path,
and temporary files (LibreOffice's profile included) live in the job's folder
and go away with it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from reporte_docx import api
from reporte_docx.errores import (
    Codigo,
    ErrorDeDatos,
    ErrorDePlantilla,
    ErrorReporte,
    Hallazgo,
)
from reporte_docx.opciones import Avance

#: Resolution of the page previews: a letter page becomes 850 px wide, legible when opened.
DPI_VISTA = 100
NOMBRE_DOCX = "reporte.docx"
NOMBRE_PDF = "reporte.pdf"
#: The public version (versión pública), when asked for: its .docx and PDF.
NOMBRE_PUBLICA = "version-publica.docx"
TIEMPO_VISTA = 120

Avisar = Callable[..., None]


@dataclass(frozen=True)
class Pedido:
    """One job: where its files are and what to do with them."""

    carpeta: Path
    libro: Path | None
    plantilla: Path | None = None
    #: Also the public version (the form's «versión pública» box).
    publica: bool = False

    @property
    def salida(self) -> Path:
        return self.carpeta / "salida"

    @property
    def raiz(self) -> Path:
        """Everything uploaded with the workbook: photos are confined to it."""
        return self.carpeta / "libro"


def ordenar(hallazgos: list[Hallazgo]) -> list[dict[str, Any]]:
    """Errors first, each group in the order the workbook is read; as plain dicts."""
    return [h.como_dict() for h in sorted(hallazgos, key=lambda h: not h.es_error)]


def _revisar_plantilla(pedido: Pedido, avisar: Avisar) -> bool:
    """Check the uploaded template; True when it can be used."""
    assert pedido.plantilla is not None
    avisar("fase", "Revisando la plantilla")
    nombre = pedido.plantilla.name
    try:
        # as bytes: *nombre* then names it in every message, not its place in the job's folder
        hallazgos = api.revisar_plantilla(pedido.plantilla.read_bytes(), nombre=nombre)
    except ErrorDePlantilla as e:
        # not a .docx at all: the user's file is wrong, not the server, so a row of the
        # template's table (as `plantilla verificar` reports it), never «no se pudo terminar»
        lugar = f"plantilla «{nombre}»"
        mensaje = str(e).removeprefix(lugar + ": ")
        hallazgos = e.hallazgos or [Hallazgo(Codigo.PLANTILLA_DANADA, mensaje, lugar=lugar)]
    avisar("plantilla", ordenar(hallazgos))
    return not any(h.es_error for h in hallazgos)


def _leer(pedido: Pedido, avisar: Avisar) -> bool:
    """Read and check the workbook, as ``validar`` does; True when it has no errors.

    Photos are confined to the upload (the library's root folder): a path that
    leaves it is refused without a word about what is outside, and a photo
    that came loose or in a folder of another name is found by its file name.
    """
    assert pedido.libro is not None
    avisar("fase", "Revisando el libro")
    raiz = pedido.raiz
    # as ``generar`` does: photo headers only, decoded only when there are errors anyway
    lectura = api.analizar_libro(pedido.libro.name, decodificar_fotos=False, carpeta_fotos=raiz)
    if lectura.errores:
        lectura = api.analizar_libro(pedido.libro.name, carpeta_fotos=raiz)
    avisar("hallazgos", ordenar(lectura.hallazgos))
    return not lectura.errores


#: What the page says during each step the library reports (``Avance.etapa``).
FASES = {
    "lectura": "Revisando el libro",
    "fotos": "Procesando fotografías",
    "render": "Armando el documento",
    "escritura": "Guardando el documento",
}


def _generar(pedido: Pedido, avisar: Avisar) -> Path | None:
    """Write the .docx; None when the photos turned out bad (their findings are sent)."""
    assert pedido.libro is not None

    def progreso(avance: Avance) -> None:
        etapa = str(avance.etapa)
        avisar("fase", FASES.get(etapa, FASES["render"]))
        if etapa == "fotos":
            avisar("progreso", avance.hechas, avance.total)

    docx = pedido.salida / NOMBRE_DOCX
    try:
        api.generar_reporte(
            pedido.libro.name,
            docx,
            pedido.plantilla,
            carpeta_fotos=pedido.raiz,
            progreso=progreso,
            cache=False,  # other people's photos are not kept once their job is gone
        )
    except ErrorDePlantilla as e:  # found only with the data: shown with the template's
        avisar("plantilla", ordenar(e.hallazgos))
        if not e.hallazgos:
            avisar("error", str(e))
        return None
    except ErrorDeDatos as e:  # a photo that only fails when processed
        avisar("hallazgos", ordenar(e.hallazgos), True)
        return None
    avisar("docx", NOMBRE_DOCX)
    return docx


def _contar_paginas(pdf: Path) -> int:
    """Pages of *pdf* from poppler's ``pdfinfo`` (0 when it cannot tell)."""
    programa = shutil.which("pdfinfo")
    if programa is None:
        return 0
    r = subprocess.run(
        [programa, str(pdf)], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
    for linea in r.stdout.splitlines():
        if linea.startswith("Pages:"):
            return int(linea.split()[1])
    return 0


def _tramos(paginas: int, partes: int) -> list[tuple[int, int]]:
    """*paginas* split in at most *partes* consecutive ranges (1-based, inclusive)."""
    partes = max(1, min(partes, paginas))
    tamano = -(-paginas // partes)
    return [(a, min(a + tamano - 1, paginas)) for a in range(1, paginas + 1, tamano)]


def _vista_previa(pdf: Path, avisar: Avisar) -> None:
    """One image per page of *pdf* (poppler's ``pdftoppm``), or a note that there will be none.

    The pages are split among the machine's cores: one ``pdftoppm`` renders
    one page at a time, and a report of 160 photos has some forty pages.
    """
    programa = shutil.which("pdftoppm")
    if programa is None:
        avisar("sin-vista", "no hay vista previa: falta poppler (pdftoppm) en el servidor")
        return
    avisar("fase", "Preparando la vista previa")
    carpeta = pdf.parent / "paginas"
    carpeta.mkdir()
    # JPEG: a fifth of the work of PNG for pages full of photos, and smaller to send
    orden = [programa, "-jpeg", "-jpegopt", "quality=85", "-r", str(DPI_VISTA)]
    tramos = _tramos(_contar_paginas(pdf), os.cpu_count() or 1) or [(1, 0)]
    procesos = [
        subprocess.Popen(
            [*orden, *(["-f", str(a), "-l", str(b)] if b else []), str(pdf), str(carpeta / "p")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for a, b in tramos
    ]
    fallos = [p.wait(TIEMPO_VISTA) for p in procesos]
    # pdftoppm pads the page number to the width of the last one: names sort as pages
    hechas = sorted(p.name for p in carpeta.glob("p-*.jpg"))
    if any(fallos) or not hechas:
        avisar("sin-vista", "no se pudo preparar la vista previa de las páginas")
        return
    avisar("paginas", hechas)


def _pdf(docx: Path, avisar: Avisar) -> None:
    """The PDF and the page previews, or the reason there are none (the .docx stands)."""
    if api.buscar_libreoffice() is None:
        avisar(
            "sin-vista",
            "este servidor no tiene LibreOffice: no hay PDF ni vista previa de las páginas; "
            "descargue el .docx y ábralo en Word",
        )
        return
    avisar("fase", "Convirtiendo a PDF")
    try:
        pdf = api.convertir_a_pdf(docx, docx.with_name(NOMBRE_PDF))
    except ErrorReporte:
        avisar("sin-vista", "LibreOffice no pudo convertir el documento a PDF; el .docx está bien")
        return
    avisar("pdf", NOMBRE_PDF)
    _vista_previa(pdf, avisar)


def _publica(pedido: Pedido, avisar: Avisar) -> None:
    """The public version beside the report, with its PDF when LibreOffice is at hand.

    Its warnings (a listed text found nowhere…) join the workbook's table; if a listed
    text would be left somewhere, its error does, and no public version is offered.
    """
    assert pedido.libro is not None
    avisar("fase", "Preparando la versión pública")
    try:
        r = api.generar_version_publica(
            pedido.libro.name,
            pedido.salida / NOMBRE_PUBLICA,
            pedido.plantilla,
            pdf=api.buscar_libreoffice() is not None,
            carpeta_fotos=pedido.raiz,
            cache=False,
        )
    except (ErrorDeDatos, ErrorDePlantilla) as e:
        avisar("hallazgos", ordenar(e.hallazgos), True)
        return
    except ErrorReporte as e:
        avisar("sin-vista", f"no se pudo preparar la versión pública: {e}")
        return
    avisar("hallazgos", ordenar(r.avisos), True)
    avisar("publica-docx", NOMBRE_PUBLICA)
    if r.ruta_pdf is not None:
        avisar("publica-pdf", r.ruta_pdf.name)


def _aislar(pedido: Pedido) -> None:
    """Own process group, own temporary folder, the workbook's folder as working folder."""
    if hasattr(os, "setsid"):
        os.setsid()  # the server ends the whole group: photo workers and LibreOffice too
    temporal = pedido.carpeta / "tmp"
    temporal.mkdir(exist_ok=True)
    os.environ["TMPDIR"] = str(temporal)
    tempfile.tempdir = str(temporal)
    pedido.salida.mkdir(exist_ok=True)
    os.chdir(pedido.libro.parent if pedido.libro else pedido.carpeta)


def trabajar(pedido: Pedido, avisar: Avisar) -> None:
    """The whole job, step by step; each step reports what it found."""
    _aislar(pedido)
    if pedido.plantilla is not None and not _revisar_plantilla(pedido, avisar):
        return
    if pedido.libro is None or not _leer(pedido, avisar):
        return
    docx = _generar(pedido, avisar)
    if docx is not None:
        _pdf(docx, avisar)
        if pedido.publica:
            _publica(pedido, avisar)


def ejecutar(conexion: Connection, pedido: Pedido) -> None:
    """Entry point of the job's process: run it, say ``fin`` (or the error) and close."""

    def avisar(*mensaje: Any) -> None:
        conexion.send(mensaje)

    try:
        trabajar(pedido, avisar)
    except ErrorReporte as e:
        avisar("error", str(e))
    except Exception as e:  # a bug: the page says so plainly; the detail stays on the server
        import traceback

        traceback.print_exc()
        avisar("error", f"error inesperado ({type(e).__name__}); es un error de reporte-docx")
    avisar("fin")
    conexion.close()
