"""Processing a photo: from whatever a phone produced to a small, upright image for Word.

Word ignores EXIF orientation and embeds whatever it is given, so every photo
goes through Pillow here: orientation applied, converted to RGB (sRGB when the
photo carries a colour profile), downscaled to the size it is shown at and
re-encoded. The layout (:mod:`reporte_docx.documento.galeria`) decides that
size; checking a photo is :mod:`~reporte_docx.fotos.revision`'s, spreading the
work over processes :mod:`~reporte_docx.fotos.paralelo`'s, and remembering
results :mod:`~reporte_docx.fotos.cache`'s.
"""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps

from reporte_docx.fotos import origen as origenes
from reporte_docx.fotos.apertura import (
    ERRORES_DE_DECODIFICACION,
    FotoInvalida,
    abrir,
    exigir_archivo_regular,
    foto_danada,
    orientacion,
)
from reporte_docx.fotos.cache import Cache, clave
from reporte_docx.fotos.origen import Origen

# the limits are the API's (one light module); named here for the photo code that uses them
from reporte_docx.opciones import DPI_MAXIMO as DPI_MAXIMO
from reporte_docx.opciones import DPI_MINIMO as DPI_MINIMO
from reporte_docx.opciones import DPI_PREDETERMINADO as DPI_PREDETERMINADO

EMU_POR_PULGADA = 914400
CALIDAD_JPEG = 85
#: Changes whenever the processing changes, so that old cache entries are not reused.
VERSION_PROCESO = "1"

#: Called as ``progreso(hechas, total)`` while photos are processed.
Progreso = Callable[[int, int], None]

_FORMATOS_CON_PERDIDA = {"JPEG", "MPO", "HEIF", "AVIF"}
_SRGB = ImageCms.createProfile("sRGB")
LANCZOS = Image.Resampling.LANCZOS
_GRISES_ANCHOS = ("I;16", "I;16L", "I;16B", "I;16N", "I")


@dataclass(frozen=True)
class FotoProcesada:
    """A photo ready to embed: its bytes and pixel size (already upright)."""

    datos: bytes
    extension: str  # "jpeg" or "png"
    ancho_px: int
    alto_px: int


def _modo_redimensionable(imagen: Image.Image) -> Image.Image:
    """A mode Pillow resizes smoothly: 8 bits per channel, no palette.

    16/32-bit grayscale is scaled to 8 bits (a plain conversion would clip to white).
    """
    if imagen.mode in _GRISES_ANCHOS:
        extremos = imagen.getextrema()
        alto = extremos[1] if isinstance(extremos[1], (int, float)) else 1
        maximo = 65535 if imagen.mode.startswith("I;16") else (alto or 1)
        return imagen.convert("I").point(lambda v: v * (255 / maximo)).convert("L")
    if imagen.mode in ("F", "1"):
        return imagen.convert("L")
    if imagen.mode in ("P", "PA"):
        transparente = imagen.mode == "PA" or "transparency" in imagen.info
        return imagen.convert("RGBA" if transparente else "RGB")
    return imagen


def _a_srgb(imagen: Image.Image, perfil: bytes | None) -> Image.Image:
    """RGB (or RGBA) in sRGB: CMYK and wide-gamut photos keep their colours."""
    if perfil and imagen.mode in ("RGB", "CMYK"):
        try:
            convertida = ImageCms.profileToProfile(
                imagen, ImageCms.ImageCmsProfile(io.BytesIO(perfil)), _SRGB, outputMode="RGB"
            )
            if convertida is not None:
                return convertida
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the plain conversion below is close enough
    if imagen.mode in ("RGBA", "RGB"):
        return imagen
    if imagen.mode in ("LA", "PA") or "transparency" in imagen.info:
        return imagen.convert("RGBA")
    return imagen.convert("RGB")


def _sobre_blanco(imagen: Image.Image) -> Image.Image:
    if imagen.mode != "RGBA":
        return imagen
    fondo = Image.new("RGB", imagen.size, "white")
    fondo.paste(imagen, mask=imagen.getchannel("A"))
    return fondo


def _codificar(imagen: Image.Image, formato: str, dpi: int) -> bytes:
    salida = io.BytesIO()
    if formato == "JPEG":
        imagen.save(salida, "JPEG", quality=CALIDAD_JPEG, optimize=True, dpi=(dpi, dpi))
    else:
        imagen.save(salida, "PNG", optimize=False, compress_level=6, dpi=(dpi, dpi))
    return salida.getvalue()


def _reducida(imagen: Image.Image, ancho_px: int) -> Image.Image:
    """Decoded, upright, 8-bit and at most *ancho_px* wide as seen (never upscaled).

    A JPEG is decoded at 1/2, 1/4 or 1/8 scale directly from the DCT (``draft``):
    several times faster, and a 200-megapixel photo never exists whole in memory.
    """
    giro = orientacion(imagen)
    girada = giro in (5, 6, 7, 8)
    ancho_visto, alto_visto = imagen.size[::-1] if girada else imagen.size
    escala = min(1.0, ancho_px / ancho_visto)
    destino = (max(1, round(ancho_visto * escala)), max(1, round(alto_visto * escala)))
    guardado = destino[::-1] if girada else destino  # the size before rotation
    tamano_original = imagen.size
    if imagen.format in ("JPEG", "MPO") and escala < 1:
        imagen.draft(imagen.mode, guardado)
    imagen.load()
    imagen = _modo_redimensionable(imagen)
    if imagen.size != guardado:
        # after a DCT downscale at most 2x remains: Hamming is as good there and twice as
        # fast as Lanczos, which stays for the rest (screenshots: sharp text matters)
        filtro = Image.Resampling.HAMMING if imagen.size != tamano_original else LANCZOS
        imagen = imagen.resize(guardado, filtro, reducing_gap=3.0)
    if giro != 1:
        imagen = ImageOps.exif_transpose(imagen)  # on the small image: cheap
    return imagen


def procesar_datos(datos: bytes, nombre: str, ancho_px: int, dpi: int) -> FotoProcesada:
    """The photo in *datos* ready to embed: upright, sRGB, *ancho_px* wide at most.

    Photos become JPEG; screenshots and line art stay PNG when that is smaller
    (and sharper). Raises :class:`~reporte_docx.fotos.apertura.FotoInvalida`.
    """
    with abrir(datos, nombre) as original:
        formato = original.format
        perfil = original.info.get("icc_profile")
        try:
            imagen = _a_srgb(_reducida(original, ancho_px), perfil)
        except ERRORES_DE_DECODIFICACION as e:
            raise foto_danada(nombre, e) from None
    jpeg = _codificar(_sobre_blanco(imagen), "JPEG", dpi)
    if formato in _FORMATOS_CON_PERDIDA:
        return FotoProcesada(jpeg, "jpeg", *imagen.size)
    png = _codificar(imagen, "PNG", dpi)
    if len(png) <= len(jpeg):
        return FotoProcesada(png, "png", *imagen.size)
    return FotoProcesada(jpeg, "jpeg", *imagen.size)


def _guardada(cache: Cache, clave_: str) -> FotoProcesada | None:
    """The cached result, or None when absent or damaged (then it is simply redone)."""
    encontrada = cache.buscar(clave_)
    if encontrada is None:
        return None
    datos, extension = encontrada
    try:
        with Image.open(io.BytesIO(datos), formats=[extension.upper()]) as imagen:
            return FotoProcesada(datos, extension, *imagen.size)
    except (OSError, ValueError, SyntaxError):
        return None


def procesar_foto(
    ruta: Origen,
    ancho_px: int,
    dpi: int = DPI_PREDETERMINADO,
    cache: Cache | None = None,
    nombre: str | None = None,
) -> FotoProcesada:
    """Decode, orient, flatten and shrink *ruta* to at most *ancho_px* wide (never larger).

    With *cache*, a result already computed for the same content and size is
    reused. *nombre* names the photo in messages (default: the file's name).
    *ruta* may be a picture pasted in a workbook (:mod:`~reporte_docx.fotos.origen`).
    """
    nombre = nombre or origenes.nombre_de(ruta)
    estado = exigir_archivo_regular(origenes.archivo_de(ruta), nombre)
    origen, ruta = ruta, origenes.ruta_de(ruta)  # ruta: the photo's name for the cache
    huella = cache.huella_recordada(ruta, estado) if cache else None
    if cache and huella and (guardada := _guardada(cache, _clave(huella, ancho_px, dpi))):
        return guardada
    try:
        datos = origenes.leer(origen)
    except OSError as e:
        raise FotoInvalida("foto-ilegible", f"no se pudo leer «{nombre}»", str(e)) from None
    if cache:
        huella = hashlib.sha256(datos).hexdigest()
        cache.recordar_huella(ruta, estado, huella)
        if guardada := _guardada(cache, _clave(huella, ancho_px, dpi)):
            return guardada  # same content under another name or date
    foto = procesar_datos(datos, nombre, ancho_px, dpi)
    if cache and huella:
        cache.guardar(_clave(huella, ancho_px, dpi), foto.extension, foto.datos)
    return foto


def _clave(huella: str, ancho_px: int, dpi: int) -> str:
    return clave(huella, ancho_px, dpi, CALIDAD_JPEG, VERSION_PROCESO)


def pixeles_para(ancho_emu: int, dpi: int = DPI_PREDETERMINADO) -> int:
    """Pixels needed to show *ancho_emu* wide at *dpi* (rounded down: never above *dpi*)."""
    return max(1, math.floor(ancho_emu / EMU_POR_PULGADA * dpi))
