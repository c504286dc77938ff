"""The public version's pieces without LibreOffice: matching, the model, the parts, the last lock."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from reporte_docx import (
    Actividad,
    Codigo,
    ErrorDeDatos,
    Evento,
    Firma,
    Fotografia,
    Reporte,
    TablaEventos,
    renderizar_version_publica,
)
from reporte_docx import Testado as Dato
from reporte_docx.documento.restos import restos_en_docx
from reporte_docx.documento.testado import Buscador
from reporte_docx.documento.testado import testar_reporte as redactar
from reporte_docx.documento.testado_xml import testar_partes as redactar_xml

NOMBRE = "María José Pérez Gómez"
DOMICILIO = "Calle Álamo 123, colonia Centro"


def _foto(carpeta: Path, nombre: str, tamano: tuple[int, int], color: tuple[int, int, int]) -> Path:
    ruta = carpeta / nombre
    Image.new("RGB", tamano, color).save(ruta, quality=90)
    return ruta


def _reporte(carpeta: Path, testado: list[Dato]) -> Reporte:
    reservada = _foto(carpeta, "victima.jpg", (600, 800), (200, 60, 60))
    publica = _foto(carpeta, "taller.jpg", (800, 600), (30, 120, 200))
    fotos = [
        Fotografia(reservada, f"{NOMBRE} en la entrevista", reservada=True, fundamento="Art. 116"),
        Fotografia(publica, "Asistentes al taller"),
    ]
    actividad = Actividad(
        "1",
        f"Atención a {NOMBRE.upper()}",
        dt.date(2023, 5, 30),
        f"{DOMICILIO}, Chetumal",
        # NFD (accents as separate characters) and no accents at all: the same name
        "Se atendió a " + unicodedata.normalize("NFD", NOMBRE) + " en calle alamo 123 colonia"
        " centro; Quintana Roo.",
        fotografias=fotos,
        tablas=[TablaEventos("SEGUIMIENTO", [Evento(dt.date(2023, 6, 5), "Visita a maria jose")])],
    )
    return Reporte(
        "SECRETARÍA DE GOBIERNO",
        "REPORTE",
        2023,
        2,
        programa_presupuestario="P",
        unidad_responsable_programa="U",
        unidad_responsable_fuente="F",
        nivel_objetivo="N",
        indicador="I",
        descripcion_avance="D",
        variable_programada="VP",
        variable_realizada="VR",
        programadas=1,
        realizadas=1,
        actividades=[actividad],
        firmas=[Firma("Elaboró", "Ana López", "Jefa")],
        testado=testado,
    )


def test_buscador_sin_mayusculas_acentos_ni_espacios_y_por_palabras_enteras():
    b = Buscador(["Juan Pérez", "Ana", "Pérez"])
    texto = "JUAN  PEREZ, juan\nperez, Juan_Pérez y Quintana con Ana y " + unicodedata.normalize(
        "NFD", "Pérez"
    )
    hallados = [(texto[a:z], i) for a, z, i in b.buscar(texto)]
    # the longer listed text wins where both start; «Ana» never inside «Quintana»
    assert hallados == [
        ("JUAN  PEREZ", 0),
        ("juan\nperez", 0),
        ("Juan_Pérez", 0),
        ("Ana", 1),
        (unicodedata.normalize("NFD", "Pérez"), 2),
    ]
    assert b.reemplazar("el señor JUAN PÉREZ.", lambda i: f"[{i}]") == "el señor [0]."


def test_el_modelo_testado_y_el_original_intacto(tmp_path):
    testado = [
        Dato(NOMBRE, "Art. 116", "Nombre de persona física", fila=2),
        Dato(DOMICILIO, "Art. 116", "Domicilio particular", fila=3),
        Dato("Ana López", "Art. 116", "Nombre de persona física", fila=4),
        Dato("Pedro Páramo", "Art. 116", "Nombre", fila=5),
    ]
    reporte = _reporte(tmp_path, testado)
    vp = redactar(reporte, tmp_path)
    a = vp.reporte.actividades[0]
    assert a.nombre == "Atención a [TESTADO 1]"
    assert a.lugar == "[TESTADO 2], Chetumal"
    assert a.descripcion == "Se atendió a [TESTADO 1] en [TESTADO 2]; Quintana Roo."
    assert a.tablas[0].eventos[0].evento == "Visita a maria jose"  # not the listed text
    assert vp.reporte.firmas[0].nombre == "[TESTADO 3]"
    caja, publica = a.fotografias
    assert caja.pie == "[TESTADO 4] Fotografía testada. Fundamento: Art. 116"
    assert caja.archivo.parent == tmp_path and "victima" not in caja.archivo.name
    with Image.open(caja.archivo) as imagen:  # grey, with the reserved photo's proportions
        assert imagen.size[0] / imagen.size[1] == pytest.approx(600 / 800, abs=0.01)
        assert imagen.convert("RGB").getpixel((imagen.size[0] // 10, imagen.size[1] // 10)) == (
            191,
            191,
            191,
        )
    assert publica.pie == "Asistentes al taller"
    assert [(f.numero, f.descripcion, f.fotos) for f in vp.testaduras] == [
        (1, "Nombre de persona física", False),
        (2, "Domicilio particular", False),
        (3, "Nombre de persona física", False),
        (4, "Fotografía", True),
    ]
    (aviso,) = vp.sin_uso()
    assert aviso.codigo == Codigo.TESTADO_SIN_USO and (aviso.hoja, aviso.fila) == ("Testado", 5)
    assert "Pedro Páramo" in aviso.mensaje and not aviso.es_error
    # the original is untouched: the ordinary report renders from it
    assert reporte.actividades[0].nombre == f"Atención a {NOMBRE.upper()}"
    assert reporte.actividades[0].fotografias[0].reservada and reporte.testado == testado


def test_una_descripcion_que_repite_el_dato_es_error(tmp_path):
    testado = [Dato(NOMBRE, "Art. 116", f"Nombre de {NOMBRE}", fila=2), Dato("---", "x")]
    vp = redactar(_reporte(tmp_path, testado), tmp_path)
    errores = {(h.codigo, h.fila, h.columna) for h in vp.hallazgos if h.es_error}
    assert errores == {
        (Codigo.TESTADO_QUEDA, 2, "Descripción"),
        (Codigo.TESTADO_SIN_USO, None, None),  # «---» has nothing to look for
    }


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_el_texto_de_la_plantilla_partido_en_corridas_se_testa(tmp_path):
    vp = redactar(_reporte(tmp_path, [Dato("Juan Núñez", "Art. 116")]), tmp_path)
    encabezado = (
        f"<w:hdr {_W}><w:p><w:r><w:t>Atendió: JU</w:t></w:r><w:r><w:rPr><w:b/></w:rPr>"
        "<w:t>AN</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>nuñez en casa</w:t></w:r>"
        '<w:bookmarkStart w:id="7" w:name="_RD7"/><w:r><w:t>x</w:t></w:r>'
        '<w:bookmarkEnd w:id="7"/></w:p></w:hdr>'
    ).encode()
    partes = {
        "word/header1.xml": encabezado,
        "word/document.xml": f"<w:document {_W}><w:body><w:p/></w:body></w:document>".encode(),
        "customXml/item1.xml": "<instantanea>Juan Núñez</instantanea>".encode(),
        "word/_rels/document.xml.rels": (
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/customXml" Target="../customXml/item1.xml"/></Relationships>'
        ),
        "[Content_Types].xml": (
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Override PartName="/customXml/itemProps1.xml" ContentType="x"/></Types>'
        ),
    }
    salida = redactar_xml(partes, vp)
    assert "customXml/item1.xml" not in salida
    assert b"customXml" not in salida["word/_rels/document.xml.rels"]
    assert b"customXml" not in salida["[Content_Types].xml"]
    encabezado = salida["word/header1.xml"].decode()
    assert "_RD7" not in encabezado and "bookmark" not in encabezado
    # the reserved photo is row 1 (found in the model); the template's text comes after
    assert "<w:t>Atendió: [TESTADO 2]</w:t>" in encabezado.replace(' xml:space="preserve"', "")
    assert "<w:b/>" in encabezado and "<w:tab/>" not in encabezado  # formatting kept
    assert "en casa" in encabezado and "nu" not in encabezado.split("[TESTADO 2]")[1][:40]
    foto, fila = vp.testaduras
    assert foto.fotos and foto.veces == 0  # its caption is in the body, not given here
    assert (fila.numero, fila.veces, fila.secciones) == (2, 1, ["encabezado o pie de página"])
    assert vp.sin_uso() == []


def _docx(partes: dict[str, bytes]) -> bytes:
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as z:
        for nombre, datos in partes.items():
            z.writestr(nombre, datos)
    return salida.getvalue()


@pytest.mark.parametrize(
    ("nombre", "datos"),
    [
        ("word/document.xml", "<w:t>Mar</w:t></w:r><w:r><w:t>ía Pérez</w:t>".encode()),
        ("word/document.xml", b'<pic:cNvPr descr="Mar&#237;a P&#xE9;rez"/>'),
        ("word/document.xml", unicodedata.normalize("NFD", "MARÍA PÉREZ").encode()),
        ("docProps/core.xml", "\ufeff<dc:creator>María Pérez</dc:creator>".encode("utf-16")),
        ("customXml/item1.xml", b"<v>maria perez</v>"),
        ("word/embeddings/x.bin", "María Pérez".encode("utf-16-be")),
        ("word/media/maria_perez.png", b"\x89PNG"),
    ],
)
def test_la_revision_byte_a_byte_encuentra_cada_forma(nombre, datos):
    restos = restos_en_docx(_docx({nombre: datos, "word/otro.xml": b"<a/>"}), ["María Pérez"])
    assert {(r.parte, r.indice) for r in restos} == {(nombre, 0)}


def test_exif_de_windows_en_utf16():
    imagen = Image.new("RGB", (8, 8))
    exif = Image.Exif()
    exif[0x9C9D] = "María Pérez".encode("utf-16-le") + b"\0\0"  # XPAuthor, as Windows writes it
    salida = io.BytesIO()
    imagen.save(salida, "JPEG", exif=exif)
    restos = restos_en_docx(_docx({"word/media/foto1.jpg": salida.getvalue()}), ["maria perez"])
    assert {r.vista for r in restos} == {"metadatos"}


def test_la_plantilla_con_el_dato_en_sus_propiedades_no_escribe_nada(tmp_path):
    import docx

    from reporte_docx.plantilla.archivo import plantilla_oficial

    documento = docx.Document(str(plantilla_oficial()))
    documento.core_properties.keywords = "expediente de Ana López"
    propia = io.BytesIO()
    documento.save(propia)
    reporte = _reporte(tmp_path, [Dato("Ana López", "Art. 116", fila=2)])
    with pytest.raises(ErrorDeDatos) as e:
        renderizar_version_publica(reporte, propia.getvalue(), paginar=False, cache=False)
    (h,) = e.value.hallazgos
    assert (h.codigo, h.hoja, h.fila) == (Codigo.TESTADO_QUEDA, "Testado", 2)
    assert "propiedades del documento" in h.mensaje and "Ana López" not in h.mensaje


def test_sin_libreoffice_la_leyenda_dice_la_parte_del_reporte(tmp_path):
    testado = [Dato(NOMBRE, "Art. 116", "Nombre de persona física")]
    r = renderizar_version_publica(_reporte(tmp_path, testado), paginar=False, cache=False)
    assert {h.codigo for h in r.avisos} >= {Codigo.TESTADO_SIN_PAGINAS}
    assert r.pdf is None and [(f.veces, f.paginas) for f in r.leyenda] == [(2, None), (1, None)]
    assert restos_en_docx(r.docx, [NOMBRE, "victima"]) == []
    with zipfile.ZipFile(io.BytesIO(r.docx)) as z:
        cuerpo = z.read("word/document.xml").decode()
        propiedades = z.read("docProps/custom.xml").decode()
    assert "LEYENDA DE CLASIFICACIÓN" in cuerpo and "ficha 1" in cuerpo
    assert "reporte-docx.version-publica" in propiedades


def test_libro_nuevo_trae_testado_y_reservada_con_un_mensaje_y_una_regla_por_celda():
    from reporte_docx.libro.nuevo import construir_libro_nuevo

    libro = construir_libro_nuevo()
    testado, fotos = libro["Testado"], libro["Fotografías"]
    assert [c.value for c in testado[1]] == ["Texto", "Fundamento", "Descripción"]
    encabezados = [c.value for c in fotos[1]]
    assert encabezados[-2:] == ["Reservada", "Fundamento"]
    for hoja, letras in ((testado, "ABC"), (fotos, "DE")):
        for letra in letras:
            # one validation per cell: its prompt (with an example) and its rule together
            suyas = [v for v in hoja.data_validations.dataValidation if f"{letra}2" in v.sqref]
            assert len(suyas) == 1, (hoja.title, letra)
            assert suyas[0].showInputMessage and "Ejemplo:" in suyas[0].prompt
    (reservada,) = [v for v in fotos.data_validations.dataValidation if "D2" in v.sqref]
    assert (reservada.type, reservada.formula1) == ("list", '"sí,no"')
    instrucciones = " ".join(str(c.value) for c in libro["Instrucciones"]["A"] if c.value)
    assert "--version-publica" in instrucciones and "Hoja «Testado»" in instrucciones


def test_el_libro_lee_testado_y_reservada_con_sus_errores(tmp_path):
    from openpyxl import Workbook

    from reporte_docx import analizar_libro
    from tests.utiles import CAMPOS_REPORTE, crear_foto

    for nombre in ("a", "b", "c", "d"):
        crear_foto(tmp_path / f"{nombre}.jpg")
    wb = Workbook()
    wb.remove(wb.active)
    hojas = {
        "Reporte": [("Campo", "Valor"), *CAMPOS_REPORTE.items()],
        "Actividades": [
            ("id", "nombre", "fecha", "lugar", "descripcion"),
            ("1", "Actividad", dt.datetime(2023, 5, 30), "Chetumal", "Descripción"),
        ],
        "Fotografías": [
            ("Actividad", "Archivo", "Pie de foto", "Reservada", "Fundamento"),
            ("1", "a.jpg", "", "Sí", "Art. 116"),
            ("1", "b.jpg", "", "x", None),  # reserved, without basis: a warning
            ("1", "c.jpg", "", "no", None),
            ("1", "d.jpg", "", "tal vez", None),
        ],
        "Firmas": [("Rol", "Nombre", "Cargo"), ("Elaboró", "Persona", "Jefa")],
        "Testado": [
            ("Texto", "Fundamento", "Descripción"),
            ("Persona", "Art. 116", None),
            ("Chetumal", None, None),
        ],
    }
    for nombre, filas in hojas.items():
        ws = wb.create_sheet(nombre)
        for fila in filas:
            ws.append(list(fila))
    wb.save(tmp_path / "libro.xlsx")
    lectura = analizar_libro(tmp_path / "libro.xlsx")
    por_codigo = {(h.codigo, h.hoja, h.fila) for h in lectura.hallazgos}
    assert (Codigo.SI_NO_INVALIDO, "Fotografías", 5) in por_codigo
    assert (Codigo.RESERVADA_SIN_FUNDAMENTO, "Fotografías", 3) in por_codigo
    assert any(h.hoja == "Testado" and h.fila == 3 and h.es_error for h in lectura.hallazgos)
    # without the errors, the model carries both
    wb["Fotografías"]["D5"] = "no"
    wb["Testado"]["B3"] = "Art. 116"
    wb.save(tmp_path / "libro.xlsx")
    reporte = analizar_libro(tmp_path / "libro.xlsx").reporte
    assert reporte is not None
    assert [(f.reservada, f.fundamento) for f in reporte.fotografias] == [
        (True, "Art. 116"),
        (True, ""),
        (False, ""),
        (False, ""),
    ]
    assert [(t.texto, t.fila) for t in reporte.testado] == [("Persona", 2), ("Chetumal", 3)]
