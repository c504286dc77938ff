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
from .generar import generar_reporte, guardar_reporte, renderizar_reporte  # noqa: E402
from .libro import analizar_libro, leer_libro  # noqa: E402
from .modelo import Actividad, Evento, Firma, Fotografia, Reporte, TablaEventos  # noqa: E402
from .verificacion import verificar_docx  # noqa: E402

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
