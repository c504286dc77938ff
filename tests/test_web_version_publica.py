"""The public version from the web page, in Debian's Chromium driven by Playwright.

The box «versión pública» checked, the page offers the public version's .docx and PDF
beside the report, its warnings (a listed text found nowhere) join the workbook's table,
and what is downloaded holds nothing of what «Testado» lists.
"""

from __future__ import annotations

import shutil
import zipfile

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.test_version_publica import _con_openpyxl, _revisar_paquete, _sin_secretos
from tests.utiles_web import servidor_real

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def pagina(tmp_path_factory):
    temporal = tmp_path_factory.mktemp("servidor")
    with (
        servidor_real(entorno={"TMPDIR": str(temporal)}) as (url, _proceso),
        sync_playwright() as p,
    ):
        navegador = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        contexto = navegador.new_context(locale="es-MX", accept_downloads=True)
        pagina = contexto.new_page()
        pagina.goto(url + "/")
        yield pagina
        navegador.close()


def test_la_pagina_entrega_la_version_publica(pagina: Page, tmp_path):
    libro = _con_openpyxl(tmp_path / "entrada")
    pagina.set_input_files("#libro", libro)
    pagina.set_input_files("#fotos", libro.parent / "fotos")
    casilla = pagina.get_by_label("Preparar también la versión pública")
    expect(casilla).not_to_be_checked()  # the ordinary report alone unless asked
    casilla.check()
    pagina.screenshot(path=str(tmp_path / "formulario.png"), full_page=True)
    pagina.click("#enviar")
    publica = pagina.locator("#bajar-publica-docx")
    expect(publica).to_be_visible(timeout=180_000)
    expect(pagina.locator("#bajar-publica-pdf")).to_be_visible()
    expect(pagina.locator("#bajar-docx")).to_be_visible()
    # the typo in «Testado» is told in the workbook's table, with its row
    aviso = pagina.locator("#tabla tbody tr", has_text="Pedro Páramo")
    expect(aviso).to_have_count(1)
    expect(aviso.locator("td").nth(2)).to_have_text("7")
    pagina.screenshot(path=str(tmp_path / "descargas.png"), full_page=True)
    with pagina.expect_download() as descarga:
        publica.click()
    assert descarga.value.suggested_filename == "libro-version-publica.docx"
    docx = tmp_path / "publica.docx"
    descarga.value.save_as(docx)
    _revisar_paquete(docx)
    with zipfile.ZipFile(docx) as z:
        assert b"LEYENDA DE CLASIFICACI" in z.read("word/document.xml")
    with pagina.expect_download() as descarga:
        pagina.click("#bajar-publica-pdf")
    assert descarga.value.suggested_filename == "libro-version-publica.pdf"
    pdf = tmp_path / "publica.pdf"
    descarga.value.save_as(pdf)
    _sin_secretos(pdf.name, pdf.read_bytes())
