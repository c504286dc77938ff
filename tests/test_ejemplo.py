"""The sample workbook gives the seed's report: every field, table and picture."""

from __future__ import annotations

import openpyxl

from reporte_docx.texto import normalizar_nombre
from tests.utiles import (
    a_pdf,
    assert_docx_valido,
    imagenes_docx,
    tablas_de_eventos,
    texto_docx,
)


def _filas(libro, hoja):
    ws = openpyxl.load_workbook(libro)[hoja]
    encabezados = [normalizar_nombre(c.value) for c in ws[1]]
    return [
        dict(zip(encabezados, f, strict=False)) for f in ws.iter_rows(min_row=2, values_only=True)
    ]


def test_cada_campo_del_libro_aparece_en_el_documento(ejemplo_generado):
    libro, documento = ejemplo_generado
    texto = texto_docx(documento)
    for fila in _filas(libro, "Reporte"):
        if fila["campo"] in ("ejercicio", "trimestre", "objetivo"):
            continue
        assert str(fila["valor"]) in texto, fila["campo"]
    for fila in _filas(libro, "Actividades"):
        for campo in ("nombre", "lugar", "descripcion"):
            assert fila[campo] in texto, (fila["id"], campo)
        assert f"“{fila['nombre']}”" in texto  # the name goes in quotes, as in the seed
        if fila["objetivo"]:
            assert fila["objetivo"] in texto
    for fila in _filas(libro, "Firmas"):
        assert fila["nombre"] in texto and fila["cargo"] in texto
        assert f"({fila['rol']}/Nombre y Cargo)" in texto
    for fila in _filas(libro, "Fotografias"):
        assert fila["pie"] in texto


def test_encabezado_periodo_y_fechas_en_espanol(ejemplo_generado):
    _, documento = ejemplo_generado
    texto = texto_docx(documento)
    assert "(SEGUNDO TRIMESTRE ABRIL - JUNIO 2023)" in texto
    assert "TOTAL, EN EL TRIMESTRE II (ABRIL - JUNIO)" in texto
    assert "CALENDARIO EJECUTADO 2023/AVANCE" in texto
    assert "30 de mayo de 2023" in texto
    assert "31 de mayo de 2023" in texto
    assert "10 de junio de 2023" in texto
    # the indicator table has the official format's rows: no derived percentage row
    assert "PORCENTAJE DE AVANCE" not in texto and "100%" not in texto
    assert "{{" not in texto and "{%" not in texto


def test_tablas_fecha_evento(ejemplo_generado):
    libro, documento = ejemplo_generado
    tablas = tablas_de_eventos(documento)
    eventos = _filas(libro, "Eventos")
    assert len(tablas) == 2  # activities 1 and 2 have one table each; 3 has none
    assert [len(t) - 1 for t in tablas] == [4, 4]
    assert tablas[0][1] == ["6 de junio de 2023", eventos[0]["evento"]]
    # a date typed as text in the workbook ("13 de junio 2023") is written properly
    assert tablas[1][2][0] == "13 de junio de 2023"
    assert [f[1] for t in tablas for f in t[1:]] == [e["evento"] for e in eventos]


def test_una_imagen_por_foto_y_documento_valido(ejemplo_generado):
    libro, documento = ejemplo_generado
    assert len(imagenes_docx(documento)) == len(_filas(libro, "Fotografias"))
    assert_docx_valido(documento)


def test_libreoffice_lo_abre_con_portada_y_una_pagina_por_actividad(ejemplo_generado):
    libro, documento = ejemplo_generado
    texto, paginas = a_pdf(documento)
    actividades = _filas(libro, "Actividades")
    assert paginas >= 1 + len(actividades)
    assert paginas <= 1 + 2 * len(actividades)  # no runaway blank pages
    assert "SEGUNDO TRIMESTRE ABRIL - JUNIO 2023" in texto
    assert "30 de mayo de 2023" in texto
    assert "Página 1 de" in texto
    assert texto.count("NOMBRE DE LA") == len(actividades)
    # every activity starts on a page of its own: the PDF's pages split at form feeds
    paginas_texto = texto.split("\f")
    for pagina in paginas_texto[1 : 1 + len(actividades)]:
        assert "NOMBRE DE LA" in pagina
    # the three signatures share one page (names may wrap in their column; the role lines
    # don't), and that page is the last ficha's: a signature sheet never goes alone
    roles = [f"({f['rol']}/Nombre y Cargo)" for f in _filas(libro, "Firmas")]
    (firmas,) = [p for p in paginas_texto if all(r in p for r in roles)]
    assert "FOTOGRAFÍAS:" in firmas and actividades[-1]["lugar"].split()[0] in firmas
