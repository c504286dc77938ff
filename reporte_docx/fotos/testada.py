"""The grey box that stands in for a reserved photo in the public version (versión pública).

It has the reserved photo's proportions, so the grid gives it the very place
and size the photo had; the original is only measured (its header read), never
decoded, processed or cached. The legend is drawn in the picture and also
written as its caption, where it can be read, searched and said by a screen
reader. Pillow draws it with a common system font that has Spanish letters
(Arial on Windows, DejaVu or Liberation on Linux); on a machine with none of
them, with Pillow's own built-in font, which lacks accents, so the text is
then drawn without them (the caption keeps them).
"""

from __future__ import annotations

import io
import textwrap
import unicodedata

from PIL import Image, ImageDraw, ImageFont

from reporte_docx.fotos.apertura import FotoInvalida
from reporte_docx.fotos.revision import medir_foto
from reporte_docx.modelo import Fotografia

#: The longest side of the box, in pixels: it is flat grey, more would only weigh.
LADO_MAYOR_PX = 1200
GRIS = (191, 191, 191)
BORDE = (110, 110, 110)
TINTA = (40, 40, 40)
#: A photo that cannot even be measured is shown as a 4:3 box.
PROPORCION_DESCONOCIDA = (4, 3)


def medidas_de(foto: Fotografia) -> tuple[int, int]:
    """Width and height of the reserved photo as seen: measured on reading, or its header now."""
    if foto.medidas is not None:
        return foto.medidas
    try:
        return tuple(medir_foto(foto.origen))[:2]  # type: ignore[return-value]
    except FotoInvalida:
        return PROPORCION_DESCONOCIDA


#: Fonts with Spanish letters, by file name (Pillow looks in the system's font folders).
FUENTES = ("arial.ttf", "Arial.ttf", "DejaVuSans.ttf", "LiberationSans-Regular.ttf")


def _fuente(tamano: int, leyenda: str) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, str]:
    """A font of *tamano* px and *leyenda* as it can be drawn with it."""
    for nombre in FUENTES:
        try:
            return ImageFont.truetype(nombre, tamano), leyenda
        except OSError:
            continue
    # the built-in font has no accents
    return ImageFont.load_default(size=tamano), _sin_tildes(leyenda)


def _sin_tildes(texto: str) -> str:
    """*texto* without its accents, case kept («Fotografía» → «Fotografia»)."""
    return "".join(c for c in unicodedata.normalize("NFKD", texto) if not unicodedata.combining(c))


def recuadro_testado(ancho: int, alto: int, leyenda: str) -> tuple[bytes, tuple[int, int]]:
    """A PNG grey box of the proportions *ancho* × *alto* with *leyenda* centred on it,
    and its size in pixels."""
    escala = LADO_MAYOR_PX / max(ancho, alto, 1)
    w, h = max(60, round(ancho * escala)), max(60, round(alto * escala))
    imagen = Image.new("RGB", (w, h), GRIS)
    dibujo = ImageDraw.Draw(imagen)
    grosor = max(2, min(w, h) // 60)
    dibujo.rectangle((0, 0, w - 1, h - 1), outline=BORDE, width=grosor)
    tamano = max(12, min(w, h) // 12)
    fuente, leyenda = _fuente(tamano, leyenda)
    lineas = [
        linea
        for parrafo in leyenda.split("\n")
        for linea in textwrap.wrap(parrafo, width=max(10, int(w / (tamano * 0.55))))
    ]
    texto = "\n".join(lineas[: max(1, int(h / (tamano * 1.3)) - 1)])
    dibujo.multiline_text(
        (w / 2, h / 2), texto, fill=TINTA, font=fuente, anchor="mm", align="center", spacing=6
    )
    salida = io.BytesIO()
    imagen.save(salida, "PNG", optimize=False, compress_level=6)
    return salida.getvalue(), (w, h)
