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
from xml.sax.saxutils import escape

from lxml import etree

PARTE_PROPIEDADES = "docProps/custom.xml"
PARTE_CUERPO = "word/document.xml"
TIPO_PROPIEDADES = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
REL_PROPIEDADES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_NS_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_NS_CORE = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dcterms": "http://purl.org/dc/terms/",
}
#: FMTID Word uses for user-defined properties.
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

PROP_VERSION = "reporte-docx.version"
PROP_LIBRO = "reporte-docx.libro-sha256"
PROP_CUERPO = "reporte-docx.cuerpo-sha256"


def huella(datos: bytes) -> str:
    return hashlib.sha256(datos).hexdigest()


def fecha_reproducible(respaldo: dt.datetime | None = None) -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds' convention), else *respaldo*."""
    epoca = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoca.isdigit():
        return dt.datetime.fromtimestamp(int(epoca), tz=dt.UTC).replace(tzinfo=None)
    return (respaldo or dt.datetime(2000, 1, 1)).replace(microsecond=0, tzinfo=None)


def _propiedades_xml(propiedades: dict[str, str]) -> bytes:
    filas = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(nombre, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(valor)}</vt:lpwstr></property>"
        for pid, (nombre, valor) in enumerate(sorted(propiedades.items()), start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{_NS_CUSTOM}" xmlns:vt="{_NS_VT}">{filas}</Properties>'
    ).encode()


def _con_propiedades_personalizadas(partes: dict[str, bytes], propiedades: dict[str, str]) -> None:
    partes[PARTE_PROPIEDADES] = _propiedades_xml(propiedades)
    tipos = etree.fromstring(partes["[Content_Types].xml"])
    if not tipos.xpath(
        "ct:Override[@PartName=$n]", namespaces={"ct": _NS_CT}, n="/" + PARTE_PROPIEDADES
    ):
        etree.SubElement(
            tipos,
            f"{{{_NS_CT}}}Override",
            PartName="/" + PARTE_PROPIEDADES,
            ContentType=TIPO_PROPIEDADES,
        )
        partes["[Content_Types].xml"] = etree.tostring(
            tipos, xml_declaration=True, encoding="UTF-8", standalone=True
        )
    rels = etree.fromstring(partes["_rels/.rels"])
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
        partes["_rels/.rels"] = etree.tostring(
            rels, xml_declaration=True, encoding="UTF-8", standalone=True
        )


def _fechas_fijas(core: bytes, fecha: dt.datetime) -> bytes:
    texto = fecha.strftime("%Y-%m-%dT%H:%M:%SZ")
    for etiqueta in ("created", "modified"):
        core = re.sub(
            rb"(<dcterms:%s[^>]*>)[^<]*(</dcterms:%s>)" % (etiqueta.encode(), etiqueta.encode()),
            rb"\g<1>" + texto.encode() + rb"\g<2>",
            core,
        )
    return core


def terminar_paquete(docx: bytes, *, libro_sha256: str, version: str, fecha: dt.datetime) -> bytes:
    """Return *docx* with custom properties, fixed dates and deterministic zip entries."""
    with zipfile.ZipFile(io.BytesIO(docx)) as entrada:
        nombres = entrada.namelist()
        partes = {n: entrada.read(n) for n in nombres}
    _con_propiedades_personalizadas(
        partes,
        {
            PROP_VERSION: version,
            PROP_LIBRO: libro_sha256,
            PROP_CUERPO: huella(partes[PARTE_CUERPO]),
        },
    )
    if "docProps/core.xml" in partes:
        partes["docProps/core.xml"] = _fechas_fijas(partes["docProps/core.xml"], fecha)
    orden = ["[Content_Types].xml"] + sorted(n for n in partes if n != "[Content_Types].xml")
    salida = io.BytesIO()
    marca = (max(fecha.year, 1980), fecha.month, fecha.day, fecha.hour, fecha.minute, fecha.second)
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as destino:
        for nombre in orden:
            info = zipfile.ZipInfo(nombre, date_time=marca)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            # media is already compressed; deflating it again only costs time
            if nombre.startswith("word/media/"):
                info.compress_type = zipfile.ZIP_STORED
            destino.writestr(info, partes[nombre])
    return salida.getvalue()


def leer_propiedades(docx: bytes | str | os.PathLike) -> dict[str, str]:
    """Custom document properties of a .docx (empty when it has none or is not a .docx)."""
    try:
        fuente = io.BytesIO(docx) if isinstance(docx, bytes) else docx
        with zipfile.ZipFile(fuente) as z:
            raiz = etree.fromstring(z.read(PARTE_PROPIEDADES))
    except (KeyError, OSError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return {}
    return {p.get("name"): "".join(p.itertext()) for p in raiz.findall(f"{{{_NS_CUSTOM}}}property")}


def fue_editado(ruta: str | os.PathLike) -> bool:
    """True when the file at *ruta* is not a body this tool generated untouched.

    Word rewrites ``word/document.xml`` on every save, so a hash that no longer
    matches the one recorded at generation means someone edited it (or it was
    never ours).
    """
    propiedades = leer_propiedades(ruta)
    registrado = propiedades.get(PROP_CUERPO)
    if not registrado:
        return True
    try:
        with zipfile.ZipFile(ruta) as z:
            return huella(z.read(PARTE_CUERPO)) != registrado
    except (KeyError, OSError, zipfile.BadZipFile):
        return True
