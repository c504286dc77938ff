"""Photos: from whatever a phone produced to a small, upright image for Word.

Word ignores EXIF orientation and embeds whatever it is given, so every photo
goes through Pillow here: orientation applied, converted to RGB, downscaled to
the size it is shown at and re-encoded. The layout (:mod:`reporte_docx.galeria`)
decides that size; this module only measures and processes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .errores import ErrorDeDatos, Hallazgo
from .modelo import Fotografia

EMU_POR_PULGADA = 914400
DPI_PREDETERMINADO = 200
CALIDAD_JPEG = 85

try:  # HEIC/HEIF from iPhones
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a dependency
    pass


class FotoInvalida(Exception):
    """A photo that cannot be used; its text says why, in Spanish."""

    def __init__(self, codigo: str, mensaje: str):
        self.codigo = codigo
        super().__init__(mensaje)


@dataclass(frozen=True)
class FotoProcesada:
    """A photo ready to embed: its bytes and pixel size (already upright)."""

    datos: bytes
    extension: str  # "jpeg" or "png"
    ancho_px: int
    alto_px: int


def _abrir(ruta: Path) -> Image.Image:
    if not ruta.exists():
        raise FotoInvalida("foto-no-existe", f"no se encontró el archivo «{ruta}»")
    if not ruta.is_file():
        raise FotoInvalida("foto-no-es-archivo", f"«{ruta}» no es un archivo de imagen")
    try:
        return Image.open(ruta)
    except UnidentifiedImageError:
        raise FotoInvalida(
            "foto-no-es-imagen", f"«{ruta}» no es una imagen (use JPEG, PNG, HEIC…)"
        ) from None
    except Image.DecompressionBombError:
        raise FotoInvalida(
            "foto-demasiado-grande", f"«{ruta}» es demasiado grande para abrirla con seguridad"
        ) from None
    except OSError as e:
        raise FotoInvalida("foto-ilegible", f"no se pudo leer «{ruta}»: {e}") from None


def medir_foto(ruta: Path) -> tuple[int, int]:
    """Width and height in pixels as the photo is meant to be seen (EXIF rotation applied).

    Reads the header only; the pixels are not decoded.
    """
    with _abrir(ruta) as imagen:
        ancho, alto = imagen.size
        try:
            orientacion = imagen.getexif().get(0x0112, 1)
        except Exception:  # a broken EXIF block must not lose the photo
            orientacion = 1
    return (alto, ancho) if orientacion in (5, 6, 7, 8) else (ancho, alto)


def verificar_foto(ruta: Path) -> tuple[int, int]:
    """Like :func:`medir_foto`, but also decode the pixels to catch a truncated or bad file.

    JPEGs are decoded at 1/8 scale (``draft``): cheap, yet every byte is read.
    """
    ancho, alto = medir_foto(ruta)
    if ancho * alto > Image.MAX_IMAGE_PIXELS:
        raise FotoInvalida(
            "foto-demasiado-grande",
            f"«{ruta}» tiene {ancho} × {alto} píxeles, demasiados para abrirla con seguridad; "
            "redúzcala (p. ej. a 4000 píxeles de ancho)",
        )
    try:
        with Image.open(ruta) as imagen:
            imagen.draft("RGB", (max(1, imagen.width // 8), max(1, imagen.height // 8)))
            imagen.load()
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as e:
        raise FotoInvalida(
            "foto-danada", f"«{ruta}» está dañada o incompleta y no se puede leer ({e})"
        ) from None
    return ancho, alto


def procesar_foto(ruta: Path, ancho_px: int) -> FotoProcesada:
    """Decode, orient, flatten and shrink *ruta* to at most *ancho_px* wide (never larger)."""
    try:
        with _abrir(ruta) as imagen:
            imagen = ImageOps.exif_transpose(imagen)
            if imagen.width > ancho_px:
                alto_px = max(1, round(imagen.height * ancho_px / imagen.width))
                imagen = imagen.resize((ancho_px, alto_px), Image.Resampling.LANCZOS)
            transparente = imagen.mode in ("RGBA", "LA", "PA") or "transparency" in imagen.info
            if transparente:
                fondo = Image.new("RGB", imagen.size, "white")
                fondo.paste(imagen.convert("RGBA"), mask=imagen.convert("RGBA").getchannel("A"))
                imagen = fondo
            elif imagen.mode != "RGB":
                imagen = imagen.convert("RGB")
            salida = io.BytesIO()
            imagen.save(salida, "JPEG", quality=CALIDAD_JPEG, optimize=True)
            return FotoProcesada(salida.getvalue(), "jpeg", imagen.width, imagen.height)
    except FotoInvalida:
        raise
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as e:
        raise FotoInvalida(
            "foto-danada", f"«{ruta}» está dañada o incompleta y no se puede leer ({e})"
        ) from None


def hallazgo_de_foto(foto: Fotografia, error: FotoInvalida) -> Hallazgo:
    """The finding for a bad photo, pointing at its row of the ``Fotografias`` sheet."""
    if foto.fila is None:
        return Hallazgo(error.codigo, str(error), lugar="fotografía")
    return Hallazgo(
        error.codigo,
        str(error),
        hoja="Fotografias",
        fila=foto.fila,
        columna="archivo",
        valor=str(foto.archivo),
    )


def medir_fotos(fotos: list[Fotografia]) -> dict[Path, tuple[int, int]]:
    """Size of every distinct photo; raises :class:`ErrorDeDatos` naming every bad one."""
    medidas: dict[Path, tuple[int, int]] = {}
    hallazgos = []
    for foto in fotos:
        if foto.archivo in medidas:
            continue
        try:
            medidas[foto.archivo] = medir_foto(foto.archivo)
        except FotoInvalida as e:
            hallazgos.append(hallazgo_de_foto(foto, e))
    if hallazgos:
        raise ErrorDeDatos(hallazgos)
    return medidas


def procesar_fotos(pedidos: dict[Path, int], fotos: list[Fotografia]) -> dict[Path, FotoProcesada]:
    """Process each distinct file once at the largest width it is shown at.

    *pedidos* maps a file to its target width in pixels; *fotos* is used to
    name the workbook row of a photo that fails.
    """
    procesadas: dict[Path, FotoProcesada] = {}
    hallazgos = []
    for ruta, ancho_px in pedidos.items():
        try:
            procesadas[ruta] = procesar_foto(ruta, ancho_px)
        except FotoInvalida as e:
            foto = next(f for f in fotos if f.archivo == ruta)
            hallazgos.append(hallazgo_de_foto(foto, e))
    if hallazgos:
        raise ErrorDeDatos(hallazgos)
    return procesadas


def pixeles_para(ancho_emu: int, dpi: int = DPI_PREDETERMINADO) -> int:
    """Pixels needed to show *ancho_emu* wide at *dpi*."""
    return max(1, round(ancho_emu / EMU_POR_PULGADA * dpi))
