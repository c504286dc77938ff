"""Workbooks for writing cells back: what Excel keeps that openpyxl would lose on saving.

XlsxWriter writes them as Excel does: a picture floating over the sheet
(``insert_image``), one placed in a cell (``embed_image``, the ``xl/richData``
chain), a list validation with its input message, a note (``write_comment``,
a VML drawing), column widths, a date with its format and a second sheet.
openpyxl writes the other one: shared strings and a formula.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import xlsxwriter

from tests.imagenes_pegadas import foto_marcada


def libro_completo(ruta: Path, fotos: int = 2, filas: int = 3) -> Path:
    """«Actividades» (header and *filas* rows) and «Resumen»; *fotos* pictures per row, half
    floating, half in cells (in column F and G)."""
    foto = foto_marcada(ruta.parent / "foto_escritura.jpg", "red", "blue")
    libro = xlsxwriter.Workbook(str(ruta))
    hoja = libro.add_worksheet("Actividades")
    fecha = libro.add_format({"num_format": "dd/mm/yyyy"})
    ajuste = libro.add_format({"text_wrap": True})
    hoja.set_column("A:A", 8)
    hoja.set_column("B:B", 40, ajuste)
    hoja.set_column("C:C", 14, fecha)
    hoja.write_row(0, 0, ["id", "descripcion", "fecha", "lugar", "meta"])
    for fila in range(1, filas + 1):
        hoja.write_number(fila, 0, fila)
        hoja.write_string(fila, 1, f"Actividad {fila}", ajuste)
        hoja.write_datetime(fila, 2, dt.datetime(2023, 5, fila), fecha)
        hoja.write_string(fila, 3, "Chetumal")
        for n in range(fotos):
            if n % 2:
                hoja.embed_image(fila, 6 + n, str(foto))
            else:
                hoja.insert_image(fila, 5 + n, str(foto), {"x_scale": 0.2, "y_scale": 0.2})
    hoja.data_validation(
        "D2:D50",
        {
            "validate": "list",
            "source": ["Chetumal", "Cancún", "Bacalar"],
            "input_title": "Lugar",
            "input_message": "Elija el municipio de la lista",
        },
    )
    hoja.write_comment("B1", "Lo que se hizo, en pocas líneas")
    resumen = libro.add_worksheet("Resumen")
    resumen.write_string(0, 0, "Total")
    resumen.write_number(0, 1, filas)
    libro.close()
    return ruta


def libro_openpyxl_con_formula(ruta: Path) -> Path:
    """A workbook by openpyxl: shared strings, and a formula in «Datos»!B2."""
    libro = openpyxl.Workbook()
    hoja = libro.active
    hoja.title = "Datos"
    hoja.append(["nombre", "valor", "doble"])
    hoja.append(["uno", 1, "=B2*2"])
    hoja["B3"] = "=B2+10"
    libro.save(ruta)
    return ruta


def con_cadena_de_calculo(libro: Path) -> Path:
    """Add the calcChain part Excel would write for the formulas in C2 and B3."""
    with zipfile.ZipFile(libro) as z:
        partes = {i.filename: z.read(i) for i in z.infolist()}
    partes["xl/calcChain.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns='
        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="C2" i="1"/>'
        b'<c r="B3"/></calcChain>'
    )
    partes["xl/_rels/workbook.xml.rels"] = partes["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/calcChain" Target="calcChain.xml"/></Relationships>',
    )
    partes["[Content_Types].xml"] = partes["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.calcChain+xml"/></Types>',
    )
    with zipfile.ZipFile(libro, "w", zipfile.ZIP_DEFLATED) as z:
        for nombre, datos in partes.items():
            z.writestr(nombre, datos)
    return libro
