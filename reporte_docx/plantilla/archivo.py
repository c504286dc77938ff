"""A Word template as a file: the official one, and opening any one with a clear message.

docxtpl's :class:`~docxtpl.DocxTemplate` is subclassed only to remember which
part it is rendering, so that an error can say «encabezado 2» rather than a
zip member name.
"""

from __future__ import annotations

import io
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any

from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate

from reporte_docx.errores import ErrorDePlantilla
from reporte_docx.origen import Origen, como_ruta, leer_origen

NOMBRE_PLANTILLA_OFICIAL = "reporte_trimestral.docx"


def plantilla_oficial() -> Path:
    """Path of the official template shipped with the package."""
    return Path(str(resources.files("plantillas_docx").joinpath(NOMBRE_PLANTILLA_OFICIAL)))


class PlantillaDocx(DocxTemplate):  # type: ignore[misc]  # docxtpl ships no types
    """DocxTemplate that remembers which part it is rendering, to locate errors."""

    fuente: str = ""
    parte: str = ""

    def render_xml_part(
        self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Any = None
    ) -> Any:
        self.fuente, self.parte = src_xml, str(part.partname)
        return super().render_xml_part(src_xml, part, context, jinja_env)

    def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> Any:
        self.fuente, self.parte = "", "propiedades del documento"
        return super().render_properties(context, jinja_env)


def nombre_de_parte(parte: str) -> str:
    """``/word/header2.xml`` → ``encabezado 2``: where the author will look in Word."""
    base = parte.rsplit("/", 1)[-1].removesuffix(".xml")
    for prefijo, nombre in (
        ("document", "cuerpo"),
        ("header", "encabezado"),
        ("footer", "pie de página"),
        ("footnotes", "notas al pie"),
    ):
        if base.startswith(prefijo):
            numero = base[len(prefijo) :]
            return f"{nombre} {numero}".strip()
    return parte


def leer_plantilla(origen: Origen, nombre: str | None = None) -> tuple[bytes, str]:
    """The template's bytes and the name messages call it by.

    *origen* is a path, bytes or a binary stream; *nombre* names an in-memory
    one in messages (default «plantilla.docx»). Raises :class:`ErrorDePlantilla`
    for a path that is missing or an old ``.doc``, :class:`TypeError` for an
    *origen* of another type.
    """
    ruta = como_ruta(origen)
    if ruta is None:
        return leer_origen(origen, "plantilla"), nombre or "plantilla.docx"
    lugar = f"plantilla «{ruta}»"
    if not ruta.is_file():
        raise ErrorDePlantilla(f"{lugar}: no existe o no es un archivo")
    if ruta.suffix.lower() == ".doc":
        raise ErrorDePlantilla(
            f"{lugar}: es un documento de Word antiguo (.doc); guárdelo como .docx"
        )
    try:
        return ruta.read_bytes(), nombre or str(ruta)
    except OSError as e:
        raise ErrorDePlantilla(f"{lugar}: no se puede leer ({e.strerror or e})") from e


def abrir_docx(datos: bytes, nombre: str) -> PlantillaDocx:
    """A fresh :class:`PlantillaDocx` of the template's bytes (rendering changes it in place)."""
    lugar = f"plantilla «{nombre}»"
    try:
        tpl = PlantillaDocx(io.BytesIO(datos))
        tpl.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        # the library's own words are English and technical: chained for --depurar, not shown
        raise ErrorDePlantilla(
            f"{lugar}: no es un documento de Word (.docx) válido o está dañado; ábralo en Word "
            "y guárdelo como «Documento de Word (.docx)»"
        ) from e
    except Exception as e:  # lxml and python-docx raise many kinds on a corrupt part
        raise ErrorDePlantilla(
            f"{lugar}: el documento está dañado y no se puede leer; ábralo en Word y guárdelo "
            "de nuevo, o empiece de una copia de la plantilla oficial"
        ) from e
    return tpl


def abrir_plantilla(origen: Origen, nombre: str | None = None) -> PlantillaDocx:
    """Load a .docx template, or raise :class:`ErrorDePlantilla` saying what is wrong with it."""
    return abrir_docx(*leer_plantilla(origen, nombre))
