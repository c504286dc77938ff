"""``reporte-docx incorporar`` (#18), the workbook's side: Word's corrections back into cells.

The document's fields are given here as the agreed :class:`CamposLeidos` (built
directly: what the document side reads from a .docx); the command line is run
on real .docx files that carry the agreed snapshot and ``_RD`` bookmarks. The
workbooks are written by openpyxl and by XlsxWriter (as Excel does: date
styles, the headers a person writes); what is written back is read again by
openpyxl and by the project's own reader.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl import load_workbook

from reporte_docx import ErrorDeDatos, ErrorDeSalida, analizar_libro
from reporte_docx.api import cambios_de_edicion, incorporar_campos
from reporte_docx.documento.instantanea import CampoGenerado, Instantanea
from reporte_docx.documento.lectura_campos import CamposLeidos
from reporte_docx.libro.celdas import ValorInvalido
from reporte_docx.libro.escritura import Celda
from reporte_docx.libro.interpretacion import interpretar
from reporte_docx.libro.ubicacion import clave_de_id, huella_del_libro, ubicar_campos
from tests.utiles import crear_foto, crear_libro, ejecutar, guardar_con_calc

HUELLA = huella_del_libro(["1", "2"], 2023, 2)
#: What the document printed for the workbooks below (the snapshot's values).
GENERADOS = {
    "reporte.programadas": ("entero", "3"),
    "reporte.justificacion": ("texto", "Se cumplió la meta"),
    "actividad.1.nombre": ("texto", "Sesión ordinaria"),
    "actividad.1.fecha": ("periodo", "del 5 al 9 de junio de 2023"),
    "actividad.1.lugar": ("texto", "Chetumal"),
    "actividad.1.descripcion": ("texto", "Se sesionó."),
    "actividad.2.nombre": ("texto", "Taller"),
    "actividad.2.fecha": ("periodo", "30 de mayo de 2023"),
    "actividad.2.descripcion": ("texto", "Se impartió."),
    "foto.1.0.pie": ("texto", "La sesión"),
    "evento.1.0.0.fecha": ("fecha", "5 de junio de 2023"),
    "evento.1.0.0.evento": ("texto", "Reunión"),
    "firma.1.cargo": ("texto", "Directora"),
}
FIRMAS = [("Elaboró", "Persona Uno", "Jefa"), ("Revisó", "Persona Dos", "Directora")]


def _con_openpyxl(carpeta: Path) -> Path:
    crear_foto(carpeta / "fotos" / "sesion.jpg", format="JPEG")
    columnas = ["id", "nombre", "fecha", "lugar", "descripcion", "objetivo", "Fecha de término"]
    return crear_libro(
        carpeta / "libro.xlsx",
        actividades=[
            (
                "1",
                "Sesión ordinaria",
                dt.datetime(2023, 6, 5),
                "Chetumal",
                "Se sesionó.",
                "",
                dt.datetime(2023, 6, 9),
            ),
            (2, "Taller", dt.datetime(2023, 5, 30), "Bacalar", "Se impartió.", "", None),
        ],  # fmt: skip
        encabezados={"Actividades": columnas},
        fotografias=[("1", "fotos/sesion.jpg", "La sesión")],
        eventos=[("1", "CALENDARIO", dt.datetime(2023, 6, 5), "Reunión")],
        firmas=FIRMAS,
    )


def _con_xlsxwriter(carpeta: Path) -> Path:
    """As an office fills the workbook in Excel: a title above the activities, the headers
    as libro-nuevo writes them, dates with a date style, the labels of the report."""
    import xlsxwriter

    from reporte_docx.libro.contrato import CONTRATO
    from tests.utiles import CAMPOS_REPORTE

    crear_foto(carpeta / "fotos" / "sesion.jpg", format="JPEG")
    ruta = carpeta / "libro.xlsx"
    wb = xlsxwriter.Workbook(str(ruta))
    fecha = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Reporte")
    ws.write_row(0, 0, ["Campo", "Valor"])
    for i, campo in enumerate(CONTRATO.campos, start=1):
        ws.write(i, 0, campo.rotulo)
        if campo.clave in CAMPOS_REPORTE:
            ws.write(i, 1, CAMPOS_REPORTE[campo.clave])
    ws = wb.add_worksheet("Actividades")
    ws.write(0, 0, "ACTIVIDADES DEL TRIMESTRE")
    ws.write_row(1, 0, [c.encabezado for c in CONTRATO.hoja("actividades").columnas])
    ws.write_row(2, 0, [1, "Sesión ordinaria", None, "Chetumal", "Se sesionó.", ""])
    ws.write_datetime(2, 2, dt.datetime(2023, 6, 5), fecha)
    ws.write_datetime(2, 6, dt.datetime(2023, 6, 9), fecha)
    ws.write_row(3, 0, [2, "Taller", "30/05/2023", "Bacalar", "Se impartió."])
    ws = wb.add_worksheet("Fotografías")
    ws.write_row(0, 0, ["Actividad", "Archivo", "Pie de foto"])
    ws.write_row(1, 0, [1, "fotos/sesion.jpg", "La sesión"])
    ws = wb.add_worksheet("Eventos")
    ws.write_row(0, 0, ["Actividad", "Título de la tabla", "Fecha", "Evento"])
    ws.write_row(1, 0, [1, "CALENDARIO", None, "Reunión"])
    ws.write_datetime(1, 2, dt.datetime(2023, 6, 5), fecha)
    ws = wb.add_worksheet("Firmas")
    ws.write_row(0, 0, ["Rol", "Nombre", "Cargo"])
    for i, firma in enumerate(FIRMAS, start=1):
        ws.write_row(i, 0, firma)
    wb.close()
    return ruta


CONSTRUCTORES = pytest.mark.parametrize(
    "construir", [_con_openpyxl, _con_xlsxwriter], ids=["openpyxl", "xlsxwriter"]
)


def _campos(
    editados: dict[str, str] | None = None,
    *,
    huella: str = HUELLA,
    generados: dict[str, tuple[str, str]] = GENERADOS,
    faltan: tuple[str, ...] = (),
) -> CamposLeidos:
    """The fields as the document side reads them: the snapshot, and the text now."""
    campos = {c: CampoGenerado(c, tipo, valor) for c, (tipo, valor) in generados.items()}
    valores = {c: v for c, (_tipo, v) in generados.items() if c not in faltan}
    valores.update(editados or {})
    instantanea = Instantanea(huella, "2026-12-08T03:00:00", campos)
    return CamposLeidos(instantanea=instantanea, valores=valores, faltan=list(faltan), fuera=[])


def _celdas(ruta: Path, hoja: str) -> list[tuple]:
    return [tuple(f) for f in load_workbook(ruta)[hoja].iter_rows(values_only=True)]


# --- where each key came from --------------------------------------------------------------


@CONSTRUCTORES
def test_cada_clave_tiene_la_celda_de_la_que_vino(tmp_path, construir):
    libro = construir(tmp_path)
    celdas = ubicar_campos(libro)
    titulo = 1 if construir is _con_xlsxwriter else 0  # the title row above the headers
    assert celdas["actividad.1.descripcion"] == Celda("Actividades", 2 + titulo, 5)
    assert celdas["actividad.1.fecha"] == Celda("Actividades", 2 + titulo, 3)
    assert celdas["actividad.1.fecha_fin"] == Celda("Actividades", 2 + titulo, 7)
    assert celdas["actividad.2.lugar"] == Celda("Actividades", 3 + titulo, 4)
    hoja_fotos = "Fotografías" if construir is _con_xlsxwriter else "Fotografias"
    assert celdas["foto.1.0.pie"] == Celda(hoja_fotos, 2, 3)
    assert celdas["evento.1.0.0.fecha"] == Celda("Eventos", 2, 3)
    assert celdas["evento.1.0.0.evento"] == Celda("Eventos", 2, 4)
    assert celdas["firma.1.cargo"] == Celda("Firmas", 3, 3)
    fila = next(
        i for i, f in enumerate(_celdas(libro, "Reporte"), 1) if f[1] == "Se cumplió la meta"
    )
    assert celdas["reporte.justificacion"] == Celda("Reporte", fila, 2)
    assert "reporte.ejercicio" not in celdas and "reporte.trimestre" not in celdas


def test_una_clave_nunca_lleva_un_punto_dentro_del_id():
    assert clave_de_id("1.2") == "1%2E2"
    assert clave_de_id("A 1/2") == "A%201%2F2"
    assert clave_de_id("7") == "7"


# --- reading Word's text back ----------------------------------------------------------------


@pytest.mark.parametrize(
    "escrito",
    ["29 de mayo de 2023", "29 mayo 2023", "29/05/2023", "lunes 29 de mayo de 2023"],
)
def test_una_fecha_como_se_escribe(escrito):
    assert interpretar("fecha", escrito) == dt.date(2023, 5, 29)


@pytest.mark.parametrize(
    ("escrito", "periodo"),
    [
        ("del 5 al 9 de junio de 2023", (dt.date(2023, 6, 5), dt.date(2023, 6, 9))),
        ("del 28 de junio al 2 de julio de 2023", (dt.date(2023, 6, 28), dt.date(2023, 7, 2))),
        ("30 de mayo de 2023", (dt.date(2023, 5, 30), None)),
    ],
)
def test_un_periodo_como_lo_imprime_el_reporte(escrito, periodo):
    assert interpretar("periodo", escrito) == periodo


def test_numeros_y_texto():
    assert interpretar("entero", "1,234") == 1234
    assert interpretar("decimal", "12.5") == Decimal("12.5")
    assert interpretar("texto", "Primera línea\nsegunda  ") == "Primera línea\nsegunda"
    for tipo, escrito in (("entero", "2.5"), ("decimal", "2,5"), ("fecha", "30 de mayio")):
        with pytest.raises(ValorInvalido):
            interpretar(tipo, escrito)


# --- changes and writing ---------------------------------------------------------------------


@CONSTRUCTORES
def test_sin_correcciones_no_se_escribe_nada(tmp_path, construir):
    libro = construir(tmp_path)
    antes = libro.read_bytes()
    r = incorporar_campos(_campos(), libro)
    assert r.cambios == [] and r.respaldo is None
    assert libro.read_bytes() == antes
    assert not list(tmp_path.glob("*respaldo*"))


@CONSTRUCTORES
def test_las_correcciones_vuelven_a_sus_celdas(tmp_path, construir):
    libro = construir(tmp_path)
    antes = libro.read_bytes()
    editados = {
        "actividad.1.descripcion": "Se sesionó en pleno.\nAsistieron 12 personas.",
        "actividad.1.fecha": "del 5 al 12 de junio de 2023",
        "actividad.2.fecha": "del 30 de mayo al 2 de junio de 2023",
        "evento.1.0.0.fecha": "29 junio 2023",
        "reporte.programadas": "1,234",
        "firma.1.cargo": "Directora General",
        "foto.1.0.pie": "La sesión, en el salón",
    }
    r = incorporar_campos(_campos(editados), libro)
    por_clave = {c.clave: c for c in r.cambios}
    assert set(por_clave) == set(editados)
    assert por_clave["actividad.1.fecha"].texto_anterior == "del 5 al 9 de junio de 2023"
    assert por_clave["actividad.1.fecha"].texto_nuevo == "del 5 al 12 de junio de 2023"
    assert por_clave["reporte.programadas"].texto_nuevo == "1,234"
    assert (
        por_clave["actividad.1.descripcion"].grupo == "ficha de la actividad 1 «Sesión ordinaria»"
    )
    assert r.respaldo is not None and r.respaldo.read_bytes() == antes

    titulo = 1 if construir is _con_xlsxwriter else 0
    actividades = _celdas(libro, "Actividades")
    uno, dos = actividades[1 + titulo], actividades[2 + titulo]
    assert uno[4] == "Se sesionó en pleno.\nAsistieron 12 personas."  # the line break kept
    assert (uno[2], uno[6]) == (dt.datetime(2023, 6, 5), dt.datetime(2023, 6, 12))  # real dates
    # a cell that held no date (or the date as text) gets the date as text the reader takes
    assert dos[6] == "02/06/2023"
    assert _celdas(libro, "Eventos")[1][2] == dt.datetime(2023, 6, 29)
    reporte = dict(f[:2] for f in _celdas(libro, "Reporte"))
    assert 1234 in reporte.values()  # a number, not the text «1,234»

    lectura = analizar_libro(libro)
    assert lectura.reporte is not None, lectura.errores
    a1, a2 = lectura.reporte.actividades
    assert (a1.fecha, a1.fecha_fin) == (dt.date(2023, 6, 5), dt.date(2023, 6, 12))
    assert (a2.fecha, a2.fecha_fin) == (dt.date(2023, 5, 30), dt.date(2023, 6, 2))
    assert a1.descripcion == editados["actividad.1.descripcion"]
    assert a1.fotografias[0].pie == "La sesión, en el salón"
    assert a1.tablas[0].eventos[0].fecha == dt.date(2023, 6, 29)
    assert lectura.reporte.programadas == 1234
    assert lectura.reporte.firmas[1].cargo == "Directora General"


def test_un_periodo_que_queda_de_un_dia_vacia_la_fecha_de_termino(tmp_path):
    libro = _con_openpyxl(tmp_path)
    r = incorporar_campos(_campos({"actividad.1.fecha": "6 de junio de 2023"}), libro)
    assert [c.texto_nuevo for c in r.cambios] == ["6 de junio de 2023"]
    fila = _celdas(libro, "Actividades")[1]
    assert (fila[2], fila[6]) == (dt.datetime(2023, 6, 6), None)


def test_sin_columna_de_termino_el_periodo_va_como_texto_en_fecha(tmp_path):
    crear_foto(tmp_path / "fotos" / "sesion.jpg", format="JPEG")
    libro = crear_libro(
        tmp_path / "libro.xlsx",
        actividades=[
            ("1", "Sesión ordinaria", "del 5 al 9 de junio de 2023", "Chetumal", "Se sesionó.", ""),
            ("2", "Taller", dt.datetime(2023, 5, 30), "Bacalar", "Se impartió.", ""),
        ],
        fotografias=[("1", "fotos/sesion.jpg", "La sesión")],
        eventos=[("1", "CALENDARIO", dt.datetime(2023, 6, 5), "Reunión")],
        firmas=FIRMAS,
    )
    incorporar_campos(_campos({"actividad.1.fecha": "del 5 al 7 de junio de 2023"}), libro)
    assert _celdas(libro, "Actividades")[1][2] == "del 5 al 7 de junio de 2023"
    lectura = analizar_libro(libro)
    assert lectura.reporte is not None, lectura.errores
    assert lectura.reporte.actividades[0].fecha_fin == dt.date(2023, 6, 7)


def test_lo_que_no_se_corrigio_en_word_no_pisa_el_libro(tmp_path):
    """The workbook was edited after the document was generated: Word's unchanged text
    (the snapshot's) is no correction, so the newer workbook value stays."""
    libro = _con_openpyxl(tmp_path)
    wb = load_workbook(libro)
    wb["Actividades"]["D2"] = "Cancún"
    wb.save(libro)
    assert cambios_de_edicion.__name__  # the public name, used by the command line
    r = incorporar_campos(_campos({"actividad.2.descripcion": "Se impartió dos veces."}), libro)
    assert [c.clave for c in r.cambios] == ["actividad.2.descripcion"]
    assert _celdas(libro, "Actividades")[1][3] == "Cancún"


def test_sin_las_fotos_junto_al_libro_el_pie_vuelve_igual(tmp_path):
    libro = _con_openpyxl(tmp_path)
    (tmp_path / "fotos" / "sesion.jpg").unlink()
    r = incorporar_campos(_campos({"foto.1.0.pie": "La sesión, de pie"}), libro)
    assert [c.celda for c in r.cambios] == [Celda("Fotografias", 2, 3)]
    assert _celdas(libro, "Fotografias")[1][2] == "La sesión, de pie"


def test_un_salto_de_linea_es_una_correccion_y_un_espacio_de_mas_no(tmp_path):
    libro = _con_openpyxl(tmp_path)
    campos = _campos(
        {"actividad.1.lugar": " Chetumal  ", "actividad.2.descripcion": "Se\nimpartió."}
    )
    r = incorporar_campos(campos, libro, escribir=False)
    assert [(c.clave, c.nuevo) for c in r.cambios] == [("actividad.2.descripcion", "Se\nimpartió.")]


def test_un_campo_borrado_en_word_se_deja_y_se_avisa(tmp_path):
    libro = _con_openpyxl(tmp_path)
    r = incorporar_campos(_campos(faltan=("actividad.1.lugar",)), libro)
    assert r.cambios == [] and r.respaldo is None
    assert [h.codigo for h in r.avisos] == ["campo-borrado"]
    assert "ficha de la actividad 1 «Sesión ordinaria», «lugar»" in r.avisos[0].mensaje


# --- refusals: nothing written ---------------------------------------------------------------


def test_un_documento_sin_instantanea_se_rechaza(tmp_path):
    libro = _con_openpyxl(tmp_path)
    antes = libro.read_bytes()
    with pytest.raises(ErrorDeDatos) as e:
        incorporar_campos(CamposLeidos(instantanea=None, valores={}, faltan=[], fuera=[]), libro)
    assert e.value.hallazgos[0].codigo == "docx-sin-instantanea"
    assert "no lo generó reporte-docx" in str(e.value)
    assert libro.read_bytes() == antes


def test_un_documento_de_otro_libro_se_rechaza_y_nombra_las_actividades(tmp_path):
    libro = _con_openpyxl(tmp_path)
    antes = libro.read_bytes()
    generados = {k: v for k, v in GENERADOS.items() if not k.startswith("actividad.2.")}
    generados["actividad.3.nombre"] = ("texto", "Foro regional")
    otro = huella_del_libro(["1", "3"], 2023, 2)
    with pytest.raises(ErrorDeDatos) as e:
        incorporar_campos(_campos(huella=otro, generados=generados), libro)
    mensaje = str(e.value)
    assert "se generó desde otro libro" in mensaje
    assert "el documento tiene actividades que el libro no: 3 «Foro regional»" in mensaje
    assert "el libro tiene actividades que el documento no: 2 «Taller»" in mensaje
    assert libro.read_bytes() == antes


def test_otro_trimestre_se_dice(tmp_path):
    libro = _con_openpyxl(tmp_path)
    with pytest.raises(ErrorDeDatos, match="documento es de otro trimestre o ejercicio"):
        incorporar_campos(_campos(huella=huella_del_libro(["1", "2"], 2023, 3)), libro)


@CONSTRUCTORES
def test_valores_ilegibles_se_listan_todos_y_no_se_escribe_nada(tmp_path, construir):
    libro = construir(tmp_path)
    antes = libro.read_bytes()
    editados = {
        "actividad.1.fecha": "del 5 al 9 de juino de 2023",
        "reporte.programadas": "tres",
        "evento.1.0.0.fecha": "29 de mayio de 2023",
        "actividad.2.nombre": "  ",
        "actividad.1.descripcion": "Esta sí se lee",
    }
    with pytest.raises(ErrorDeDatos) as e:
        incorporar_campos(_campos(editados), libro)
    por_lugar = {str(h.lugar).lower(): h for h in e.value.hallazgos}
    assert len(por_lugar) == 4
    fecha = por_lugar[
        "documento «editado.docx», ficha de la actividad 1 «sesión ordinaria», «fecha»"
    ]
    assert fecha.codigo == "fecha-ilegible"
    assert "«del 5 al 9 de juino de 2023»" in fecha.mensaje
    assert fecha.mensaje.endswith("; p. ej. «del 5 al 9 de junio de 2023»")
    numero = next(h for h in e.value.hallazgos if "tres" in h.mensaje)
    assert "encabezado del reporte" in numero.lugar and "p. ej. 3" in numero.mensaje
    vacio = next(h for h in e.value.hallazgos if h.codigo == "campo-vacio")
    assert "ficha de la actividad 2 «Taller»" in vacio.lugar
    assert libro.read_bytes() == antes
    assert not list(tmp_path.glob("*respaldo*"))


def test_con_el_libro_abierto_en_excel_no_se_escribe(tmp_path):
    libro = _con_openpyxl(tmp_path)
    (tmp_path / f"~${libro.name}").write_bytes(b"\x00" * 165)
    antes = libro.read_bytes()
    with pytest.raises(ErrorDeSalida, match="Excel"):
        incorporar_campos(_campos({"actividad.1.lugar": "Bacalar"}), libro)
    assert libro.read_bytes() == antes


# --- the command line, on real .docx files -----------------------------------------------------

_NS = "urn:reporte-docx:instantanea:1"


def _docx(ruta: Path, valores: dict[str, str], generados=GENERADOS, huella=HUELLA) -> Path:
    """A .docx as the agreement describes it: each value inside its ``_RD<n>`` bookmark (a value
    of several lines, several paragraphs), and the snapshot in a custom XML part."""
    documento = docx.Document()
    marcas = {}
    for n, clave in enumerate(generados, start=1):
        marcas[clave] = f"_RD{n}"
        lineas = valores.get(clave, generados[clave][1]).split("\n")
        parrafo = documento.add_paragraph()
        inicio = OxmlElement("w:bookmarkStart")
        inicio.set(qn("w:id"), str(n))
        inicio.set(qn("w:name"), marcas[clave])
        parrafo._p.append(inicio)
        parrafo.add_run(lineas[0])
        for linea in lineas[1:]:
            parrafo = documento.add_paragraph(linea)
        fin = OxmlElement("w:bookmarkEnd")
        fin.set(qn("w:id"), str(n))
        parrafo._p.append(fin)
    documento.save(ruta)
    campos = "".join(
        f"<campo marca={quoteattr(marcas[c])} clave={quoteattr(c)} tipo={quoteattr(t)}>"
        f"{escape(v)}</campo>"
        for c, (t, v) in generados.items()
    )
    item = (
        f'<?xml version="1.0" encoding="UTF-8"?><instantanea xmlns="{_NS}" version="1" '
        f'libro="{huella}" generado="2026-12-08T03:00:00">{campos}</instantanea>'
    )
    _agregar_parte(ruta, item)
    return ruta


def _agregar_parte(ruta: Path, item: str) -> None:
    with zipfile.ZipFile(ruta) as z:
        partes = {n: z.read(n) for n in z.namelist()}
    rel = (
        '<Relationship Id="rIdInstantanea" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/customXml" Target="../customXml/item1.xml"/>'
    )
    rels = partes["word/_rels/document.xml.rels"].decode()
    partes["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", rel + "</Relationships>"
    ).encode()
    partes["customXml/item1.xml"] = item.encode()
    with zipfile.ZipFile(ruta, "w", zipfile.ZIP_DEFLATED) as z:
        for nombre, datos in partes.items():
            z.writestr(nombre, datos)


def test_mostrar_lista_las_correcciones_y_no_escribe(tmp_path):
    libro = _con_xlsxwriter(tmp_path)
    antes = libro.read_bytes()
    editado = _docx(
        tmp_path / "editado.docx",
        {"actividad.1.lugar": "Bacalar", "actividad.1.fecha": "del 5 al 12 de junio de 2023"},
    )
    r = ejecutar("incorporar", str(editado), str(libro), "--mostrar")
    assert r.returncode == 0, r.stderr
    assert "Ficha de la actividad 1 «Sesión ordinaria»:" in r.stdout
    assert "«Lugar»: «Chetumal» → «Bacalar»" in r.stdout
    assert "«Fecha»: «del 5 al 9 de junio de 2023» → «del 5 al 12 de junio de 2023»" in r.stdout
    assert "no se escribió nada" in r.stdout
    assert libro.read_bytes() == antes
    assert not list(tmp_path.glob("*respaldo*"))


def test_incorporar_escribe_y_dice_donde(tmp_path):
    libro = _con_openpyxl(tmp_path)
    editado = _docx(
        tmp_path / "editado.docx", {"actividad.2.descripcion": "Se impartió.\nCon 20 personas."}
    )
    r = ejecutar("incorporar", str(editado), str(libro))
    assert r.returncode == 0, r.stderr
    assert "«Actividades»!E3: ficha de la actividad 2 «Taller», «descripcion»" in r.stdout
    respaldo = next(tmp_path.glob("libro.respaldo-*.xlsx"))
    assert f"«{respaldo}»" in r.stdout
    assert _celdas(libro, "Actividades")[2][4] == "Se impartió.\nCon 20 personas."
    r = ejecutar("incorporar", str(editado), str(libro))  # again: nothing left to bring
    assert r.returncode == 0, r.stderr
    assert "no trae correcciones" in r.stdout


def test_incorporar_rechaza_un_documento_ajeno(tmp_path):
    libro = _con_openpyxl(tmp_path)
    antes = libro.read_bytes()
    ajeno = tmp_path / "ajeno.docx"
    documento = docx.Document()
    documento.add_paragraph("Un oficio cualquiera")
    documento.save(ajeno)
    r = ejecutar("incorporar", str(ajeno), str(libro))
    assert r.returncode == 1
    assert "no lo generó reporte-docx" in r.stderr and "Traceback" not in r.stderr
    ilegible = _docx(tmp_path / "ilegible.docx", {"reporte.programadas": "muchas"})
    r = ejecutar("incorporar", str(ilegible), str(libro))
    assert r.returncode == 1
    assert "«muchas»" in r.stderr and "encabezado del reporte" in r.stderr
    (tmp_path / f"~${libro.name}").write_bytes(b"")
    r = ejecutar(
        "incorporar", str(_docx(tmp_path / "bueno.docx", {"firma.1.cargo": "X"})), str(libro)
    )
    assert r.returncode == 1
    assert r.stderr.count("está abierto en Excel") == 1
    assert libro.read_bytes() == antes


@pytest.mark.lento
def test_el_libro_escrito_lo_abre_calc_y_se_lee_igual(tmp_path):
    """LibreOffice Calc opens the workbook incorporar wrote and saves it again: the dates
    are still dates, the text keeps its line break, and the report reads back from it."""
    libro = _con_xlsxwriter(tmp_path / "libro")
    editados = {
        "actividad.1.fecha": "del 5 al 12 de junio de 2023",
        "actividad.1.descripcion": "Se sesionó.\nCon quórum.",
        "evento.1.0.0.fecha": "29/06/2023",
    }
    incorporar_campos(_campos(editados), libro)
    copia = guardar_con_calc(libro, tmp_path / "calc")
    fila = _celdas(copia, "Actividades")[2]
    assert (fila[2], fila[6]) == (dt.datetime(2023, 6, 5), dt.datetime(2023, 6, 12))
    assert fila[4] == "Se sesionó.\nCon quórum."
    crear_foto(tmp_path / "calc" / "fotos" / "sesion.jpg", format="JPEG")
    lectura = analizar_libro(copia)
    assert lectura.reporte is not None, lectura.errores
    assert lectura.reporte.actividades[0].tablas[0].eventos[0].fecha == dt.date(2023, 6, 29)
