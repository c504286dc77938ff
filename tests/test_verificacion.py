"""The structural check: a good document passes; each hand-broken one fails for its reason.

Every test starts from the same sound document (rendered in code, with two
pictures, an event table, a header and footers) and corrupts one thing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable

import pytest
from docx.oxml.ns import nsmap
from lxml import etree

from reporte_docx import (
    Actividad,
    ErrorInterno,
    Evento,
    Firma,
    Fotografia,
    Reporte,
    TablaEventos,
    renderizar_reporte,
    verificar_docx,
)
from reporte_docx.documento.verificacion import exigir_docx_valido
from tests.utiles import crear_foto, crear_libro, ejecutar, validar_ooxml

W = nsmap["w"]


@pytest.fixture(scope="module")
def bueno(tmp_path_factory) -> bytes:
    carpeta = tmp_path_factory.mktemp("bueno")
    foto1 = crear_foto(carpeta / "a.png", (40, 30))
    foto2 = crear_foto(carpeta / "b.jpg", (30, 40), color=(200, 10, 10))
    reporte = Reporte(
        dependencia="SECRETARÍA",
        titulo="REPORTE",
        ejercicio=2023,
        trimestre=2,
        actividades=[
            Actividad(
                "1",
                "Nombre",
                dt.date(2023, 5, 30),
                "Lugar",
                "Descripción",
                fotografias=[Fotografia(foto1, "uno"), Fotografia(foto2, "dos")],
                tablas=[TablaEventos("Tabla", [Evento(dt.date(2023, 6, 1), "Evento")])],
            )
        ],
        firmas=[Firma("Elaboró", "Ana", "Jefa")],
    )
    return renderizar_reporte(reporte)


def _primera_imagen(docx: bytes) -> str:
    """Name of the first picture part (its extension depends on how the photo was encoded)."""
    return sorted(n for n in zipfile.ZipFile(io.BytesIO(docx)).namelist() if "/media/" in n)[0]


def _cambiar(docx: bytes, parte: str, cambio: Callable[[bytes], bytes | None]) -> bytes:
    """*docx* with *parte* replaced by ``cambio(old bytes)`` (``None`` removes it)."""
    salida = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as z, zipfile.ZipFile(salida, "w") as nuevo:
        nombres = z.namelist()
        for nombre in nombres:
            datos = z.read(nombre)
            if nombre == parte:
                datos = cambio(datos)
                if datos is None:
                    continue
            nuevo.writestr(nombre, datos)
        if parte not in nombres:
            nuevo.writestr(parte, cambio(b""))
    return salida.getvalue()


def _sustituir(viejo: str, nuevo: str, veces: int = 1) -> Callable[[bytes], bytes]:
    def cambio(datos: bytes) -> bytes:
        texto = datos.decode()
        assert viejo in texto, viejo
        return texto.replace(viejo, nuevo, veces).encode()

    return cambio


def _un_problema(docx: bytes, *fragmentos: str, permitidos: tuple[str, ...] = ()) -> str:
    problemas = verificar_docx(docx, permitidos)
    assert len(problemas) == 1, problemas
    for f in fragmentos:
        assert f in problemas[0], problemas[0]
    return problemas[0]


def test_el_documento_bueno_pasa_ambas_verificaciones(bueno, tmp_path):
    assert verificar_docx(bueno) == []
    ruta = tmp_path / "bueno.docx"
    ruta.write_bytes(bueno)
    assert validar_ooxml(ruta)["ok"] is True


def test_no_es_zip():
    # said as what it is, in Spanish, without zipfile's «File is not a zip file»
    assert verificar_docx(b"no soy un zip") == [
        "no es un documento de Word (.docx), aunque su nombre lo parezca: es otro tipo de "
        "archivo; si Word lo abre, Archivo › Guardar como › «Documento de Word (.docx)», y use "
        "esa copia"
    ]


def test_parte_mal_formada(bueno):
    roto = _cambiar(bueno, "word/document.xml", lambda d: d[: len(d) // 2])
    _un_problema(roto, "word/document.xml", "no es XML bien formado")


def test_caracter_prohibido_directo(bueno):
    roto = _cambiar(bueno, "word/document.xml", _sustituir(">Lugar<", ">Lu\x01gar<"))
    _un_problema(roto, "word/document.xml", "U+0001", "XML no admite")


def test_caracter_prohibido_como_referencia(bueno):
    roto = _cambiar(bueno, "word/header1.xml", lambda d: d.replace(b"</w:t>", b"&#x1F;</w:t>", 1))
    _un_problema(roto, "word/header1.xml", "U+001F")


def test_id_de_dibujo_repetido(bueno):
    roto = _cambiar(
        bueno, "word/document.xml", lambda d: re.sub(rb'(<wp:docPr id=")\d+', rb"\g<1>7", d)
    )
    _un_problema(roto, "id de dibujo 7 se repite 2 veces")


def test_id_de_dibujo_repetido_entre_cuerpo_y_encabezado(bueno):
    """Ids must be unique across body, headers and footers, not only within a part."""
    d = zipfile.ZipFile(io.BytesIO(bueno)).read("word/document.xml").decode()
    ident = re.search(r'<wp:docPr id="(\d+)"', d)[1]
    dibujo = re.search(r"<w:drawing>.*?</w:drawing>", d, re.DOTALL)[0]
    rid = re.search(r'r:embed="(\w+)"', dibujo)[1]
    # the header gets the same picture: its own relationship, but the body's drawing id
    con_rel = _cambiar(
        bueno,
        "word/_rels/header1.xml.rels",
        lambda _: (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/image" Target="'
            + _primera_imagen(bueno).removeprefix("word/")
            + '"/></Relationships>'
        ).encode(),
    )
    roto = _cambiar(
        con_rel, "word/header1.xml", _sustituir("</w:t></w:r>", f"</w:t></w:r><w:r>{dibujo}</w:r>")
    )
    _un_problema(roto, f"id de dibujo {ident} se repite 2 veces")


def test_relacion_a_una_parte_que_no_existe(bueno):
    imagen = _primera_imagen(bueno)
    roto = _cambiar(bueno, imagen, lambda _: None)
    _un_problema(roto, "word/_rels/document.xml.rels", f"apunta a «{imagen}»")


def test_relacion_no_definida(bueno):
    roto = _cambiar(bueno, "word/document.xml", _sustituir('r:embed="rId', 'r:embed="rIdX'))
    _un_problema(roto, "word/document.xml", "relación rIdX", "no está definida")


def test_id_de_relacion_repetido(bueno):
    roto = _cambiar(bueno, "word/_rels/document.xml.rels", _sustituir('Id="rId3"', 'Id="rId4"'))
    problemas = verificar_docx(roto)
    assert any("id de relación rId4 se repite" in p for p in problemas), problemas


def test_parte_sin_tipo_de_contenido(bueno):
    roto = _cambiar(bueno, "word/extra.bin", lambda _: b"\0\1\2")
    _un_problema(roto, "word/extra.bin", "no tiene tipo de contenido")


def test_tipo_de_contenido_de_una_parte_inexistente(bueno):
    roto = _cambiar(bueno, "word/footer2.xml", lambda _: None)
    problemas = verificar_docx(roto)
    assert any("word/footer2.xml" in p and "no existe" in p for p in problemas), problemas


def test_parte_repetida_en_el_zip(bueno):
    salida = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bueno)) as z, zipfile.ZipFile(salida, "w") as nuevo:
        for nombre in z.namelist():
            nuevo.writestr(nombre, z.read(nombre))
        with pytest.warns(UserWarning):
            nuevo.writestr("word/settings.xml", z.read("word/settings.xml"))
    _un_problema(salida.getvalue(), "word/settings.xml", "aparece 2 veces")


def _en_celda(cambio: Callable) -> Callable[[bytes], bytes]:
    """Apply *cambio* to the first table cell of the body."""

    def aplicar(datos: bytes) -> bytes:
        arbol = etree.fromstring(datos)
        cambio(arbol.find(f".//{{{W}}}tc"))
        return etree.tostring(arbol, xml_declaration=True, encoding="UTF-8", standalone=True)

    return aplicar


def test_celda_sin_parrafo_final(bueno, tmp_path):
    """Word rejects it; Microsoft's validator does not notice, so the library's check must."""
    roto = _cambiar(bueno, "word/document.xml", _en_celda(lambda c: c.append(_tabla_minima())))
    _un_problema(roto, "word/document.xml", "una celda de tabla no termina en un párrafo")
    ruta = tmp_path / "celda.docx"
    ruta.write_bytes(roto)
    assert validar_ooxml(ruta)["ok"] is True  # why the library's own check exists


def _tabla_minima():
    return etree.fromstring(
        f'<w:tbl xmlns:w="{W}"><w:tblPr/><w:tblGrid><w:gridCol w:w="100"/></w:tblGrid>'
        "<w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"
    )


def test_celda_vacia(bueno):
    def vaciar(celda) -> None:
        for hijo in list(celda):
            if hijo.tag != f"{{{W}}}tcPr":
                celda.remove(hijo)

    roto = _cambiar(bueno, "word/document.xml", _en_celda(vaciar))
    _un_problema(roto, "una celda de tabla no termina en un párrafo")


def test_marcas_tras_el_ultimo_parrafo_no_cuentan(bueno):
    marca = etree.fromstring(f'<w:bookmarkEnd xmlns:w="{W}" w:id="0"/>')
    roto = _cambiar(bueno, "word/document.xml", _en_celda(lambda c: c.append(marca)))
    assert verificar_docx(roto) == []


def test_etiqueta_sin_procesar(bueno):
    roto = _cambiar(
        bueno, "word/footer1.xml", lambda d: d.replace(b"</w:t>", b"{{ reporte.x }}</w:t>", 1)
    )
    _un_problema(roto, "word/footer1.xml", "etiqueta de plantilla sin procesar", "{{ reporte.x }}")
    roto = _cambiar(bueno, "word/document.xml", _sustituir(">Lugar<", ">{%p if x %}<"))
    _un_problema(roto, "{%p if x %}")


def test_llaves_de_los_datos_no_son_etiquetas(bueno):
    """User data may hold "{{": allowed as written, upper-cased, or with its line ends as breaks."""
    texto = "{{ de verdad }}"
    roto = _cambiar(bueno, "word/document.xml", _sustituir(">Lugar<", f">{texto}<"))
    assert verificar_docx(roto, (texto,)) == []
    # shown stripped (an activity's own objective is): found by the property tests
    assert verificar_docx(roto, (texto + "\r\n",)) == []
    assert verificar_docx(roto, ("{{ DE VERDAD }}".lower(),)) == []
    _un_problema(roto, "{{ de verdad }}", permitidos=("otro {{ }}",))
    con_salto = _cambiar(
        bueno,
        "word/document.xml",
        _sustituir(">Lugar<", '>{{ a</w:t><w:br/><w:t xml:space="preserve">b }}<'),
    )
    assert verificar_docx(con_salto, ("{{ a\r\nb }}",)) == []
    # a real leftover next to the data's braces is still found
    ambos = _cambiar(bueno, "word/document.xml", _sustituir(">Lugar<", f">{texto} {{{{ x }}}}<"))
    _un_problema(ambos, "{{ x }}", permitidos=(texto,))


def test_exigir_da_error_interno_en_espanol(bueno):
    roto = _cambiar(bueno, "word/document.xml", _sustituir('r:embed="rId', 'r:embed="rIdX'))
    with pytest.raises(ErrorInterno, match="no se escribió nada.*error de reporte-docx"):
        exigir_docx_valido(roto)
    exigir_docx_valido(bueno)


def test_un_fallo_de_la_verificacion_no_escribe_nada(bueno, tmp_path, monkeypatch):
    """A broken rendering ends in ErrorInterno before anything reaches the destination."""
    from reporte_docx import guardar_reporte
    from reporte_docx.plantilla import render as modulo

    roto = _cambiar(bueno, "word/document.xml", _sustituir('r:embed="rId', 'r:embed="rIdX'))
    monkeypatch.setattr(modulo, "renderizar_docx", lambda *a, **k: roto)
    destino = tmp_path / "r.docx"
    destino.write_bytes(b"anterior")
    reporte = Reporte(
        "D",
        "T",
        2023,
        1,
        actividades=[Actividad("1", "A", dt.date(2023, 2, 1), "L", "D")],
        firmas=[Firma("Elaboró", "N", "C")],
    )
    with pytest.raises(ErrorInterno):
        guardar_reporte(reporte, destino, sobrescribir=True)
    assert destino.read_bytes() == b"anterior"
    assert [p.name for p in tmp_path.iterdir()] == ["r.docx"]


def test_orden_verificar_de_la_linea_de_comandos(bueno, tmp_path):
    bien = tmp_path / "bien.docx"
    bien.write_bytes(bueno)
    r = ejecutar("verificar", str(bien))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "está bien formado" in r.stdout and "no se ha modificado" in r.stdout
    mal = tmp_path / "mal.docx"
    imagen = _primera_imagen(bueno)
    mal.write_bytes(_cambiar(bueno, imagen, lambda _: None))
    r = ejecutar("verificar", str(mal))
    assert r.returncode == 1
    assert "error: " in r.stdout and imagen in r.stdout and "Traceback" not in r.stderr
    # braces in the text may be the user's own: a warning, not an error
    llaves = tmp_path / "llaves.docx"
    llaves.write_bytes(_cambiar(bueno, "word/document.xml", _sustituir(">Lugar<", ">{{ x }}<")))
    r = ejecutar("verificar", str(llaves))
    assert r.returncode == 0 and "aviso: " in r.stdout and "fue modificado después" in r.stdout


def test_verificar_un_archivo_que_no_es_docx(tmp_path):
    ruta = tmp_path / "x.docx"
    ruta.write_text("hola")
    r = ejecutar("verificar", str(ruta))
    assert r.returncode == 1 and "no es un documento de Word" in r.stdout
    assert "Traceback" not in r.stderr and "zip file" not in r.stdout


def test_un_libro_de_excel_no_es_un_documento_bien_formado(tmp_path):
    # a sound zip of another kind (the workbook instead of the report) is no Word document
    libro = crear_libro(tmp_path / "libro.xlsx")
    problemas = verificar_docx(libro)
    assert len(problemas) == 1 and "no es un documento de Word" in problemas[0], problemas
    assert "libro de Excel" in problemas[0]
    r = ejecutar("verificar", str(libro))
    assert r.returncode == 1, r.stdout
    assert "no es un documento de Word" in r.stdout and "bien formado" not in r.stdout


def test_sin_documento_principal(bueno):
    roto = _cambiar(bueno, "_rels/.rels", _sustituir('officeDocument"', 'otroDocumento"'))
    _un_problema(roto, "no es un documento de Word")


def test_verificar_una_carpeta(tmp_path):
    r = ejecutar("verificar", str(tmp_path))
    assert r.returncode == 1 and "es una carpeta" in r.stderr, r.stderr
