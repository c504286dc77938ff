"""The closing *leyenda de clasificación* of the public version, added to the rendered package.

What the Lineamientos Generales en materia de Clasificación y
Desclasificación de la Información, así como para la Elaboración de Versiones
Públicas ask of a public version's legend: the area,
the document, the parts removed with their pages, the legal basis of each, and
room for the signature of who classifies and for the Transparency Committee's
session. Each row is a mark «[TESTADO n]» of the document: what it removed said
generically (never the text itself), how many times, where and why.

It is added after rendering, to the parts (``word/document.xml`` and the
styles), so that it can be written again once the pages are known from the
PDF without rendering the report twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from babel.lists import format_list
from lxml import etree

from reporte_docx import formato
from reporte_docx.documento.estilos import LEYENDA_TEXTO, LEYENDA_TITULO, estilo_de_parrafo
from reporte_docx.documento.paquete import PARSER, PARTE_CUERPO, Partes
from reporte_docx.documento.testado import MARCA, Testadura
from reporte_docx.documento.wordml import escapar
from reporte_docx.modelo import Reporte

PARTE_ESTILOS = "word/styles.xml"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: Widths of the table's columns in twips: No. | Dato | Veces | Páginas | Fundamento.
_ANCHOS = (1500, 2300, 900, 1300, 3400)
_ENCABEZADOS = ("No.", "Dato testado", "Veces", "Páginas", "Fundamento legal")
#: The legend's heading: the PDF's pages from the one it is on are the legend's own.
TITULO = "LEYENDA DE CLASIFICACIÓN"


def _parrafo(estilo: str, texto: str, negrita: bool = False) -> str:
    rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if negrita else ""
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{estilo}"/></w:pPr>'
        f'<w:r>{rpr}<w:t xml:space="preserve">{escapar(texto)}</w:t></w:r></w:p>'
    )


def _fila(celdas: Sequence[str], estilo: str, encabezado: bool = False) -> str:
    trpr = (
        "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        if encabezado
        else ("<w:trPr><w:cantSplit/></w:trPr>")
    )
    return (
        f"<w:tr>{trpr}"
        + "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{ancho}" w:type="dxa"/></w:tcPr>'
            f"{_parrafo(estilo, texto, encabezado)}</w:tc>"
            for texto, ancho in zip(celdas, _ANCHOS, strict=True)
        )
        + "</w:tr>"
    )


def donde_va(fila: Testadura) -> str:
    """Its pages («2 y 3») when the PDF told them, else the parts of the report."""
    if fila.paginas:
        return format_list([str(p) for p in fila.paginas], locale=formato.LOCALE)
    return format_list(fila.secciones, locale=formato.LOCALE)


def _tabla(filas: list[Testadura], estilo: str) -> str:
    borde = '<w:{} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    bordes = "".join(borde.format(lado) for lado in ("top", "left", "bottom", "right"))
    bordes += "".join(borde.format(lado) for lado in ("insideH", "insideV"))
    cuerpo = "".join(
        _fila(
            [
                f.marca,
                f.descripcion,
                str(f.veces),
                donde_va(f),
                f.fundamento or "(sin fundamento indicado)",
            ],
            estilo,
        )
        for f in filas
    )
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(_ANCHOS)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{bordes}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>'
        "<w:tblGrid>"
        + "".join(f'<w:gridCol w:w="{a}"/>' for a in _ANCHOS)
        + "</w:tblGrid>"
        + _fila(_ENCABEZADOS, estilo, encabezado=True)
        + cuerpo
        + "</w:tbl>"
    )


def texto_de_leyenda(
    reporte: Reporte, filas: list[Testadura], paginas_del_pdf: bool
) -> tuple[list[str], list[str]]:
    """The paragraphs before the table and after it (the public, redacted *reporte*)."""
    periodo = formato.linea_de_periodo(reporte.trimestre, reporte.ejercicio)
    area = " — ".join(x for x in (reporte.dependencia, reporte.unidad_responsable_programa) if x)
    antes = [
        f"Área: {area}.",
        f"Documento: {reporte.titulo} {periodo}. Versión pública.",
        "Partes o secciones clasificadas: en el lugar de cada dato eliminado se lee la marca "
        f"«{MARCA.format('n')}», donde n es su renglón en esta tabla; las fotografías "
        "reservadas se sustituyeron por un recuadro gris del mismo tamaño.",
    ]
    if not filas:
        antes.append("No se testó ningún dato en este documento.")
    nota = (
        "Las páginas son las del PDF de esta versión pública."
        if paginas_del_pdf
        else "Las páginas no se calcularon (hace falta LibreOffice para paginar): se indica la "
        "parte del reporte («portada», «ficha N», «firmas»)."
    )
    despues = [
        nota,
        "Fundamento: artículo 116 de la Ley General de Transparencia y Acceso a la Información "
        "Pública y Lineamientos Generales en materia de Clasificación y Desclasificación de la "
        "Información, así como para la Elaboración de Versiones Públicas, según lo indicado en "
        "cada renglón.",
        "Nombre, cargo y firma del titular del área que clasifica: ______________________________",
        "Fecha y número del acta de la sesión del Comité de Transparencia que aprobó la versión "
        "pública: ______________________________",
    ]
    return antes, despues


def agregar_leyenda(
    partes: Partes, reporte: Reporte, filas: list[Testadura], paginas_del_pdf: bool
) -> Partes:
    """*partes* with the legend as the last page of the body (before its section properties)."""
    estilos = etree.fromstring(partes[PARTE_ESTILOS], PARSER)
    titulo, texto = (estilo_de_parrafo(estilos, n) for n in (LEYENDA_TITULO, LEYENDA_TEXTO))
    antes, despues = texto_de_leyenda(reporte, filas, paginas_del_pdf)
    xml = (
        _parrafo(titulo, TITULO)
        + "".join(_parrafo(texto, p) for p in antes)
        + (_tabla(filas, texto) + _parrafo(texto, "") if filas else "")
        + "".join(_parrafo(texto, p) for p in despues)
    )
    cuerpo = etree.fromstring(partes[PARTE_CUERPO], PARSER)
    body = cuerpo.find(f"{{{_W}}}body")
    nuevos = etree.fromstring(f'<w:x xmlns:w="{_W}">{xml}</w:x>', PARSER)
    final = body[-1] if len(body) and body[-1].tag == f"{{{_W}}}sectPr" else None
    for elemento in list(nuevos):
        if final is not None:
            final.addprevious(elemento)
        else:
            body.append(elemento)
    salida = dict(partes)
    salida[PARTE_CUERPO] = etree.tostring(
        cuerpo, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    salida[PARTE_ESTILOS] = etree.tostring(
        estilos, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    return salida
