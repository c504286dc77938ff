"""Reading one cell's value as the type the contract expects.

Each function takes the raw value openpyxl gives (str, int, float, datetime,
None) and returns the typed value, or raises :class:`ValorInvalido` with the
Spanish explanation of what would be right. The workbook reader turns that
into a located :class:`~reporte_docx.errores.Hallazgo`.

Cells are read as Excel shows them: Excel's ``_xHHHH_`` escapes (a carriage
return pasted from Word is stored as ``_x000D_``) are decoded by openpyxl's
own :func:`~openpyxl.utils.escape.unescape`; numbers are parsed by Babel for
es_MX in strict mode, so ``2,5`` is refused as ambiguous rather than read as 25.
Dates as people write them in Mexico are parsed here by hand: no library reads
«1° de junio del 2023» or «del 5 al 9 de junio de 2023».
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from urllib.parse import unquote

from babel.dates import get_day_names, get_month_names
from babel.numbers import NumberFormatError, parse_decimal
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.escape import unescape

from reporte_docx import formato
from reporte_docx.formato import LOCALE, fecha_corta
from reporte_docx.texto import normalizar_saltos, sin_acentos


class ValorInvalido(ValueError):
    """The cell holds something that is not of the expected kind."""

    def __init__(self, codigo: str, explicacion: str):
        self.codigo = codigo
        super().__init__(explicacion)


EJEMPLO_FECHA = "use dd/mm/aaaa, p. ej. 30/05/2023"
#: Listed when a date is not understood: every one of these forms is read.
FORMAS_DE_FECHA = (
    "30/05/2023, 30/05/23, 2023-05-30, 30 de mayo de 2023, 30 de mayo del 2023, "
    "1° de junio de 2023, mayo 30, 2023, martes 30 de mayo de 2023; "
    "varios días: del 5 al 9 de junio de 2023"
)
#: Two-digit years: 00–69 are 2000–2069, 70–99 are 1970–1999 (the POSIX ``%y`` window).
PIVOTE_DOS_CIFRAS = 70
#: Spellings CLDR does not list but people write: «setiembre» (accepted by the RAE), «sept».
MESES_VARIANTES = {"setiembre": 9, "set": 9, "sept": 9}


def _nombres(datos: Mapping[int, str]) -> dict[str, int]:
    return {sin_acentos(nombre).rstrip("."): numero for numero, nombre in datos.items()}


def _meses_por_nombre() -> dict[str, int]:
    nombres = dict(MESES_VARIANTES)
    for ancho in ("wide", "abbreviated"):
        for contexto in ("format", "stand-alone"):
            nombres.update(_nombres(get_month_names(ancho, contexto, LOCALE)))
    return nombres


def _dias_de_la_semana() -> set[str]:
    nombres: set[str] = set()
    for ancho in ("wide", "abbreviated"):
        nombres |= set(_nombres(get_day_names(ancho, "format", LOCALE)))
    return nombres


_MESES = _meses_por_nombre()
_DIAS = _dias_de_la_semana()
_MES = r"([a-z]+)\.?"
_DIA = r"(\d{1,2})(?:o|ro|er|vo|to)?\.?"  # «1o.», «1ro», «1er»; «1°» and «1º» are dropped before
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_YMD = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$")
_LARGA = re.compile(
    rf"^{_DIA}(?:\s*de\s*|[\s\-/]+){_MES}(?:(?:\s*del?\s*|[\s\-/,]+)(\d{{4}}|\d{{2}}))?$"
)
_INGLESA = re.compile(rf"^{_MES}\s+{_DIA},?\s*(?:del?\s+)?(\d{{4}})$")
#: A time after the date: «10:30», «, 10:00 hrs.», «a las 10:00», «a la 1:30 p. m.», «T10:30:00».
_HORA = re.compile(
    r"(?:,?\s+(?:a\s+las?\s+)?|t)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"\s*(?:[ap]\.?\s?m\.?|h(?:rs?|oras)?\.?)?$"
)
_RANGO = re.compile(r"^(?:del?\s+)?(.+?)(?:\s+(?:al?|hasta(?:\s+el)?)\s+|\s*[–—]\s*|\s+-\s+)(.+)$")
_DIAS_CON_GUION = re.compile(r"^(?:del?\s+)?(\d{1,2})\s*-\s*(\d{1,2})(\s+(?:de\s+)?[a-z].*)$")
_SOLO_DIA = re.compile(rf"^{_DIA}$")


def texto(valor: object) -> str:
    """Any cell as text, as Excel shows it; numbers keep their plain form (``3`` not ``3.0``)."""
    if valor is None:
        return ""
    if isinstance(valor, float) and valor.is_integer():
        valor = int(valor)
    if isinstance(valor, dt.datetime) and valor.time() == dt.time(0):
        valor = valor.date()
    return normalizar_saltos(unescape(str(valor))).strip()


#: Characters that take no room on screen (zero-width space, BOM, word joiner…), Unicode «Cf».
_INVISIBLES = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")


def identificador(valor: object) -> str:
    """An activity id: ``1``, ``1.0`` and ``"1"`` are the same id.

    So are ``1`` and ``1`` with a zero-width space pasted from a web page or a
    chat: two ids that look the same on screen must be the same id, or a
    message would say «no activity 1 (ids written: 1)».
    """
    return _INVISIBLES.sub("", texto(valor)).strip()


def _anio(escrito: str) -> int:
    anio = int(escrito)
    if len(escrito) == 2:
        anio += 1900 if anio >= PIVOTE_DOS_CIFRAS else 2000
    return anio


def _limpiar_fecha(crudo: str) -> str:
    """The text of a date without what does not change it: a time, a weekday, «°», a final «.»."""
    limpio = sin_acentos(crudo.replace("°", "").replace("º", "").replace("ª", ""))
    limpio = _HORA.sub("", limpio).strip().rstrip(".").strip()  # a sentence's final period
    palabras = limpio.split(" ", 1)
    if len(palabras) == 2 and palabras[0].rstrip(",.") in _DIAS:
        limpio = palabras[1].strip()
    return limpio


def _partes(limpio: str) -> tuple[int, int, int | None] | None:
    """(day, month, year or None) of one date in any accepted form; None if not a date."""
    if m := _DMY.match(limpio):
        return int(m[1]), int(m[2]), _anio(m[3])
    if m := _YMD.match(limpio):
        return int(m[3]), int(m[2]), int(m[1])
    if (m := _LARGA.match(limpio)) and m[2] in _MESES:
        return int(m[1]), _MESES[m[2]], _anio(m[3]) if m[3] else None
    if (m := _INGLESA.match(limpio)) and m[1] in _MESES:
        return int(m[2]), _MESES[m[1]], int(m[3])
    return None


def _ilegible() -> ValorInvalido:
    return ValorInvalido(
        "fecha-ilegible", f"no se entiende como fecha; formas que sirven: {FORMAS_DE_FECHA}"
    )


def _construir(dia: int, mes: int, anio: int | None, predeterminado: int | None) -> dt.date:
    anio = anio if anio is not None else predeterminado
    if anio is None:
        raise ValorInvalido(
            "fecha-sin-anio", f"le falta el año; escríbalo completo ({EJEMPLO_FECHA})"
        )
    try:
        return dt.date(anio, mes, dia)
    except ValueError:
        raise ValorInvalido(
            "fecha-inexistente", f"no es una fecha válida ({EJEMPLO_FECHA})"
        ) from None


def _fecha_de_celda(valor: object) -> dt.date | None:
    """A cell Excel already holds as a date; a number is refused; text gives None."""
    if isinstance(valor, dt.datetime):
        return valor.date()
    if isinstance(valor, dt.date):
        return valor
    if isinstance(valor, (int, float)) and not isinstance(valor, bool):
        raise ValorInvalido(
            "fecha-numero",
            f"es un número, no una fecha{_como_fecha_de_excel(valor)} (dé a la celda formato "
            f"de fecha o {EJEMPLO_FECHA})",
        )
    return None


def _como_fecha_de_excel(numero: float) -> str:
    """«; como fecha de Excel sería el 05/06/2023» for a serial date shown as a plain number.

    A date typed in a cell formatted as «General» or «Número» shows as 45082;
    naming the date lets the user see that only the cell's format is wrong.
    """
    try:
        fecha_excel = from_excel(numero)
    except (ValueError, OverflowError, TypeError):
        return ""
    if not isinstance(fecha_excel, dt.datetime) or not 1990 <= fecha_excel.year <= 2100:
        return ""
    return f"; como fecha de Excel sería el {fecha_corta(fecha_excel)}"


def fecha(valor: object, anio: int | None = None) -> dt.date:
    """One date: an Excel date, or text in any form of :data:`FORMAS_DE_FECHA`.

    A time after the date is ignored; *anio* completes a date written without
    its year («1o. de junio»): the reader passes the report's ``ejercicio``.
    """
    if (real := _fecha_de_celda(valor)) is not None:
        return real
    inicio, fin = periodo(valor, anio)
    if fin is not None:
        raise ValorInvalido(
            "fecha-es-periodo", "es un periodo de varios días; aquí va una sola fecha"
        )
    return inicio


def _inicio_del_periodo(izquierda: str, fin: dt.date) -> dt.date:
    """The first day of «del 5 al 9 de junio»: month and year may come from the last day."""
    if m := _SOLO_DIA.match(izquierda):
        return _construir(int(m[1]), fin.month, fin.year, None)
    partes = _partes(izquierda)
    if partes is None:
        raise _ilegible()
    dia, mes, anio = partes
    inicio = _construir(dia, mes, anio, fin.year)
    if anio is None and inicio > fin:  # «del 30 de diciembre al 2 de enero de 2024»
        inicio = _construir(dia, mes, fin.year - 1, None)
    return inicio


def periodo(valor: object, anio: int | None = None) -> tuple[dt.date, dt.date | None]:
    """A date, or a range of days: (first day, last day or ``None`` for a single day).

    Ranges: «del 5 al 9 de junio de 2023», «5-9 de junio de 2023», «del 28 de
    junio al 2 de julio de 2023», «05/06/2023 - 09/06/2023», «… al …» across years.
    """
    if (real := _fecha_de_celda(valor)) is not None:
        return real, None
    limpio = _limpiar_fecha(texto(valor))
    limpio = _DIAS_CON_GUION.sub(r"\1 al \2\3", limpio)
    if (partes := _partes(limpio)) is not None:
        return _construir(*partes, anio), None
    rango = _RANGO.match(limpio)
    if rango is None or (partes := _partes(_limpiar_fecha(rango[2]))) is None:
        raise _ilegible()
    fin = _construir(*partes, anio)
    inicio = _inicio_del_periodo(_limpiar_fecha(rango[1]), fin)
    if inicio > fin:
        raise ValorInvalido(
            "fecha-periodo-invertido",
            f"el periodo termina antes de empezar; escriba primero el día inicial "
            f"(p. ej. del {inicio.day} al {fin.day} …)",
        )
    return (inicio, None) if inicio == fin else (inicio, fin)


_MILES_CON_ESPACIO = re.compile(r"^[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:\.\d+)?$")
_MILES_CON_PUNTO = re.compile(r"^[+-]?[1-9]\d{0,2}(?:\.\d{3})+$")
#: Digits and separators only: a comma there is misplaced; with «$» or a word it is not a number.
_SOLO_CIFRAS = re.compile(r"^[+-]?[\d.,]*\d[\d.,]*$")


def _no_es_numero() -> ValorInvalido:
    return ValorInvalido(
        "numero-invalido",
        "no es un número; escriba sólo las cifras, sin «$», «%» ni palabras (p. ej. 3)",
    )


def _ambiguo(escrito: str, opciones: list[str]) -> ValorInvalido:
    return ValorInvalido(
        "numero-ambiguo",
        "es ambiguo (coma o punto fuera de lugar"
        + (f": ¿{' o '.join(opciones)}?" if opciones else "")
        + "); escriba los decimales con punto y los miles con coma o sin separador, "
        "p. ej. 2.5 o 1,200",
    )


def numero(valor: object) -> int | Decimal:
    """A number typed as a number or as text, read as in Mexico (``3``, ``2.5``, ``1,200``).

    Text that another convention would read differently is refused, never
    guessed: ``2,5`` (2.5 in Spain, 25 by Mexican grouping) and ``1.500``
    (1.5 here, 1500 in Spain).
    """
    if isinstance(valor, bool):
        raise _no_es_numero()
    if isinstance(valor, int):
        return valor
    if isinstance(valor, float):
        return int(valor) if valor.is_integer() else Decimal(str(valor))
    crudo = texto(valor)
    if _MILES_CON_ESPACIO.match(crudo):
        crudo = re.sub(r"[ \u00a0\u202f]", "", crudo)
    if _MILES_CON_PUNTO.match(crudo):
        opciones = [crudo.replace(".", "")]
        if crudo.count(".") == 1:
            opciones.append(format(Decimal(crudo).normalize(), "f"))
        raise _ambiguo(crudo, opciones)
    try:
        resultado = parse_decimal(crudo, LOCALE, strict=True)
    except NumberFormatError as e:
        if "," in crudo and _SOLO_CIFRAS.match(crudo):
            raise _ambiguo(crudo, list(e.suggestions or [])) from None
        raise _no_es_numero() from None
    if not resultado.is_finite():
        raise _no_es_numero()
    return int(resultado) if resultado == resultado.to_integral_value() else resultado


def entero(valor: object) -> int:
    """A whole number (``2``, ``2.0``, ``"2"``)."""
    resultado = numero(valor)
    if not isinstance(resultado, int):
        raise ValorInvalido("entero-invalido", "debe ser un número entero (p. ej. 2)")
    return resultado


def calendario(valor: object) -> tuple[int | Decimal, ...]:
    """What is programmed in each quarter of the year: four numbers, 0 or more («3, 3, 2, 2»).

    Separated by commas, semicolons or spaces (so a decimal takes a point:
    «2.5, 3, 3, 3»).
    """
    partes = [p for p in re.split(r"[;,\s]+", texto(valor)) if p]
    explicacion = (
        "no son las programadas de los cuatro trimestres; escriba cuatro números separados "
        "por comas, en orden, p. ej. 3, 3, 2, 2"
    )
    if len(partes) != 4:
        raise ValorInvalido("calendario-invalido", explicacion)
    try:
        numeros = tuple(numero(p) for p in partes)
    except ValorInvalido:
        raise ValorInvalido("calendario-invalido", explicacion) from None
    if any(n < 0 for n in numeros):
        raise ValorInvalido("calendario-invalido", explicacion)
    return numeros


#: «2do», «2º», «3er», «1o.»: a quarter's number with an ordinal ending («º» dropped before).
_ORDINAL = re.compile(r"^(\d+)(?:o|ro|do|er|to)?\.?$")


def _trimestres_escritos() -> dict[str, int]:
    """«segundo», «tercer», «tercero», «II»…: every way the heading's words write a quarter."""
    nombres: dict[str, int] = {}
    for n in range(1, 5):
        palabra = formato.trimestre_en_palabras(n).split()[0]  # primer, segundo, tercer, cuarto
        nombres[palabra] = nombres[palabra.removesuffix("o") + "o"] = n  # primer → primero
        nombres[formato.romano(n).lower()] = n
    return nombres


_TRIMESTRES = _trimestres_escritos()


def trimestre(valor: object) -> int:
    """The quarter as people write it: ``2``, «2do», «II», «Segundo trimestre».

    The official heading itself says «SEGUNDO TRIMESTRE» and «TRIMESTRE II».
    Whether it is 1–4 is the reader's rule; this only reads the number.
    """
    limpio = sin_acentos(texto(valor).replace("°", "").replace("º", ""))
    limpio = " ".join(p for p in limpio.split() if p != "trimestre")
    if m := _ORDINAL.match(limpio):
        return int(m[1])
    if limpio in _TRIMESTRES:
        return _TRIMESTRES[limpio]
    try:
        return entero(valor)
    except ValorInvalido:
        raise ValorInvalido(
            "trimestre-invalido", "no es un trimestre; escriba 1, 2, 3 o 4"
        ) from None


_HIPERVINCULO = re.compile(
    r"^=\s*(?:_xlfn\.)?(?:HYPERLINK|HIPERVINCULO)\s*\((.*)\)\s*$", re.I | re.S
)
_ARGUMENTO = re.compile(r'\s*(?:"((?:[^"]|"")*)"|([^,;]*?))\s*(?:[,;]|$)')


#: How a yes/no cell may be written (after :func:`~reporte_docx.texto.sin_acentos`).
_SI = frozenset({"si", "s", "x", "1", "true", "verdadero", "yes", "reservada", "reservado"})
_NO = frozenset({"no", "n", "0", "false", "falso", "-"})


def si_no(valor: object) -> bool:
    """A «sí»/«no» cell (the list libro-nuevo offers); also x, 1, VERDADERO, a checkbox's TRUE."""
    if isinstance(valor, bool):
        return valor
    escrito = sin_acentos(texto(valor)).rstrip(".")
    if escrito in _SI:
        return True
    if escrito in _NO or not escrito:
        return False
    raise ValorInvalido(
        "si-no-invalido", "no es «sí» ni «no»; escriba «sí» o «no» (o déjela vacía)"
    )


def es_formula_hipervinculo(formula: object) -> bool:
    """Whether *formula* is a ``HYPERLINK``/``HIPERVINCULO`` call, whatever its arguments."""
    return isinstance(formula, str) and _HIPERVINCULO.match(formula) is not None


def hipervinculo_de_formula(formula: object) -> tuple[str, str] | None:
    """(address, text shown) of ``=HYPERLINK("url"; "texto")``; None for any other formula.

    Only literal arguments are read (an address built by a formula is known
    only to Excel: the cell's calculated text is used then, without link).
    Spanish Excel's ``HIPERVINCULO`` and ``;`` separators are accepted too.
    """
    if not isinstance(formula, str) or not (m := _HIPERVINCULO.match(formula)):
        return None
    argumentos = []
    for arg in _ARGUMENTO.finditer(m[1]):
        if arg.end() == arg.start():
            break
        if arg[1] is None:
            return None
        argumentos.append(arg[1].replace('""', '"'))
    if not argumentos or not argumentos[0].strip():
        return None
    direccion = argumentos[0].strip()
    return direccion, argumentos[1] if len(argumentos) > 1 else direccion


def con_enlace(texto_visible: str, direccion: str | None) -> str:
    """A text whose cell links to *direccion*, with the address kept: «Informe (https://…)».

    The model has a place for the link of an activity's LUGAR only
    (``Actividad.lugar_enlace``); in any other text the address is written
    after the text so that it reaches the report instead of being lost.
    """
    if not direccion or direccion in texto_visible:
        return texto_visible
    return f"{texto_visible} ({direccion})"


#: A URL scheme (``https:``, ``mailto:``); one letter is a Windows drive (``C:``), not a scheme.
_ESQUEMA = re.compile(r"^([a-z][a-z0-9+.\-]+):", re.I)


def ruta_de_vinculo(direccion: str | None) -> str | None:
    """The file a hyperlink points to, as a path; None for a web or mail address.

    Excel's «Insertar vínculo › Archivo» stores the path relative to the
    workbook (``fotos/mi%20foto.jpg``, percent-encoded like any link) or as a
    ``file:`` URL for another drive or a network share; a photo column reads
    that path rather than the label the cell shows.
    """
    if not direccion:
        return None
    esquema = _ESQUEMA.match(direccion)
    if esquema is None:
        return unquote(direccion)
    if esquema[1].lower() != "file":
        return None
    resto = direccion[len(esquema[0]) :]
    if re.match(r"^///[A-Za-z]:", resto):  # file:///C:/x
        resto = resto[3:]
    elif resto.startswith("///"):  # file:///home/x
        resto = resto[2:]
    # file://servidor/compartida/x stays //servidor/…: a network share
    return unquote(resto)
