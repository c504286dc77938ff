"""The library's own structural check of a generated .docx.

LibreOffice opening a file does not mean Word will. Before a document is moved
into place it must pass these checks, which catch what Word rejects as
"unreadable content": malformed parts, duplicate drawing ids, dangling
relationships, parts without a content type, XML-forbidden characters, table
cells not ending in a paragraph, and template tags left unrendered.
A failure is a bug of this library, reported as
:class:`~reporte_docx.errores.ErrorInterno`.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

from .errores import ErrorInterno

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_ETIQUETA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_CONTENIDO = (
    "word/document.xml",
    "word/header",
    "word/footer",
    "word/footnotes.xml",
    "word/endnotes.xml",
)


def _rels_de(parte: str) -> str:
    carpeta, nombre = posixpath.split(parte)
    return posixpath.join(carpeta, "_rels", nombre + ".rels")


def _destino(parte: str, objetivo: str) -> str:
    if objetivo.startswith("/"):
        return objetivo.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(parte), objetivo))


def verificar_docx(docx: bytes | str | Path, textos_permitidos: tuple[str, ...] = ()) -> list[str]:
    """Every structural problem of *docx*, in Spanish; an empty list means it is sound.

    *textos_permitidos* are values from the data that may legitimately contain
    ``{{``/``{%`` (a user can write them); they are not reported as leftover tags.
    """
    problemas: list[str] = []
    fuente = io.BytesIO(docx) if isinstance(docx, bytes) else docx
    try:
        z = zipfile.ZipFile(fuente)
    except (zipfile.BadZipFile, OSError) as e:
        return [f"no es un paquete zip válido ({e})"]
    with z:
        nombres = set(z.namelist())
        if "[Content_Types].xml" not in nombres:
            return ["falta [Content_Types].xml"]
        arboles: dict[str, etree._Element] = {}
        for nombre in sorted(nombres):
            if nombre.endswith((".xml", ".rels")):
                datos = z.read(nombre)
                try:
                    arboles[nombre] = etree.fromstring(datos)
                except etree.XMLSyntaxError as e:
                    problemas.append(f"la parte «{nombre}» no es XML bien formado ({e})")

        tipos = arboles.get("[Content_Types].xml")
        if tipos is not None:
            por_extension = {
                e.get("Extension", "").lower() for e in tipos.findall(f"{{{_NS_CT}}}Default")
            }
            explicitas = {
                o.get("PartName", "").lstrip("/") for o in tipos.findall(f"{{{_NS_CT}}}Override")
            }
            for nombre in sorted(nombres):
                if nombre == "[Content_Types].xml" or nombre.endswith("/"):
                    continue
                extension = nombre.rsplit(".", 1)[-1].lower() if "." in nombre else ""
                if nombre not in explicitas and extension not in por_extension:
                    problemas.append(f"la parte «{nombre}» no tiene tipo de contenido")
            for parte in sorted(explicitas - nombres):
                problemas.append(f"[Content_Types].xml declara «{parte}», que no existe")

        for nombre, arbol in arboles.items():
            if not nombre.endswith(".rels"):
                continue
            carpeta_rels = posixpath.dirname(posixpath.dirname(nombre))
            origen = posixpath.join(carpeta_rels, posixpath.basename(nombre)[: -len(".rels")])
            for rel in arbol.findall(f"{{{_NS_REL}}}Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                destino = _destino(origen, rel.get("Target", ""))
                if destino not in nombres:
                    problemas.append(
                        f"la relación {rel.get('Id')} de «{origen or '/'}» apunta a «{destino}», "
                        "que no existe"
                    )

        ids_dibujo: Counter[str] = Counter()
        for nombre, arbol in arboles.items():
            if not nombre.startswith(_CONTENIDO):
                continue
            rels = arboles.get(_rels_de(nombre))
            ids_rel = (
                {r.get("Id") for r in rels.findall(f"{{{_NS_REL}}}Relationship")}
                if rels is not None
                else set()
            )
            for el in arbol.iter():
                for atributo, valor in el.attrib.items():
                    if atributo.startswith(f"{{{R}}}") and valor not in ids_rel:
                        problemas.append(
                            f"«{nombre}» usa la relación {valor}, que no está definida"
                        )
            ids_dibujo.update(d.get("id") for d in arbol.iter(f"{{{WP}}}docPr"))
            for celda in arbol.iter(f"{{{W}}}tc"):
                hijos = [h for h in celda if h.tag != f"{{{W}}}tcPr"]
                if not hijos or hijos[-1].tag != f"{{{W}}}p":
                    problemas.append(f"«{nombre}»: una celda de tabla no termina en un párrafo")
                    break
            for parrafo in arbol.iter(f"{{{W}}}p"):
                texto = "".join(t.text or "" for t in parrafo.iter(f"{{{W}}}t"))
                if "{" not in texto:
                    continue
                for permitido in textos_permitidos:
                    if permitido:
                        texto = texto.replace(permitido, "")
                if resto := _ETIQUETA.search(texto):
                    problemas.append(
                        f"«{nombre}»: quedó una etiqueta de plantilla sin procesar: «{resto[0][:80]}»"
                    )
        for ident, veces in sorted(ids_dibujo.items()):
            if veces > 1:
                problemas.append(f"el id de dibujo {ident} se repite {veces} veces")
    return problemas


def exigir_docx_valido(docx: bytes, textos_permitidos: tuple[str, ...] = ()) -> None:
    """Raise :class:`ErrorInterno` when :func:`verificar_docx` finds anything."""
    problemas = verificar_docx(docx, textos_permitidos)
    if problemas:
        lista = "\n".join(f"- {p}" for p in problemas)
        raise ErrorInterno(
            "El documento generado no pasó la verificación interna; no se escribió nada. "
            f"Esto es un error de reporte-docx, no de sus datos; por favor repórtelo:\n{lista}"
        )
