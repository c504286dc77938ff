"""The library's own structural check of a generated .docx.

LibreOffice opening a file does not mean Word will. Before a document is moved
into place it must pass these checks, which catch what Word rejects as
"unreadable content": malformed parts, XML-forbidden characters, duplicate
drawing ids, dangling relationships, parts without a content type, table cells
not ending in a paragraph (the SDK validator does not catch that one), and
template tags left unrendered. A failure is a bug of this library, reported as
:class:`~reporte_docx.errores.ErrorInterno`.
"""

from __future__ import annotations

import logging
import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from docx.opc.constants import NAMESPACE as NS
from docx.oxml.ns import nsmap, qn
from lxml import etree

from reporte_docx.documento import apertura
from reporte_docx.documento.paquete import PARSER, REL_DOCUMENTO
from reporte_docx.documento.wordml import ETIQUETA
from reporte_docx.errores import AVISO, ErrorDePlantilla, ErrorInterno, Hallazgo
from reporte_docx.formato import mayusculas, numero
from reporte_docx.texto import hay_prohibidos_xml, normalizar_saltos, quitar_prohibidos_xml

_log = logging.getLogger(__name__)

_NS_REL = NS.OPC_RELATIONSHIPS
_NS_CT = NS.OPC_CONTENT_TYPES
#: Parts whose text a template can carry tags in.
_CONTENIDO = (
    "word/document",
    "word/header",
    "word/footer",
    "word/footnotes.xml",
    "word/endnotes.xml",
    "word/comments.xml",
)
#: Elements that may follow a cell's last paragraph without being content.
_MARCAS = {
    qn(f"w:{n}")
    for n in (
        "tcPr",
        "bookmarkStart",
        "bookmarkEnd",
        "commentRangeStart",
        "commentRangeEnd",
        "permStart",
        "permEnd",
        "proofErr",
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
    )
}
#: A part larger than this is not something this tool writes (and may be a zip bomb).
TAMANO_MAXIMO_PARTE = 256 * 1024 * 1024
#: Character references to what XML 1.0 forbids (``&#1;``): they break the part just the same.
_REFERENCIA = re.compile(rb"&#(x[0-9a-fA-F]+|[0-9]+);")
#: Code of the leftover-tag finding: the only one that user data can cause legitimately.
ETIQUETA_SIN_PROCESAR = "docx-etiqueta-sin-procesar"


def _destino(parte: str, objetivo: str) -> str:
    objetivo = unquote(objetivo)
    if objetivo.startswith("/"):
        return objetivo.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(parte), objetivo))


def _caracter_prohibido(datos: bytes) -> str | None:
    """The first XML-forbidden character of *datos* (raw or as a reference), shown as U+XXXX."""
    texto = datos.decode("utf-8", errors="replace")
    if hay_prohibidos_xml(texto):
        c = next(c for c in texto if hay_prohibidos_xml(c))
        return f"U+{ord(c):04X}"
    for m in _REFERENCIA.finditer(datos):
        valor = m[1].decode()
        codigo = int(valor[1:], 16) if valor.startswith("x") else int(valor)
        if codigo > 0x10FFFF or hay_prohibidos_xml(chr(codigo)):
            return f"U+{codigo:04X}"
    return None


def variantes_de_texto(textos: Iterable[str]) -> list[str]:
    """How data values may appear in a paragraph's text: as written to the document
    (line ends normalized, forbidden characters dropped), stripped, and upper-cased by
    the ``mayusculas`` filter; longest first so that overlapping values go whole."""
    variantes: set[str] = set()
    for t in textos:
        limpio = quitar_prohibidos_xml(normalizar_saltos(t))
        if "{" in limpio:
            # a value may be shown stripped (an activity's own objective is)
            for v in (limpio, limpio.strip(), quitar_prohibidos_xml(normalizar_saltos(t.strip()))):
                variantes.update((v, mayusculas(v)))
    return sorted(variantes, key=len, reverse=True)


def _texto_de_parrafo(parrafo: etree._Element) -> str:
    """The paragraph's text as python-docx reads it: line breaks ``\\n``, tabs ``\\t``."""
    partes = []
    for el in parrafo.iter(qn("w:t"), qn("w:br"), qn("w:cr"), qn("w:tab")):
        if el.tag == qn("w:t"):
            partes.append(el.text or "")
        elif el.tag == qn("w:tab"):
            # a tab stop definition (w:pPr/w:tabs/w:tab) is not text
            if el.getparent() is not None and el.getparent().tag == qn("w:r"):
                partes.append("\t")
        else:
            partes.append("\n")
    return "".join(partes)


def _termina_en_parrafo(celda: etree._Element) -> bool:
    """Word wants a cell's last block to be a paragraph (also inside a content control)."""
    hijos = [h for h in celda if h.tag not in _MARCAS and isinstance(h.tag, str)]
    if not hijos:
        return False
    ultimo = hijos[-1]
    if ultimo.tag == qn("w:sdt"):
        contenido = ultimo.find(qn("w:sdtContent"))
        return contenido is not None and _termina_en_parrafo(contenido)
    return bool(ultimo.tag == qn("w:p"))


def _sin_documento_de_word(
    arboles: dict[str, etree._Element], nombres: set[str]
) -> Hallazgo | None:
    """A finding when the package's main part is not a Word body (an .xlsx is a sound zip too)."""
    rels = arboles.get("_rels/.rels")
    destino = None
    if rels is not None:
        for rel in rels.findall(f"{{{_NS_REL}}}Relationship"):
            if rel.get("Type") in (REL_DOCUMENTO, apertura.REL_DOCUMENTO_ESTRICTO):
                destino = _destino("", rel.get("Target", ""))
    principal = arboles.get(destino) if destino else None
    # a «Strict Open XML» document is Word's too: Word and LibreOffice open it
    if principal is not None and principal.tag in (
        qn("w:document"),
        f"{{{apertura.NS_W_ESTRICTO}}}document",
    ):
        return None
    if destino and destino in nombres and destino not in arboles:
        return None  # the part itself is unreadable: already reported as such
    que = "es un libro de Excel" if "xl/workbook.xml" in nombres else "le falta su cuerpo"
    return Hallazgo("docx-no-es-word", f"no es un documento de Word (.docx): {que}")


@dataclass
class _Revision:
    """The findings of one check and the package's parts read so far."""

    nombres: set[str]
    arboles: dict[str, Any] = field(default_factory=dict)
    hallazgos: list[Hallazgo] = field(default_factory=list)

    def problema(
        self, codigo: str, mensaje: str, parte: str | None = None, severidad: str = "error"
    ) -> None:
        lugar = f"parte «{parte}»" if parte else None
        self.hallazgos.append(Hallazgo(codigo, mensaje, severidad, lugar=lugar))


def _leer_partes(z: zipfile.ZipFile, rev: _Revision) -> None:
    """Parse every XML part once (bounded in size), reporting those that cannot be read."""
    for info in sorted((i for i in z.infolist() if not i.is_dir()), key=lambda i: i.filename):
        nombre = info.filename
        if not nombre.endswith((".xml", ".rels")) or nombre in rev.arboles:
            continue
        if info.file_size > TAMANO_MAXIMO_PARTE:
            rev.problema(
                "docx-parte-enorme", f"mide {numero(info.file_size)} bytes descomprimida", nombre
            )
            continue
        try:
            datos = z.read(nombre)
        except apertura.ERRORES_DE_ZIP as e:
            rev.hallazgos.append(apertura.parte_danada(nombre, e))
            continue
        try:
            rev.arboles[nombre] = etree.fromstring(datos, PARSER)
        except etree.XMLSyntaxError as e:
            if caracter := _caracter_prohibido(datos):
                rev.problema(
                    "docx-caracter-prohibido",
                    f"contiene el carácter {caracter}, que XML no admite",
                    nombre,
                )
            else:
                rev.hallazgos.append(apertura.xml_mal_formado(nombre, e))


def _revisar_tipos(rev: _Revision) -> None:
    """Every part has a content type, and every declared one names a part (once)."""
    tipos = rev.arboles.get("[Content_Types].xml")
    if tipos is None:
        return
    por_extension = {e.get("Extension", "").lower() for e in tipos.findall(f"{{{_NS_CT}}}Default")}
    explicitas = [o.get("PartName", "").lstrip("/") for o in tipos.findall(f"{{{_NS_CT}}}Override")]
    # part names are case-insensitive in a package (OPC)
    en_minusculas = {n.lower() for n in rev.nombres}
    explicitas_min = {p.lower() for p in explicitas}
    for nombre in sorted(rev.nombres - {"[Content_Types].xml"}):
        extension = nombre.rsplit(".", 1)[-1].lower() if "." in nombre else ""
        if nombre.lower() not in explicitas_min and extension not in por_extension:
            rev.problema("docx-sin-tipo", "no tiene tipo de contenido", nombre)
    for parte in sorted(set(explicitas)):
        if parte.lower() not in en_minusculas:
            # Word itself leaves a stale declaration of a properties part behind (and opens
            # such a file without complaint): worth a look, no break
            propiedades = parte.lower().startswith("docprops/")
            rev.problema(
                "docx-tipo-huerfano",
                "se declara en [Content_Types].xml pero no existe"
                + ("; Word lo pasa por alto" if propiedades else ""),
                parte,
                AVISO if propiedades else "error",
            )
        if explicitas.count(parte) > 1:
            rev.problema("docx-tipo-repetido", "tiene más de un tipo de contenido", parte)


def _revisar_relaciones(rev: _Revision) -> dict[str, set[str]]:
    """Relationship ids are unique and internal targets exist; the ids of each source part."""
    ids_rel_de: dict[str, set[str]] = {}
    for nombre, arbol in rev.arboles.items():
        if not nombre.endswith(".rels"):
            continue
        carpeta_rels = posixpath.dirname(posixpath.dirname(nombre))
        origen = posixpath.join(carpeta_rels, posixpath.basename(nombre)[: -len(".rels")])
        relaciones = arbol.findall(f"{{{_NS_REL}}}Relationship")
        ids = Counter(r.get("Id") for r in relaciones)
        ids_rel_de[origen] = set(ids)
        for ident, veces in sorted(ids.items(), key=str):
            if veces > 1:
                rev.problema(
                    "docx-relacion-repetida", f"el id de relación {ident} se repite", nombre
                )
        for rel in relaciones:
            destino = _destino(origen, rel.get("Target", ""))
            if rel.get("TargetMode") != "External" and destino not in rev.nombres:
                rev.problema(
                    "docx-relacion-rota",
                    f"la relación {rel.get('Id')} apunta a «{destino}», que no existe",
                    nombre,
                )
    return ids_rel_de


def _revisar_contenido(
    rev: _Revision, nombre: str, arbol: Any, ids_rel: set[str], permitidos: list[str]
) -> None:
    """One content part: defined relationship ids, cells ending in a paragraph, no tags left."""
    for el in arbol.iter():
        for atributo, valor in el.attrib.items():
            if atributo.startswith(f"{{{nsmap['r']}}}") and valor not in ids_rel:
                rev.problema(
                    "docx-relacion-indefinida",
                    f"usa la relación {valor}, que no está definida",
                    nombre,
                )
    for celda in arbol.iter(qn("w:tc")):
        if not _termina_en_parrafo(celda):
            texto = _texto_de_parrafo(celda).strip()[:60]
            rev.problema(
                "docx-celda-sin-parrafo",
                "una celda de tabla no termina en un párrafo"
                + (f" (celda con «{texto}»)" if texto else ""),
                nombre,
            )
    for parrafo in arbol.iter(qn("w:p")):
        texto = _texto_de_parrafo(parrafo)
        if "{" not in texto:
            continue
        for permitido in permitidos:
            texto = texto.replace(permitido, "")
        if resto := ETIQUETA.search(texto):
            rev.problema(
                ETIQUETA_SIN_PROCESAR,
                f"quedó una etiqueta de plantilla sin procesar: «{resto[0][:80]}»",
                nombre,
            )


def _revisar_cuerpos(rev: _Revision, textos_permitidos: Iterable[str]) -> None:
    """Every part that can hold text, and drawing ids unique across all of them."""
    ids_rel_de = _revisar_relaciones(rev)
    permitidos = variantes_de_texto(textos_permitidos)
    ids_dibujo: Counter[str] = Counter()
    for nombre, arbol in sorted(rev.arboles.items()):
        if nombre.startswith(_CONTENIDO):
            _revisar_contenido(rev, nombre, arbol, ids_rel_de.get(nombre, set()), permitidos)
            ids_dibujo.update(d.get("id") for d in arbol.iter(qn("wp:docPr")))
    for ident, veces in sorted(ids_dibujo.items(), key=str):
        if veces > 1:
            rev.problema(
                "docx-id-dibujo-repetido", f"el id de dibujo {ident} se repite {veces} veces"
            )


def revisar_docx(docx: bytes | str | Path, textos_permitidos: Iterable[str] = ()) -> list[Hallazgo]:
    """Every structural problem of *docx* as findings; an empty list means it is sound.

    *textos_permitidos* are values from the data that may legitimately contain
    ``{{``/``{%`` (a user can write them); they are not reported as leftover tags.
    Leftover tags are findings of code :data:`ETIQUETA_SIN_PROCESAR`.
    """
    try:
        datos = docx if isinstance(docx, bytes) else Path(docx).read_bytes()
    except OSError as e:
        _log.debug("no se pudo leer %s: %s", docx, e)
        return [Hallazgo("docx-no-existe", "no se puede leer; revise el nombre y los permisos")]
    abierto = apertura.abrir_zip(datos)
    if isinstance(abierto, Hallazgo):
        return [abierto]
    with abierto as z:
        rev = _Revision({i.filename for i in z.infolist() if not i.is_dir()})
        for nombre, veces in apertura.partes_repetidas(z).items():
            rev.problema("docx-parte-repetida", f"aparece {veces} veces en el paquete", nombre)
        if "[Content_Types].xml" not in rev.nombres:
            return [*rev.hallazgos, Hallazgo("docx-sin-tipos", "falta [Content_Types].xml")]
        _leer_partes(z, rev)
    if problema_principal := _sin_documento_de_word(rev.arboles, rev.nombres):
        rev.hallazgos.append(problema_principal)
    _revisar_tipos(rev)
    _revisar_cuerpos(rev, textos_permitidos)
    return rev.hallazgos


def verificar_docx(docx: bytes | str | Path, textos_permitidos: Iterable[str] = ()) -> list[str]:
    """Every structural problem of *docx*, in Spanish; an empty list means it is sound."""
    return [str(h) for h in revisar_docx(docx, textos_permitidos)]


def exigir_docx_valido(
    docx: bytes, textos_permitidos: Iterable[str] = (), plantilla: Path | None = None
) -> None:
    """Raise when :func:`revisar_docx` finds anything.

    A problem the *plantilla* itself already has (a damaged part copied as it
    was) is the template's: :class:`ErrorDePlantilla`. Anything else is a bug of
    this library: :class:`ErrorInterno`.
    """
    hallazgos = [h for h in revisar_docx(docx, textos_permitidos) if h.es_error]
    if not hallazgos:
        return
    if plantilla is not None:
        propios = {
            (h.codigo, h.lugar): h
            for h in revisar_docx(plantilla)
            if h.codigo != ETIQUETA_SIN_PROCESAR  # a template is made of tags
        }
        heredados = [
            propios[k]
            for k in dict.fromkeys((h.codigo, h.lugar) for h in hallazgos)
            if k in propios
        ]
        if heredados:
            raise ErrorDePlantilla(
                f"La plantilla «{plantilla.name}» está dañada; ábrala en Word y guárdela de nuevo",
                [
                    Hallazgo(
                        "plantilla-danada",
                        f"{h.mensaje}; ábrala en Word y guárdela de nuevo",
                        lugar=", ".join(x for x in (f"plantilla «{plantilla}»", h.lugar) if x),
                    )
                    for h in heredados
                ],
            )
    lista = "\n".join(f"- {h}" for h in hallazgos)
    raise ErrorInterno(
        "El documento generado no pasó la verificación interna; no se escribió nada. "
        f"Esto es un error de reporte-docx, no de sus datos; por favor repórtelo:\n{lista}"
    )
