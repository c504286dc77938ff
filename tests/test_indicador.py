"""The indicator table: period line, quarter words, advance percentage in every case."""

from __future__ import annotations

import datetime as dt

import docx
import pytest

from reporte_docx.api import generar_reporte as generar
from tests.utiles import crear_libro, texto_docx


@pytest.mark.parametrize(
    ("trimestre", "periodo", "total"),
    [
        (1, "(PRIMER TRIMESTRE ENERO - MARZO 2023)", "TOTAL, EN EL TRIMESTRE I (ENERO - MARZO)"),
        (
            4,
            "(CUARTO TRIMESTRE OCTUBRE - DICIEMBRE 2023)",
            "TOTAL, EN EL TRIMESTRE IV (OCTUBRE - DICIEMBRE)",
        ),
    ],
)
def test_linea_del_periodo_segun_el_trimestre(tmp_path, trimestre, periodo, total):
    mes = 3 * trimestre - 1
    libro = crear_libro(
        tmp_path / "t.xlsx",
        reporte={"trimestre": trimestre},
        actividades=[("1", "A", dt.datetime(2023, mes, 15), "L", "D", "")],
    )
    texto = texto_docx(generar(libro).ruta)
    assert periodo in texto and total in texto
    assert f"15 de {['febrero', 'noviembre'][trimestre == 4]} de 2023" in texto


@pytest.mark.parametrize(
    ("programadas", "realizadas", "justificacion", "avance"),
    [
        (0, 0, "", "N/A"),  # nothing programmed: no division by zero
        (4, 3, "Una etapa se reprogramó", "75%"),
        (2, 3, "Se adelantó una etapa", "150%"),
        (3, 2.5, "Avance parcial", "83%"),
    ],
)
def test_porcentaje_de_avance(tmp_path, programadas, realizadas, justificacion, avance):
    # the official format has no percentage row: a template asks for it
    plantilla = docx.Document()
    plantilla.add_paragraph("PORCENTAJE DE AVANCE")
    plantilla.add_paragraph("{{ reporte.porcentaje_avance }}")
    plantilla.save(tmp_path / "con_avance.docx")
    libro = crear_libro(
        tmp_path / "a.xlsx",
        reporte={
            "programadas": programadas,
            "realizadas": realizadas,
            "justificacion": justificacion,
        },
    )
    texto = texto_docx(generar(libro, plantilla=tmp_path / "con_avance.docx").ruta)
    assert f"PORCENTAJE DE AVANCE\n{avance}" in texto
    assert "PORCENTAJE DE AVANCE" not in texto_docx(generar(libro, tmp_path / "b.docx").ruta)
