"""reporte-docx: an Excel workbook into the official quarterly activity report in Word.

The package is laid out by layer; a module imports only from its own layer or those below::

    cli/          the ``reporte-docx`` command line, in Spanish
    web/          ``reporte-docx servir``: the local web page, on the public API only
    api.py        generar_reporte, renderizar_reporte, guardar_reporte: the whole path
    libro/        the workbook → Reporte (opening, cells, reading, the empty workbook)
    plantilla/    Reporte → template context → rendered .docx (sandboxed docxtpl), template checks
    documento/    the Word package: photo grid, reproducible zip, structural check, writing, PDF
    fotos/        photos: upright, RGB, shrunk to the size shown, cached
    modelo.py errores.py formato.py texto.py version.py   the base everyone may import

The layers are an import-linter contract in ``pyproject.toml``.
"""

from reporte_docx.errores import (  # noqa: E402
    ErrorDeDatos,
    ErrorDePlantilla,
    ErrorDeSalida,
    ErrorInterno,
    ErrorReporte,
    Hallazgo,
)
from reporte_docx.modelo import Actividad, Evento, Firma, Fotografia, Reporte, TablaEventos  # noqa: E402
from reporte_docx.version import __version__  # noqa: E402

# The heavy modules (openpyxl, docxtpl, Pillow, lxml) load on first use, so that the
# command line starts at once and a Ctrl-C while it starts ends quietly, without a traceback.
_PEREZOSOS = {
    "generar_reporte": "api",
    "guardar_reporte": "api",
    "renderizar_reporte": "api",
    "analizar_libro": "libro.lectura",
    "leer_libro": "libro.lectura",
    "verificar_docx": "documento.verificacion",
}


def __getattr__(nombre: str):
    if nombre in _PEREZOSOS:
        from importlib import import_module

        return getattr(import_module(f".{_PEREZOSOS[nombre]}", __name__), nombre)
    raise AttributeError(f"module {__name__!r} has no attribute {nombre!r}")


__all__ = [
    "Actividad",
    "ErrorDeDatos",
    "ErrorDePlantilla",
    "ErrorDeSalida",
    "ErrorInterno",
    "ErrorReporte",
    "Evento",
    "Firma",
    "Fotografia",
    "Hallazgo",
    "Reporte",
    "TablaEventos",
    "__version__",
    "analizar_libro",
    "generar_reporte",
    "guardar_reporte",
    "leer_libro",
    "renderizar_reporte",
    "verificar_docx",
]
