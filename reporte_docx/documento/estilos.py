"""Named styles of a template found by the name Word shows, not by their id.

A style's id (``w:styleId``, what a paragraph's ``w:pStyle`` points at) is
an implementation detail each program writes its own way: LibreOffice
re-saves «Firma: nombre» as ``Firmanombre`` and Word's built-in «caption» as
``Caption1`` (it keeps ``Caption`` for its own, larger, caption style). The
name is what a template author sees and what the README documents, so the
generator asks for styles by name and uses whatever id the template gave
them. python-docx's ``styles[name]`` does the same lookup, but raises on a
missing style and needs a ``Document``; the body-level code here has only the
styles part's element.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docx.oxml.ns import qn

#: Word's built-in caption style: its name in styles.xml is lowercase «caption».
NOMBRE_PIE_DE_FOTO = "caption"
ID_PIE_DE_FOTO = "Caption"


def ids_de_estilos(estilos: Any, nombres: Iterable[str]) -> set[str]:
    """Ids of the paragraph styles of *estilos* (``w:styles``) named one of *nombres*.

    Names compare exactly: LibreOffice keeps a «Caption» style of its own (12 pt)
    beside Word's «caption», and only the latter is the template's.
    """
    buscados = set(nombres)
    ids = set()
    for estilo in estilos.iterfind(qn("w:style")):
        nombre = estilo.find(qn("w:name"))
        if (
            estilo.get(qn("w:type")) == "paragraph"
            and nombre is not None
            and nombre.get(qn("w:val")) in buscados
        ):
            ids.add(estilo.get(qn("w:styleId")))
    return ids


def id_de_estilo(estilos: Any, nombre: str, respaldo: str) -> str:
    """Id of the paragraph style named *nombre*, or *respaldo* when the template has none."""
    return min(ids_de_estilos(estilos, [nombre]), default=respaldo)
