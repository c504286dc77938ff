"""The public version end to end: workbooks from openpyxl and XlsxWriter, the real template
(with a name of its own in the header, split over runs), LibreOffice's PDF, the validator.

Nothing listed in «Testado» may be anywhere in the package or the PDF: every part is
searched byte by byte, here independently of the library's own check, in every form a
text may take (accents or not, NFC or NFD, UTF-8 or UTF-16, XML entities, any case).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
import xlsxwriter
from babel.lists import format_list
from openpyxl import Workbook
from PIL import Image

from reporte_docx import generar_version_publica, renderizar_libro
from reporte_docx.plantilla.archivo import plantilla_oficial
from reporte_docx.texto import sin_acentos
from tests.utiles import CAMPOS_REPORTE, assert_docx_valido, crear_foto, ejecutar

NOMBRE = "María José Pérez Gómez"
OTRO = "Juan Núñez"
DOMICILIO = "Calle Álamo 123, colonia Centro"
EXPEDIENTE = "DH/045/2023"
ELABORO = "Ana Laura Cetina"
FUNDAMENTO = "Artículo 116 de la Ley General de Transparencia y Acceso a la Información Pública"
TESTADO = [
    ("Texto", "Fundamento", "Descripción"),
    (NOMBRE, FUNDAMENTO, "Nombre de persona física"),
    (OTRO, FUNDAMENTO, "Nombre de persona física"),
    (DOMICILIO, FUNDAMENTO, "Domicilio particular"),
    (EXPEDIENTE, "Artículo 113, fracción V, de la misma Ley", "Número de expediente"),
    (ELABORO, FUNDAMENTO, "Nombre de persona servidora pública"),
    ("Pedro Páramo", FUNDAMENTO, "Nombre de persona física"),  # a typo: found nowhere
]
#: What must be nowhere: the listed texts and their words that say the most alone.
SECRETOS = [NOMBRE, OTRO, DOMICILIO, EXPEDIENTE, ELABORO, "Núñez", "Pérez Gómez", "Álamo"]
ROJO = (200, 60, 60)


def _hojas(fotos: Path) -> dict[str, list[tuple]]:
    """The workbook's rows: names in every kind of field, written every way a person does."""
    nfd = unicodedata.normalize("NFD", NOMBRE)
    return {
        "Reporte": [("Campo", "Valor"), *CAMPOS_REPORTE.items()],
        "Actividades": [
            ("id", "nombre", "fecha", "lugar", "descripcion"),
            (
                "1",
                f"Atención a {NOMBRE.upper()}",
                dt.datetime(2023, 5, 30),
                f"{DOMICILIO}, Chetumal",
                f"Se atendió a {nfd} y a JUAN NUNEZ en calle alamo 123,\ncolonia centro "
                f"(expediente {EXPEDIENTE}).",
            ),
            (
                "2",
                "Taller de derechos humanos",
                dt.datetime(2023, 6, 2),
                "Sala de juntas",
                "Taller.",
            ),
        ],
        "Fotografias": [
            ("actividad", "archivo", "pie", "Reservada", "Fundamento"),
            ("1", "fotos/entrevista.jpg", f"{NOMBRE} en la entrevista", "sí", FUNDAMENTO),
            # a file named after a person: the name must not travel with the photo
            ("2", "fotos/juan_nunez_taller.jpg", "Asistentes al taller", "no", None),
        ],
        "Eventos": [
            ("actividad", "titulo", "fecha", "evento"),
            ("1", "SEGUIMIENTO", dt.datetime(2023, 6, 5), f"Visita a {OTRO.lower()}"),
        ],
        "Firmas": [
            ("rol", "nombre", "cargo"),
            ("Elaboró", ELABORO, "Jefa"),
            ("Revisó", "Rosa Díaz", "Directora"),
        ],
        "Testado": TESTADO,
    }


def _fotos(carpeta: Path) -> None:
    crear_foto(carpeta / "fotos/entrevista.jpg", (600, 800), ROJO, quality=90)
    crear_foto(carpeta / "fotos/juan_nunez_taller.jpg", (800, 600), (30, 120, 200), quality=90)


def _con_openpyxl(carpeta: Path) -> Path:
    _fotos(carpeta)
    wb = Workbook()
    wb.remove(wb.active)
    for nombre, filas in _hojas(carpeta / "fotos").items():
        ws = wb.create_sheet(nombre)
        for fila in filas:
            ws.append(list(fila))
    wb.save(carpeta / "libro.xlsx")
    return carpeta / "libro.xlsx"


def _con_xlsxwriter(carpeta: Path) -> Path:
    _fotos(carpeta)
    libro = xlsxwriter.Workbook(str(carpeta / "libro.xlsx"), {"default_date_format": "dd/mm/yyyy"})
    for nombre, filas in _hojas(carpeta / "fotos").items():
        ws = libro.add_worksheet(nombre)
        for i, fila in enumerate(filas):
            ws.write_row(i, 0, fila)
    libro.close()
    return carpeta / "libro.xlsx"


def _plantilla(destino: Path) -> Path:
    """The official template with a header line of its own naming a person, split by runs."""
    documento = docx.Document(str(plantilla_oficial()))
    parrafo = documento.sections[0].header.add_paragraph("Atendió: Ju")
    parrafo.add_run("an Nú").bold = True
    parrafo.add_run("ñez")
    documento.save(destino)
    return destino


def _formas(texto: str) -> set[bytes]:
    """*texto* as bytes in every writing a package or a PDF may hold it."""
    formas = set()
    for escrito in {texto, texto.upper(), texto.lower()}:
        for forma in ("NFC", "NFD"):
            t = unicodedata.normalize(forma, escrito)
            for variante in {
                t,
                html.escape(t),
                "".join(c if ord(c) < 128 else f"&#{ord(c)};" for c in t),
                "".join(c if ord(c) < 128 else f"&#x{ord(c):X};" for c in t),
            }:
                formas |= {variante.encode(c) for c in ("utf-8", "utf-16-le", "utf-16-be")}
    return formas


def _plegado(texto: str) -> str:
    return re.sub(r"[\W_]+", " ", sin_acentos(texto)).strip()


def _sin_secretos(nombre: str, datos: bytes) -> None:
    for secreto in SECRETOS:
        for forma in _formas(secreto):
            assert forma not in datos, f"«{secreto}» en {nombre}"
        if nombre.endswith((".xml", ".rels")):
            texto = re.sub(r"<[^>]+>", "", html.unescape(datos.decode("utf-8")))
            assert _plegado(secreto) not in _plegado(texto), f"«{secreto}» en el texto de {nombre}"
        assert _plegado(secreto) not in _plegado(nombre), f"«{secreto}» en el nombre {nombre}"


def _revisar_paquete(ruta: Path) -> None:
    with zipfile.ZipFile(ruta) as z:
        for info in z.infolist():
            _sin_secretos(info.filename, z.read(info))


def _texto_pdf(pdf: Path) -> list[str]:
    salida = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return salida.split("\f")[:-1]


@pytest.fixture(scope="module")
def publica(tmp_path_factory):
    """The openpyxl workbook's public version and PDF, made by the command line."""
    carpeta = tmp_path_factory.mktemp("publica")
    libro = _con_openpyxl(carpeta)
    plantilla = _plantilla(carpeta / "propia.docx")
    r = ejecutar(
        "generar",
        str(libro),
        "--version-publica",
        "--pdf",
        "--plantilla",
        str(plantilla),
        "--silencioso",
    )
    assert r.returncode == 0, r.stderr
    return libro, plantilla, r


def test_nada_de_lo_testado_queda_en_el_paquete_ni_en_el_pdf(publica):
    libro, _plantilla_propia, r = publica
    docx_publico = libro.with_name("libro-version-publica.docx")
    pdf = docx_publico.with_suffix(".pdf")
    assert not libro.with_suffix(".docx").exists()  # the ordinary report is not written
    _revisar_paquete(docx_publico)
    datos = pdf.read_bytes()
    _sin_secretos(pdf.name, datos)
    paginas = _texto_pdf(pdf)
    for secreto in SECRETOS:
        assert _plegado(secreto) not in _plegado("\n".join(paginas)), secreto
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    assert "[TESTADO" in info.stdout  # the author (Elaboró) is a mark, not the name
    assert_docx_valido(docx_publico)
    # the typo is named, with its row, so the real name does not get published
    assert "«Testado», fila 7" in r.stderr and "Pedro Páramo" in r.stderr


def _leyenda(ruta: Path) -> list[list[str]]:
    tabla = docx.Document(str(ruta)).tables[-1]
    return [[c.text for c in fila.cells] for fila in tabla.rows]


def test_las_marcas_y_la_leyenda_con_sus_paginas(publica):
    libro, _plantilla_propia, r = publica
    docx_publico = libro.with_name("libro-version-publica.docx")
    paginas = _texto_pdf(docx_publico.with_suffix(".pdf"))
    inicio = next(i for i, p in enumerate(paginas) if "LEYENDA DE CLASIFICACIÓN" in p)
    assert inicio == len(paginas) - 1  # the legend is the last page
    cuerpo = paginas[:inicio]
    filas = _leyenda(docx_publico)
    assert filas[0] == ["No.", "Dato testado", "Veces", "Páginas", "Fundamento legal"]
    por_marca = {f[0]: f[1:] for f in filas[1:]}
    assert [(m, d) for m, (d, *_resto) in por_marca.items()] == [
        ("[TESTADO 1]", "Nombre de persona física"),
        ("[TESTADO 2]", "Nombre de persona física"),
        ("[TESTADO 3]", "Domicilio particular"),
        ("[TESTADO 4]", "Número de expediente"),
        ("[TESTADO 5]", "Nombre de persona servidora pública"),
        ("[TESTADO 6]", "Fotografía"),
    ]
    for marca, (_dato, veces, donde, fundamento) in por_marca.items():
        # the pages the legend gives are those where the PDF shows the mark
        en_pdf = [str(n) for n, p in enumerate(cuerpo, start=1) if marca in p]
        assert en_pdf and donde == format_list(en_pdf, locale="es_MX"), marca
        assert int(veces) >= 1 and fundamento
    # «Juan Núñez»: the description (JUAN NUNEZ), the event, and the template's own header
    assert por_marca["[TESTADO 2]"][1] == "3"
    assert por_marca["[TESTADO 1]"][1] == "2"  # the activity's name and its description
    assert por_marca["[TESTADO 6]"][3] == FUNDAMENTO
    for linea in ("[TESTADO 1] Nombre de persona física: 2 veces", "Versión pública →"):
        assert linea in r.stdout


def _imagenes(ruta: Path) -> list[tuple[str, Image.Image]]:
    with zipfile.ZipFile(ruta) as z:
        return [
            (n, Image.open(io.BytesIO(z.read(n))).convert("RGB"))
            for n in z.namelist()
            if n.startswith("word/media/")
        ]


def _extensiones(ruta: Path) -> list[tuple[int, int]]:
    with zipfile.ZipFile(ruta) as z:
        cuerpo = z.read("word/document.xml").decode()
    return [(int(a), int(b)) for a, b in re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"', cuerpo)]


def test_la_foto_reservada_es_un_recuadro_gris_del_mismo_tamano(publica, tmp_path):
    libro, _plantilla_propia, _r = publica
    docx_publico = libro.with_name("libro-version-publica.docx")
    ordinario = renderizar_libro(libro, cache=False)
    (tmp_path / "ordinario.docx").write_bytes(ordinario.docx)
    # same place, same size: the grid does not move
    assert _extensiones(docx_publico) == _extensiones(tmp_path / "ordinario.docx")
    colores = {n: imagen.resize((1, 1)).getpixel((0, 0)) for n, imagen in _imagenes(docx_publico)}
    assert not any(abs(c[0] - ROJO[0]) < 40 and c[1] < 100 for c in colores.values()), colores
    grises = [c for c in colores.values() if max(c) - min(c) < 12]
    assert len(grises) == 1 and 150 < grises[0][0] < 200


def test_el_reporte_ordinario_no_cambia(publica, tmp_path):
    """The same workbook without «Testado» nor the two columns gives the same body and photos."""
    libro, _plantilla_propia, _r = publica
    con = renderizar_libro(libro, cache=False)
    hojas = _hojas(tmp_path / "fotos")
    del hojas["Testado"]
    hojas["Fotografias"] = [fila[:3] for fila in hojas["Fotografias"]]
    _fotos(tmp_path)
    wb = Workbook()
    wb.remove(wb.active)
    for nombre, filas in hojas.items():
        ws = wb.create_sheet(nombre)
        for fila in filas:
            ws.append(list(fila))
    wb.save(tmp_path / "sin.xlsx")
    sin = renderizar_libro(tmp_path / "sin.xlsx", cache=False)
    with zipfile.ZipFile(io.BytesIO(con.docx)) as a, zipfile.ZipFile(io.BytesIO(sin.docx)) as b:
        assert a.namelist() == b.namelist()
        for nombre in a.namelist():
            if nombre != "docProps/custom.xml":  # the workbook's fingerprint
                # and the workbook's own saved date (also the round-trip snapshot's)
                fechas = re.compile(rb'<dcterms:(\w+)[^>]*>[^<]*</dcterms:\1>| generado="[^"]*"')
                assert fechas.sub(b"", a.read(nombre)) == fechas.sub(b"", b.read(nombre)), nombre
        assert NOMBRE.upper().encode() in a.read("word/document.xml")  # nothing removed


def test_nunca_reemplaza_el_reporte_ordinario(publica, tmp_path):
    libro, _plantilla_propia, _r = publica
    ordinario = ejecutar("generar", str(libro), "-o", str(tmp_path / "r.docx"), "--silencioso")
    assert ordinario.returncode == 0, ordinario.stderr
    antes = (tmp_path / "r.docx").read_bytes()
    r = ejecutar(
        "generar",
        str(libro),
        "--version-publica",
        "-o",
        str(tmp_path / "r.docx"),
        "--sobrescribir",
        "--silencioso",
    )
    assert r.returncode == 1 and "es el reporte ordinario" in r.stderr
    assert (tmp_path / "r.docx").read_bytes() == antes


def test_libro_de_xlsxwriter_y_la_cache_sin_la_foto_reservada(tmp_path):
    from reporte_docx.fotos.cache import Cache

    libro = _con_xlsxwriter(tmp_path)
    cache = tmp_path / "cache"
    r = generar_version_publica(libro, cache=cache)
    assert r.ruta == tmp_path / "libro-version-publica.docx" and r.ruta_pdf is None
    _revisar_paquete(r.ruta)
    assert [f.veces for f in r.leyenda] == [2, 2, 2, 1, 1, 1]  # no template header here
    assert all(f.paginas for f in r.leyenda)
    # the reserved photo was never opened beyond its header: nothing of it is cached
    reservada = tmp_path / "fotos/entrevista.jpg"
    assert Cache(cache).huella_recordada(reservada.resolve(), reservada.stat()) is None
    guardadas = [p for p in cache.rglob("*") if p.suffix in (".jpeg", ".png")]
    assert guardadas
    for p in guardadas:
        with Image.open(p) as imagen:
            c = imagen.convert("RGB").resize((1, 1)).getpixel((0, 0))
        assert not (abs(c[0] - ROJO[0]) < 40 and c[1] < 100), p


def test_el_libro_re_guardado_por_calc_conserva_testado_y_reservada(publica, tmp_path):
    from reporte_docx import analizar_libro
    from tests.utiles import guardar_con_calc

    libro, _plantilla_propia, _r = publica
    copia = guardar_con_calc(libro, tmp_path)
    lectura = analizar_libro(copia, carpeta_fotos=libro.parent)
    assert lectura.reporte is not None, [str(h) for h in lectura.errores]
    assert [t.texto for t in lectura.reporte.testado] == [fila[0] for fila in TESTADO[1:]]
    assert [f.reservada for f in lectura.reporte.fotografias] == [True, False]
    assert lectura.reporte.fotografias[0].fundamento == FUNDAMENTO
