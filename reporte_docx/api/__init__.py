"""The public API: workbook → model → checked document, for programs and the command line.

Everything a program needs is here and in :mod:`reporte_docx` (which re-exports
it). Inputs may be paths, bytes or binary streams; results are data
(:class:`Resultado`, :class:`~reporte_docx.modelo.Lectura`, lists of
:class:`~reporte_docx.errores.Hallazgo`); problems in the user's data are
:class:`~reporte_docx.errores.ErrorReporte` subclasses that pickle with their
findings; a caller's mistake (a wrong type, an option out of range) is a
:class:`TypeError` or :class:`ValueError`.

One module per concept, each importing only those after it here::

    publica.py   the public version, redacted (renderizar_version_publica, generar_version_publica)
    generar.py   a workbook to a document (renderizar_libro, generar_reporte)
    anual.py     the quarterly workbooks to the year's document (leer_anual, generar_anual)
    render.py    a model to a document (renderizar_reporte, guardar_reporte)
    libro.py     a workbook in, from a path, bytes or a stream (analizar_libro, leer_libro)
    edicion.py   corrections made in Word back into the workbook (incorporar_edicion)
    comandos.py  templates, zips, pools, checks, PDF
    firma.py     the PDF signed with e.firma and its signatures verified (firmar_reporte)
    validacion.py  the workbook's rules on a model built in code (validar_reporte)
    llamada.py   one call's options checked; progress and cancellation
    tipos.py     Resultado, Verificacion, Plantilla and the aliases of the parameters

Nothing heavy is imported at load time — openpyxl, docxtpl, lxml and Pillow
load on the first call — so ``import reporte_docx`` and the command line start
at once. Nothing here prints; timings go to the ``reporte_docx`` logger at
DEBUG level.
"""

from reporte_docx.api.anual import generar_anual, leer_anual
from reporte_docx.api.comandos import (
    abrir_zip,
    buscar_libreoffice,
    convertir_a_pdf,
    copiar_plantilla_oficial,
    crear_libro_nuevo,
    extraer_zip,
    grupo_de_procesos,
    plantilla_oficial,
    revisar_plantilla,
    verificar_documento,
    verificar_docx,
)
from reporte_docx.api.edicion import (
    Cambio,
    ResultadoIncorporar,
    cambios_de_edicion,
    incorporar_campos,
    incorporar_edicion,
)
from reporte_docx.api.firma import (
    ROLES,
    Credencial,
    FirmaLeida,
    Firmante,
    ResultadoFirma,
    abrir_credencial,
    firmar_reporte,
    verificar_firmas,
)
from reporte_docx.api.generar import generar_reporte, renderizar_libro
from reporte_docx.api.libro import (
    analizar_libro,
    crear_libro_siguiente,
    leer_libro,
    libro_siguiente,
    libro_siguiente_con_nombre,
)
from reporte_docx.api.publica import generar_version_publica, renderizar_version_publica
from reporte_docx.api.render import guardar_reporte, renderizar_reporte
from reporte_docx.api.tipos import (
    Cache,
    Cancelar,
    CarpetaFotos,
    Plantilla,
    Resultado,
    ResultadoPublico,
    Verificacion,
)
from reporte_docx.api.validacion import validar_reporte

__all__ = [
    "ROLES",
    "Credencial",
    "FirmaLeida",
    "Firmante",
    "ResultadoFirma",
    "abrir_credencial",
    "firmar_reporte",
    "verificar_firmas",
    "Cache",
    "Cambio",
    "Cancelar",
    "CarpetaFotos",
    "Plantilla",
    "Resultado",
    "ResultadoIncorporar",
    "ResultadoPublico",
    "Verificacion",
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
    "incorporar_campos",
    "incorporar_edicion",
    "guardar_reporte",
    "leer_anual",
    "leer_libro",
    "libro_siguiente",
    "libro_siguiente_con_nombre",
    "plantilla_oficial",
    "renderizar_libro",
    "renderizar_reporte",
    "renderizar_version_publica",
    "revisar_plantilla",
    "validar_reporte",
    "verificar_docx",
    "verificar_documento",
]
