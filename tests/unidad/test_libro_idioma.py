"""The workbook speaks the report's language: human headers, the report's labels, prompts.

Old workbooks (keys and lower-case names) keep reading; a workbook written with the new
names reads the same; every data cell of ``libro-nuevo`` says what goes in it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.cell_range import CellRange

from reporte_docx.libro.contrato import CONTRATO, Columna, clave_de_etiqueta
from reporte_docx.libro.lectura import analizar_libro
from reporte_docx.libro.nuevo import FILAS, LARGO_MENSAJE, LARGO_TITULO, construir_libro_nuevo
from tests.utiles import ACTIVIDAD, CAMPOS_REPORTE, FIRMAS, crear_libro

#: Each sheet's headers as a person writes them (what libro-nuevo writes).
HUMANOS = {
    "Reporte": ["Campo", "Valor"],
    "Actividades": [
        "Número",
        "Nombre de la actividad",
        "Fecha",
        "Lugar",
        "Descripción",
        "Objetivo",
        "Fecha de término",
    ],
    "Fotografías": ["Actividad", "Archivo", "Pie de foto"],
    "Eventos": ["Actividad", "Título de la tabla", "Fecha", "Evento"],
    "Firmas": ["Rol", "Nombre", "Cargo"],
}


def _validaciones(ws) -> list:
    return list(ws.data_validations.dataValidation)


def _de_la_celda(ws, celda: str):
    """The data validation that covers *celda* (Excel allows one per cell)."""
    cubren = [
        dv for dv in _validaciones(ws) if any(celda in CellRange(str(r)) for r in dv.sqref.ranges)
    ]
    assert len(cubren) <= 1, (ws.title, celda, cubren)
    return cubren[0] if cubren else None


def test_los_encabezados_de_libro_nuevo_son_los_de_una_persona():
    libro = construir_libro_nuevo()
    for hoja, encabezados in HUMANOS.items():
        escritos = [c.value for c in libro[hoja][1]]
        assert escritos[: len(encabezados)] == encabezados, hoja
    assert libro["Reporte"]["C1"].value == "Qué escribir"


def test_cada_celda_de_datos_tiene_su_mensaje_de_entrada():
    """Every column of every sheet, first and last validated row: a prompt with its title,
    what goes there and an example; a date column also checks dates."""
    libro = construir_libro_nuevo()
    for hoja in CONTRATO.hojas:
        ws = libro[hoja.nombre]
        filas = (2, FILAS) if hoja.clave != "reporte" else (2, len(CONTRATO.campos) + 1)
        for i, columna in enumerate(hoja.columnas, start=1):
            for fila in filas:
                celda = f"{ws.cell(1, i).column_letter}{fila}"
                dv = _de_la_celda(ws, celda)
                assert dv is not None and dv.showInputMessage, (hoja.nombre, celda)
                assert dv.promptTitle and len(dv.promptTitle) <= LARGO_TITULO
                assert dv.prompt and len(dv.prompt) <= LARGO_MENSAJE
                if columna.ejemplo and hoja.clave != "reporte":
                    assert f"Ejemplo: {columna.ejemplo}" in dv.prompt, (hoja.nombre, celda)
                if columna.tipo in ("fecha", "periodo"):
                    assert dv.type == "date" and dv.errorStyle == "warning", (hoja.nombre, celda)


def test_cada_campo_de_la_hoja_reporte_explica_su_valor():
    libro = construir_libro_nuevo()
    ws = libro["Reporte"]
    for fila, campo in enumerate(CONTRATO.campos, start=2):
        assert ws.cell(fila, 1).value == campo.rotulo
        dv = _de_la_celda(ws, f"B{fila}")
        assert dv.promptTitle == campo.rotulo[:LARGO_TITULO]
        assert campo.descripcion in dv.prompt and f"Ejemplo: {campo.ejemplo}" in dv.prompt
    trimestre = _de_la_celda(ws, f"B{[c.clave for c in CONTRATO.campos].index('trimestre') + 2}")
    assert (trimestre.type, trimestre.formula1, trimestre.formula2) == ("whole", "1", "4")


def test_una_columna_sin_titulo_ni_ejemplo_tambien_tiene_mensaje():
    """Another engineer's column, declared in the contract's old shape, still works."""
    nueva = Columna("numero_de_oficio", False, "texto", 20, "Número del oficio, si lo hay.")
    assert nueva.encabezado == "Numero de oficio"
    libro = construir_libro_nuevo(CONTRATO.con_columna("actividades", nueva))
    ws = libro["Actividades"]
    assert ws["H1"].value == "Numero de oficio"
    dv = _de_la_celda(ws, "H2")
    assert dv.prompt == "Número del oficio, si lo hay." and dv.type is None


def test_las_etiquetas_del_reporte_impreso_son_del_campo():
    etiquetas = {
        "PROGRAMA PRESUPUESTARIO": "programa_presupuestario",
        "UNIDAD RESPONSABLE DE LA FUENTE DEL INDICADOR:": "unidad_responsable_fuente",
        "COMENTARIOS Y OBSERVACIONES/JUSTIFICACIÓN DE VARIACIÓN": "justificacion",
        "Comentarios y observaciones / justificación de variación": "justificacion",
        "nivel de objetivo (actividad)": "nivel_objetivo",
        "programadas": "programadas",
        "TOTAL EN EL TRIMESTRE: REALIZADAS": "realizadas",
    }
    for escrito, clave in etiquetas.items():
        campo = CONTRATO.campo_escrito(escrito)
        assert campo is not None and campo.clave == clave, escrito
    assert CONTRATO.campo_escrito("PRESUPUESTO") is None
    assert clave_de_etiqueta(" Año:  del EJERCICIO ") == "ano_del_ejercicio"


def _libro_con_nombres_humanos(tmp_path: Path, **cambios) -> Path:
    """A workbook of the contract written with the new headers and the report's labels."""
    campos = {CONTRATO.campo(k).rotulo: v for k, v in CAMPOS_REPORTE.items()}
    campos.update(cambios)
    libro = crear_libro(
        tmp_path / "humano.xlsx",
        encabezados=HUMANOS,
        actividades=[(*ACTIVIDAD, None)],
        eventos=[("1", "CALENDARIO", "05/06/2023", "Reunión")],
        firmas=FIRMAS,
    )
    return _reescribir_reporte(libro, campos)


def _reescribir_reporte(ruta: Path, campos: dict) -> Path:
    wb = load_workbook(ruta)
    ws = wb["Reporte"]
    ws.delete_rows(2, ws.max_row)
    for fila in campos.items():
        ws.append(list(fila))
    wb.save(ruta)
    return ruta


def test_un_libro_con_los_nombres_nuevos_se_lee_igual(tmp_path):
    viejo = analizar_libro(
        crear_libro(tmp_path / "viejo.xlsx", eventos=[("1", "CALENDARIO", "05/06/2023", "Reunión")])
    )
    nuevo = analizar_libro(_libro_con_nombres_humanos(tmp_path))
    assert nuevo.errores == [] and viejo.errores == []
    assert nuevo.reporte.como_dict() == viejo.reporte.como_dict()


def test_los_mensajes_nombran_el_campo_como_lo_nombra_el_libro(tmp_path):
    rotulo = CONTRATO.campo("indicador").rotulo
    humano = _libro_con_nombres_humanos(
        tmp_path, **{rotulo: None, "TOTAL EN EL TRIMESTRE: REALIZADAS": 2}
    )
    textos = [str(h) for h in analizar_libro(humano).errores]
    assert any("falta el valor de «INDICADOR»" in t for t in textos), textos
    # the rule across cells names the field as this workbook does
    assert any(
        "en el campo «COMENTARIOS Y OBSERVACIONES/ JUSTIFICACIÓN DE VARIACIÓN»" in t
        for t in [
            str(h)
            for h in analizar_libro(
                _libro_con_nombres_humanos(
                    tmp_path,
                    **{
                        "TOTAL EN EL TRIMESTRE: REALIZADAS": 2,
                        CONTRATO.campo("justificacion").rotulo: None,
                    },
                )
            ).errores
        ]
    )
    viejo = crear_libro(tmp_path / "viejo.xlsx", reporte={"indicador": None})
    assert any("falta el valor de «indicador»" in str(h) for h in analizar_libro(viejo).errores)


@pytest.mark.parametrize(
    "escrito, bien",
    [
        ("3, 3, 2, 2", True),
        ("1;2;3;4", True),
        ("2.5 3 3 3", True),
        ("3, 3, 2", False),
        ("tres, 3, 2, 2", False),
        ("3, -1, 2, 2", False),
    ],
)
def test_el_calendario_del_anio(tmp_path, escrito, bien):
    libro = crear_libro(
        tmp_path / "l.xlsx", reporte={"programadas_del_anio": escrito, "programadas": 3}
    )
    lectura = analizar_libro(libro)
    codigos = [h.codigo for h in lectura.errores]
    assert codigos == ([] if bien else ["calendario-invalido"]), [str(h) for h in lectura.hallazgos]


def test_el_calendario_que_no_coincide_con_las_programadas_avisa(tmp_path):
    libro = crear_libro(
        tmp_path / "l.xlsx", reporte={"programadas_del_anio": "1, 2, 3, 4", "programadas": 3}
    )
    lectura = analizar_libro(libro)
    assert lectura.errores == []
    [aviso] = [h for h in lectura.avisos if h.codigo == "calendario-distinto"]
    assert "programa 2 para el trimestre 2, pero aquí dice 3" in aviso.mensaje
    assert (aviso.hoja, aviso.columna) == ("Reporte", "Valor")
