"""reporte-docx: an Excel workbook into the official quarterly activity report in Word.

The public API, for programs (see the README, «Desde Python»)::

    import reporte_docx as rd

    resultado = rd.generar_reporte("trimestre.xlsx")          # workbook → .docx beside it
    lectura = rd.analizar_libro(datos_subidos, carpeta_fotos=carpeta)   # bytes in, findings out
    plantilla = rd.Plantilla.abrir("propia.docx")              # checked once, used many times
    docx = rd.renderizar_reporte(rd.Reporte.desde_dict(datos), plantilla)

Problems in the user's data raise :class:`ErrorReporte` subclasses, whose
``hallazgos`` say where to fix them (and which pickle, for process pools); a
caller's mistake raises :class:`TypeError` or :class:`ValueError`. Log records go
to the ``reporte_docx`` logger; the library never prints.

The package is laid out by layer; a module imports only from its own layer or those below::

    cli/          the ``reporte-docx`` command line, in Spanish, over api/ only
    web/          ``reporte-docx servir``: the local web page, over api/ only
    api/          the public functions (light to import: the heavy libraries load on first use)
    libro/        the workbook → Reporte (opening, cells, reading, the empty workbook)
    plantilla/    Reporte → template context → rendered .docx (sandboxed docxtpl), template checks
    documento/    the Word package: photo grid, reproducible zip, structural check, writing, PDF
    fotos/        photos: upright, RGB, shrunk to the size shown, cached
    anual.py                         the year's report: several quarters summed into one
    modelo.py                        the report as data, and its rules
    errores.py formato.py texto.py opciones.py origen.py version.py   the base everyone may import

The layers are import-linter contracts in ``pyproject.toml``.
"""

import logging

from reporte_docx.anual import ReporteAnual, reporte_anual
from reporte_docx.api import (
    ROLES,
    Cache,
    Cambio,
    Cancelar,
    CarpetaFotos,
    Credencial,
    FirmaLeida,
    Firmante,
    Plantilla,
    Resultado,
    ResultadoFirma,
    ResultadoIncorporar,
    ResultadoPublico,
    Verificacion,
    abrir_credencial,
    abrir_zip,
    analizar_libro,
    buscar_libreoffice,
    cambios_de_edicion,
    convertir_a_pdf,
    copiar_plantilla_oficial,
    crear_libro_nuevo,
    crear_libro_siguiente,
    extraer_zip,
    firmar_reporte,
    generar_anual,
    generar_reporte,
    generar_version_publica,
    grupo_de_procesos,
    guardar_reporte,
    incorporar_campos,
    incorporar_edicion,
    leer_anual,
    leer_libro,
    libro_siguiente,
    plantilla_oficial,
    renderizar_libro,
    renderizar_reporte,
    renderizar_version_publica,
    revisar_plantilla,
    validar_reporte,
    verificar_documento,
    verificar_docx,
    verificar_firmas,
)
from reporte_docx.errores import (
    Cancelado,
    Codigo,
    ErrorDeDatos,
    ErrorDeFirma,
    ErrorDePlantilla,
    ErrorDeSalida,
    ErrorInterno,
    ErrorReporte,
    Hallazgo,
    Severidad,
)
from reporte_docx.fotos.comprimido import LibroEnZip
from reporte_docx.modelo import (
    Actividad,
    Evento,
    Firma,
    Fotografia,
    Lectura,
    Reporte,
    TablaEventos,
    Testado,
)
from reporte_docx.opciones import (
    COLUMNAS_MAXIMAS,
    COLUMNAS_PREDETERMINADAS,
    DPI_MAXIMO,
    DPI_MINIMO,
    DPI_PREDETERMINADO,
    Avance,
    Etapa,
    Progreso,
)
from reporte_docx.origen import Origen
from reporte_docx.version import __version__

# a library leaves the handling of its records to the application (logging HOWTO)
logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "ROLES",
    "Credencial",
    "FirmaLeida",
    "Firmante",
    "ResultadoFirma",
    "abrir_credencial",
    "firmar_reporte",
    "verificar_firmas",
    "COLUMNAS_MAXIMAS",
    "COLUMNAS_PREDETERMINADAS",
    "DPI_MAXIMO",
    "DPI_MINIMO",
    "DPI_PREDETERMINADO",
    "Actividad",
    "Avance",
    "Cache",
    "Cambio",
    "Cancelado",
    "Cancelar",
    "CarpetaFotos",
    "Codigo",
    "ErrorDeDatos",
    "ErrorDePlantilla",
    "ErrorDeFirma",
    "ErrorDeSalida",
    "ErrorInterno",
    "ErrorReporte",
    "Etapa",
    "Evento",
    "Firma",
    "Fotografia",
    "Hallazgo",
    "Lectura",
    "LibroEnZip",
    "Origen",
    "Plantilla",
    "Progreso",
    "Reporte",
    "ReporteAnual",
    "Resultado",
    "ResultadoIncorporar",
    "ResultadoPublico",
    "Severidad",
    "TablaEventos",
    "Testado",
    "Verificacion",
    "__version__",
    "abrir_zip",
    "analizar_libro",
    "buscar_libreoffice",
    "cambios_de_edicion",
    "convertir_a_pdf",
    "copiar_plantilla_oficial",
    "crear_libro_nuevo",
    "crear_libro_siguiente",
    "extraer_zip",
    "generar_anual",
    "generar_reporte",
    "generar_version_publica",
    "grupo_de_procesos",
    "guardar_reporte",
    "incorporar_campos",
    "incorporar_edicion",
    "leer_anual",
    "leer_libro",
    "libro_siguiente",
    "plantilla_oficial",
    "renderizar_libro",
    "renderizar_reporte",
    "renderizar_version_publica",
    "reporte_anual",
    "revisar_plantilla",
    "validar_reporte",
    "verificar_docx",
    "verificar_documento",
]
