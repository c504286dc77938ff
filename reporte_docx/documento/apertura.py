"""Opening a .docx package: what a file given as a Word document really is, said in Spanish.

A person may pick any file as a template or hand any file to ``verificar``: a
password-protected document (an encrypted OLE2/CFB container, not a zip), an
old ``.doc``, a copy cut short by a download, a zip with a damaged member, a
workbook, a macro-enabled document (``.docm``), a Word template (``.dotx``) or
a document saved as «Strict Open XML». zipfile and python-docx say each of
these in English and as an exception; here each is recognized from the first
bytes, the zip's directory, the package relationships and the content types,
and becomes one :class:`~reporte_docx.errores.Hallazgo` that says what the
file is and what to do. The technical detail goes to the log (``--depurar``).

Written by hand: no library names these cases (python-docx only raises
``PackageNotFoundError``/``ValueError``).
"""

from __future__ import annotations

import io
import logging
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsmap as NSMAP_WORD
from lxml import etree

from reporte_docx.errores import Codigo, Hallazgo

_log = logging.getLogger(__name__)

OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
#: The stream an encrypted OOXML file (password to open) carries inside its OLE2 container.
FLUJO_CIFRADO = "EncryptionInfo".encode("utf-16-le")
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")

_NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_DOCUMENTO = RT.OFFICE_DOCUMENT
#: The main document relationship of a file saved as «Strict Open XML» (ISO 29500 strict).
REL_DOCUMENTO_ESTRICTO = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
#: WordprocessingML's namespace in a Strict file (``w:`` there is not the usual one).
NS_W_ESTRICTO = "http://purl.oclc.org/ooxml/wordprocessingml/main"
TIPO_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TIPO_DOCM = "application/vnd.ms-word.document.macroEnabled.main+xml"
TIPO_DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
TIPO_DOTM = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_GUARDAR_COMO = "en Word, Archivo › Guardar como › «Documento de Word (.docx)», y use esa copia"


def _hallazgo(codigo: Codigo, mensaje: str) -> Hallazgo:
    return Hallazgo(codigo, mensaje)


def es_cifrado(datos: bytes) -> bool:
    """An OLE2 container holding an ``EncryptionInfo`` stream: an Office file with a password."""
    return datos.startswith(OLE2) and FLUJO_CIFRADO in datos


def _no_es_zip(datos: bytes) -> Hallazgo:
    """What a file that zipfile cannot open is, judged by its first bytes."""
    if not datos:
        return _hallazgo(Codigo.DOCX_NO_ES_ZIP, "está vacío (0 bytes); no es un documento de Word")
    if es_cifrado(datos):
        return _hallazgo(
            Codigo.DOCX_CON_CONTRASENA,
            "está protegido con contraseña, así que su contenido no se puede leer; ábralo en "
            "Word, quite la contraseña (Archivo › Información › Proteger documento › Cifrar con "
            "contraseña, dejándola vacía), guárdelo y repita",
        )
    if datos.startswith(OLE2):
        return _hallazgo(
            Codigo.DOCX_ANTIGUO,
            "es un documento de Word antiguo (.doc) u otro archivo de Office 97-2003, aunque su "
            f"nombre diga otra cosa; {_GUARDAR_COMO}",
        )
    if datos.startswith(_ZIP):
        return _hallazgo(
            Codigo.DOCX_DANADO,
            "está dañado o incompleto (el archivo se cortó o se alteró, p. ej. al copiarlo, "
            "descargarlo o adjuntarlo); pida de nuevo el original, o ábralo en Word y "
            "guárdelo otra vez",
        )
    return _hallazgo(
        Codigo.DOCX_NO_ES_ZIP,
        "no es un documento de Word (.docx), aunque su nombre lo parezca: es otro tipo de "
        f"archivo; si Word lo abre, {_GUARDAR_COMO.removeprefix('en Word, ')}",
    )


def abrir_zip(datos: bytes) -> zipfile.ZipFile | Hallazgo:
    """The package as a zip, or the finding that says why it is none."""
    try:
        return zipfile.ZipFile(io.BytesIO(datos))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        _log.debug("el .docx no se abre como zip: %s", e)
        return _no_es_zip(datos)


def parte_danada(nombre: str, error: Exception) -> Hallazgo:
    """A member that cannot be decompressed (a bad CRC, a truncated stream…)."""
    _log.debug("la parte «%s» no se descomprime: %s", nombre, error)
    return Hallazgo(
        Codigo.DOCX_PARTE_ILEGIBLE,
        "no se puede descomprimir: el archivo está dañado (sus datos no coinciden con lo que "
        "el propio archivo dice de ellos); pida de nuevo el original, o ábralo en Word y "
        "guárdelo otra vez",
        lugar=f"parte «{nombre}»",
    )


#: What a zip member that fails to decompress raises.
ERRORES_DE_ZIP = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
)


def revisar_crc(z: zipfile.ZipFile) -> Hallazgo | None:
    """The first member that does not decompress to what its CRC says, as a finding."""
    for info in z.infolist():
        if info.is_dir():
            continue
        try:
            with z.open(info) as parte:
                while parte.read(1 << 20):
                    pass
        except ERRORES_DE_ZIP as e:
            return parte_danada(info.filename, e)
    return None


@dataclass(frozen=True)
class Principal:
    """The package's main part: its name, its content type and whether it is Strict."""

    nombre: str | None
    tipo: str | None
    estricto: bool


def _xml(z: zipfile.ZipFile, nombre: str) -> Any:
    try:
        return etree.fromstring(z.read(nombre), _PARSER)
    except KeyError:
        return None


def parte_principal(z: zipfile.ZipFile) -> Principal:
    """Which part ``_rels/.rels`` names as the document, and its declared content type.

    Raises what zipfile and lxml raise for a damaged member or malformed XML.
    """
    rels = _xml(z, "_rels/.rels")
    nombre, estricto = None, False
    for rel in [] if rels is None else rels.iter(f"{{{_NS_REL}}}Relationship"):
        if rel.get("Type") in (REL_DOCUMENTO, REL_DOCUMENTO_ESTRICTO) and nombre is None:
            nombre = posixpath.normpath(rel.get("Target", "").lstrip("/"))
            estricto = rel.get("Type") == REL_DOCUMENTO_ESTRICTO
    tipos = _xml(z, "[Content_Types].xml")
    tipo = None
    if nombre is not None and tipos is not None:
        for o in tipos.iter(f"{{{_NS_CT}}}Override"):
            if o.get("PartName", "").lstrip("/").lower() == nombre.lower():
                tipo = o.get("ContentType")
    return Principal(nombre, tipo, estricto)


_NO_ES_DOCUMENTO = {
    TIPO_DOCM: (
        Codigo.DOCX_CON_MACROS,
        f"es un documento de Word con macros (.docm); un reporte no lleva macros: {_GUARDAR_COMO}",
    ),
    TIPO_DOTX: (
        Codigo.DOCX_ES_PLANTILLA_DE_WORD,
        "es una plantilla de Word (.dotx), no un documento; ábrala en Word con Archivo › Abrir "
        "(un doble clic crea un documento nuevo a partir de ella) y guárdela como «Documento "
        "de Word (.docx)»",
    ),
    TIPO_DOTM: (
        Codigo.DOCX_ES_PLANTILLA_DE_WORD,
        "es una plantilla de Word con macros (.dotm), no un documento; ábrala en Word con "
        "Archivo › Abrir y guárdela como «Documento de Word (.docx)»",
    ),
}


def revisar_principal(principal: Principal, nombres: set[str]) -> Hallazgo | None:
    """Why the package is not a plain Word document python-docx can read, or ``None``.

    A Strict document, a .docm/.dotx/.dotm and a package of another kind
    (a workbook, a presentation, a theme alone) are each said as what they are.
    """
    if principal.nombre is None or principal.nombre not in nombres:
        if "xl/workbook.xml" in nombres:
            que = "es un libro de Excel, no un documento de Word"
        elif "ppt/presentation.xml" in nombres:
            que = "es una presentación de PowerPoint, no un documento de Word"
        else:
            que = "no tiene el cuerpo de un documento de Word (el texto del documento no está)"
        return _hallazgo(Codigo.DOCX_NO_ES_WORD, f"{que}; use un documento .docx hecho en Word")
    if principal.tipo in _NO_ES_DOCUMENTO:
        return _hallazgo(*_NO_ES_DOCUMENTO[principal.tipo])
    if principal.estricto:
        return _hallazgo(
            Codigo.DOCX_ESTRICTO,
            "está guardado como «Documento Open XML estricto», un formato que no se puede "
            f"usar aquí; {_GUARDAR_COMO}",
        )
    if principal.tipo != TIPO_DOCX:
        return _hallazgo(
            Codigo.DOCX_NO_ES_WORD,
            "no es un documento de Word: su contenido principal es de otro tipo "
            f"(«{principal.tipo or 'sin tipo declarado'}»); use un documento .docx hecho en Word",
        )
    return None


# -- a package python-docx and docxtpl can take -------------------------------------

#: Package relationships a document has at most one of (python-docx fails on a second).
_UNICAS = (RT.CORE_PROPERTIES, RT.EXTENDED_PROPERTIES, RT.OFFICE_DOCUMENT, RT.THUMBNAIL)
#: The prefixes docxtpl's text patterns and this package's own XML snippets write.
_PREFIJOS = {
    **{p: u for p, u in NSMAP_WORD.items() if p != "xml"},
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
_PREFIJO_DE = {u: p for p, u in _PREFIJOS.items()}
#: Markup-compatibility attributes whose values are lists of prefixes.
_LISTAS_DE_PREFIJOS = tuple(
    f"{{{_PREFIJOS['mc']}}}{n}"
    for n in ("Ignorable", "ProcessContent", "PreserveElements", "PreserveAttributes",
              "MustUnderstand", "Requires")
)  # fmt: skip
#: Parts whose text a template carries tags in: docxtpl reads them as text with ``w:``.
_DECLARACION = re.compile(rb"""xmlns(?::([\w.-]+))?\s*=\s*["']([^"']*)["']""")
_CON_TEXTO = ("word/document", "word/header", "word/footer", "word/footnotes", "word/endnotes")


def _relaciones_unicas(rels: bytes) -> bytes | None:
    """``_rels/.rels`` with a second properties or document relationship left out, or None."""
    raiz = etree.fromstring(rels, _PARSER)
    vistos: set[str] = set()
    quitadas = 0
    for rel in list(raiz.iter(f"{{{_NS_REL}}}Relationship")):
        tipo = rel.get("Type", "")
        if tipo in _UNICAS and tipo in vistos:
            raiz.remove(rel)
            quitadas += 1
        vistos.add(tipo)
    if not quitadas:
        return None
    _log.debug("se dejaron fuera %d relaciones repetidas del paquete", quitadas)
    return bytes(etree.tostring(raiz, xml_declaration=True, encoding="UTF-8", standalone=True))


def _prefijos_raros(datos: bytes) -> bool:
    """Whether a part binds one of Word's namespaces to another prefix (``ns0:``, a default
    namespace), which docxtpl's text patterns and the photos' XML would not see."""
    for m in _DECLARACION.finditer(datos):
        uri = m[2].decode("utf-8", "replace")
        if uri in _PREFIJO_DE and (m[1] or b"").decode() != _PREFIJO_DE[uri]:
            return True
    return False


def _nsmap_de(raiz: Any) -> tuple[dict[str | None, str], dict[str, str]]:
    """The root namespace map with Word's prefixes, and each old prefix's new name."""
    nuevo: dict[str | None, str] = {p: u for p, u in _PREFIJOS.items()}
    cambio: dict[str, str] = {}
    for el in raiz.iter(tag=etree.Element):
        for prefijo, uri in el.nsmap.items():
            if uri in _PREFIJO_DE:
                cambio[prefijo or ""] = _PREFIJO_DE[uri]
                continue
            nombre = prefijo or "ns"
            while nombre in nuevo and nuevo[nombre] != uri:
                nombre += "x"
            nuevo[nombre] = uri
            cambio[prefijo or ""] = nombre
    return nuevo, cambio


def _con_prefijos_de_word(raiz: Any) -> Any:
    """A copy of *raiz* that writes Word's namespaces as ``w:``, ``r:``, ``wp:``…

    lxml keeps the prefixes a file was written with (``ns0:p`` is a paragraph
    too), but docxtpl finds tags in the text of ``<w:p>``/``<w:t>`` and the
    photos are written as ``<w:drawing>``/``<wp:inline>``; so such a part is
    rebuilt under the usual prefixes, all declared on its root.
    """
    nsmap, cambio = _nsmap_de(raiz)

    def atributos(el: Any) -> dict[str, str]:
        valores = dict(el.attrib)
        for clave in _LISTAS_DE_PREFIJOS:
            if clave in valores:
                valores[clave] = " ".join(cambio.get(p, p) for p in valores[clave].split())
        return valores

    copia = etree.Element(raiz.tag, atributos(raiz), nsmap=nsmap)
    copia.text = raiz.text
    pendientes = [(raiz, copia)]
    while pendientes:
        original, destino = pendientes.pop()
        for hijo in original:
            if isinstance(hijo.tag, str):
                nuevo = etree.SubElement(destino, hijo.tag, atributos(hijo))
                pendientes.append((hijo, nuevo))
            else:  # a comment or a processing instruction
                nuevo = etree.fromstring(etree.tostring(hijo, with_tail=False))
                destino.append(nuevo)
            nuevo.text, nuevo.tail = hijo.text, hijo.tail
    return copia


def normalizar_paquete(datos: bytes) -> bytes:
    """The package as python-docx and docxtpl can read it: the same bytes when nothing needs it.

    A second core-properties (or document) relationship is left out, as Word does,
    and a text part that writes Word's namespaces under other prefixes is rebuilt
    with the usual ones (:func:`_con_prefijos_de_word`). Raises what zipfile and
    lxml raise on a damaged package.
    """
    cambios: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(datos)) as z:
        nombres = set(z.namelist())
        if "_rels/.rels" in nombres and (rels := _relaciones_unicas(z.read("_rels/.rels"))):
            cambios["_rels/.rels"] = rels
        for nombre in sorted(nombres):
            if nombre.startswith(_CON_TEXTO) and nombre.endswith(".xml"):
                parte = z.read(nombre)
                if _prefijos_raros(parte):
                    raiz = _con_prefijos_de_word(etree.fromstring(parte, _PARSER))
                    cambios[nombre] = etree.tostring(
                        raiz, xml_declaration=True, encoding="UTF-8", standalone=True
                    )
        if not cambios:
            return datos
        _log.debug("partes reescritas para leer la plantilla: %s", ", ".join(sorted(cambios)))
        salida = io.BytesIO()
        with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as copia:
            for info in z.infolist():
                copia.writestr(info, cambios.get(info.filename) or z.read(info))
    return salida.getvalue()
