"""The web page in a real browser: headless Chromium (Debian's) driven by Playwright.

A real ``reporte-docx servir`` runs on a free port of 127.0.0.1, as a person
would start it; the browser chooses the files through the page's own inputs.
Playwright cannot download its own browser here: it is given the system's.
"""

from __future__ import annotations

import base64
import shutil
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect, sync_playwright

from tests.test_libro_siguiente import (
    ENCABEZADO,
    FIRMANTES,
    _ajenos,
    _anterior_con_xlsxwriter,
    _filas,
    _valores_de_reporte,
)
from tests.utiles import DATOS, copiar_ejemplo, crear_libro, ejecutar
from tests.utiles_web import TRES_ERRORES, libro_con_tres_errores, servidor_real

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def servidor(tmp_path_factory):
    """``reporte-docx servir`` in its own process; yields (url, its temporary folder)."""
    temporal = tmp_path_factory.mktemp("servidor")
    with servidor_real(entorno={"TMPDIR": str(temporal)}) as (url, proceso):
        yield url + "/", temporal
    salida = proceso.communicate()[0]
    assert proceso.returncode == 0, salida  # Ctrl-C: the server deletes every job's files
    assert "Traceback" not in salida
    assert not any(temporal.glob("reporte-docx-servir-*")), "quedaron archivos de trabajos"


@pytest.fixture(scope="module")
def navegador():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def pagina(navegador, servidor) -> Page:
    contexto = navegador.new_context(locale="es-MX", accept_downloads=True)
    pagina = contexto.new_page()
    pagina.goto(servidor[0])
    yield pagina
    contexto.close()


def _trabajos(temporal: Path) -> list[Path]:
    return [t for raiz in temporal.glob("reporte-docx-servir-*") for t in raiz.iterdir()]


def test_el_ejemplo_con_sus_fotos_da_vista_previa_y_un_docx_que_pasa_verificar(
    pagina: Page, tmp_path
):
    pagina.set_input_files("#libro", DATOS / "reporte_ejemplo.xlsx")
    pagina.set_input_files("#fotos", DATOS / "fotos")
    expect(pagina.locator("#elegidos")).to_contain_text("5 fotos")
    pagina.click("#enviar")
    imagenes = pagina.locator("#paginas img")
    expect(imagenes.first).to_be_visible(timeout=180_000)
    pagina.wait_for_function(
        "Array.from(document.querySelectorAll('#paginas img'))"
        ".every(i => i.complete && i.naturalWidth > 500)"
    )
    assert imagenes.count() >= 3
    expect(imagenes.first).to_have_attribute("alt", f"Página 1 de {imagenes.count()} del reporte")
    expect(pagina.locator("#bajar-pdf")).to_be_visible()
    with pagina.expect_download() as descarga:
        pagina.click("#bajar-docx")
    assert descarga.value.suggested_filename == "reporte_ejemplo.docx"
    docx = tmp_path / descarga.value.suggested_filename
    descarga.value.save_as(docx)
    r = ejecutar("verificar", str(docx))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "está bien formado" in r.stdout
    # «Borrar mis archivos»: nothing left that points to the deleted files
    pagina.click("#borrar")
    expect(pagina.locator("#borrado")).to_be_visible()
    expect(pagina.locator("#bajar-docx")).to_be_hidden()
    expect(pagina.locator("#paginas li")).to_have_count(0)
    expect(pagina.locator("#t-paginas")).to_be_hidden()


def test_tres_errores_dan_tres_filas_con_hoja_fila_y_columna(pagina: Page, tmp_path):
    pagina.set_viewport_size({"width": 640, "height": 900})  # a 1280-px screen at 200 % zoom
    pagina.set_input_files("#libro", libro_con_tres_errores(tmp_path))
    pagina.click("#enviar")
    filas = pagina.locator("#tabla tbody tr")
    expect(filas).to_have_count(3, timeout=60_000)
    vistas = [
        tuple(fila.locator("td").nth(i).inner_text() for i in range(1, 4)) for fila in filas.all()
    ]
    assert vistas == [(h, str(f), c) for h, f, c in TRES_ERRORES]
    for fila in filas.all():
        expect(fila.locator("td").first).to_have_text("Error")
    expect(pagina.locator("#conteo")).to_contain_text("3 errores")
    expect(pagina.locator("#mensaje")).to_contain_text("Corrija")
    expect(pagina.locator("#descargas")).to_be_hidden()
    # nothing wider than the window: readable at 200 % without scrolling sideways
    ancho = pagina.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert ancho[0] <= ancho[1]


def test_todo_se_alcanza_con_el_teclado(pagina: Page):
    vistos = []
    for _ in range(12):
        pagina.keyboard.press("Tab")
        vistos.append(
            pagina.evaluate("document.activeElement.id || document.activeElement.textContent")
        )
    for control in ("libro", "fotos", "enviar", "limpiar"):
        assert control in vistos, vistos
    assert any("libro vacío" in v for v in vistos)


def _png_con_texto(base: bytes, texto: str) -> bytes:
    """*base* with a tEXt chunk after IHDR: the same pixels, another file."""
    datos = b"Comment\x00" + texto.encode()
    trozo = len(datos).to_bytes(4, "big") + b"tEXt" + datos
    trozo += zlib.crc32(b"tEXt" + datos).to_bytes(4, "big")
    return base[:33] + trozo + base[33:]


def _trabajo_largo(pagina: Page, carpeta: Path) -> None:
    """Send a workbook of 80 photos of 12 MP and wait until the page shows their progress."""
    fotos = carpeta / "fotos"
    fotos.mkdir()
    Image.linear_gradient("L").resize((4000, 3000)).convert("RGB").save(fotos / "base.png")
    base = (fotos / "base.png").read_bytes()
    (fotos / "base.png").unlink()
    filas = []
    for i in range(80):
        (fotos / f"foto_{i:02d}.png").write_bytes(_png_con_texto(base, f"foto {i}"))
        filas.append(("1", f"fotos/foto_{i:02d}.png", f"Foto {i}"))
    libro = crear_libro(carpeta / "largo.xlsx", fotografias=filas)
    pagina.set_input_files("#libro", libro)
    pagina.set_input_files("#fotos", fotos)
    pagina.click("#enviar")
    expect(pagina.locator("#detalle")).to_contain_text("de 80 fotografías", timeout=60_000)


def test_cancelar_detiene_un_trabajo_largo(pagina: Page, servidor, tmp_path):
    antes = set(_trabajos(servidor[1]))
    _trabajo_largo(pagina, tmp_path)
    hechas = int(pagina.locator("#detalle").inner_text().split()[0])
    assert hechas < 80
    pagina.click("#cancelar")
    expect(pagina.locator("#fase")).to_have_text("Cancelado.", timeout=10_000)
    expect(pagina.locator("#mensaje")).to_contain_text("Se canceló")
    expect(pagina.locator("#descargas")).to_be_hidden()
    # the cancelled job's folder (upload, photos, partial work) is gone
    assert set(_trabajos(servidor[1])) <= antes


def test_enviar_otra_vez_reemplaza_el_trabajo_que_seguia_en_curso(pagina: Page, servidor, tmp_path):
    """Sending again (corrected workbook, or impatience) cancels the job still running.

    Otherwise it would go on taking one of the server's places, for nobody.
    """
    antes = set(_trabajos(servidor[1]))
    _trabajo_largo(pagina, tmp_path)
    pagina.click("#limpiar")
    pagina.set_input_files("#libro", libro_con_tres_errores(tmp_path))
    pagina.click("#enviar")
    expect(pagina.locator("#tabla tbody tr")).to_have_count(3, timeout=60_000)
    # the long job was cancelled: its folder is gone (the new one ended with errors: no files)
    for _ in range(100):
        if set(_trabajos(servidor[1])) <= antes:
            break
        pagina.wait_for_timeout(100)
    assert set(_trabajos(servidor[1])) <= antes


def test_una_plantilla_sola_sin_problemas_lo_dice(pagina: Page):
    """Checking only a template that is fine must say so, not just «terminado»."""
    from reporte_docx.api import plantilla_oficial

    pagina.set_input_files("#plantilla", plantilla_oficial())
    pagina.click("#enviar")
    expect(pagina.locator("#fase")).to_contain_text("no tiene problemas", timeout=60_000)
    expect(pagina.locator("#descargas")).to_be_hidden()


def test_mas_archivos_que_el_limite_se_dice_antes_de_subir_nada(pagina: Page, tmp_path):
    """A folder over the limit is refused at once, not after minutes of upload (and a cut
    connection the browser would report as «el servidor no respondió»)."""
    fotos = tmp_path / "fotos"
    fotos.mkdir()
    for i in range(1001):
        (fotos / f"f{i:04d}.jpg").write_bytes(b"x")
    envios = []
    pagina.on("request", lambda r: envios.append(r.url) if r.method == "POST" else None)
    pagina.set_input_files("#libro", DATOS / "reporte_ejemplo.xlsx")
    pagina.set_input_files("#fotos", fotos)
    pagina.click("#enviar")
    expect(pagina.locator("#elegidos")).to_contain_text("el máximo es 1000")
    assert envios == []


def test_una_subida_que_el_navegador_no_pudo_enviar_sugiere_volver_a_elegir(pagina: Page):
    """Chromium aborts an upload whose file changed after it was chosen (the workbook saved
    again in Excel: ERR_UPLOAD_FILE_CHANGED); the page cannot tell that from a lost
    connection, so it names both."""
    pagina.route("**/trabajos", lambda ruta: ruta.abort("failed"))
    pagina.set_input_files("#libro", DATOS / "reporte_ejemplo.xlsx")
    pagina.click("#enviar")
    mensaje = pagina.locator("#mensaje")
    expect(mensaje).to_contain_text("No se pudo subir")
    expect(mensaje).to_contain_text("elíjalo otra vez")


def test_el_mismo_libro_se_puede_elegir_otra_vez(pagina: Page):
    """After fixing the workbook in Excel, a person chooses the same file again: the browser
    fires «change» only when the input's value differs, so the page empties the input once it
    has taken the file (what was chosen stays listed); otherwise the stale file is sent."""
    from reporte_docx.api import plantilla_oficial

    pagina.set_input_files("#libro", DATOS / "reporte_ejemplo.xlsx")
    pagina.set_input_files("#fotos", DATOS / "fotos")
    pagina.set_input_files("#plantilla", plantilla_oficial())
    expect(pagina.locator("#n-libro")).to_have_text("reporte_ejemplo.xlsx")
    expect(pagina.locator("#elegidos")).to_contain_text("5 fotos")
    expect(pagina.locator("#n-plantilla")).to_have_text(plantilla_oficial().name)
    for control in ("libro", "fotos", "plantilla"):
        assert pagina.evaluate(f"document.getElementById('{control}').value") == ""


def test_la_pagina_abierta_se_entera_cuando_vencen_los_archivos(pagina: Page):
    """A person back from lunch must not click a download whose files the server already
    deleted (the browser would only say «Falló»): the page keeps asking while it shows them."""
    pagina.clock.install()
    pagina.reload()
    pagina.set_input_files("#libro", DATOS / "reporte_ejemplo.xlsx")
    pagina.set_input_files("#fotos", DATOS / "fotos")
    pagina.click("#enviar")
    expect(pagina.locator("#fase")).to_contain_text("Listo", timeout=180_000)  # no more polls

    def vencido(ruta):  # the server's answer once the job's life is over
        respuesta = ruta.fetch()
        ruta.fulfill(response=respuesta, json={**respuesta.json(), "borrado": True})

    pagina.route("**/trabajos/*", vencido)
    pagina.clock.fast_forward("05:00")
    expect(pagina.locator("#borrado")).to_be_visible()
    expect(pagina.locator("#bajar-docx")).to_be_hidden()
    expect(pagina.locator("#paginas li")).to_have_count(0)


def test_en_una_ventana_angosta_el_avance_se_ve_al_enviar(pagina: Page):
    """At 400 px (or 200 % zoom) the form fills the screen: without scrolling to «2. Avance»
    the person sees nothing happen after clicking."""
    pagina.set_viewport_size({"width": 400, "height": 900})  # the button shows unscrolled
    pagina.set_input_files("#libro", DATOS / "reporte_ejemplo.xlsx")
    pagina.set_input_files("#fotos", DATOS / "fotos")
    pagina.click("#enviar")
    # at once, while uploading (later, the finished job moves the focus to its results)
    arriba, abajo = pagina.evaluate(
        "[document.getElementById('t-avance').getBoundingClientRect().top,"
        " document.getElementById('fase').getBoundingClientRect().bottom]"
    )
    assert arriba >= 0 and abajo <= 900, (arriba, abajo)


def test_soltar_el_libro_y_las_fotos_sueltas_en_la_pagina(pagina: Page):
    archivos = [("reporte_ejemplo.xlsx", DATOS / "reporte_ejemplo.xlsx")]
    archivos += [(p.name, p) for p in sorted((DATOS / "fotos").iterdir())]
    transferencia = pagina.evaluate_handle(
        """(archivos) => {
            const dt = new DataTransfer();
            for (const [nombre, base64] of archivos) {
                const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
                dt.items.add(new File([bytes], nombre));
            }
            return dt;
        }""",
        [(n, base64.b64encode(p.read_bytes()).decode()) for n, p in archivos],
    )
    pagina.dispatch_event("#zona", "drop", {"dataTransfer": transferencia})
    expect(pagina.locator("#elegidos")).to_contain_text("reporte_ejemplo.xlsx")
    pagina.click("#enviar")
    expect(pagina.locator("#bajar-docx")).to_be_visible(timeout=180_000)
    # each loose photo was found by its name, and the page says which file it used
    expect(pagina.locator("#conteo")).to_contain_text("0 errores y 5 avisos")
    expect(pagina.locator("#tabla tbody tr").first).to_contain_text("fotos/")


def test_un_libro_con_fotos_pegadas_funciona_solo(pagina: Page, tmp_path):
    from tests.imagenes_pegadas import foto_marcada, libro_xlsxwriter
    from tests.utiles import imagenes_docx

    flotante = foto_marcada(tmp_path / "imagenes" / "flotante.jpg", "red", "blue")
    en_celda = foto_marcada(tmp_path / "imagenes" / "en_celda.jpg", "green", "yellow")
    libro = libro_xlsxwriter(
        tmp_path / "pegadas.xlsx",
        fotografias=[("1", None, "Flotante"), ("1", None, "En su celda")],
        flotantes=[("Fotografias", "B2", flotante)],  # Insertar › Imágenes, over its row
        en_celda=[("Fotografias", "B3", en_celda)],  # Excel 365 «Colocar en celda»
    )
    pagina.set_input_files("#libro", libro)  # the workbook alone: no folder, no .zip
    pagina.click("#enviar")
    expect(pagina.locator("#paginas img").first).to_be_visible(timeout=180_000)
    expect(pagina.locator("#resultado .es-error")).to_have_count(0)
    with pagina.expect_download() as descarga:
        pagina.click("#bajar-docx")
    docx = tmp_path / "pegadas.docx"
    descarga.value.save_as(docx)
    assert len(imagenes_docx(docx)) == 2


# ---------------------------------------------------------------- the next quarter's workbook


def _anterior_con_openpyxl(carpeta: Path) -> Path:
    """The fourth quarter of 2023 with the old keys, as the sample workbook (openpyxl)."""
    carpeta.mkdir(parents=True, exist_ok=True)
    return crear_libro(carpeta / "T4_2023.xlsx", reporte={"trimestre": "4to"}, firmas=FIRMANTES)


@pytest.mark.parametrize(
    ("escribir", "periodo"),
    [
        (_anterior_con_openpyxl, (2024, 1)),
        (_anterior_con_xlsxwriter, (2023, 3)),
    ],
    ids=["openpyxl", "xlsxwriter"],
)
def test_el_trimestre_siguiente_se_descarga_desde_el_libro_anterior(
    pagina: Page, tmp_path, escribir, periodo
):
    anterior = escribir(tmp_path / "anterior")
    pagina.set_input_files("#anterior", anterior)
    expect(pagina.locator("#n-anterior")).to_have_text(anterior.name)
    with pagina.expect_download() as descarga:
        pagina.click("#enviar-siguiente")
    ejercicio, trimestre = periodo
    assert descarga.value.suggested_filename == f"libro_{ejercicio}_trimestre_{trimestre}.xlsx"
    nuevo = tmp_path / descarga.value.suggested_filename
    descarga.value.save_as(nuevo)
    valores = _valores_de_reporte(nuevo)
    assert (valores["ejercicio"], valores["trimestre"]) == periodo
    assert valores["realizadas"] is None and valores["dependencia"] == ENCABEZADO["dependencia"]
    assert _filas(nuevo, "Firmas") == FIRMANTES
    for vacia in ("Actividades", "Fotografías", "Eventos"):
        assert _filas(nuevo, vacia) == [], vacia
    expect(pagina.locator("#mensaje-siguiente")).to_be_hidden()


def test_un_libro_anterior_ajeno_se_dice_en_la_pagina_sin_descargar(
    pagina: Page, servidor, tmp_path
):
    descargas: list[object] = []
    pagina.on("download", lambda d: descargas.append(d))  # a bound builtin is refused
    pagina.click("#enviar-siguiente")  # nothing chosen yet: said before sending anything
    expect(pagina.locator("#mensaje-siguiente")).to_contain_text("Elija primero el libro")
    pagina.set_input_files("#anterior", _ajenos(tmp_path)["no parece un libro de este reporte"])
    pagina.click("#enviar-siguiente")
    mensaje = pagina.locator("#mensaje-siguiente")
    expect(mensaje).to_contain_text("no parece un libro de este reporte")
    expect(mensaje).to_contain_text("«presupuesto.xlsx»")
    expect(mensaje).to_contain_text("No se descargó nada")
    assert "reporte-docx-" not in mensaje.inner_text()
    assert descargas == []
    assert not list(servidor[1].glob("reporte-docx-siguiente-*")), "quedó la copia subida"


def _corregido_en_word(carpeta: Path) -> tuple[Path, Path]:
    """The sample's report, generated, and a copy corrected as Word saves a run edited in place."""
    from reporte_docx import generar_reporte

    libro = copiar_ejemplo(carpeta)
    generado = generar_reporte(libro).ruta
    assert generado is not None
    with zipfile.ZipFile(generado) as z:
        partes = {n: z.read(n) for n in z.namelist()}
    documento = partes["word/document.xml"].decode()
    assert documento.count("Chetumal Quintana Roo.") == 1
    partes["word/document.xml"] = documento.replace(
        "Chetumal Quintana Roo.", "Chetumal, Quintana Roo (sala 2)."
    ).encode()
    editado = carpeta / "Reporte revisado por la directora.docx"
    with zipfile.ZipFile(editado, "w", zipfile.ZIP_DEFLATED) as z:
        for nombre, datos in partes.items():
            z.writestr(nombre, datos)
    return editado, libro


def test_lo_corregido_en_word_se_ve_en_una_tabla_y_se_descarga_el_libro(
    pagina: Page, servidor, tmp_path
):
    editado, libro = _corregido_en_word(tmp_path)
    antes = libro.read_bytes()
    pagina.click("#enviar-incorporar")  # nothing chosen: said before sending anything
    expect(pagina.locator("#mensaje-incorporar")).to_contain_text("Elija el reporte corregido")
    pagina.set_input_files("#editado", editado)
    pagina.set_input_files("#libro-editado", libro)
    expect(pagina.locator("#n-editado")).to_have_text(editado.name)
    pagina.click("#enviar-incorporar")
    filas = pagina.locator("#filas-cambios tr")
    expect(filas).to_have_count(1)
    expect(filas.first).to_contain_text("Chetumal Quintana Roo.")
    expect(filas.first).to_contain_text("Chetumal, Quintana Roo (sala 2).")
    expect(pagina.locator("#resumen-cambios")).to_have_text("1 corrección de Word para el libro")
    pagina.screenshot(path=str(tmp_path / "incorporar.png"), full_page=True)
    with pagina.expect_download() as descarga:
        pagina.click("#descargar-incorporado")
    assert descarga.value.suggested_filename == libro.name
    nuevo = tmp_path / "descargado.xlsx"
    descarga.value.save_as(nuevo)
    from openpyxl import load_workbook

    lugares = [f[3] for f in load_workbook(nuevo)["Actividades"].iter_rows(values_only=True)]
    assert (
        "Oficinas de la Subsecretaría de Derechos Humanos de la SEGOB, Chetumal, Quintana Roo (sala 2)."
        in lugares
    ), lugares
    assert libro.read_bytes() == antes  # the person's own workbook is not touched
    assert not list(servidor[1].glob("reporte-docx-incorporar-*")), "quedó la copia subida"


def test_un_reporte_que_no_es_de_ese_libro_se_dice_en_la_pagina(pagina: Page, tmp_path):
    editado, _libro = _corregido_en_word(tmp_path / "uno")
    otro = _anterior_con_openpyxl(tmp_path / "otro")
    pagina.set_input_files("#editado", editado)
    pagina.set_input_files("#libro-editado", otro)
    pagina.click("#enviar-incorporar")
    mensaje = pagina.locator("#mensaje-incorporar")
    expect(mensaje).to_contain_text("otro libro")
    expect(mensaje).to_contain_text("El libro no cambió")
    expect(pagina.locator("#cambios")).to_be_hidden()
    assert "reporte-docx-" not in mensaje.inner_text()
