"""The snapshot of a generated report's filled values (#18): which bookmark holds which field.

A report that comes back from Word is read field by field
(:mod:`~reporte_docx.documento.lectura_campos`); to know which bookmark
``_RD7`` was ``actividad.3.descripcion`` and what it said when generated, the
document carries this snapshot as a custom XML part (``customXml/itemN.xml``
in :data:`NS_INSTANTANEA`), the place Office keeps data a document carries
without showing it. Word and LibreOffice keep custom XML parts on a re-save
(LibreOffice's is tested: part, bookmarks and values come back the same), so
the snapshot is not duplicated in a custom document property: Word limits one
to 255 characters, and the fingerprint alone takes 64 of them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from reporte_docx.documento.paquete import PARSER, Partes, parte_principal

NS_INSTANTANEA = "urn:reporte-docx:instantanea:1"
#: What a field's text is, so the workbook side knows how to parse it back.
TIPOS = ("texto", "fecha", "periodo", "entero", "decimal")
_NS_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
_NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
_REL_PROPIEDADES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
)
_TIPO_PROPIEDADES = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_ITEM = re.compile(r"customXml/item(\d+)\.xml")
#: The same id in every report: the part is found by its namespace, never by the id.
_ID_DEL_ITEM = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, NS_INSTANTANEA)).upper() + "}"


@dataclass(frozen=True)
class CampoGenerado:
    """One filled value as generated: its field key, its kind and its text as printed."""

    clave: str
    tipo: str
    valor: str


@dataclass(frozen=True)
class Instantanea:
    """The snapshot: the workbook's fingerprint, when, and each mark's field (``_RD7`` → …)."""

    libro: str
    generado: str
    campos: dict[str, CampoGenerado]
    #: Hashes (:func:`huella_de_texto`) of the texts of the paragraphs outside every field.
    fijos: frozenset[str] = frozenset()
    #: Hashes (:func:`huella_de_imagen`) of the pictures the document was made with.
    fotos: frozenset[str] = frozenset()

    def por_clave(self) -> dict[str, CampoGenerado]:
        """The fields by key (the snapshot holds them by mark: a field printed twice has two)."""
        return {c.clave: c for c in self.campos.values()}


def huella_del_libro(ids: Iterable[str], ejercicio: int, trimestre: int) -> str:
    """Fingerprint of the workbook a report came from: its sorted activity ids, year, quarter.

    Not the file's hash: the workbook is edited between generation and reading back
    (that is the point), but it must still be the same quarter's workbook.
    """
    texto = "\n".join([*sorted(ids), str(ejercicio), str(trimestre)])
    return hashlib.sha256(texto.encode(errors="surrogatepass")).hexdigest()


def clave_de_campo(*partes: str | int) -> str:
    """A field key from its parts (``"actividad", "3", "nombre"`` → ``actividad.3.nombre``).

    Each text part is escaped as ``urllib.parse.quote(…, safe="")`` does, and its dots
    too (which ``quote`` leaves), so that a key never has a ``.`` inside an id. The
    workbook side builds its keys with this same function.
    """
    return ".".join(
        # a lone surrogate (text cut badly somewhere) is escaped as its bytes, never an error
        quote(p, safe="", errors="surrogatepass").replace(".", "%2E")
        if isinstance(p, str)
        else str(p)
        for p in partes
    )


def huella_de_imagen(datos: bytes) -> str:
    """Short hash of a picture's bytes: a photo deleted or replaced in Word is missed by it."""
    return hashlib.sha256(datos).hexdigest()[:16]


def huellas_de_imagenes(partes: Partes) -> frozenset[str]:
    """The :func:`huella_de_imagen` of every picture part (``word/media/…``) of *partes*."""
    return frozenset(huella_de_imagen(d) for n, d in partes.items() if n.startswith("word/media/"))


def huella_de_texto(texto: str) -> str:
    """Short hash of a paragraph's text (the snapshot only needs to recognise it)."""
    return hashlib.sha256(texto.encode(errors="surrogatepass")).hexdigest()[:16]


def instantanea_xml(instantanea: Instantanea) -> bytes:
    """The snapshot as the content of its custom XML part."""
    campos = "".join(
        f"<campo marca={quoteattr(marca)} clave={quoteattr(c.clave)} "
        f"tipo={quoteattr(c.tipo)}>{escape(c.valor)}</campo>"
        for marca, c in instantanea.campos.items()
    )
    fijos = "".join(f"<fijo>{h}</fijo>" for h in sorted(instantanea.fijos))
    fijos += "".join(f"<foto>{h}</foto>" for h in sorted(instantanea.fotos))
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<instantanea xmlns="{NS_INSTANTANEA}" version="1" libro={quoteattr(instantanea.libro)} '
        f"generado={quoteattr(instantanea.generado)}>{campos}{fijos}</instantanea>"
    ).encode()


def leer_instantanea(partes: Partes) -> Instantanea | None:
    """The snapshot among the custom XML parts of *partes*, found by its namespace; or None."""
    for nombre in sorted(n for n in partes if _ITEM.fullmatch(n)):
        try:
            raiz = etree.fromstring(partes[nombre], PARSER)
        except etree.XMLSyntaxError:
            continue
        if raiz.tag != f"{{{NS_INSTANTANEA}}}instantanea":
            continue
        campos = {
            c.get("marca", ""): CampoGenerado(c.get("clave", ""), c.get("tipo", ""), c.text or "")
            for c in raiz.iter(f"{{{NS_INSTANTANEA}}}campo")
        }
        fijos = frozenset(f.text or "" for f in raiz.iter(f"{{{NS_INSTANTANEA}}}fijo"))
        fotos = frozenset(f.text or "" for f in raiz.iter(f"{{{NS_INSTANTANEA}}}foto"))
        return Instantanea(raiz.get("libro", ""), raiz.get("generado", ""), campos, fijos, fotos)
    return None


def fechar_instantanea(partes: Partes, fecha: dt.datetime) -> None:
    """Write *fecha* as the snapshot's ``generado`` (known only when the package is finished)."""
    for nombre in (n for n in partes if _ITEM.fullmatch(n)):
        if NS_INSTANTANEA.encode() not in partes[nombre][:400]:
            continue
        raiz = etree.fromstring(partes[nombre], PARSER)
        if raiz.tag == f"{{{NS_INSTANTANEA}}}instantanea":
            raiz.set("generado", fecha.strftime("%Y-%m-%dT%H:%M:%SZ"))
            partes[nombre] = _xml(raiz)


def recordar_valores(partes: Partes, valores: dict[str, str]) -> None:
    """Record *valores* (key → text) in the snapshot as the values the document was made with.

    ``generar`` over a report corrected in Word prints Word's text for a field
    the workbook does not have yet; its snapshot then says the workbook's value,
    so that ``incorporar`` still sees the correction and takes it to the workbook.
    """
    if not valores:
        return
    for nombre in (n for n in partes if _ITEM.fullmatch(n)):
        raiz = etree.fromstring(partes[nombre], PARSER)
        if raiz.tag != f"{{{NS_INSTANTANEA}}}instantanea":
            continue
        for campo in raiz.iter(f"{{{NS_INSTANTANEA}}}campo"):
            if campo.get("clave") in valores:
                campo.text = valores[campo.get("clave", "")]
        partes[nombre] = _xml(raiz)


def agregar_instantanea(partes: Partes, instantanea: Instantanea) -> None:
    """Add the snapshot to *partes* as a custom XML part related from the main document."""
    usados = {int(m[1]) for n in partes if (m := _ITEM.fullmatch(n))}
    n = max(usados, default=0) + 1
    partes[f"customXml/item{n}.xml"] = instantanea_xml(instantanea)
    partes[f"customXml/itemProps{n}.xml"] = (
        "<?xml version='1.0' encoding='UTF-8' standalone='no'?>\n"
        f'<ds:datastoreItem ds:itemID="{_ID_DEL_ITEM}" xmlns:ds="{_NS_DS}"><ds:schemaRefs>'
        f'<ds:schemaRef ds:uri="{NS_INSTANTANEA}"/></ds:schemaRefs></ds:datastoreItem>'
    ).encode()
    partes[f"customXml/_rels/item{n}.xml.rels"] = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Relationships xmlns="{_NS_REL}"><Relationship Id="rId1" '
        f'Type="{_REL_PROPIEDADES}" Target="itemProps{n}.xml"/></Relationships>'
    ).encode()
    tipos = etree.fromstring(partes["[Content_Types].xml"], PARSER)
    etree.SubElement(
        tipos,
        f"{{{_NS_CT}}}Override",
        PartName=f"/customXml/itemProps{n}.xml",
        ContentType=_TIPO_PROPIEDADES,
    )
    partes["[Content_Types].xml"] = _xml(tipos)
    principal = parte_principal(partes)
    carpeta, _, archivo = principal.rpartition("/")
    nombre_rels = f"{carpeta}/_rels/{archivo}.rels" if carpeta else f"_rels/{archivo}.rels"
    rels = etree.fromstring(
        partes.get(nombre_rels, f'<Relationships xmlns="{_NS_REL}"/>'.encode()), PARSER
    )
    ids = {r.get("Id") for r in rels}
    libre = next(f"rId{k}" for k in range(len(ids) + 1, 2 * len(ids) + 3) if f"rId{k}" not in ids)
    destino = "../" * carpeta.count("/") + ("../" if carpeta else "") + f"customXml/item{n}.xml"
    etree.SubElement(
        rels, f"{{{_NS_REL}}}Relationship", Id=libre, Type=_REL_CUSTOM_XML, Target=destino
    )
    partes[nombre_rels] = _xml(rels)


def _xml(raiz: etree._Element) -> bytes:
    return bytes(etree.tostring(raiz, xml_declaration=True, encoding="UTF-8", standalone=True))
