"""Receiving an upload straight into the job's folder, within the limits.

The multipart body is parsed as it arrives (python-multipart's streaming
parser) and each file is written where the job will read it: the workbook and
its photos side by side in ``libro/``, so that the paths the workbook names
(``fotos/envio.jpg``) resolve as they do on the user's computer. Nothing is
held in memory and nothing is spooled elsewhere first; the request is cut off
as soon as it passes a limit. Names come from the client: each one goes
through :func:`~reporte_docx.web.zipseguro.ruta_segura` and is decoded from
the percent-encoding the page uses (a photo's path inside its folder).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote

import anyio
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from reporte_docx import api
from reporte_docx.errores import ErrorDeDatos
from reporte_docx.web.configuracion import Limites
from reporte_docx.web.nombres import NombreRechazado, ruta_segura

#: Text fields (the form token) are tiny; anything longer is not from the page.
_MAXIMO_TEXTO = 4096
_MAXIMO_CAMPOS = 20
#: Parsed in a worker thread in batches this large: file writes stay off the event loop.
_LOTE = 1024 * 1024
EXTENSIONES_LIBRO = (".xlsx", ".xlsm")


class SubidaRechazada(Exception):
    """The upload is refused as a whole; *estado* is the HTTP status, the message Spanish."""

    def __init__(self, mensaje: str, estado: int = 400):
        super().__init__(mensaje)
        self.estado = estado


@dataclass
class Subida:
    """What one upload brought, already on disk inside the job's folder."""

    carpeta: Path
    campos: dict[str, str] = field(default_factory=dict)
    libro: Path | None = None
    zip: Path | None = None
    #: The .zip's own name, as the user knows it.
    nombre_zip: str = ""
    plantilla: Path | None = None
    #: A report edited in Word, whose corrections go back to the workbook (``/incorporar``).
    editado: Path | None = None
    fotos: list[Path] = field(default_factory=list)

    @property
    def carpeta_libro(self) -> Path:
        """Where the workbook and its photos sit together."""
        return self.carpeta / "libro"


@dataclass
class _Parte:
    campo: str = ""
    nombre: str | None = None
    texto: bytearray = field(default_factory=bytearray)
    archivo: BinaryIO | None = None


class _Receptor:
    """The callbacks of the streaming parser: one part at a time, written as it comes."""

    def __init__(
        self, subida: Subida, limites: Limites, token: Callable[[str | None], bool] | None
    ):
        self.subida = subida
        self.limites = limites
        #: Checks the form's token field before the first file is written (None: checked
        #: already, from the request's header).
        self.token = token
        self.parte = _Parte()
        self.cabecera = b""
        self.valor = b""
        self.disposicion = b""
        self.archivos = 0

    def on_part_begin(self) -> None:
        self.parte = _Parte()
        self.disposicion = b""

    def on_header_field(self, datos: bytes, inicio: int, fin: int) -> None:
        self.cabecera += datos[inicio:fin]

    def on_header_value(self, datos: bytes, inicio: int, fin: int) -> None:
        self.valor += datos[inicio:fin]

    def on_header_end(self) -> None:
        if self.cabecera.lower() == b"content-disposition":
            self.disposicion = self.valor
        self.cabecera = self.valor = b""

    def on_headers_finished(self) -> None:
        _, opciones = parse_options_header(self.disposicion)
        self.parte.campo = opciones.get(b"name", b"").decode("latin-1")
        if b"filename" in opciones:
            # the page percent-encodes the path of each photo inside its folder
            nombre = unquote(opciones[b"filename"].decode("utf-8", errors="replace"))
            self.parte.nombre = nombre
            if nombre:  # an empty file input sends a part with no name: nothing chosen
                self.parte.archivo = self._abrir(self.parte.campo, nombre)
        elif len(self.subida.campos) >= _MAXIMO_CAMPOS:
            raise SubidaRechazada("el formulario trae demasiados campos")

    def on_part_data(self, datos: bytes, inicio: int, fin: int) -> None:
        if self.parte.archivo is not None:
            self.parte.archivo.write(datos[inicio:fin])
        elif self.parte.nombre is None:
            self.parte.texto += datos[inicio:fin]
            if len(self.parte.texto) > _MAXIMO_TEXTO:
                raise SubidaRechazada("un campo del formulario es demasiado largo")

    def on_part_end(self) -> None:
        if self.parte.archivo is not None:
            self.parte.archivo.close()
        elif self.parte.nombre is None:
            self.subida.campos[self.parte.campo] = self.parte.texto.decode(errors="replace")

    def exigir_token(self) -> None:
        """Refuse the upload unless the form's token is right (once, before any file)."""
        if self.token is not None:
            if not self.token(self.subida.campos.get("token")):
                raise SubidaRechazada(
                    "falta el código del formulario o no es válido; recargue la página", 403
                )
            self.token = None

    def _abrir(self, campo: str, nombre: str) -> BinaryIO:
        """Open the file this part becomes, by field: workbook, .zip, template or photo."""
        self.exigir_token()
        self.archivos += 1
        if self.archivos > self.limites.archivos:
            raise SubidaRechazada(
                f"demasiados archivos en una sola subida (el máximo es {self.limites.archivos})",
                413,
            )
        destino = self._destino(campo, nombre)
        destino.parent.mkdir(parents=True, exist_ok=True)
        try:
            return open(destino, "xb")
        except FileExistsError:
            raise SubidaRechazada(f"el archivo «{nombre}» se subió dos veces") from None

    def _destino(self, campo: str, nombre: str) -> Path:
        s = self.subida
        try:
            relativa = ruta_segura(nombre)
        except NombreRechazado as e:
            raise SubidaRechazada(str(e)) from None
        base = relativa.name
        if campo == "libro" and base.lower().endswith(".zip"):
            s.zip, s.nombre_zip = s.carpeta / "subida.zip", base
            return s.zip
        if campo == "libro":
            s.libro = s.carpeta_libro / base
            return s.libro
        if campo == "plantilla":
            if not base.lower().endswith(".docx"):
                raise SubidaRechazada(f"la plantilla «{base}» debe ser un documento .docx")
            s.plantilla = s.carpeta / "plantilla" / base
            return s.plantilla
        if campo == "editado":
            if not base.lower().endswith(".docx"):
                raise SubidaRechazada(f"el reporte corregido «{base}» debe ser un documento .docx")
            s.editado = s.carpeta / "editado" / base
            return s.editado
        if campo == "fotos":
            ruta = s.carpeta_libro.joinpath(*relativa.parts)
            s.fotos.append(ruta)
            return ruta
        raise SubidaRechazada(f"campo de archivo desconocido «{campo}»")


async def _en_lotes(flujo: AsyncIterator[bytes], maximo: int) -> AsyncIterator[bytes]:
    """The body in batches of about :data:`_LOTE`, cut off past *maximo* bytes."""
    recibidos = 0
    lote = bytearray()
    async for trozo in flujo:
        recibidos += len(trozo)
        if recibidos > maximo:
            raise SubidaRechazada(_demasiado_grande(maximo), 413)
        lote += trozo
        if len(lote) >= _LOTE:
            yield bytes(lote)
            lote.clear()
    if lote:
        yield bytes(lote)


def _demasiado_grande(maximo: int) -> str:
    return (
        f"los archivos elegidos pasan de {maximo // 1024 // 1024} MB, el máximo que acepta "
        "este servidor; reduzca el tamaño de las fotos antes de subirlas"
    )


async def recibir(
    cabeceras: dict[str, str],
    flujo: AsyncIterator[bytes],
    carpeta: Path,
    limites: Limites,
    token: Callable[[str | None], bool] | None = None,
) -> Subida:
    """Parse the multipart body *flujo* into *carpeta*; raises :class:`SubidaRechazada`.

    *token* checks the form's ``token`` field (it must come before the files);
    None when the request's header was already checked.
    """
    tipo, opciones = parse_options_header(cabeceras.get("content-type", ""))
    if tipo != b"multipart/form-data" or b"boundary" not in opciones:
        raise SubidaRechazada("se esperaba un formulario con archivos (multipart/form-data)")
    largo = cabeceras.get("content-length", "")
    if largo.isdigit() and int(largo) > limites.peticion:
        raise SubidaRechazada(_demasiado_grande(limites.peticion), 413)
    subida = Subida(carpeta)
    receptor = _Receptor(subida, limites, token)
    try:
        # inside the try: python-multipart refuses an overlong boundary right here
        analizador = MultipartParser(
            opciones[b"boundary"],
            {  # type: ignore[arg-type]  # the TypedDict is only defined while type checking
                nombre: getattr(receptor, nombre)
                for nombre in (
                    "on_part_begin",
                    "on_part_data",
                    "on_part_end",
                    "on_header_field",
                    "on_header_value",
                    "on_header_end",
                    "on_headers_finished",
                )
            },
        )
        async for lote in _en_lotes(flujo, limites.peticion):
            await anyio.to_thread.run_sync(analizador.write, lote)
        analizador.finalize()
        receptor.exigir_token()
    except FormParserError:  # MultipartParseError included: a damaged or hand-made body
        raise SubidaRechazada(
            "el formulario llegó incompleto o dañado; vuelva a enviarlo"
        ) from None
    finally:
        if receptor.parte.archivo is not None:
            receptor.parte.archivo.close()
    return subida


def preparar_libro(subida: Subida, limites: Limites) -> Path:
    """The workbook to read: the one uploaded, or the only one inside the .zip or the folder.

    A .zip is unpacked by the library's safe unpacker (zip slip, links, bombs,
    sizes). Raises :class:`SubidaRechazada` for a .zip it refuses, or when there
    is no workbook, or more than one to choose from.
    """
    if subida.zip is not None:
        try:
            en_zip = api.extraer_zip(
                subida.zip,
                subida.carpeta_libro,
                limite_bytes=limites.descomprimido,
                limite_archivos=limites.entradas_zip,
            )
        except ErrorDeDatos as e:
            # a colon: some messages begin with the entry's name («a.jpg» está cifrado…)
            raise SubidaRechazada(f"«{subida.nombre_zip}»: {e.hallazgos[0].mensaje}") from None
        finally:
            subida.zip.unlink()
        return en_zip.libro
    if subida.libro is not None:
        return subida.libro
    libros = [
        p
        for p in subida.fotos
        if p.suffix.lower() in EXTENSIONES_LIBRO and not p.name.startswith("~$")
    ]
    if not libros:
        raise SubidaRechazada(
            "no llegó ningún libro de Excel (.xlsx): elija el libro, o un .zip que lo contenga"
        )
    if len(libros) > 1:
        nombres = ", ".join(f"«{p.relative_to(subida.carpeta_libro)}»" for p in libros[:5])
        raise SubidaRechazada(f"llegaron varios libros ({nombres}); suba uno solo con sus fotos")
    return libros[0]
