"""A worksheet's cells as Excel shows them, before the contract is applied.

openpyxl gives what the file stores; this module turns it into what the screen
shows: a merged range (Combinar celdas) gives its top-left value to every row
it covers, a cell's hyperlink keeps its address, the totals row of an Excel
Table is marked, and hidden rows, columns and sheets are noted so that the
reader can say so (see :mod:`reporte_docx.libro.hojas`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import range_boundaries


class HojaIlegible(Exception):
    """openpyxl could not parse a sheet part (in read-only mode it does so lazily, row by row)."""


@dataclass
class Cuadricula:
    """A sheet's cells as Excel shows them (merges resolved), before the contract is applied."""

    valores: list[list[Any]]
    formulas: list[list[Any]]
    enlaces: dict[tuple[int, int], str]
    ocultas: set[int]
    totales: set[int]
    oculta: bool
    #: Hidden columns (1-based).
    columnas_ocultas: set[int] = field(default_factory=set)
    #: (row, column) of the cells that took their value from a merged range above them.
    combinadas: set[tuple[int, int]] = field(default_factory=set)

    def vaciar(self, con_imagen: set[tuple[int, int]]) -> None:
        """Empty the cells (row, column) that hold a picture placed in the cell (Excel 365).

        Their stored value, ``#VALUE!``, is what an Excel without pictures in cells
        would show: no data, and no formula error either.
        """
        for tabla in (self.valores, self.formulas):
            for fila, columna in con_imagen:
                if fila <= len(tabla) and columna <= len(tabla[fila - 1]):
                    tabla[fila - 1][columna - 1] = None


def _filas(ws: Any) -> list[list[Any]]:
    filas = ws.iter_rows(values_only=True)
    resultado: list[list[Any]] = []
    while True:
        try:
            fila = next(filas)
        except StopIteration:
            return resultado
        except Exception as e:  # whatever a broken part makes the parser raise
            raise HojaIlegible from e
        resultado.append(list(fila))


def _combinar(
    filas: list[list[Any]], enlaces: dict[tuple[int, int], str], ws: Any
) -> set[tuple[int, int]]:
    """Give each merged range's top-left value (and link) to the first cell of every row it covers.

    Only the range's first column gets it: a range merged across columns is one
    value on screen, which belongs to the column where it starts. Returns the cells filled.
    """
    llenas: set[tuple[int, int]] = set()
    for rango in ws.merged_cells.ranges:
        arriba, izquierda = rango.min_row, rango.min_col
        if arriba > len(filas) or izquierda > len(filas[arriba - 1]):
            continue
        valor = filas[arriba - 1][izquierda - 1]
        enlace = enlaces.get((arriba, izquierda))
        for fila in range(arriba + 1, min(rango.max_row, len(filas)) + 1):
            filas[fila - 1][izquierda - 1] = valor
            llenas.add((fila, izquierda))
            if enlace:
                enlaces[(fila, izquierda)] = enlace
    return llenas


def _enlaces(ws: Any) -> dict[tuple[int, int], str]:
    """Cell hyperlinks to an address outside the workbook (a link to a cell is not kept)."""
    enlaces = {}
    for fila in ws.iter_rows():
        for c in fila:
            vinculo = getattr(c, "hyperlink", None)
            if vinculo is not None and vinculo.target:
                enlaces[(c.row, c.column)] = str(vinculo.target)
    return enlaces


def _totales(ws: Any) -> set[int]:
    """Rows that are the totals row of an Excel Table (Insertar › Tabla, «Fila de totales»)."""
    filas: set[int] = set()
    for tabla in ws.tables.values():
        cuantas = tabla.totalsRowCount or 0
        try:
            _, _, _, abajo = range_boundaries(tabla.ref)
        except (TypeError, ValueError):  # a table without a usable range: no row to skip
            continue
        if cuantas and abajo:
            filas |= set(range(abajo - cuantas + 1, abajo + 1))
    return filas


def cuadricula(ws: Any, ws_formulas: Any) -> Cuadricula:
    """Read one sheet (values and formulas); raises :class:`HojaIlegible` if its part is broken.

    A workbook opened read-only (only when the full load failed: see
    ``apertura``) has no merges, links or row properties to give.
    """
    valores, formulas = _filas(ws), _filas(ws_formulas)
    oculta = getattr(ws, "sheet_state", "visible") != "visible"
    if getattr(ws, "merged_cells", None) is None:  # a read-only sheet
        return Cuadricula(valores, formulas, {}, set(), set(), oculta)
    enlaces = _enlaces(ws)
    combinadas = _combinar(valores, enlaces, ws)
    _combinar(formulas, {}, ws_formulas)
    ocultas = {n for n, d in ws.row_dimensions.items() if d.hidden}
    columnas = {
        i for d in ws.column_dimensions.values() if d.hidden for i in range(d.min, d.max + 1)
    }
    return Cuadricula(
        valores, formulas, enlaces, ocultas, _totales(ws), oculta, columnas, combinadas
    )
