"""#18 end to end: a workbook as Excel writes it, its report corrected in Word, and back.

The workbook is XlsxWriter's (what Excel writes): a photo placed in its cell
(``embed_image``) and one floating over its row (``insert_image``), a list
validation with its input message, a note, column widths and dates with their
format. The report is generated, corrected at the XML level the way Word saves
(a description rewritten in place, a caption changed as a tracked change, a
comment anchored in a field), and ``incorporar`` must write only the corrected
cells: every other part of the workbook comes out byte for byte.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import xlsxwriter
from openpyxl import load_workbook

from reporte_docx import generar_reporte
from reporte_docx.libro.contrato import CONTRATO
from tests.imagenes_pegadas import foto_marcada
from tests.utiles import CAMPOS_REPORTE, convertir_con_libreoffice, ejecutar

FIRMAS = [("Elaboró", "Persona Uno", "Jefa"), ("Revisó", "Persona Dos", "Directora")]


def _libro_de_excel(carpeta: Path, segunda: int = 2) -> Path:
    """The quarter's workbook; *segunda* is the second activity's number."""
    foto = foto_marcada(carpeta / "foto.jpg", "red", "blue")
    ruta = carpeta / "trimestre.xlsx"
    wb = xlsxwriter.Workbook(str(ruta))
    fecha = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Reporte")
    ws.set_column("A:A", 48)
    ws.set_column("B:B", 60)
    ws.write_row(0, 0, ["Campo", "Valor"])
    for i, campo in enumerate(CONTRATO.campos, start=1):
        ws.write(i, 0, campo.rotulo)
        if campo.clave in CAMPOS_REPORTE:
            ws.write(i, 1, CAMPOS_REPORTE[campo.clave])
    ws = wb.add_worksheet("Actividades")
    ws.write_row(0, 0, [c.encabezado for c in CONTRATO.hoja("actividades").columnas])
    ws.write_row(1, 0, [1, "Sesión ordinaria", None, "Chetumal", "Se sesionó con el pleno."])
    ws.write_datetime(1, 2, dt.datetime(2023, 6, 5), fecha)
    ws.write_row(2, 0, [segunda, "Taller", None, "Bacalar", "Se impartió el taller."])
    ws.write_datetime(2, 2, dt.datetime(2023, 5, 30), fecha)
    ws.data_validation(
        "D2:D50",
        {
            "validate": "list",
            "source": ["Chetumal", "Bacalar", "Cancún"],
            "input_title": "Lugar",
            "input_message": "Elija el municipio de la lista",
        },
    )
    ws.write_comment("E1", "Lo que se hizo, en pocas líneas")
    ws = wb.add_worksheet("Fotografías")
    ws.set_column("B:B", 30)
    ws.set_row(1, 120)
    ws.set_row(2, 120)
    ws.write_row(0, 0, ["Actividad", "Archivo", "Pie de foto"])
    ws.write_row(1, 0, [1])
    ws.embed_image(1, 1, str(foto))  # «Colocar en celda» of Excel 365
    ws.write(1, 2, "El pleno reunido")
    ws.write_row(2, 0, [segunda])
    ws.insert_image(2, 1, str(foto), {"x_scale": 0.3, "y_scale": 0.3, "x_offset": 4})
    ws.write(2, 2, "Las personas del taller")
    ws = wb.add_worksheet("Eventos")
    ws.write_row(0, 0, ["Actividad", "Título de la tabla", "Fecha", "Evento"])
    ws = wb.add_worksheet("Firmas")
    ws.write_row(0, 0, ["Rol", "Nombre", "Cargo"])
    for i, firma in enumerate(FIRMAS, start=1):
        ws.write_row(i, 0, firma)
    wb.close()
    return ruta


def _partes(ruta: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(ruta) as z:
        return {n: z.read(n) for n in z.namelist()}


def _guardar(ruta: Path, partes: dict[str, bytes]) -> None:
    with zipfile.ZipFile(ruta, "w", zipfile.ZIP_DEFLATED) as z:
        for nombre, datos in partes.items():
            z.writestr(nombre, datos)


def _corregir_como_word(reporte: Path, corregido: Path) -> None:
    """A description rewritten in place, a caption as a tracked change, a comment in a field."""
    partes = _partes(reporte)
    xml = partes["word/document.xml"].decode()
    assert xml.count("Se impartió el taller.") == 1 and xml.count(">El pleno reunido<") == 1
    xml = xml.replace("Se impartió el taller.", "Se impartió el taller a 25 personas.")
    # the caption's run: its text deleted and new text inserted, as Word tracks a change
    quien = 'w:author="Revisó" w:date="2026-12-08T10:00:00Z"'
    xml = xml.replace(
        '<w:r><w:t xml:space="preserve">El pleno reunido</w:t></w:r>',
        f'<w:del w:id="900" {quien}><w:r><w:delText>El pleno reunido</w:delText></w:r></w:del>'
        f'<w:ins w:id="901" {quien}><w:r><w:t>El pleno de la comisión</w:t></w:r></w:ins>',
        1,
    )
    # a comment anchored inside the description field
    xml = xml.replace(
        "Se impartió el taller a 25 personas.",
        'Se impartió el taller a 25 personas.</w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:t>',
        1,
    )
    partes["word/document.xml"] = xml.encode()
    _guardar(corregido, partes)


def test_incorporar_en_un_libro_de_excel_solo_cambia_las_celdas_corregidas(tmp_path):
    libro = _libro_de_excel(tmp_path)
    reporte = generar_reporte(libro).ruta
    assert reporte is not None
    corregido = tmp_path / "revisado.docx"
    _corregir_como_word(reporte, corregido)
    antes = _partes(libro)
    original = libro.read_bytes()
    r = ejecutar("incorporar", str(corregido), str(libro))
    assert r.returncode == 0, r.stderr
    despues = _partes(libro)
    assert list(despues) == list(antes)  # the same parts, in the same order
    cambiadas = sorted(n for n in antes if antes[n] != despues[n])
    assert cambiadas == ["xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"], cambiadas
    assert any(n.startswith("xl/richData/") for n in antes)  # the in-cell picture's parts
    assert any(n.startswith("xl/media/") for n in antes) and any("vmlDrawing" in n for n in antes)
    wb = load_workbook(libro)
    assert wb["Actividades"]["E3"].value == "Se impartió el taller a 25 personas."
    assert wb["Fotografías"]["C2"].value == "El pleno de la comisión"  # the change accepted
    assert wb["Actividades"]["C2"].is_date  # the rest as it was
    [respaldo] = tmp_path.glob("trimestre.respaldo-*.xlsx")
    assert respaldo.read_bytes() == original


def test_el_reporte_guardado_de_nuevo_por_libreoffice_tambien_vuelve(tmp_path):
    libro = _libro_de_excel(tmp_path)
    reporte = generar_reporte(libro).ruta
    assert reporte is not None
    (tmp_path / "lo").mkdir()
    convertir_con_libreoffice("docx:MS Word 2007 XML", tmp_path / "lo", reporte)
    resguardado = tmp_path / "lo" / reporte.name
    corregido = tmp_path / "revisado.docx"
    partes = _partes(resguardado)
    xml = partes["word/document.xml"].decode()
    assert "Se impartió el taller." in xml
    partes["word/document.xml"] = xml.replace(
        "Se impartió el taller.", "Taller impartido."
    ).encode()
    _guardar(corregido, partes)
    r = ejecutar("incorporar", str(corregido), str(libro))
    assert r.returncode == 0, r.stderr
    assert load_workbook(libro)["Actividades"]["E3"].value == "Taller impartido."


def test_una_fecha_que_no_es_fecha_y_otro_libro_se_rechazan_sin_escribir(tmp_path):
    libro = _libro_de_excel(tmp_path)
    reporte = generar_reporte(libro).ruta
    assert reporte is not None
    partes = _partes(reporte)
    xml = partes["word/document.xml"].decode()
    partes["word/document.xml"] = xml.replace(
        "30 de mayo de 2023", "32 de mayo de 2023", 1
    ).encode()
    corregido = tmp_path / "revisado.docx"
    _guardar(corregido, partes)
    antes = libro.read_bytes()
    r = ejecutar("incorporar", str(corregido), str(libro))
    assert r.returncode == 1 and "«Taller»" in r.stderr and "32 de mayo de 2023" in r.stderr
    assert "Traceback" not in r.stderr and libro.read_bytes() == antes
    otro = tmp_path / "otro"
    otro.mkdir()
    ajeno = _libro_de_excel(otro, segunda=7)  # another workbook: other activities
    antes = ajeno.read_bytes()
    r = ejecutar("incorporar", str(reporte), str(ajeno))
    assert r.returncode == 1 and "otro libro" in r.stderr and ajeno.read_bytes() == antes
