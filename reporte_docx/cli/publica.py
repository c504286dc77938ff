"""``reporte-docx generar LIBRO.xlsx --version-publica``: the public version, in Spanish.

What it says is what a transparency officer checks before publishing: each
row of the legend (what was removed, said generically, how many times and on
which pages), the texts listed but found nowhere, and where it was written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from babel.lists import format_list

from reporte_docx.api import ResultadoPublico, generar_version_publica
from reporte_docx.errores import ErrorReporte, Hallazgo
from reporte_docx.formato import LOCALE


def _veces(n: int) -> str:
    return "1 vez" if n == 1 else f"{n} veces"


def _donde(paginas: list[int] | None, secciones: list[str]) -> str:
    if paginas:
        palabra = "página" if len(paginas) == 1 else "páginas"
        return f"{palabra} {format_list([str(p) for p in paginas], locale=LOCALE)}"
    return format_list(secciones, locale=LOCALE) if secciones else ""


def informar_publica(r: ResultadoPublico) -> None:
    """The legend's rows, then where the public version (and its PDF) went."""
    if not r.leyenda:
        print("No se testó ningún dato.")
    for fila in r.leyenda:
        donde = _donde(fila.paginas, fila.secciones)
        print(
            f"  {fila.marca} {fila.descripcion}: {_veces(fila.veces)}"
            + (f", {donde}" if donde else "")
            + (f" — {fila.fundamento}" if fila.fundamento else " — sin fundamento indicado")
        )
    print(f"Versión pública → {r.ruta}")
    if r.ruta_pdf is not None:
        print(f"PDF de la versión pública: {r.ruta_pdf}")
    print("Revísela antes de publicarla: el reporte ordinario no cambió.")


def generar_publica(
    libros: list[Path],
    args: argparse.Namespace,
    opciones: dict[str, Any],
    imprimir: Callable[[Sequence[Hallazgo]], None],
    al_fallar: Callable[[ErrorReporte], None],
) -> int:
    """The public version of each workbook; how many failed (*al_fallar* says why)."""
    fallidos = 0
    for libro in libros:
        if len(libros) > 1:
            print(f"== {libro}", file=sys.stderr)
        try:
            r = generar_version_publica(libro, args.salida, pdf=args.pdf, **opciones)
        except ErrorReporte as e:
            fallidos += 1
            al_fallar(e)
            continue
        imprimir(r.avisos)
        if r.respaldo:
            print(
                f"El documento anterior había sido editado; se guardó una copia en «{r.respaldo}»."
            )
        informar_publica(r)
    if len(libros) > 1:
        print(f"{len(libros) - fallidos} de {len(libros)} versiones públicas.", file=sys.stderr)
    return fallidos
