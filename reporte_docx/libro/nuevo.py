"""``libro-nuevo``: an empty workbook of the contract, ready to fill in Excel.

Every sheet and header the reader expects, the ``Reporte`` sheet listing each
field, an ``Instrucciones`` sheet in Spanish, date formats on date columns,
data validation where a wrong value is easy to type, frozen headers and
readable widths. Filled in through its own headers it validates and generates.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from reporte_docx.documento.salida import escribir_atomico
from reporte_docx.errores import ErrorDeSalida
from reporte_docx.libro.lectura import CAMPOS_REPORTE, HOJAS, NOMBRES_HOJAS

#: Rows that get data validation (Excel needs a range; nobody reports 1,000 activities).
FILAS = 1000
FORMATO_FECHA = "dd/mm/yyyy"
ROLES = ("Elaboró", "Revisó", "Autorizó")
ENCABEZADO = PatternFill("solid", fgColor="D9D9D9")
FIJO = PatternFill("solid", fgColor="F2F2F2")

#: Rows of ``Fotografias`` made tall enough to show a pasted photo as a thumbnail.
FILAS_PARA_PEGAR = 200
ALTO_MINIATURA_PT = 90  # 120 px: a 4:3 photo 160 px wide fits the «archivo» column
PEGAR = (
    "Escriba la ruta de la foto (p. ej. fotos/foto1.jpg) o pegue aquí la imagen: "
    "Insertar › Imágenes, o «Colocar en celda». Sirven las dos formas."
)

#: For each sheet: column → (width in characters, what to write there).
COLUMNAS: dict[str, dict[str, tuple[int, str]]] = {
    "reporte": {
        "campo": (30, "Nombre del campo; no lo cambie."),
        "valor": (70, "Lo que va en el reporte."),
        "descripcion": (60, "Qué escribir en «Valor»."),
    },
    "actividades": {
        "id": (8, "Número o clave única de la actividad (1, 2, 3…)."),
        "nombre": (40, "Nombre de la actividad."),
        "fecha": (14, "Fecha de la actividad (dd/mm/aaaa)."),
        "lugar": (35, "Lugar donde se realizó."),
        "descripcion": (70, "Descripción de lo realizado."),
        "objetivo": (45, "Objetivo propio; vacío usa el campo «objetivo» de la hoja Reporte."),
    },
    "fotografias": {
        "actividad": (11, "id de la actividad (hoja Actividades) a la que pertenece la foto."),
        "archivo": (
            45,
            "Ruta de la foto a partir de la carpeta del libro, p. ej. fotos/foto1.jpg; "
            "o déjela vacía y pegue la foto en la fila (sirven las dos formas).",
        ),
        "pie": (60, "Pie de foto (opcional)."),
    },
    "eventos": {
        "actividad": (11, "id de la actividad bajo la que va la tabla Fecha | Evento."),
        "titulo": (45, "Título de la tabla; las filas con el mismo título forman una tabla."),
        "fecha": (14, "Fecha del evento (dd/mm/aaaa)."),
        "evento": (70, "Descripción del evento."),
    },
    "firmas": {
        "rol": (14, "Elaboró, Revisó, Autorizó… (una fila por firma, en orden)."),
        "nombre": (45, "Nombre completo con grado (p. ej. Lcda. …)."),
        "cargo": (55, "Cargo de quien firma."),
    },
}
assert all(set(COLUMNAS[h]) >= set(HOJAS[h][1]) for h in HOJAS), "falta describir una columna"

INTRODUCCION = [
    "Libro para el reporte trimestral de actividades",
    "",
    "Llene cada hoja debajo de sus encabezados (fila 1). No cambie el nombre de las hojas ni de "
    "los encabezados: el programa los busca por su nombre (mayúsculas y acentos no importan).",
    "Una fila por dato; las filas vacías se ignoran. Las columnas marcadas (obligatoria) no "
    "pueden quedar vacías.",
    "Fechas: escríbalas como 30/05/2023 (dd/mm/aaaa); también se aceptan 2023-05-30 y "
    "«30 de mayo de 2023». Si escribe una fórmula, guarde el libro en Excel antes de usarlo.",
    "Fotografías, de dos formas que se pueden mezclar: (1) guarde las fotos en una carpeta junto "
    "a este libro (p. ej. «fotos») y escriba su ruta, p. ej. fotos/foto1.jpg; o (2) pegue cada "
    "foto en la hoja Fotografías, en la fila con el id de su actividad y su pie, dejando "
    "«archivo» vacío (Insertar › Imágenes sobre la fila, o en Excel 365 «Colocar en celda» en la "
    "columna archivo). Cuenta la fila donde queda la esquina superior izquierda de la imagen. "
    "También puede pegar fotos en la hoja Actividades, en la fila de su actividad: salen sin pie, "
    "de izquierda a derecha. Así basta enviar este libro, sin carpeta de fotos. Se aceptan JPEG, "
    "PNG, HEIC y otros formatos comunes.",
    "Si lo realizado difiere de lo programado, la justificación es obligatoria.",
    "",
    "Para revisar el libro sin generar nada:   reporte-docx validar LIBRO.xlsx",
    "Para generar el reporte en Word:           reporte-docx generar LIBRO.xlsx",
    "La revisión lista todos los problemas a la vez, con su hoja, fila y columna.",
]


def _instrucciones(ws: Worksheet) -> None:
    filas = list(INTRODUCCION)
    for clave, (_, columnas) in HOJAS.items():
        filas += ["", f"Hoja «{NOMBRES_HOJAS[clave]}»"]
        for columna, (_, explicacion) in COLUMNAS[clave].items():
            obligatoria = " (obligatoria)" if columnas.get(columna) else ""
            filas.append(f"   {columna}{obligatoria}: {explicacion}")
        if clave == "reporte":
            for campo, (descripcion, requerido) in CAMPOS_REPORTE.items():
                marca = " (obligatorio)" if requerido else ""
                filas.append(f"      · {campo}{marca}: {descripcion}")
    for texto in filas:
        ws.append([texto])
    ws.column_dimensions["A"].width = 110
    ws["A1"].font = Font(bold=True, size=14)
    for celda in ws["A"]:
        celda.alignment = Alignment(wrap_text=True, vertical="top")
        if isinstance(celda.value, str) and celda.value.startswith("Hoja «"):
            celda.font = Font(bold=True)


def _hoja(libro: Workbook, clave: str) -> Worksheet:
    ws = libro.create_sheet(NOMBRES_HOJAS[clave])
    columnas = COLUMNAS[clave]
    ws.append(list(columnas))
    for i, (columna, (ancho, _)) in enumerate(columnas.items(), start=1):
        letra = get_column_letter(i)
        dimension = ws.column_dimensions[letra]
        dimension.width = ancho
        if columna == "fecha":
            dimension.number_format = FORMATO_FECHA
        elif ancho >= 40:
            dimension.alignment = Alignment(wrap_text=True, vertical="top")
        celda = ws.cell(1, i)
        celda.font = Font(bold=True)
        celda.fill = ENCABEZADO
    ws.freeze_panes = "A2"
    return ws


def _validacion(ws: Worksheet, rango: str, **opciones) -> None:
    dv = DataValidation(allow_blank=True, showErrorMessage=True, **opciones)
    dv.add(rango)
    ws.add_data_validation(dv)


def _columna(clave: str, columna: str) -> str:
    return get_column_letter(list(COLUMNAS[clave]).index(columna) + 1)


def _lista_para_pegar(ws: Worksheet) -> None:
    """``Fotografias`` ready for pasted photos: thumbnail-sized rows, and a tip on «archivo».

    The tip is Excel's input message of a data validation: it appears whenever a
    cell of the column is selected, where a note in another column would be missed.
    """
    for fila in range(2, FILAS_PARA_PEGAR + 2):
        ws.row_dimensions[fila].height = ALTO_MINIATURA_PT
    for columna in COLUMNAS["fotografias"]:  # text at the top, beside the photo's top
        ws.column_dimensions[_columna("fotografias", columna)].alignment = Alignment(
            wrap_text=True, vertical="top"
        )
    letra = _columna("fotografias", "archivo")
    ayuda = DataValidation(
        allow_blank=True, showInputMessage=True, promptTitle="Foto", prompt=PEGAR[:255]
    )
    ayuda.add(f"{letra}2:{letra}{FILAS}")
    ws.add_data_validation(ayuda)
    ws[f"{letra}1"].comment = Comment(PEGAR, "reporte-docx", width=300, height=90)


def construir_libro_nuevo() -> Workbook:
    """The empty workbook of the contract (in memory)."""
    libro = Workbook()
    _instrucciones(libro.active)
    libro.active.title = "Instrucciones"

    reporte = _hoja(libro, "reporte")
    for campo, (descripcion, requerido) in CAMPOS_REPORTE.items():
        reporte.append([campo, None, descripcion + ("" if requerido else " (opcional)")])
        reporte.cell(reporte.max_row, 1).fill = FIJO
    fila = {campo: i for i, campo in enumerate(CAMPOS_REPORTE, start=2)}
    enteros = {
        "trimestre": ("1", "4", "El trimestre es 1, 2, 3 o 4."),
        "ejercicio": ("2000", "2100", "Escriba el año con 4 cifras, p. ej. 2023."),
        "programadas": ("0", "1000000", "Escriba un número entero, 0 o más."),
        "realizadas": ("0", "1000000", "Escriba un número entero, 0 o más."),
    }
    for campo, (minimo, maximo, error) in enteros.items():
        _validacion(
            reporte,
            f"B{fila[campo]}",
            type="whole",
            operator="between",
            formula1=minimo,
            formula2=maximo,
            error=error,
            errorTitle="Valor no válido",
        )
    for i in range(2, reporte.max_row + 1):
        reporte.cell(i, 2).alignment = Alignment(wrap_text=True, vertical="top")

    for clave in ("actividades", "fotografias", "eventos", "firmas"):
        ws = _hoja(libro, clave)
        if "fecha" in COLUMNAS[clave]:
            letra = _columna(clave, "fecha")
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
        if "actividad" in COLUMNAS[clave]:
            letra = _columna(clave, "actividad")
            ids = f"'{NOMBRES_HOJAS['actividades']}'!$A$2:$A${FILAS}"
            _validacion(
                ws,
                f"{letra}2:{letra}{FILAS}",
                type="list",
                formula1=ids,
                errorStyle="warning",
                error="Use el id de una actividad de la hoja Actividades.",
                errorTitle="Actividad",
            )
        if clave == "fotografias":
            _lista_para_pegar(ws)
        if clave == "firmas":
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
