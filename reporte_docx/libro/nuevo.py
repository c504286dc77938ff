"""``libro-nuevo``: an empty workbook of the contract, ready to fill in Excel.

Every sheet and header the reader expects, written as a person writes them
(«Fecha de término»); the ``Reporte`` sheet listing each field by its label in
the report («PROGRAMA PRESUPUESTARIO»); an ``Instrucciones`` sheet in Spanish,
one short line per row so that it reads the same in Excel and in LibreOffice
Calc; an input prompt (Excel's «mensaje de entrada») on every data cell saying
what goes there with an example; date formats and date validation on date
columns; data validation where a wrong value is easy to type; frozen headers
and readable widths. Filled in through its own headers it validates and
generates. A workbook may start with values already written (:class:`Inicio`:
the next quarter's, see :mod:`~reporte_docx.libro.siguiente`).
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field
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
from reporte_docx.libro.contrato import LIMITES, Campo, Columna, Contrato, Hoja

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
#: Excel's limits for an input prompt: its title and its text.
LARGO_TITULO, LARGO_MENSAJE = 32, 255
#: Characters per line of the ``Instrucciones`` sheet, and the width of its column. Each
#: line is a row of its own, never a wrapped cell: Excel does not grow a row to fit a
#: wrapped text written by another program, and Calc then draws the lines over each other.
ANCHO_LINEA, ANCHO_COLUMNA = 92, 100

INTRODUCCION = [
    "Llene cada hoja debajo de sus encabezados (fila 1). No cambie el nombre de las hojas ni de "
    "los encabezados: el programa los busca por su nombre (mayúsculas y acentos no importan). "
    "Al elegir una celda, Excel muestra qué va en ella, con un ejemplo.",
    "Una fila por dato; las filas vacías se ignoran. Las columnas marcadas (obligatoria) no "
    "pueden quedar vacías.",
    "Fechas: escríbalas como 30/05/2023 (dd/mm/aaaa); también se aceptan 2023-05-30, "
    "«30 de mayo de 2023» y «lunes 5 de junio del 2023». Una actividad de varios días: "
    "«del 5 al 9 de junio de 2023» en «Fecha» (Excel pregunta si desea continuar: elija «Sí»), "
    "o el último día en «Fecha de término». "
    "Si escribe una fórmula, guarde el libro en Excel antes de usarlo.",
    "Fotografías, de dos formas que se pueden mezclar: (1) guarde las fotos en una carpeta junto "
    "a este libro (p. ej. «fotos») y escriba su ruta en «Archivo», p. ej. fotos/foto1.jpg; o "
    "(2) pegue cada foto en la hoja Fotografías, en la fila con el número de su actividad y su "
    "pie de foto, dejando «Archivo» vacío (Insertar › Imágenes sobre la fila, o en Excel 365 "
    "«Colocar en celda» en la columna «Archivo»). Cuenta la fila donde queda la esquina superior "
    "izquierda de la imagen. También puede pegar fotos en la hoja Actividades, en la fila de su "
    "actividad: salen sin pie, de izquierda a derecha. Así basta enviar este libro, sin carpeta "
    "de fotos. Se aceptan JPEG, PNG, HEIC y otros formatos comunes.",
    "Si lo realizado difiere de lo programado, la justificación es obligatoria.",
    "Versión pública (para publicar en el portal de transparencia): en la hoja Testado escriba "
    "cada nombre, domicilio o dato que no debe publicarse, con su fundamento legal; en "
    "Fotografías marque «sí» en «Reservada» las fotos que no deben publicarse. Luego: "
    "reporte-docx generar LIBRO.xlsx --version-publica. El reporte ordinario no cambia.",
    "Lo oculto también se lee: las filas ocultas o filtradas, las columnas y hojas ocultas van al "
    "reporte (con un aviso). Borre lo que no deba ir. Una celda combinada vale para todas sus "
    "filas; un hipervínculo conserva su dirección.",
    "",
    "Para revisar el libro sin generar nada:   reporte-docx validar LIBRO.xlsx",
    "Para generar el reporte en Word:           reporte-docx generar LIBRO.xlsx",
    "Para empezar el trimestre siguiente:       reporte-docx libro-nuevo NUEVO.xlsx --desde LIBRO.xlsx",
    "La revisión lista todos los problemas a la vez, con su hoja, fila y columna.",
]
TITULO = "Libro para el reporte trimestral de actividades"


@dataclass(frozen=True)
class Inicio:
    """What a new workbook starts with instead of empty cells.

    *campos*: the value of ``Reporte`` fields, by key. *firmas*: the rows of the
    ``Firmas`` sheet, each by column name (none: the usual roles, empty).
    """

    campos: dict[str, Any] = field(default_factory=dict)
    firmas: tuple[dict[str, Any], ...] = ()


def _con_ejemplo(texto: str, ejemplo: str) -> str:
    return f"{texto} Ejemplo: {ejemplo}" if ejemplo else texto


def _lineas(texto: str, sangria: str = "") -> list[str]:
    """*texto* cut into lines of the Instrucciones sheet (the next ones indented a little more)."""
    if not texto:
        return [""]
    return textwrap.wrap(
        texto, ANCHO_LINEA, initial_indent=sangria, subsequent_indent=sangria + "   "
    )


def _texto_de_columna(columna: Columna) -> str:
    obligatoria = " (obligatoria)" if columna.obligatoria else ""
    return _con_ejemplo(f"{columna.encabezado}{obligatoria}: {columna.ayuda}", columna.ejemplo)


def _texto_de_campo(campo: Campo) -> str:
    marca = " (obligatorio)" if campo.obligatorio else ""
    return _con_ejemplo(f"· {campo.rotulo}{marca}: {campo.descripcion}.", campo.ejemplo)


def lineas_de_instrucciones(contrato: Contrato) -> list[tuple[str, str]]:
    """Each line of the Instrucciones sheet with its kind: ``titulo``, ``hoja`` or ``texto``."""
    filas = [("titulo", TITULO), ("texto", "")]
    for parrafo in INTRODUCCION:
        filas += [("texto", linea) for linea in _lineas(parrafo)]
    for hoja in contrato.hojas:
        filas += [("texto", ""), ("hoja", f"Hoja «{hoja.nombre}»")]
        for columna in hoja.columnas:
            filas += [("texto", linea) for linea in _lineas(_texto_de_columna(columna), "   ")]
        if hoja.clave == "reporte":
            filas.append(("texto", "   Los campos, en la columna «Campo»:"))
            for campo in contrato.campos:
                filas += [("texto", linea) for linea in _lineas(_texto_de_campo(campo), "      ")]
    return filas


def _instrucciones(ws: Worksheet, contrato: Contrato) -> None:
    """One line per row, unwrapped, in a column wide enough; printed one page wide."""
    for tipo, texto in lineas_de_instrucciones(contrato):
        ws.append([texto])
        if tipo != "texto":
            ws.cell(ws.max_row, 1).font = Font(bold=True, size=14 if tipo == "titulo" else 11)
    ws.column_dimensions["A"].width = ANCHO_COLUMNA
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _hoja(libro: Workbook, hoja: Hoja) -> Worksheet:
    ws = libro.create_sheet(hoja.nombre)
    ws.append(hoja.encabezados)
    for i, columna in enumerate(hoja.columnas, start=1):
        dimension = ws.column_dimensions[get_column_letter(i)]
        dimension.width = max(columna.ancho, len(columna.encabezado) + 3)
        if columna.tipo in ("fecha", "periodo"):
            dimension.number_format = FORMATO_FECHA
        elif columna.ancho >= 40:
            dimension.alignment = Alignment(wrap_text=True, vertical="top")
        celda = ws.cell(1, i)
        celda.font = Font(bold=True)
        celda.fill = ENCABEZADO
    ws.freeze_panes = "A2"
    return ws


def _validacion(ws: Worksheet, rango: str, titulo: str, mensaje: str, **opciones: Any) -> None:
    """One data validation on *rango*: its input prompt (*titulo*, *mensaje*) and its rule.

    A cell holds one data validation only, so its prompt and its rule (a date, a
    list…) go together. Without a rule it only shows the prompt.
    """
    if mensaje and len(mensaje) > LARGO_MENSAJE:
        mensaje = mensaje[: LARGO_MENSAJE - 1].rsplit(" ", 1)[0] + "…"
    dv = DataValidation(
        allow_blank=True,
        showErrorMessage="type" in opciones,
        showInputMessage=bool(mensaje),
        promptTitle=titulo[:LARGO_TITULO] or None,
        prompt=mensaje or None,
        **opciones,
    )
    dv.add(rango)
    ws.add_data_validation(dv)


def _letra(hoja: Hoja, columna: str) -> str:
    return str(get_column_letter(hoja.nombres.index(columna) + 1))


def _regla_de_campo(campo: Campo) -> dict[str, Any]:
    if campo.tipo not in LIMITES:
        return {}
    minimo, maximo, error = LIMITES[campo.tipo]
    return {
        "type": "whole",
        "operator": "between",
        "formula1": str(minimo),
        "formula2": str(maximo),
        "error": error,
        "errorTitle": "Valor no válido",
    }


def _hoja_reporte(libro: Workbook, contrato: Contrato, inicio: Inicio) -> None:
    """The ``Reporte`` sheet: one row per field by its label, its value's prompt and limits."""
    hoja = contrato.hoja("reporte")
    reporte = _hoja(libro, hoja)
    for i, campo in enumerate(contrato.campos, start=2):
        ayuda = campo.descripcion + ("" if campo.obligatorio else " (opcional)") + "."
        reporte.append(
            [campo.rotulo, inicio.campos.get(campo.clave), _con_ejemplo(ayuda, campo.ejemplo)]
        )
        reporte.cell(i, 1).fill = FIJO
        reporte.cell(i, 1).font = Font(bold=True)
        reporte.cell(i, 2).alignment = Alignment(wrap_text=True, vertical="top")
        reporte.cell(i, 3).alignment = Alignment(wrap_text=True, vertical="top")
        _validacion(
            reporte,
            f"B{i}",
            campo.rotulo,
            _con_ejemplo(ayuda, campo.ejemplo),
            **_regla_de_campo(campo),
        )
    ultima = len(contrato.campos) + 1
    for columna in hoja.columnas:
        if columna.nombre != "valor":
            letra = _letra(hoja, columna.nombre)
            _validacion(reporte, f"{letra}2:{letra}{ultima}", columna.encabezado, columna.ayuda)


def _regla_de_columna(columna: Columna, contrato: Contrato) -> dict[str, Any]:
    """Dates as dates and ids from the Actividades sheet (a warning only, never a refusal);
    yes/no columns from their list.

    A period («del 5 al 9 de junio de 2023») is text: Excel asks, and «Sí» keeps it.
    """
    if columna.tipo in ("fecha", "periodo"):
        return {
            "type": "date",
            "operator": "between",
            "formula1": "DATE(2000,1,1)",
            "formula2": "DATE(2100,12,31)",
            "errorStyle": "warning",
            "error": "Escriba una fecha como 30/05/2023."
            + (
                " Si es un periodo («del 5 al 9 de junio de 2023»), elija «Sí»."
                if columna.tipo == "periodo"
                else ""
            ),
            "errorTitle": "Fecha",
        }
    if columna.tipo == "siono":
        return {
            "type": "list",
            "formula1": '"' + ",".join(SI_NO) + '"',
            "error": "Escriba «sí» o «no» (o deje la celda vacía).",
            "errorTitle": columna.encabezado,
        }
    if columna.tipo == "referencia":
        actividades = contrato.hoja("actividades")
        id_ = _letra(actividades, "id")
        return {
            "type": "list",
            "formula1": f"'{actividades.nombre}'!${id_}$2:${id_}${FILAS}",
            "errorStyle": "warning",
            "error": "Use el número de una actividad de la hoja Actividades.",
            "errorTitle": "Actividad",
        }
    return {}


def _validar_columnas(ws: Worksheet, hoja: Hoja, contrato: Contrato) -> None:
    """Every data cell of every column: its prompt (what goes there, an example) and its rule."""
    for columna in hoja.columnas:
        letra = _letra(hoja, columna.nombre)
        regla = _regla_de_columna(columna, contrato)
        if hoja.clave == "firmas" and columna.nombre == "rol":
            regla = {
                "type": "list",
                "formula1": '"' + ",".join(ROLES) + '"',
                "errorStyle": "information",
                "error": "Los roles habituales son Elaboró, Revisó y Autorizó.",
                "errorTitle": "Rol",
            }
        titulo = columna.encabezado + ("" if columna.obligatoria else " (opcional)")
        if len(titulo) > LARGO_TITULO:
            titulo = columna.encabezado
        mensaje = _con_ejemplo(columna.ayuda, columna.ejemplo)
        _validacion(ws, f"{letra}2:{letra}{FILAS}", titulo, mensaje, **regla)


def _lista_para_pegar(ws: Worksheet, hoja: Hoja) -> None:
    """``Fotografias`` ready for pasted photos: thumbnail-sized rows, and a note on «Archivo».

    The cells' input prompt (from the contract) says both ways; the note on the
    header says it to whoever reads the header first.
    """
    for fila in range(2, FILAS_PARA_PEGAR + 2):
        ws.row_dimensions[fila].height = ALTO_MINIATURA_PT
    for columna in hoja.nombres:  # text at the top, beside the photo's top
        ws.column_dimensions[_letra(hoja, columna)].alignment = Alignment(
            wrap_text=True, vertical="top"
        )
    ws[f"{_letra(hoja, 'archivo')}1"].comment = Comment(PEGAR, "reporte-docx", width=300, height=90)


def _hoja_firmas(ws: Worksheet, hoja: Hoja, inicio: Inicio) -> None:
    filas = inicio.firmas or tuple({"rol": rol} for rol in ROLES)
    for fila in filas:
        ws.append([fila.get(nombre) for nombre in hoja.nombres])


def construir_libro_nuevo(
    contrato: Contrato | None = None, inicio: Inicio | None = None
) -> Workbook:
    """The workbook of *contrato* (by default the package's, looked up at each call).

    Empty, or starting with what *inicio* says.
    """
    contrato = contrato or contratos.CONTRATO
    inicio = inicio or Inicio()
    libro = Workbook()
    _instrucciones(libro.active, contrato)
    libro.active.title = "Instrucciones"
    _hoja_reporte(libro, contrato, inicio)
    for hoja in contrato.hojas:
        if hoja.clave == "reporte":
            continue
        ws = _hoja(libro, hoja)
        _validar_columnas(ws, hoja, contrato)
        if hoja.clave == "fotografias":
            _lista_para_pegar(ws, hoja)
        if hoja.clave == "firmas":
            _hoja_firmas(ws, hoja, inicio)
    libro.active = 0
    return libro


def revisar_destino(destino: str | Path) -> Path:
    """*destino* as a new workbook's path, or :class:`ErrorDeSalida` saying what is wrong."""
    destino = Path(destino)
    if destino.suffix.lower() != ".xlsx":
        raise ErrorDeSalida(f"«{destino}» debe terminar en .xlsx (p. ej. reporte_2023_T2.xlsx)")
    if destino.is_dir():
        raise ErrorDeSalida(f"«{destino}» es una carpeta; indique el nombre del libro .xlsx")
    if destino.exists():
        raise ErrorDeSalida(f"«{destino}» ya existe; elija otro nombre (no se modificó nada)")
    return destino


def libro_en_bytes(contrato: Contrato | None = None, inicio: Inicio | None = None) -> bytes:
    """The new workbook as the bytes of its .xlsx."""
    datos = io.BytesIO()
    construir_libro_nuevo(contrato, inicio).save(datos)
    return datos.getvalue()


def crear_libro_nuevo(destino: str | Path, inicio: Inicio | None = None) -> Path:
    """Write the new workbook to *destino* (never over an existing file); returns its path."""
    destino = revisar_destino(destino)
    # reemplazar=False: a file that appears meanwhile is never overwritten either
    escribir_atomico(destino, libro_en_bytes(inicio=inicio), reemplazar=False)
    return destino
