"""Small pieces of WordprocessingML written as text, shared by the renderer and the photo grid.

docxtpl renders a template into XML *text*, so whatever a value puts in the
document is text too: escaped user data, and the few elements a value may
carry (a hyperlink). python-docx builds elements, not text to be pasted inside
a run, so these few strings are written by hand.
"""

from __future__ import annotations

import re

from reporte_docx.texto import escapar_xml

#: A Jinja tag as a template writes it: ``{{ … }}``, ``{% … %}`` or ``{# … #}``.
ETIQUETA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


#: User text as the content of a ``<w:t>``: the package's one escaper, from the base layer.
escapar = escapar_xml


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
