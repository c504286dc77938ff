"""Reading a report back field by field (#18): the text now between each ``_RD…`` bookmark.

Each value the workbook filled is enclosed in a hidden bookmark
(:mod:`~reporte_docx.documento.marcas`), and the snapshot
(:mod:`~reporte_docx.documento.instantanea`) says which field each bookmark is.
Word rewrites the XML on every save — runs split and merged, rsid attributes,
a comment anchored in a field, a bookmark start moved to another place among
the runs — so the text is read from the XML events in document order, never
from run positions: whatever lies between a bookmark's start and its end is
the field. Tracked changes are read as accepted (``w:ins`` in, ``w:del`` out),
comments are not text, a line break or a paragraph end is ``\\n`` and a tab
``\\t``.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from reporte_docx.documento.instantanea import (
    Instantanea,
    huella_de_imagen,
    huella_de_texto,
    leer_instantanea,
)
from reporte_docx.documento.paquete import PARSER, Partes, parte_principal

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PREFIJO = "_RD"
_T, _P = f"{{{_W}}}t", f"{{{_W}}}p"
_INICIO, _FIN = f"{{{_W}}}bookmarkStart", f"{{{_W}}}bookmarkEnd"
_ID, _NOMBRE = f"{{{_W}}}id", f"{{{_W}}}name"
_FLD_CHAR, _FLD_SIMPLE = f"{{{_W}}}fldChar", f"{{{_W}}}fldSimple"
_TIPO_FLD = f"{{{_W}}}fldCharType"
_SEPARADORES = {f"{{{_W}}}tab": "\t", f"{{{_W}}}br": "\n", f"{{{_W}}}cr": "\n"}
#: Text inside these is not shown: deleted (tracked), moved away, or a duplicate for old readers.
_OCULTOS = {f"{{{_W}}}del", f"{{{_W}}}moveFrom", f"{{{_MC}}}Fallback"}
#: The parts a report's fields can be in: the body, headers and footers.
_PARTES_CON_CAMPOS = re.compile(r"word/(header\d*|footer\d*)\.xml")
_TAMANO_MAXIMO = 512 * 1024 * 1024


@dataclass
class CamposLeidos:
    """What a report says now, field by field.

    *valores*: field key → its text now; *faltan*: keys whose bookmark is gone (the
    field deleted in Word); *fuera*: texts of paragraphs outside every field that the
    generated document did not have (best effort: someone wrote them in Word).
    """

    instantanea: Instantanea | None
    valores: dict[str, str] = field(default_factory=dict)
    faltan: list[str] = field(default_factory=list)
    fuera: list[str] = field(default_factory=list)
    #: Pictures of the generated document no longer in it (deleted or replaced in Word).
    fotos_faltan: int = 0
    #: Pictures in it that the generated document did not have (added in Word).
    fotos_nuevas: int = 0
    #: Reviewers' comments in it.
    comentarios: int = 0


@dataclass
class TextoDeMarcas:
    """The text of each mark of a part and of its paragraphs outside every mark."""

    marcas: dict[str, str] = field(default_factory=dict)
    fuera: list[str] = field(default_factory=list)


class _Lector:
    """The state of one walk over a part: open bookmarks and their collected text."""

    def __init__(self) -> None:
        self.abiertas: dict[str, str] = {}  # bookmark id → name
        self.textos: dict[str, list[str]] = {}
        self.pendiente: set[str] = set()  # names owed a "\n" once more text comes
        self.ocultos = 0
        self.campos: list[str] = []  # the fldChar fields open: "codigo" or "resultado"
        self.resultados = 0  # inside a field's shown result (fldSimple, or after «separate»)
        self.parrafo: list[str] = []
        self.tocado = False  # the current paragraph had a mark open in it
        self.resultado = TextoDeMarcas()

    def texto(self, texto: str) -> None:
        if not texto:
            return
        if not self.resultados:  # a field's result (a page number) changes by itself
            self.parrafo.append(texto)
        for nombre in self.abiertas.values():
            if nombre in self.pendiente:
                self.textos[nombre].append("\n")
                self.pendiente.discard(nombre)
            self.textos[nombre].append(texto)

    def inicio(self, e: etree._Element) -> None:
        etiqueta = e.tag
        if etiqueta in _OCULTOS:
            self.ocultos += 1
        elif self.ocultos:
            return
        elif etiqueta == _T:
            self.texto(e.text or "")
        elif etiqueta == _FLD_CHAR:
            self.campo(str(e.get(_TIPO_FLD)))
        elif etiqueta == _FLD_SIMPLE:
            self.resultados += 1
        elif etiqueta in _SEPARADORES:
            self.texto(_SEPARADORES[str(etiqueta)])
        elif etiqueta == _INICIO and (e.get(_NOMBRE) or "").startswith(PREFIJO):
            nombre = str(e.get(_NOMBRE))
            self.abiertas[str(e.get(_ID))] = nombre
            self.textos.setdefault(nombre, [])
            self.tocado = True
        elif etiqueta == _FIN and str(e.get(_ID)) in self.abiertas:
            nombre = self.abiertas.pop(str(e.get(_ID)))
            self.resultado.marcas[nombre] = "".join(self.textos.pop(nombre))
            self.pendiente.discard(nombre)

    def campo(self, tipo: str) -> None:
        """A ``w:fldChar``: a complex field begins, shows its result, or ends."""
        if tipo == "begin":
            self.campos.append("codigo")
        elif tipo == "separate" and self.campos and self.campos[-1] == "codigo":
            self.campos[-1] = "resultado"
            self.resultados += 1
        elif tipo == "end" and self.campos:
            self.resultados -= self.campos.pop() == "resultado"

    def fin(self, e: etree._Element) -> None:
        if e.tag in _OCULTOS:
            self.ocultos -= 1
        elif e.tag == _FLD_SIMPLE and not self.ocultos:
            self.resultados -= 1
        elif e.tag == _P and not self.ocultos:
            # a paragraph end inside a field is a line of it, once the field goes on
            self.pendiente.update(n for n in self.abiertas.values() if self.textos[n])
            texto = "".join(self.parrafo).strip()
            if texto and not self.tocado and not self.abiertas:
                self.resultado.fuera.append(texto)
            self.parrafo, self.tocado = [], bool(self.abiertas)


def texto_de_marcas(raiz: etree._Element) -> TextoDeMarcas:
    """The text between each ``_RD…`` bookmark's start and end in the part *raiz*.

    A bookmark without its end is not a field any more (Word left it broken).
    """
    lector = _Lector()
    for evento, e in etree.iterwalk(raiz, events=("start", "end")):
        if not isinstance(e.tag, str):
            continue
        if evento == "start":
            lector.inicio(e)
        else:
            lector.fin(e)
    return lector.resultado


def partes_con_campos(partes: Partes) -> list[str]:
    """The parts fields are marked in, in the order they are numbered: body, then the rest."""
    return [parte_principal(partes)] + sorted(n for n in partes if _PARTES_CON_CAMPOS.fullmatch(n))


def _leer_partes(datos: bytes) -> tuple[Partes, frozenset[str]]:
    """The document's parts but its pictures, and the hashes of its pictures (read one at a
    time, never held together): one opening of the zip for both."""
    with zipfile.ZipFile(io.BytesIO(datos)) as z:
        infos = [i for i in z.infolist() if not i.is_dir()]
        medios = [i for i in infos if i.filename.startswith("word/media")]
        infos = [i for i in infos if i not in medios]
        if sum(i.file_size for i in infos) > _TAMANO_MAXIMO:
            raise ValueError("el documento es demasiado grande para leer sus campos")
        huellas = frozenset(
            huella_de_imagen(z.read(i)) for i in medios if i.file_size <= _TAMANO_MAXIMO
        )
        return {i.filename: z.read(i) for i in infos}, huellas


def _comentarios(partes: Partes) -> int:
    """How many reviewers' comments the document has."""
    if "word/comments.xml" not in partes:
        return 0
    raiz = etree.fromstring(partes["word/comments.xml"], PARSER)
    return sum(1 for _ in raiz.iter(f"{{{_W}}}comment"))


def leer_campos(datos: bytes) -> CamposLeidos:
    """The fields of the report *datos* (a .docx's bytes) as its text says them now.

    Raises :class:`zipfile.BadZipFile` or :class:`ValueError` for a file that is not a .docx.
    """
    partes, imagenes = _leer_partes(datos)
    instantanea = leer_instantanea(partes)
    leido = TextoDeMarcas()
    for nombre in partes_con_campos(partes):
        if nombre in partes:
            parte = texto_de_marcas(etree.fromstring(partes[nombre], PARSER))
            leido.marcas.update(parte.marcas)
            leido.fuera.extend(parte.fuera)
    resultado = CamposLeidos(instantanea)
    if instantanea is None:
        return resultado
    for marca, campo in instantanea.campos.items():
        if marca not in leido.marcas:
            continue
        texto = leido.marcas[marca]
        # a field printed twice: the copy someone changed is the one that says something new
        anterior = resultado.valores.get(campo.clave)
        if anterior is None or (texto != campo.valor and anterior == campo.valor):
            resultado.valores[campo.clave] = texto
    claves = dict.fromkeys(c.clave for c in instantanea.campos.values())
    resultado.faltan = [c for c in claves if c not in resultado.valores]
    resultado.fuera = [t for t in leido.fuera if huella_de_texto(t) not in instantanea.fijos]
    resultado.comentarios = _comentarios(partes)
    if instantanea.fotos:  # a snapshot of before photos were recorded says nothing of them
        resultado.fotos_faltan = len(instantanea.fotos - imagenes)
        resultado.fotos_nuevas = len(imagenes - instantanea.fotos)
    return resultado
