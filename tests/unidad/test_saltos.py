"""Page breaks a re-saved template put inside a ``{%p`` paragraph, and ``plantilla verificar``."""

from __future__ import annotations

import docx
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn

from reporte_docx.plantilla.revision import revisar_plantilla
from reporte_docx.plantilla.saltos import (
    firmas_con_la_ultima_ficha,
    mover_saltos_de_pagina,
    normalizar_filas,
)


def _plantilla(ruta, *, salto: bool = True, doble: bool = False):
    d = docx.Document()
    etiqueta = d.add_paragraph("{%p for a in actividades %}")
    if salto:  # what LibreOffice writes when it saves a break that was before a table
        etiqueta.add_run().add_break(WD_BREAK.PAGE)
    tabla = d.add_table(rows=1, cols=1)
    tabla.rows[0].cells[0].text = "{{ a.nombre }}"
    d.add_paragraph("{%p endfor %} {%p if x %}" if doble else "{%p endfor %}")
    d.save(ruta)
    return ruta


def _sin_parcial(hallazgos: list) -> list:
    """Leave out the warning of a template that skips the activities or the signatures."""
    return [h for h in hallazgos if h.codigo != "plantilla-parcial"]


def test_el_salto_de_un_parrafo_de_etiqueta_pasa_a_la_tabla_que_sigue(tmp_path):
    d = docx.Document(str(_plantilla(tmp_path / "p.docx")))
    cuerpo = d.element.body
    assert mover_saltos_de_pagina(cuerpo) == 1
    etiqueta = cuerpo.findall(qn("w:p"))[0]
    assert not [b for b in etiqueta.iter(qn("w:br"))]
    primera_celda = next(cuerpo.find(qn("w:tbl")).iter(qn("w:p")))
    assert primera_celda.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None


def test_verificar_avisa_del_salto_y_dice_que_hacer(tmp_path):
    (aviso,) = _sin_parcial(revisar_plantilla(_plantilla(tmp_path / "p.docx")))
    assert not aviso.es_error and aviso.codigo == "plantilla-salto-en-etiqueta"
    assert (
        "Salto de página anterior" in aviso.mensaje
        and "{%p for a in actividades %}" in aviso.mensaje
    )
    assert _sin_parcial(revisar_plantilla(_plantilla(tmp_path / "q.docx", salto=False))) == []


def test_parrafo_es_masculino_en_los_mensajes(tmp_path):
    mensajes = " ".join(
        h.mensaje
        for h in revisar_plantilla(_plantilla(tmp_path / "d.docx", salto=False, doble=True))
    )
    assert "su propio párrafo" in mensajes and "el párrafo entero" in mensajes
    assert "propia párrafo" not in mensajes and "párrafo entera" not in mensajes


def _con_firmas(ruta, nombre_estilo: str = "Firma: nombre"):
    """A ficha table, a spacer paragraph and a signature table whose style has *nombre_estilo*,
    with the id LibreOffice would give it."""
    from docx.enum.style import WD_STYLE_TYPE

    d = docx.Document()
    estilo = d.styles.add_style(nombre_estilo, WD_STYLE_TYPE.PARAGRAPH)
    estilo.element.set(qn("w:styleId"), "Firmanombre")
    ficha = d.add_table(rows=2, cols=2)
    ficha.style = "Table Grid"
    ficha.rows[1].cells[0].text = "OBJETIVO:"
    d.add_paragraph("")
    firmas = d.add_table(rows=1, cols=3)
    for celda in firmas.rows[0].cells:
        celda.paragraphs[0].style = estilo
        celda.paragraphs[0].add_run("Persona")
    d.save(ruta)
    return docx.Document(str(ruta))


def test_las_firmas_pasan_a_la_ultima_fila_de_la_tabla_anterior_unidas_a_ella(tmp_path):
    d = _con_firmas(tmp_path / "f.docx")
    cuerpo = d.element.body
    assert firmas_con_la_ultima_ficha(cuerpo, d.styles.element)
    (tabla,) = cuerpo.findall(qn("w:tbl"))  # the signatures are inside the ficha now
    objetivo, firmas = tabla.findall(qn("w:tr"))[1:]
    assert all(
        p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in objetivo.iter(qn("w:p"))
    )
    assert firmas.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    (celda,) = firmas.findall(qn("w:tc"))
    assert celda.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}").get(qn("w:val")) == "2"
    # the line that closed the ficha stays: Table Grid's bottom border becomes the cell's top
    assert celda.find(f"{qn('w:tcPr')}/{qn('w:tcBorders')}/{qn('w:top')}") is not None
    assert [c.tag for c in celda][-2:] == [qn("w:tbl"), qn("w:p")]  # a cell ends in a paragraph


def test_sin_estilos_de_firma_no_se_mueve_nada(tmp_path):
    d = _con_firmas(tmp_path / "f.docx", nombre_estilo="Otra cosa")
    assert not firmas_con_la_ultima_ficha(d.element.body, d.styles.element)
    assert len(d.element.body.findall(qn("w:tbl"))) == 2


def test_filas_de_libreoffice_se_escriben_como_las_admite_el_esquema():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    tabla = parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tr><w:trPr><w:cantSplit w:val="true"/>'
        '<w:tblHeader w:val="false"/><w:hidden w:val="on"/></w:trPr></w:tr></w:tbl>'
    )
    assert normalizar_filas(tabla) == 2
    (tr_pr,) = tabla.iter(qn("w:trPr"))
    assert [(p.tag, dict(p.attrib)) for p in tr_pr] == [
        (qn("w:cantSplit"), {}),
        (qn("w:hidden"), {qn("w:val"): "on"}),
    ]


def test_estilos_por_su_nombre_y_no_por_su_id():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from reporte_docx.documento.estilos import (
        PIE_DE_FOTO,
        SEPARADOR,
        estilo_de_parrafo,
        ids_de_estilos,
    )

    # as LibreOffice re-saves it: its own 12 pt «Caption», and Word's «caption» as Caption1
    estilos = parse_xml(
        f"<w:styles {nsdecls('w')}>"
        '<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="Caption"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Caption1"><w:name w:val="caption"/></w:style>'
        "</w:styles>"
    )
    assert estilo_de_parrafo(estilos, PIE_DE_FOTO) == "Caption1" and len(estilos) == 2
    assert ids_de_estilos(estilos, ["Firma: nombre"]) == set()
    # a template started in Word has no «caption» defined: it is added, centred
    del estilos[1]
    assert estilo_de_parrafo(estilos, PIE_DE_FOTO) == "Caption1"
    agregado = estilos[-1]
    assert agregado.find(qn("w:name")).get(qn("w:val")) == "caption"
    assert agregado.find(f"{qn('w:pPr')}/{qn('w:jc')}").get(qn("w:val")) == "center"
    assert estilo_de_parrafo(estilos, PIE_DE_FOTO) == "Caption1" and len(estilos) == 2

    # the separator a cell or a photo grid ends in, defined as the official template has it
    assert estilo_de_parrafo(estilos, SEPARADOR) == "Separador"
    linea = estilos[-1].find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    assert (linea.get(qn("w:line")), linea.get(qn("w:lineRule"))) == ("20", "exact")


def test_verificar_avisa_de_firmas_sin_sus_estilos(tmp_path):
    from docx.enum.style import WD_STYLE_TYPE

    d = docx.Document()
    d.add_paragraph("{%p for f in firmas %}")
    nombre = d.add_paragraph("{{ f.nombre }}")
    d.add_paragraph("{%p endfor %}")
    d.save(tmp_path / "sin.docx")
    (aviso,) = _sin_parcial(revisar_plantilla(tmp_path / "sin.docx"))
    assert aviso.codigo == "plantilla-firmas-sin-estilo" and not aviso.es_error
    assert "«Firma: nombre»" in aviso.mensaje and "{%p for f in firmas %}" in aviso.mensaje
    nombre.style = d.styles.add_style("Firma: nombre", WD_STYLE_TYPE.PARAGRAPH)
    d.save(tmp_path / "con.docx")
    assert _sin_parcial(revisar_plantilla(tmp_path / "con.docx")) == []
