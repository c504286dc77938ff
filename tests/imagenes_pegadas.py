"""Workbooks with pictures pasted in them, as Excel, openpyxl and LibreOffice Calc write them.

XlsxWriter writes pictures the way Excel does: ``insert_image`` floats one over
the sheet and ``embed_image`` places it *in* a cell (the ``xl/richData`` chain
of Excel 365's «Colocar en celda»). openpyxl's ``add_image`` floats one too.
LibreOffice Calc re-saves a workbook with its own anchors.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import docx
import openpyxl
import xlsxwriter
from docx.oxml.ns import qn
from openpyxl.drawing.image import Image as ImagenOpenpyxl
from PIL import Image

from tests.utiles import ACTIVIDAD, CAMPOS_REPORTE, ENCABEZADOS, FIRMAS, guardar_con_calc

#: (sheet, cell, picture file): where a picture is pasted.
Pegado = tuple[str, str, Path]


def foto_marcada(ruta: Path, arriba: str, abajo: str, orientacion: int = 1) -> Path:
    """A 400x300 JPEG whose top half is *arriba* and bottom half *abajo* (colour names).

    With EXIF *orientacion* 6 (a phone held upright) the top half is seen on the right.
    """
    imagen = Image.new("RGB", (400, 300), abajo)
    imagen.paste(Image.new("RGB", (400, 150), arriba), (0, 0))
    exif = Image.Exif()
    exif[0x0112] = orientacion
    ruta.parent.mkdir(parents=True, exist_ok=True)
    imagen.save(ruta, "JPEG", quality=95, exif=exif.tobytes())
    return ruta


def actividad(ident: str, nombre: str) -> tuple:
    return (ident, nombre, *ACTIVIDAD[2:])


def libro_xlsxwriter(
    ruta: Path,
    *,
    actividades: list[tuple] | None = None,
    fotografias: Sequence[tuple] = (),
    flotantes: Sequence[Pegado] = (),
    en_celda: Sequence[Pegado] = (),
    reporte: dict | None = None,
    eventos: Sequence[tuple] = (),
    firmas: list[tuple] | None = None,
) -> Path:
    """A workbook of the contract written by XlsxWriter, with pictures floating or in cells.

    *reporte* overrides fields of the Reporte sheet, as :func:`tests.utiles.crear_libro`'s.
    """
    filas = {
        "Reporte": list({**CAMPOS_REPORTE, **(reporte or {})}.items()),
        "Actividades": actividades if actividades is not None else [ACTIVIDAD],
        "Fotografias": list(fotografias),
        "Eventos": list(eventos),
        "Firmas": firmas if firmas is not None else FIRMAS,
    }
    libro = xlsxwriter.Workbook(str(ruta), {"default_date_format": "dd/mm/yyyy"})
    hojas = {}
    for nombre, encabezados in ENCABEZADOS.items():
        hoja = hojas[nombre] = libro.add_worksheet(nombre)
        hoja.write_row(0, 0, encabezados)
        for i, fila in enumerate(filas[nombre], start=1):
            for j, valor in enumerate(fila):
                if valor is not None and valor != "":
                    hoja.write(i, j, valor)
    for nombre, celda, imagen in flotantes:
        hojas[nombre].insert_image(celda, str(imagen), {"x_scale": 0.3, "y_scale": 0.3})
    for nombre, celda, imagen in en_celda:
        hojas[nombre].embed_image(celda, str(imagen))
    libro.close()
    return ruta


def pegar_con_openpyxl(ruta: Path, flotantes: list[Pegado]) -> Path:
    """*ruta* (any workbook) with pictures floated over cells by openpyxl's ``add_image``."""
    libro = openpyxl.load_workbook(ruta)
    for nombre, celda, imagen in flotantes:
        libro[nombre].add_image(ImagenOpenpyxl(str(imagen)), celda)
    libro.save(ruta)
    return ruta


def con_calc(ruta: Path, destino: Path) -> Path:
    """*ruta* opened and saved as .xlsx by LibreOffice Calc, as *destino*."""
    with tempfile.TemporaryDirectory() as carpeta:
        return Path(shutil.move(guardar_con_calc(ruta, Path(carpeta)), destino))


def fotos_por_ficha(ruta: Path, nombres: list[str]) -> dict[str, list[tuple[Image.Image, str]]]:
    """Each activity's pictures (named by *nombres*) in the document, with their captions.

    The body is walked in order: a paragraph that reads an activity's name
    opens its ficha; a picture belongs to the ficha open, its caption is the
    paragraph right after it.
    """
    documento = docx.Document(str(ruta))
    resultado: dict[str, list[tuple[Image.Image, str]]] = {n: [] for n in nombres}
    actual = None
    parrafos = list(documento.element.body.iter(qn("w:p")))
    for i, p in enumerate(parrafos):
        texto = "".join(t.text or "" for t in p.iter(qn("w:t"))).strip().strip('“”"')
        if texto in resultado:
            actual = texto
        for blip in p.iter(qn("a:blip")):
            datos = documento.part.related_parts[blip.get(qn("r:embed"))].blob
            pie = "".join(t.text or "" for t in parrafos[i + 1].iter(qn("w:t")))
            assert actual is not None, "una foto antes de toda ficha"
            resultado[actual].append((Image.open(io.BytesIO(datos)), pie))
    return resultado


def color(imagen: Image.Image, x: float, y: float) -> str:
    """``rojo``/``verde``/``azul``/``amarillo``… of the pixel at fractions (*x*, *y*) of the picture."""
    r, g, b = imagen.convert("RGB").getpixel((int(x * imagen.width), int(y * imagen.height)))
    nombres = {
        "rojo": (255, 0, 0),
        "verde": (0, 128, 0),
        "azul": (0, 0, 255),
        "amarillo": (255, 255, 0),
        "blanco": (255, 255, 255),
        "negro": (0, 0, 0),
    }
    return min(
        nombres, key=lambda n: sum((a - c) ** 2 for a, c in zip((r, g, b), nombres[n], strict=True))
    )
