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

import io
import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from reporte_docx.documento.paquete import REL_DOCUMENTO
from reporte_docx.errores import ErrorDePlantilla, ErrorInterno, Hallazgo
from reporte_docx.formato import mayusculas
from reporte_docx.texto import hay_prohibidos_xml, normalizar_saltos, quitar_prohibidos_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_ETIQUETA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
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
    f"{{{W}}}{n}"
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

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


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
    variantes = set()
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
    for el in parrafo.iter(f"{{{W}}}t", f"{{{W}}}br", f"{{{W}}}cr", f"{{{W}}}tab"):
        if el.tag == f"{{{W}}}t":
            partes.append(el.text or "")
        elif el.tag == f"{{{W}}}tab":
            # a tab stop definition (w:pPr/w:tabs/w:tab) is not text
            if el.getparent() is not None and el.getparent().tag == f"{{{W}}}r":
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
    if ultimo.tag == f"{{{W}}}sdt":
        contenido = ultimo.find(f"{{{W}}}sdtContent")
        return contenido is not None and _termina_en_parrafo(contenido)
    return ultimo.tag == f"{{{W}}}p"


def _sin_documento_de_word(
    arboles: dict[str, etree._Element], nombres: set[str]
) -> Hallazgo | None:
    """A finding when the package's main part is not a Word body (an .xlsx is a sound zip too)."""
    rels = arboles.get("_rels/.rels")
    destino = None
    if rels is not None:
        for rel in rels.findall(f"{{{_NS_REL}}}Relationship"):
            if rel.get("Type") == REL_DOCUMENTO:
                destino = _destino("", rel.get("Target", ""))
    principal = arboles.get(destino) if destino else None
    if principal is not None and principal.tag == f"{{{W}}}document":
        return None
    if destino and destino in nombres and destino not in arboles:
        return None  # the part itself is unreadable: already reported as such
    que = "es un libro de Excel" if "xl/workbook.xml" in nombres else "le falta su cuerpo"
    return Hallazgo("docx-no-es-word", f"no es un documento de Word (.docx): {que}")


def revisar_docx(docx: bytes | str | Path, textos_permitidos: Iterable[str] = ()) -> list[Hallazgo]:
    """Every structural problem of *docx* as findings; an empty list means it is sound.

    *textos_permitidos* are values from the data that may legitimately contain
    ``{{``/``{%`` (a user can write them); they are not reported as leftover tags.
    Leftover tags are findings of code :data:`ETIQUETA_SIN_PROCESAR`.
    """
    hallazgos: list[Hallazgo] = []

    def problema(codigo: str, mensaje: str, parte: str | None = None) -> None:
        hallazgos.append(Hallazgo(codigo, mensaje, lugar=f"parte «{parte}»" if parte else None))

    fuente = io.BytesIO(docx) if isinstance(docx, bytes) else docx
    try:
        z = zipfile.ZipFile(fuente)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        return [Hallazgo("docx-no-es-zip", f"no es un paquete zip válido ({e})")]
    with z:
        lista = [i for i in z.infolist() if not i.is_dir()]
        nombres = {i.filename for i in lista}
        for nombre, veces in sorted(Counter(i.filename for i in lista).items()):
            if veces > 1:
                problema("docx-parte-repetida", f"aparece {veces} veces en el paquete", nombre)
        if "[Content_Types].xml" not in nombres:
            return [*hallazgos, Hallazgo("docx-sin-tipos", "falta [Content_Types].xml")]

        arboles: dict[str, etree._Element] = {}
        for info in sorted(lista, key=lambda i: i.filename):
            nombre = info.filename
            if not nombre.endswith((".xml", ".rels")) or nombre in arboles:
                continue
            if info.file_size > TAMANO_MAXIMO_PARTE:
                problema(
                    "docx-parte-enorme", f"mide {info.file_size:,} bytes descomprimida", nombre
                )
                continue
            try:
                datos = z.read(nombre)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
                problema("docx-parte-ilegible", f"no se puede descomprimir ({e})", nombre)
                continue
            try:
                arboles[nombre] = etree.fromstring(datos, _PARSER)
            except etree.XMLSyntaxError as e:
                if caracter := _caracter_prohibido(datos):
                    problema(
                        "docx-caracter-prohibido",
                        f"contiene el carácter {caracter}, que XML no admite",
                        nombre,
                    )
                else:
                    problema("docx-xml-mal-formado", f"no es XML bien formado ({e})", nombre)

        if problema_principal := _sin_documento_de_word(arboles, nombres):
            hallazgos.append(problema_principal)

        tipos = arboles.get("[Content_Types].xml")
        if tipos is not None:
            por_extension = {
                e.get("Extension", "").lower() for e in tipos.findall(f"{{{_NS_CT}}}Default")
            }
            explicitas = [
                o.get("PartName", "").lstrip("/") for o in tipos.findall(f"{{{_NS_CT}}}Override")
            ]
            # part names are case-insensitive in a package (OPC)
            en_minusculas = {n.lower() for n in nombres}
            explicitas_min = {p.lower() for p in explicitas}
            for nombre in sorted(nombres):
                if nombre == "[Content_Types].xml":
                    continue
                extension = nombre.rsplit(".", 1)[-1].lower() if "." in nombre else ""
                if nombre.lower() not in explicitas_min and extension not in por_extension:
                    problema("docx-sin-tipo", "no tiene tipo de contenido", nombre)
            for parte in sorted(set(explicitas)):
                if parte.lower() not in en_minusculas:
                    problema(
                        "docx-tipo-huerfano",
                        "se declara en [Content_Types].xml pero no existe",
                        parte,
                    )
                if explicitas.count(parte) > 1:
                    problema("docx-tipo-repetido", "tiene más de un tipo de contenido", parte)

        ids_rel_de: dict[str, set[str]] = {}
        for nombre, arbol in arboles.items():
            if not nombre.endswith(".rels"):
                continue
            carpeta_rels = posixpath.dirname(posixpath.dirname(nombre))
            origen = posixpath.join(carpeta_rels, posixpath.basename(nombre)[: -len(".rels")])
            ids = Counter(r.get("Id") for r in arbol.findall(f"{{{_NS_REL}}}Relationship"))
            ids_rel_de[origen] = set(ids)
            for ident, veces in sorted(ids.items(), key=str):
                if veces > 1:
                    problema(
                        "docx-relacion-repetida", f"el id de relación {ident} se repite", nombre
                    )
            for rel in arbol.findall(f"{{{_NS_REL}}}Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                destino = _destino(origen, rel.get("Target", ""))
                if destino not in nombres:
                    problema(
                        "docx-relacion-rota",
                        f"la relación {rel.get('Id')} apunta a «{destino}», que no existe",
                        nombre,
                    )

        permitidos = variantes_de_texto(textos_permitidos)
        ids_dibujo: Counter[str] = Counter()
        for nombre, arbol in sorted(arboles.items()):
            if not nombre.startswith(_CONTENIDO):
                continue
            ids_rel = ids_rel_de.get(nombre, set())
            for el in arbol.iter():
                for atributo, valor in el.attrib.items():
                    if atributo.startswith(f"{{{R}}}") and valor not in ids_rel:
                        problema(
                            "docx-relacion-indefinida",
                            f"usa la relación {valor}, que no está definida",
                            nombre,
                        )
            ids_dibujo.update(d.get("id") for d in arbol.iter(f"{{{WP}}}docPr"))
            for celda in arbol.iter(f"{{{W}}}tc"):
                if not _termina_en_parrafo(celda):
                    texto = _texto_de_parrafo(celda).strip()[:60]
                    problema(
                        "docx-celda-sin-parrafo",
                        "una celda de tabla no termina en un párrafo"
                        + (f" (celda con «{texto}»)" if texto else ""),
                        nombre,
                    )
            for parrafo in arbol.iter(f"{{{W}}}p"):
                texto = _texto_de_parrafo(parrafo)
                if "{" not in texto:
                    continue
                for permitido in permitidos:
                    texto = texto.replace(permitido, "")
                if resto := _ETIQUETA.search(texto):
                    hallazgos.append(
                        Hallazgo(
                            ETIQUETA_SIN_PROCESAR,
                            f"quedó una etiqueta de plantilla sin procesar: «{resto[0][:80]}»",
                            lugar=f"parte «{nombre}»",
                        )
                    )
        for ident, veces in sorted(ids_dibujo.items(), key=str):
            if veces > 1:
                problema(
                    "docx-id-dibujo-repetido", f"el id de dibujo {ident} se repite {veces} veces"
                )
    return hallazgos


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
    hallazgos = revisar_docx(docx, textos_permitidos)
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
