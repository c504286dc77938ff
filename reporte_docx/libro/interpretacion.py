"""Text typed in Word back into the value a workbook cell holds (``incorporar``, issue #18).

The document prints dates, periods and numbers in Spanish (Mexico)
(:mod:`reporte_docx.formato`); a person correcting the report in Word types
them the same way, or the way they type them in Excel. Both are read by the
cell reader's own parsers (:mod:`reporte_docx.libro.celdas`: Babel's es_MX
month names and number format, no hand tables), so a value that generates the
report also comes back from it. Text keeps its line breaks (``\\n``, a new
paragraph or line in Word).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reporte_docx.libro import celdas
from reporte_docx.texto import normalizar_saltos

#: What each kind of value looks like when it is right, for the message of one that is not.
EJEMPLOS = {
    "fecha": "29 de mayo de 2023",
    "periodo": "del 5 al 9 de junio de 2023",
    "entero": "1,234",
    "decimal": "12.5",
    "texto": "cualquier texto",
}
#: The kinds of value a field of the document may hold (the snapshot's ``tipo``).
TIPOS = frozenset(EJEMPLOS)

Interpretado = str | int | Decimal | dt.date | tuple[dt.date, dt.date | None]


def interpretar(tipo: str, escrito: str, anio: int | None = None) -> Interpretado:
    """The value *escrito* stands for, as a field of kind *tipo*; :class:`celdas.ValorInvalido`
    (with its Spanish explanation) when it does not read as one.

    A period is ``(first day, last day or None)``; *anio* completes a date
    typed without its year, as the workbook reader does with the ``ejercicio``.
    Numbers are never negative: the report counts things.
    """
    if tipo not in TIPOS:
        raise ValueError(f"tipo de campo desconocido: {tipo!r} (tipos: {sorted(TIPOS)})")
    if tipo == "texto":
        return normalizar_saltos(escrito).strip()
    limpio = " ".join(escrito.split())
    if not limpio:
        raise celdas.ValorInvalido("campo-vacio", "quedó vacío")
    if tipo == "fecha":
        return celdas.fecha(limpio, anio)
    if tipo == "periodo":
        return celdas.periodo(limpio, anio)
    numero = celdas.entero(limpio) if tipo == "entero" else celdas.numero(limpio)
    if numero < 0:
        raise celdas.ValorInvalido("numero-negativo", "no puede ser negativo (escriba 0 o más)")
    return numero
