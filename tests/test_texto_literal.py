"""Values reach Word verbatim: XML-special characters, emoji, line breaks."""

from __future__ import annotations

import datetime as dt

import docx

from tests.utiles import assert_docx_valido, crear_libro, ejecutar, texto_docx

RAROS = "Tom & Jerry <b>negrita</b> \"comillas\" 'simples' ñandú 🎉 {{ no es etiqueta }} {%p%} {_{"


def test_caracteres_especiales_y_saltos_de_linea(tmp_path):
    libro = crear_libro(
        tmp_path / "raro.xlsx",
        reporte={"justificacion": RAROS, "dependencia": "A & B < C"},
        actividades=[("1", RAROS, dt.datetime(2023, 5, 30), "Línea 1\nLínea 2", "Descripción", "")],
        firmas=[("Elaboró", "Ana <Ñ>", "Jefa & más")],
    )
    r = ejecutar("generar", str(libro))
    assert r.returncode == 0, r.stderr
    salida = libro.with_suffix(".docx")
    texto = texto_docx(salida)
    assert RAROS in texto
    assert "A & B < C" in texto
    assert "Ana <Ñ>" in texto and "Jefa & más" in texto
    # the line break is a real Word line break (w:br), not a space
    documento = docx.Document(str(salida))
    xml = documento.element.xml
    assert "Línea 1</w:t>" in xml and "<w:br/>" in xml
    assert_docx_valido(salida, (RAROS,))


def test_caracteres_prohibidos_en_xml_se_quitan(tmp_path):
    """A model built in code may hold control characters Excel would refuse; they are dropped."""
    from reporte_docx import Actividad, Firma, Reporte, renderizar_reporte

    reporte = Reporte(
        dependencia="De\x01pen\x08dencia",
        titulo="T\ufffeítulo",
        ejercicio=2023,
        trimestre=1,
        # «\x0b» is Word's manual line break (Shift+Enter): a break, never glued words
        actividades=[Actividad("1", "N\x00ombre", dt.date(2023, 1, 2), "L\x0bM", "D\x1fesc")],
        firmas=[Firma("Elaboró", "Ana", "Jefa")],
    )
    salida = tmp_path / "r.docx"
    salida.write_bytes(renderizar_reporte(reporte))
    texto = texto_docx(salida)
    assert "Dependencia" in texto and "Título" in texto and "“Nombre”" in texto and "Desc" in texto
    assert "L\nM" in texto
    assert_docx_valido(salida)
