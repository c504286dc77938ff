"""Page breaks a re-saved template put inside a ``{%p`` paragraph, and ``plantilla verificar``."""

from __future__ import annotations

import docx
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn

from reporte_docx.plantilla.revision import revisar_plantilla
from reporte_docx.plantilla.saltos import mover_saltos_de_pagina


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


def test_el_salto_de_un_parrafo_de_etiqueta_pasa_a_la_tabla_que_sigue(tmp_path):
    d = docx.Document(str(_plantilla(tmp_path / "p.docx")))
    cuerpo = d.element.body
    assert mover_saltos_de_pagina(cuerpo) == 1
    etiqueta = cuerpo.findall(qn("w:p"))[0]
    assert not [b for b in etiqueta.iter(qn("w:br"))]
    primera_celda = next(cuerpo.find(qn("w:tbl")).iter(qn("w:p")))
    assert primera_celda.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None


def test_verificar_avisa_del_salto_y_dice_que_hacer(tmp_path):
    (aviso,) = revisar_plantilla(_plantilla(tmp_path / "p.docx"))
    assert not aviso.es_error and aviso.codigo == "plantilla-salto-en-etiqueta"
    assert (
        "Salto de página anterior" in aviso.mensaje
        and "{%p for a in actividades %}" in aviso.mensaje
    )
    assert revisar_plantilla(_plantilla(tmp_path / "q.docx", salto=False)) == []


def test_parrafo_es_masculino_en_los_mensajes(tmp_path):
    mensajes = " ".join(
        h.mensaje
        for h in revisar_plantilla(_plantilla(tmp_path / "d.docx", salto=False, doble=True))
    )
    assert "su propio párrafo" in mensajes and "el párrafo entero" in mensajes
    assert "propia párrafo" not in mensajes and "párrafo entera" not in mensajes
