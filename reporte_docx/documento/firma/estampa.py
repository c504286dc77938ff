"""The visible mark of a signature: who signed, RFC and when, in the signer's box.

Drawn by pyHanko as the signature field's appearance, with a TrueType font
embedded (a PDF/A file may not use the unembedded standard fonts, and Courier
has no «Ñ» for every name). pyHanko writes glyph widths as they are in the
font file, which is right only for fonts of 1000 units per em; the common
TrueType fonts (Arial, DejaVu, Liberation) have 2048, and their letters came
out twice as far apart. The font is therefore cut down to the Latin letters
(which makes the next step take 0.1 s instead of 2) and rescaled to 1000
units with fontTools, once per process, in memory, before pyHanko sees it.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from reporte_docx.documento.firma.sat import Firmante
from reporte_docx.formato import fecha_y_hora

#: Latin letters (ñ, á, ü…), the general punctuation and the middle dot: any SAT name.
LETRAS = [*range(0x20, 0x180), *range(0x2010, 0x2028)]
#: Points: small enough for three lines and a long name in the seed's 36-point-high box.
TAMANO = 7


@functools.cache
def fuente_escalada() -> bytes | None:
    """A system font with Spanish letters, rescaled to 1000 units per em; None if none."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem
    from PIL import ImageFont

    from reporte_docx.fotos.testada import FUENTES

    for nombre in FUENTES:
        try:
            ruta = ImageFont.truetype(nombre, 10).path
        except OSError:
            continue
        fuente = TTFont(ruta)
        recorte = subset.Subsetter(subset.Options(notdef_outline=True, name_IDs=["*"]))
        recorte.populate(unicodes=LETRAS)
        recorte.subset(fuente)
        if fuente["head"].unitsPerEm != 1000:
            scale_upem(fuente, 1000)
        salida = io.BytesIO()
        fuente.save(salida)
        return salida.getvalue()
    return None


def _motor(datos: bytes) -> Any:
    """pyHanko's font engine factory over *datos* (it only knows font files by path)."""
    from pyhanko.pdf_utils.font.api import FontEngineFactory
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

    class _Fuente(FontEngineFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            return GlyphAccumulator(writer, io.BytesIO(datos), TAMANO, obj_stream=obj_stream)

    return _Fuente()


def estilo(datos_de_fuente: bytes) -> Any:
    """The stamp style: no frame, no background, the text low and centred in the box."""
    from pyhanko.pdf_utils.layout import AxisAlignment, InnerScaling, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    return TextStampStyle(
        stamp_text="%(texto)s",
        text_box_style=TextBoxStyle(font=_motor(datos_de_fuente), font_size=TAMANO, leading=9),
        background=None,
        border_width=0,
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MID,
            y_align=AxisAlignment.ALIGN_MIN,
            margins=Margins(2, 2, 2, 2),
            inner_content_scaling=InnerScaling.SHRINK_TO_FIT,
        ),
    )


def texto_de_la_estampa(firmante: Firmante, momento: Any) -> str:
    """The mark's three lines, in Spanish: the fact, the name, the RFC and the moment."""
    rfc = f"RFC {firmante.rfc} · " if firmante.rfc else ""
    return (
        f"Firmado electrónicamente con e.firma por\n{firmante.nombre}\n{rfc}{fecha_y_hora(momento)}"
    )
