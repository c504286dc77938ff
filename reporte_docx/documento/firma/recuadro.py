"""The signature block's boxes, found on the PDF's page where the signatures are.

The report's block (and any template's) prints, per signatory, a signing line
with the name, post and role («(Elaboró/Nombre y Cargo)») below it; the box
is the empty space above the line. LibreOffice draws the line as a vector
line, so pdfminer's layout analysis (which measures text as the fonts do,
unlike pypdf's extraction) finds it with its text. No library knows what a
signature block is: the rules below are this project's.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reporte_docx.texto import sin_acentos

#: A signing line is this wide, in points: narrower is an underline, wider a table's border.
ANCHO_DE_LINEA = (60.0, 320.0)
#: How far below the line its name and post may start, and how high the box may be.
TEXTO_DEBAJO, ALTO_MAXIMO, ALTO_MINIMO = 16.0, 56.0, 18.0
_ROLES = {"elaboro": "Elaboró", "reviso": "Revisó", "autorizo": "Autorizó"}
_ROL = re.compile(r"\b(elaboro|reviso|autorizo)\b")


@dataclass(frozen=True)
class Recuadro:
    """One signatory's box: its page (from 0), rectangle in points, the text under its line."""

    pagina: int
    caja: tuple[float, float, float, float]
    texto: str

    @property
    def rol(self) -> str | None:
        """«Elaboró», «Revisó» or «Autorizó», as the block says under the line."""
        encontrado = _ROL.search(sin_acentos(self.texto))
        return _ROLES[encontrado.group(1)] if encontrado else None

    def es_de(self, nombre: str) -> bool:
        """Whether *nombre* (the certificate's) is the one printed under the line."""
        buscadas = [p for p in re.findall(r"\w+", sin_acentos(nombre)) if len(p) > 1]
        escritas = set(re.findall(r"\w+", sin_acentos(self.texto)))
        faltan = sum(p not in escritas for p in buscadas)
        return bool(buscadas) and (faltan == 0 or (faltan == 1 and len(buscadas) >= 4))


@dataclass(frozen=True)
class _Objeto:
    x0: float
    y0: float
    x1: float
    y1: float
    texto: str | None  # None: a line or a rectangle


def _objetos(pagina: Iterable[object]) -> list[_Objeto]:
    """Text lines, lines and rectangles of a pdfminer page, flattened."""
    from pdfminer.layout import LTCurve, LTTextBox, LTTextLine

    objetos: list[_Objeto] = []
    for elemento in pagina:
        if isinstance(elemento, LTTextBox):
            for linea in elemento:
                if isinstance(linea, LTTextLine) and linea.get_text().strip():
                    objetos.append(_Objeto(*linea.bbox, linea.get_text().strip()))
        elif isinstance(elemento, LTCurve):  # LTLine and LTRect are curves too
            objetos.append(_Objeto(*elemento.bbox, None))
    return objetos


def _es_linea_de_firma(o: _Objeto) -> bool:
    return (
        o.texto is None
        and o.y1 - o.y0 < 1.5
        and ANCHO_DE_LINEA[0] <= o.x1 - o.x0 <= ANCHO_DE_LINEA[1]
    )


def _encima(o: _Objeto, linea: _Objeto) -> bool:
    return o.x0 < linea.x1 and o.x1 > linea.x0


def _recuadro(linea: _Objeto, objetos: Sequence[_Objeto], pagina: int) -> Recuadro | None:
    """The box above *linea*, if text hangs below it and the space above is free."""
    y = (linea.y0 + linea.y1) / 2
    debajo = [
        o
        for o in objetos
        if o.texto
        and linea.x0 - 2 <= (o.x0 + o.x1) / 2 <= linea.x1 + 2
        and y - TEXTO_DEBAJO * 4 <= o.y1 <= y + 1
        and o.y0 < y
    ]
    if not debajo or max(o.y1 for o in debajo) < y - TEXTO_DEBAJO:
        return None
    techos = [o.y0 for o in objetos if o.y0 > y + 1 and _encima(o, linea)]
    techo = min([y + ALTO_MAXIMO, *techos]) - 2
    if techo - y < ALTO_MINIMO:
        return None
    texto = "\n".join(o.texto or "" for o in sorted(debajo, key=lambda o: -o.y1))
    return Recuadro(pagina, (linea.x0, y + 1.5, linea.x1, techo), texto)


def _sin_repetir(lineas: Iterable[_Objeto]) -> list[_Objeto]:
    """LibreOffice draws some lines twice (a cell's border and its neighbour's)."""
    vistas: dict[tuple[int, int, int], _Objeto] = {}
    for o in lineas:
        vistas.setdefault((round(o.x0), round(o.x1), round(o.y0)), o)
    return sorted(vistas.values(), key=lambda o: (-o.y0, o.x0))


def recuadros_de_firma(datos: bytes, paginas: int) -> list[Recuadro]:
    """The signature boxes of the last page of *paginas* that has any (from the end)."""
    from pdfminer.high_level import extract_pages

    for numero in range(paginas - 1, -1, -1):
        for pagina in extract_pages(io.BytesIO(datos), page_numbers=[numero]):
            objetos = _objetos(pagina)
            lineas = _sin_repetir(o for o in objetos if _es_linea_de_firma(o))
            recuadros = [r for r in (_recuadro(x, objetos, numero) for x in lineas) if r]
            if recuadros:
                return recuadros
    return []
