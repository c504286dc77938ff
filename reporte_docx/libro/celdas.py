"""Reading one cell's value as the type the contract expects.

Each function takes the raw value openpyxl gives (str, int, float, datetime,
None) and returns the typed value, or raises :class:`ValorInvalido` with the
Spanish explanation of what would be right. The workbook reader turns that
into a located :class:`~reporte_docx.errores.Hallazgo`.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from babel.dates import get_month_names

from reporte_docx.formato import LOCALE
from reporte_docx.texto import normalizar_nombre, normalizar_saltos


class ValorInvalido(ValueError):
    """The cell holds something that is not of the expected kind."""

    def __init__(self, codigo: str, explicacion: str):
        self.codigo = codigo
        super().__init__(explicacion)


def _meses_por_nombre() -> dict[str, int]:
    nombres: dict[str, int] = {}
    for ancho in ("wide", "abbreviated"):
        for contexto in ("format", "stand-alone"):
            for numero, nombre in get_month_names(ancho, contexto, LOCALE).items():
                nombres[normalizar_nombre(nombre).rstrip(".")] = numero
    return nombres


_MESES = _meses_por_nombre()
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_LARGA = re.compile(r"^(\d{1,2})\s+de\s+([a-z]+)\.?(?:\s+de)?\s+(\d{4})$")
EJEMPLO_FECHA = "use dd/mm/aaaa, p. ej. 30/05/2023"


def texto(valor: object) -> str:
    """Any cell as text; numbers typed as such keep their plain form (``3`` not ``3.0``)."""
    if valor is None:
        return ""
    if isinstance(valor, float) and valor.is_integer():
        valor = int(valor)
    if isinstance(valor, dt.datetime) and valor.time() == dt.time(0):
        valor = valor.date()
    return normalizar_saltos(str(valor)).strip()


def identificador(valor: object) -> str:
    """An activity id: ``1``, ``1.0`` and ``"1"`` are the same id."""
    return texto(valor)


def fecha(valor: object) -> dt.date:
    """A real Excel date, or text ``30/05/2023``, ``2023-05-30``, ``30 de mayo de 2023``."""
    if isinstance(valor, dt.datetime):
        return valor.date()
    if isinstance(valor, dt.date):
        return valor
    if isinstance(valor, (int, float)) and not isinstance(valor, bool):
        raise ValorInvalido(
            "fecha-numero",
            f"es un número, no una fecha ({EJEMPLO_FECHA} o dé a la celda formato de fecha)",
        )
    crudo = texto(valor)
    limpio = normalizar_nombre(crudo).replace("_", " ")
    if m := _DMY.match(crudo):
        dia, mes, anio = int(m[1]), int(m[2]), int(m[3])
    elif m := _YMD.match(crudo):
        anio, mes, dia = int(m[1]), int(m[2]), int(m[3])
    elif (m := _LARGA.match(limpio)) and m[2].rstrip(".") in _MESES:
        dia, mes, anio = int(m[1]), _MESES[m[2].rstrip(".")], int(m[3])
    else:
        raise ValorInvalido("fecha-ilegible", f"no se entiende como fecha ({EJEMPLO_FECHA})")
    try:
        return dt.date(anio, mes, dia)
    except ValueError:
        raise ValorInvalido(
            "fecha-inexistente", f"no es una fecha válida ({EJEMPLO_FECHA})"
        ) from None


def numero(valor: object) -> int | Decimal:
    """A number typed as a number or as text (``3``, ``2.5``, ``1,200``)."""
    if isinstance(valor, bool):
        raise ValorInvalido("numero-invalido", "no es un número (escriba por ejemplo 3)")
    if isinstance(valor, int):
        return valor
    if isinstance(valor, float):
        return int(valor) if valor.is_integer() else Decimal(str(valor))
    crudo = texto(valor).replace(",", "").replace(" ", "")
    try:
        resultado = Decimal(crudo)
    except InvalidOperation:
        raise ValorInvalido("numero-invalido", "no es un número (escriba por ejemplo 3)") from None
    if not resultado.is_finite():
        raise ValorInvalido("numero-invalido", "no es un número (escriba por ejemplo 3)")
    return int(resultado) if resultado == resultado.to_integral_value() else resultado


def entero(valor: object) -> int:
    """A whole number (``2``, ``2.0``, ``"2"``)."""
    resultado = numero(valor)
    if not isinstance(resultado, int):
        raise ValorInvalido("entero-invalido", "debe ser un número entero (p. ej. 2)")
    return resultado
