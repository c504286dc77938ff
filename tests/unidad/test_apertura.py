"""Opening the file: each kind of wrong file named as what it is, by its own name."""

from __future__ import annotations

import zipfile

from reporte_docx.libro.apertura import OLE2
from reporte_docx.libro.lectura import analizar_libro
from tests.utiles import crear_libro


def _mensaje(ruta) -> tuple[str, str]:
    [h] = analizar_libro(ruta).hallazgos
    return h.codigo, str(h)


def test_xls_con_su_nombre_no_dice_aunque_su_nombre(tmp_path):
    (tmp_path / "viejo.xls").write_bytes(OLE2 + bytes(600))
    (tmp_path / "disfrazado.xlsx").write_bytes(OLE2 + bytes(600))
    codigo, texto = _mensaje(tmp_path / "viejo.xls")
    assert codigo == "libro-xls" and "(.xls);" in texto and "aunque" not in texto
    codigo, texto = _mensaje(tmp_path / "disfrazado.xlsx")
    assert codigo == "libro-xls" and "aunque su nombre diga otra cosa" in texto


def test_xlsb_se_nombra_como_libro_binario(tmp_path):
    ruta = tmp_path / "binario.xlsb"
    with zipfile.ZipFile(ruta, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.bin", b"\x83\x01\x00")
    codigo, texto = _mensaje(ruta)
    assert codigo == "libro-xlsb"
    assert ".xlsb" in texto and "comprimido" not in texto


def test_sin_extension_sugiere_el_libro(tmp_path):
    crear_libro(tmp_path / "reporte.xlsx")
    codigo, texto = _mensaje(tmp_path / "reporte")
    assert codigo == "libro-no-existe"
    assert "(¿quiso decir «reporte.xlsx»?)" in texto
    codigo, texto = _mensaje(tmp_path / "reprote.xlsx")
    assert "(¿quiso decir «reporte.xlsx»?)" in texto
    assert "¿quiso decir" not in _mensaje(tmp_path / "otro" / "x.xlsx")[1]


def test_un_libro_con_otro_nombre_se_lee_igual(tmp_path):
    """The bytes decide, not the name: an .xlsm or a workbook saved without extension."""
    libro = crear_libro(tmp_path / "l.xlsx")
    for nombre in ("macros.xlsm", "sin_extension", "guardado_como.xls"):
        copia = tmp_path / nombre
        copia.write_bytes(libro.read_bytes())
        assert analizar_libro(copia).errores == [], nombre


def test_un_csv_o_una_foto_no_dicen_aunque_su_nombre_lo_parezca(tmp_path):
    """«aunque su nombre lo parezca» only for a file named like a workbook."""
    (tmp_path / "datos.csv").write_text("id,nombre\n1,Taller\n")
    (tmp_path / "foto.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    (tmp_path / "renombrado.xlsx").write_text("id,nombre\n1,Taller\n")
    codigo, texto = _mensaje(tmp_path / "datos.csv")
    assert codigo == "libro-no-xlsx" and "es un archivo CSV" in texto and "aunque" not in texto
    assert "guárdelo como «Libro de Excel (.xlsx)»" in texto
    codigo, texto = _mensaje(tmp_path / "foto.jpg")
    assert codigo == "libro-no-xlsx" and "aunque" not in texto and "«.jpg»" in texto
    codigo, texto = _mensaje(tmp_path / "renombrado.xlsx")
    assert "aunque su nombre lo parezca" in texto
