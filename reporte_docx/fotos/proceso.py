"""Photos: from whatever a phone produced to a small, upright image for Word.

Word ignores EXIF orientation and embeds whatever it is given, so every photo
goes through Pillow here: orientation applied, converted to RGB (sRGB when the
photo carries a colour profile), downscaled to the size it is shown at and
re-encoded. The layout (:mod:`reporte_docx.documento.galeria`) decides that size; this
module only measures and processes.

Processing is the slow part of a report, so it runs on every core (each worker
returns encoded bytes only: never more than one decoded photo per process) and
its results are kept in a cache keyed by the file's content and target size, so
regenerating after a text edit costs almost nothing.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import math
import multiprocessing
import os
import stat
import tempfile
import warnings
from collections.abc import Callable, Generator
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from reporte_docx.errores import ErrorDeDatos, Hallazgo
from reporte_docx.modelo import Fotografia

EMU_POR_PULGADA = 914400
DPI_PREDETERMINADO = 200
#: Below 50 dpi photos blur on paper; above 600 they only weigh.
DPI_MINIMO, DPI_MAXIMO = 50, 600
CALIDAD_JPEG = 85
#: Fewer photos than this are processed in this process: starting workers costs more.
MINIMO_PARALELO = 4
#: Changes whenever the processing changes, so that old cache entries are not reused.
VERSION_PROCESO = "1"
VARIABLE_CACHE = "REPORTE_DOCX_CACHE"

#: Called as ``progreso(hechas, total)`` while photos are processed.
Progreso = Callable[[int, int], None]

try:  # HEIC/HEIF from iPhones
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a dependency
    pass

_FORMATOS_CON_PERDIDA = {"JPEG", "MPO", "HEIF", "AVIF"}
_SRGB = ImageCms.createProfile("sRGB")
LANCZOS = Image.Resampling.LANCZOS


class FotoInvalida(Exception):
    """A photo that cannot be used; its text says why, in Spanish."""

    def __init__(self, codigo: str, mensaje: str):
        self.codigo = codigo
        super().__init__(mensaje)

    def __reduce__(self):  # crosses process boundaries (the default needs one argument)
        return (FotoInvalida, (self.codigo, str(self)))


@dataclass(frozen=True)
class FotoProcesada:
    """A photo ready to embed: its bytes and pixel size (already upright)."""

    datos: bytes
    extension: str  # "jpeg" or "png"
    ancho_px: int
    alto_px: int


def _exigir_archivo_regular(ruta: Path) -> os.stat_result:
    """Refuse anything but a regular file *before* opening it: a FIFO would block forever."""
    try:
        estado = os.stat(ruta)  # follows symlinks: a link to a photo is fine
    except FileNotFoundError:
        raise FotoInvalida("foto-no-existe", f"no se encontró el archivo «{ruta}»") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise FotoInvalida(
                "foto-no-es-archivo",
                f"«{ruta}» es un enlace simbólico que apunta a sí mismo (un ciclo); "
                "indique el archivo de la foto",
            ) from None
        raise FotoInvalida("foto-ilegible", f"no se pudo leer «{ruta}»: {e.strerror}") from None
    modo = estado.st_mode
    if stat.S_ISREG(modo):
        return estado
    if stat.S_ISDIR(modo):
        que = "es una carpeta"
    elif stat.S_ISFIFO(modo):
        que = "es una tubería (FIFO)"
    elif stat.S_ISCHR(modo) or stat.S_ISBLK(modo):
        que = "es un dispositivo"
    else:
        que = "no es un archivo normal"
    raise FotoInvalida(
        "foto-no-es-archivo", f"«{ruta}» {que}, no un archivo de imagen (JPEG, PNG, HEIC…)"
    )


def _abrir(fuente: Path | io.BytesIO, ruta: Path) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # between 1x and 2x Pillow's limit it only warns (in English): big phone photos
            # are normal; beyond 2x it raises, handled below
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(fuente)
    except UnidentifiedImageError:
        raise FotoInvalida(
            "foto-no-es-imagen",
            f"«{ruta}» no es una imagen o su formato no se reconoce "
            "(use JPEG, PNG, HEIC, GIF, BMP, TIFF o WebP)",
        ) from None
    except Image.DecompressionBombError:
        raise FotoInvalida(
            "foto-demasiado-grande",
            f"«{ruta}» tiene demasiados píxeles para abrirla con seguridad; "
            "redúzcala (por ejemplo a 4000 píxeles de ancho) y vuelva a intentarlo",
        ) from None
    except OSError as e:
        raise FotoInvalida("foto-ilegible", f"no se pudo leer «{ruta}»: {e}") from None


def _orientacion(imagen: Image.Image) -> int:
    try:
        return int(imagen.getexif().get(0x0112, 1))
    except Exception:  # a broken EXIF block must not lose the photo
        return 1


def medir_foto(ruta: Path) -> tuple[int, int]:
    """Width and height in pixels as the photo is meant to be seen (EXIF rotation applied).

    Reads the header only; the pixels are not decoded. Raises :class:`FotoInvalida`.
    """
    _exigir_archivo_regular(ruta)
    with _abrir(ruta, ruta) as imagen:
        ancho, alto = imagen.size
        orientacion = _orientacion(imagen)
    return (alto, ancho) if orientacion in (5, 6, 7, 8) else (ancho, alto)


def verificar_foto(ruta: Path, decodificar: bool = True) -> tuple[int, int]:
    """Like :func:`medir_foto`, refusing a photo too large to decode safely.

    With *decodificar* the pixels are decoded too, to catch a truncated or bad
    file: JPEGs at 1/8 scale (``draft``), cheap, yet every byte is read.
    """
    ancho, alto = medir_foto(ruta)
    if ancho * alto > Image.MAX_IMAGE_PIXELS:
        raise FotoInvalida(
            "foto-demasiado-grande",
            f"«{ruta}» tiene {ancho} × {alto} píxeles, demasiados para abrirla con seguridad; "
            "redúzcala (por ejemplo a 4000 píxeles de ancho) y vuelva a intentarlo",
        )
    if not decodificar:
        return ancho, alto
    try:
        with Image.open(ruta) as imagen:
            imagen.draft("RGB", (max(1, imagen.width // 8), max(1, imagen.height // 8)))
            imagen.load()
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as e:
        raise FotoInvalida(
            "foto-danada", f"«{ruta}» está dañada o incompleta y no se puede leer ({e})"
        ) from None
    return ancho, alto


def _modo_redimensionable(imagen: Image.Image) -> Image.Image:
    """A mode Pillow resizes smoothly: 8 bits per channel, no palette.

    16/32-bit grayscale is scaled to 8 bits (a plain conversion would clip to white).
    """
    if imagen.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        maximo = 65535 if imagen.mode.startswith("I;16") else (imagen.getextrema()[1] or 1)
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
            return ImageCms.profileToProfile(
                imagen, ImageCms.ImageCmsProfile(io.BytesIO(perfil)), _SRGB, outputMode="RGB"
            )
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


def _procesar_datos(datos: bytes, ruta: Path, ancho_px: int, dpi: int) -> FotoProcesada:
    with _abrir(io.BytesIO(datos), ruta) as imagen:
        formato = imagen.format
        perfil = imagen.info.get("icc_profile")
        orientacion = _orientacion(imagen)
        girada = orientacion in (5, 6, 7, 8)
        ancho_visto, alto_visto = imagen.size[::-1] if girada else imagen.size
        escala = min(1.0, ancho_px / ancho_visto)  # never upscaled
        destino = (max(1, round(ancho_visto * escala)), max(1, round(alto_visto * escala)))
        guardado = destino[::-1] if girada else destino  # the size before rotation
        tamano_original = imagen.size
        if formato == "JPEG" and escala < 1:
            # decode at 1/2, 1/4 or 1/8 scale directly from the DCT: several times faster
            imagen.draft(imagen.mode, guardado)
        imagen.load()
        imagen = _modo_redimensionable(imagen)
        if imagen.size != guardado:
            # after a DCT downscale at most 2x remains: Hamming is as good there and twice as
            # fast as Lanczos, which stays for the rest (screenshots: sharp text matters)
            filtro = Image.Resampling.HAMMING if imagen.size != tamano_original else LANCZOS
            imagen = imagen.resize(guardado, filtro, reducing_gap=3.0)
        if orientacion != 1:
            imagen = ImageOps.exif_transpose(imagen)  # on the small image: cheap
        imagen = _a_srgb(imagen, perfil)
        jpeg = _codificar(_sobre_blanco(imagen), "JPEG", dpi)
        if formato in _FORMATOS_CON_PERDIDA:
            return FotoProcesada(jpeg, "jpeg", *imagen.size)
        # screenshots and line art: PNG is sharper, and kept when it is also smaller
        png = _codificar(imagen, "PNG", dpi)
        if len(png) <= len(jpeg):
            return FotoProcesada(png, "png", *imagen.size)
        return FotoProcesada(jpeg, "jpeg", *imagen.size)


def carpeta_cache() -> Path | None:
    """Where processed photos are kept: ``$REPORTE_DOCX_CACHE``, else the user's cache folder.

    An empty ``REPORTE_DOCX_CACHE`` turns the cache off. The folder is safe to delete.
    """
    propia = os.environ.get(VARIABLE_CACHE)
    if propia is not None:
        return Path(propia).expanduser() if propia.strip() else None
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base:
        return Path(base) / "reporte-docx"
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "reporte-docx" / "cache"
    return Path.home() / ".cache" / "reporte-docx"


def _clave(huella: str, ancho_px: int, dpi: int) -> str:
    """Cache key: the file's content (its SHA-256) and everything that shapes the result."""
    return hashlib.sha256(
        f"{huella}|{ancho_px}|{dpi}|{CALIDAD_JPEG}|{VERSION_PROCESO}".encode()
    ).hexdigest()


def _memo_de_huella(cache: Path, ruta: Path, estado: os.stat_result) -> Path:
    """Where the content hash of *ruta* is remembered while its size and mtime stay the same.

    A warm run then reads a few bytes per photo instead of every photo whole.
    """
    firma = (
        f"{ruta.resolve()}|{estado.st_dev}|{estado.st_ino}|{estado.st_size}|{estado.st_mtime_ns}"
    )
    nombre = hashlib.sha256(firma.encode()).hexdigest()
    return cache / "huellas" / nombre[:2] / nombre


def _de_cache(cache: Path, clave: str) -> FotoProcesada | None:
    """The cached result, or None when absent or damaged (then it is simply redone)."""
    for extension, final in (("jpeg", b"\xff\xd9"), ("png", b"IEND\xaeB`\x82")):
        try:
            datos = (cache / clave[:2] / f"{clave}.{extension}").read_bytes()
        except OSError:
            continue
        if not datos.endswith(final):
            continue
        try:
            with Image.open(io.BytesIO(datos)) as imagen:
                return FotoProcesada(datos, extension, *imagen.size)
        except (OSError, ValueError, SyntaxError):
            continue
    return None


def _escribir_en_cache(destino: Path, datos: bytes) -> None:
    """Store atomically (temporary file, then rename); a cache that cannot be written is skipped."""
    try:
        destino.parent.mkdir(parents=True, exist_ok=True)
        fd, temporal = tempfile.mkstemp(dir=destino.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(datos)
            os.replace(temporal, destino)
        except BaseException:
            Path(temporal).unlink(missing_ok=True)
            raise
    except OSError:
        pass


def procesar_foto(
    ruta: Path, ancho_px: int, dpi: int = DPI_PREDETERMINADO, cache: Path | None = None
) -> FotoProcesada:
    """Decode, orient, flatten and shrink *ruta* to at most *ancho_px* wide (never larger).

    With *cache*, a result already computed for the same content and size is reused.
    """
    estado = _exigir_archivo_regular(ruta)
    if cache:
        memo = _memo_de_huella(cache, ruta, estado)
        try:
            huella = memo.read_text("ascii")
        except (OSError, ValueError):
            huella = ""
        if len(huella) == 64 and (guardada := _de_cache(cache, _clave(huella, ancho_px, dpi))):
            return guardada
    try:
        datos = ruta.read_bytes()
    except OSError as e:
        raise FotoInvalida("foto-ilegible", f"no se pudo leer «{ruta}»: {e.strerror}") from None
    if cache:
        huella = hashlib.sha256(datos).hexdigest()
        _escribir_en_cache(memo, huella.encode("ascii"))
        clave = _clave(huella, ancho_px, dpi)
        if guardada := _de_cache(cache, clave):  # same content under another name or date
            return guardada
    try:
        foto = _procesar_datos(datos, ruta, ancho_px, dpi)
    except FotoInvalida:
        raise
    except MemoryError:
        raise FotoInvalida(
            "foto-demasiado-grande", f"«{ruta}» es demasiado grande para procesarla"
        ) from None
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as e:
        raise FotoInvalida(
            "foto-danada", f"«{ruta}» está dañada o incompleta y no se puede leer ({e})"
        ) from None
    if cache:
        _escribir_en_cache(cache / clave[:2] / f"{clave}.{foto.extension}", foto.datos)
    return foto


def hallazgo_de_foto(foto: Fotografia, error: FotoInvalida) -> Hallazgo:
    """The finding for a bad photo, pointing at the sheet, row and column it came from.

    Where is carried by the photo itself (the workbook reader fills it from the
    workbook contract), so this module names no sheet of its own.
    """
    if foto.fila is None:
        return Hallazgo(error.codigo, str(error), lugar="fotografía", valor=str(foto.archivo))
    return Hallazgo(
        error.codigo,
        str(error),
        hoja=foto.hoja,
        fila=foto.fila,
        columna=foto.columna,
        valor=str(foto.archivo),
    )


def medir_fotos(
    fotos: list[Fotografia], hallazgos: list[Hallazgo] | None = None
) -> dict[Path, tuple[int, int]]:
    """Size of every distinct photo that can be read.

    Raises :class:`ErrorDeDatos` naming every bad one, or, when a *hallazgos*
    list is given, adds them there and returns the sizes of the good ones.
    """
    medidas: dict[Path, tuple[int, int]] = {}
    malas: set[Path] = set()
    propios: list[Hallazgo] = []
    for foto in fotos:
        if foto.archivo in medidas or foto.archivo in malas:
            continue
        try:
            medidas[foto.archivo] = medir_foto(foto.archivo)
        except FotoInvalida as e:
            malas.add(foto.archivo)
            propios.append(hallazgo_de_foto(foto, e))
    if hallazgos is not None:
        hallazgos.extend(propios)
    elif propios:
        raise ErrorDeDatos(propios)
    return medidas


def nucleos() -> int:
    """Cores this process may use (respects CPU affinity, as in containers)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _contexto_procesos():
    # fork starts a worker in milliseconds; spawn would re-import everything
    metodos = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in metodos else None)


Resultados = Generator[tuple[Path, "FotoProcesada | FotoInvalida"], None, None]


def _en_grupo(
    grupo: Executor, pedidos: dict[Path, int], dpi: int, cache: Path | None
) -> Resultados:
    """Each photo processed in *grupo*, as it is done; the ones not started are cancelled on close."""
    futuros = {
        grupo.submit(procesar_foto, ruta, ancho, dpi, cache): ruta
        for ruta, ancho in pedidos.items()
    }
    try:
        for futuro in as_completed(futuros):
            try:
                yield futuros[futuro], futuro.result()
            except FotoInvalida as e:
                yield futuros[futuro], e
    finally:
        for pendiente in futuros:
            pendiente.cancel()


def _en_serie(pedidos: dict[Path, int], dpi: int, cache: Path | None) -> Resultados:
    for ruta, ancho in pedidos.items():
        try:
            yield ruta, procesar_foto(ruta, ancho, dpi, cache)
        except FotoInvalida as e:
            yield ruta, e


def procesar_fotos(
    pedidos: dict[Path, int],
    fotos: list[Fotografia],
    *,
    dpi: int = DPI_PREDETERMINADO,
    progreso: Progreso | None = None,
    procesos: int | None = None,
    cache: Path | None | bool = True,
    ejecutor: Executor | None = None,
) -> dict[Path, FotoProcesada]:
    """Process each distinct file once at the largest width it is shown at.

    *pedidos* maps a file to its target width in pixels; *fotos* is used to
    name the workbook row of a photo that fails. Work is spread over
    *procesos* processes (all cores by default), or given to *ejecutor*, a pool
    the caller owns (shared by a batch of reports). ``cache=True`` uses
    :func:`carpeta_cache`; ``None``/``False`` disables it.
    """
    if cache is True:
        cache = carpeta_cache()
    cache = cache or None
    procesos = procesos or nucleos()
    procesadas: dict[Path, FotoProcesada] = {}
    errores: dict[Path, FotoInvalida] = {}
    total = len(pedidos)
    if progreso:
        progreso(0, total)
    with contextlib.ExitStack() as pila:
        if ejecutor is not None or (procesos > 1 and total >= MINIMO_PARALELO):
            grupo = ejecutor or pila.enter_context(
                ProcessPoolExecutor(min(procesos, total), mp_context=_contexto_procesos())
            )
            resultados = _en_grupo(grupo, pedidos, dpi, cache)
        else:
            resultados = _en_serie(pedidos, dpi, cache)
        # closed before the pool: a progress callback that raises (a cancel) drops at once
        # the photos not started, instead of waiting for them
        pila.enter_context(contextlib.closing(resultados))
        for hechas, (ruta, resultado) in enumerate(resultados, start=1):
            if isinstance(resultado, FotoInvalida):
                errores[ruta] = resultado
            else:
                procesadas[ruta] = resultado
            if progreso:
                progreso(hechas, total)
    if errores:
        primera = {}
        for f in fotos:
            primera.setdefault(f.archivo, f)
        raise ErrorDeDatos(
            [hallazgo_de_foto(primera[ruta], errores[ruta]) for ruta in pedidos if ruta in errores]
        )
    return procesadas


def pixeles_para(ancho_emu: int, dpi: int = DPI_PREDETERMINADO) -> int:
    """Pixels needed to show *ancho_emu* wide at *dpi* (rounded down: never above *dpi*)."""
    return max(1, math.floor(ancho_emu / EMU_POR_PULGADA * dpi))
