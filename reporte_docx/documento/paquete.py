"""The .docx as a zip package: finishing touches no XML library can make.

python-docx writes each zip entry with the current time and knows nothing of
custom document properties. This module rewrites the package so that the same
input gives the same bytes (fixed timestamps, stable order) and records in
``docProps/custom.xml`` which tool, workbook and body produced it — the marks
that later tell a regenerated file from one a person edited in Word.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import NAMESPACE as NS
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import CT_Types, serialize_part_xml
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.spec import default_content_types
from docx.oxml.ns import nsmap
from lxml import etree

#: A package as zip entry name → bytes, before it is zipped.
Partes = dict[str, bytes]

PARTE_PROPIEDADES = "docProps/custom.xml"
PARTE_APLICACION = "docProps/app.xml"
PARTE_CUERPO = "word/document.xml"
TIPO_PROPIEDADES = CT.OFC_CUSTOM_PROPERTIES
REL_PROPIEDADES = RT.CUSTOM_PROPERTIES
REL_DOCUMENTO = RT.OFFICE_DOCUMENT
_NS_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_NS_APP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_NS_REL = NS.OPC_RELATIONSHIPS
_NS_CT = NS.OPC_CONTENT_TYPES
#: FMTID Word uses for user-defined properties.
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

PROP_VERSION = "reporte-docx.version"
PROP_LIBRO = "reporte-docx.libro-sha256"
PROP_CUERPO = "reporte-docx.cuerpo-sha256"
#: Hash of every part but the custom properties: an edit of a header alone changes it too.
PROP_PARTES = "reporte-docx.partes-sha256"
#: Set («sí») in a public version (``--version-publica``): it never replaces an ordinary report.
PROP_VERSION_PUBLICA = "reporte-docx.version-publica"
#: Zip timestamps can only say 1980–2107.
_ANIOS_ZIP = (1980, 2107)
#: Custom properties of a file found at the destination are read only up to this size.
_TAMANO_MAXIMO_PROPIEDADES = 1024 * 1024
#: The one XML parser for package parts: no entities, no network, no DTD.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
#: What ``docProps/app.xml`` keeps from the template: who the document is for, not
#: which program saved the template or its page and word counts, which were the template's.
_APLICACION_CONSERVA = ("Company", "Manager", "HyperlinkBase")


def partes_del_paquete(paquete: Any) -> Partes:
    """python-docx's package as its zip entries, serialized exactly as python-docx saves it.

    python-docx only writes a whole zip (deflating every photo on the way);
    :func:`terminar_paquete` writes the one zip of the report, so the parts
    are taken here unzipped, without touching python-docx's own settings.
    """
    partes_opc = list(paquete.parts)
    for parte in partes_opc:
        parte.before_marshal()
    tipos = CT_Types.new()  # type: ignore[no-untyped-call]  # python-docx leaves it untyped
    por_extension = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    explicitos = {}
    for parte in partes_opc:
        extension = parte.partname.ext
        if (extension.lower(), parte.content_type) in default_content_types:
            por_extension[extension] = parte.content_type
        else:
            explicitos[parte.partname] = parte.content_type
    for extension in sorted(por_extension):
        tipos.add_default(extension, por_extension[extension])
    for nombre in sorted(explicitos):
        tipos.add_override(nombre, explicitos[nombre])
    partes = {
        CONTENT_TYPES_URI.membername: serialize_part_xml(tipos),
        PACKAGE_URI.rels_uri.membername: paquete.rels.xml,
    }
    for parte in partes_opc:
        partes[parte.partname.membername] = parte.blob
        if len(parte.rels):
            partes[parte.partname.rels_uri.membername] = parte.rels.xml
    return partes


def huella(datos: bytes | Path) -> str:
    """SHA-256 of *datos*, or of the file at that path read in blocks (a workbook full of
    pasted photos is never held in memory whole)."""
    if isinstance(datos, Path):
        with datos.open("rb") as archivo:
            return hashlib.file_digest(archivo, "sha256").hexdigest()
    return hashlib.sha256(datos).hexdigest()


def huella_de_partes(partes: dict[str, bytes]) -> str:
    """One hash over every part's name and bytes except the custom properties (which hold it)."""
    h = hashlib.sha256()
    for nombre in sorted(partes):
        if nombre != PARTE_PROPIEDADES:
            h.update(f"{nombre}\0{len(partes[nombre])}\0".encode())
            h.update(partes[nombre])
    return h.hexdigest()


def fecha_reproducible(respaldo: dt.datetime | None = None) -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds' convention), else *respaldo*.

    Naive UTC, whole seconds; without either, a fixed date so that the output
    never depends on the clock.
    """
    epoca = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoca.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(epoca), tz=dt.UTC).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            pass  # an absurd value: ignored like an unset one
    if respaldo is None:
        return dt.datetime(2000, 1, 1)
    if respaldo.tzinfo is not None:
        respaldo = respaldo.astimezone(dt.UTC)
    return respaldo.replace(microsecond=0, tzinfo=None)


def fecha_del_libro(contenido: bytes | Path) -> dt.datetime | None:
    """The workbook's own last-modified (else created) date from its ``docProps/core.xml``.

    Unlike the file's mtime it travels with the file: a copy in another folder
    gives the same date, so the same workbook gives the same document.
    """
    try:
        fuente = contenido if isinstance(contenido, Path) else io.BytesIO(contenido)
        with zipfile.ZipFile(fuente) as z:
            if z.getinfo("docProps/core.xml").file_size > _TAMANO_MAXIMO_PROPIEDADES:
                return None
            raiz = etree.fromstring(z.read("docProps/core.xml"), PARSER)
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError, EOFError):
        return None
    for etiqueta in ("modified", "created"):
        el = raiz.find(f"{{{nsmap['dcterms']}}}{etiqueta}")
        texto = (el.text or "").strip() if el is not None else ""
        try:
            fecha = dt.datetime.fromisoformat(texto.replace("Z", "+00:00"))
        except ValueError:
            continue
        if fecha.tzinfo is not None:
            fecha = fecha.astimezone(dt.UTC).replace(tzinfo=None)
        return fecha.replace(microsecond=0)
    return None


def _conservados(datos: bytes | None, elegir: Callable[[Any], list[Any]]) -> list[str]:
    """The elements *elegir* picks from the part *datos*, as XML text; none if it is unreadable."""
    if not datos:
        return []
    try:
        raiz = etree.fromstring(datos, PARSER)
    except etree.XMLSyntaxError:
        return []
    return [etree.tostring(el, encoding="unicode", with_tail=False) for el in elegir(raiz)]


def _propiedades_xml(propiedades: dict[str, str], anteriores: bytes | None = None) -> bytes:
    """``docProps/custom.xml`` with *propiedades*, keeping every other property the
    template had (an office's own «Propiedades personalizadas» of Word)."""
    ajenas = _conservados(
        anteriores,
        lambda raiz: [
            p for p in raiz.findall(f"{{{_NS_CUSTOM}}}property") if p.get("name") not in propiedades
        ],
    )
    propias = [
        f'<property fmtid="{_FMTID}" pid="0" name="{escape(nombre, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(valor)}</vt:lpwstr></property>"
        for nombre, valor in sorted(propiedades.items())
    ]
    raiz = etree.fromstring(
        f'<Properties xmlns="{_NS_CUSTOM}" xmlns:vt="{_NS_VT}">{"".join(ajenas + propias)}'
        "</Properties>"
    )
    for pid, propiedad in enumerate(raiz, start=2):  # pids are unique and start at 2
        propiedad.set("pid", str(pid))
    return _xml(raiz)


def _aplicacion_xml(anterior: bytes | None) -> bytes:
    """A clean ``docProps/app.xml``: this program, and the template's company if it had one.

    Empty elements are left out (a template made from python-docx's carries an empty
    Company, Manager and HyperlinkBase).
    """
    raiz = etree.fromstring(
        f'<Properties xmlns="{_NS_APP}"><Application>reporte-docx'
        "</Application><DocSecurity>0</DocSecurity></Properties>"
    )
    elegidos = _conservados(
        anterior,
        lambda origen: [
            el
            for nombre in _APLICACION_CONSERVA
            if (el := origen.find(f"{{{_NS_APP}}}{nombre}")) is not None and (el.text or "").strip()
        ],
    )
    for elegido in map(etree.fromstring, elegidos):
        etree.SubElement(raiz, elegido.tag).text = elegido.text
    return _xml(raiz)


def _xml(arbol: etree._Element) -> bytes:
    return bytes(etree.tostring(arbol, xml_declaration=True, encoding="UTF-8", standalone=True))


def _declarar_propiedades(partes: dict[str, bytes]) -> None:
    """Content type and package relationship of ``docProps/custom.xml`` (once)."""
    tipos = etree.fromstring(partes["[Content_Types].xml"], PARSER)
    if not tipos.xpath(
        "ct:Override[@PartName=$n]", namespaces={"ct": _NS_CT}, n="/" + PARTE_PROPIEDADES
    ):
        etree.SubElement(
            tipos,
            f"{{{_NS_CT}}}Override",
            PartName="/" + PARTE_PROPIEDADES,
            ContentType=TIPO_PROPIEDADES,
        )
        partes["[Content_Types].xml"] = _xml(tipos)
    rels = etree.fromstring(partes["_rels/.rels"], PARSER)
    if not rels.xpath("r:Relationship[@Type=$t]", namespaces={"r": _NS_REL}, t=REL_PROPIEDADES):
        usados = {r.get("Id") for r in rels}
        n = 1
        while f"rId{n}" in usados:
            n += 1
        etree.SubElement(
            rels,
            f"{{{_NS_REL}}}Relationship",
            Id=f"rId{n}",
            Type=REL_PROPIEDADES,
            Target=PARTE_PROPIEDADES,
        )
        partes["_rels/.rels"] = _xml(rels)


def parte_principal(partes: dict[str, bytes]) -> str:
    """Name of the main document part (``word/document.xml`` unless the template says otherwise)."""
    try:
        rels = etree.fromstring(partes["_rels/.rels"], PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return PARTE_CUERPO
    for r in rels.findall(f"{{{_NS_REL}}}Relationship"):
        if r.get("Type") == REL_DOCUMENTO:
            return str(r.get("Target", PARTE_CUERPO)).lstrip("/")
    return PARTE_CUERPO


def _fechas_fijas(core: bytes, fecha: dt.datetime) -> bytes:
    """``dcterms:created``/``modified`` set to *fecha* (added when missing)."""
    raiz = etree.fromstring(core, PARSER)
    texto = fecha.strftime("%Y-%m-%dT%H:%M:%SZ")
    for etiqueta in ("created", "modified"):
        el = raiz.find(f"{{{nsmap['dcterms']}}}{etiqueta}")
        if el is None:
            el = etree.SubElement(raiz, f"{{{nsmap['dcterms']}}}{etiqueta}")
        el.set(f"{{{nsmap['xsi']}}}type", "dcterms:W3CDTF")
        el.text = texto
    return _xml(raiz)


# A run of text written without xml:space="preserve" loses its edge and repeated
# spaces in Word; the template's own runs ({{ tag }}) have none, the data may.
_TEXTO_SIN_PRESERVAR = re.compile(rb"<w:t>([^<]*)</w:t>")
_ESPACIOS_EN_RIESGO = re.compile(rb"^\s|\s$|\s\s|\t|\n")


def _preservar_espacios(xml: bytes) -> bytes:
    def arreglar(m: re.Match[bytes]) -> bytes:
        if _ESPACIOS_EN_RIESGO.search(m[1]):
            return b'<w:t xml:space="preserve">' + m[1] + b"</w:t>"
        return m[0]

    return _TEXTO_SIN_PRESERVAR.sub(arreglar, xml)


def _es_contenido(nombre: str) -> bool:
    return nombre.startswith("word/") and nombre.endswith(".xml") and "/" not in nombre[5:]


def terminar_paquete(
    docx: bytes | Mapping[str, bytes],
    *,
    libro_sha256: str,
    version: str,
    fecha: dt.datetime,
    propias: Mapping[str, str] | None = None,
) -> bytes:
    """Return *docx* (a .docx or its parts) as the finished zip.

    Custom properties (the template's kept), a clean ``app.xml``, fixed dates
    and deterministic zip entries: the zip is written the same way on every
    system, parts in a fixed order, every timestamp *fecha*, Unix attributes,
    so the same input gives the same bytes. *propias* are more custom properties.
    """
    if isinstance(docx, bytes):
        with zipfile.ZipFile(io.BytesIO(docx)) as entrada:
            partes = {i.filename: entrada.read(i) for i in entrada.infolist() if not i.is_dir()}
    else:
        partes = dict(docx)
    for nombre in partes:
        if _es_contenido(nombre):
            partes[nombre] = _preservar_espacios(partes[nombre])
    _declarar_propiedades(partes)
    if "docProps/core.xml" in partes:
        partes["docProps/core.xml"] = _fechas_fijas(partes["docProps/core.xml"], fecha)
    if PARTE_APLICACION in partes:
        partes[PARTE_APLICACION] = _aplicacion_xml(partes[PARTE_APLICACION])
    principal = parte_principal(partes)
    anteriores = partes.get(PARTE_PROPIEDADES)
    partes[PARTE_PROPIEDADES] = _propiedades_xml(
        {
            PROP_VERSION: version,
            PROP_LIBRO: libro_sha256,
            PROP_CUERPO: huella(partes.get(principal, b"")),
            PROP_PARTES: huella_de_partes(partes),
            **(propias or {}),
        },
        anteriores,
    )
    return escribir_zip(partes, fecha)


def escribir_zip(partes: Mapping[str, bytes], fecha: dt.datetime) -> bytes:
    """The parts as a zip, the same bytes on every system for the same parts and *fecha*."""
    orden = ["[Content_Types].xml"] + sorted(n for n in partes if n != "[Content_Types].xml")
    salida = io.BytesIO()
    anio = min(max(fecha.year, _ANIOS_ZIP[0]), _ANIOS_ZIP[1])
    marca = (anio, fecha.month, fecha.day, fecha.hour, fecha.minute, fecha.second)
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as destino:
        for nombre in orden:
            info = zipfile.ZipInfo(nombre, date_time=marca)
            info.create_system = 3  # Unix, also when generated on Windows
            info.external_attr = 0o644 << 16
            # media is already compressed; deflating it again only costs time
            guardar = nombre.startswith("word/media/")
            info.compress_type = zipfile.ZIP_STORED if guardar else zipfile.ZIP_DEFLATED
            destino.writestr(info, partes[nombre], compresslevel=6)
    return salida.getvalue()


def leer_propiedades(docx: bytes | str | os.PathLike[str]) -> dict[str, str]:
    """Custom document properties of a .docx (empty when it has none or is not a .docx)."""
    try:
        fuente = io.BytesIO(docx) if isinstance(docx, bytes) else docx
        with zipfile.ZipFile(fuente) as z:
            if z.getinfo(PARTE_PROPIEDADES).file_size > _TAMANO_MAXIMO_PROPIEDADES:
                return {}
            raiz = etree.fromstring(z.read(PARTE_PROPIEDADES), PARSER)
    except (KeyError, OSError, ValueError, EOFError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return {}
    return {p.get("name"): "".join(p.itertext()) for p in raiz.findall(f"{{{_NS_CUSTOM}}}property")}


def fue_editado(ruta: str | os.PathLike[str]) -> bool:
    """True when the file at *ruta* is not a document this tool generated, untouched.

    Word rewrites the whole package on every save (and keeps custom
    properties), so hashes that no longer match the ones recorded at
    generation mean someone edited it — or it was never ours. When in doubt:
    edited, so that it is backed up rather than lost.
    """
    propiedades = leer_propiedades(ruta)
    cuerpo, todas = propiedades.get(PROP_CUERPO), propiedades.get(PROP_PARTES)
    if not cuerpo or not todas:
        return True
    try:
        with zipfile.ZipFile(ruta) as z:
            infos = [i for i in z.infolist() if not i.is_dir()]
            if sum(i.file_size for i in infos) > 4 * 1024**3:
                return True
            partes = {i.filename: z.read(i) for i in infos}
    except (KeyError, OSError, ValueError, EOFError, zipfile.BadZipFile):
        return True
    principal = parte_principal(partes)
    return huella(partes.get(principal, b"")) != cuerpo or huella_de_partes(partes) != todas
