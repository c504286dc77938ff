"""Workbooks as offices fill them, end to end: what Excel shows reaches the report.

Each workbook is built with openpyxl and, where LibreOffice Calc writes it
differently (merged cells, hyperlinks, hidden rows, tables), also re-saved by
Calc; the report's words are read back from the generated document, and a
refusal is checked for its message and for nothing written.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.table import Table

from reporte_docx.libro.lectura import analizar_libro
from tests.unidad.test_lectura_excel import libro_con_extension
from tests.utiles import (
    ACTIVIDAD,
    crear_foto,
    crear_libro,
    ejecutar,
    guardar_con_calc,
    tablas_de_eventos,
    texto_docx,
)

F = dt.datetime


def _libro_de_oficina(carpeta: Path) -> Path:
    """Text pasted from Word, a link in LUGAR, several days, merged titles, a totals row,
    a hidden row: what a real office workbook holds."""
    crear_foto(carpeta / "fotos" / "a.jpg")
    libro = crear_libro(
        carpeta / "oficina.xlsx",
        actividades=[
            (
                "1",
                "Taller",
                "del 5 al 9 de junio de 2023",
                "Sala virtual",
                "Primera línea_x000D_\nSegunda línea",
                "",
            ),
            ("2", "Foro", F(2023, 6, 28), "Chetumal", "Foro regional", ""),
            ("Total", None, None, None, None, None),
        ],
        fotografias=[("1", "fotos/a.jpg", "Inauguración"), ("2", "fotos/a.jpg", "Foro")],
        eventos=[
            ("1", "Sesiones del comité", F(2023, 6, 9), "Clausura"),
            (None, None, F(2023, 6, 5), "Apertura"),
            ("1", "SESIONES DEL COMITE.", F(2023, 6, 7), "Mesa de trabajo"),
        ],
    )
    wb = load_workbook(libro)
    actividades = wb["Actividades"]
    actividades["D2"].hyperlink = "https://meet.example/taller"
    actividades["G1"] = "fecha_fin"
    actividades["G3"] = "2 de julio de 2023"
    tabla = Table(displayName="TablaActividades", ref="A1:G4")
    tabla.totalsRowCount = 1
    actividades.add_table(tabla)
    eventos = wb["Eventos"]
    eventos.merge_cells("A2:A3")
    eventos.merge_cells("B2:B3")
    eventos.row_dimensions[4].hidden = True
    wb.save(libro)
    return libro


def _comprobar_reporte(libro: Path) -> None:
    salida = libro.with_name("reporte.docx")
    r = ejecutar("generar", str(libro), "-o", str(salida))
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and "Warning" not in r.stderr
    assert "Eventos: la fila 4 está oculta o filtrada" in r.stderr.replace(
        "hoja «Eventos»", "Eventos"
    )
    texto = texto_docx(salida)
    assert "del 5 al 9 de junio de 2023" in texto
    assert "del 28 de junio al 2 de julio de 2023" in texto
    assert "Primera línea\nSegunda línea" in texto and "_x000D_" not in texto
    assert "Sala virtual" in texto
    assert "Total" not in texto
    assert tablas_de_eventos(salida) == [
        [
            ["Fecha", "Evento"],
            ["9 de junio de 2023", "Clausura"],
            ["5 de junio de 2023", "Apertura"],
            ["7 de junio de 2023", "Mesa de trabajo"],
        ]
    ]
    r = ejecutar("validar", "--json", str(libro))
    hallazgos = json.loads(r.stdout)["hallazgos"]
    assert "filas-ocultas" in [h["codigo"] for h in hallazgos]


def test_el_reporte_muestra_lo_que_excel_muestra(tmp_path):
    _comprobar_reporte(_libro_de_oficina(tmp_path))


def test_lo_mismo_con_el_libro_guardado_por_calc(tmp_path):
    original = _libro_de_oficina(tmp_path / "original")
    copia = guardar_con_calc(original, tmp_path / "calc")
    (tmp_path / "calc" / "fotos").symlink_to(tmp_path / "original" / "fotos")
    with zipfile.ZipFile(copia) as z:  # Calc really rewrote it, merges and link included
        hoja = z.read("xl/worksheets/sheet4.xml").decode()  # Eventos
        assert "LibreOffice" in z.read("docProps/app.xml").decode()
    assert "mergeCell" in hoja
    _comprobar_reporte(copia)
    [taller, _] = analizar_libro(copia).reporte.actividades
    assert (taller.lugar, taller.lugar_enlace) == ("Sala virtual", "https://meet.example/taller")


def test_enlace_y_formula_hipervinculo_guardados_por_calc(tmp_path):
    libro = crear_libro(tmp_path / "l.xlsx")
    wb = load_workbook(libro)
    wb["Actividades"]["D2"] = '=HYPERLINK("https://maps.example/chetumal","Chetumal, Q. Roo")'
    wb["Actividades"]["E2"] = "Informe completo"
    wb["Actividades"]["E2"].hyperlink = "https://x.mx/informe"
    wb.save(libro)
    copia = guardar_con_calc(libro, tmp_path / "calc")
    salida = tmp_path / "r.docx"
    r = ejecutar("generar", str(copia), "-o", str(salida))
    assert r.returncode == 0, r.stderr
    texto = texto_docx(salida)
    assert "Chetumal, Q. Roo" in texto and "HYPERLINK" not in texto
    assert "Informe completo (https://x.mx/informe)" in texto


def test_las_entradas_se_revisan_antes_que_la_salida(tmp_path):
    """``generar libro.ods`` with ``libro.docx`` present: the .ods is the problem, not the .docx."""
    ods = tmp_path / "libro.ods"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    existente = tmp_path / "libro.docx"
    existente.write_bytes(b"no tocar")
    for orden in ("generar", "validar"):
        r = ejecutar(orden, str(ods))
        assert r.returncode == 1
        salida = r.stderr + r.stdout
        assert "(.ods)" in salida and "ya existe" not in salida, salida
    assert existente.read_bytes() == b"no tocar"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["libro.docx", "libro.ods"]


def test_generar_sin_extension_sugiere_el_libro(tmp_path):
    crear_libro(tmp_path / "reporte.xlsx")
    r = ejecutar("generar", "reporte", cwd=tmp_path)
    assert r.returncode == 1
    assert "¿quiso decir «reporte.xlsx»?" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reporte.xlsx"]


def test_una_carpeta_incluye_los_libros_con_macros(tmp_path):
    libro = crear_libro(tmp_path / "a.xlsx", actividades=[ACTIVIDAD])
    (tmp_path / "b.xlsm").write_bytes(libro.read_bytes())
    r = ejecutar("generar", "--silencioso", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "a.docx").exists() and (tmp_path / "b.docx").exists()


@pytest.mark.parametrize("orden", ["generar", "validar"])
def test_validar_dice_lo_mismo_que_generar(tmp_path, orden):
    libro = crear_libro(
        tmp_path / "l.xlsx",
        reporte={"programadas": "2,5"},
        actividades=[
            ("1", "Taller", "el lunes", "Sala", "D", ""),
            ("2", "Foro", "1/06/2023", "S", "D", ""),
        ],
    )
    wb = load_workbook(libro)
    wb["Actividades"].row_dimensions[3].hidden = True
    wb.save(libro)
    r = ejecutar(orden, str(libro))
    lineas = [x for x in (r.stderr + r.stdout).splitlines() if x.startswith(("error:", "aviso:"))]
    esperadas = [
        "error: «Reporte», fila 14, columna «Valor»: «2,5» es ambiguo",
        "error: «Actividades», fila 2, columna «fecha»: «el lunes» no se entiende como fecha; "
        "formas que sirven: 30/05/2023",
        "aviso: hoja «Actividades»: la fila 3 está oculta o filtrada en Excel",
    ]
    for esperada in esperadas:
        assert any(x.startswith(esperada) for x in lineas), (esperada, lineas)
    assert r.returncode == 1 and not libro.with_suffix(".docx").exists()


def test_el_ingles_de_openpyxl_solo_con_depurar(tmp_path):
    libro = libro_con_extension(tmp_path)
    r = ejecutar("validar", str(libro))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "extension" not in (r.stdout + r.stderr).lower()
    assert "Warning" not in r.stderr
    r = ejecutar("--depurar", "validar", str(libro))
    assert "openpyxl: Conditional Formatting extension is not supported" in r.stderr


def _libro_con_xlsxwriter(carpeta: Path) -> Path:
    """A workbook written the way Excel writes it (XlsxWriter: shared strings, ``_x000D_``
    and ``_x000B_`` escapes, merges with blank covered cells, links as relationships)."""
    import xlsxwriter

    from tests.utiles import CAMPOS_REPORTE

    crear_foto(carpeta / "fotos" / "mi foto.jpg", (1600, 1200))
    crear_foto(carpeta / "fotos" / "b.jpg", (1600, 1200))
    libro = carpeta / "excel.xlsx"
    wb = xlsxwriter.Workbook(str(libro))
    fecha = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Reporte")
    ws.merge_range("A1:B1", "REPORTE DEL SEGUNDO TRIMESTRE")  # a title over the table
    ws.write_row(2, 0, ["Campo", "Valor"])
    campos = {**CAMPOS_REPORTE, "realizadas": "1,234.5", "justificacion": "Línea 1\r\nLínea 2"}
    for i, (k, v) in enumerate(campos.items(), start=3):
        ws.write_row(i, 0, [k, v])
    ws = wb.add_worksheet("Actividades")
    ws.write_row(0, 0, ["id", "nombre", "fecha", "lugar", "descripcion"])
    ws.write_row(1, 0, [1, "Taller", "5 de junio del 2023."])
    ws.write_url(1, 3, "https://meet.example/t", string="Sala virtual")
    ws.write(1, 4, "Pegado de Word\x0bcon salto manual")
    ws.write_row(2, 0, [2, "Foro"])
    ws.write_datetime(2, 2, F(2023, 6, 28), fecha)
    ws.write_row(2, 3, ["Chetumal", "Foro regional"])
    ws = wb.add_worksheet("Fotografias")
    ws.write_row(0, 0, ["actividad", "archivo", "pie"])
    ws.merge_range("A2:A3", 1)  # one activity id over its two photos
    ws.write_url(1, 1, "external:fotos/mi foto.jpg", string="Ver foto")
    ws.write(1, 2, "Inauguración")
    ws.write_row(2, 1, ["Fotos\\B.JPG", "Mesa"])
    ws = wb.add_worksheet("Eventos")
    ws.write_row(0, 0, ["actividad", "titulo", "fecha", "evento"])
    ws.merge_range("B2:B3", "Calendario")
    ws.write_row(1, 0, [1])
    ws.write_row(1, 2, ["6/06/2023", "Apertura"])
    ws.write_row(2, 0, [1])
    ws.write_row(2, 2, ["7/06/23", "Cierre"])
    ws = wb.add_worksheet("Firmas")
    ws.add_table(
        0,
        0,
        3,
        2,
        {
            "columns": [
                {"header": "rol", "total_string": "Total"},
                {"header": "nombre"},
                {"header": "cargo", "total_function": "count"},
            ],
            "data": [["Elaboró", "Ana", "Jefa"], ["Revisó", "Bea", "Directora"]],
            "total_row": True,
        },
    )
    wb.close()
    return libro


@pytest.mark.parametrize("con_calc", [False, True], ids=["xlsxwriter", "re-guardado-por-calc"])
def test_libro_escrito_como_excel(tmp_path, con_calc):
    libro = _libro_con_xlsxwriter(tmp_path / "original")
    if con_calc:
        libro = guardar_con_calc(libro, tmp_path / "calc")
        (tmp_path / "calc" / "fotos").symlink_to(tmp_path / "original" / "fotos")
    salida = libro.with_name("reporte.docx")
    r = ejecutar("generar", str(libro), "-o", str(salida))
    assert r.returncode == 0, r.stderr
    assert "error" not in r.stderr and "Traceback" not in r.stderr
    texto = texto_docx(salida)
    for esperado in (
        "Línea 1\nLínea 2",
        "Pegado de Word\ncon salto manual",
        "5 de junio de 2023",
        "28 de junio de 2023",
        "Sala virtual",
        "1,234.5",
    ):
        assert esperado in texto, esperado
    assert "_x00" not in texto and "Total" not in texto
    assert tablas_de_eventos(salida) == [
        [["Fecha", "Evento"], ["6 de junio de 2023", "Apertura"], ["7 de junio de 2023", "Cierre"]]
    ]
    reporte = analizar_libro(libro).reporte
    [taller, _] = reporte.actividades
    assert [Path(f.archivo).name for f in taller.fotografias] == ["mi foto.jpg", "b.jpg"]
    assert taller.lugar_enlace == "https://meet.example/t"
    assert [f.nombre for f in reporte.firmas] == ["Ana", "Bea"]
