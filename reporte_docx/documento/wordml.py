"""Small pieces of WordprocessingML written as text, shared by the renderer and the photo grid.

docxtpl renders a template into XML *text*, so whatever a value puts in the
document is text too: escaped user data, and the few elements a value may
carry (a hyperlink). python-docx builds elements, not text to be pasted inside
a run, so these few strings are written by hand.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reporte_docx.texto import normalizar_saltos, quitar_prohibidos_xml

#: A Jinja tag as a template writes it: ``{{ … }}``, ``{% … %}`` or ``{# … #}``.
ETIQUETA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def escapar(texto: str) -> str:
    """*texto* as the content of a ``<w:t>``: XML-escaped, forbidden characters dropped.

    Braces are written as character references because docxtpl rewrites ``{_{``
    into ``{{`` after rendering, and user text must come out verbatim.
    """
    limpio = escape(quitar_prohibidos_xml(normalizar_saltos(texto)))
    return limpio.replace("{", "&#123;").replace("}", "&#125;")


def texto_con_saltos(texto: str) -> str:
    """:func:`escapar`, with each line end as a ``<w:br/>`` inside the same run."""
    return escapar(texto).replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')


def hipervinculo(rid: str, texto: str) -> str:
    """A ``<w:hyperlink>`` with *texto*, to be pasted where a ``{{ }}`` tag was inside a run.

    The surrounding run is closed and reopened so that the link is a sibling
    run, as Word writes it; the link's look comes from Word's own
    ``Hyperlink`` character style.
    """
    return (
        f'</w:t></w:r><w:hyperlink r:id="{rid}" w:history="1"><w:r><w:rPr>'
        f'<w:rStyle w:val="Hyperlink"/></w:rPr><w:t xml:space="preserve">{escapar(texto)}'
        '</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve">'
    )
