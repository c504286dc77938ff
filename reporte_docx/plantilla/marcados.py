"""Values of the template context that remember which workbook field they are (#18).

A marked value behaves exactly as the plain one (a ``str``, ``date`` or number
subclass: comparisons, tests, filters, methods), and remembers its field key
(``actividad.3.descripcion``, see the round-trip agreement) and kind. When the
template prints it, :func:`~reporte_docx.plantilla.entorno.crear_entorno`'s
finalizer encloses its text in the delimiters of
:mod:`~reporte_docx.documento.marcas`, which become a hidden bookmark. A
project filter applied to a marked value gives a marked result, so
``{{ a.fecha|fecha_larga }}`` and ``{{ t.meses|mayusculas }}`` are marked too;
anything else (Jinja's own ``upper``, ``~``) gives a plain, unmarked text.
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any, Self


class _Marca:
    """What every marked value adds to its plain kind: its field key and kind."""

    clave: str
    tipo: str

    def _marcar(self, clave: str, tipo: str) -> Self:
        self.clave, self.tipo = clave, tipo
        return self


class TextoMarcado(_Marca, str):
    """A text that is a workbook field."""

    def __new__(cls, valor: str, clave: str, tipo: str = "texto") -> TextoMarcado:
        return str.__new__(cls, valor)._marcar(clave, tipo)


class FechaMarcada(_Marca, dt.date):
    """A date that is a workbook field.

    Made by :meth:`de`: date arithmetic and ``replace`` build their result with the
    date's own constructor, so the class keeps it, and such a result has no key (it
    is another date, not the field).
    """

    clave = ""
    tipo = ""

    @classmethod
    def de(cls, valor: dt.date, clave: str, tipo: str = "fecha") -> FechaMarcada:
        return cls(valor.year, valor.month, valor.day)._marcar(clave, tipo)


class EnteroMarcado(_Marca, int):
    """A whole number that is a workbook field."""

    def __new__(cls, valor: int, clave: str, tipo: str = "entero") -> EnteroMarcado:
        return int.__new__(cls, valor)._marcar(clave, tipo)


class RealMarcado(_Marca, float):
    """A fractional number (read as a float) that is a workbook field."""

    def __new__(cls, valor: float, clave: str, tipo: str = "decimal") -> RealMarcado:
        return float.__new__(cls, valor)._marcar(clave, tipo)


class DecimalMarcado(_Marca, decimal.Decimal):
    """An exact decimal count that is a workbook field."""

    def __new__(cls, valor: decimal.Decimal, clave: str, tipo: str = "decimal") -> DecimalMarcado:
        return decimal.Decimal.__new__(cls, valor)._marcar(clave, tipo)


def marcar(valor: Any, clave: str) -> Any:
    """*valor* marked as the field *clave*; a value of another kind (None, a list) as it is."""
    if isinstance(valor, bool):
        return valor
    if isinstance(valor, str):
        return TextoMarcado(valor, clave)
    if isinstance(valor, dt.datetime):
        return valor
    if isinstance(valor, dt.date):
        return FechaMarcada.de(valor, clave)
    if isinstance(valor, int):
        return EnteroMarcado(valor, clave)
    if isinstance(valor, float):
        return RealMarcado(valor, clave)
    if isinstance(valor, decimal.Decimal):
        return DecimalMarcado(valor, clave)
    return valor


def marca_de(valor: Any) -> tuple[str, str] | None:
    """The field key and kind of a marked value; None for any other."""
    if isinstance(valor, _Marca) and valor.clave:
        return valor.clave, valor.tipo
    return None
