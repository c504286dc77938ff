"""Small text helpers shared by the reader, the renderer and the checker."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from xml.sax.saxutils import escape

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 up,
# except the surrogates and U+FFFE/U+FFFF. Anything else makes Word refuse the file.
_PROHIBIDOS_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def normalizar_nombre(nombre: object) -> str:
    """Key used to match sheet, column and field names as people type them.

    Case, accents, surrounding spaces and spaces vs. underscores or hyphens do
    not matter: ``" Fotografías "`` → ``"fotografias"``,
    ``"Unidad responsable programa"`` → ``"unidad_responsable_programa"``.
    """
    return re.sub(r"[\s_\-]+", "_", sin_acentos(str(nombre or ""))).strip("_")


def sin_acentos(texto: str) -> str:
    """Lower case, without accents, one space between words: how two writings are compared.

    ``"  Calendario  de SESIÓN"`` → ``"calendario de sesion"``. NFKD also folds
    compatibility forms (``ﬁ``, full-width digits) into plain letters.
    """
    texto = unicodedata.normalize("NFKD", texto).casefold()
    texto = "".join(c for c in texto if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", texto).strip()


def quitar_prohibidos_xml(texto: str) -> str:
    """Drop the characters XML 1.0 forbids (control characters, lone surrogates…)."""
    return _PROHIBIDOS_XML.sub("", texto)


def hay_prohibidos_xml(texto: str) -> bool:
    return _PROHIBIDOS_XML.search(texto) is not None


#: Line ends other than ``\n``: Windows' and old Macs', Word's manual line break (Shift+Enter,
#: a vertical tab once pasted), form feed, NEL and Unicode's line and paragraph separators.
_SALTOS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")


def normalizar_saltos(texto: str) -> str:
    """Every kind of line end becomes ``\\n`` (a line break in Word).

    A vertical tab or form feed is a control character XML forbids: dropped,
    it would glue the words on either side together.
    """
    return _SALTOS.sub("\n", texto)


def mas_parecido(nombre: str, opciones: Iterable[str], *, minimo: float = 0.6) -> str | None:
    """The option *nombre* most looks like a misspelling of, as the option is written; or None.

    The one fuzzy matcher of the package (sheet, column and field names of the
    workbook, names in templates). Names are compared by :func:`normalizar_nombre`,
    so case, accents and spacing never make two names look different.
    """
    por_clave: dict[str, str] = {}
    for opcion in opciones:
        por_clave.setdefault(normalizar_nombre(opcion), opcion)
    cercanos = difflib.get_close_matches(normalizar_nombre(nombre), list(por_clave), 1, minimo)
    return por_clave[cercanos[0]] if cercanos else None


def quiso_decir(nombre: str, opciones: Iterable[str]) -> str:
    """`` (¿quiso decir «Actividades»?)`` when *nombre* looks like a typo of an option, else ``""``."""
    cercano = mas_parecido(nombre, opciones)
    return f" (¿quiso decir «{cercano}»?)" if cercano else ""


def escapar_xml(texto: str) -> str:
    """User text made safe to write inside ``<w:t>``: the one escaper of the package.

    Line ends become ``\\n``, characters XML forbids are dropped, ``&<>`` are
    escaped, and braces are written as character references: docxtpl rewrites
    ``{_{`` into ``{{`` after rendering, and user text must come out verbatim.
    A line break inside a run is the caller's business (it depends on where
    the text goes).
    """
    seguro = escape(quitar_prohibidos_xml(normalizar_saltos(texto)))
    return seguro.replace("{", "&#123;").replace("}", "&#125;")
