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


def test_la_ronda_de_la_oficina_con_el_reporte_del_ejemplo(tmp_path):
    """Generate, correct in Word, regenerate (a late change in the workbook), incorporate."""
    import zipfile

    from openpyxl import load_workbook

    from reporte_docx import incorporar_edicion
    from tests.utiles import copiar_ejemplo

    libro = copiar_ejemplo(tmp_path)
    reporte = generar_reporte(libro).ruta
    assert reporte is not None
    with zipfile.ZipFile(reporte) as z:
        partes = {n: z.read(n) for n in z.namelist()}
    documento = partes["word/document.xml"].decode()
    assert documento.count("Chetumal Quintana Roo.") == 1
    partes["word/document.xml"] = documento.replace(
        "Chetumal Quintana Roo.", "Chetumal, Quintana Roo (sala 2)."
    ).encode()
    with zipfile.ZipFile(reporte, "w", zipfile.ZIP_DEFLATED) as z:
        for nombre, datos in partes.items():
            z.writestr(nombre, datos)
    wb = load_workbook(libro)  # a late correction in the workbook, in another field
    hoja = wb["Actividades"]
    hoja.cell(2, 5).value = "Descripción corregida en el libro después de generar."
    wb.save(libro)
    r = generar_reporte(libro, sobrescribir=True)
    texto = texto_docx(reporte)
    assert "Chetumal, Quintana Roo (sala 2)." in texto  # Word's, carried forward
    assert "Descripción corregida en el libro después de generar." in texto  # the workbook's
    assert r.respaldo is not None and "sala 2" in texto_docx(r.respaldo)
    # the new document still knows the workbook lacks Word's correction
    i = incorporar_edicion(reporte, libro)
    assert [c.texto_nuevo for c in i.cambios] == [
        "Oficinas de la Subsecretaría de Derechos Humanos de la SEGOB, Chetumal, Quintana Roo (sala 2)."
    ]
    assert not incorporar_edicion(reporte, libro).cambios  # and once in, nothing more
    final = generar_reporte(libro, sobrescribir=True)
    assert final.respaldo is None and "sala 2" in texto_docx(reporte)


def test_una_foto_reemplazada_y_un_comentario_en_word_se_dicen(tmp_path):
    """A photo replaced in Word is reported (the workbook's comes back), and so are comments."""
    import io
    import zipfile

    from PIL import Image

    from reporte_docx import incorporar_edicion
    from tests.utiles import copiar_ejemplo

    libro = copiar_ejemplo(tmp_path)
    reporte = generar_reporte(libro).ruta
    assert reporte is not None
    with zipfile.ZipFile(reporte) as z:
        partes = {n: z.read(n) for n in z.namelist()}
    foto = sorted(n for n in partes if n.startswith("word/media/"))[0]
    otra = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 0, 0)).save(otra, "PNG")
    partes[foto] = otra.getvalue()  # Word keeps the part's name when a picture is replaced
    partes["word/comments.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="http://schemas.'
        b'openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0" w:author="Revis'
        b'\xc3\xb3"><w:p><w:r><w:t>Revisar la fecha</w:t></w:r></w:p></w:comment></w:comments>'
    )
    with zipfile.ZipFile(reporte, "w", zipfile.ZIP_DEFLATED) as z:
        for nombre, datos in partes.items():
            z.writestr(nombre, datos)
    avisos = [str(h) for h in incorporar_edicion(reporte, libro, escribir=False).avisos]
    assert any("1 fotografía del reporte ya no está" in a for a in avisos), avisos
    assert any("1 imagen se agregó en Word" in a for a in avisos), avisos
    r = generar_reporte(libro, sobrescribir=True)
    codigos = [h.codigo for h in r.avisos]
    assert "fotos-cambiadas-en-word" in codigos and "comentarios-en-el-respaldo" in codigos
    with zipfile.ZipFile(reporte) as z:  # the workbook's photo is back, in the new report
        assert otra.getvalue() not in [
            z.read(n) for n in z.namelist() if n.startswith("word/media/")
        ]
    assert r.respaldo is not None
    with zipfile.ZipFile(r.respaldo) as z:
        assert b"Revisar la fecha" in z.read("word/comments.xml")
