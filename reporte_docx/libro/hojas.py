"""One worksheet → its headers and non-blank rows, read as Excel shows them.

What the screen shows is what is read: a merged range (Combinar celdas) gives
its top-left value to every row it covers; a cell's hyperlink and a
``=HYPERLINK()`` formula keep their address; the totals row of an Excel Table
is not data. What the screen may hide is never used silently: a hidden or
filtered row with data, and a hidden sheet, are read and named in a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries

from reporte_docx.errores import AVISO, ERROR, Hallazgo
from reporte_docx.libro import celdas
from reporte_docx.texto import normalizar_nombre

#: What Excel shows instead of a value when a formula fails (English and Spanish Excel).
ERRORES_EXCEL = {
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
}
ERRORES_EXCEL |= {"#¡NULO!", "#¡DIV/0!", "#¡VALOR!", "#¡REF!", "#¿NOMBRE?", "#¡NUM!"}


@dataclass
class Fila:
    """One non-blank data row: its number in Excel and its cells by normalized column name."""

    numero: int
    valores: dict[str, Any]
    #: Addresses of the cells that hold a hyperlink, by column.
    enlaces: dict[str, str] = field(default_factory=dict)
    #: Columns whose cell was already reported (a formula without value…): no second finding.
    reportadas: set[str] = field(default_factory=set)


@dataclass
class HojaLeida:
    """A sheet of the contract as read, with its headers as the user wrote them."""

    nombre: str
    encabezados: dict[str, str]  # normalized → as written
    filas: list[Fila]
    columnas: dict[str, int] = field(default_factory=dict)  # normalized → 1-based index


class Recolector:
    """Collects findings while the sheets are read."""

    def __init__(self) -> None:
        self.hallazgos: list[Hallazgo] = []

    def agregar(self, codigo: str, mensaje: str, severidad: str = ERROR, **donde: Any) -> None:
        self.hallazgos.append(Hallazgo(codigo, mensaje, severidad, **donde))

    def celda(
        self,
        hoja: HojaLeida,
        fila: Fila,
        columna: str,
        conversor: Callable[[Any], Any],
        requerido: bool = True,
        que: str = "",
    ) -> Any:
        """The typed value of one cell, or ``None`` after recording why it is wrong."""
        if columna in fila.reportadas:
            return None
        valor = fila.valores.get(columna)
        titulo = hoja.encabezados.get(columna, columna)
        if celdas.texto(valor) == "":
            if requerido:
                self.agregar(
                    "campo-vacio",
                    f"falta {que or 'el dato'}; esta celda no puede quedar vacía",
                    hoja=hoja.nombre,
                    fila=fila.numero,
                    columna=titulo,
                )
            return None
        try:
            return conversor(valor)
        except celdas.ValorInvalido as e:
            self.agregar(
                e.codigo,
                f"«{celdas.texto(valor)}» {e}",
                hoja=hoja.nombre,
                fila=fila.numero,
                columna=titulo,
                valor=celdas.texto(valor),
            )
            return None


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


def _combinar(filas: list[list[Any]], enlaces: dict[tuple[int, int], str], ws: Any) -> None:
    """Give each merged range's top-left value (and link) to the first cell of every row it covers.

    Only the range's first column gets it: a range merged across columns is one
    value on screen, which belongs to the column where it starts.
    """
    for rango in ws.merged_cells.ranges:
        arriba, izquierda = rango.min_row, rango.min_col
        if arriba > len(filas) or izquierda > len(filas[arriba - 1]):
            continue
        valor = filas[arriba - 1][izquierda - 1]
        enlace = enlaces.get((arriba, izquierda))
        for fila in range(arriba + 1, min(rango.max_row, len(filas)) + 1):
            filas[fila - 1][izquierda - 1] = valor
            if enlace:
                enlaces[(fila, izquierda)] = enlace


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
    _combinar(valores, enlaces, ws)
    _combinar(formulas, {}, ws_formulas)
    ocultas = {n for n, d in ws.row_dimensions.items() if d.hidden}
    columnas = {
        i for d in ws.column_dimensions.values() if d.hidden for i in range(d.min, d.max + 1)
    }
    return Cuadricula(valores, formulas, enlaces, ocultas, _totales(ws), oculta, columnas)


def _de(fila: list[Any], i: int) -> Any:
    return fila[i - 1] if i - 1 < len(fila) else None


def _encabezados(
    fila: list[Any], nombre: str, r: Recolector
) -> tuple[dict[str, str], dict[str, int]]:
    encabezados: dict[str, str] = {}
    columnas: dict[str, int] = {}
    for i, titulo in enumerate(fila, start=1):
        clave = normalizar_nombre(celdas.texto(titulo))
        if not clave:
            continue
        if clave in encabezados:
            r.agregar(
                "columna-repetida",
                f"la columna «{celdas.texto(titulo)}» se repite (columna {get_column_letter(i)}); "
                f"sólo se lee la primera, la {get_column_letter(columnas[clave])}",
                AVISO,
                hoja=nombre,
            )
            continue
        encabezados[clave] = celdas.texto(titulo)
        columnas[clave] = i
    return encabezados, columnas


def _celda(
    valor: Any, formula: Any, celda: str, donde: dict[str, Any], r: Recolector
) -> tuple[Any, str | None, bool]:
    """(value as shown, link address, already reported) of one cell."""
    formula = getattr(formula, "text", formula)  # an array formula is an object
    if vinculo := celdas.hipervinculo_de_formula(formula):
        # =HYPERLINK("url"; "texto"): the text Excel shows (or would show), and the address
        return (vinculo[1] if valor is None else valor), vinculo[0], False
    if valor is None and isinstance(formula, str) and formula.startswith("="):
        r.agregar(
            "formula-sin-valor",
            f"la celda {celda} tiene la fórmula «{formula}» pero ningún valor calculado "
            "(el libro lo guardó un programa que no calcula fórmulas); ábralo en Excel, "
            "guárdelo y repita, o escriba el valor en lugar de la fórmula",
            valor=formula,
            **donde,
        )
        return formula, None, True
    if isinstance(valor, str) and valor.strip().upper() in ERRORES_EXCEL:
        r.agregar(
            "formula-con-error",
            f"la celda {celda} muestra el error de Excel «{valor.strip()}»; corrija la "
            "fórmula o escriba el valor",
            valor=valor.strip(),
            **donde,
        )
        return valor, None, True
    return valor, None, False


def _fila(c: Cuadricula, numero: int, hoja: HojaLeida, r: Recolector) -> Fila:
    crudas, formulas = c.valores[numero - 1], _de(c.formulas, numero) or []
    fila = Fila(numero, {})
    for clave, i in hoja.columnas.items():
        donde = {"hoja": hoja.nombre, "fila": numero, "columna": hoja.encabezados[clave]}
        valor, enlace, reportada = _celda(
            _de(crudas, i), _de(formulas, i), f"{get_column_letter(i)}{numero}", donde, r
        )
        fila.valores[clave] = valor
        enlace = enlace or c.enlaces.get((numero, i))
        if enlace:
            fila.enlaces[clave] = enlace
        if reportada:
            fila.reportadas.add(clave)
    return fila


def _avisos_de_lo_oculto(c: Cuadricula, hoja: HojaLeida, r: Recolector) -> None:
    if c.oculta:
        r.agregar(
            "hoja-oculta",
            "la hoja está oculta en Excel, pero su contenido se usa en el reporte; si no debe "
            "ir, borre sus filas",
            AVISO,
            hoja=hoja.nombre,
        )
    for clave, i in hoja.columnas.items():
        if i in c.columnas_ocultas and any(celdas.texto(f.valores.get(clave)) for f in hoja.filas):
            r.agregar(
                "columna-oculta",
                "la columna está oculta en Excel, pero su contenido se usa en el reporte; si no "
                "debe ir, borre su contenido",
                AVISO,
                hoja=hoja.nombre,
                columna=hoja.encabezados[clave],
            )
    ocultas = [str(f.numero) for f in hoja.filas if f.numero in c.ocultas]
    if ocultas:
        cuales = (
            f"la fila {ocultas[0]} está oculta o filtrada en Excel, pero se incluye"
            if len(ocultas) == 1
            else f"las filas {', '.join(ocultas)} están ocultas o filtradas en Excel, pero se "
            "incluyen"
        )
        r.agregar(
            "filas-ocultas",
            f"{cuales} en el reporte (lo oculto no se omite); si no debe ir, bórrelo",
            AVISO,
            hoja=hoja.nombre,
        )


def _columnas_sin_encabezado(c: Cuadricula, hoja: HojaLeida, r: Recolector) -> None:
    encabezado = c.valores[0] if c.valores else []
    usadas = set(hoja.columnas.values())
    sin_encabezado = {
        i
        for crudas in c.valores[1:]
        for i, v in enumerate(crudas, start=1)
        if i not in usadas and celdas.texto(v) and not celdas.texto(_de(encabezado, i))
    }
    if sin_encabezado:
        letras = ", ".join(get_column_letter(i) for i in sorted(sin_encabezado))
        r.agregar(
            "columna-sin-encabezado",
            f"hay datos en la(s) columna(s) {letras}, que no tienen encabezado en la fila 1; "
            "se ignoran",
            AVISO,
            hoja=hoja.nombre,
        )


def leer_hoja(c: Cuadricula, nombre: str, r: Recolector) -> HojaLeida:
    """Headers from row 1, then every non-blank row (an Excel Table's totals row left out)."""
    encabezados, columnas = _encabezados(c.valores[0] if c.valores else [], nombre, r)
    hoja = HojaLeida(nombre, encabezados, [], columnas)
    for numero in range(2, len(c.valores) + 1):
        if numero in c.totales:
            continue
        fila = _fila(c, numero, hoja, r)
        if any(celdas.texto(v) for v in fila.valores.values()):
            hoja.filas.append(fila)
    _columnas_sin_encabezado(c, hoja, r)
    _avisos_de_lo_oculto(c, hoja, r)
    return hoja


def iterar(hojas: dict[str, HojaLeida], clave: str) -> Iterator[tuple[HojaLeida, Fila]]:
    """Every row of sheet *clave* with its sheet, or nothing when the sheet is not there."""
    hoja = hojas.get(clave)
    if hoja is not None:
        for fila in hoja.filas:
            yield hoja, fila
