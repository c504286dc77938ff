"""Opening a photo safely: a regular file, a known format, a size we can afford.

Everything that reads a photo goes through :func:`abrir`, so the checks are
made once and alike for measuring, checking and processing:

- the file is a regular, non-empty file *before* it is opened (a FIFO would
  block forever, ``/dev/zero`` never ends);
- only the formats phones, cameras and screenshots produce are tried (JPEG,
  PNG, HEIC/HEIF, AVIF, GIF, BMP, TIFF, WebP): Pillow's exotic plugins (EPS
  runs Ghostscript) never see a workbook's file;
- the decompression-bomb guard is ours, per format. Pillow's own guard is a
  process-wide setting (``Image.MAX_IMAGE_PIXELS``, which a program may even
  set to ``None``) that refuses 200-megapixel phone photos and warns about
  108-megapixel ones through :mod:`warnings`, which cannot be silenced
  thread-safely. A JPEG is only ever decoded at reduced scale (``draft``), so
  it may be far larger than a PNG or HEIC, which are decoded whole.

Pillow has no public "identify without the global guard" call, so the
format's opener is taken from Pillow's plugin registry (``Image.OPEN``, the
same table :func:`PIL.Image.open` walks) and our limit applied right after.
"""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import os
import stat
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import IO, NamedTuple

from PIL import Image, ImageFile

try:  # HEIF/HEIC from iPhones (and AVIF where Pillow lacks it)
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a dependency
    pass

registro = logging.getLogger(__name__)

#: The formats a photo may have, in the order they are tried.
FORMATOS = ("JPEG", "PNG", "HEIF", "AVIF", "GIF", "BMP", "TIFF", "WEBP")
#: JPEGs are decoded at 1/8 scale at most (``draft``): 400 MP decode as 6 MP.
PIXELES_MAXIMOS_JPEG = 400_000_000
#: Other formats are decoded whole (3-4 bytes per pixel): 130 MP is about 500 MB.
PIXELES_MAXIMOS = 130_000_000
#: How a format is named to a person.
NOMBRES_DE_FORMATO = "JPEG, PNG, HEIC, GIF, BMP, TIFF o WebP"
#: What Pillow raises for pixels it cannot decode (damaged, cut, or too much for memory).
ERRORES_DE_DECODIFICACION = (
    OSError,
    ValueError,
    SyntaxError,
    EOFError,
    MemoryError,
    struct.error,
    Image.DecompressionBombError,
)


class FotoInvalida(Exception):
    """A photo that cannot be used; its text says why, in Spanish, without any path.

    *detalle* keeps the technical reason (often Pillow's English) for the log
    and ``--depurar``; it is never shown to the person filling the workbook.
    """

    def __init__(self, codigo: str, mensaje: str, detalle: str = "") -> None:
        self.codigo = codigo
        self.detalle = detalle
        super().__init__(mensaje)

    def __reduce__(self) -> tuple[type[FotoInvalida], tuple[str, str, str]]:
        # crosses process boundaries (the default would pass only the message)
        return (FotoInvalida, (self.codigo, str(self), self.detalle))


class Medidas(NamedTuple):
    """Width and height in pixels as the photo is meant to be seen (EXIF rotation applied)."""

    ancho: int
    alto: int


def _que_es(modo: int) -> str:
    if stat.S_ISDIR(modo):
        return "es una carpeta"
    if stat.S_ISFIFO(modo):
        return "es una tubería (FIFO)"
    if stat.S_ISCHR(modo) or stat.S_ISBLK(modo):
        return "es un dispositivo"
    return "no es un archivo normal"


def exigir_archivo_regular(ruta: Path, nombre: str) -> os.stat_result:
    """Refuse anything but a regular, non-empty file *before* opening it.

    *nombre* is how the photo is named in messages (as the person wrote it):
    never the absolute path, which belongs to the machine, not to the workbook.
    """
    try:
        estado = os.stat(ruta)  # follows symlinks: a link to a photo is fine
    except FileNotFoundError:
        raise FotoInvalida("foto-no-existe", f"no se encontró el archivo «{nombre}»") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise FotoInvalida(
                "foto-no-es-archivo",
                f"«{nombre}» es un enlace simbólico que apunta a sí mismo (un ciclo); "
                "indique el archivo de la foto",
            ) from None
        raise FotoInvalida(
            "foto-ilegible", f"no se pudo leer «{nombre}» (¿sin permiso?)", str(e)
        ) from None
    if not stat.S_ISREG(estado.st_mode):
        raise FotoInvalida(
            "foto-no-es-archivo",
            f"«{nombre}» {_que_es(estado.st_mode)}, no un archivo de imagen ({NOMBRES_DE_FORMATO})",
        )
    if estado.st_size == 0:
        raise FotoInvalida(
            "foto-vacia",
            f"«{nombre}» está vacía (0 bytes): la copia no terminó o el archivo se dañó; "
            "vuelva a copiar la foto",
        )
    return estado


def _identificar(fp: IO[bytes], nombre: str) -> ImageFile.ImageFile | None:
    """The image in *fp* through the first of :data:`FORMATOS` whose opener accepts it.

    The same walk as :func:`PIL.Image.open` (prefix check, then the plugin's
    factory), without the process-wide pixel guard: ours follows. A file whose
    format is recognised but whose header cannot be read is a damaged photo.
    """
    Image.init()  # loads every plugin once; later calls return at once
    prefijo = fp.read(16)
    for formato in FORMATOS:
        if formato not in Image.OPEN:
            continue
        fabrica, acepta = Image.OPEN[formato]
        aceptado = not acepta or acepta(prefijo)
        if not aceptado or isinstance(aceptado, str):
            continue
        fp.seek(0)
        try:
            imagen = fabrica(fp, "")
        except (SyntaxError, IndexError, TypeError, struct.error) as e:
            registro.debug("el lector %s no pudo abrir la imagen: %s", formato, e)
            continue
        except Exception as e:  # only Pillow's header parser runs here
            # a JPEG (say) cut inside its header: whatever the plugin raises, the file is bad
            raise foto_danada(nombre, e) from None
        if isinstance(imagen, ImageFile.ImageFile):
            return imagen
    return None


def exigir_tamano_seguro(formato: str | None, ancho: int, alto: int, nombre: str) -> None:
    """The decompression-bomb guard: refuse what would take too much memory to decode."""
    maximo = PIXELES_MAXIMOS_JPEG if formato in ("JPEG", "MPO") else PIXELES_MAXIMOS
    if ancho * alto > maximo:
        raise FotoInvalida(
            "foto-demasiado-grande",
            f"«{nombre}» tiene {ancho} × {alto} píxeles ({ancho * alto / 1e6:.0f} megapíxeles), "
            f"más de los {maximo // 1_000_000} que se pueden abrir con seguridad en este formato; "
            "redúzcala (por ejemplo a 4000 píxeles de ancho) o guárdela como JPEG",
        )


#: ISO media brands of still images (HEIC, AVIF): any other ``ftyp`` file is a video.
_MARCAS_DE_IMAGEN = {
    b"heic",
    b"heix",
    b"hevc",
    b"hevx",
    b"heim",
    b"heis",
    b"mif1",
    b"msf1",
    b"avif",
    b"avis",
}


def _que_es_en_vez(prefijo: bytes) -> str:
    """What a file that is no photo is, said so the person knows what to do with it.

    A scanned PDF, a phone video or a Word document end up in the photo column
    too; «its format is not recognised» would not tell them what to do.
    """
    if prefijo.startswith(b"%PDF"):
        return (
            "es un PDF, no una imagen; ábralo y guarde la página como imagen (JPEG o PNG) "
            "o tome una captura de pantalla"
        )
    if prefijo[4:8] == b"ftyp" and prefijo[8:12] not in _MARCAS_DE_IMAGEN:
        return "es un video, no una foto; tome una captura del cuadro que quiere mostrar"
    if prefijo.startswith(b"PK\x03\x04"):
        return (
            "es un documento de Office (Word, Excel, PowerPoint) o un archivo comprimido, no "
            "una imagen; guarde la foto como archivo aparte (JPEG o PNG) y escriba su ruta"
        )
    return f"no es una imagen o su formato no se reconoce (use {NOMBRES_DE_FORMATO})"


@contextlib.contextmanager
def abrir(fuente: Path | bytes | IO[bytes], nombre: str) -> Iterator[ImageFile.ImageFile]:
    """The photo in *fuente* (a file, its bytes or an open stream), header read, pixels not yet
    decoded.

    Raises :class:`FotoInvalida` for a file that is not an image of a known
    format, or one too large to decode safely.
    """
    with contextlib.ExitStack() as pila:
        if isinstance(fuente, bytes):
            fp: IO[bytes] = io.BytesIO(fuente)
        elif not isinstance(fuente, Path):
            fp = fuente  # a seekable stream: a picture inside the workbook's zip
        else:
            try:
                fp = pila.enter_context(open(fuente, "rb"))
            except OSError as e:
                raise FotoInvalida(
                    "foto-ilegible", f"no se pudo leer «{nombre}» (¿sin permiso?)", str(e)
                ) from None
        imagen = _identificar(fp, nombre)
        if imagen is None:
            fp.seek(0)
            raise FotoInvalida("foto-no-es-imagen", f"«{nombre}» {_que_es_en_vez(fp.read(16))}")
        pila.enter_context(imagen)
        exigir_tamano_seguro(imagen.format, *imagen.size, nombre)
        yield imagen


def orientacion(imagen: Image.Image) -> int:
    """The EXIF orientation (1 = upright); a broken EXIF block counts as upright."""
    try:
        return int(imagen.getexif().get(0x0112, 1))
    except Exception:  # a broken EXIF block must not lose the photo
        return 1


def medidas_vistas(imagen: Image.Image) -> Medidas:
    """Size as seen: width and height swapped when EXIF says the photo lies on its side."""
    ancho, alto = imagen.size
    return Medidas(alto, ancho) if orientacion(imagen) in (5, 6, 7, 8) else Medidas(ancho, alto)


def motivo_de_dano(e: BaseException) -> str:
    """What a decoding error means, in Spanish (Pillow speaks English, and tersely)."""
    texto = str(e).lower()
    if "truncated" in texto or isinstance(e, EOFError):
        return "el archivo está cortado: la copia no terminó"
    if isinstance(e, MemoryError) or "out of memory" in texto:
        return "no hay memoria suficiente para abrirla"
    if "decoder" in texto and "not available" in texto:
        return "este equipo no puede leer ese formato de imagen"
    return "sus datos están dañados"


def foto_danada(nombre: str, e: BaseException) -> FotoInvalida:
    """The error for a photo whose pixels cannot be decoded; Pillow's words go to *detalle*."""
    registro.debug("no se pudo decodificar %s: %r", nombre, e)
    if isinstance(e, MemoryError):
        return FotoInvalida(
            "foto-demasiado-grande", f"«{nombre}» es demasiado grande para procesarla", repr(e)
        )
    return FotoInvalida(
        "foto-danada",
        f"«{nombre}» está dañada o incompleta y no se puede leer ({motivo_de_dano(e)}); "
        "vuelva a copiarla del teléfono o la cámara",
        f"{type(e).__name__}: {e}",
    )
