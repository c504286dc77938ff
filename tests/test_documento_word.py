"""A document at home in Word: Spanish, named styles, accessible photos, clean properties,
nothing clipped, signatures never alone, a template re-saved by LibreOffice, archival PDF."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest
from docx.opc import phys_pkg
from docx.oxml.ns import qn
from lxml import etree

from reporte_docx import (
    Actividad,
    Evento,
    Firma,
    Fotografia,
    Reporte,
    TablaEventos,
    leer_libro,
    renderizar_reporte,
)
from reporte_docx.plantilla.render import plantilla_oficial
from tests.utiles import (
    CAMPOS_REPORTE,
    a_pdf,
    assert_docx_valido,
    convertir_con_libreoffice,
    copiar_ejemplo,
    crear_foto,
    crear_libro,
    ejecutar,
)


def _xml(ruta_o_datos, parte: str):
    fuente = (
        ruta_o_datos if isinstance(ruta_o_datos, Path) else __import__("io").BytesIO(ruta_o_datos)
    )
    with zipfile.ZipFile(fuente) as z:
        return etree.fromstring(z.read(parte)) if parte in z.namelist() else None


def _estilo(p) -> str | None:
    estilo = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return None if estilo is None else estilo.get(qn("w:val"))


def _texto(el) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def test_espanol_de_mexico_y_modo_de_compatibilidad_actual(ejemplo_generado):
    _, docx = ejemplo_generado
    with zipfile.ZipFile(docx) as z:
        nombres = z.namelist()
        textos = {n: z.read(n).decode() for n in nombres if n.endswith(".xml")}
    estilos = _xml(docx, "word/styles.xml")
    idioma = estilos.find(f"{qn('w:docDefaults')}//{qn('w:lang')}")
    assert idioma.get(qn("w:val")) == "es-MX"
    assert not [n for n, t in textos.items() if "en-US" in t]
    ajustes = _xml(docx, "word/settings.xml")
    assert ajustes.find(qn("w:proofState")) is None
    assert ajustes.find(qn("w:themeFontLang")).get(qn("w:val")) == "es-MX"
    (modo,) = [
        c.get(qn("w:val"))
        for c in ajustes.iter(qn("w:compatSetting"))
        if c.get(qn("w:name")) == "compatibilityMode"
    ]
    assert modo == "15"
    tema = textos["word/theme/theme1.xml"]
    assert "Calibri" not in tema and "Cambria" not in tema and 'typeface="Arial"' in tema
    assert "<dc:language>es-MX</dc:language>" in textos["docProps/core.xml"]


def test_propiedades_del_reporte_y_no_de_la_plantilla(ejemplo_generado):
    libro, docx = ejemplo_generado
    with zipfile.ZipFile(docx) as z:
        nombres = z.namelist()
        core = z.read("docProps/core.xml").decode()
        app = z.read("docProps/app.xml").decode()
    assert not [n for n in nombres if "thumbnail" in n]
    # who made it, what it is and which period: the report's, never the template's
    titulo = re.search(r"<dc:title>(.*?)</dc:title>", core)
    assert titulo and titulo.group(1).startswith("REPORTE TRIMESTRAL DE ETAPAS")
    assert "TRIMESTRE" not in titulo.group(1)
    assert "<dc:subject>SEGUNDO TRIMESTRE ABRIL - JUNIO 2023</dc:subject>" in core
    nombre = next(f.nombre for f in leer_libro(libro).firmas if f.rol == "Elaboró")
    assert f"<dc:creator>{nombre}</dc:creator>" in core
    assert f"<cp:lastModifiedBy>{nombre}</cp:lastModifiedBy>" in core
    assert "reporte-docx" not in core
    assert "Plantilla oficial" not in core and "<dc:description>" not in core.replace(
        "<dc:description/>", ""
    )
    assert "<Application>reporte-docx</Application>" in app
    # «Página X de Y»: the number takes the footer style's size like the words around it,
    # and every page has the box for the initials
    for parte in ("word/footer1.xml", "word/footer2.xml", "word/header1.xml"):
        raiz = _xml(docx, parte)
        # sizes, colours and alignment come from the styles (Header, Footer, Rúbrica)
        assert not list(raiz.iter(qn("w:rPr")))
        assert {c.tag for p_pr in raiz.iter(qn("w:pPr")) for c in p_pr} == {qn("w:pStyle")}
        if "footer" in parte:
            assert "Rúbrica" in _texto(raiz) and "Página" in _texto(raiz)
            rubrica = {_estilo(p) for p in raiz.iter(qn("w:p")) if _texto(p) == "Rúbrica"}
            assert rubrica == {"Rubrica"}
    assert "Macintosh" not in app and "<Pages>" not in app and "<Words>" not in app
    # nothing empty carried over from the template, each namespace declared once
    assert "<Company" not in app and "<Manager" not in app and app.count("xmlns") == 1


def test_cada_clase_de_texto_tiene_su_estilo_con_nombre(ejemplo_generado):
    _, docx = ejemplo_generado
    cuerpo = _xml(docx, "word/document.xml")
    por_texto = {_texto(p): _estilo(p) for p in cuerpo.iter(qn("w:p")) if _texto(p)}
    assert por_texto["SECRETARÍA DE GOBIERNO"] == "TituloReporte"
    assert por_texto["(SEGUNDO TRIMESTRE ABRIL - JUNIO 2023)"] == "PeriodoReporte"
    assert por_texto["FECHA:"] == por_texto["FOTOGRAFÍAS:"] == "Etiqueta"
    assert por_texto["30 de mayo de 2023"] == "Valor"
    assert por_texto["Fecha"] == por_texto["Evento"] == "EncabezadoEventos"
    assert por_texto["6 de junio de 2023"] == "CeldaEventos"
    assert por_texto["Envío del proyecto por correo electrónico institucional"] == "Caption"
    assert por_texto["Directora de Derechos Humanos"] == "FirmaCargo"
    assert por_texto["Lcda. Izair Nallely González Silva"] == "FirmaNombre"
    justificados = [p for p in cuerpo.iter(qn("w:p")) if _estilo(p) == "ValorJustificado"]
    assert justificados and all(len(_texto(p)) > 100 for p in justificados)
    # captions and signatures take their whole look from their styles (restyled once in
    # Word): the room to sign, the signing line and the centring are not set by hand
    estilos_solos = {"Caption", "Fotografia", "FirmaEspacio", "FirmaNombre", "FirmaCargo"}
    propios = [p for p in cuerpo.iter(qn("w:p")) if _estilo(p) in estilos_solos]
    assert {_estilo(p) for p in propios} == estilos_solos
    for p in propios:
        assert {c.tag for c in p.find(qn("w:pPr"))} <= {qn("w:pStyle"), qn("w:keepNext")}
    # nothing else is set by hand either, but where pages break (a ficha starts a page, what
    # must stay together): every look comes from a named style
    a_mano = {c.tag for p_pr in cuerpo.iter(qn("w:pPr")) for c in p_pr}
    assert a_mano == {qn("w:pStyle"), qn("w:keepNext"), qn("w:pageBreakBefore")}
    assert {c.tag for r_pr in cuerpo.iter(qn("w:rPr")) for c in r_pr} <= {qn("w:rStyle")}
    # labels are bold by their style, not by hand
    assert not list(cuerpo.iter(qn("w:b")))
    tablas_con_estilo = [
        t
        for t in cuerpo.iter(qn("w:tbl"))
        if t.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}") is not None
    ]
    assert {
        t.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}").get(qn("w:val")) for t in tablas_con_estilo
    } >= {"TablaEtiquetas"}


def test_encabezados_de_eventos_se_repiten_y_fotos_con_texto_alternativo(ejemplo_generado):
    _, docx = ejemplo_generado
    cuerpo = _xml(docx, "word/document.xml").find(qn("w:body"))
    # fichas, photo grids and event tables are top-level tables; the one table nested is
    # the signatures', in the last row of the last ficha's last table (kept with the row above)
    anidadas = [t for t in cuerpo.iter(qn("w:tbl")) if t.getparent() is not cuerpo]
    assert [_texto(t).count("Nombre y Cargo") for t in anidadas] == [3]
    ultima_fila = cuerpo.findall(qn("w:tbl"))[-1].findall(qn("w:tr"))[-1]
    assert anidadas[0].getparent().getparent() is ultima_fila
    eventos = [
        t for t in cuerpo.findall(qn("w:tbl")) if "Fecha" in _texto(t) and "Evento" in _texto(t)
    ]
    assert len(eventos) == 2
    for tabla in eventos:
        filas = tabla.findall(qn("w:tr"))
        encabezados = [
            f for f in filas if f.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        ]
        assert encabezados == filas[:2]  # the title and Fecha | Evento repeat on every page
        assert all(f.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for f in filas)
    fotos = list(cuerpo.iter(qn("wp:docPr")))
    assert len(fotos) == 5
    assert all(d.get("descr") for d in fotos)
    assert [d.get("name") for d in fotos] == [f"Imagen {n}" for n in range(1, 6)]
    assert fotos[0].get("descr") == "Envío del proyecto por correo electrónico institucional"


def _reporte_con_enlace(carpeta: Path) -> Reporte:
    foto = crear_foto(carpeta / "f.jpg", (400, 300))
    sin_pie = crear_foto(carpeta / "g.png", (300, 400))
    return Reporte(
        **{k: v for k, v in CAMPOS_REPORTE.items()},
        actividades=[
            Actividad(
                "1",
                "Sesión virtual",
                dt.date(2023, 5, 31),
                "Videoconferencia Telmex",
                "Descripción",
                fotografias=[Fotografia(foto, "Pantalla de la sesión"), Fotografia(sin_pie, "")],
                tablas=[TablaEventos("Calendario", [Evento(dt.date(2023, 9, 30), "Cierre")])],
                lugar_enlace="https://videoconferencia.telmex.com/j/1233201126?a=1&b=2",
            )
        ],
        firmas=[Firma("Elaboró", "Ana", "Jefa")],
    )


def test_el_lugar_con_enlace_es_un_hipervinculo_de_word(tmp_path):
    docx = renderizar_reporte(_reporte_con_enlace(tmp_path))
    cuerpo = _xml(docx, "word/document.xml")
    (enlace,) = cuerpo.iter(qn("w:hyperlink"))
    assert _texto(enlace) == "Videoconferencia Telmex"
    rels = _xml(docx, "word/_rels/document.xml.rels")
    (rel,) = [r for r in rels if r.get("Id") == enlace.get(qn("r:id"))]
    assert rel.get("Target") == "https://videoconferencia.telmex.com/j/1233201126?a=1&b=2"
    assert rel.get("TargetMode") == "External"
    # a photo without caption is described by its activity's name
    assert [d.get("descr") for d in cuerpo.iter(qn("wp:docPr"))] == [
        "Pantalla de la sesión",
        "Sesión virtual",
    ]
    (tmp_path / "enlace.docx").write_bytes(docx)
    assert_docx_valido(tmp_path / "enlace.docx")


def test_renders_en_hilos_sin_tocar_el_estado_de_python_docx(tmp_path):
    reporte = _reporte_con_enlace(tmp_path)
    original = phys_pkg.ZIP_DEFLATED
    vistos: set[int] = set()
    listo = threading.Event()

    def vigilar() -> None:
        while not listo.is_set():
            vistos.add(phys_pkg.ZIP_DEFLATED)

    vigia = threading.Thread(target=vigilar)
    vigia.start()
    resultados: list[bytes] = []
    hilos = [
        threading.Thread(target=lambda: resultados.append(renderizar_reporte(reporte)))
        for _ in range(16)
    ]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    listo.set()
    vigia.join()
    assert vistos == {original} and original == phys_pkg.ZIP_DEFLATED
    assert len(resultados) == 16 and len(set(resultados)) == 1


# -- the sweep: nothing is ever clipped -------------------------------------------------

LARGOS = [0, 700, 1400, 2100, 2500, 2800, 3500, 5000]
FORMAS = [(800, 600), (600, 800), (1080, 2340), (1600, 900), (700, 700), (900, 1600)]


def _reporte_del_barrido(carpeta: Path, desplazamiento: int) -> Reporte:
    """Eight activities: each description length once, each number of photos (1–8) once.

    Built in code: a workbook refuses an empty description, the model takes it.
    """
    archivos = [
        crear_foto(carpeta / f"f{i}.jpg", t, color=(40 * i, 90, 160)) for i, t in enumerate(FORMAS)
    ]
    actividades = []
    for i, largo in enumerate(LARGOS):
        fotos = [
            Fotografia(
                archivos[(i + j) % len(archivos)], f"PIE-{desplazamiento}-{i}-{j} de la foto"
            )
            for j in range((i + desplazamiento) % 8 + 1)
        ]
        eventos = [
            Evento(dt.date(2023, 9, 30), f"EVENTO-{desplazamiento}-{i}-{k} realizado")
            for k in range(3 + 2 * i)
        ]
        actividades.append(
            Actividad(
                f"A{i}",
                f"Actividad {i}",
                dt.date(2023, 5, 1 + i),
                "Chetumal",
                # a description is required (the rules of the model): the shortest is one letter
                ("Palabra de la descripción larga " * 200)[:largo] or "P",
                fotografias=fotos,
                tablas=[TablaEventos(f"Tabla {i}", eventos)],
            )
        )
    return Reporte(
        **CAMPOS_REPORTE, actividades=actividades, firmas=[Firma("Elaboró", "Ana", "Jefa")]
    )


@pytest.mark.parametrize("desplazamiento", [0, 3, 6])
def test_barrido_cada_pie_y_cada_evento_aparece_en_el_pdf_en_orden(tmp_path, desplazamiento):
    reporte = _reporte_del_barrido(tmp_path, desplazamiento)
    docx = tmp_path / "barrido.docx"
    docx.write_bytes(renderizar_reporte(reporte))
    assert_docx_valido(docx)
    texto, paginas = a_pdf(docx)
    # a long date never wraps in the event table's date column
    eventos = sum(len(t.eventos) for a in reporte.actividades for t in a.tablas)
    assert texto.count("30 de septiembre de 2023") == eventos
    # the FOTOGRAFÍAS label never ends a page: it goes with the first row of photos
    for pagina in texto.split("\f"):
        cuerpo = [x.strip() for x in pagina.splitlines() if x.strip()]
        cuerpo = [x for x in cuerpo if not x.startswith(("Página ", "Rúbrica"))]
        assert not cuerpo or cuerpo[-1] != "FOTOGRAFÍAS:"
    texto = " ".join(texto.split())
    marcas = [
        m
        for a in reporte.actividades
        for m in [f.pie.split()[0] + " " for f in a.fotografias]
        + [e.evento.split()[0] + " " for t in a.tablas for e in t.eventos]
    ]
    posiciones = [texto.find(m) for m in marcas]
    faltan = [m for m, p in zip(marcas, posiciones, strict=True) if p < 0]
    assert not faltan, f"cortados o perdidos en el PDF: {faltan}"
    assert posiciones == sorted(posiciones)
    # no photo is shown twice either (a row cut at the page bottom and repeated)
    assert all(texto.count(m) == 1 for m in marcas)
    assert paginas >= 1 + len(LARGOS)


# -- a template re-saved by LibreOffice -------------------------------------------------


@pytest.fixture(scope="module")
def plantilla_de_libreoffice(tmp_path_factory) -> Path:
    """The official template opened and saved again by LibreOffice Writer (once per module)."""
    carpeta = tmp_path_factory.mktemp("writer")
    convertir_con_libreoffice(
        "docx:MS Word 2007 XML", carpeta / "lo", plantilla_oficial(), tiempo=600
    )
    return carpeta / "lo" / plantilla_oficial().name


def test_plantilla_guardada_de_nuevo_en_libreoffice_conserva_una_ficha_por_pagina(
    tmp_path, plantilla_de_libreoffice
):
    libro = copiar_ejemplo(tmp_path)
    plantilla = plantilla_de_libreoffice
    revision = ejecutar("plantilla", "verificar", str(plantilla))
    assert revision.returncode == 0, revision.stdout + revision.stderr
    assert "salto de página" in revision.stdout + revision.stderr
    r = ejecutar(
        "generar", str(libro), "--plantilla", str(plantilla), "-o", str(tmp_path / "r.docx")
    )
    assert r.returncode == 0, r.stderr
    # LibreOffice writes w:cantSplit w:val="true", which the schema does not allow
    assert 'w:val="true"' in zipfile.ZipFile(plantilla).read("word/document.xml").decode()
    assert_docx_valido(tmp_path / "r.docx")
    texto, _ = a_pdf(tmp_path / "r.docx")
    paginas = texto.split("\f")
    assert [p.count("NOMBRE DE LA") for p in paginas[:4]] == [0, 1, 1, 1]
    # the signatures share the last ficha's page, as with the official template
    assert "Nombre y Cargo" in paginas[3] and "Oficinas de la Subsecretaría" in paginas[3]
    # LibreOffice renames the styles' ids (Firma: nombre → Firmanombre) and keeps a 12 pt
    # «Caption» of its own beside Word's «caption»: captions use the template's «caption»
    estilos = _xml(tmp_path / "r.docx", "word/styles.xml")
    nombres = {
        e.get(qn("w:styleId")): e.find(qn("w:name")).get(qn("w:val"))
        for e in estilos.iter(qn("w:style"))
    }
    cuerpo = _xml(tmp_path / "r.docx", "word/document.xml")
    por_texto = {_texto(p): nombres.get(_estilo(p)) for p in cuerpo.iter(qn("w:p")) if _texto(p)}
    assert por_texto["Envío del proyecto por correo electrónico institucional"] == "caption"
    assert por_texto["Directora de Derechos Humanos"] == "Firma: cargo"


# -- the signatures never alone: a sweep of where the last ficha ends ---------------------


def _ultima_ficha(i: int, tipo: str, fotos: list[Path]) -> Actividad:
    """The *i*-th last ficha of kind *tipo*: its description grows 250 characters a case,
    so that its end falls, three lines at a time, on every part of a page."""
    n_fotos = {"fotos": i % 3 + 1, "eventos": 1, "sola": 0}[tipo]
    eventos = [Evento(dt.date(2023, 9, 30), f"EVENTO-{k}") for k in range(i % 5 + 1)]
    return Actividad(
        "A",
        "Última actividad",
        dt.date(2023, 6, 1),
        "Chetumal",
        ("Palabra de la descripción larga " * 200)[: 250 * i] or "Sin descripción",
        fotografias=[Fotografia(fotos[(i + j) % 2], f"PIE-{j}") for j in range(n_fotos)],
        tablas=[TablaEventos("Calendario", eventos)] if tipo == "eventos" else [],
    )


def _pagina_de_las_firmas(pdf: Path) -> str:
    """Text of the PDF's page with the signatures, without header, footer and signatures."""
    paginas = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True)
    (n,) = [k + 1 for k, p in enumerate(paginas.stdout.split("\f")) if "Nombre y Cargo" in p]
    texto = subprocess.run(
        ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    firmas = ("Firmante", "Jefa", "Directora", "Nombre y Cargo", "Página ", "Rúbrica", "·")
    return "\n".join(x for x in texto.splitlines() if x.strip() and not any(f in x for f in firmas))


@pytest.mark.parametrize("de_libreoffice", [False, True], ids=["oficial", "re-guardada"])
def test_barrido_las_firmas_nunca_quedan_solas_en_su_pagina(tmp_path, de_libreoffice, request):
    plantilla = request.getfixturevalue("plantilla_de_libreoffice") if de_libreoffice else None
    fotos = [crear_foto(tmp_path / "h.jpg", (800, 600)), crear_foto(tmp_path / "v.jpg", (600, 800))]
    firmas = [
        Firma("Elaboró", "Firmante Uno", "Jefa"),
        Firma("Revisó", "Firmante Dos", "Directora"),
    ]
    casos = []
    for tipo in ("fotos", "eventos", "sola"):
        for i in range(21):  # 0 to 5,000 characters
            reporte = Reporte(
                **CAMPOS_REPORTE, actividades=[_ultima_ficha(i, tipo, fotos)], firmas=firmas
            )
            casos.append(tmp_path / f"{tipo}-{i:02d}.docx")
            casos[-1].write_bytes(renderizar_reporte(reporte, plantilla))
    convertir_con_libreoffice("pdf", tmp_path / "pdf", *casos, tiempo=600)
    solas = [c.stem for c in casos if not _pagina_de_las_firmas(tmp_path / "pdf" / f"{c.stem}.pdf")]
    assert not solas, f"firmas solas en su página: {solas}"
    assert_docx_valido(casos[-1])


# -- the PDF -----------------------------------------------------------------------------


def test_pdf_etiquetado_y_pdf_a_2b_con_titulo_e_idioma(tmp_path):
    libro = copiar_ejemplo(tmp_path)
    r = ejecutar("generar", str(libro), "--pdf")
    assert r.returncode == 0, r.stderr
    pdf = libro.with_suffix(".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    meta = subprocess.run(
        ["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "Tagged:          yes" in info
    assert "Title:           REPORTE TRIMESTRAL" in info
    assert "<pdfaid:part>2</pdfaid:part>" in meta and "<pdfaid:conformance>B<" in meta
    assert b"/Lang(es-MX)" in pdf.read_bytes()


def test_el_enlace_de_la_celda_lugar_del_libro_llega_como_hipervinculo(tmp_path):
    import openpyxl

    libro = crear_libro(tmp_path / "enlace.xlsx")
    wb = openpyxl.load_workbook(libro)
    celda = wb["Actividades"]["D2"]  # the LUGAR of the first activity
    celda.value = "Videoconferencia Telmex"
    celda.hyperlink = "https://videoconferencia.telmex.com/j/1233201126"
    wb.save(libro)
    r = ejecutar("generar", str(libro))
    assert r.returncode == 0, r.stderr
    docx = libro.with_suffix(".docx")
    (enlace,) = _xml(docx, "word/document.xml").iter(qn("w:hyperlink"))
    assert _texto(enlace) == "Videoconferencia Telmex"
    rels = _xml(docx, "word/_rels/document.xml.rels")
    (rel,) = [r for r in rels if r.get("Id") == enlace.get(qn("r:id"))]
    assert rel.get("Target") == "https://videoconferencia.telmex.com/j/1233201126"
    assert_docx_valido(docx)


def _extension_de_color(png: Path, color: tuple[int, int, int]) -> tuple[int, int]:
    """Leftmost and rightmost column (pt at 72 dpi) where *color* shows on the page."""
    from PIL import Image

    with Image.open(png) as imagen:
        rgb = imagen.convert("RGB")
        columnas = [
            x
            for x in range(rgb.width)
            for y in range(0, rgb.height, 4)
            if all(abs(a - b) < 30 for a, b in zip(rgb.getpixel((x, y)), color, strict=True))
        ]
    return min(columnas), max(columnas)


def test_fotos_enteras_y_centradas_en_su_celda(tmp_path):
    """A landscape and a portrait photo share a row that they just fit: LibreOffice must
    show both whole, each centred in its cell (without wp:inline distances it pushed
    them 9 pt to the right and cut the second at the table's edge)."""
    azul, rojo = (30, 90, 160), (160, 60, 40)
    fotos = [
        Fotografia(crear_foto(tmp_path / "h.jpg", (1600, 1200), color=azul), "Horizontal"),
        Fotografia(crear_foto(tmp_path / "v.jpg", (1200, 1600), color=rojo), "Vertical"),
    ]
    actividad = Actividad(
        "1", "Fotos", dt.date(2023, 5, 1), "Chetumal", "Descripción", fotografias=fotos
    )
    reporte = Reporte(
        **CAMPOS_REPORTE, actividades=[actividad], firmas=[Firma("Elaboró", "Ana", "Jefa")]
    )
    docx = tmp_path / "fotos.docx"
    docx.write_bytes(renderizar_reporte(reporte))
    convertir_con_libreoffice("pdf", tmp_path, docx)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "72",
            "-f",
            "2",
            "-l",
            "2",
            str(docx.with_suffix(".pdf")),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    izquierda, derecha = 56.7, 56.7 + 9972 / 20  # the ficha's edges: 2 cm margins, 9972 twips
    desde_azul, hasta_azul = _extension_de_color(png, azul)
    desde_rojo, hasta_rojo = _extension_de_color(png, rojo)
    assert izquierda + 5 <= desde_azul < hasta_azul < desde_rojo < hasta_rojo <= derecha - 5
    # the free space is shared alike at both ends of the row
    assert abs((desde_azul - izquierda) - (derecha - hasta_rojo)) <= 3


def test_plantilla_sin_estilo_de_pie_recibe_uno_centrado(tmp_path):
    """A template started in Word defines no «caption» (it is latent until used): the
    report defines it, so that captions stay centred under their photos and restylable."""
    import docx

    plantilla = docx.Document()
    caption = plantilla.styles["Caption"].element
    caption.getparent().remove(caption)
    for texto in ("{%p for a in actividades %}", "{{p a.galeria }}", "{%p endfor %}"):
        plantilla.add_paragraph(texto)
    plantilla.save(tmp_path / "sin_pie.docx")
    foto = crear_foto(tmp_path / "f.jpg", (800, 600))
    actividad = Actividad(
        "1", "Foro", dt.date(2023, 5, 1), "Chetumal", "x", fotografias=[Fotografia(foto, "Pie")]
    )
    reporte = Reporte(
        **CAMPOS_REPORTE, actividades=[actividad], firmas=[Firma("Elaboró", "Ana", "Jefa")]
    )
    salida = tmp_path / "r.docx"
    salida.write_bytes(renderizar_reporte(reporte, tmp_path / "sin_pie.docx"))
    estilos = {
        e.get(qn("w:styleId")): e for e in _xml(salida, "word/styles.xml").iter(qn("w:style"))
    }
    (pie,) = [p for p in _xml(salida, "word/document.xml").iter(qn("w:p")) if _texto(p) == "Pie"]
    estilo = estilos[_estilo(pie)]
    assert estilo.find(qn("w:name")).get(qn("w:val")) == "caption"
    assert estilo.find(f"{qn('w:pPr')}/{qn('w:jc')}").get(qn("w:val")) == "center"
    assert_docx_valido(salida)


def test_un_salto_de_linea_pegado_no_estira_la_linea_justificada(tmp_path):
    """Text pasted from Word or Outlook keeps its line breaks; the justified description must
    not spread the short line before a break across the cell (``w:doNotExpandShiftReturn``)."""
    larga = "Segunda línea del texto pegado, bastante larga para llenar el renglón entero. " * 3
    reporte = Reporte(
        **CAMPOS_REPORTE,
        actividades=[
            Actividad("1", "Sesión", dt.date(2023, 5, 31), "Chetumal", f"Pegado de Word\n{larga}")
        ],
        firmas=[Firma("Elaboró", "Ana", "Jefa")],
    )
    docx = tmp_path / "r.docx"
    docx.write_bytes(renderizar_reporte(reporte))
    texto, _ = a_pdf(docx)
    (renglon,) = [linea for linea in texto.splitlines() if "Pegado" in linea]
    assert "Pegado de Word" in renglon, renglon
