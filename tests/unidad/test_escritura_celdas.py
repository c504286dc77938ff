"""Writing cells back into a workbook: only those cells change, every other part stays as it was."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from reporte_docx.errores import ErrorDeDatos, ErrorDeSalida
from reporte_docx.libro.escritura import Celda, escribir_celdas, valores_de_celdas
from tests.libros_de_escritura import (
    con_cadena_de_calculo,
    libro_completo,
    libro_openpyxl_con_formula,
)

HOJA = "Actividades"
CAMBIOS = {
    Celda(HOJA, 2, 2): "Primera línea\nSegunda línea\n\n  con sangría",
    Celda(HOJA, 3, 3): dt.date(2023, 6, 15),
    Celda(HOJA, 4, 5): 12.5,  # a cell that did not exist
}


def _miembros(ruta):
    with zipfile.ZipFile(ruta) as z:
        return [(i.filename, i.compress_type, i.date_time, z.read(i)) for i in z.infolist()]


def _crudos(ruta):
    """Each member's stored (compressed) bytes: a copy as stored keeps them."""
    with zipfile.ZipFile(ruta) as z, open(ruta, "rb") as f:
        crudos = {}
        for i in z.infolist():
            f.seek(i.header_offset + 26)
            n, m = int.from_bytes(f.read(2), "little"), int.from_bytes(f.read(2), "little")
            f.seek(i.header_offset + 30 + n + m)
            crudos[i.filename] = f.read(i.compress_size)
        return crudos


@pytest.fixture
def libro(tmp_path):
    return libro_completo(tmp_path / "actividades.xlsx")


@pytest.mark.parametrize("nucleo", [True, False], ids=["copy_file_range", "por-bloques"])
def test_solo_cambia_la_hoja_de_las_celdas(libro, nucleo, monkeypatch):
    if not nucleo:  # as on Windows and macOS, which lack os.copy_file_range
        monkeypatch.delattr(os, "copy_file_range", raising=False)
    original = libro.read_bytes()
    antes, crudos_antes = _miembros(libro), _crudos(libro)
    respaldo = escribir_celdas(libro, CAMBIOS)
    assert respaldo.name.startswith("actividades.respaldo-") and respaldo.suffix == ".xlsx"
    assert respaldo.read_bytes() == original
    despues, crudos_despues = _miembros(libro), _crudos(libro)
    assert [m[:3] for m in despues] == [m[:3] for m in antes]  # order, compression, dates
    distintos = [a[0] for a, d in zip(antes, despues, strict=True) if a[3] != d[3]]
    assert distintos == ["xl/worksheets/sheet1.xml"]
    assert {n for n in crudos_antes if crudos_antes[n] != crudos_despues[n]} == set(distintos)
    hoja = openpyxl.load_workbook(libro)[HOJA]
    assert hoja["B2"].value == CAMBIOS[Celda(HOJA, 2, 2)]
    assert hoja["C3"].value == dt.datetime(2023, 6, 15)
    assert hoja["C3"].number_format == "dd/mm/yyyy"  # the cell keeps its style
    assert hoja["B2"].alignment.wrap_text
    assert hoja["E4"].value == 12.5
    assert hoja["B3"].value == "Actividad 2"  # the rest, as it was
    assert hoja.dimensions == "A1:H4"


def test_se_leen_los_valores_de_antes_y_de_despues(libro):
    celdas = [*CAMBIOS, Celda(HOJA, 2, 1), Celda("resumen", 1, 2), Celda(HOJA, 99, 99)]
    antes = valores_de_celdas(libro, celdas)
    assert list(antes.values()) == ["Actividad 1", dt.datetime(2023, 5, 2), None, 1, 3, None]
    escribir_celdas(libro, CAMBIOS)
    despues = valores_de_celdas(libro, celdas)
    assert list(despues.values())[:3] == [
        CAMBIOS[Celda(HOJA, 2, 2)],
        dt.datetime(2023, 6, 15),
        12.5,
    ]


def test_filas_y_celdas_nuevas_en_orden_y_la_dimension_crece(libro):
    cambios = {
        Celda(HOJA, 9, 2): "abajo",
        Celda(HOJA, 7, 10): Decimal("3.25"),
        Celda(HOJA, 7, 1): 7,
        Celda("Resumen", 1, 1): None,
    }
    escribir_celdas(libro, cambios)
    with zipfile.ZipFile(libro) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert xml.index('<row r="4"') < xml.index('<row r="7"') < xml.index('<row r="9"')
    assert xml.index('r="A7"') < xml.index('r="J7"')
    libro_abierto = openpyxl.load_workbook(libro)
    hoja = libro_abierto[HOJA]
    assert (hoja["B9"].value, hoja["J7"].value, hoja["A7"].value) == ("abajo", 3.25, 7)
    assert hoja.dimensions == "A1:J9"
    assert hoja["B9"].alignment.wrap_text  # a new cell takes its column's style
    assert libro_abierto["Resumen"]["A1"].value is None
    assert libro_abierto["Resumen"]["B1"].value == 3


def test_textos_raros_vuelven_igual(libro):
    textos = ["  espacios  ", "a\tb", "Ñandú & <b> «sí»", "fin de línea\r\nde Windows"]
    cambios = {Celda(HOJA, 10 + i, 2): t for i, t in enumerate(textos)}
    cambios[Celda(HOJA, 20, 2)] = "control\x01aquí"  # XML cannot carry it: dropped
    cambios[Celda(HOJA, 21, 2)] = "_x0041_ literal"  # not the letter A Excel would read
    escribir_celdas(libro, cambios)
    esperados = [*textos[:3], "fin de línea\nde Windows", "controlaquí", "_x0041_ literal"]
    assert list(valores_de_celdas(libro, cambios).values()) == esperados
    hoja = openpyxl.load_workbook(libro)[HOJA]
    assert [hoja.cell(c.fila, 2).value for c in cambios][:5] == esperados[:5]
    with zipfile.ZipFile(libro) as z:
        assert b"_x005F_x0041_ literal" in z.read("xl/worksheets/sheet1.xml")


def test_con_el_libro_abierto_en_excel_no_se_escribe_nada(libro):
    candado = libro.with_name("~$" + libro.name)
    candado.write_bytes(b"Ana")
    original = libro.read_bytes()
    with pytest.raises(ErrorDeSalida) as e:
        escribir_celdas(libro, CAMBIOS)
    assert "abierto en Excel" in str(e.value) and candado.name in str(e.value)
    assert [h.codigo for h in e.value.hallazgos] == ["libro-abierto"]
    assert libro.read_bytes() == original
    assert {p.name for p in libro.parent.glob("*.xlsx")} == {candado.name, libro.name}


def test_una_hoja_que_no_existe_se_nombra(libro):
    original = libro.read_bytes()
    with pytest.raises(ErrorDeDatos) as e:
        escribir_celdas(libro, {Celda("Actividad", 2, 2): "x"})
    mensaje = str(e.value)
    assert "no tiene la hoja «Actividad»" in mensaje and "¿quiso decir «Actividades»?" in mensaje
    assert "«Resumen»" in mensaje
    assert libro.read_bytes() == original
    assert not list(libro.parent.glob("*respaldo*"))


def test_una_imagen_en_celda_no_se_pisa(libro):
    with pytest.raises(ErrorDeDatos) as e:
        escribir_celdas(libro, {Celda(HOJA, 2, 8): "texto"})
    assert "H2" in str(e.value) and "imagen" in str(e.value)
    assert not list(libro.parent.glob("*respaldo*"))


def test_la_primera_celda_de_una_formula_compartida_no_se_pisa(tmp_path):
    libro = libro_openpyxl_con_formula(tmp_path / "datos.xlsx")
    with zipfile.ZipFile(libro) as z:
        partes = {i.filename: z.read(i) for i in z.infolist()}
    partes["xl/worksheets/sheet1.xml"] = partes["xl/worksheets/sheet1.xml"].replace(
        b"<f>B2*2</f>", b'<f t="shared" ref="C2:C3" si="0">B2*2</f>'
    )
    with zipfile.ZipFile(libro, "w", zipfile.ZIP_DEFLATED) as z:
        for nombre, datos in partes.items():
            z.writestr(nombre, datos)
    with pytest.raises(ErrorDeDatos) as e:
        escribir_celdas(libro, {Celda("Datos", 2, 3): 1})
    assert "C2:C3" in str(e.value) and "C2" in str(e.value)


def test_un_texto_demasiado_largo_para_excel(libro):
    with pytest.raises(ErrorDeDatos) as e:
        escribir_celdas(libro, {Celda(HOJA, 2, 2): "x" * 40_000})
    assert "40 000 caracteres" in str(e.value) and "32 767" in str(e.value)
    assert "B2" in str(e.value) and "«Actividades»" in str(e.value)


def test_vaciar_una_celda_con_formula_conserva_su_estilo(tmp_path):
    libro = libro_openpyxl_con_formula(tmp_path / "datos.xlsx")
    escribir_celdas(libro, {Celda("Datos", 3, 2): None, Celda("Datos", 50, 50): None})
    hoja = openpyxl.load_workbook(libro)["Datos"]
    assert hoja["B3"].value is None and hoja.max_row == 3


def test_fuera_de_la_cuadricula_es_error_del_programa(libro):
    with pytest.raises(ValueError, match="fila 0"):
        escribir_celdas(libro, {Celda(HOJA, 0, 1): 1})


def test_libro_de_openpyxl_con_formula(tmp_path):
    libro = libro_openpyxl_con_formula(tmp_path / "datos.xlsx")
    antes = _miembros(libro)
    escribir_celdas(libro, {Celda("Datos", 2, 3): 5, Celda("Datos", 2, 1): "dos"})
    despues = _miembros(libro)
    distintos = {a[0] for a, d in zip(antes, despues, strict=True) if a[3] != d[3]}
    assert distintos == {"xl/worksheets/sheet1.xml"}  # openpyxl already asks to recalculate
    with zipfile.ZipFile(libro) as z:
        assert b"fullCalcOnLoad" in z.read("xl/workbook.xml")
        c2 = z.read("xl/worksheets/sheet1.xml").split(b'r="C2"')[1].split(b"</c>")[0]
        assert c2 == b"><v>5</v>"
    hoja = openpyxl.load_workbook(libro)["Datos"]
    assert (hoja["A2"].value, hoja["C2"].value, hoja["B3"].value) == ("dos", 5, "=B2+10")
    assert valores_de_celdas(libro, [Celda("Datos", 1, 2)]) == {Celda("Datos", 1, 2): "valor"}


def test_la_cadena_de_calculo_se_quita_con_la_formula(tmp_path):
    """Excel's calcChain names formula cells: one that lost its formula would be «damage»."""
    libro = libro_openpyxl_con_formula(tmp_path / "datos.xlsx")
    con_cadena_de_calculo(libro)
    escribir_celdas(libro, {Celda("Datos", 2, 3): 5})
    with zipfile.ZipFile(libro) as z:
        nombres = z.namelist()
        assert "xl/calcChain.xml" not in nombres
        assert b"calcChain" not in z.read("xl/_rels/workbook.xml.rels")
        assert b"calcChain" not in z.read("[Content_Types].xml")
    assert openpyxl.load_workbook(libro)["Datos"]["C2"].value == 5


def test_fechas_en_el_calendario_de_1904(tmp_path):
    ruta = tmp_path / "mac.xlsx"
    libro = openpyxl.Workbook()
    libro.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    libro.active.title = "Hoja"
    libro.active["A1"] = dt.datetime(2023, 1, 1)
    libro.save(ruta)
    escribir_celdas(ruta, {Celda("Hoja", 1, 1): dt.datetime(2023, 6, 15, 12, 30)})
    assert openpyxl.load_workbook(ruta)["Hoja"]["A1"].value == dt.datetime(2023, 6, 15, 12, 30)
