"""The workbook contract, declared once: a new column reaches every place with no other edit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reporte_docx.cli.principal import main
from reporte_docx.libro import contrato as contratos
from reporte_docx.libro.celdas import FORMAS_DE_FECHA
from reporte_docx.libro.contrato import CONTRATO, Columna, tabla_markdown
from reporte_docx.libro.lectura import analizar_libro
from reporte_docx.libro.nuevo import construir_libro_nuevo
from tests.utiles import ACTIVIDAD, RAIZ, crear_libro

RESPONSABLE = Columna(
    "responsable", True, "texto", 30, "Quién coordinó la actividad.", "«{columna}» de la actividad"
)
CIERRE = Columna("cierre", False, "fecha", 14, "Fecha de cierre del expediente.")
EXTENDIDO = CONTRATO.con_columna("actividades", RESPONSABLE).con_columna("actividades", CIERRE)
COLUMNAS = ["id", "nombre", "fecha", "lugar", "descripcion", "objetivo"]


def _libro(tmp_path: Path, columnas: list[str], filas: list[tuple]) -> Path:
    return crear_libro(
        tmp_path / "l.xlsx", encabezados={"Actividades": columnas}, actividades=filas
    )


def test_la_tabla_del_readme_es_la_del_contrato():
    readme = (RAIZ / "README.md").read_text(encoding="utf-8")
    assert tabla_markdown() in readme


def test_una_columna_nueva_aparece_en_libro_nuevo():
    libro = construir_libro_nuevo(EXTENDIDO)
    encabezados = [c.value for c in libro["Actividades"][1]]
    # declared without a title, a column is headed by its name as a person writes it
    assert encabezados[-2:] == ["Responsable", "Cierre"]
    instrucciones = " ".join(str(c.value or "").strip() for c in libro["Instrucciones"]["A"])
    assert "Responsable (obligatoria): Quién coordinó la actividad." in instrucciones
    assert "Cierre: Fecha de cierre del expediente." in instrucciones
    assert libro["Actividades"].column_dimensions["I"].number_format == "dd/mm/yyyy"


def test_una_columna_nueva_obligatoria_se_exige_al_leer(tmp_path):
    libro = _libro(tmp_path, COLUMNAS, [ACTIVIDAD])
    assert analizar_libro(libro, contrato=CONTRATO).errores == []
    errores = analizar_libro(libro, contrato=EXTENDIDO).errores
    assert [(h.codigo, h.hoja) for h in errores] == [("columna-falta", "Actividades")]
    assert "«Responsable»" in errores[0].mensaje


def test_una_columna_nueva_se_lee_con_su_tipo(tmp_path):
    libro = _libro(
        tmp_path,
        [*COLUMNAS, "Responsable", "Cierre"],
        [(*ACTIVIDAD, "", "el lunes"), ("2", *ACTIVIDAD[1:], "Ana", "")],
    )
    textos = [str(h) for h in analizar_libro(libro, contrato=EXTENDIDO).errores]
    assert textos == [
        "«Actividades», fila 2, columna «Responsable»: falta «Responsable» de la actividad; "
        "esta celda no puede quedar vacía",
        "«Actividades», fila 2, columna «Cierre»: «el lunes» no se entiende como fecha; formas "
        "que sirven: " + FORMAS_DE_FECHA,
    ]


def test_validar_usa_el_contrato_sin_otra_edicion(tmp_path, monkeypatch, capsys):
    """The command line, in process: the contract is looked up at each call."""
    libro = _libro(tmp_path, COLUMNAS, [ACTIVIDAD])
    monkeypatch.setattr(contratos, "CONTRATO", EXTENDIDO)
    assert main(["validar", "--json", str(libro)]) == 1
    hallazgos = json.loads(capsys.readouterr().out)["hallazgos"]
    assert [h["codigo"] for h in hallazgos if h["severidad"] == "error"] == ["columna-falta"]
    assert "Responsable" in hallazgos[0]["mensaje"]
    destino = tmp_path / "nuevo.xlsx"
    assert main(["libro-nuevo", str(destino)]) == 0
    assert "Responsable" in [c.value for c in load_workbook(destino)["Actividades"][1]]


def test_tipo_desconocido_se_rechaza_al_declararlo():
    with pytest.raises(ValueError):
        Columna("x", True, "moneda", 10, "")
