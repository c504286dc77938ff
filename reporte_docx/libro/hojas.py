"""One worksheet → its headers and non-blank rows, read as Excel shows them.

What the screen shows is what is read (the cells come from
:mod:`~reporte_docx.libro.cuadricula`, merges resolved): a ``=HYPERLINK()``
formula keeps its address; the totals row of an Excel Table is not data. What
the screen may hide is never used silently: a hidden or filtered row with data,
a hidden column and a hidden sheet are read and named in a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from babel.lists import format_list
from openpyxl.utils import get_column_letter

from reporte_docx.errores import AVISO, ERROR, Hallazgo
from reporte_docx.formato import LOCALE
from reporte_docx.libro import celdas
from reporte_docx.libro.cuadricula import Cuadricula
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
#: LibreOffice Calc turns a picture placed in a cell (Excel 365) into ``#VALUE!``: said so.
IMAGEN_PERDIDA = (
    ". Si en esa celda había una foto «Colocar en celda», el programa que guardó el libro "
    "(p. ej. LibreOffice Calc) la perdió: vuelva a pegarla en Excel"
)


def _imagen_perdida(valor: str) -> str:
    """The hint of :data:`IMAGEN_PERDIDA` for a cell that reads ``#VALUE!`` (or ``=#VALUE!``)."""
    return IMAGEN_PERDIDA if valor.strip().upper().lstrip("=") in ("#VALUE!", "#¡VALOR!") else ""


@dataclass
class Fila:
    """One non-blank data row: its number in Excel and its cells by normalized column name."""

    numero: int
    valores: dict[str, Any]
    #: Addresses of the cells that hold a hyperlink, by column.
    enlaces: dict[str, str] = field(default_factory=dict)
    #: Columns whose cell was already reported (a formula without value…): no second finding.
    reportadas: set[str] = field(default_factory=set)
    #: Columns whose value comes from a merged range that starts in a row above.
    combinadas: set[str] = field(default_factory=set)

    @property
    def continua_la_de_arriba(self) -> bool:
        """Every filled cell comes from a merged range above: on screen, the rest of that row.

        A long description merged over two rows leaves the second row with
        nothing of its own; it is no record without id, date and place.
        """
        llenas = {c for c, v in self.valores.items() if celdas.texto(v)}
        return bool(llenas) and llenas <= self.combinadas


@dataclass
class HojaLeida:
    """A sheet of the contract as read, with its headers as the user wrote them."""

    nombre: str
    encabezados: dict[str, str]  # normalized → as written
    filas: list[Fila]
    columnas: dict[str, int] = field(default_factory=dict)  # normalized → 1-based index
    #: The row that holds the headers: 1, or one below a title (see :func:`_fila_de_encabezados`).
    fila_encabezados: int = 1

    def donde(self, fila: Fila, columna: str) -> dict[str, Any]:
        """Where a finding about *columna* of *fila* points: sheet, row, header as written."""
        return {"hoja": self.nombre, "fila": fila.numero, "columna": self.encabezados[columna]}


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


def _de(fila: list[Any], i: int) -> Any:
    return fila[i - 1] if i - 1 < len(fila) else None


def _encabezados(
    fila: list[Any], nombre: str, r: Recolector, nombres: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, int]]:
    """(header as written, column index) by column name; *nombres* maps other writings to it."""
    encabezados: dict[str, str] = {}
    columnas: dict[str, int] = {}
    for i, titulo in enumerate(fila, start=1):
        clave = normalizar_nombre(celdas.texto(titulo))
        if not clave:
            continue
        clave = nombres.get(clave, clave)
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
    if valor is not None and celdas.es_formula_hipervinculo(formula):
        r.agregar(
            "enlace-calculado",
            f"la celda {celda} arma la dirección de su hipervínculo con una fórmula "
            f"(«{formula}»); sólo se usa su texto y el vínculo no llega al reporte: escriba "
            'la dirección entre comillas, p. ej. =HIPERVINCULO("https://…"; "texto")',
            AVISO,
            **donde,
        )
    if valor is None and isinstance(formula, str) and formula.startswith("="):
        r.agregar(
            "formula-sin-valor",
            f"la celda {celda} tiene la fórmula «{formula}» pero ningún valor calculado "
            "(el libro lo guardó un programa que no calcula fórmulas); ábralo en Excel, "
            "guárdelo y repita, o escriba el valor en lugar de la fórmula"
            + _imagen_perdida(formula),
            valor=formula,
            **donde,
        )
        return formula, None, True
    if isinstance(valor, str) and valor.strip().upper() in ERRORES_EXCEL:
        r.agregar(
            "formula-con-error",
            f"la celda {celda} muestra el error de Excel «{valor.strip()}»; corrija la "
            "fórmula o escriba el valor" + _imagen_perdida(valor),
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
        if (numero, i) in c.combinadas:
            fila.combinadas.add(clave)
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
    ocultas = [f.numero for f in hoja.filas if f.numero in c.ocultas]
    if ocultas:
        cuales = format_list(tramos(ocultas), locale=LOCALE)
        r.agregar(
            "filas-ocultas",
            f"la fila {cuales} está oculta o filtrada en Excel, pero se incluye en el reporte "
            "(lo oculto no se omite); si no debe ir, bórrela"
            if len(ocultas) == 1
            else f"las filas {cuales} están ocultas o filtradas en Excel, pero se incluyen en el "
            "reporte (lo oculto no se omite); si no deben ir, bórrelas",
            AVISO,
            hoja=hoja.nombre,
        )


def tramos(numeros: list[int]) -> list[str]:
    """Ascending row numbers as runs: «3 a 102», «110», «112», «113».

    A filter that hides a hundred rows then reads in one line; runs of two
    stay two numbers («3 y 4» reads better than «3 a 4»).
    """
    corridas: list[list[int]] = []
    for n in numeros:
        if corridas and n == corridas[-1][-1] + 1:
            corridas[-1].append(n)
        else:
            corridas.append([n])
    partes: list[str] = []
    for corrida in corridas:
        if len(corrida) > 2:
            partes.append(f"{corrida[0]} a {corrida[-1]}")
        else:
            partes.extend(str(n) for n in corrida)
    return partes


def _columnas_sin_encabezado(c: Cuadricula, hoja: HojaLeida, r: Recolector) -> None:
    encabezado = _de(c.valores, hoja.fila_encabezados) or []
    usadas = set(hoja.columnas.values())
    sin_encabezado = {
        i
        for crudas in c.valores[hoja.fila_encabezados :]
        for i, v in enumerate(crudas, start=1)
        if i not in usadas and celdas.texto(v) and not celdas.texto(_de(encabezado, i))
    }
    if sin_encabezado:
        letras = ", ".join(get_column_letter(i) for i in sorted(sin_encabezado))
        r.agregar(
            "columna-sin-encabezado",
            f"hay datos en la(s) columna(s) {letras}, que no tienen encabezado en la fila "
            f"{hoja.fila_encabezados}; "
            "se ignoran",
            AVISO,
            hoja=hoja.nombre,
        )


#: How far down a title above the headers may reach (a title, a subtitle, a blank row…).
FILAS_DE_TITULO = 10


def _fila_de_encabezados(c: Cuadricula, columnas: Mapping[str, str]) -> int:
    """The row, of the first :data:`FILAS_DE_TITULO`, that names most columns of the contract.

    Offices often put a title over the table («ACTIVIDADES DEL TRIMESTRE»,
    merged across): the headers are then a row below it. The most names, not
    the first: a title «EVENTO» names a column too. On a tie the upper row;
    row 1 when none names any, as the contract says.
    """
    nombradas = [
        len({columnas[e] for v in fila if (e := normalizar_nombre(celdas.texto(v))) in columnas})
        for fila in c.valores[:FILAS_DE_TITULO]
    ]
    if not nombradas or max(nombradas) == 0:
        return 1
    return nombradas.index(max(nombradas)) + 1


def leer_hoja(
    c: Cuadricula, nombre: str, r: Recolector, columnas: Mapping[str, str] | None = None
) -> HojaLeida:
    """Headers, then every non-blank row below them (an Excel Table's totals row left out).

    *columnas* maps each normalized header the contract knows (a column's name
    or its title, :attr:`~reporte_docx.libro.contrato.Hoja.por_escritura`) to the
    column's name, by which the row's values are then keyed. The headers are in
    row 1, or below a title when row 1 names none of them; rows keep the numbers
    Excel shows.
    """
    columnas = columnas or {}
    primera = _fila_de_encabezados(c, columnas)
    encabezados, indices = _encabezados(_de(c.valores, primera) or [], nombre, r, columnas)
    hoja = HojaLeida(nombre, encabezados, [], indices, primera)
    for numero in range(primera + 1, len(c.valores) + 1):
        if numero in c.totales:
            continue
        fila = _fila(c, numero, hoja, r)
        if any(celdas.texto(v) for v in fila.valores.values()):
            hoja.filas.append(fila)
    _columnas_sin_encabezado(c, hoja, r)
    _avisos_de_lo_oculto(c, hoja, r)
    return hoja


def iterar(
    hojas: dict[str, HojaLeida], clave: str, *, continuaciones: bool = False
) -> Iterator[tuple[HojaLeida, Fila]]:
    """Every row of sheet *clave* with its sheet, or nothing when the sheet is not there.

    Rows that only continue merged cells from above
    (:attr:`Fila.continua_la_de_arriba`) are left out unless *continuaciones*:
    the photo rows want them, for a picture may be pasted on such a row.
    """
    hoja = hojas.get(clave)
    if hoja is not None:
        for fila in hoja.filas:
            if continuaciones or not fila.continua_la_de_arriba:
                yield hoja, fila
