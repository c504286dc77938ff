"""reporte-docx: an Excel workbook into the official quarterly activity report in Word.

The pipeline, one module per step::

    apertura.py       opening the workbook file safely (.xls, password, lock, zip/XML bombs)
    libro.py          workbook → Reporte (every problem located by sheet, row, column)
    libro_nuevo.py    the empty workbook of the contract, ready to fill in Excel
    modelo.py         Reporte, Actividad, Fotografia, Evento, Firma: plain dataclasses
    contexto.py       Reporte → template variables
    fotos.py          photos: upright, RGB, shrunk to the size shown
    plantilla.py      rendering into the .docx template (docxtpl, sandboxed Jinja)
    paquete.py        reproducible zip, custom properties
    verificacion.py   structural check of the output
    salida.py         atomic write, backups
"""

__version__ = "0.1.0"

from .errores import (  # noqa: E402
    ErrorDeDatos,
    ErrorDePlantilla,
    ErrorDeSalida,
    ErrorInterno,
    ErrorReporte,
    Hallazgo,
)
from .modelo import Actividad, Evento, Firma, Fotografia, Reporte, TablaEventos  # noqa: E402

# The heavy modules (openpyxl, docxtpl, Pillow, lxml) load on first use, so that the
# command line starts at once and a Ctrl-C while it starts ends quietly, without a traceback.
_PEREZOSOS = {
    "generar_reporte": "generar",
    "guardar_reporte": "generar",
    "renderizar_reporte": "generar",
    "analizar_libro": "libro",
    "leer_libro": "libro",
    "verificar_docx": "verificacion",
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
