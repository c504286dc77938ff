"""Builds ``reporte_trimestral.docx``, the official template, with python-docx.

The .docx is committed, so an office restyles it in Word like any document;
this script is how the project regenerates it when its structure changes:

    python -m plantillas_docx.construir_plantilla

The Jinja tags it writes are docxtpl's: ``{%p %}`` repeats paragraphs,
``{%tr %}`` table rows, ``{%tc %}`` table columns, ``{{p x }}`` replaces a
whole paragraph with a block (the photo grid). See the README section
"Plantillas propias" for every variable, filter and named style.

Every kind of text has a named paragraph style (:data:`ESTILOS`) and the
grey-label tables a table style, so that an office restyles the labels or the
title once, in Word's Styles pane, for the whole document. A ficha is a
sequence of top-level tables (the labels, the photo grid, each event table)
rather than tables nested in one cell: Word and LibreOffice can then break
pages between photo rows and repeat an event table's header rows, which they
do not do inside a nested table.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Inches, Pt, RGBColor
from lxml import etree

DESTINO = Path(__file__).with_name("reporte_trimestral.docx")
FUENTE = "Arial"
GRIS = "D9D9D9"
IDIOMA = "es-MX"
#: Text width of a letter page with 2 cm side margins.
ANCHO_TEXTO = Cm(21.59 - 2 * 2.0)
#: Width of the grey label column; the event tables' date column lines up with it.
ANCHO_ETIQUETA = Cm(4.6)
#: Space between a cell's text and its top and bottom borders (twips).
MARGEN_VERTICAL = 40
MARGEN_HORIZONTAL = 108

#: Named styles: id → (name shown in Word, base, bold, size, alignment, space before/after pt).
ESTILOS: dict[str, tuple[str, str, bool, float, str | None, float, float]] = {
    "TituloReporte": ("Título del reporte", "Normal", True, 11, "center", 0, 6),
    "PeriodoReporte": ("Periodo del reporte", "Normal", True, 11, "center", 0, 12),
    "Etiqueta": ("Etiqueta", "Normal", True, 10, None, 0, 0),
    "Valor": ("Valor", "Normal", False, 10, None, 0, 0),
    "ValorDestacado": ("Valor destacado", "Valor", True, 10, None, 0, 0),
    "ValorJustificado": ("Valor justificado", "Valor", False, 10, "both", 0, 0),
    "ValorCentrado": ("Valor centrado", "Valor", False, 10, "center", 0, 0),
    "TituloEventos": ("Título de tabla de eventos", "Etiqueta", True, 10, "center", 0, 0),
    "EncabezadoEventos": ("Encabezado de tabla de eventos", "Etiqueta", True, 9, "center", 0, 0),
    "CeldaEventos": ("Celda de tabla de eventos", "Normal", False, 9, None, 0, 0),
    "FirmaEspacio": ("Firma: espacio", "Normal", False, 8, "center", 0, 0),
    "FirmaNombre": ("Firma: nombre", "Normal", True, 8, "center", 0, 0),
    "FirmaCargo": ("Firma: cargo", "Normal", False, 8, "center", 0, 0),
    "Separador": ("Separador", "Normal", False, 1, None, 0, 0),
    "Fotografia": ("Fotografía", "Normal", False, 10, "center", 3, 0),
    "Rubrica": ("Rúbrica", "Footer", False, 6, "left", 0, 0),
}
TABLA_ETIQUETAS = "TablaEtiquetas"
NOMBRE_TABLA_ETIQUETAS = "Tabla de etiquetas"


# -- styles and document settings ----------------------------------------------


def _estilo_parrafo(doc, ident: str, definicion) -> None:
    nombre, base, negrita, tamano, alineacion, antes, despues = definicion
    estilo = doc.styles.add_style(nombre, WD_STYLE_TYPE.PARAGRAPH)
    estilo.element.set(qn("w:styleId"), ident)
    estilo.base_style = doc.styles[ESTILOS[base][0] if base in ESTILOS else base]
    estilo.quick_style = True
    estilo.font.bold = negrita
    estilo.font.size = Pt(tamano)
    formato = estilo.paragraph_format
    formato.space_before, formato.space_after = Pt(antes), Pt(despues)
    if alineacion:
        formato.alignment = {
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
        }[alineacion]
    if ident == "Separador":  # between two tables: keeps them apart, takes (almost) no room
        formato.line_spacing = Pt(1)
    if ident == "FirmaEspacio":  # the room to sign: one line of fixed height, not empty lines
        formato.line_spacing = Cm(1.3)
        formato.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    if ident == "Rubrica":  # the label of the initials' box: small and grey, not to sign on
        estilo.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    if ident == "FirmaNombre":  # the signing line is the name's top border, as wide as its cell
        _linea_de_firma(estilo.element.get_or_add_pPr())


def _estilo_tabla(doc) -> None:
    """Borders, cell padding and the grey first column, once for every label table."""
    bordes = "".join(
        f'<w:{lado} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for lado in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    margenes = "".join(
        f'<w:{lado} w:w="{ancho}" w:type="dxa"/>'
        for lado, ancho in (
            ("top", MARGEN_VERTICAL),
            ("left", MARGEN_HORIZONTAL),
            ("bottom", MARGEN_VERTICAL),
            ("right", MARGEN_HORIZONTAL),
        )
    )
    doc.styles.element.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" '
            f'w:styleId="{TABLA_ETIQUETAS}"><w:name w:val="{NOMBRE_TABLA_ETIQUETAS}"/>'
            '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
            f"<w:tblPr><w:tblBorders>{bordes}</w:tblBorders>"
            f"<w:tblCellMar>{margenes}</w:tblCellMar></w:tblPr>"
            '<w:tblStylePr w:type="firstCol"><w:tcPr>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{GRIS}"/></w:tcPr></w:tblStylePr>'
            "</w:style>"
        )
    )


def _estilos(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FUENTE
    normal.font.size = Pt(10)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FUENTE)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    for ident, definicion in ESTILOS.items():
        _estilo_parrafo(doc, ident, definicion)
    pie = doc.styles["Caption"]
    pie.font.name = FUENTE
    pie.font.size = Pt(8)
    pie.font.italic = True
    pie.font.bold = False
    pie.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    pie.paragraph_format.space_before, pie.paragraph_format.space_after = Pt(0), Pt(6)
    pie.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # the running header at the right, «Página X de Y» in the middle of the footer
    for nombre, color, alineacion in (
        ("Header", RGBColor(0x59, 0x59, 0x59), WD_ALIGN_PARAGRAPH.RIGHT),
        ("Footer", None, WD_ALIGN_PARAGRAPH.CENTER),
    ):
        estilo = doc.styles[nombre]
        estilo.font.size = Pt(8)
        estilo.paragraph_format.alignment = alineacion
        if color is not None:
            estilo.font.color.rgb = color
    _estilo_tabla(doc)
    _idioma_y_fuentes(doc)


def _idioma_y_fuentes(doc) -> None:
    """Spanish (Mexico) everywhere Word looks for a language, and Arial as the theme's fonts."""
    defecto = doc.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault"))
    r_pr = defecto.find(qn("w:rPr"))
    idioma = r_pr.find(qn("w:lang"))
    for atributo in ("w:val", "w:eastAsia"):
        idioma.set(qn(atributo), IDIOMA)
    fuentes = r_pr.find(qn("w:rFonts"))
    for atributo in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fuentes.set(qn(atributo), FUENTE)
    ajustes = doc.settings.element
    for viejo in ("w:proofState", "w:savePreviewPicture", "w:rsids"):
        for el in ajustes.findall(qn(viejo)):
            ajustes.remove(el)
    ajustes.find(qn("w:themeFontLang")).set(qn("w:val"), IDIOMA)
    ajustes.find(qn("w:themeFontLang")).attrib.pop(qn("w:eastAsia"), None)
    for compat in ajustes.iter(qn("w:compatSetting")):
        if compat.get(qn("w:name")) == "compatibilityMode":
            compat.set(qn("w:val"), "15")
    # Text pasted from Word or Outlook keeps its line breaks; in a justified cell Word (and
    # LibreOffice, which reads this setting) would stretch the line before each break across
    # the whole width. Word's own "don't expand character spaces on a line ending Shift+Enter".
    # It comes first in w:compat's sequence of elements, so it is inserted at the start.
    ajustes.find(qn("w:compat")).insert(0, OxmlElement("w:doNotExpandShiftReturn"))
    tema = next(p for p in doc.part.package.parts if str(p.partname).endswith("theme1.xml"))
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    raiz = parse_xml(tema.blob)
    for latina in raiz.iter(f"{a}latin"):
        if latina.getparent().tag in (f"{a}majorFont", f"{a}minorFont"):
            latina.set("typeface", FUENTE)
    tema._blob = etree.tostring(raiz, xml_declaration=True, encoding="UTF-8", standalone=True)


def _limpiar_paquete(doc) -> None:
    """Drop what python-docx's own default template carries and a report should not.

    A blank thumbnail (Word would show it as the file's preview), Word 2010's
    duplicate of the styles, and an empty custom-XML item.
    """
    for origen in (doc.part.package, doc.part):
        for rid, rel in list(origen.rels.items()):
            if rel.reltype in (
                RT.THUMBNAIL,
                RT.CUSTOM_XML,
                "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
            ):
                origen.rels.pop(rid)


# -- building blocks ---------------------------------------------------------------


def _estilo_de_tabla(tabla, primera_columna: bool) -> None:
    tabla.style = NOMBRE_TABLA_ETIQUETAS
    mirar = tabla._tbl.tblPr.find(qn("w:tblLook"))
    if mirar is None:
        mirar = OxmlElement("w:tblLook")
        tabla._tbl.tblPr.append(mirar)
    valores = {
        "w:val": "0080" if primera_columna else "0000",
        "w:firstRow": "0",
        "w:lastRow": "0",
        "w:firstColumn": "1" if primera_columna else "0",
        "w:lastColumn": "0",
        "w:noHBand": "1",
        "w:noVBand": "1",
    }
    for atributo, valor in valores.items():
        mirar.set(qn(atributo), valor)


def _sombrear(celda, color: str = GRIS) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color)
    celda._tc.get_or_add_tcPr().append(shd)


def _fila_fija(fila, encabezado: bool = False) -> None:
    """A row that never splits across pages (and, for a header, repeats on each page)."""
    tr_pr = fila._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if encabezado:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _anchos(tabla, anchos) -> None:
    tabla.autofit = False
    tabla.alignment = WD_TABLE_ALIGNMENT.CENTER
    for fila in tabla.rows:
        for celda, ancho in zip(fila.cells, anchos, strict=False):
            celda.width = ancho
    rejilla = tabla._tbl.tblGrid
    for col, ancho in zip(rejilla.findall(qn("w:gridCol")), anchos, strict=False):
        col.set(qn("w:w"), str(int(ancho.twips)))
    tbl_w = tabla._tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(int(a.twips) for a in anchos)))


def _parrafo(celda_o_parrafo, texto: str, estilo: str):
    p = celda_o_parrafo.paragraphs[0] if hasattr(celda_o_parrafo, "paragraphs") else celda_o_parrafo
    p.style = ESTILOS[estilo][0] if estilo in ESTILOS else estilo
    if texto:
        p.add_run(texto)
    return p


def _seguir(celda) -> None:
    """Keep the row of *celda* on the page of the next one (Word reads it from its paragraphs)."""
    for p in celda.paragraphs:
        p.paragraph_format.keep_with_next = True


def _separador(doc, seguir: bool = False) -> None:
    """The minimal paragraph between two tables; *seguir* keeps it on the next one's page."""
    p = doc.add_paragraph(style=ESTILOS["Separador"][0])
    p.paragraph_format.keep_with_next = seguir or None


def _campo(parrafo, instruccion: str) -> None:
    """A PAGE/NUMPAGES field in runs of their own: they take the paragraph style's size."""
    for tipo, texto in (("begin", None), (None, f" {instruccion} "), ("separate", None)):
        run = parrafo.add_run()
        if tipo:
            marca = OxmlElement("w:fldChar")
            marca.set(qn("w:fldCharType"), tipo)
            run._r.append(marca)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = texto
            run._r.append(instr)
    parrafo.add_run("1")
    fin = OxmlElement("w:fldChar")
    fin.set(qn("w:fldCharType"), "end")
    parrafo.add_run()._r.append(fin)


# -- the page ----------------------------------------------------------------------


def _pie_de_pagina(pie) -> None:
    """Page X of Y in the middle and a box for the handwritten initials (rúbrica) at the right.

    One row, as tall as the box: the footer fits the 2 cm bottom margin, so a full
    page of ficha keeps its room and the initials never land on the text.
    """
    caja = Cm(2.6)
    tabla = pie.add_table(rows=1, cols=3, width=ANCHO_TEXTO)
    _anchos(tabla, (caja, Emu(ANCHO_TEXTO - 2 * caja), caja))
    fila = tabla.rows[0]
    fila.height = Cm(1.2)
    fila.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
    izquierda, centro, derecha = fila.cells
    _parrafo(izquierda, "", "Footer")
    p = _parrafo(centro, "Página ", "Footer")
    _campo(p, "PAGE")
    p.add_run(" de ")
    _campo(p, "NUMPAGES")
    centro.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    bordes = parse_xml(
        f"<w:tcBorders {nsdecls('w')}>"
        + "".join(
            f'<w:{lado} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
            for lado in ("top", "left", "bottom", "right")
        )
        + "</w:tcBorders>"
    )
    derecha._tc.get_or_add_tcPr().get_or_add_tcW().addnext(bordes)
    _parrafo(derecha, "Rúbrica", "Rubrica")
    pie._element.remove(pie.paragraphs[0]._p)
    pie.add_paragraph(style=ESTILOS["Separador"][0])  # a footer ends in a paragraph


def _seccion(doc) -> None:
    s = doc.sections[0]
    s.orientation = WD_ORIENT.PORTRAIT
    s.page_width, s.page_height = Inches(8.5), Inches(11)  # carta
    s.top_margin = Cm(2.0)
    s.bottom_margin = Cm(2.0)  # the footer and its initials box sit in this margin
    s.left_margin = s.right_margin = Cm(2.0)
    s.header_distance = Cm(1.0)
    s.footer_distance = Cm(0.5)
    s.different_first_page_header_footer = True
    encabezado = s.header.paragraphs[0]
    encabezado.style = "Header"
    encabezado.add_run("{{ reporte.dependencia }} · {{ reporte.periodo }}")
    _pie_de_pagina(s.footer)
    _pie_de_pagina(s.first_page_footer)


def _encabezado(doc) -> None:
    _parrafo(doc.add_paragraph(), "{{ reporte.dependencia }}", "TituloReporte")
    _parrafo(doc.add_paragraph(), "{{ reporte.titulo }}", "TituloReporte")
    _parrafo(doc.add_paragraph(), "{{ reporte.periodo }}", "PeriodoReporte")


def _tabla_indicador(doc) -> None:
    """The indicator table with the rows of the official format (no derived percentage row).

    The total row's label is ``reporte.etiqueta_total`` (``TOTAL, EN EL TRIMESTRE II (ABRIL -
    JUNIO)``, a year's ``TOTAL, EN EL EJERCICIO 2023 (ENERO - DICIEMBRE)``); a year's report
    also has a row per quarter above it.
    """
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
        # a year's report (reporte-docx generar … --anual): one row per quarter, then the total
        ("{%tr for t in reporte.trimestres if reporte.anual %}", ("", "")),
        (
            "TRIMESTRE {{ t.trimestre_romano }} ({{ t.meses|mayusculas }})",
            ("{{ t.programadas|numero }}", "{{ t.realizadas|numero }}"),
        ),
        ("{%tr endfor %}", ("", "")),
        (
            "{{ reporte.etiqueta_total }}",
            ("{{ reporte.programadas|numero }}", "{{ reporte.realizadas|numero }}"),
        ),
        ("COMENTARIOS Y OBSERVACIONES/ JUSTIFICACIÓN DE VARIACIÓN", "{{ reporte.justificacion }}"),
    ]
    tabla = doc.add_table(rows=len(filas), cols=3)
    _estilo_de_tabla(tabla, primera_columna=True)
    resto = Emu((ANCHO_TEXTO - Cm(5.6)) // 2)
    _anchos(tabla, (Cm(5.6), resto, Emu(ANCHO_TEXTO - Cm(5.6) - resto)))
    for fila, (etiqueta, valor) in zip(tabla.rows, filas, strict=True):
        _fila_fija(fila)
        _parrafo(fila.cells[0], etiqueta, "Etiqueta")
        if isinstance(valor, tuple):
            for celda, texto in zip(fila.cells[1:], valor, strict=True):
                _parrafo(celda, texto, "ValorCentrado" if texto.endswith("|numero }}") else "Valor")
        else:
            celda = fila.cells[1].merge(fila.cells[2])
            _parrafo(celda, valor, "Valor")
    _separador(doc)  # two tables in a row would merge into one


def _tabla_eventos(doc) -> None:
    """A titled Fecha | Evento table; its title and header rows repeat on every page."""
    eventos = doc.add_table(rows=5, cols=2)
    _estilo_de_tabla(eventos, primera_columna=False)
    _anchos(eventos, (ANCHO_ETIQUETA, Emu(ANCHO_TEXTO - ANCHO_ETIQUETA)))
    titulo = eventos.rows[0].cells[0].merge(eventos.rows[0].cells[1])
    _parrafo(titulo, "{{ t.titulo }}", "TituloEventos")
    for c, texto in zip(eventos.rows[1].cells, ("Fecha", "Evento"), strict=True):
        _parrafo(c, texto, "EncabezadoEventos")
    for n, fila in enumerate(eventos.rows[:2]):
        _fila_fija(fila, encabezado=True)
        for celda in fila.cells[: n + 1]:  # the title's row is one merged cell
            _sombrear(celda)
            _seguir(celda)
    _parrafo(eventos.rows[2].cells[0], "{%tr for e in t.eventos %}", "CeldaEventos")
    _parrafo(eventos.rows[3].cells[0], "{{ e.fecha|fecha_larga }}", "CeldaEventos")
    _parrafo(eventos.rows[3].cells[1], "{{ e.evento }}", "CeldaEventos")
    _fila_fija(eventos.rows[3])
    _parrafo(eventos.rows[4].cells[0], "{%tr endfor %}", "CeldaEventos")


def _ficha(doc) -> None:
    filas = [
        ("NOMBRE DE LA ACTIVIDAD:", "“{{ a.nombre }}”", "ValorDestacado"),
        ("FECHA:", "{{ a.fecha_texto }}", "Valor"),
        ("LUGAR:", "{{ a.lugar|enlace(a.lugar_enlace) }}", "Valor"),
        ("REPORTE INFORMATIVO (DESCRIPCIÓN)", "{{ a.descripcion }}", "ValorJustificado"),
        ("OBJETIVO:", "{{ a.objetivo }}", "ValorJustificado"),
    ]
    tabla = doc.add_table(rows=len(filas) + 3, cols=2)
    _estilo_de_tabla(tabla, primera_columna=True)
    _anchos(tabla, (ANCHO_ETIQUETA, Emu(ANCHO_TEXTO - ANCHO_ETIQUETA)))
    for fila, (etiqueta, valor, estilo) in zip(tabla.rows, filas, strict=False):
        _parrafo(fila.cells[0], etiqueta, "Etiqueta")
        _parrafo(fila.cells[1], valor, estilo)
        if estilo != "ValorJustificado":  # a long description may continue on the next page
            _fila_fija(fila)
    # every ficha starts a page: the break belongs to the ficha, not to a {%p paragraph
    tabla.rows[0].cells[0].paragraphs[0].paragraph_format.page_break_before = True
    si, titulo_fotos, fin = tabla.rows[len(filas) :]
    _parrafo(si.cells[0], "{%tr if a.fotos %}", "Valor")
    celda = titulo_fotos.cells[0].merge(titulo_fotos.cells[1])
    _parrafo(celda, "FOTOGRAFÍAS:", "Etiqueta")
    _fila_fija(titulo_fotos)
    _seguir(celda)
    _parrafo(fin.cells[0], "{%tr endif %}", "Valor")


def _fichas(doc) -> None:
    doc.add_paragraph("{%p for a in actividades %}")
    _ficha(doc)
    _separador(doc, seguir=True)  # FOTOGRAFÍAS: goes with the first row of photos
    doc.add_paragraph("{{p a.galeria }}")
    doc.add_paragraph("{%p for t in a.tablas %}")
    _tabla_eventos(doc)
    _separador(doc)
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")


def _linea_de_firma(p_pr) -> None:
    """A top border on the paragraph properties *p_pr*: the line to sign on."""
    bordes = OxmlElement("w:pBdr")
    arriba = OxmlElement("w:top")
    for atributo, valor in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        arriba.set(qn(f"w:{atributo}"), valor)
    bordes.append(arriba)
    # after w:pStyle and w:keepNext, before w:spacing/w:ind/w:jc (schema order)
    antes = [h for h in p_pr if h.tag in (qn("w:pStyle"), qn("w:keepNext"))]
    if antes:
        antes[-1].addnext(bordes)
    else:
        p_pr.insert(0, bordes)


def _firmas(doc) -> None:
    """Three signature columns; the block stays with the end of the last ficha.

    The space to sign is one paragraph of fixed height (1.3 cm, style «Firma:
    espacio»), not empty lines, so the block is compact without losing room for
    the signatures; the signing line is the top border of «Firma: nombre», not
    underscores, so it takes the cell's width however many signatures share the row.
    """
    _parrafo(doc.add_paragraph(), "", "Separador")  # keeps the signatures' table apart
    tabla = doc.add_table(rows=1, cols=3)
    tabla.alignment = WD_TABLE_ALIGNMENT.CENTER
    # three equal columns: the {%tc %} cells vanish and docxtpl's fix_tables
    # re-divides the grid for however many signatures there are
    tercio = Cm(ANCHO_TEXTO.cm / 3)
    _anchos(tabla, (tercio, tercio, tercio))
    for celda in tabla.rows[0].cells:  # let the grid decide each cell's width
        tc_w = celda._tc.get_or_add_tcPr().get_or_add_tcW()
        tc_w.set(qn("w:type"), "auto")
        tc_w.set(qn("w:w"), "0")
    fila = tabla.rows[0]
    _fila_fija(fila)
    inicio, firma, fin = fila.cells
    _parrafo(inicio, "{%tc for f in firmas %}", "FirmaNombre")
    _parrafo(fin, "{%tc endfor %}", "FirmaNombre")
    _parrafo(firma, "", "FirmaEspacio")
    _parrafo(firma.add_paragraph(), "{{ f.nombre }}", "FirmaNombre")
    _parrafo(firma.add_paragraph(), "{{ f.cargo }}", "FirmaCargo")
    _parrafo(firma.add_paragraph(), "({{ f.rol }}/Nombre y Cargo)", "FirmaCargo")
    for celda in fila.cells:
        _seguir(celda)


def _propiedades(doc) -> None:
    props = doc.core_properties
    # left empty: each report gets its own title, its period as subject and its Elaboró as author
    props.title = ""
    props.subject = ""
    props.language = IDIOMA
    props.author = "reporte-docx"
    props.comments = ""
    props.revision = 1
    props.created = props.modified = dt.datetime(2024, 1, 1)
    props.last_modified_by = "reporte-docx"


def construir(destino: Path = DESTINO) -> Path:
    doc = Document()
    _limpiar_paquete(doc)
    _estilos(doc)
    _seccion(doc)
    _encabezado(doc)
    _tabla_indicador(doc)
    _fichas(doc)
    _firmas(doc)
    _propiedades(doc)
    doc.save(destino)
    return destino


if __name__ == "__main__":
    print(construir(Path(sys.argv[1]) if len(sys.argv) > 1 else DESTINO))
