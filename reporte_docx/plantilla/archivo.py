"""A Word template as a file: the official one, and opening any one with a clear message.

docxtpl's :class:`~docxtpl.DocxTemplate` is subclassed only to remember which
part it is rendering, so that an error can say «encabezado 2» rather than a
zip member name.
"""

from __future__ import annotations

import copy
import io
import uuid
import zipfile
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.parser import parse_xml
from docx.shared import Inches
from docxtpl import DocxTemplate
from lxml import etree

from reporte_docx.documento import apertura
from reporte_docx.errores import Codigo, ErrorDePlantilla, Hallazgo
from reporte_docx.origen import Origen, como_ruta, leer_origen

NOMBRE_PLANTILLA_OFICIAL = "reporte_trimestral.docx"
#: Limits of a template (README, «Plantillas propias»): the XML of the parts that hold
#: its text (body, headers, footers, notes) together, which docxtpl reads as one text
#: and Jinja compiles (a report template's is some 100 KB; time grows with it)…
MAX_TEXTO = 2 * 1024 * 1024
#: …everything unzipped (pictures of a letterhead included), and its parts.
MAX_DESCOMPRIMIDA = 256 * 1024 * 1024
MAX_PARTES = 2000
#: What Word assumes for a section without its page size or margins (US Letter, 1 inch).
_CARTA, _MARGEN = Inches(8.5), Inches(1)
_PARTES_CON_TEXTO = ("word/document", "word/header", "word/footer", "word/footnotes")


def ancho_de_texto(documento: Any) -> int:
    """Width (EMU) between the margins of the document's first section.

    A section may leave out its page size or margins, and a document may have
    no section at all (``w:sectPr`` is optional): Word then uses a Letter page
    and its default margins, and so does this.
    """
    secciones = documento.sections
    seccion = secciones[0] if len(secciones) else None
    ancho = getattr(seccion, "page_width", None) or _CARTA
    izquierdo = getattr(seccion, "left_margin", None)
    derecho = getattr(seccion, "right_margin", None)
    izquierdo = _MARGEN if izquierdo is None else izquierdo
    derecho = _MARGEN if derecho is None else derecho
    texto = int(ancho - izquierdo - derecho)
    return texto if texto > 0 else int(_CARTA - 2 * _MARGEN)


def plantilla_oficial() -> Path:
    """Path of the official template shipped with the package."""
    return Path(str(resources.files("plantillas_docx").joinpath(NOMBRE_PLANTILLA_OFICIAL)))


class PlantillaDocx(DocxTemplate):  # type: ignore[misc]  # docxtpl ships no types
    """DocxTemplate that remembers which part it is rendering, to locate errors."""

    fuente: str = ""
    parte: str = ""
    docx: Any  # python-docx's Document, set by docxtpl

    def render_xml_part(
        self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Any = None
    ) -> Any:
        self.fuente, self.parte = src_xml, str(part.partname)
        return super().render_xml_part(src_xml, part, context, jinja_env)

    def map_tree(self, tree: Any) -> None:
        """Put the rendered body in place by parsing the document anew around it.

        docxtpl's ``root.replace(body, tree)`` makes lxml move the body parsed from
        the rendered text into the document node by node, reconciling namespaces:
        seconds for a large body, in one C call that Ctrl-C cannot interrupt.
        Parsing the whole document again takes milliseconds.
        """
        documento: Any = self.docx
        raiz = documento.element
        marca = f"reporte-docx:cuerpo:{uuid.uuid4().hex}"
        # a shallow copy of the root, the body's place marked: taking the old body out of
        # its document would be just as slow
        copia = etree.Element(raiz.tag, dict(raiz.attrib), nsmap=raiz.nsmap)
        for hijo in raiz:
            copia.append(etree.Comment(marca) if hijo is raiz.body else copy.deepcopy(hijo))
        antes, despues = etree.tostring(copia, encoding="unicode").split(f"<!--{marca}-->", 1)
        nuevo = parse_xml(antes + etree.tostring(tree, encoding="unicode") + despues)
        # every namespace declared once, on the root, as lxml's move left them; none dropped
        # (mc:Ignorable names prefixes no element may use)
        nsmap = {**tree.nsmap, **raiz.nsmap}
        etree.cleanup_namespaces(nuevo, top_nsmap=nsmap, keep_ns_prefixes=list(nsmap))
        parte = documento.part
        parte._element = nuevo
        self.docx = parte.document

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


def _rechazo(nombre: str, hallazgo: Hallazgo) -> ErrorDePlantilla:
    """*hallazgo* (about the package) as the template's error, placed in the template."""
    lugar = f"plantilla «{nombre}»" + (f", {hallazgo.lugar}" if hallazgo.lugar else "")
    return ErrorDePlantilla(f"{lugar}: {hallazgo.mensaje}", [replace(hallazgo, lugar=lugar)])


def _demasiado_grande(z: zipfile.ZipFile) -> Hallazgo | None:
    """A template over the documented limits (README), judged from the zip's directory."""
    miembros = z.infolist()
    texto = sum(m.file_size for m in miembros if m.filename.startswith(_PARTES_CON_TEXTO))
    total = sum(m.file_size for m in miembros)
    if len(miembros) <= MAX_PARTES and texto <= MAX_TEXTO and total <= MAX_DESCOMPRIMIDA:
        return None
    que = (
        f"tiene {len(miembros)} partes"
        if len(miembros) > MAX_PARTES
        else f"su texto ocupa {texto / 2**20:.1f} MB"
        if texto > MAX_TEXTO
        else f"descomprimida ocupa {total // 2**20} MB"
    )
    return Hallazgo(
        Codigo.PLANTILLA_ENORME,
        f"es demasiado grande para ser una plantilla ({que}; el límite es "
        f"{MAX_TEXTO // 2**20} MB de texto y {MAX_DESCOMPRIMIDA // 2**20} MB en total): una "
        "plantilla tiene el encabezado, una ficha y las firmas, y el programa la repite con "
        "los datos. Empiece de la plantilla oficial: reporte-docx plantilla nueva MI_PLANTILLA.docx",
    )


def paquete_de_plantilla(datos: bytes, nombre: str) -> bytes:
    """The template's bytes as python-docx can read them, or :class:`ErrorDePlantilla` saying
    what the file is instead (:mod:`reporte_docx.documento.apertura`): encrypted, damaged,
    a .docm/.dotx, Strict, too large (:data:`MAX_TEXTO`…)."""
    abierto = apertura.abrir_zip(datos)
    if isinstance(abierto, Hallazgo):
        raise _rechazo(nombre, abierto)
    with abierto as z:
        hallazgo = _demasiado_grande(z) or apertura.revisar_crc(z)
        if hallazgo is None:
            try:
                principal = apertura.parte_principal(z)
            except (etree.XMLSyntaxError, *apertura.ERRORES_DE_ZIP) as e:
                hallazgo = apertura.parte_danada("_rels/.rels", e)
            else:
                hallazgo = apertura.revisar_principal(principal, set(z.namelist()))
    if hallazgo is not None:
        raise _rechazo(nombre, hallazgo)
    try:
        return apertura.normalizar_paquete(datos)
    except (etree.XMLSyntaxError, *apertura.ERRORES_DE_ZIP):
        return datos  # python-docx says it below, as a damaged document


def abrir_docx(datos: bytes, nombre: str) -> PlantillaDocx:
    """A fresh :class:`PlantillaDocx` of the template's bytes (rendering changes it in place)."""
    lugar = f"plantilla «{nombre}»"
    datos = paquete_de_plantilla(datos, nombre)
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
