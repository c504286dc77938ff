"""``reporte-docx incorporar EDITADO.docx LIBRO.xlsx [--mostrar]``: Word's corrections, back.

What it says is what a person checks before trusting it: per activity (or
heading, or signature) and field, «anterior → nuevo»; then which cells changed
and where the backup went. ``--mostrar`` only says it.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from reporte_docx.api import Cambio, incorporar_edicion
from reporte_docx.errores import ErrorDeSalida, Hallazgo


def _imprimir_cambios(cambios: Sequence[Cambio]) -> None:
    """Grouped by where they are (the activity's card, the heading, a signature)."""
    anterior = None
    for cambio in cambios:
        if cambio.grupo != anterior:
            print(f"{cambio.grupo[:1].upper()}{cambio.grupo[1:]}:")
            anterior = cambio.grupo
        print(f"  {cambio.campo}: «{cambio.texto_anterior}» → «{cambio.texto_nuevo}»")


def _celdas(cambio: Cambio) -> str:
    return ", ".join(f"«{c.hoja}»!{c.referencia}" for c in cambio.escrituras)


def cmd_incorporar(args: argparse.Namespace, imprimir: Any) -> int:
    """Show the corrections, and write them unless ``--mostrar``."""
    try:
        resultado = incorporar_edicion(args.editado, args.libro, escribir=not args.mostrar)
    except ErrorDeSalida as e:  # the workbook open in Excel: said once, as the finding says it
        imprimir(e.hallazgos)
        return 1
    avisos: Sequence[Hallazgo] = resultado.avisos
    imprimir(avisos)
    if not resultado.cambios:
        print("El documento no trae correcciones que el libro no tenga; no se escribió nada.")
        return 0
    _imprimir_cambios(resultado.cambios)
    if args.mostrar:
        n = len(resultado.cambios)
        print(
            f"{'1 corrección' if n == 1 else f'{n} correcciones'}; no se escribió nada "
            "(sin --mostrar se escriben en el libro)."
        )
        return 0
    print(f"Se escribió en «{args.libro}»:")
    for cambio in resultado.cambios:
        print(f"  {_celdas(cambio)}: {cambio.descripcion}")
    print(f"Copia del libro como estaba: «{resultado.respaldo}».")
    return 0


def agregar_incorporar(sub: Any, imprimir: Any) -> None:
    """The ``incorporar`` subcommand; *imprimir* prints findings as the other commands do."""
    i = sub.add_parser(
        "incorporar",
        help="pasa al libro lo que se corrigió en Word en un reporte generado",
    )
    i.add_argument("editado", metavar="EDITADO.docx", help="el reporte corregido en Word")
    i.add_argument("libro", metavar="LIBRO.xlsx", help="el libro del que se generó")
    i.add_argument(
        "--mostrar",
        action="store_true",
        help="sólo mostrar lo que cambiaría («anterior → nuevo»), sin escribir nada",
    )
    i.set_defaults(funcion=lambda args: cmd_incorporar(args, imprimir))
