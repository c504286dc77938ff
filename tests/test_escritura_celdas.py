"""Cells written back into a workbook, as LibreOffice Calc opens it (a real ``soffice``)."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile

import openpyxl
import pytest

from reporte_docx.libro.escritura import Celda, escribir_celdas
from tests.libros_de_escritura import (
    con_cadena_de_calculo,
    libro_completo,
    libro_openpyxl_con_formula,
)
from tests.utiles import convertir_con_libreoffice, guardar_con_calc, validar_ooxml

pytestmark = pytest.mark.lento

HOJA = "Actividades"


def _csv(ruta, carpeta):
    """The first sheet as LibreOffice shows it (UTF-8, its texts with their line breaks)."""
    carpeta.mkdir(exist_ok=True)
    convertir_con_libreoffice("csv:Text - txt - csv (StarCalc):44,34,76,1", carpeta, ruta)
    with open(carpeta / ruta.with_suffix(".csv").name, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _errores(ruta):
    """The Open XML SDK validator's findings (openpyxl's own styles have one already)."""
    return [(e["path"], e["description"]) for e in validar_ooxml(ruta)["errors"]]


def _imagenes(ruta):
    with zipfile.ZipFile(ruta) as z:
        return sorted(z.read(n) for n in z.namelist() if n.startswith("xl/media/"))


def test_libreoffice_muestra_los_valores_nuevos_y_conserva_las_imagenes(tmp_path):
    libro = libro_completo(tmp_path / "actividades.xlsx")
    antes = _imagenes(guardar_con_calc(libro, tmp_path / "calc-antes"))
    respaldo = escribir_celdas(
        libro,
        {
            Celda(HOJA, 2, 2): "Primera línea\nSegunda línea",
            Celda(HOJA, 3, 3): dt.date(2023, 6, 15),
            Celda(HOJA, 4, 5): 12.5,
        },
    )
    filas = _csv(libro, tmp_path / "csv")
    assert filas[1][1] == "Primera línea\nSegunda línea"
    assert filas[2][2] == "15/06/2023"
    assert filas[3][4] == "12.5"
    assert filas[2][1] == "Actividad 2"
    # saved again by Calc: it read the pictures (floating and in a cell) and the validation
    copia = guardar_con_calc(libro, tmp_path / "calc")
    assert antes and _imagenes(copia) == antes
    assert _imagenes(respaldo) == _imagenes(libro)
    assert _errores(respaldo) == _errores(libro) == []
    hoja = openpyxl.load_workbook(copia)[HOJA]
    assert hoja["B2"].value == "Primera línea\nSegunda línea"
    assert hoja["C3"].value == dt.datetime(2023, 6, 15)
    assert hoja.data_validations.dataValidation[0].prompt == "Elija el municipio de la lista"


def test_libreoffice_recalcula_lo_que_depende_de_la_formula_quitada(tmp_path):
    libro = libro_openpyxl_con_formula(tmp_path / "datos.xlsx")
    respaldo = escribir_celdas(libro, {Celda("Datos", 2, 2): 4, Celda("Datos", 2, 3): 100})
    assert _errores(libro) == _errores(respaldo)
    filas = _csv(libro, tmp_path / "csv")
    assert filas[1] == ["uno", "4", "100"]
    assert filas[2][1] == "14"  # B3 = B2 + 10, with the new B2


def test_sin_la_cadena_de_calculo_el_libro_sigue_valido(tmp_path):
    libro = con_cadena_de_calculo(libro_openpyxl_con_formula(tmp_path / "datos.xlsx"))
    respaldo = escribir_celdas(libro, {Celda("Datos", 2, 3): 7})
    assert _errores(libro) == _errores(respaldo)
    filas = _csv(libro, tmp_path / "csv")
    assert filas[1] == ["uno", "1", "7"] and filas[2][1] == "11"
