"""#18 with the real programs: the marks survive a LibreOffice re-save, change nothing printed,
and the marked document passes Microsoft's Open XML validator."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reporte_docx import api
from reporte_docx.documento.lectura_campos import leer_campos
from reporte_docx.documento.paquete import terminar_paquete
from reporte_docx.plantilla.render import preparar_plantilla, renderizar_docx
from tests.utiles import DATOS, a_pdf, assert_docx_valido, convertir_con_libreoffice

pytestmark = pytest.mark.lento
EJEMPLO = DATOS / "reporte_ejemplo.xlsx"


@pytest.fixture(scope="module")
def generado(tmp_path_factory) -> Path:
    ruta = tmp_path_factory.mktemp("marcas") / "reporte.docx"
    ruta.write_bytes(api.renderizar_libro(EJEMPLO, procesos=1, cache=False).docx)
    return ruta


def test_libreoffice_guarda_otra_vez_y_los_campos_se_leen_igual(generado, tmp_path):
    """LibreOffice keeps the custom XML part (the snapshot) and every ``_RD`` bookmark."""
    antes = leer_campos(generado.read_bytes())
    convertir_con_libreoffice("docx:MS Word 2007 XML", tmp_path, generado)
    resguardado = tmp_path / generado.name
    assert resguardado.read_bytes() != generado.read_bytes()  # really written by LibreOffice
    despues = leer_campos(resguardado.read_bytes())
    assert despues.instantanea == antes.instantanea
    assert despues.valores == antes.valores
    assert len(despues.valores) > 50
    assert despues.faltan == [] and despues.fuera == []


def test_con_y_sin_marcas_el_pdf_dice_lo_mismo_en_las_mismas_paginas(tmp_path):
    datos, nombre, _ = preparar_plantilla(None)
    reporte = api.leer_libro(EJEMPLO)
    fecha = dt.datetime(2023, 7, 1)
    rutas = {}
    for marcas in (True, False):
        partes = renderizar_docx(reporte, datos, nombre, marcas=marcas)
        ruta = tmp_path / ("con" if marcas else "sin") / "reporte.docx"
        ruta.parent.mkdir()
        ruta.write_bytes(terminar_paquete(partes, libro_sha256="", version="", fecha=fecha))
        rutas[marcas] = ruta
    assert leer_campos(rutas[True].read_bytes()).valores
    assert leer_campos(rutas[False].read_bytes()).instantanea is None
    con, sin = a_pdf(rutas[True]), a_pdf(rutas[False])
    assert con[1] == sin[1]
    assert con[0] == sin[0]


def test_el_documento_con_marcas_pasa_el_validador_open_xml(generado):
    assert_docx_valido(generado)
