"""``libro-nuevo``: an empty workbook of the contract that validates and generates once filled."""

from __future__ import annotations

import datetime as dt
import json

from openpyxl import load_workbook

from reporte_docx.libro.lectura import CAMPOS_REPORTE, HOJAS, NOMBRES_HOJAS
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
    for clave, (_, columnas) in HOJAS.items():
        ws = wb[NOMBRES_HOJAS[clave]]
        encabezados = [normalizar_nombre(c.value) for c in ws[1]]
        assert set(columnas) <= set(encabezados), clave
        assert ws.freeze_panes == "A2"
        assert all(ws.column_dimensions[c.column_letter].width >= 8 for c in ws[1])
        if "fecha" in encabezados:
            letra = ws.cell(1, encabezados.index("fecha") + 1).column_letter
            assert ws.column_dimensions[letra].number_format == "dd/mm/yyyy"

    reporte = wb["Reporte"]
    campos = [normalizar_nombre(reporte.cell(i, 1).value) for i in range(2, reporte.max_row + 1)]
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

    instrucciones = "\n".join(str(c.value or "") for c in wb["Instrucciones"]["A"])
    for texto in ("dd/mm/aaaa", "reporte-docx validar", "fotos/foto1.jpg", "justificacion"):
        assert texto in instrucciones


def test_vacio_validar_lista_lo_que_falta(tmp_path):
    destino = tmp_path / "vacio.xlsx"
    assert ejecutar("libro-nuevo", str(destino)).returncode == 0
    r = ejecutar("validar", "--json", str(destino))
    assert r.returncode == 1
    hallazgos = json.loads(r.stdout)["hallazgos"]
    assert all(h["severidad"] == "error" for h in hallazgos)
    vacios = {h["texto"] for h in hallazgos}
    for campo, (_, requerido) in CAMPOS_REPORTE.items():
        presente = any(f"falta el valor de «{campo}»" in t for t in vacios)
        assert presente == requerido, campo
    assert "sin-actividades" in {h["codigo"] for h in hallazgos}
    assert any(t.startswith("«Firmas», fila 2, columna «nombre»: falta") for t in vacios)
    r = ejecutar("generar", str(destino))
    assert r.returncode == 1 and not destino.with_suffix(".docx").exists()


def _llenar(ws, filas: list[dict]) -> None:
    """Write *filas* under the headers of *ws*, by header name, from row 2."""
    columnas = {normalizar_nombre(c.value): c.column for c in ws[1]}
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
        fila[1].value = VALORES[normalizar_nombre(fila[0].value)]
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
    _llenar(wb["Fotografias"], [{"actividad": 1, "archivo": "fotos/evidencia.jpg", "pie": "Foto"}])
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
