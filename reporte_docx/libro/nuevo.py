"""``libro-nuevo``: an empty workbook of the contract, ready to fill in Excel.

Every sheet and header the reader expects, the ``Reporte`` sheet listing each
field, an ``Instrucciones`` sheet in Spanish, date formats on date columns,
data validation where a wrong value is easy to type, frozen headers and
readable widths. Filled in through its own headers it validates and generates.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from reporte_docx.documento.salida import escribir_atomico
from reporte_docx.errores import ErrorDeSalida
from reporte_docx.libro import contrato as contratos
from reporte_docx.libro.contrato import LIMITES, Contrato, Hoja

#: Rows that get data validation (Excel needs a range; nobody reports 1,000 activities).
FILAS = 1000
FORMATO_FECHA = "dd/mm/yyyy"
ROLES = ("Elaboró", "Revisó", "Autorizó")
SI_NO = ("sí", "no")
ENCABEZADO = PatternFill("solid", fgColor="D9D9D9")
#: Rows of ``Fotografias`` made tall enough to show a pasted photo as a thumbnail.
FILAS_PARA_PEGAR = 200
ALTO_MINIATURA_PT = 90  # 120 px: a 4:3 photo 160 px wide fits the «archivo» column
PEGAR = (
    "Escriba la ruta de la foto (p. ej. fotos/foto1.jpg) o pegue aquí la imagen: "
    "Insertar › Imágenes, o «Colocar en celda». Sirven las dos formas."
)
FIJO = PatternFill("solid", fgColor="F2F2F2")

INTRODUCCION = [
    "Libro para el reporte trimestral de actividades",
    "",
    "Llene cada hoja debajo de sus encabezados (fila 1). No cambie el nombre de las hojas ni de "
    "los encabezados: el programa los busca por su nombre (mayúsculas y acentos no importan).",
    "Una fila por dato; las filas vacías se ignoran. Las columnas marcadas (obligatoria) no "
    "pueden quedar vacías.",
    "Fechas: escríbalas como 30/05/2023 (dd/mm/aaaa); también se aceptan 2023-05-30, "
    "«30 de mayo de 2023» y «lunes 5 de junio del 2023». Una actividad de varios días: "
    "«del 5 al 9 de junio de 2023» en «fecha», o el último día en «fecha_fin». "
    "Si escribe una fórmula, guarde el libro en Excel antes de usarlo.",
    "Fotografías, de dos formas que se pueden mezclar: (1) guarde las fotos en una carpeta junto "
    "a este libro (p. ej. «fotos») y escriba su ruta, p. ej. fotos/foto1.jpg; o (2) pegue cada "
    "foto en la hoja Fotografías, en la fila con el id de su actividad y su pie, dejando "
    "«archivo» vacío (Insertar › Imágenes sobre la fila, o en Excel 365 «Colocar en celda» en la "
    "columna archivo). Cuenta la fila donde queda la esquina superior izquierda de la imagen. "
    "También puede pegar fotos en la hoja Actividades, en la fila de su actividad: salen sin pie, "
    "de izquierda a derecha. Así basta enviar este libro, sin carpeta de fotos. Se aceptan JPEG, "
    "PNG, HEIC y otros formatos comunes.",
    "Si lo realizado difiere de lo programado, la justificación es obligatoria.",
    "Versión pública (para publicar en el portal de transparencia): en la hoja Testado escriba "
    "cada nombre, domicilio o dato que no debe publicarse, con su fundamento legal; en "
    "Fotografías marque «sí» en «reservada» las fotos que no deben publicarse. Luego: "
    "reporte-docx generar LIBRO.xlsx --version-publica. El reporte ordinario no cambia.",
    "Lo oculto también se lee: las filas ocultas o filtradas, las columnas y hojas ocultas van al "
    "reporte (con un aviso). Borre lo que no deba ir. Una celda combinada vale para todas sus "
    "filas; un hipervínculo conserva su dirección.",
    "",
    "Para revisar el libro sin generar nada:   reporte-docx validar LIBRO.xlsx",
    "Para generar el reporte en Word:           reporte-docx generar LIBRO.xlsx",
    "La revisión lista todos los problemas a la vez, con su hoja, fila y columna.",
]


def _instrucciones(ws: Worksheet, contrato: Contrato) -> None:
    filas = list(INTRODUCCION)
    for hoja in contrato.hojas:
        filas += ["", f"Hoja «{hoja.nombre}»"]
        for columna in hoja.columnas:
            obligatoria = " (obligatoria)" if columna.obligatoria else ""
            filas.append(f"   {columna.nombre}{obligatoria}: {columna.ayuda}")
        if hoja.clave == "reporte":
            for campo in contrato.campos:
                marca = " (obligatorio)" if campo.obligatorio else ""
                filas.append(f"      · {campo.clave}{marca}: {campo.descripcion}")
    for texto in filas:
        ws.append([texto])
    ws.column_dimensions["A"].width = 110
    ws["A1"].font = Font(bold=True, size=14)
    for celda in ws["A"]:
        celda.alignment = Alignment(wrap_text=True, vertical="top")
        if isinstance(celda.value, str) and celda.value.startswith("Hoja «"):
            celda.font = Font(bold=True)


def _hoja(libro: Workbook, hoja: Hoja) -> Worksheet:
    ws = libro.create_sheet(hoja.nombre)
    ws.append(hoja.nombres)
    for i, columna in enumerate(hoja.columnas, start=1):
        dimension = ws.column_dimensions[get_column_letter(i)]
        dimension.width = columna.ancho
        if columna.tipo in ("fecha", "periodo"):
            dimension.number_format = FORMATO_FECHA
        elif columna.ancho >= 40:
            dimension.alignment = Alignment(wrap_text=True, vertical="top")
        celda = ws.cell(1, i)
        celda.font = Font(bold=True)
        celda.fill = ENCABEZADO
    ws.freeze_panes = "A2"
    return ws


def _validacion(ws: Worksheet, rango: str, **opciones: Any) -> None:
    dv = DataValidation(allow_blank=True, showErrorMessage=True, **opciones)
    dv.add(rango)
    ws.add_data_validation(dv)


def _letra(hoja: Hoja, columna: str) -> str:
    return str(get_column_letter(hoja.nombres.index(columna) + 1))


def _hoja_reporte(libro: Workbook, contrato: Contrato) -> None:
    """The ``Reporte`` sheet: one row per field, its limits as data validation."""
    reporte = _hoja(libro, contrato.hoja("reporte"))
    for campo in contrato.campos:
        ayuda = campo.descripcion + ("" if campo.obligatorio else " (opcional)")
        reporte.append([campo.clave, None, ayuda])
        reporte.cell(reporte.max_row, 1).fill = FIJO
    for i, campo in enumerate(contrato.campos, start=2):
        if campo.tipo in LIMITES:
            minimo, maximo, error = LIMITES[campo.tipo]
            _validacion(
                reporte,
                f"B{i}",
                type="whole",
                operator="between",
                formula1=str(minimo),
                formula2=str(maximo),
                error=error,
                errorTitle="Valor no válido",
            )
    for i in range(2, reporte.max_row + 1):
        reporte.cell(i, 2).alignment = Alignment(wrap_text=True, vertical="top")


def _validar_columnas(ws: Worksheet, hoja: Hoja, contrato: Contrato) -> None:
    """Dates as dates (a warning only: a range is text) and ids from the Actividades sheet."""
    for columna in hoja.columnas:
        letra = _letra(hoja, columna.nombre)
        if columna.tipo == "fecha":
            _validacion(
                ws,
                f"{letra}2:{letra}{FILAS}",
                type="date",
                operator="between",
                formula1="DATE(2000,1,1)",
                formula2="DATE(2100,12,31)",
                errorStyle="warning",
                error="Escriba una fecha como 30/05/2023.",
                errorTitle="Fecha",
            )
        elif columna.tipo == "siono":
            _validacion(
                ws,
                f"{letra}2:{letra}{FILAS}",
                type="list",
                formula1='"' + ",".join(SI_NO) + '"',
                error="Escriba «sí» o «no» (o deje la celda vacía).",
                errorTitle=columna.nombre.capitalize(),
                showInputMessage=True,
                promptTitle=columna.nombre.capitalize(),
                prompt=columna.ayuda[:255],
            )
        elif columna.tipo == "referencia":
            actividades = contrato.hoja("actividades")
            id_ = _letra(actividades, "id")
            ids = f"'{actividades.nombre}'!${id_}$2:${id_}${FILAS}"
            _validacion(
                ws,
                f"{letra}2:{letra}{FILAS}",
                type="list",
                formula1=ids,
                errorStyle="warning",
                error="Use el id de una actividad de la hoja Actividades.",
                errorTitle="Actividad",
            )


def _lista_para_pegar(ws: Worksheet, hoja: Hoja) -> None:
    """``Fotografias`` ready for pasted photos: thumbnail-sized rows, and a tip on «archivo».

    The tip is Excel's input message of a data validation: it appears whenever a
    cell of the column is selected, where a note in another column would be missed.
    """
    for fila in range(2, FILAS_PARA_PEGAR + 2):
        ws.row_dimensions[fila].height = ALTO_MINIATURA_PT
    for columna in hoja.nombres:  # text at the top, beside the photo's top
        ws.column_dimensions[_letra(hoja, columna)].alignment = Alignment(
            wrap_text=True, vertical="top"
        )
    letra = _letra(hoja, "archivo")
    ayuda = DataValidation(
        allow_blank=True, showInputMessage=True, promptTitle="Foto", prompt=PEGAR[:255]
    )
    ayuda.add(f"{letra}2:{letra}{FILAS}")
    ws.add_data_validation(ayuda)
    ws[f"{letra}1"].comment = Comment(PEGAR, "reporte-docx", width=300, height=90)


def _ayudas_de_publicacion(ws: Worksheet, hoja: Hoja) -> None:
    """Input prompts on what the public version reads: the «Testado» sheet's columns and
    the reservation's basis in «Fotografias» (the yes/no column has its list's prompt)."""
    for columna in hoja.columnas:
        if hoja.clave == "fotografias" and columna.nombre != "fundamento":
            continue
        letra = _letra(hoja, columna.nombre)
        ayuda = DataValidation(
            allow_blank=True,
            showInputMessage=True,
            promptTitle=columna.nombre.capitalize()[:32],
            prompt=columna.ayuda[:255],
        )
        ayuda.add(f"{letra}2:{letra}{FILAS}")
        ws.add_data_validation(ayuda)


def _hoja_firmas(ws: Worksheet) -> None:
    _validacion(
        ws,
        f"A2:A{FILAS}",
        type="list",
        formula1='"' + ",".join(ROLES) + '"',
        errorStyle="information",
        error="Los roles habituales son Elaboró, Revisó y Autorizó.",
        errorTitle="Rol",
    )
    for rol in ROLES:
        ws.append([rol])


def construir_libro_nuevo(contrato: Contrato | None = None) -> Workbook:
    """The empty workbook of *contrato* (by default the package's, looked up at each call)."""
    contrato = contrato or contratos.CONTRATO
    libro = Workbook()
    _instrucciones(libro.active, contrato)
    libro.active.title = "Instrucciones"
    _hoja_reporte(libro, contrato)
    for hoja in contrato.hojas:
        if hoja.clave == "reporte":
            continue
        ws = _hoja(libro, hoja)
        _validar_columnas(ws, hoja, contrato)
        if hoja.clave == "fotografias":
            _lista_para_pegar(ws, hoja)
        if hoja.clave in ("fotografias", "testado"):
            _ayudas_de_publicacion(ws, hoja)
        if hoja.clave == "firmas":
            _hoja_firmas(ws)
    libro.active = 0
    return libro


def crear_libro_nuevo(destino: str | Path) -> Path:
    """Write the empty workbook to *destino* (never over an existing file); returns its path."""
    destino = Path(destino)
    if destino.suffix.lower() != ".xlsx":
        raise ErrorDeSalida(f"«{destino}» debe terminar en .xlsx (p. ej. reporte_2023_T2.xlsx)")
    if destino.is_dir():
        raise ErrorDeSalida(f"«{destino}» es una carpeta; indique el nombre del libro .xlsx")
    if destino.exists():
        raise ErrorDeSalida(f"«{destino}» ya existe; elija otro nombre (no se modificó nada)")
    datos = io.BytesIO()
    construir_libro_nuevo().save(datos)
    # reemplazar=False: a file that appears meanwhile is never overwritten either
    escribir_atomico(destino, datos.getvalue(), reemplazar=False)
    return destino
