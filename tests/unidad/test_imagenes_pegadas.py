"""Pictures pasted into the workbook: found where they sit, and given to the right photo.

Real workbooks written by XlsxWriter (as Excel writes them: floating pictures
and Excel 365's pictures in cells) and openpyxl, read by the real reader; no
LibreOffice here (the Calc round trip is in ``tests/test_fotos_pegadas.py``).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from reporte_docx.fotos import revision
from reporte_docx.fotos.apertura import FotoInvalida
from reporte_docx.fotos.cache import abrir_cache
from reporte_docx.fotos.proceso import procesar_foto
from reporte_docx.libro.apertura import MAX_DESCOMPRIMIDO_XML, juzgar_miembros
from reporte_docx.libro.imagenes import imagenes_del_libro
from reporte_docx.libro.lectura import analizar_libro
from reporte_docx.libro.partes import PARSER
from reporte_docx.modelo import ImagenDelLibro
from tests.imagenes_pegadas import (
    actividad,
    foto_marcada,
    libro_xlsxwriter,
    pegar_con_openpyxl,
)
from tests.utiles import crear_libro


@pytest.fixture
def fotos(tmp_path: Path) -> dict[str, Path]:
    return {
        "roja": foto_marcada(tmp_path / "roja.jpg", "red", "blue", orientacion=6),
        "verde": foto_marcada(tmp_path / "verde.jpg", "green", "yellow"),
        "negra": foto_marcada(tmp_path / "negra.jpg", "black", "white"),
    }


def _reescribir(libro: Path, cambios: dict[str, str], textos: dict[str, str]) -> None:
    """Rename zip members (*cambios*) and replace text inside every XML part (*textos*)."""
    copia = libro.with_suffix(".tmp")
    with zipfile.ZipFile(libro) as origen, zipfile.ZipFile(copia, "w") as destino:
        for miembro in origen.infolist():
            datos = origen.read(miembro)
            if miembro.filename.endswith((".xml", ".rels")):
                texto = datos.decode()
                for viejo, nuevo in textos.items():
                    texto = texto.replace(viejo, nuevo)
                datos = texto.encode()
            destino.writestr(cambios.get(miembro.filename, miembro.filename), datos)
    copia.replace(libro)


def _lugares(libro: Path) -> list[tuple[str, str, bool]]:
    return [
        (i.lugar, i.parte, i.en_celda)
        for lista in imagenes_del_libro(libro).por_hoja.values()
        for i in lista
    ]


def test_imagen_en_celda_por_sus_relaciones_no_por_nombres(tmp_path, fotos):
    libro = libro_xlsxwriter(
        tmp_path / "l.xlsx",
        fotografias=[("1", None, "Pie")],
        en_celda=[("Fotografias", "B2", fotos["roja"])],
    )
    assert _lugares(libro) == [("Fotografias!B2", "xl/media/image1.jpeg", True)]
    # another producer's names: every part of the chain moved, only relationships say where
    _reescribir(
        libro,
        {
            "xl/metadata.xml": "xl/meta/datos.xml",
            "xl/richData/rdrichvalue.xml": "xl/rv/valores.xml",
            "xl/richData/rdrichvaluestructure.xml": "xl/rv/estructuras.xml",
            "xl/richData/richValueRel.xml": "xl/rv/relaciones.xml",
            "xl/richData/_rels/richValueRel.xml.rels": "xl/rv/_rels/relaciones.xml.rels",
            "xl/media/image1.jpeg": "xl/fotos/una.jpeg",
        },
        {
            'Target="metadata.xml"': 'Target="meta/datos.xml"',
            "richData/rdrichvalue.xml": "rv/valores.xml",
            "richData/rdrichvaluestructure.xml": "rv/estructuras.xml",
            "richData/richValueRel.xml": "rv/relaciones.xml",
            "../media/image1.jpeg": "/xl/fotos/una.jpeg",  # an absolute target too
        },
    )
    assert _lugares(libro) == [("Fotografias!B2", "xl/fotos/una.jpeg", True)]


def test_imagen_en_celda_es_la_foto_de_su_fila_sin_error_de_valor(tmp_path, fotos):
    libro = libro_xlsxwriter(
        tmp_path / "l.xlsx",
        fotografias=[("1", None, "En la celda")],
        en_celda=[("Fotografias", "B2", fotos["roja"])],
    )
    lectura = analizar_libro(libro)
    assert not lectura.errores, lectura.errores  # no «#VALUE!», no «falta la ruta»
    assert lectura.reporte is not None
    (foto,) = lectura.reporte.actividades[0].fotografias
    assert (foto.pie, foto.fila) == ("En la celda", 2)
    assert foto.pegada == ImagenDelLibro(libro, "xl/media/image1.jpeg", "Fotografias", 2, "B")
    assert [f.pie for f in lectura.pegadas["1"]] == ["En la celda"]


def test_flotantes_de_openpyxl_y_xlsxwriter_con_desplazamiento(tmp_path, fotos):
    libro = crear_libro(tmp_path / "o.xlsx", fotografias=[("1", None, "a")])
    pegar_con_openpyxl(
        libro, [("Fotografias", "B2", fotos["roja"]), ("Firmas", "E3", fotos["verde"])]
    )
    assert sorted(_lugares(libro)) == [
        ("Firmas!E3", "xl/media/image2.jpeg", False),
        ("Fotografias!B2", "xl/media/image1.jpeg", False),
    ]


def test_ancla_absoluta_y_desplazamiento_mayor_que_la_celda(tmp_path, fotos):
    """Calc may write an offset that reaches past its cell; an absolute anchor has no cell."""
    libro = libro_xlsxwriter(
        tmp_path / "l.xlsx",
        flotantes=[("Fotografias", "A1", fotos["roja"]), ("Fotografias", "A1", fotos["verde"])],
    )
    with zipfile.ZipFile(libro) as z:
        original = z.read("xl/drawings/drawing1.xml").decode()
    fila = 15 * 12700  # a default row, in EMU
    primero, segundo = re.findall(r"<xdr:twoCellAnchor.*?</xdr:twoCellAnchor>", original)
    # the first: on row 1 with an offset of 3.5 rows → row 4
    desplazado = primero.replace(
        "<xdr:rowOff>0</xdr:rowOff>", f"<xdr:rowOff>{int(3.5 * fila)}</xdr:rowOff>", 1
    )
    # the second: an absolute anchor 2.2 default columns (64 px) right, 5.1 rows down → C6
    absoluto = re.sub(
        r"<xdr:twoCellAnchor[^>]*>.*?</xdr:to>",
        f'<xdr:absoluteAnchor><xdr:pos x="{int(2.2 * 64 * 9525)}" y="{int(5.1 * fila)}"/>'
        '<xdr:ext cx="100" cy="100"/>',
        segundo,
    ).replace("</xdr:twoCellAnchor>", "</xdr:absoluteAnchor>")
    _reescribir(libro, {}, {primero: desplazado, segundo: absoluto})
    assert sorted(lugar for lugar, _, _ in _lugares(libro)) == ["Fotografias!A4", "Fotografias!C6"]


def test_ancho_de_columna_como_lo_guarda_excel(tmp_path, fotos):
    """A ``<col width>`` already counts the cell's padding: 30 characters are 215 px, not 220."""
    libro = libro_xlsxwriter(tmp_path / "l.xlsx", flotantes=[("Fotografias", "A1", fotos["roja"])])
    with zipfile.ZipFile(libro) as z:
        (ancla,) = re.findall(
            r"<xdr:twoCellAnchor.*?</xdr:twoCellAnchor>",
            z.read("xl/drawings/drawing1.xml").decode(),
        )
    # XlsxWriter's set_column(0, 2, 30): what Excel writes for three columns of 30 characters
    columnas = '<cols><col min="1" max="3" width="30.7109375" customWidth="1"/></cols><sheetData'
    x = (3 * 215 + 2) * 9525  # 2 px into the fourth column
    absoluto = re.sub(
        r"<xdr:twoCellAnchor[^>]*>.*?</xdr:to>",
        f'<xdr:absoluteAnchor><xdr:pos x="{x}" y="0"/><xdr:ext cx="100" cy="100"/>',
        ancla,
    ).replace("</xdr:twoCellAnchor>", "</xdr:absoluteAnchor>")
    _reescribir(libro, {}, {"<sheetData": columnas, ancla: absoluto})
    assert _lugares(libro) == [("Fotografias!D1", "xl/media/image1.jpeg", False)]


def test_reglas_de_las_hojas_fotografias_y_actividades(tmp_path, fotos):
    libro = libro_xlsxwriter(
        tmp_path / "l.xlsx",
        actividades=[actividad("1", "Uno"), actividad("2", "Dos")],
        fotografias=[
            ("1", None, "Flotante"),  # row 2: a floating picture
            ("2", None, "Pie de la primera de Actividades"),  # row 3: nothing → takes one
            ("2", "no_existe.jpg", "Archivo y foto"),  # row 4: both: an error
            ("1", None, "Dos en una fila"),  # row 5: two pictures
        ],
        flotantes=[
            ("Fotografias", "B2", fotos["roja"]),
            ("Fotografias", "C4", fotos["verde"]),
            ("Fotografias", "E5", fotos["negra"]),
            ("Fotografias", "B5", fotos["verde"]),
            ("Actividades", "J3", fotos["verde"]),  # right of the next one: second
            ("Actividades", "H3", fotos["negra"]),
            ("Fotografias", "A1", fotos["roja"]),  # header row
            ("Fotografias", "B9", fotos["roja"]),  # below the data
            ("Reporte", "D4", fotos["roja"]),  # another sheet
        ],
    )
    lectura = analizar_libro(libro)
    por_codigo = {(h.codigo, h.hoja, h.fila, h.columna) for h in lectura.hallazgos}
    assert ("foto-doble", "Fotografias", 4, "archivo") in por_codigo
    assert ("varias-imagenes-en-fila", "Fotografias", 5, "archivo") in por_codigo
    for hoja, fila, columna in (
        ("Fotografias", 1, "A"),
        ("Fotografias", 9, "B"),
        ("Reporte", 4, "D"),
    ):
        assert ("imagen-sin-usar", hoja, fila, columna) in por_codigo
    assert [h.codigo for h in lectura.errores] == ["foto-doble"]
    doble = str(lectura.errores[0])
    assert "no_existe.jpg" in doble and "C4" in doble
    sin_usar = [str(h) for h in lectura.avisos if h.codigo == "imagen-sin-usar"]
    assert any("«Reporte», fila 4" in t for t in sin_usar), sin_usar
    assert any("fila de encabezados" in t for t in sin_usar)

    pegadas = {
        i: [(f.pegada.celda, f.pie) for f in fs if f.pegada] for i, fs in lectura.pegadas.items()
    }
    assert pegadas == {
        "1": [("B2", "Flotante"), ("B5", "Dos en una fila"), ("E5", "Dos en una fila")],
        # left to right on the activity's row; the Fotografias row without file captions the first
        "2": [("H3", "Pie de la primera de Actividades"), ("J3", "")],
    }


def test_sin_imagen_la_fila_sin_archivo_sigue_siendo_error(tmp_path):
    libro = libro_xlsxwriter(tmp_path / "l.xlsx", fotografias=[("1", None, "Sin nada")])
    lectura = analizar_libro(libro)
    (error,) = lectura.errores
    assert error.codigo == "campo-vacio" and "pegue la imagen" in error.mensaje


def test_la_foto_pegada_se_procesa_derecha_desde_el_zip(tmp_path, fotos):
    libro = libro_xlsxwriter(tmp_path / "l.xlsx", en_celda=[("Fotografias", "B2", fotos["roja"])])
    imagen = ImagenDelLibro(libro, "xl/media/image1.jpeg", "Fotografias", 2, "B")
    assert revision.medir_foto(imagen) == (300, 400)  # upright: EXIF orientation 6
    assert revision.verificar_foto(imagen) == (300, 400)
    cache = abrir_cache(tmp_path / "cache")
    for _ in range(2):  # the second time from the cache
        hecha = procesar_foto(imagen, 150, cache=cache)
        assert (hecha.ancho_px, hecha.alto_px) == (150, 200)
    assert len(list((tmp_path / "cache").rglob("*.jpeg"))) == 1
    with pytest.raises(FotoInvalida) as falla:
        revision.medir_foto(ImagenDelLibro(libro, "xl/media/no_esta.png", "Fotografias", 2, "B"))
    assert falla.value.codigo == "foto-ilegible" and "Fotografias!B2" in str(falla.value)


def _danar_miembro(libro: Path, parte: str, fraccion: float) -> None:
    """Flip bytes of *parte*'s compressed data at *fraccion* of it, in place (the directory stays)."""
    with zipfile.ZipFile(libro) as z:
        info = z.getinfo(parte)
    datos = bytearray(libro.read_bytes())
    largos = datos[info.header_offset + 26 : info.header_offset + 30]
    inicio = info.header_offset + 30 + int.from_bytes(largos[:2], "little")
    inicio += int.from_bytes(largos[2:], "little")
    for i in range(inicio + int(info.compress_size * fraccion), inicio + info.compress_size):
        datos[i] ^= 0x5A
    libro.write_bytes(bytes(datos))


def test_dibujo_danado_se_dice_sin_detalles_tecnicos(tmp_path, fotos):
    """The workbook changed or broke after it was checked: a Spanish finding, no Python error."""
    libro = libro_xlsxwriter(tmp_path / "l.xlsx", flotantes=[("Fotografias", "B2", fotos["roja"])])
    _danar_miembro(libro, "xl/drawings/drawing1.xml", 0.5)
    (hallazgo,) = imagenes_del_libro(libro).hallazgos
    assert hallazgo.codigo == "libro-danado" and "guárdelo de nuevo" in hallazgo.mensaje
    assert not re.search(r"CRC|Error|zlib|[A-Z][a-z]+ [a-z]+ for file", hallazgo.mensaje)


@pytest.mark.parametrize("fraccion", [0.1, 0.3, 0.5, 0.7, 0.9])
def test_foto_pegada_danada_en_el_zip_es_un_hallazgo_que_dice_que_hacer(tmp_path, fotos, fraccion):
    """Damaged anywhere in its compressed data (bad CRC or a broken deflate stream)."""
    libro = libro_xlsxwriter(tmp_path / "l.xlsx", en_celda=[("Fotografias", "B2", fotos["roja"])])
    _danar_miembro(libro, "xl/media/image1.jpeg", fraccion)
    imagen = ImagenDelLibro(libro, "xl/media/image1.jpeg", "Fotografias", 2, "B")
    for paso in (revision.verificar_foto, lambda i: procesar_foto(i, 150)):
        try:
            paso(imagen)
        except FotoInvalida as falla:
            assert "vuelva a pegar" in str(falla), str(falla)
        # the header alone may still read: measuring without decoding need not fail


def test_foto_pegada_enorme_no_se_lee_a_memoria(tmp_path, monkeypatch):
    """A picture that expands to more than any photo weighs is refused before it is read.

    The zip check lets a member expand up to 100×: 40 MB of workbook could still hold a
    3.9 GB "picture", which two workers would each read whole. (The limit is lowered here
    so that the workbook stays small.)
    """
    from reporte_docx.fotos import origen

    monkeypatch.setattr(origen, "MAX_BYTES_IMAGEN", 1024 * 1024)
    grande = tmp_path / "grande.bmp"
    Image.new("RGB", (1000, 1000), "white").save(grande)  # 3 MB, compresses ~100×
    libro = libro_xlsxwriter(tmp_path / "l.xlsx", en_celda=[("Fotografias", "B2", grande)])
    (parte,) = [n for n in zipfile.ZipFile(libro).namelist() if n.startswith("xl/media/")]
    imagen = ImagenDelLibro(libro, parte, "Fotografias", 2, "B")
    with pytest.raises(FotoInvalida) as falla:
        procesar_foto(imagen, 150)
    assert falla.value.codigo == "foto-demasiado-grande"
    assert "Fotografias!B2" in str(falla.value) and "MB" in str(falla.value)


def _miembro(nombre: str, tamano: int, comprimido: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(nombre)
    info.file_size, info.compress_size = tamano, comprimido
    return info


def test_bomba_zip_juzga_lo_que_dania_no_las_fotos():
    mb = 1024 * 1024
    xml = [_miembro("xl/worksheets/sheet1.xml", 2 * mb, mb // 5)]
    # 40 phone photos, 300 MB: stored as they are, they do not expand
    fotos = [_miembro(f"xl/media/image{i}.jpeg", int(7.5 * mb), int(7.4 * mb)) for i in range(40)]
    assert juzgar_miembros(xml + fotos) is None
    mucho_xml = [_miembro(f"xl/worksheets/s{i}.xml", 19 * mb, 2 * mb) for i in range(12)]
    assert 12 * 19 * mb > MAX_DESCOMPRIMIDO_XML
    assert "sin contar las imágenes" in (juzgar_miembros(mucho_xml) or "")
    bomba = [_miembro("xl/media/image1.png", 300 * mb, mb)]  # a "picture" that expands 300×
    assert "crece 300 veces" in (juzgar_miembros(bomba) or "")
    assert "partes" in (juzgar_miembros([_miembro(f"x{i}.xml", 1, 1) for i in range(10_001)]) or "")


def test_bomba_zip_repartida_en_partes_pequenas_se_rechaza():
    """Ten sheets of 19 MB that each expand 400×: every part is under the per-part limit.

    openpyxl would parse 190 MB of cells from a 0.5 MB file (minutes, gigabytes);
    what expands, all together, is judged too.
    """
    mb = 1024 * 1024
    bomba = [_miembro(f"xl/worksheets/x{i}.xml", 19 * mb, 19 * mb // 400) for i in range(10)]
    assert "crecen 400 veces" in (juzgar_miembros(bomba) or "")
    # a real workbook: much XML, compressed as XML compresses (about 10 to 1), and its photos
    real = [_miembro(f"xl/worksheets/s{i}.xml", 19 * mb, 2 * mb) for i in range(5)]
    fotos = [_miembro(f"xl/media/image{i}.jpeg", int(7.5 * mb), int(7.4 * mb)) for i in range(40)]
    assert juzgar_miembros(real + fotos) is None


def test_el_analizador_no_expande_entidades():
    xml = b'<!DOCTYPE r [<!ENTITY e "EXPANDIDA">]><r>&e;</r>'
    raiz = etree.fromstring(xml, PARSER)
    assert "EXPANDIDA" not in etree.tostring(raiz).decode()


def test_imagen_vinculada_se_avisa(tmp_path, fotos):
    libro = libro_xlsxwriter(tmp_path / "l.xlsx", flotantes=[("Fotografias", "B2", fotos["roja"])])
    _reescribir(libro, {}, {'r:embed="rId1"': 'r:link="rId1"'})
    avisos = imagenes_del_libro(libro).hallazgos
    assert [(a.codigo, a.hoja, a.fila) for a in avisos] == [("imagen-vinculada", "Fotografias", 2)]


def test_imagen_recortada_en_excel_se_avisa(tmp_path, fotos):
    """Excel's «Recortar» keeps the whole picture and a ``srcRect``: the report shows it whole."""
    libro = libro_xlsxwriter(
        tmp_path / "l.xlsx",
        fotografias=[("1", None, "Recortada"), ("1", None, "Entera")],
        flotantes=[("Fotografias", "B2", fotos["roja"]), ("Fotografias", "B3", fotos["verde"])],
    )
    recorte = '<a:srcRect l="12000" b="30500"/><a:stretch>'
    _reescribir(libro, {}, {'r:embed="rId1"/><a:stretch>': 'r:embed="rId1"/>' + recorte})
    (aviso,) = imagenes_del_libro(libro).hallazgos
    assert (aviso.codigo, aviso.hoja, aviso.fila, aviso.columna) == (
        "imagen-recortada",
        "Fotografias",
        2,
        "B",
    )
    assert "completa" in aviso.mensaje and "recorte" in aviso.mensaje


def test_imagen_rota_en_el_libro_es_error_de_su_celda(tmp_path, fotos):
    libro = libro_xlsxwriter(
        tmp_path / "l.xlsx",
        fotografias=[("1", None, "Rota")],
        flotantes=[("Fotografias", "B2", fotos["roja"])],
    )
    copia = libro.with_suffix(".tmp")
    with zipfile.ZipFile(libro) as a, zipfile.ZipFile(copia, "w") as b:
        for m in a.infolist():
            datos = a.read(m)
            b.writestr(m, datos[: len(datos) // 3] if m.filename.startswith("xl/media/") else datos)
    copia.replace(libro)
    lectura = analizar_libro(libro)
    (error,) = lectura.errores
    assert (error.codigo, error.hoja, error.fila, error.columna) == (
        "foto-danada",
        "Fotografias",
        2,
        "B",
    )


def test_libro_nuevo_listo_para_pegar(tmp_path, fotos):
    from reporte_docx.libro.nuevo import ALTO_MINIATURA_PT, construir_libro_nuevo

    libro = construir_libro_nuevo()
    hoja = libro["Fotografías"]
    assert hoja.row_dimensions[2].height == ALTO_MINIATURA_PT >= 60  # a thumbnail shows
    assert hoja.column_dimensions["B"].width >= 30
    (ayuda,) = [v for v in hoja.data_validations.dataValidation if "B2" in str(v.sqref)]
    assert ayuda.showInputMessage
    assert "B2" in str(ayuda.sqref) and "pegue" in ayuda.prompt and "dos formas" in ayuda.prompt
    instrucciones = " ".join(str(c.value) for c in libro["Instrucciones"]["A"] if c.value)
    assert "pegue cada foto" in instrucciones and "Colocar en celda" in instrucciones
    # filled in as a person would, a photo pasted on its row is that row's photo
    hoja.append(["1", None, "Pegada en libro-nuevo"])
    libro["Actividades"].append(list(actividad("1", "Uno")))
    ruta = tmp_path / "nuevo.xlsx"
    libro.save(ruta)
    pegar_con_openpyxl(ruta, [("Fotografías", "B2", fotos["verde"])])
    lectura = analizar_libro(ruta)
    assert "imagen-sin-usar" not in {h.codigo for h in lectura.hallazgos}
    pegadas = {
        i: [(f.pegada and f.pegada.celda, f.pie) for f in fs] for i, fs in lectura.pegadas.items()
    }
    assert pegadas == {"1": [("B2", "Pegada en libro-nuevo")]}


@pytest.mark.parametrize("con_respaldo", [True, False])
def test_contenido_alternativo_cuenta_cada_imagen_una_vez(tmp_path, fotos, con_respaldo):
    libro = libro_xlsxwriter(tmp_path / "l.xlsx", flotantes=[("Fotografias", "C3", fotos["roja"])])
    with zipfile.ZipFile(libro) as z:
        original = z.read("xl/drawings/drawing1.xml").decode()
    (ancla,) = re.findall(r"<xdr:twoCellAnchor.*?</xdr:twoCellAnchor>", original)
    respaldo = f"<mc:Fallback>{ancla}</mc:Fallback>" if con_respaldo else "<mc:Fallback/>"
    envuelta = (
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f'<mc:Choice Requires="a14">{ancla}</mc:Choice>{respaldo}</mc:AlternateContent>'
    )
    _reescribir(libro, {}, {ancla: envuelta})
    assert _lugares(libro) == [("Fotografias!C3", "xl/media/image1.jpeg", False)]


def test_imagen_en_celda_junto_a_la_actividad_no_es_un_dato(tmp_path, fotos):
    """Its cell stores «#VALUE!»: no formula error, no «column without header» warning."""
    libro = libro_xlsxwriter(
        tmp_path / "l.xlsx",
        actividades=[actividad("1", "Uno")],
        en_celda=[("Actividades", "H2", fotos["verde"]), ("Actividades", "I2", fotos["negra"])],
    )
    lectura = analizar_libro(libro)
    codigos = {h.codigo for h in lectura.hallazgos}
    assert not codigos & {"formula-con-error", "columna-sin-encabezado", "imagen-sin-usar"}
    assert lectura.reporte is not None
    fotos_ = lectura.reporte.actividades[0].fotografias
    assert [(f.pegada and f.pegada.celda, f.pie) for f in fotos_] == [("H2", ""), ("I2", "")]


def test_leer_el_libro_no_carga_sus_fotos_en_memoria(tmp_path):
    """openpyxl would keep every pasted picture (twice: values and formulas) in memory."""
    import tracemalloc

    ruido = Image.effect_noise((1000, 1000), 60).convert("RGB")
    grande = tmp_path / "grande.jpg"
    ruido.save(grande, quality=95)
    tamano = grande.stat().st_size
    assert tamano > 500_000
    libro = libro_xlsxwriter(
        tmp_path / "l.xlsx",
        fotografias=[("1", None, "Grande")],
        flotantes=[("Fotografias", "B2", grande), ("Actividades", "H2", grande)],
    )
    tracemalloc.start()
    try:
        lectura = analizar_libro(libro, revisar_fotos=False)
        _, pico = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(lectura.pegadas["1"]) == 2
    assert pico < tamano, (pico, tamano)
