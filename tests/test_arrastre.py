"""``generar --sobrescribir`` over a report corrected in Word: three versions of every field.

The corrected report is a .docx carrying the snapshot and ``_RD`` bookmarks as
the generator writes them (tests/test_incorporar.py builds it); the workbooks
are openpyxl's and XlsxWriter's, as an office fills them.
"""

from __future__ import annotations

import pytest

from reporte_docx import ErrorDeDatos, generar_reporte
from tests.test_incorporar import CONSTRUCTORES, _con_openpyxl, _docx
from tests.utiles import ejecutar, texto_docx


def _cambiar_lugar(libro, lugar: str) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(libro)
    hoja = wb["Actividades"]
    for fila in hoja.iter_rows():
        for celda in fila:
            if celda.value == "Chetumal":
                celda.value = lugar
    wb.save(libro)


@CONSTRUCTORES
def test_lo_corregido_en_word_se_conserva_y_lo_nuevo_del_libro_llega(tmp_path, construir):
    libro = construir(tmp_path)
    salida = tmp_path / "reporte.docx"
    _docx(salida, {"actividad.2.descripcion": "Se impartió a 20 personas."})
    _cambiar_lugar(libro, "Bacalar")  # only in the workbook
    r = generar_reporte(libro, salida, sobrescribir=True)
    texto = texto_docx(salida)
    assert "Se impartió a 20 personas." in texto  # Word's, the workbook unchanged there
    assert "Bacalar" in texto and "Chetumal" not in texto  # the workbook's, Word untouched
    assert any(h.codigo == "edicion-conservada" for h in r.avisos)
    assert r.respaldo is not None and r.respaldo.is_file()


def test_un_campo_cambiado_en_los_dos_lados_detiene_sin_escribir(tmp_path):
    libro = _con_openpyxl(tmp_path)
    salida = tmp_path / "reporte.docx"
    _docx(salida, {"actividad.1.lugar": "Felipe Carrillo Puerto"})
    antes = salida.read_bytes()
    _cambiar_lugar(libro, "Bacalar")
    with pytest.raises(ErrorDeDatos) as e:
        generar_reporte(libro, salida, sobrescribir=True)
    [conflicto] = [h for h in e.value.hallazgos if h.codigo == "edicion-en-conflicto"]
    assert "«Felipe Carrillo Puerto»" in str(conflicto) and "«Bacalar»" in str(conflicto)
    assert "--preferir" in str(conflicto)
    assert salida.read_bytes() == antes and not list(tmp_path.glob("*respaldo*"))
    r = ejecutar("generar", str(libro), "-o", str(salida), "--sobrescribir", "--silencioso")
    assert r.returncode == 1 and "cambió en Word" in r.stderr and "Traceback" not in r.stderr
    assert salida.read_bytes() == antes


@pytest.mark.parametrize(
    ("preferir", "gana"), [("word", "Felipe Carrillo Puerto"), ("libro", "Bacalar")]
)
def test_preferir_resuelve_todos_los_conflictos(tmp_path, preferir, gana):
    libro = _con_openpyxl(tmp_path)
    salida = tmp_path / "reporte.docx"
    _docx(salida, {"actividad.1.lugar": "Felipe Carrillo Puerto"})
    _cambiar_lugar(libro, "Bacalar")
    r = ejecutar(
        "generar",
        str(libro),
        "-o",
        str(salida),
        "--sobrescribir",
        "--preferir",
        preferir,
        "--silencioso",
    )
    assert r.returncode == 0, r.stderr
    assert gana in texto_docx(salida)
