"""``libro-nuevo``: an empty workbook of the contract that validates and generates once filled."""

from __future__ import annotations

import datetime as dt
import json

from openpyxl import load_workbook

from reporte_docx.libro.contrato import CONTRATO
from reporte_docx.libro.lectura import CAMPOS_REPORTE, NOMBRES_HOJAS
from reporte_docx.texto import normalizar_nombre
from tests.utiles import CAMPOS_REPORTE as VALORES
from tests.utiles import assert_docx_valido, crear_foto, ejecutar, texto_docx


def test_crea_el_libro_y_no_reemplaza_uno_existente(tmp_path):
    destino = tmp_path / "nuevo.xlsx"
    r = ejecutar("libro-nuevo", str(destino))
    assert r.returncode == 0, r.stderr
    assert "reporte-docx validar" in r.stdout
    antes = destino.read_bytes()
    r = ejecutar("libro-nuevo", str(destino))
    assert r.returncode == 1
    assert "ya existe" in r.stderr and "Traceback" not in r.stderr
    assert destino.read_bytes() == antes
    r = ejecutar("libro-nuevo", str(tmp_path / "nuevo.docx"))
    assert r.returncode == 1 and ".xlsx" in r.stderr
    r = ejecutar("libro-nuevo", str(tmp_path / "no_hay" / "nuevo.xlsx"))
    assert r.returncode == 1 and "no existe" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nuevo.xlsx"]  # no temporary files


def test_estructura_del_libro(tmp_path):
    destino = tmp_path / "nuevo.xlsx"
    assert ejecutar("libro-nuevo", str(destino)).returncode == 0
    wb = load_workbook(destino)
    assert wb.sheetnames == ["Instrucciones", *NOMBRES_HOJAS.values()]
    assert "Fotografías" in wb.sheetnames  # names as a person writes them
    for hoja in CONTRATO.hojas:
        ws = wb[hoja.nombre]
        assert [c.value for c in ws[1]] == hoja.encabezados, hoja.clave
        assert ws.freeze_panes == "A2"
        assert all(ws.column_dimensions[c.column_letter].width >= 8 for c in ws[1])
        for i, columna in enumerate(hoja.columnas, start=1):
            if columna.tipo in ("fecha", "periodo"):
                letra = ws.cell(1, i).column_letter
                assert ws.column_dimensions[letra].number_format == "dd/mm/yyyy"
    assert wb["Actividades"]["G1"].value == "Fecha de término"
    assert wb["Fotografías"]["C1"].value == "Pie de foto"
    assert wb["Actividades"]["E1"].value == "Descripción"

    reporte = wb["Reporte"]
    rotulos = [reporte.cell(i, 1).value for i in range(2, reporte.max_row + 1)]
    assert rotulos == [c.rotulo for c in CONTRATO.campos]
    assert "PROGRAMA PRESUPUESTARIO" in rotulos
    assert "UNIDAD RESPONSABLE DE LA FUENTE DEL INDICADOR" in rotulos
    campos = [CONTRATO.campo_escrito(r).clave for r in rotulos]
    assert campos == list(CAMPOS_REPORTE)
    validaciones = {
        str(dv.sqref): dv for ws in wb.worksheets for dv in ws.data_validations.dataValidation
    }
    fila = {c: i for i, c in enumerate(campos, start=2)}
    trimestre = validaciones[f"B{fila['trimestre']}"]
    assert (trimestre.type, trimestre.formula1, trimestre.formula2) == ("whole", "1", "4")
    assert validaciones[f"B{fila['programadas']}"].type == "whole"
    rol = next(dv for dv in wb["Firmas"].data_validations.dataValidation)
    assert rol.type == "list" and "Elaboró" in rol.formula1

    instrucciones = " ".join(str(c.value or "").strip() for c in wb["Instrucciones"]["A"])
    for texto in ("dd/mm/aaaa", "reporte-docx validar", "fotos/foto1.jpg", "justificación"):
        assert texto in instrucciones
    for c in wb["Instrucciones"]["A"]:  # one line per row: nothing for Excel or Calc to wrap
        assert len(str(c.value or "")) <= 100 and not (c.alignment and c.alignment.wrap_text)


def test_vacio_validar_lista_lo_que_falta(tmp_path):
    destino = tmp_path / "vacio.xlsx"
    assert ejecutar("libro-nuevo", str(destino)).returncode == 0
    r = ejecutar("validar", "--json", str(destino))
    assert r.returncode == 1
    hallazgos = json.loads(r.stdout)["hallazgos"]
    assert all(h["severidad"] == "error" for h in hallazgos)
    vacios = {h["texto"] for h in hallazgos}
    for campo in CONTRATO.campos:  # named as the workbook names them
        presente = any(f"falta el valor de «{campo.rotulo}»" in t for t in vacios)
        assert presente == campo.obligatorio, campo.clave
    assert "sin-actividades" in {h["codigo"] for h in hallazgos}
    assert any(t.startswith("«Firmas», fila 2, columna «Nombre»: falta") for t in vacios)
    r = ejecutar("generar", str(destino))
    assert r.returncode == 1 and not destino.with_suffix(".docx").exists()


def _llenar(ws, filas: list[dict]) -> None:
    """Write *filas* under the headers of *ws*, by column name, from row 2."""
    nombres = next(h for h in CONTRATO.hojas if h.nombre == ws.title).por_escritura
    columnas = {nombres[normalizar_nombre(c.value)]: c.column for c in ws[1]}
    for i, fila in enumerate(filas, start=2):
        for nombre, valor in fila.items():
            ws.cell(i, columnas[nombre], valor)


def test_lleno_por_sus_encabezados_valida_y_genera(tmp_path):
    destino = tmp_path / "trimestre.xlsx"
    assert ejecutar("libro-nuevo", str(destino)).returncode == 0
    crear_foto(tmp_path / "fotos" / "evidencia.jpg", format="JPEG")
    wb = load_workbook(destino)
    reporte = wb["Reporte"]
    for fila in reporte.iter_rows(min_row=2):
        fila[1].value = VALORES.get(CONTRATO.campo_escrito(fila[0].value).clave)
    _llenar(
        wb["Actividades"],
        [
            {
                "id": 1,
                "nombre": "Sesión de la Comisión",
                "fecha": dt.datetime(2023, 5, 30),
                "lugar": "Chetumal",
                "descripcion": "Se celebró la sesión.",
            }
        ],
    )
    _llenar(wb["Fotografías"], [{"actividad": 1, "archivo": "fotos/evidencia.jpg", "pie": "Foto"}])
    _llenar(
        wb["Eventos"],
        [{"actividad": 1, "titulo": "CALENDARIO", "fecha": "05/06/2023", "evento": "Reunión"}],
    )
    _llenar(
        wb["Firmas"],
        [
            {"rol": "Elaboró", "nombre": "Persona Uno", "cargo": "Jefa"},
            {"rol": "Revisó", "nombre": "Persona Dos", "cargo": "Directora"},
            {"rol": "Autorizó", "nombre": "Persona Tres", "cargo": "Subsecretaria"},
        ],
    )
    wb.save(destino)

    r = ejecutar("validar", str(destino))
    assert r.returncode == 0, r.stdout
    assert "El libro es válido (0 avisos)" in r.stdout
    r = ejecutar("generar", str(destino))
    assert r.returncode == 0, r.stderr
    docx = destino.with_suffix(".docx")
    texto = texto_docx(docx)
    assert "Sesión de la Comisión" in texto and "Persona Tres" in texto and "Reunión" in texto
    assert_docx_valido(docx)
