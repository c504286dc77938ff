"""Any .docx given as a template, as real ones come: a Spanish answer, never a crash or an
empty "success".

Each cause found in real files (test suites of python-docx, docxtpl, pandoc, mammoth and
Apache POI) is rebuilt here from a small file these tests make themselves: a Word
document without tags, sections without page size, content controls around rows and
cells, another namespace prefix, repeated core properties, Strict Open XML, .docm/.dotx,
a password-protected document, truncated and damaged zips, a template over the size
limit; and on the workbook side, a workbook that is no report.
"""

from __future__ import annotations

import copy
import io
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from lxml import etree
from openpyxl import Workbook

from reporte_docx.errores import Codigo, ErrorDePlantilla
from reporte_docx.plantilla.archivo import MAX_TEXTO
from reporte_docx.plantilla.revision import revisar_plantilla
from tests.test_validacion import crear_ole2
from tests.utiles import RAIZ, assert_docx_valido, copiar_ejemplo, ejecutar, texto_docx

pytestmark = pytest.mark.lento

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: Text of every run of the CLI that must never reach a person.
_INGLES = re.compile(
    r"Traceback|Error\b|File is not|zip file|Bad CRC|Bad magic|is not in list|NoneType|KeyError"
)

#: A small report template: every list of the report, photos included.
PARRAFOS = [
    "{{ reporte.titulo }}",
    "{%p for a in actividades %}",
    "{{ a.nombre }}",
    "{{p a.galeria }}",
    "{%p endfor %}",
    "{%p for f in firmas %}",
    "{{ f.nombre }}",
    "{%p endfor %}",
]


def plantilla(ruta: Path, parrafos: list[str] = PARRAFOS) -> Path:
    d = docx.Document()
    for texto in parrafos:
        d.add_paragraph(texto)
    d.save(ruta)
    return ruta


def cambiar(ruta: Path, parte: str, cambio: Callable[[bytes], bytes | None]) -> Path:
    """Rewrite one part of the package in place (``None`` leaves it out)."""
    with zipfile.ZipFile(ruta) as z:
        partes = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(ruta, "w", zipfile.ZIP_DEFLATED) as z:
        for info, datos in partes:
            nuevo = cambio(datos) if info.filename == parte else datos
            if nuevo is not None:
                z.writestr(info, nuevo)
    return ruta


def sustituir(patron: str, por: str) -> Callable[[bytes], bytes]:
    def cambio(datos: bytes) -> bytes:
        texto, n = re.subn(patron, por, datos.decode())
        assert n, patron
        return texto.encode()

    return cambio


@pytest.fixture(scope="module")
def libro(tmp_path_factory) -> Path:
    return copiar_ejemplo(tmp_path_factory.mktemp("libro"))


def _limpio(r: subprocess.CompletedProcess) -> str:
    salida = r.stdout + r.stderr
    assert r.returncode in (0, 1), salida
    assert not _INGLES.search(salida), salida
    return salida


def generar(libro: Path, plantilla: Path) -> tuple[subprocess.CompletedProcess, Path]:
    salida = plantilla.with_name(plantilla.stem + "-reporte.docx")
    r = ejecutar("generar", str(libro), "--plantilla", str(plantilla), "-o", str(salida))
    _limpio(r)
    return r, salida


def rechazada(libro: Path, ruta: Path, *fragmentos: str) -> str:
    """Refused by ``plantilla verificar`` and by ``generar``, in Spanish, nothing written."""
    v = ejecutar("plantilla", "verificar", str(ruta))
    assert v.returncode == 1, v.stdout + v.stderr
    r, salida = generar(libro, ruta)
    assert r.returncode == 1 and not salida.exists()
    assert "No se escribió ningún documento" in r.stderr
    for texto in (v.stdout + v.stderr, r.stderr):
        for f in fragmentos:
            assert f in texto, texto
    return r.stderr


def con_los_datos(libro: Path, ruta: Path) -> Path:
    """Generated with the sample's data in it."""
    r, salida = generar(libro, ruta)
    assert r.returncode == 0, r.stderr
    texto = texto_docx(salida)
    assert "Lcda. Mirna Guadalupe Herrera Barbosa".casefold() in texto.casefold()
    assert "primera sesion extraordinaria" in texto.casefold()
    return salida


# -- 1. a template must be a report template -------------------------------------------


def test_un_documento_de_word_sin_etiquetas_no_es_una_plantilla(libro, tmp_path):
    d = docx.Document()
    d.add_heading("Informe", 1)
    d.add_paragraph("Un documento cualquiera de la oficina, sin etiquetas.")
    d.save(tmp_path / "carta.docx")
    mensaje = rechazada(
        libro, tmp_path / "carta.docx", "no es una plantilla del reporte", "plantilla nueva"
    )
    assert "{{ reporte.titulo }}" in mensaje and "{%p for a in actividades %}" in mensaje


def test_etiquetas_que_no_usan_nada_del_reporte_tampoco(libro, tmp_path):
    """docxtpl's own test templates: loops over literals, nothing of the report."""
    ruta = plantilla(
        tmp_path / "ajena.docx", ["{%p for x in [1, 2] %}", "{{ x }}", "{%p endfor %}"]
    )
    rechazada(libro, ruta, "no usa ninguno de sus datos")
    (h,) = revisar_plantilla(ruta)
    assert h.codigo == Codigo.PLANTILLA_SIN_DATOS and h.es_error


def test_una_plantilla_parcial_se_acepta_con_un_aviso_de_lo_que_deja_fuera(libro, tmp_path):
    ruta = plantilla(
        tmp_path / "portada.docx", ["{{ reporte.titulo }}", "{{ reporte.dependencia }}"]
    )
    avisos = revisar_plantilla(ruta)
    assert {h.codigo for h in avisos} == {Codigo.PLANTILLA_PARCIAL}
    assert not any(h.es_error for h in avisos)
    v = ejecutar("plantilla", "verificar", str(ruta))
    assert v.returncode == 0 and "no muestra las actividades" in v.stdout
    assert "no lleva el bloque de firmas" in v.stdout
    r, salida = generar(libro, ruta)
    assert r.returncode == 0 and salida.exists()
    assert "no muestra las actividades" in r.stdout + r.stderr


# -- 2. no crash, no English, on any input ---------------------------------------------


def test_secciones_sin_tamano_de_pagina_o_sin_margenes_y_documento_sin_secciones(libro, tmp_path):
    sin_tamano = cambiar(
        plantilla(tmp_path / "sin_tamano.docx"),
        "word/document.xml",
        sustituir(r"<w:pgSz[^>]*/>", ""),
    )
    sin_nada = cambiar(
        plantilla(tmp_path / "sin_margenes.docx"),
        "word/document.xml",
        sustituir(r"<w:pg(Sz|Mar)[^>]*/>", ""),
    )
    sin_seccion = cambiar(
        plantilla(tmp_path / "sin_seccion.docx"),
        "word/document.xml",
        sustituir(r"<w:sectPr.*?</w:sectPr>", ""),
    )
    for ruta in (sin_tamano, sin_nada, sin_seccion):
        salida = con_los_datos(libro, ruta)
    assert_docx_valido(salida)  # the one without a section: Word's defaults, a valid document


def _en_control(xml: str, etiqueta: str) -> str:
    """Wrap the first ``<w:{etiqueta}>`` … ``</w:{etiqueta}>`` in a content control."""
    inicio = re.search(rf"<w:{etiqueta}[ >]", xml).start()
    fin = xml.index(f"</w:{etiqueta}>", inicio) + len(f"</w:{etiqueta}>")
    return (
        xml[:inicio]
        + '<w:sdt><w:sdtPr><w:alias w:val="Control"/></w:sdtPr><w:sdtContent>'
        + xml[inicio:fin]
        + "</w:sdtContent></w:sdt>"
        + xml[fin:]
    )


def test_controles_de_contenido_alrededor_de_tablas_filas_celdas_y_trozos(libro, tmp_path):
    d = docx.Document()
    d.add_paragraph("{{ reporte.titulo }}")
    t = d.add_table(rows=3, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Rol", "Nombre"
    t.cell(1, 0).text = "{%tr for f in firmas %}"
    t.cell(2, 0).text, t.cell(2, 1).text = "{{ f.rol }}", "{{ f.nombre }}"
    d.add_paragraph("{%p for a in actividades %}")
    d.add_paragraph("{{ a.nombre }}")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{{ reporte.ejercicio }} en un control")
    d.add_table(rows=1, cols=1).cell(0, 0).text = "{{ reporte.dependencia }}"
    t.add_row().cells[0].text = "{%tr endfor %}"
    d.save(tmp_path / "controles.docx")

    def envolver(datos: bytes) -> bytes:
        xml = datos.decode()
        xml = _en_control(xml, "tr")  # a row (the first of the first table)
        xml = xml.replace("<w:tc><w:tcPr>", "<w:sdt><w:sdtContent><w:tc><w:tcPr>", 1)
        xml = xml.replace("</w:tc>", "</w:tc></w:sdtContent></w:sdt>", 1)  # … a cell in it
        corrido = xml.index("en un control")
        r = xml.rindex("<w:r>", 0, corrido)
        fin = xml.index("</w:r>", corrido) + len("</w:r>")
        xml = xml[:r] + "<w:sdt><w:sdtContent>" + xml[r:fin] + "</w:sdtContent></w:sdt>" + xml[fin:]
        # the last table, whole
        ultima = xml.rindex("<w:tbl>")
        return (xml[:ultima] + _en_control(xml[ultima:], "tbl")).encode()

    ruta = cambiar(tmp_path / "controles.docx", "word/document.xml", envolver)
    # a mistake inside a row in a control is placed in its table, row and cell
    malo = tmp_path / "malo.docx"
    malo.write_bytes(ruta.read_bytes())
    cambiar(
        malo,
        "word/document.xml",
        sustituir(r"\{\{ f\.rol \}\}", "{{ f.roll }}"),
    )
    (h,) = [h for h in revisar_plantilla(malo) if h.es_error]
    assert "tabla 1, fila 3, celda 1" in h.lugar and "f.roll" in h.mensaje
    assert [h for h in revisar_plantilla(ruta) if h.es_error] == []
    salida = con_los_datos(libro, ruta)
    assert_docx_valido(salida)


def test_otro_prefijo_para_el_espacio_de_nombres_de_word(libro, tmp_path):
    """pandoc writes ``ns0:`` for WordprocessingML: the same document to Word."""

    def ns0(datos: bytes) -> bytes:
        xml = datos.decode()
        xml = re.sub(r"(</?)w:", r"\1ns0:", xml)
        xml = re.sub(r'(\s)w:(\w+=")', r"\1ns0:\2", xml)
        return xml.replace(f'xmlns:w="{W}"', f'xmlns:ns0="{W}"').encode()

    ruta = cambiar(plantilla(tmp_path / "ns0.docx"), "word/document.xml", ns0)
    assert b"ns0:p" in zipfile.ZipFile(ruta).read("word/document.xml")
    assert_docx_valido(con_los_datos(libro, ruta))


def test_relaciones_y_partes_repetidas_o_que_faltan(libro, tmp_path):
    # two core-properties relationships (python-docx refused the package)
    doble = cambiar(
        plantilla(tmp_path / "doble.docx"),
        "_rels/.rels",
        sustituir(
            r'(<Relationship [^>]*core-properties"[^>]*/>)',
            r'\1<Relationship Id="rIdOtra" Type="http://schemas.openxmlformats.org/package/2006/'
            r'relationships/metadata/core-properties" Target="docProps/core.xml"/>',
        ),
    )
    con_los_datos(libro, doble)
    # a part the document names is missing
    sin_estilos = cambiar(
        plantilla(tmp_path / "sin_estilos.docx"), "word/styles.xml", lambda _: None
    )
    rechazada(libro, sin_estilos, "dañado")
    # no main document at all: a theme alone
    solo_tema = cambiar(plantilla(tmp_path / "tema.docx"), "word/document.xml", lambda _: None)
    rechazada(libro, solo_tema, "no tiene el cuerpo de un documento de Word")


def test_strict_open_xml_se_dice_y_verificar_lo_acepta(libro, tmp_path):
    ruta = plantilla(tmp_path / "estricto.docx")
    cambiar(
        ruta,
        "_rels/.rels",
        sustituir(
            r"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
            "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
        ),
    )
    cambiar(
        ruta,
        "word/document.xml",
        sustituir(re.escape(W), "http://purl.oclc.org/ooxml/wordprocessingml/main"),
    )
    rechazada(libro, ruta, "Documento Open XML estricto", "Guardar como")
    v = ejecutar("verificar", str(ruta))
    assert v.returncode == 0 and "está bien formado" in _limpio(v)


@pytest.mark.parametrize(
    ("extension", "tipo", "dice"),
    [
        (".docm", "application/vnd.ms-word.document.macroEnabled.main+xml", "con macros (.docm)"),
        (
            ".dotx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
            "es una plantilla de Word (.dotx)",
        ),
    ],
)
def test_docm_y_dotx_dicen_lo_que_son_y_que_hacer(libro, tmp_path, extension, tipo, dice):
    ruta = plantilla(tmp_path / f"otro{extension}")
    cambiar(
        ruta,
        "[Content_Types].xml",
        sustituir(
            r"application/vnd\.openxmlformats-officedocument\.wordprocessingml\.document\.main\+xml",
            tipo,
        ),
    )
    rechazada(libro, ruta, dice, "«Documento de Word (.docx)»")


def test_documento_con_contrasena(libro, tmp_path):
    ruta = crear_ole2(
        tmp_path / "protegido.docx",
        {"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": b"\1" * 600},
    )
    rechazada(libro, ruta, "protegido con contraseña", "quite la contraseña")
    v = ejecutar("verificar", str(ruta))
    assert v.returncode == 1 and "protegido con contraseña" in _limpio(v)
    antiguo = crear_ole2(tmp_path / "viejo.docx", {"WordDocument": b"\1" * 600})
    rechazada(libro, antiguo, "documento de Word antiguo (.doc)")


def _danados(tmp_path: Path) -> dict[str, Path]:
    bueno = plantilla(tmp_path / "bueno.docx").read_bytes()
    cortado = tmp_path / "cortado.docx"
    cortado.write_bytes(bueno[: len(bueno) // 2])
    # the central directory's signature damaged: «Bad magic number for central directory»
    directorio = tmp_path / "directorio.docx"
    fin = bueno.rindex(b"PK\x05\x06")
    inicio = int.from_bytes(bueno[fin + 16 : fin + 20], "little")
    directorio.write_bytes(bueno[:inicio] + b"XX" + bueno[inicio + 2 :])
    # one member's data altered, its CRC left: «Bad CRC-32»
    crc = tmp_path / "crc.docx"
    salida = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bueno)) as z, zipfile.ZipFile(salida, "w") as nuevo:
        for info in z.infolist():
            nuevo.writestr(info.filename, z.read(info), zipfile.ZIP_STORED)
    datos = bytearray(salida.getvalue())
    donde = datos.index(b"<w:styles") + 10
    datos[donde] ^= 0x20
    crc.write_bytes(bytes(datos))
    texto = tmp_path / "texto.docx"
    texto.write_text("no soy un documento")
    return {"cortado": cortado, "directorio": directorio, "crc": crc, "texto": texto}


def test_zips_cortados_o_danados_se_dicen_en_espanol(libro, tmp_path):
    for nombre, ruta in _danados(tmp_path).items():
        dice = "no es un documento de Word" if nombre == "texto" else "dañado"
        rechazada(libro, ruta, dice)
        v = ejecutar("verificar", str(ruta))
        assert v.returncode == 1 and dice in _limpio(v), nombre


def test_el_detalle_tecnico_solo_con_depurar(libro, tmp_path):
    ruta = _danados(tmp_path)["crc"]
    r = ejecutar("--depurar", "verificar", str(ruta))
    assert "Bad CRC-32" in r.stderr and "dañado" in r.stdout


# -- 3. bounded cost ----------------------------------------------------------------------


def _grande(ruta: Path, octetos: int) -> Path:
    """A report template whose body holds about *octetos* bytes of XML (a long table)."""
    d = docx.Document()
    for texto in PARRAFOS:
        d.add_paragraph(texto)
    t = d.add_table(rows=1, cols=4)
    for celda in t.rows[0].cells:
        celda.text = "celda con algo de texto"
    fila = t.rows[0]._tr
    antes = len(etree.tostring(t._tbl))
    t._tbl.append(copy.deepcopy(fila))
    medida = len(etree.tostring(t._tbl)) - antes  # one row more, as the body writes it
    for _ in range(octetos // medida):
        t._tbl.append(copy.deepcopy(fila))
    d.save(ruta)
    return ruta


def test_una_plantilla_enorme_se_rechaza_diciendo_el_limite(libro, tmp_path):
    ruta = _grande(tmp_path / "enorme.docx", MAX_TEXTO + 2**20)
    mensaje = rechazada(
        libro, ruta, "es demasiado grande para ser una plantilla", "plantilla nueva"
    )
    assert f"{MAX_TEXTO // 2**20} MB" in mensaje
    with pytest.raises(ErrorDePlantilla) as e:
        revisar_plantilla(ruta)
    assert e.value.hallazgos[0].codigo == Codigo.PLANTILLA_ENORME


def _interrumpir(libro: Path, ruta: Path, tras: float) -> float | None:
    """Seconds from Ctrl-C to the end when it comes *tras* seconds into the render of
    *ruta*, or None when the run ended before."""
    salida = ruta.with_name("interrumpido.docx")
    proceso = subprocess.Popen(
        [sys.executable, "-m", "reporte_docx", "--depurar", "generar", str(libro)]
        + ["--plantilla", str(ruta), "-o", str(salida), "--silencioso"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=RAIZ,
    )
    assert proceso.stderr is not None
    for linea in proceso.stderr:  # the render starts right after the photos
        if "fotos listas" in linea:
            break
    time.sleep(tras)
    if proceso.poll() is not None:
        return None
    inicio = time.monotonic()
    proceso.send_signal(signal.SIGINT)
    resto = proceso.stderr.read()
    proceso.wait(timeout=30)
    if proceso.returncode == 0 and salida.exists():  # the render ended as the signal came
        salida.unlink()
        return None
    assert proceso.returncode == 130 and "Interrumpido" in resto and not salida.exists()
    return time.monotonic() - inicio


def test_ctrl_c_detiene_al_momento_el_render_de_una_plantilla_en_el_limite(libro, tmp_path):
    """At several moments of the render: lxml used to spend seconds in one call that
    Ctrl-C could not interrupt (putting a large rendered body in place)."""
    ruta = _grande(tmp_path / "limite.docx", MAX_TEXTO - 2**18)
    esperas = [t for t in (_interrumpir(libro, ruta, tras) for tras in (0.3, 1.0, 1.6)) if t]
    assert esperas, "cada generación terminó antes de poder interrumpirla"
    assert max(esperas) < 1.0, esperas


def test_un_libro_que_no_es_un_reporte_se_rechaza_sin_leer_sus_hojas(tmp_path):
    """Only the sheet names are read: a workbook that is no report, with a large sheet of
    merged cells, is refused in well under a second of work (it took 16 s); the margin of
    this bound is wide (a fresh interpreter included) so that a loaded machine passes."""
    wb = Workbook()
    wb.active.title = "Ventas"
    wb.save(tmp_path / "ajeno.xlsx")
    combinadas = "".join(f'<mergeCell ref="A{n}:C{n}"/>' for n in range(1, 60_001))
    ruta = cambiar(
        tmp_path / "ajeno.xlsx",
        "xl/worksheets/sheet1.xml",
        sustituir(
            "</worksheet>", f'<mergeCells count="60000">{combinadas}</mergeCells></worksheet>'
        ),
    )
    inicio = time.monotonic()
    r = ejecutar("validar", str(ruta))
    segundos = time.monotonic() - inicio
    assert r.returncode == 1 and "falta la hoja «Reporte»" in r.stdout, r.stdout + r.stderr
    assert segundos < 4, segundos


# -- 4. verificar judges like Word ---------------------------------------------------------


def test_verificar_no_da_alarma_por_una_parte_de_propiedades_declarada_que_falta(tmp_path):
    ruta = plantilla(tmp_path / "sin_core.docx")
    cambiar(ruta, "docProps/core.xml", lambda _: None)
    cambiar(
        ruta,
        "_rels/.rels",
        sustituir(r'<Relationship [^>]*core-properties"[^>]*/>', ""),
    )
    v = ejecutar("verificar", str(ruta))
    assert v.returncode == 0, v.stdout
    assert "aviso: parte «docProps/core.xml»" in v.stdout and "está bien formado" in v.stdout
    # a relationship to a part that is not there is still a real break
    roto = cambiar(
        plantilla(tmp_path / "roto.docx"),
        "word/_rels/document.xml.rels",
        sustituir(r'Target="styles.xml"', 'Target="no_existe.xml"'),
    )
    v = ejecutar("verificar", str(roto))
    assert v.returncode == 1 and "no_existe.xml" in _limpio(v)
