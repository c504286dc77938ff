"""Builds ``reporte_trimestral.docx``, the official template, with python-docx.

The .docx is committed, so an office restyles it in Word like any document;
this script is how the project regenerates it when its structure changes:

    python -m plantillas_docx.construir_plantilla

The Jinja tags it writes are docxtpl's: ``{%p %}`` repeats paragraphs,
``{%tr %}`` table rows, ``{%tc %}`` table columns, ``{{p x }}`` replaces a
whole paragraph with a block (the photo grid). See the README section
"Plantillas propias" for every variable and filter.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Pt, RGBColor

DESTINO = Path(__file__).with_name("reporte_trimestral.docx")
FUENTE = "Arial"
GRIS = "D9D9D9"


def _sombrear(celda, color: str = GRIS) -> None:
    tc_pr = celda._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color)
    tc_pr.append(shd)


def _no_dividir_fila(fila) -> None:
    tr_pr = fila._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def _repetir_encabezado(fila) -> None:
    fila._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _bordes(tabla, visibles: bool = True) -> None:
    tbl_pr = tabla._tbl.tblPr
    bordes = OxmlElement("w:tblBorders")
    for lado in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement(f"w:{lado}")
        b.set(qn("w:val"), "single" if visibles else "nil")
        if visibles:
            b.set(qn("w:sz"), "4")
            b.set(qn("w:space"), "0")
            b.set(qn("w:color"), "000000")
        bordes.append(b)
    # schema order of w:tblPr: tblBorders goes before these
    siguiente = next(
        (
            h
            for h in tbl_pr
            if h.tag in (qn("w:shd"), qn("w:tblLayout"), qn("w:tblCellMar"), qn("w:tblLook"))
        ),
        None,
    )
    if siguiente is None:
        tbl_pr.append(bordes)
    else:
        siguiente.addprevious(bordes)


def _anchos(tabla, anchos) -> None:
    tabla.autofit = False
    for fila in tabla.rows:
        for celda, ancho in zip(fila.cells, anchos, strict=False):
            celda.width = ancho
    rejilla = tabla._tbl.tblGrid
    for col, ancho in zip(rejilla.findall(qn("w:gridCol")), anchos, strict=False):
        col.set(qn("w:w"), str(int(ancho.twips)))


def _texto(
    celda_o_parrafo,
    texto: str,
    negrita: bool = False,
    centro: bool = False,
    justificar: bool = False,
    tamano: float | None = None,
):
    p = celda_o_parrafo.paragraphs[0] if hasattr(celda_o_parrafo, "paragraphs") else celda_o_parrafo
    run = p.add_run(texto)
    run.bold = negrita or None
    if tamano:
        run.font.size = Pt(tamano)
    if centro:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif justificar:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return p


def _etiqueta(celda, texto: str) -> None:
    _texto(celda, texto, negrita=True)
    _sombrear(celda)


def _parrafo_minimo(p) -> None:
    """An empty paragraph that takes (almost) no room."""
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = Pt(1)
    # the paragraph mark's own size sets the height of an empty paragraph
    marca = OxmlElement("w:rPr")
    for nombre in ("w:sz", "w:szCs"):
        tamano = OxmlElement(nombre)
        tamano.set(qn("w:val"), "2")
        marca.append(tamano)
    p._p.get_or_add_pPr().append(marca)


def _estilos(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FUENTE
    normal.font.size = Pt(10)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FUENTE)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    pie = doc.styles["Caption"]
    pie.font.name = FUENTE
    pie.font.size = Pt(8)
    pie.font.italic = True
    pie.font.bold = False
    pie.font.color.rgb = RGBColor(0x40, 0x40, 0x40)


def _campo_de_pagina(parrafo, instruccion: str) -> None:
    """A PAGE/NUMPAGES field, shown with a placeholder until Word updates it."""
    run = parrafo.add_run()
    inicio = OxmlElement("w:fldChar")
    inicio.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruccion} "
    separa = OxmlElement("w:fldChar")
    separa.set(qn("w:fldCharType"), "separate")
    valor = OxmlElement("w:t")
    valor.text = "1"
    fin = OxmlElement("w:fldChar")
    fin.set(qn("w:fldCharType"), "end")
    for el in (inicio, instr, separa, valor, fin):
        run._r.append(el)


def _pie_de_pagina(pie) -> None:
    p = pie.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("Página ").font.size = Pt(8)
    _campo_de_pagina(p, "PAGE")
    p.add_run(" de ").font.size = Pt(8)
    _campo_de_pagina(p, "NUMPAGES")
    for run in p.runs:
        run.font.size = Pt(8)


def _seccion(doc) -> None:
    s = doc.sections[0]
    s.orientation = WD_ORIENT.PORTRAIT
    s.page_width, s.page_height = Inches(8.5), Inches(11)  # carta
    s.top_margin = s.bottom_margin = Cm(2.0)
    s.left_margin = s.right_margin = Cm(2.0)
    s.header_distance = s.footer_distance = Cm(1.0)
    s.different_first_page_header_footer = True
    encabezado = s.header.paragraphs[0]
    encabezado.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = encabezado.add_run("{{ reporte.dependencia }} · {{ reporte.periodo }}")
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    _pie_de_pagina(s.footer)
    _pie_de_pagina(s.first_page_footer)


def _encabezado(doc) -> None:
    for texto, espacio in (
        ("{{ reporte.dependencia }}", 6),
        ("{{ reporte.titulo }}", 6),
        ("{{ reporte.periodo }}", 12),
    ):
        p = doc.add_paragraph()
        _texto(p, texto, negrita=True, centro=True, tamano=11)
        p.paragraph_format.space_after = Pt(espacio)


def _tabla_indicador(doc) -> None:
    filas = [
        ("PROGRAMA PRESUPUESTARIO", "{{ reporte.programa_presupuestario }}"),
        (
            "UNIDAD RESPONSABLE DEL PROGRAMA PRESUPUESTARIO",
            "{{ reporte.unidad_responsable_programa }}",
        ),
        (
            "UNIDAD RESPONSABLE DE LA FUENTE DEL INDICADOR",
            "{{ reporte.unidad_responsable_fuente }}",
        ),
        ("NIVEL DE OBJETIVO (ACTIVIDAD)", "{{ reporte.nivel_objetivo }}"),
        ("INDICADOR", "{{ reporte.indicador }}"),
        ("CALENDARIO EJECUTADO {{ reporte.ejercicio }}/AVANCE", "{{ reporte.descripcion_avance }}"),
        (
            "PERIODICIDAD TRIMESTRAL",
            ("{{ reporte.variable_programada }}", "{{ reporte.variable_realizada }}"),
        ),
        (
            "TOTAL, EN EL TRIMESTRE {{ reporte.trimestre_romano }} ({{ reporte.meses|mayusculas }})",
            ("{{ reporte.programadas|numero }}", "{{ reporte.realizadas|numero }}"),
        ),
        ("PORCENTAJE DE AVANCE", "{{ reporte.porcentaje_avance }}"),
        ("COMENTARIOS Y OBSERVACIONES/ JUSTIFICACIÓN DE VARIACIÓN", "{{ reporte.justificacion }}"),
    ]
    tabla = doc.add_table(rows=len(filas), cols=3)
    _bordes(tabla)
    tabla.alignment = WD_TABLE_ALIGNMENT.CENTER
    anchos = (Cm(5.6), Cm(6.0), Cm(5.99))
    _anchos(tabla, anchos)
    for fila, (etiqueta, valor) in zip(tabla.rows, filas, strict=True):
        _no_dividir_fila(fila)
        _etiqueta(fila.cells[0], etiqueta)
        if isinstance(valor, tuple):
            for celda, texto in zip(fila.cells[1:], valor, strict=True):
                _texto(celda, texto, centro=texto.endswith("|numero }}"))
        else:
            celda = fila.cells[1].merge(fila.cells[2])
            _texto(celda, valor, justificar=True)
    doc.add_paragraph()


def _tabla_eventos(celda) -> None:
    titulo = celda.add_paragraph()
    _texto(titulo, "{{ t.titulo }}", negrita=True, centro=True)
    titulo.paragraph_format.space_before = Pt(6)
    titulo.paragraph_format.space_after = Pt(3)
    titulo.paragraph_format.keep_with_next = True
    eventos = celda.add_table(rows=4, cols=2)
    _bordes(eventos)
    _anchos(eventos, (Cm(4.0), Cm(12.8)))
    encabezado = eventos.rows[0]
    _repetir_encabezado(encabezado)
    for c, texto in zip(encabezado.cells, ("Fecha", "Evento"), strict=True):
        _texto(c, texto, negrita=True, centro=True)
        _sombrear(c)
    _texto(eventos.rows[1].cells[0], "{%tr for e in t.eventos %}")
    _texto(eventos.rows[2].cells[0], "{{ e.fecha|fecha_larga }}")
    _texto(eventos.rows[2].cells[1], "{{ e.evento }}")
    _no_dividir_fila(eventos.rows[2])
    _texto(eventos.rows[3].cells[0], "{%tr endfor %}")


def _fichas(doc) -> None:
    doc.add_paragraph("{%p for a in actividades %}")
    salto = doc.add_paragraph()
    salto.paragraph_format.page_break_before = True
    _parrafo_minimo(salto)
    filas = [
        ("NOMBRE DE LA ACTIVIDAD:", "“{{ a.nombre }}”"),
        ("FECHA:", "{{ a.fecha_texto }}"),
        ("LUGAR:", "{{ a.lugar }}"),
        ("REPORTE INFORMATIVO (DESCRIPCIÓN)", "{{ a.descripcion }}"),
        ("OBJETIVO:", "{{ a.objetivo }}"),
    ]
    tabla = doc.add_table(rows=len(filas) + 2, cols=2)
    _bordes(tabla)
    tabla.alignment = WD_TABLE_ALIGNMENT.CENTER
    _anchos(tabla, (Cm(4.6), Cm(12.99)))
    for fila, (etiqueta, valor) in zip(tabla.rows, filas, strict=False):
        _etiqueta(fila.cells[0], etiqueta)
        _texto(
            fila.cells[1],
            valor,
            negrita=etiqueta.startswith("NOMBRE"),
            justificar=etiqueta.startswith(("REPORTE", "OBJETIVO")),
        )
    titulo_fotos = tabla.rows[len(filas)]
    celda = titulo_fotos.cells[0].merge(titulo_fotos.cells[1])
    _etiqueta(celda, "FOTOGRAFÍAS:")
    _no_dividir_fila(titulo_fotos)
    titulo_fotos._tr.get_or_add_trPr()
    celda.paragraphs[0].paragraph_format.keep_with_next = True
    contenido = tabla.rows[len(filas) + 1]
    celda = contenido.cells[0].merge(contenido.cells[1])
    _texto(celda, "{{p a.galeria }}")
    celda.add_paragraph("{%p for t in a.tablas %}")
    _tabla_eventos(celda)
    celda.add_paragraph("{%p endfor %}")
    _parrafo_minimo(celda.add_paragraph())  # a cell must end in a paragraph
    doc.add_paragraph("{%p endfor %}")


def _linea_de_firma(p) -> None:
    bordes = OxmlElement("w:pBdr")
    arriba = OxmlElement("w:top")
    for atributo, valor in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        arriba.set(qn(f"w:{atributo}"), valor)
    bordes.append(arriba)
    # first child: of what w:pPr holds here (jc) only pStyle/keepNext… go before it, and
    # python-docx places those (and ind below) in schema order when it adds them later
    p._p.get_or_add_pPr().insert(0, bordes)
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Cm(0.2)


def _firmas(doc) -> None:
    espacio = doc.add_paragraph()
    espacio.paragraph_format.space_before = Pt(18)
    espacio.paragraph_format.keep_with_next = True
    tabla = doc.add_table(rows=1, cols=3)
    _bordes(tabla, visibles=False)
    tabla.alignment = WD_TABLE_ALIGNMENT.CENTER
    # three equal columns: the {%tc %} cells vanish and docxtpl's fix_tables
    # re-divides the grid for however many signatures there are
    tercio = Cm((21.59 - 2 * 2.0) / 3)
    _anchos(tabla, (tercio, tercio, tercio))
    for celda in tabla.rows[0].cells:  # let the grid decide each cell's width
        tc_w = celda._tc.get_or_add_tcPr().get_or_add_tcW()
        tc_w.set(qn("w:type"), "auto")
        tc_w.set(qn("w:w"), "0")
    fila = tabla.rows[0]
    _no_dividir_fila(fila)
    inicio, firma, fin = fila.cells
    _texto(inicio, "{%tc for f in firmas %}")
    _texto(fin, "{%tc endfor %}")
    # space to sign above the line; the cell's first paragraph already exists
    for _ in range(3):
        firma.add_paragraph()
    lineas = (
        ("{{ f.nombre }}", True),
        ("{{ f.cargo }}", False),
        ("({{ f.rol }}/Nombre y Cargo)", False),
    )
    for texto, negrita in lineas:
        _texto(firma.add_paragraph(), texto, negrita=negrita, centro=True, tamano=9)
    # the signing line is the name's top border, not underscores: it takes the cell's
    # width however many signatures share the row (underscores wrapped from four on)
    _linea_de_firma(firma.paragraphs[-3])
    for p in firma.paragraphs:  # the whole block moves to the next page together
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True


def construir(destino: Path = DESTINO) -> Path:
    doc = Document()
    _estilos(doc)
    _seccion(doc)
    _encabezado(doc)
    _tabla_indicador(doc)
    _fichas(doc)
    _firmas(doc)
    props = doc.core_properties
    props.title = "Reporte trimestral"
    props.author = "reporte-docx"
    props.comments = (
        "Plantilla oficial de reporte-docx; edítela en Word y conserve sus etiquetas entre llaves."
    )
    props.revision = 1
    props.created = props.modified = dt.datetime(2024, 1, 1)
    props.last_modified_by = "reporte-docx"
    doc.save(destino)
    return destino


if __name__ == "__main__":
    print(construir(Path(sys.argv[1]) if len(sys.argv) > 1 else DESTINO))
