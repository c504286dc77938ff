"""argparse in Spanish.

argparse writes its own messages ("usage:", "invalid choice", "the following
arguments are required") through :func:`gettext.gettext`, which only knows the
system's translations; the people who use this command line read Spanish.
:func:`en_espanol` points argparse's lookup at this table for the life of the
process (the command line is the whole process, so nothing else is affected).
"""

from __future__ import annotations

import argparse

_MENSAJES = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos",
    "options": "opciones",
    "show this help message and exit": "mostrar esta ayuda y salir",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "the following arguments are required: %s": "faltan estos datos: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "«%(value)s» no es una opción válida (elija entre %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "«%(value)s» no es un valor válido",
    "unrecognized arguments: %s": "no se reconocen estos argumentos: %s",
    "expected one argument": "falta su valor",
    "expected at least one argument": "falta al menos un valor",
    "expected at most one argument": "admite un solo valor",
    "ambiguous option: %(option)s could match %(matches)s": (
        "la opción %(option)s es ambigua: puede ser %(matches)s"
    ),
    "not allowed with argument %s": "no se puede usar junto con %s",
    "one of the arguments %s is required": "hace falta uno de estos: %s",
    "ignored explicit argument %r": "se ignoró el valor %r",
    "can't open '%(filename)s': %(error)s": "no se puede abrir «%(filename)s»: %(error)s",
    "show program's version number and exit": "mostrar la versión y salir",
}
_PLURALES = {
    "expected %s argument": ("se esperaba %s valor", "se esperaban %s valores"),
}


def _traducir(mensaje: str) -> str:
    return _MENSAJES.get(mensaje, mensaje)


def _traducir_plural(singular: str, plural: str, n: int) -> str:
    es = _PLURALES.get(singular)
    if es is None:
        return singular if n == 1 else plural
    return es[0] if n == 1 else es[1]


def en_espanol() -> None:
    """Make argparse speak Spanish (it looks ``_`` and ``ngettext`` up at call time)."""
    argparse._ = _traducir  # type: ignore[attr-defined]
    argparse.ngettext = _traducir_plural  # type: ignore[attr-defined]
