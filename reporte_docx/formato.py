"""Spanish (Mexico) wording of dates, months, quarters and numbers.

Every month name and number format comes from Babel's CLDR data for
``es_MX``; nothing here is a hand-typed month table. These functions are also
the template filters (see :mod:`reporte_docx.plantilla.render`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date, format_time, get_month_names
from babel.numbers import format_decimal, format_percent

LOCALE = "es_MX"

# CLDR (and so Babel) has ordinal *numerals* ("2.º") but no spelled-out
# ordinals; the official heading says "SEGUNDO TRIMESTRE", so these four
# words are the one thing not taken from Babel.
_ORDINALES_TRIMESTRE = ("primer", "segundo", "tercer", "cuarto")


def fecha_larga(fecha: dt.date) -> str:
    """``30 de mayo de 2023``."""
    return format_date(fecha, format="long", locale=LOCALE)


def fecha_y_hora(momento: dt.datetime) -> str:
    """``8 de diciembre de 2026, 10:31``: a moment in the time zone it carries (a signature's)."""
    hora = format_time(momento, format="HH:mm", locale=LOCALE)
    return f"{fecha_larga(momento.date())}, {hora}"


def periodo(inicio: dt.date, fin: dt.date | None = None) -> str:
    """One day or several: ``30 de mayo de 2023``, ``del 5 al 9 de junio de 2023``.

    Across months ``del 28 de junio al 2 de julio de 2023``, across years
    ``del 30 de diciembre de 2023 al 2 de enero de 2024``. Each part is a Babel
    pattern; CLDR's own interval format (``5–9 de junio de 2023``) is not the
    wording of the official report, which writes «del … al …».
    """
    if fin is None or fin == inicio:
        return fecha_larga(inicio)
    if (inicio.year, inicio.month) == (fin.year, fin.month):
        desde = format_date(inicio, format="d", locale=LOCALE)
    elif inicio.year == fin.year:
        desde = format_date(inicio, format="d 'de' MMMM", locale=LOCALE)
    else:
        desde = fecha_larga(inicio)
    return f"del {desde} al {fecha_larga(fin)}"


def fecha_corta(fecha: dt.date) -> str:
    """``30/05/2023`` (day first, as written in Mexico)."""
    return format_date(fecha, format="dd/MM/y", locale=LOCALE)


def mes(valor: dt.date | int) -> str:
    """Month name in lower case: ``mayo`` (from a date or a month number 1–12)."""
    numero = valor.month if isinstance(valor, dt.date) else int(valor)
    return str(get_month_names("wide", context="format", locale=LOCALE)[numero])


def numero(valor: int | float | Decimal) -> str:
    """``3``, ``1,234.5`` — Mexican grouping and decimal point."""
    return format_decimal(valor, locale=LOCALE)


def porcentaje(valor: float | Decimal | None, decimales: int = 0) -> str:
    """``1.0`` → ``100%`` in es_MX; ``None`` (nothing programmed) → ``N/A``."""
    if valor is None:
        return "N/A"
    patron = "#,##0" + ("." + "0" * decimales if decimales else "") + "%"
    return format_percent(valor, format=patron, locale=LOCALE)


def mayusculas(texto: object) -> str:
    """Upper case that keeps accents and ñ (``Quintana Roo, acción`` → ``QUINTANA ROO, ACCIÓN``)."""
    return str(texto).upper()


def romano(n: int) -> str:
    """Roman numeral, as in ``TRIMESTRE II``."""
    valores = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    partes = []
    for valor, letras in valores:
        cuantas, n = divmod(n, valor)
        partes.append(letras * cuantas)
    return "".join(partes)


def meses_del_trimestre(trimestre: int) -> tuple[int, int]:
    """First and last month number of quarter 1–4."""
    primero = 3 * (trimestre - 1) + 1
    return primero, primero + 2


def trimestre_en_palabras(trimestre: int) -> str:
    """``segundo trimestre``."""
    return f"{_ORDINALES_TRIMESTRE[trimestre - 1]} trimestre"


def rango_de_meses(trimestre: int, hasta: int | None = None) -> str:
    """``abril - junio``; up to the last month of quarter *hasta*: ``enero - septiembre``."""
    primero = meses_del_trimestre(trimestre)[0]
    ultimo = meses_del_trimestre(trimestre if hasta is None else hasta)[1]
    return f"{mes(primero)} - {mes(ultimo)}"


def periodo_en_palabras(trimestre: int, ejercicio: int) -> str:
    """``SEGUNDO TRIMESTRE ABRIL - JUNIO 2023``: the period, as the document's subject."""
    texto = f"{trimestre_en_palabras(trimestre)} {rango_de_meses(trimestre)} {ejercicio}"
    return mayusculas(texto)


def periodo_de_meses(desde: int, hasta: int, ejercicio: int) -> str:
    """``ENERO - DICIEMBRE 2023``: the months of quarters *desde* to *hasta* (a year's report)."""
    return mayusculas(f"{rango_de_meses(desde, hasta)} {ejercicio}")


def linea_de_periodo(trimestre: int, ejercicio: int) -> str:
    """``(SEGUNDO TRIMESTRE ABRIL - JUNIO 2023)``, the heading's period line."""
    return f"({periodo_en_palabras(trimestre, ejercicio)})"


def fechas_del_trimestre(trimestre: int, ejercicio: int) -> tuple[dt.date, dt.date]:
    """First and last day of the quarter."""
    primero, ultimo = meses_del_trimestre(trimestre)
    fin = dt.date(ejercicio + (ultimo == 12), ultimo % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(ejercicio, primero, 1), fin
