"""The workbook's zip package read part by part, following its relationships.

openpyxl reads cells; the pictures a person pastes live in parts it does not
expose (drawings, rich values). Those parts are found here the way the Open
Packaging Conventions say, never by fixed names, because producers name them
differently (Excel, LibreOffice, XlsxWriter and openpyxl all do): the package's
``_rels/.rels`` names the workbook part, each part's ``_rels/<name>.rels`` names
the parts it uses, and a target is resolved against the folder of the part that
points to it (python-docx's :class:`~docx.opc.packuri.PackURI` does that).

Relationship types and element names are compared by their last segment or
local name, so that the transitional and the strict namespaces both work. XML
is parsed by lxml with entities, DTDs and network access off (``apertura``
already refused any part that declares a DTD). Only XML parts are parsed here,
one at a time; pictures are never read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO
from urllib.parse import unquote

from docx.opc.packuri import PackURI
from lxml import etree

#: Entities are never expanded, no DTD or remote file is ever loaded.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_OPCIONES_SEGURAS = {"resolve_entities": False, "no_network": True, "load_dtd": False}


def local(elemento: etree._Element) -> str:
    """The element's name without namespace (``xdr:pic`` → ``pic``)."""
    return str(etree.QName(elemento).localname)


def hijos(elemento: etree._Element, nombre: str) -> Iterator[etree._Element]:
    """Direct children called *nombre* (local name), in document order."""
    return (h for h in elemento if isinstance(h.tag, str) and local(h) == nombre)


def descendientes(elemento: etree._Element, nombre: str) -> Iterator[etree._Element]:
    """Descendants called *nombre* (local name), in document order."""
    return (d for d in elemento.iter() if isinstance(d.tag, str) and local(d) == nombre)


def atributo(elemento: etree._Element, nombre: str) -> str | None:
    """An attribute by local name, whatever its namespace (``r:id``, ``r:embed``…)."""
    for clave, valor in elemento.attrib.items():
        if etree.QName(clave).localname == nombre:
            return str(valor)
    return None


@dataclass(frozen=True)
class Relacion:
    """One relationship of a part: its type's last segment (lowercase) and target part."""

    tipo: str
    #: Zip member name of the target; ``""`` for an external target (a linked file).
    destino: str


class Paquete:
    """An open workbook zip whose XML parts are read on demand by relationship."""

    def __init__(self, archivo: zipfile.ZipFile) -> None:
        self._zip = archivo
        # targets are case-insensitive in Excel's world; zip names are not
        self._nombres = {n.lower(): n for n in archivo.namelist()}

    def nombre(self, parte: str) -> str | None:
        """The zip member holding *parte*, or ``None`` when the package lacks it."""
        return self._nombres.get(parte.lower())

    def abrir(self, parte: str) -> IO[bytes] | None:
        miembro = self.nombre(parte)
        return self._zip.open(miembro) if miembro else None

    def xml(self, parte: str) -> etree._Element | None:
        """The root of an XML part, or ``None`` when missing or not well-formed."""
        flujo = self.abrir(parte)
        if flujo is None:
            return None
        with flujo:
            try:
                return etree.parse(flujo, PARSER).getroot()
            except etree.XMLSyntaxError:
                return None

    def iterar(self, parte: str) -> Iterator[tuple[str, etree._Element]]:
        """``(event, element)`` of a large XML part, parsed incrementally (start and end)."""
        flujo = self.abrir(parte)
        if flujo is None:
            return
        with flujo:
            try:
                yield from etree.iterparse(flujo, events=("start", "end"), **_OPCIONES_SEGURAS)
            except etree.XMLSyntaxError:
                return

    def relaciones(self, parte: str) -> dict[str, Relacion]:
        """Relationships of *parte* (``""``: the package itself), by id."""
        uri = PackURI("/" + parte) if parte else PackURI("/")
        rels = self.xml(uri.rels_uri.membername)
        if rels is None:
            return {}
        resultado = {}
        for r in hijos(rels, "Relationship"):
            tipo = (r.get("Type") or "").rsplit("/", 1)[-1].lower()
            destino = r.get("Target") or ""
            if r.get("TargetMode", "").lower() == "external":
                destino = ""
            elif destino:
                destino = PackURI.from_rel_ref(uri.baseURI, unquote(destino)).membername
            resultado[r.get("Id") or ""] = Relacion(tipo, destino)
        return resultado

    def relacionada(self, parte: str, tipo: str) -> str | None:
        """Target of the first relationship of *parte* whose type ends in *tipo*."""
        for relacion in self.relaciones(parte).values():
            if relacion.tipo == tipo.lower() and relacion.destino:
                return relacion.destino
        return None

    def hojas(self) -> list[tuple[str, str]]:
        """``(name, part)`` of every worksheet, in the workbook's order."""
        libro = self.relacionada("", "officeDocument")
        raiz = self.xml(libro) if libro else None
        if libro is None or raiz is None:
            return []
        relaciones = self.relaciones(libro)
        resultado = []
        for hojas in hijos(raiz, "sheets"):
            for hoja in hijos(hojas, "sheet"):
                relacion = relaciones.get(atributo(hoja, "id") or "")
                if relacion and relacion.tipo == "worksheet" and relacion.destino:
                    resultado.append((hoja.get("name") or "", relacion.destino))
        return resultado
