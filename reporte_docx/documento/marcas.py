"""The document knows where its data went (#18): each filled value inside a hidden bookmark.

A value printed from the workbook comes out of the template between invisible
private-use delimiters (:func:`envolver`: ``U+E000 tipo clave U+E001 … U+E002``, each
end with this process's own random key, so that data can never forge one),
wherever the template put it and whatever filter formatted it; own templates
get them without their authors doing anything. After rendering, one pass over
each part (:func:`poner_marcas`) turns the delimiters into
``w:bookmarkStart``/``w:bookmarkEnd`` named ``_RD1``, ``_RD2``… (a name
starting with ``_`` is a hidden bookmark in Word), splitting the runs they fall
in, and removes them. Nothing else changes: the runs keep their properties,
so the document prints the same text on the same pages.
"""

from __future__ import annotations

import copy
import re
import secrets

from lxml import etree

from reporte_docx.documento.instantanea import CampoGenerado, huella_de_texto
from reporte_docx.documento.lectura_campos import PREFIJO, texto_de_marcas
from reporte_docx.documento.paquete import Partes

#: Known only to this process, so that no user text can open or close a mark: a workbook
#: value may hold any character, the private-use ones too, and comes out verbatim.
_CLAVE_DEL_PROCESO = secrets.token_hex(8)
INICIO, SEPARA, FIN = f"\ue000{_CLAVE_DEL_PROCESO}", "\ue001", f"\ue002{_CLAVE_DEL_PROCESO}"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_T, _R, _RPR = f"{{{_W}}}t", f"{{{_W}}}r", f"{{{_W}}}rPr"
_ID = f"{{{_W}}}id"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: A start says the field's kind and key (ASCII, no delimiter in it), then SEPARA.
_DELIMITADOR = re.compile(f"{re.escape(INICIO)}([^{SEPARA}]{{0,400}}){SEPARA}|{re.escape(FIN)}")
_DELIMITADORES_BYTES = re.compile(_DELIMITADOR.pattern.encode())


def envolver(xml: str, clave: str, tipo: str) -> str:
    """*xml* (a value's escaped text, or the XML a filter made of it) marked as field *clave*."""
    return f"{INICIO}{tipo} {clave}{SEPARA}{xml}{FIN}"


def sin_delimitadores(texto: str) -> str:
    """*texto* without the delimiters of :func:`envolver` (and nothing else removed)."""
    return _DELIMITADOR.sub("", texto)


class _Numeracion:
    """Names and ids of the marks of one document, numbered across its parts."""

    def __init__(self, raices: list[etree._Element]) -> None:
        usados = [
            int(v) for raiz in raices for e in raiz.iter() if (v := e.get(_ID)) and v.isdigit()
        ]
        self.siguiente_id = max(usados, default=0) + 1
        self.numero = 0
        self.abiertas: list[tuple[str, str, str, str]] = []  # (id, name, tipo, clave)
        self.campos: dict[str, tuple[str, str]] = {}  # name → (clave, tipo), in order

    def abrir(self, tipo_y_clave: str) -> etree._Element:
        tipo, _, clave = tipo_y_clave.partition(" ")
        self.numero += 1
        ident, nombre = str(self.siguiente_id), f"{PREFIJO}{self.numero}"
        self.siguiente_id += 1
        self.abiertas.append((ident, nombre, tipo, clave))
        self.campos[nombre] = (clave, tipo)
        return etree.Element(f"{{{_W}}}bookmarkStart", {_ID: ident, f"{{{_W}}}name": nombre})

    def cerrar(self) -> etree._Element | None:
        if not self.abiertas:
            return None
        ident = self.abiertas.pop()[0]
        return etree.Element(f"{{{_W}}}bookmarkEnd", {_ID: ident})


def _piezas(texto: str, numeracion: _Numeracion) -> list[str | etree._Element]:
    """*texto* cut at its delimiters: text, bookmark, text, … (always text at both ends).

    An end without its start is dropped with its delimiter.
    """
    piezas: list[str | etree._Element] = []
    actual, posicion = "", 0
    for m in _DELIMITADOR.finditer(texto):
        actual += texto[posicion : m.start()]
        marca = numeracion.abrir(m[1]) if m[1] is not None else numeracion.cerrar()
        if marca is not None:
            piezas.extend([actual, marca])
            actual = ""
        posicion = m.end()
    piezas.append(actual + texto[posicion:])
    return piezas


def _vacia(corrida: etree._Element) -> bool:
    return all(h.tag == _RPR or (h.tag == _T and not h.text) for h in corrida)


def _partir(t: etree._Element, piezas: list[str | etree._Element]) -> None:
    """Put the bookmarks of *piezas* where they fall in *t*'s run, splitting the run there.

    Each new run is a copy of the run's properties with its piece of text; the run's
    children after *t* go to the last one. Runs left empty are removed.
    """
    corrida = t.getparent()
    contenedor = corrida.getparent()
    propiedades = corrida.find(_RPR)
    despues = list(t.itersiblings())
    textos = [p for p in piezas if isinstance(p, str)]
    t.text = sin_delimitadores(textos[0])
    t.set(_XML_SPACE, "preserve")
    posicion, ultima, corridas = contenedor.index(corrida), corrida, [corrida]
    for pieza in piezas[1:]:
        posicion += 1
        if not isinstance(pieza, str):
            contenedor.insert(posicion, pieza)
            continue
        ultima = etree.Element(_R, dict(corrida.attrib))
        if propiedades is not None:
            ultima.append(copy.deepcopy(propiedades))
        nuevo = etree.SubElement(ultima, _T, {_XML_SPACE: "preserve"})
        nuevo.text = sin_delimitadores(pieza)
        contenedor.insert(posicion, ultima)
        corridas.append(ultima)
    ultima.extend(despues)
    for c in corridas:
        if _vacia(c):
            contenedor.remove(c)


def _cortar_parte(raiz: etree._Element, numeracion: _Numeracion) -> None:
    for t in [t for t in raiz.iter(_T) if t.text and _DELIMITADOR.search(t.text)]:
        if t.getparent() is None or t.getparent().tag != _R:
            t.text = sin_delimitadores(t.text or "")
            continue
        _partir(t, _piezas(t.text or "", numeracion))
    # a value whose end never came (cut by a template's structure) ends with its part
    parrafos = list(raiz.iter(f"{{{_W}}}p"))
    while (fin := numeracion.cerrar()) is not None:
        (parrafos[-1] if parrafos else raiz).append(fin)


def poner_marcas(
    raices: list[etree._Element],
) -> tuple[dict[str, CampoGenerado], frozenset[str]]:
    """Turn the delimiters in the parts *raices* (body first) into ``_RD…`` bookmarks.

    Returns each mark's field (key, kind and the text as printed, read back the way
    :func:`~reporte_docx.documento.lectura_campos.leer_campos` will read it) and the
    hashes of the paragraphs outside every field.
    """
    numeracion = _Numeracion(raices)
    textos: dict[str, str] = {}
    fijos: set[str] = set()
    for raiz in raices:
        _cortar_parte(raiz, numeracion)
        leido = texto_de_marcas(raiz)
        textos.update(leido.marcas)
        fijos.update(huella_de_texto(t) for t in leido.fuera)
    campos = {
        nombre: CampoGenerado(clave, tipo, textos.get(nombre, ""))
        for nombre, (clave, tipo) in numeracion.campos.items()
    }
    return campos, frozenset(fijos)


def quitar_delimitadores(partes: Partes) -> None:
    """Remove any delimiter left in *partes* (a value in a document property, a footnote)."""
    for nombre, datos in partes.items():
        if nombre.endswith((".xml", ".rels")) and _DELIMITADORES_BYTES.search(datos):
            partes[nombre] = _DELIMITADORES_BYTES.sub(b"", datos)
