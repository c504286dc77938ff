"""#18: each value filled from the workbook is a hidden bookmark, read back by leer_campos.

The sample workbook is generated through the api; the edits are made in the
XML the way Word writes them (runs split with rsids, tracked changes, comments,
a bookmark deleted or moved), then the document is zipped again and read.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree

from reporte_docx import api, formato
from reporte_docx.documento.instantanea import clave_de_campo, huella_del_libro
from reporte_docx.documento.lectura_campos import leer_campos, texto_de_marcas
from reporte_docx.documento.marcas import envolver
from reporte_docx.modelo import Reporte
from tests.utiles import DATOS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
EJEMPLO = DATOS / "reporte_ejemplo.xlsx"


@pytest.fixture(scope="module")
def ejemplo() -> tuple[Reporte, bytes]:
    reporte = api.leer_libro(EJEMPLO)
    return reporte, api.renderizar_libro(EJEMPLO, procesos=1, cache=False).docx


def _esperados(r: Reporte) -> dict[str, str]:
    """Every field key of the agreement and its value as the official template prints it."""
    esperados = {
        f"reporte.{c}": getattr(r, c)
        for c in [
            "dependencia",
            "titulo",
            "programa_presupuestario",
            "unidad_responsable_programa",
            "unidad_responsable_fuente",
            "nivel_objetivo",
            "indicador",
            "descripcion_avance",
            "variable_programada",
            "variable_realizada",
            "justificacion",
        ]
    }
    esperados["reporte.programadas"] = formato.numero(r.programadas)
    esperados["reporte.realizadas"] = formato.numero(r.realizadas)
    for a in r.actividades:
        clave = f"actividad.{a.id}"
        esperados.update(
            {
                f"{clave}.nombre": a.nombre,
                f"{clave}.fecha": formato.periodo(a.fecha, a.fecha_fin),
                f"{clave}.lugar": a.lugar,
                f"{clave}.descripcion": a.descripcion,
            }
        )
        if a.objetivo.strip():
            esperados[f"{clave}.objetivo"] = a.objetivo
        else:
            esperados["reporte.objetivo"] = r.objetivo
        for n, f in enumerate(a.fotografias):
            esperados[f"foto.{a.id}.{n}.pie"] = f.pie
        for t, tabla in enumerate(a.tablas):
            for n, e in enumerate(tabla.eventos):
                esperados[f"evento.{a.id}.{t}.{n}.fecha"] = formato.fecha_larga(e.fecha)
                esperados[f"evento.{a.id}.{t}.{n}.evento"] = e.evento
    for n, firma in enumerate(r.firmas):
        esperados[f"firma.{n}.nombre"] = firma.nombre
        esperados[f"firma.{n}.cargo"] = firma.cargo
    return esperados


def _partes(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _zip(partes: dict[str, bytes]) -> bytes:
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as z:
        for nombre, datos in partes.items():
            z.writestr(nombre, datos)
    return salida.getvalue()


def _editar(docx: bytes, editar) -> bytes:
    """*docx* with its body parsed, passed to *editar*, and written back."""
    partes = _partes(docx)
    raiz = etree.fromstring(partes["word/document.xml"])
    editar(raiz)
    partes["word/document.xml"] = etree.tostring(raiz, xml_declaration=True, encoding="UTF-8")
    return _zip(partes)


def _marca(raiz, instantanea, clave: str) -> tuple[etree._Element, list[etree._Element]]:
    """The bookmarkStart of field *clave* and the runs between it and its end (one paragraph)."""
    nombre = next(m for m, c in instantanea.campos.items() if c.clave == clave)
    inicio = raiz.find(f".//w:bookmarkStart[@w:name='{nombre}']", NS)
    ident = inicio.get(f"{{{W}}}id")
    corridas = []
    for hermano in inicio.itersiblings():
        if hermano.tag == f"{{{W}}}bookmarkEnd" and hermano.get(f"{{{W}}}id") == ident:
            break
        if hermano.tag == f"{{{W}}}r":
            corridas.append(hermano)
    return inicio, corridas


def test_cada_valor_del_libro_vuelve_tal_como_se_imprimio(ejemplo):
    reporte, docx = ejemplo
    leidos = leer_campos(docx)
    esperados = _esperados(reporte)
    assert leidos.valores == esperados
    assert leidos.faltan == [] and leidos.fuera == []
    instantanea = leidos.instantanea
    assert instantanea is not None
    assert instantanea.libro == huella_del_libro(
        [a.id for a in reporte.actividades], reporte.ejercicio, reporte.trimestre
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", instantanea.generado)
    # every mark's snapshot value is its text as printed, and the kinds are the agreement's
    assert {c.clave: c.valor for c in instantanea.campos.values()} == esperados
    tipos = {c.clave: c.tipo for c in instantanea.campos.values()}
    assert tipos["reporte.programadas"] == "entero"
    assert tipos["actividad.1.fecha"] == "periodo"
    assert tipos["evento.1.0.0.fecha"] == "fecha"
    assert tipos["foto.1.0.pie"] == tipos["firma.0.cargo"] == "texto"


def test_las_marcas_son_marcadores_ocultos_numerados_y_sin_delimitadores(ejemplo):
    _reporte, docx = ejemplo
    partes = _partes(docx)
    for nombre, datos in partes.items():
        for delimitador in "\ue000\ue001\ue002":
            assert delimitador.encode() not in datos, nombre
    nombres, ids = [], []
    for nombre in ("word/document.xml", "word/header1.xml"):
        raiz = etree.fromstring(partes[nombre])
        for inicio in raiz.iterfind(".//w:bookmarkStart", NS):
            nombres.append(inicio.get(f"{{{W}}}name"))
            ids.append(inicio.get(f"{{{W}}}id"))
        finales = {e.get(f"{{{W}}}id") for e in raiz.iterfind(".//w:bookmarkEnd", NS)}
        assert {e.get(f"{{{W}}}id") for e in raiz.iterfind(".//w:bookmarkStart", NS)} == finales
    assert nombres == [f"_RD{n}" for n in range(1, len(nombres) + 1)]
    assert len(set(ids)) == len(ids)
    instantanea = leer_campos(docx).instantanea
    assert instantanea is not None and list(instantanea.campos) == nombres
    # the snapshot is a custom XML part related from the document, with its properties part
    assert b"customXml/item1.xml" in partes["word/_rels/document.xml.rels"]
    assert b"/customXml/itemProps1.xml" in partes["[Content_Types].xml"]
    assert b"urn:reporte-docx:instantanea:1" in partes["customXml/itemProps1.xml"]


def test_el_texto_fuera_de_las_marcas_no_cambia(ejemplo):
    """With the marks left out the body has the same text, paragraph by paragraph."""
    _reporte, docx = ejemplo
    from reporte_docx.documento.paquete import terminar_paquete
    from reporte_docx.plantilla.render import preparar_plantilla, renderizar_docx

    datos, nombre, _ = preparar_plantilla(None)
    sin = renderizar_docx(api.leer_libro(EJEMPLO), datos, nombre, marcas=False)
    assert not any(n.startswith("customXml/") for n in sin)
    assert b"_RD" not in sin["word/document.xml"]

    def textos(xml: bytes) -> list[str]:
        raiz = etree.fromstring(xml)
        return ["".join(p.itertext()) for p in raiz.iter(f"{{{W}}}p")]

    con = _partes(docx)
    sin_docx = _partes(terminar_paquete(sin, libro_sha256="", version="", fecha=_fecha()))
    for parte in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
        assert textos(con[parte]) == textos(sin_docx[parte]), parte


def _fecha():
    import datetime as dt

    return dt.datetime(2023, 7, 1)


def test_una_corrida_cambiada_en_su_lugar_y_partida_como_word(ejemplo):
    _reporte, docx = ejemplo
    instantanea = leer_campos(docx).instantanea

    def editar(raiz):
        _inicio, corridas = _marca(raiz, instantanea, "actividad.1.nombre")
        corridas[0].find("w:t", NS).text = "NOMBRE NUEVO"
        # Word splits a field's run in two with rsids and a proofing mark between
        _inicio, corridas = _marca(raiz, instantanea, "firma.0.cargo")
        corrida = corridas[0]
        texto = corrida.find("w:t", NS).text
        segunda = etree.fromstring(etree.tostring(corrida))
        corrida.set(f"{{{W}}}rsidR", "00A1B2C3")
        segunda.set(f"{{{W}}}rsidRPr", "00D4E5F6")
        corrida.find("w:t", NS).text = texto[:4]
        segunda.find("w:t", NS).text = texto[4:] + " interina"
        corrida.addnext(segunda)
        corrida.addnext(etree.fromstring(f'<w:proofErr xmlns:w="{W}" w:type="spellStart"/>'))

    leidos = leer_campos(_editar(docx, editar))
    assert leidos.valores["actividad.1.nombre"] == "NOMBRE NUEVO"
    assert (
        leidos.valores["firma.0.cargo"]
        == "Jefa de Departamento de Atención a Derechos Humanos interina"
    )
    assert leidos.faltan == []


def test_cambios_controlados_se_leen_aceptados_y_los_comentarios_no_son_texto(ejemplo):
    reporte, docx = ejemplo
    instantanea = leer_campos(docx).instantanea
    descripcion = reporte.actividades[0].descripcion

    def editar(raiz):
        _inicio, corridas = _marca(raiz, instantanea, "actividad.1.descripcion")
        corrida = corridas[0]
        texto = corrida.find("w:t", NS).text
        corrida.find("w:t", NS).text = texto[:10]
        cambio = etree.fromstring(
            f'<w:del xmlns:w="{W}" w:id="901" w:author="Ana" w:date="2024-01-01T00:00:00Z">'
            f'<w:r w:rsidDel="00112233"><w:delText xml:space="preserve">{texto[10:20]}</w:delText>'
            f"</w:r></w:del>"
        )
        nuevo = etree.fromstring(
            f'<w:ins xmlns:w="{W}" w:id="902" w:author="Ana" w:date="2024-01-01T00:00:00Z">'
            '<w:r><w:t xml:space="preserve">TEXTO INSERTADO</w:t></w:r></w:ins>'
        )
        resto = etree.fromstring(etree.tostring(corrida))
        resto.find("w:t", NS).text = texto[20:]
        corrida.addnext(resto)
        corrida.addnext(nuevo)
        corrida.addnext(cambio)
        # a comment anchored on the field's first word, its reference inside the field
        _inicio, corridas = _marca(raiz, instantanea, "actividad.1.lugar")
        corridas[0].addprevious(
            etree.fromstring(f'<w:commentRangeStart xmlns:w="{W}" w:id="903"/>')
        )
        corridas[0].addnext(
            etree.fromstring(
                f'<w:r xmlns:w="{W}"><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
                '<w:commentReference w:id="903"/></w:r>'
            )
        )
        corridas[0].addnext(etree.fromstring(f'<w:commentRangeEnd xmlns:w="{W}" w:id="903"/>'))

    leidos = leer_campos(_editar(docx, editar))
    assert leidos.valores["actividad.1.descripcion"] == (
        descripcion[:10] + "TEXTO INSERTADO" + descripcion[20:]
    )
    assert leidos.valores["actividad.1.lugar"] == reporte.actividades[0].lugar
    assert leidos.faltan == []


def test_un_marcador_borrado_falta_y_uno_movido_se_sigue_leyendo(ejemplo):
    reporte, docx = ejemplo
    instantanea = leer_campos(docx).instantanea

    def editar(raiz):
        inicio, _ = _marca(raiz, instantanea, "actividad.2.lugar")
        ident = inicio.get(f"{{{W}}}id")
        for e in raiz.xpath(
            "//w:bookmarkStart[@w:id=$i] | //w:bookmarkEnd[@w:id=$i]", namespaces=NS, i=ident
        ):
            e.getparent().remove(e)
        # the start moved inside a tracked insertion that wraps the field's first run
        inicio, corridas = _marca(raiz, instantanea, "actividad.3.descripcion")
        envoltura = etree.fromstring(
            f'<w:ins xmlns:w="{W}" w:id="950" w:author="Ana" w:date="2024-01-01T00:00:00Z"/>'
        )
        corridas[0].addprevious(envoltura)
        envoltura.append(inicio)
        envoltura.append(corridas[0])

    leidos = leer_campos(_editar(docx, editar))
    assert leidos.faltan == ["actividad.2.lugar"]
    assert "actividad.2.lugar" not in leidos.valores
    assert leidos.valores["actividad.3.descripcion"] == reporte.actividades[2].descripcion


def test_un_parrafo_nuevo_dentro_y_fuera_de_un_campo(ejemplo):
    reporte, docx = ejemplo
    instantanea = leer_campos(docx).instantanea

    def editar(raiz):
        # Enter inside the justification: the value goes on in a new paragraph
        _inicio, corridas = _marca(raiz, instantanea, "reporte.justificacion")
        parrafo = corridas[0].getparent()
        nuevo = etree.SubElement(parrafo.getparent(), f"{{{W}}}p")
        parrafo.addnext(nuevo)
        fin = corridas[-1].getnext()
        corrida = etree.SubElement(nuevo, f"{{{W}}}r")
        etree.SubElement(corrida, f"{{{W}}}t").text = "Segunda línea."
        nuevo.append(fin)
        # a paragraph typed in Word outside every field
        cuerpo = raiz.find("w:body", NS)
        escrito = etree.fromstring(
            f'<w:p xmlns:w="{W}"><w:r><w:t>Nota escrita en Word</w:t></w:r></w:p>'
        )
        cuerpo.insert(0, escrito)

    leidos = leer_campos(_editar(docx, editar))
    assert leidos.valores["reporte.justificacion"] == reporte.justificacion + "\nSegunda línea."
    assert leidos.fuera == ["Nota escrita en Word"]


def test_saltos_tabuladores_y_parrafos_de_un_valor_y_un_documento_sin_instantanea():
    cuerpo = (
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>antes</w:t></w:r>'
        '<w:bookmarkStart w:id="1" w:name="_RD1"/></w:p><w:p>'
        "<w:r><w:t>uno</w:t><w:br/><w:t>dos</w:t><w:tab/><w:t>tres</w:t></w:r></w:p>"
        '<w:p><w:r><w:t>cuatro</w:t></w:r><w:bookmarkEnd w:id="1"/></w:p>'
        '<w:p><w:bookmarkStart w:id="2" w:name="_RD2"/><w:r><w:t>roto</w:t></w:r></w:p>'
        "</w:body></w:document>"
    ).encode()
    leido = texto_de_marcas(etree.fromstring(cuerpo))
    # a start left at the end of the paragraph before adds no line; one without end is no field
    assert leido.marcas == {"_RD1": "uno\ndos\ttres\ncuatro"}
    partes = {"[Content_Types].xml": b"<Types/>", "word/document.xml": cuerpo}
    leidos = leer_campos(_zip(partes))
    assert leidos.instantanea is None and leidos.valores == {}


def test_un_dato_con_caracteres_de_uso_privado_sale_tal_cual_y_no_abre_una_marca():
    """The delimiters carry this process's key: a value that imitates them is only text."""
    falso = "a\ue000texto reporte.titulo\ue001b\ue002c\ue000"
    reporte = api.leer_libro(EJEMPLO)
    reporte.justificacion = falso
    reporte.actividades[0].tablas[0].titulo = falso  # a value that is not marked
    docx = api.renderizar_reporte(reporte, procesos=1, cache=False)
    leidos = leer_campos(docx)
    assert leidos.valores["reporte.justificacion"] == falso
    assert leidos.valores["reporte.titulo"] == reporte.titulo
    cuerpo = _partes(docx)["word/document.xml"].decode()
    assert cuerpo.count(falso) == 2
    assert envolver("x", "reporte.titulo", "texto").startswith("\ue000")


def test_plantilla_propia_con_filtros_y_encabezado_lleva_las_marcas(tmp_path):
    import docx as python_docx

    plantilla = python_docx.Document()
    plantilla.sections[0].header.paragraphs[0].text = "{{ reporte.dependencia|mayusculas }}"
    plantilla.core_properties.title = "{{ reporte.titulo }}"  # docxtpl renders it too
    plantilla.add_paragraph("{{ reporte.titulo|mayusculas }} — {{ reporte.realizadas|numero }}")
    plantilla.add_paragraph("{%p for a in actividades %}")
    plantilla.add_paragraph("{{ a.fecha|fecha_larga }} / {{ a.fecha|mes }} / {{ a.nombre }}")
    plantilla.add_paragraph("{%p endfor %}")
    ruta = tmp_path / "propia.docx"
    plantilla.save(ruta)
    reporte = api.leer_libro(EJEMPLO)
    docx = api.renderizar_reporte(reporte, ruta, procesos=1, cache=False)
    leidos = leer_campos(docx)
    a = reporte.actividades[0]
    assert leidos.valores["reporte.titulo"] == formato.mayusculas(reporte.titulo)
    assert leidos.valores["reporte.dependencia"] == formato.mayusculas(reporte.dependencia)
    assert leidos.valores["reporte.realizadas"] == formato.numero(reporte.realizadas)
    assert leidos.valores[f"actividad.{a.id}.fecha"] == formato.fecha_larga(a.fecha)
    assert leidos.valores[f"actividad.{a.id}.nombre"] == a.nombre
    assert leidos.instantanea is not None
    # «mes» keeps only the month: it is no longer the date, so it is not marked
    assert formato.mes(a.fecha) not in [c.valor for c in leidos.instantanea.campos.values()]
    partes = _partes(docx)
    assert b"_RD" in partes["word/header1.xml"]
    assert reporte.titulo.encode() in partes["docProps/core.xml"]
    assert not any("\ue000".encode() in d for d in partes.values())


def test_la_clave_escapa_el_punto_de_un_id():
    assert clave_de_campo("actividad", "3.a b", "nombre") == "actividad.3%2Ea%20b.nombre"
    assert clave_de_campo("foto", "A/1", 0, "pie") == "foto.A%2F1.0.pie"
    assert clave_de_campo("actividad", "\ud800", "lugar") == "actividad.%ED%A0%80.lugar"
    assert huella_del_libro(["\ud800", "1"], 2023, 2) == huella_del_libro(["1", "\ud800"], 2023, 2)


def test_texto_con_saltos_dentro_de_un_campo_se_lee_con_saltos_y_tabuladores(ejemplo):
    """A caption/description with line breaks (w:br) and a tab reads back with \\n and \\t."""
    _reporte, docx = ejemplo
    instantanea = leer_campos(docx).instantanea

    def editar(raiz):
        _inicio, corridas = _marca(raiz, instantanea, "firma.1.nombre")
        corrida = corridas[0]
        texto = corrida.find("w:t", NS).text
        corrida.find("w:t", NS).text = "Lcda."
        corrida.append(etree.Element(f"{{{W}}}br"))
        etree.SubElement(corrida, f"{{{W}}}t").text = texto[6:]
        corrida.append(etree.Element(f"{{{W}}}tab"))
        etree.SubElement(corrida, f"{{{W}}}t").text = "fin"

    leidos = leer_campos(_editar(docx, editar))
    assert leidos.valores["firma.1.nombre"] == "Lcda.\nIzair Nallely González Silva\tfin"


def test_lectura_de_un_archivo_que_no_es_docx():
    with pytest.raises(zipfile.BadZipFile):
        leer_campos(b"no es un zip")
