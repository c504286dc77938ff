"""``libro-nuevo --desde``: the next quarter's workbook from the last one, end to end.

The last quarter's workbook is written as an office fills it (XlsxWriter, with the new
headers and the report's labels; openpyxl, with the old keys; re-saved by Calc), the
next one is made by the real command line, filled in again and turned into the report.
The Instrucciones sheet is rendered by LibreOffice Calc and read back.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reporte_docx import ErrorDeDatos, crear_libro_siguiente, libro_siguiente
from reporte_docx.libro.contrato import CONTRATO
from reporte_docx.libro.nuevo import construir_libro_nuevo, lineas_de_instrucciones
from reporte_docx.texto import normalizar_nombre
from tests.utiles import (
    CAMPOS_REPORTE,
    convertir_con_libreoffice,
    crear_foto,
    crear_libro,
    ejecutar,
    guardar_con_calc,
    texto_docx,
)

FIRMANTES = [
    ("Elaboró", "Lcda. Ana López Pérez", "Jefa de Departamento"),
    ("Revisó", "Mtra. Rosa Díaz Can", "Directora de Derechos Humanos"),
    ("Autorizó", "Lic. Juan Pech May", "Subsecretario de Derechos Humanos"),
]
#: What the office writes that stays from one quarter to the next.
ENCABEZADO = {
    k: v
    for k, v in CAMPOS_REPORTE.items()
    if k not in ("ejercicio", "trimestre", "programadas", "realizadas", "justificacion")
}


def _anterior_con_xlsxwriter(carpeta: Path, trimestre: int = 2, calendario: str = "") -> Path:
    """The second quarter of 2023 as an office fills the new workbook in Excel: labels of
    the report, headers as a person writes them, results, activities, photos, events."""
    import xlsxwriter

    carpeta.mkdir(parents=True, exist_ok=True)
    crear_foto(carpeta / "fotos" / "sesion.jpg", format="JPEG")
    ruta = carpeta / f"T{trimestre}_2023.xlsx"
    wb = xlsxwriter.Workbook(str(ruta))
    fecha = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Reporte")
    ws.write_row(0, 0, ["Campo", "Valor", "Qué escribir"])
    valores = {
        **CAMPOS_REPORTE,
        "trimestre": trimestre,
        "programadas": 3,
        "realizadas": 2,
        "justificacion": "Se reprogramó una etapa",
        "programadas_del_anio": calendario or None,
    }
    for i, campo in enumerate(CONTRATO.campos, start=1):
        ws.write(i, 0, campo.rotulo)
        if valores.get(campo.clave) is not None:
            ws.write(i, 1, valores[campo.clave])
    ws = wb.add_worksheet("Actividades")
    ws.write_row(0, 0, [c.encabezado for c in CONTRATO.hoja("actividades").columnas])
    ws.write_row(1, 0, [1, "Sesión ordinaria", None, "Chetumal", "Se sesionó.", "Propio"])
    ws.write_datetime(1, 2, dt.datetime(2023, 3 * trimestre - 1, 10), fecha)
    ws = wb.add_worksheet("Fotografías")
    ws.write_row(0, 0, ["Actividad", "Archivo", "Pie de foto"])
    ws.write_row(1, 0, [1, "fotos/sesion.jpg", "La sesión"])
    ws = wb.add_worksheet("Eventos")
    ws.write_row(0, 0, ["Actividad", "Título de la tabla", "Fecha", "Evento"])
    ws.write_row(1, 0, [1, "CALENDARIO", "05/06/2023", "Reunión"])
    ws = wb.add_worksheet("Firmas")
    ws.write_row(0, 0, ["Rol", "Nombre", "Cargo"])
    for i, firma in enumerate(FIRMANTES, start=1):
        ws.write_row(i, 0, firma)
    wb.close()
    return ruta


def _valores_de_reporte(ruta: Path) -> dict[str, object]:
    ws = load_workbook(ruta)["Reporte"]
    return {CONTRATO.campo_escrito(f[0].value).clave: f[1].value for f in ws.iter_rows(min_row=2)}


def _libro_nuevo_guardado():
    """A fresh libro-nuevo workbook as a file reads back (what the command writes)."""
    flujo = io.BytesIO()
    construir_libro_nuevo().save(flujo)
    return load_workbook(flujo)


def _filas(ruta: Path, hoja: str) -> list[tuple]:
    ws = load_workbook(ruta)[hoja]
    return [f for f in ws.iter_rows(min_row=2, values_only=True) if any(v is not None for v in f)]


def _forma(libro) -> dict:
    """What makes a libro-nuevo workbook one, apart from its values: sheets, headers,
    widths, validations with their prompts, instructions."""
    forma: dict = {"hojas": libro.sheetnames}
    for ws in libro.worksheets:
        forma[ws.title] = (
            [c.value for c in ws[1]] if ws.title != "Instrucciones" else None,
            {k: d.width for k, d in ws.column_dimensions.items()},
            sorted(
                (str(dv.sqref), dv.type, dv.promptTitle, dv.prompt)
                for dv in ws.data_validations.dataValidation
            ),
            ws.freeze_panes,
        )
    forma["instrucciones"] = [c.value for c in libro["Instrucciones"]["A"]]
    return forma


@pytest.mark.parametrize("calc", [False, True], ids=["xlsxwriter", "re-guardado-por-calc"])
def test_el_trimestre_siguiente_trae_lo_que_queda(tmp_path, calc):
    anterior = _anterior_con_xlsxwriter(tmp_path / "T2")
    if calc:
        anterior = guardar_con_calc(anterior, tmp_path / "calc")
    destino = tmp_path / "T3" / "T3_2023.xlsx"
    destino.parent.mkdir()
    r = ejecutar("libro-nuevo", str(destino), "--desde", str(anterior))
    assert r.returncode == 0, r.stderr
    assert "trimestre siguiente" in r.stdout and "reporte-docx validar" in r.stdout

    valores = _valores_de_reporte(destino)
    assert {k: valores[k] for k in ENCABEZADO} == ENCABEZADO
    assert (valores["ejercicio"], valores["trimestre"]) == (2023, 3)
    for del_trimestre in ("programadas", "realizadas", "justificacion"):
        assert valores[del_trimestre] is None, del_trimestre
    assert _filas(destino, "Firmas") == FIRMANTES
    for vacia in ("Actividades", "Fotografías", "Eventos"):
        assert _filas(destino, vacia) == [], vacia
    # otherwise a fresh libro-nuevo workbook: headers, widths, validations, prompts, text
    assert _forma(load_workbook(destino)) == _forma(_libro_nuevo_guardado())
    assert not anterior.with_suffix(".docx").exists()


def test_lleno_otra_vez_da_el_reporte_del_trimestre(tmp_path):
    """The next quarter filled in with openpyxl, by its own headers: it generates."""
    anterior = _anterior_con_xlsxwriter(tmp_path / "T2")
    destino = tmp_path / "T3.xlsx"
    crear_libro_siguiente(destino, anterior)
    crear_foto(tmp_path / "fotos" / "foro.jpg", format="JPEG")
    wb = load_workbook(destino)
    for fila in wb["Reporte"].iter_rows(min_row=2):
        clave = CONTRATO.campo_escrito(fila[0].value).clave
        fila[1].value = {"programadas": 2, "realizadas": 2}.get(clave, fila[1].value)
    columnas = {normalizar_nombre(c.value): c.column for c in wb["Actividades"][1]}
    actividad = {"numero": 1, "nombre_de_la_actividad": "Foro regional", "lugar": "Bacalar"}
    actividad |= {"fecha": dt.datetime(2023, 8, 2), "descripcion": "Se realizó el foro."}
    for nombre, valor in actividad.items():
        wb["Actividades"].cell(2, columnas[nombre], valor)
    wb["Fotografías"].append([1, "fotos/foro.jpg", "El foro"])
    wb.save(destino)
    r = ejecutar("generar", str(destino))
    assert r.returncode == 0, r.stderr
    texto = texto_docx(destino.with_suffix(".docx"))
    assert "TERCER TRIMESTRE JULIO - SEPTIEMBRE 2023" in texto.upper()
    for esperado in ("Foro regional", ENCABEZADO["indicador"], ENCABEZADO["objetivo"]):
        assert esperado in texto, esperado
    assert all(nombre in texto for _, nombre, _ in FIRMANTES)
    assert "Sesión ordinaria" not in texto  # the last quarter's activity is not carried


def test_del_cuarto_trimestre_al_primero_del_anio_siguiente(tmp_path):
    """Old keys (openpyxl, as the sample workbook): Q4 2023 → Q1 2024; the year's calendar
    does not cross into a new year."""
    anterior = crear_libro(
        tmp_path / "T4.xlsx",
        reporte={"trimestre": "4to", "programadas_del_anio": "1, 1, 1, 2"},
        firmas=FIRMANTES,
    )
    destino = tmp_path / "T1_2024.xlsx"
    assert ejecutar("libro-nuevo", str(destino), "--desde", str(anterior)).returncode == 0
    valores = _valores_de_reporte(destino)
    assert (valores["ejercicio"], valores["trimestre"]) == (2024, 1)
    assert valores["programadas"] is None and valores["programadas_del_anio"] is None
    assert valores["dependencia"] == CAMPOS_REPORTE["dependencia"]
    assert _filas(destino, "Firmas") == FIRMANTES


def test_el_calendario_del_anio_trae_las_programadas(tmp_path):
    anterior = _anterior_con_xlsxwriter(tmp_path, trimestre=2, calendario="1, 3, 5, 2")
    valores = _valores_de_reporte(_guardar(tmp_path / "T3.xlsx", libro_siguiente(anterior)))
    assert (valores["trimestre"], valores["programadas"]) == (3, 5)
    assert valores["programadas_del_anio"] == "1, 3, 5, 2" and valores["realizadas"] is None


def _guardar(ruta: Path, datos: bytes) -> Path:
    ruta.write_bytes(datos)
    return ruta


def _ajenos(carpeta: Path) -> dict[str, Path]:
    from openpyxl import Workbook

    presupuesto = Workbook()
    presupuesto.active.title = "Presupuesto"
    presupuesto.active.append(["Partida", "Monto"])
    presupuesto.save(carpeta / "presupuesto.xlsx")
    (carpeta / "carta.xlsx").write_bytes(b"PK\x03\x04 no es un zip completo")
    sin_trimestre = crear_libro(carpeta / "sin_trimestre.xlsx", reporte={"trimestre": "quinto"})
    return {
        "no parece un libro de este reporte": carpeta / "presupuesto.xlsx",
        "carta.xlsx": carpeta / "carta.xlsx",
        "no dice de qué trimestre es": sin_trimestre,
        "no existe": carpeta / "no_hay.xlsx",
    }


def test_un_libro_ajeno_o_ilegible_se_rechaza_sin_escribir_nada(tmp_path):
    for esperado, anterior in _ajenos(tmp_path).items():
        destino = tmp_path / "nuevo.xlsx"
        r = ejecutar("libro-nuevo", str(destino), "--desde", str(anterior))
        assert r.returncode == 1, (esperado, r.stdout)
        assert esperado in r.stderr and "Traceback" not in r.stderr, (esperado, r.stderr)
        assert not destino.exists(), esperado
    # the quarter at fault is named where it is
    r = ejecutar("libro-nuevo", str(destino), "--desde", str(tmp_path / "sin_trimestre.xlsx"))
    assert "«Reporte», fila 5, columna «Valor»: «quinto»" in r.stderr, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_en_la_biblioteca_los_mensajes_nombran_lo_subido(tmp_path):
    with pytest.raises(ErrorDeDatos) as e:
        libro_siguiente(b"no es un libro", nombre="T2_2023.xlsx")
    [h] = e.value.hallazgos
    assert "T2_2023.xlsx" in str(h) and tempfile.gettempdir() not in str(h)
    with pytest.raises(TypeError):
        libro_siguiente(12)  # type: ignore[arg-type]
    anterior = _anterior_con_xlsxwriter(tmp_path)
    with open(anterior, "rb") as flujo:
        assert libro_siguiente(flujo)[:2] == b"PK"


# ---------------------------------------------------------------- Instrucciones in Calc


@pytest.fixture(scope="module")
def instrucciones_en_calc(tmp_path_factory) -> str:
    """The Instrucciones sheet as LibreOffice Calc prints it (``pdftotext -layout``)."""
    carpeta = tmp_path_factory.mktemp("calc")
    libro = construir_libro_nuevo()
    for nombre in libro.sheetnames[1:]:
        del libro[nombre]  # only the sheet under test: Calc prints every sheet
    ruta = carpeta / "instrucciones.xlsx"
    libro.save(ruta)
    convertir_con_libreoffice("pdf", carpeta, ruta)
    pdf = ruta.with_suffix(".pdf")
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_las_instrucciones_se_leen_enteras_en_calc(instrucciones_en_calc):
    """Every line of the sheet is a line of the printout, whole and alone: a wrapped cell
    that Calc drew over its neighbours would merge two, cut one or lose its end."""
    impresas = [" ".join(x.split()) for x in instrucciones_en_calc.splitlines() if x.strip()]
    escritas = [" ".join(t.split()) for _, t in lineas_de_instrucciones(CONTRATO) if t.strip()]
    assert impresas == escritas
    assert "Hoja «Fotografías»" in impresas and len(escritas) > 60


def test_las_instrucciones_caben_a_lo_ancho_de_la_pagina(instrucciones_en_calc):
    """Printed one page wide: the last words of the longest lines are on the page."""
    paginas = instrucciones_en_calc.split("\f")
    assert len([p for p in paginas if p.strip()]) >= 2  # long, but never cut sideways
    largas = sorted((t for _, t in lineas_de_instrucciones(CONTRATO)), key=len)[-5:]
    for linea in largas:
        assert re.search(re.escape(linea.split()[-1]) + r"\s*$", instrucciones_en_calc, re.M)
