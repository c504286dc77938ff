"""The report as PDF, through LibreOffice (``reporte-docx generar --pdf``).

LibreOffice runs headless with a profile of its own in a temporary folder:
a user's open LibreOffice (or another conversion running at the same time)
would otherwise lock the shared profile and the conversion would silently do
nothing. The PDF is written next to the .docx through the same atomic write
as the report: tagged, PDF/A-2b by default (LibreOffice's export filter options).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from reporte_docx.documento.salida import destino_existe, escribir_atomico
from reporte_docx.errores import ErrorDeSalida

TIEMPO_MAXIMO = 240  # seconds; a first start of LibreOffice builds its profile
_PROGRAMAS = ("soffice", "libreoffice")


def buscar_libreoffice() -> str | None:
    """The LibreOffice program on the PATH, or None."""
    for programa in _PROGRAMAS:
        if ruta := shutil.which(programa):
            return ruta
    return None


def opciones_de_exportacion(pdfa: bool = True) -> str:
    """LibreOffice's ``--convert-to`` target with its PDF export filter's options.

    Always tagged (headings, tables and the pictures' alternative text reach a
    screen reader); PDF/A-2b, the archival profile, unless *pdfa* is false.
    The document's title and language go in as they are in the .docx.
    """
    opciones = {"UseTaggedPDF": {"type": "boolean", "value": "true"}}
    if pdfa:
        opciones["SelectPdfVersion"] = {"type": "long", "value": "2"}  # 2 = PDF/A-2b
    return "pdf:writer_pdf_Export:" + json.dumps(opciones, separators=(",", ":"))


def _ejecutar_libreoffice(
    programa: str, docx: Path, carpeta: str, tiempo: float, pdfa: bool
) -> subprocess.CompletedProcess[str]:
    """Run LibreOffice headless, with a profile of its own in *carpeta*, writing the PDF there."""
    perfil = Path(carpeta, "perfil").as_uri()
    try:
        return subprocess.run(
            [
                programa,
                f"-env:UserInstallation={perfil}",
                "--headless",
                "--norestore",
                "--convert-to",
                opciones_de_exportacion(pdfa),
                "--outdir",
                carpeta,
                str(docx.resolve()),
            ],
            capture_output=True,
            text=True,
            timeout=tiempo,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise ErrorDeSalida(
            f"LibreOffice tardó más de {tiempo:.0f} s en convertir «{docx.name}» a PDF y se "
            "detuvo; el .docx queda como estaba"
        ) from None
    except OSError as e:
        raise ErrorDeSalida(f"no se pudo ejecutar LibreOffice ({e})") from None


SIN_LIBREOFFICE = (
    "para escribir el PDF hace falta LibreOffice, que no está instalado (o «soffice» no "
    "está en el PATH). Instálelo desde https://es.libreoffice.org/ o abra el .docx en "
    "Word y use Archivo › Guardar como › PDF."
)


def _pdf_de(
    docx: Path, nombre: str, tiempo: float, pdfa: bool, sin_cambios: tuple[str, str]
) -> bytes:
    """The PDF bytes of the file *docx*, converted in a temporary folder of its own.

    *nombre* names the document in messages; *sin_cambios* says what was left as it
    was, as a sentence (LibreOffice missing) and as a clause (it failed). Raises
    :class:`ErrorDeSalida` when LibreOffice is missing or fails.
    """
    programa = buscar_libreoffice()
    if programa is None:
        raise ErrorDeSalida(f"{SIN_LIBREOFFICE} {sin_cambios[0]}".strip())
    with tempfile.TemporaryDirectory(prefix="reporte-docx-pdf-") as tmp:
        r = _ejecutar_libreoffice(programa, docx, tmp, tiempo, pdfa)
        pdf = Path(tmp, docx.stem + ".pdf")
        datos = pdf.read_bytes() if pdf.is_file() else b""
    if not datos.startswith(b"%PDF"):
        detalle = " ".join((r.stderr or r.stdout or "").split())[:300]
        raise ErrorDeSalida(
            f"LibreOffice no pudo convertir «{nombre}» a PDF"
            + (f" ({detalle})" if detalle else "")
            + f"; {sin_cambios[1]}"
        )
    return datos


def convertir_a_pdf(
    docx: str | Path,
    destino: str | Path | None = None,
    *,
    sobrescribir: bool = False,
    tiempo: float = TIEMPO_MAXIMO,
    pdfa: bool = True,
) -> Path:
    """Convert *docx* to PDF (by default next to it, same name); returns the PDF's path.

    The PDF is tagged and, unless *pdfa* is false, PDF/A-2b. Raises
    :class:`ErrorDeSalida` in Spanish when LibreOffice is missing, fails or
    takes too long, or when the PDF exists and *sobrescribir* is false; an
    existing PDF is then left as it was.
    """
    docx = Path(docx)
    destino = Path(destino) if destino else docx.with_suffix(".pdf")
    if not sobrescribir and os.path.lexists(destino):
        # a PDF is never edited by hand, so no backup: only the refusal
        raise destino_existe(destino)
    sin_cambios = (f"El documento «{docx}» queda como estaba.", "el .docx queda como estaba")
    datos = _pdf_de(docx, docx.name, tiempo, pdfa, sin_cambios)
    escribir_atomico(destino, datos)
    return destino


def pdf_en_memoria(
    docx: bytes, nombre: str = "reporte.docx", *, tiempo: float = TIEMPO_MAXIMO, pdfa: bool = True
) -> bytes:
    """The PDF of the .docx bytes *docx*, in memory: nothing is written beside any file.

    The public version is paginated and checked this way before anything is
    written. *nombre* names it in messages. Raises :class:`ErrorDeSalida` as
    :func:`convertir_a_pdf` does.
    """
    with tempfile.TemporaryDirectory(prefix="reporte-docx-docx-") as tmp:
        fuente = Path(tmp, "documento.docx")
        fuente.write_bytes(docx)
        return _pdf_de(
            fuente, nombre, tiempo, pdfa, ("No se escribió nada.", "no se escribió nada")
        )
