"""Finding the file a workbook's photo path means, the way the person who wrote it would.

A photo path is typed or pasted by someone on another computer, often on
Windows or a Mac, and read here, perhaps on a server. Written and found are
compared as that person's system would:

- surrounding spaces and quotes are dropped (Windows' «Copiar como ruta de
  acceso» pastes ``"C:\\…\\x.jpg"`` with its quotes);
- ``/`` and ``\\`` both separate folders; ``~`` is never expanded (``~foto.jpg``
  is a file name, and a server's home folder is nobody's business);
- each name is matched exactly first, then ignoring case (Windows does), Unicode
  composition (macOS writes ``é`` as ``e`` + accent: NFD) and the odd spaces
  Apple puts in screenshot names (U+202F before «a. m.»);
- a path that does not exist here, such as ``C:\\Users\\ana\\Desktop\\fotos\\x.jpg``
  from the computer where the workbook was filled, or a bare ``x.jpg`` kept in
  ``fotos/``, is looked up by its file name under the base folder: one match
  is used, with a warning that says which file; several, or none, is an error.

With a *root* (``carpeta_fotos=`` for a service: the folder an upload was
unpacked into) paths are confined to it: absolute paths, ``..`` above it,
``~user/…`` and links that lead out of it are refused, hints only ever list
files inside it, and no message shows a path of the machine, only the name as
written or a path relative to the root. A program may also pass its own
resolver, any callable from the written text to a path.

No library does this matching (``pathlib`` compares exactly, and only the
platform's own way), hence this module.
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

from reporte_docx.fotos.apertura import FotoInvalida
from reporte_docx.texto import mas_parecido

registro = logging.getLogger(__name__)

#: A program's own way to find photos: written text → path (relative paths are
#: taken from the workbook's folder). Raising :class:`LookupError` or
#: :class:`FileNotFoundError`, or returning ``None``, means "not found".
Resolvedor: TypeAlias = Callable[[str], "str | os.PathLike[str] | None"]
#: Where photos are looked for: ``None`` (the workbook's folder, unconfined),
#: a root folder (confined to it), or a :data:`Resolvedor`.
OrigenFotos: TypeAlias = "str | os.PathLike[str] | Resolvedor | None"

#: The search by file name looks this deep under the base folder, and at most at this
#: many entries: a workbook saved on a Desktop must not walk the whole disk.
PROFUNDIDAD_BUSQUEDA = 4
ENTRADAS_BUSQUEDA = 20_000

AVISO_RUTA = "foto-ruta-corregida"

_COMILLAS = (('"', '"'), ("'", "'"), ("“", "”"), ("‘", "’"), ("«", "»"), ("„", "“"))
_UNIDAD = re.compile(r"^[A-Za-z]:")
#: Each file name of a cell that lists several («a.jpg; b.jpg», one per line…).
_VARIAS = re.compile(
    r"[^;,\n]+?\.(?:jpe?g|png|heic|heif|gif|bmp|tiff?|webp|avif)(?=\s*(?:[;,\n]|$))", re.I
)
#: A link pasted from Drive, Facebook or a browser instead of a file's path.
_DIRECCION_WEB = re.compile(r"^(?:(?:https?|ftp)://|www\.)", re.I)


def limpiar(escrito: str) -> str:
    """The path as meant: trimmed, unquoted, in composed Unicode (NFC)."""
    texto = unicodedata.normalize("NFC", str(escrito)).strip()
    for apertura, cierre in _COMILLAS:
        if len(texto) >= 2 and texto[0] == apertura and texto[-1] == cierre:
            texto = texto[1:-1].strip()
            break
    return texto


def clave(nombre: str) -> str:
    """Two file names a person would call the same have the same key.

    NFC (macOS's decomposed accents), case folded (Windows), and every kind of
    space (no-break, U+202F narrow no-break in macOS screenshot names) one space.
    """
    return " ".join(unicodedata.normalize("NFC", nombre).casefold().split())


def partir(texto: str) -> tuple[list[str], bool]:
    """Components of *texto* split at ``/`` and ``\\``, and whether it is absolute.

    Absolute: starting with a separator (``/x``, ``\\\\server\\share``) or a drive (``C:``).
    """
    absoluta = texto[:1] in ("/", "\\") or bool(_UNIDAD.match(texto))
    sin_unidad = _UNIDAD.sub("", texto)
    partes = [p for p in re.split(r"[/\\]+", sin_unidad) if p not in ("", ".")]
    return partes, absoluta


@dataclass(frozen=True)
class FotoEncontrada:
    """The file a written path means; *aviso* says so when it is not where written."""

    ruta: Path
    aviso: str | None = None


def _error(codigo: str, mensaje: str) -> FotoInvalida:
    return FotoInvalida(codigo, mensaje)


@dataclass
class BuscadorDeFotos:
    """Finds photos written relative to *base* (the workbook's folder); with *raiz*, only in it.

    One buscador serves a whole workbook: folder listings and the index by
    file name are built once, when first needed. It is not shared between
    threads (each reading makes its own).
    """

    base: Path
    raiz: Path | None = None
    _listados: dict[Path, dict[str, list[str]]] = field(default_factory=dict, repr=False)
    _indice: dict[str, list[Path]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.raiz is not None:
            self.raiz = Path(os.path.realpath(self.raiz))
            base = Path(os.path.realpath(self.base))
            # a workbook outside the root (uploaded apart from its photos): paths start at the root
            self.base = base if base.is_relative_to(self.raiz) else self.raiz

    @property
    def confinada(self) -> bool:
        return self.raiz is not None

    @property
    def _donde_buscar(self) -> Path:
        return self.raiz if self.raiz is not None else self.base

    def __call__(self, escrito: str) -> FotoEncontrada:
        """The file *escrito* means. Raises :class:`FotoInvalida` (never showing a folder of
        this machine)."""
        texto = limpiar(escrito)
        partes, absoluta = partir(texto)
        if not partes:
            raise _error("foto-no-existe", f"«{texto}» no es el nombre de un archivo")
        if _DIRECCION_WEB.match(texto):
            raise _error(
                "foto-no-existe",
                f"«{texto}» es una dirección de internet, no un archivo; descargue la foto, "
                "guárdela junto al libro (p. ej. en la carpeta fotos) y escriba su ruta",
            )
        if self.confinada:
            self._exigir_dentro(texto, partes, absoluta)
        elif absoluta and os.path.lexists(texto):
            return FotoEncontrada(Path(texto))  # a path of this very computer
        if not absoluta and (ruta := self._caminar(partes)) is not None:
            self._exigir_real_dentro(texto, ruta)
            registro.debug("foto «%s» → %s", texto, ruta)
            return FotoEncontrada(ruta)
        return self._por_nombre(texto, partes)

    # --- confinement -----------------------------------------------------------------

    def _fuera(self, texto: str, partes: list[str]) -> FotoInvalida:
        sugerencia = ""
        if len(candidatos := self._indice_de_nombres().get(clave(partes[-1]), [])) == 1:
            sugerencia = f" (¿quiso decir «{self._relativa(candidatos[0])}»?)"
        return _error(
            "foto-fuera-de-carpeta",
            f"«{texto}» apunta fuera de la carpeta de las fotos; escriba una ruta dentro de "
            f"ella{sugerencia}",
        )

    def _dentro(self, ruta: Path | str) -> bool:
        return self.raiz is None or Path(ruta).is_relative_to(self.raiz)

    def _exigir_dentro(self, texto: str, partes: list[str], absoluta: bool) -> None:
        """Refuse, before touching the disk, a path that leaves the root as written."""
        if absoluta or (partes[0].startswith("~") and len(partes) > 1):
            raise self._fuera(texto, partes)
        if not self._dentro(os.path.normpath(os.path.join(self.base, *partes))):
            raise self._fuera(texto, partes)

    def _exigir_real_dentro(self, texto: str, ruta: Path) -> None:
        """Refuse a path that leaves the root through a symbolic link."""
        if not self._dentro(os.path.realpath(ruta)):
            raise self._fuera(texto, partir(texto)[0])

    # --- matching as Windows and macOS would -------------------------------------------

    def _listado(self, carpeta: Path) -> dict[str, list[str]]:
        """Names in *carpeta* by :func:`clave` (empty when it cannot be listed)."""
        if carpeta not in self._listados:
            por_clave: dict[str, list[str]] = {}
            try:
                nombres = os.listdir(carpeta)
            except OSError:
                nombres = []
            for nombre in sorted(nombres):
                por_clave.setdefault(clave(nombre), []).append(nombre)
            self._listados[carpeta] = por_clave
        return self._listados[carpeta]

    def _caminar(self, partes: list[str]) -> Path | None:
        """Follow *partes* from the base, each name exact or else by :func:`clave`."""
        ruta = self.base
        for parte in partes:
            if parte == "..":
                ruta = ruta.parent
                continue
            if os.path.lexists(ruta / parte):
                ruta = ruta / parte
                continue
            iguales = self._listado(ruta).get(clave(parte), [])
            if len(iguales) != 1:  # none, or several differing only in case: not this way
                return None
            ruta = ruta / iguales[0]
        return ruta

    # --- by file name ------------------------------------------------------------------

    def _recorrer(self) -> Iterator[Path]:
        """Regular files under the base, shallow first, hidden folders and links skipped."""
        vistos = 0
        pendientes = [(self._donde_buscar, 0)]
        while pendientes:
            carpeta, nivel = pendientes.pop(0)
            try:
                entradas = sorted(os.scandir(carpeta), key=lambda e: e.name)
            except OSError:
                continue
            for entrada in entradas:
                vistos += 1
                if vistos > ENTRADAS_BUSQUEDA:
                    return
                if entrada.name.startswith(".") or entrada.name == "__MACOSX":
                    continue
                if entrada.is_dir(follow_symlinks=False) and nivel < PROFUNDIDAD_BUSQUEDA:
                    pendientes.append((Path(entrada.path), nivel + 1))
                elif entrada.is_file():
                    yield Path(entrada.path)

    def _indice_de_nombres(self) -> dict[str, list[Path]]:
        if self._indice is None:
            self._indice = {}
            for ruta in self._recorrer():
                if self._dentro(os.path.realpath(ruta)):
                    self._indice.setdefault(clave(ruta.name), []).append(ruta)
        return self._indice

    def _relativa(self, ruta: Path) -> str:
        """*ruta* as it would be written in the workbook: from its folder, with ``/``."""
        return Path(os.path.relpath(ruta, self.base)).as_posix()

    def _por_nombre(self, texto: str, partes: list[str]) -> FotoEncontrada:
        """The one file named like the last part of *texto* under the base, with a warning.

        Several files listed in one cell are refused first: looking up the last
        one alone would silently drop the others.
        """
        if len(varias := _VARIAS.findall(texto)) > 1:
            lista = ", ".join(f"«{v.strip()}»" for v in varias[:5])
            raise _error(
                "foto-no-existe",
                f"la celda nombra varios archivos ({lista}); escriba una foto por fila, cada "
                "una con el id de su actividad",
            )
        candidatos = self._indice_de_nombres().get(clave(partes[-1]), [])
        if len(candidatos) == 1:
            usada = self._relativa(candidatos[0])
            registro.debug("foto «%s» encontrada por su nombre: %s", texto, candidatos[0])
            return FotoEncontrada(
                candidatos[0],
                f"«{texto}» no está en esa ruta; se usó «{usada}», el único archivo con ese "
                "nombre en la carpeta del libro (escriba esa ruta para no ver este aviso)",
            )
        if candidatos:
            lista = ", ".join(f"«{self._relativa(c)}»" for c in candidatos[:5])
            raise _error(
                "foto-ambigua",
                f"no se encontró «{texto}» y hay {len(candidatos)} archivos con ese nombre "
                f"({lista}); escriba la ruta del que corresponde",
            )
        raise _error(
            "foto-no-existe", f"no se encontró el archivo «{texto}»{self._pista(texto, partes)}"
        )

    def _pista(self, texto: str, partes: list[str]) -> str:
        """A «¿quiso decir…?» among the names in the folder written, if it is inside the base."""
        carpeta = self._caminar(partes[:-1]) if ".." not in partes else None
        presentes: list[str] = []
        if carpeta is not None and self._dentro(os.path.realpath(carpeta)):
            presentes = [n for ns in self._listado(carpeta).values() for n in ns]
        # the hint is what to write in the cell: the folder as written, the name that is there
        cercano = mas_parecido(partes[-1], presentes)
        carpeta_escrita = texto[: -len(partes[-1])] if texto.endswith(partes[-1]) else ""
        sugerencia = f" (¿quiso decir «{carpeta_escrita}{cercano}»?)" if cercano else ""
        return sugerencia + (
            " (las rutas se buscan a partir de la carpeta "
            f"{'de las fotos' if self.confinada else 'del libro'})"
        )


def _con_resolvedor(resolvedor: Resolvedor, base: Path) -> Callable[[str], FotoEncontrada]:
    """A program's resolver, its answers and failures said like ours."""

    def buscar(escrito: str) -> FotoEncontrada:
        texto = limpiar(escrito)
        try:
            ruta = resolvedor(texto)
        except (LookupError, FileNotFoundError):
            ruta = None
        except OSError as e:
            raise FotoInvalida("foto-ilegible", f"no se pudo leer «{texto}»", str(e)) from None
        if ruta is None:
            raise _error("foto-no-existe", f"no se encontró el archivo «{texto}»")
        return FotoEncontrada(base / Path(ruta))

    return buscar


def buscador_de_fotos(
    carpeta_libro: Path, origen: OrigenFotos = None
) -> Callable[[str], FotoEncontrada]:
    """How the photos of a workbook in *carpeta_libro* are found.

    *origen* ``None``: under the workbook's folder (a path of this computer is
    taken as is); a folder: confined to it (relative paths still start at the
    workbook's folder when it is inside); a callable: the program's own
    :data:`Resolvedor`.
    """
    if origen is None:
        return BuscadorDeFotos(carpeta_libro)
    if isinstance(origen, (str, os.PathLike)):
        return BuscadorDeFotos(carpeta_libro, raiz=Path(origen))
    if callable(origen):
        return _con_resolvedor(origen, carpeta_libro)
    raise TypeError(
        f"carpeta_fotos debe ser una carpeta, un invocable o None, no {type(origen).__name__}"
    )
