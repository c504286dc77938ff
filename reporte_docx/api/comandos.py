"""The other commands, for the command line and for programs: templates, zips, pools, PDF.

Each is a thin, typed entry over the layer that does the work, imported on
first use so that ``import reporte_docx`` stays light.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor
from pathlib import Path

from reporte_docx.api.llamada import revisar_procesos
from reporte_docx.api.tipos import Verificacion
from reporte_docx.errores import Codigo, ErrorDeSalida, Hallazgo
from reporte_docx.fotos.comprimido import LibroEnZip
from reporte_docx.origen import Origen, como_ruta, leer_origen


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

    The starting point of a template of one's own: edit the copy in Word, then check it
    with :func:`revisar_plantilla`.

    :param destino: the .docx to create.
    :returns: *destino* as a :class:`~pathlib.Path`.
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
    :returns: (in the ``with``) the :class:`LibroEnZip`: the workbook's path and the
        folder its photos are confined to.
    :raises ErrorDeDatos: it is not a usable .zip (no workbook, unsafe, too large).
    :raises TypeError: *origen* is not a path, bytes or a binary stream.
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

    :param origen: the .zip as a path, bytes or a binary stream.
    :param destino: a new, empty folder (what is unpacked is trusted only there).
    :param limite_bytes: most bytes unpacked in all (default 2 GB).
    :param limite_archivos: most entries (default 5000).
    :returns: the :class:`LibroEnZip` inside *destino*.
    :raises ErrorDeDatos: it is not a usable .zip (no workbook, unsafe, too large).
    :raises TypeError: *origen* is not a path, bytes or a binary stream.
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
    :returns: the pool, as a :class:`concurrent.futures.Executor`.
    :raises ValueError: *procesos* is not ``None`` or an int from 1 up.
    :raises RuntimeError: inside a daemonic process (a ``multiprocessing.Pool``
        worker), which may not have children: use ``procesos=1`` there.
    """
    from reporte_docx.fotos.paralelo import grupo_de_procesos as grupo

    with grupo(revisar_procesos(procesos)) as abierto:
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
    """Write the empty workbook, ready to fill in Excel, to *destino*.

    :param destino: the .xlsx to create.
    :returns: its path.
    :raises ErrorDeSalida: *destino* exists, is not an .xlsx name, or cannot be written.
    """
    from reporte_docx.libro.nuevo import crear_libro_nuevo as crear

    return crear(Path(destino))


def verificar_documento(docx: Origen, textos_permitidos: Iterable[str] = ()) -> Verificacion:
    """Check the structure of a .docx (generated or not) and whether it was edited.

    :param docx: the document as a path, bytes or a binary stream.
    :param textos_permitidos: texts of the data that may look like template tags.
    :returns: the :class:`Verificacion`; a path that is not a file is one of its errors
        (``docx-no-existe``).
    :raises TypeError: *docx* is not a path, bytes or a binary stream.
    """
    from reporte_docx.documento.paquete import PROP_VERSION, fue_editado, leer_propiedades
    from reporte_docx.documento.verificacion import ETIQUETA_SIN_PROCESAR, revisar_docx

    ruta = como_ruta(docx)
    if ruta is not None and not ruta.is_file():
        # said as the other inputs say it, not as a zip that fails to open in English
        falta = Hallazgo(
            Codigo.DOCX_NO_EXISTE,
            "no existe o no es un archivo; revise el nombre y la carpeta",
            lugar=f"archivo «{ruta}»",
        )
        return Verificacion(errores=[falta], etiquetas=[], version=None, editado=False)
    datos = ruta if ruta is not None else leer_origen(docx, "docx")
    hallazgos = revisar_docx(datos, textos_permitidos)
    version = leer_propiedades(datos).get(PROP_VERSION)
    return Verificacion(
        errores=[h for h in hallazgos if h.es_error and h.codigo != ETIQUETA_SIN_PROCESAR],
        etiquetas=[h for h in hallazgos if h.codigo == ETIQUETA_SIN_PROCESAR],
        version=version,
        editado=bool(version) and ruta is not None and fue_editado(ruta),
        avisos=[h for h in hallazgos if not h.es_error],
    )


def verificar_docx(docx: Origen, textos_permitidos: Iterable[str] = ()) -> list[str]:
    """Every structural problem of *docx*, in Spanish; an empty list means it is sound.

    :func:`verificar_documento` as text lines, for a caller that only shows them.

    :raises TypeError: *docx* is not a path, bytes or a binary stream.
    """
    verificacion = verificar_documento(docx, textos_permitidos)
    return [str(h) for h in verificacion.errores + verificacion.etiquetas]


def convertir_a_pdf(
    docx: str | os.PathLike[str],
    destino: str | os.PathLike[str] | None = None,
    *,
    sobrescribir: bool = False,
) -> Path:
    """Convert a .docx to PDF with LibreOffice (by default beside it).

    :param docx: the document to convert.
    :param destino: the PDF to write (default: *docx* with ``.pdf``).
    :param sobrescribir: replace an existing PDF.
    :returns: the PDF's path.

    :raises ErrorDeSalida: *docx* is not a file, LibreOffice is missing, fails or takes too
        long, or the PDF exists and *sobrescribir* is false (it is then left as it was).
    """
    from reporte_docx.documento.pdf import convertir_a_pdf as convertir

    if not Path(docx).is_file():  # before LibreOffice, whose own message is in English
        raise ErrorDeSalida(f"«{docx}» no existe o no es un archivo; no hay nada que convertir")
    return convertir(
        Path(docx), Path(destino) if destino is not None else None, sobrescribir=sobrescribir
    )
