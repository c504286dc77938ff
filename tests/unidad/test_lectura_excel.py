"""Workbooks as offices fill them, read in process (no LibreOffice): what Excel shows is read."""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.table import Table

from reporte_docx.libro.lectura import analizar_libro
from tests.utiles import ACTIVIDAD, CAMPOS_REPORTE, crear_libro

F = dt.datetime


def _modificar(ruta: Path, cambio) -> Path:
    wb = load_workbook(ruta)
    cambio(wb)
    wb.save(ruta)
    return ruta


def _textos(lectura) -> list[str]:
    return [str(h) for h in lectura.hallazgos]


def test_escapes_de_excel_en_todo_texto(tmp_path):
    libro = crear_libro(
        tmp_path / "l.xlsx",
        actividades=[
            ("1", "Foro_x000D_", F(2023, 5, 30), "Sala_x0009_A", "Línea_x000D_\nOtra", "")
        ],
        firmas=[("Elaboró", "Ana_x000D_", "Jefa")],
    )
    reporte = analizar_libro(libro).reporte
    actividad = reporte.actividades[0]
    assert (actividad.nombre, actividad.lugar, actividad.descripcion) == (
        "Foro",
        "Sala\tA",
        "Línea\nOtra",
    )
    assert reporte.firmas[0].nombre == "Ana"


def test_celdas_combinadas_dan_su_valor_a_cada_fila(tmp_path):
    libro = crear_libro(
        tmp_path / "l.xlsx",
        eventos=[
            ("1", "Sesiones", F(2023, 5, 3), "primera"),
            (None, None, F(2023, 5, 1), "segunda"),
            (None, None, F(2023, 5, 2), "tercera"),
        ],
    )

    def combinar(wb):
        wb["Eventos"].merge_cells("A2:A4")
        wb["Eventos"].merge_cells("B2:B4")

    lectura = analizar_libro(_modificar(libro, combinar))
    assert lectura.errores == [], _textos(lectura)
    [tabla] = lectura.reporte.actividades[0].tablas
    assert tabla.titulo == "Sesiones"
    assert [e.evento for e in tabla.eventos] == ["primera", "segunda", "tercera"]


def test_hipervinculos_conservan_su_direccion(tmp_path):
    libro = crear_libro(tmp_path / "l.xlsx")

    def enlazar(wb):
        ws = wb["Actividades"]
        ws["D2"] = "Sala virtual"
        ws["D2"].hyperlink = "https://meet.example/abc"
        ws["E2"].hyperlink = "https://x.mx/informe"

    actividad = analizar_libro(_modificar(libro, enlazar)).reporte.actividades[0]
    assert (actividad.lugar, actividad.lugar_enlace) == ("Sala virtual", "https://meet.example/abc")
    assert actividad.descripcion == "Descripción (https://x.mx/informe)"


def test_formula_hipervinculo_sin_valor_calculado(tmp_path):
    """openpyxl saves no calculated value: the text comes from the formula itself."""
    libro = crear_libro(tmp_path / "l.xlsx")

    def formula(wb):
        wb["Actividades"]["D2"] = '=HIPERVINCULO("https://maps.example/x";"Chetumal, Q. Roo")'
        wb["Firmas"]["B2"] = '=HYPERLINK("https://x.mx/ana","Ana Pérez")'

    lectura = analizar_libro(_modificar(libro, formula))
    assert lectura.errores == [], _textos(lectura)
    actividad = lectura.reporte.actividades[0]
    assert (actividad.lugar, actividad.lugar_enlace) == (
        "Chetumal, Q. Roo",
        "https://maps.example/x",
    )
    assert lectura.reporte.firmas[0].nombre == "Ana Pérez (https://x.mx/ana)"


def test_fila_de_totales_de_una_tabla_no_es_una_actividad(tmp_path):
    libro = crear_libro(
        tmp_path / "l.xlsx", actividades=[ACTIVIDAD, ("Total", None, None, None, None, "1")]
    )

    def tabla(wb):
        t = Table(displayName="Actividades", ref="A1:F3")
        t.totalsRowCount = 1
        wb["Actividades"].add_table(t)

    lectura = analizar_libro(_modificar(libro, tabla))
    assert lectura.errores == [], _textos(lectura)
    assert [a.id for a in lectura.reporte.actividades] == ["1"]


def test_filas_y_hojas_ocultas_nunca_en_silencio(tmp_path):
    segunda = ("2", "Otra", F(2023, 6, 1), "Cancún", "Descripción", "")
    tercera = ("3", "Más", F(2023, 6, 2), "Cancún", "Descripción", "")
    libro = crear_libro(tmp_path / "l.xlsx", actividades=[ACTIVIDAD, segunda, tercera])

    def ocultar(wb):
        wb["Actividades"].row_dimensions[3].hidden = True
        wb["Actividades"].row_dimensions[4].hidden = True
        wb["Actividades"].auto_filter.ref = "A1:F4"
        wb["Actividades"].column_dimensions["E"].hidden = True
        wb["Firmas"].sheet_state = "hidden"

    lectura = analizar_libro(_modificar(libro, ocultar))
    assert [a.id for a in lectura.reporte.actividades] == ["1", "2", "3"]
    avisos = {h.codigo: str(h) for h in lectura.avisos}
    assert "las filas 3 y 4 están ocultas o filtradas" in avisos["filas-ocultas"]
    assert avisos["filas-ocultas"].endswith("si no deben ir, bórrelas")
    assert avisos["filas-ocultas"].startswith("hoja «Actividades»")
    assert avisos["hoja-oculta"].startswith("hoja «Firmas»: la hoja está oculta")
    assert avisos["columna-oculta"].startswith("hoja «Actividades», columna «descripcion»: la ")


def test_numero_ambiguo_se_rechaza(tmp_path):
    libro = crear_libro(tmp_path / "l.xlsx", reporte={"programadas": "2,5", "realizadas": "1,200"})
    lectura = analizar_libro(libro)
    assert [(h.codigo, h.valor) for h in lectura.errores] == [("numero-ambiguo", "2,5")]
    assert "¿25 o 2.5?" in lectura.errores[0].mensaje


def test_tablas_de_eventos_por_titulo_normalizado(tmp_path):
    libro = crear_libro(
        tmp_path / "l.xlsx",
        eventos=[
            ("1", "Sesiones del comité", F(2023, 5, 9), "b"),
            ("1", "Otra tabla", F(2023, 5, 1), "x"),
            ("1", "  SESIONES  DEL COMITE. ", F(2023, 5, 1), "a"),
            ("1", "sesiones del comité:", F(2023, 5, 5), "c"),
        ],
    )
    tablas = analizar_libro(libro).reporte.actividades[0].tablas
    assert [(t.titulo, [e.evento for e in t.eventos]) for t in tablas] == [
        ("Sesiones del comité", ["b", "a", "c"]),
        ("Otra tabla", ["x"]),
    ]


def test_periodos_de_actividades(tmp_path):
    libro = crear_libro(
        tmp_path / "l.xlsx",
        encabezados={"Actividades": ["id", "nombre", "fecha", "lugar", "descripcion", "fecha fin"]},
        actividades=[
            ("1", "Taller", "del 5 al 9 de junio de 2023", "Sala", "D"),
            ("2", "Foro", F(2023, 6, 28), "Sala", "D", "2 de julio de 2023"),
            ("3", "Curso", "lunes 5 de junio del 2023", "Sala", "D", ""),
        ],
    )
    lectura = analizar_libro(libro)
    assert [(a.fecha, a.fecha_fin) for a in lectura.reporte.actividades] == [
        (dt.date(2023, 6, 5), dt.date(2023, 6, 9)),
        (dt.date(2023, 6, 28), dt.date(2023, 7, 2)),
        (dt.date(2023, 6, 5), None),
    ]
    fuera = [h for h in lectura.avisos if h.codigo == "fecha-fuera-de-trimestre"]
    assert [(h.fila, h.valor) for h in fuera] == [(3, "28/06/2023 a 02/07/2023")]
    assert "el periodo del 28/06/2023 al 02/07/2023 sale del trimestre reportado" in str(fuera[0])


def test_una_fecha_fuera_del_trimestre_y_numeros_como_en_mexico(tmp_path):
    libro = crear_libro(
        tmp_path / "l.xlsx",
        reporte={"programadas": 2, "realizadas": "1,234.5", "justificacion": None},
        actividades=[("1", "Foro", "5 de septiembre de 2023", "Sala", "D", "")],
    )
    lectura = analizar_libro(libro)
    fuera = [str(h) for h in lectura.avisos if h.codigo == "fecha-fuera-de-trimestre"]
    assert fuera and "la fecha 05/09/2023 está fuera del trimestre reportado" in fuera[0]
    [falta] = [str(h) for h in lectura.errores if h.codigo == "falta-justificacion"]
    assert "lo realizado (1,234.5) difiere de lo programado (2)" in falta


def test_periodo_contradictorio_o_invertido(tmp_path):
    libro = crear_libro(
        tmp_path / "l.xlsx",
        encabezados={"Actividades": ["id", "nombre", "fecha", "lugar", "descripcion", "fecha_fin"]},
        actividades=[
            ("1", "Taller", "del 5 al 9 de junio de 2023", "Sala", "D", "10/06/2023"),
            ("2", "Foro", "28/06/2023", "Sala", "D", "20/06/2023"),
        ],
    )
    errores = analizar_libro(libro).errores
    assert [(h.codigo, h.fila, h.columna) for h in errores] == [
        ("fecha-fin-doble", 2, "fecha_fin"),
        ("fecha-fin-anterior", 3, "fecha_fin"),
    ]


def test_fecha_sin_anio_toma_el_ejercicio(tmp_path):
    libro = crear_libro(
        tmp_path / "l.xlsx",
        actividades=[("1", "Taller", "1o. de junio", "Sala", "D", "")],
        reporte={"ejercicio": CAMPOS_REPORTE["ejercicio"]},
    )
    assert analizar_libro(libro).reporte.actividades[0].fecha == dt.date(2023, 6, 1)


def libro_con_extension(carpeta: Path) -> Path:
    """A workbook whose sheets carry an extension openpyxl warns about (in English)."""
    base = crear_libro(carpeta / "base.xlsx")
    libro = carpeta / "l.xlsx"
    extension = (
        b'<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="http://schemas'
        b'.microsoft.com/office/spreadsheetml/2009/9/main"><x14:conditionalFormattings/></ext>'
        b"</extLst></worksheet>"
    )
    with zipfile.ZipFile(base) as origen, zipfile.ZipFile(libro, "w") as destino:
        for nombre in origen.namelist():
            datos = origen.read(nombre)
            if nombre.startswith("xl/worksheets/"):
                datos = datos.replace(b"</worksheet>", extension)
            destino.writestr(nombre, datos)
    base.unlink()
    return libro


def test_los_avisos_de_openpyxl_no_se_ven(tmp_path):
    """An extension openpyxl does not support: its English UserWarning never reaches the user."""
    libro = libro_con_extension(tmp_path)
    with warnings.catch_warnings(record=True) as vistos:
        warnings.simplefilter("always")
        lectura = analizar_libro(libro)
    assert lectura.errores == [] and vistos == []


def test_hipervinculo_con_direccion_calculada_se_avisa(tmp_path):
    libro = crear_libro(tmp_path / "l.xlsx")

    def formula(wb):
        wb["Actividades"]["D2"] = '=HYPERLINK(Reporte!B2,"Sala")'

    ruta = _modificar(libro, formula)
    # the value Excel would have calculated, as Excel saves it next to the formula
    with zipfile.ZipFile(ruta) as z:
        partes = {n: z.read(n) for n in z.namelist()}
    hoja = partes["xl/worksheets/sheet2.xml"]
    formula = b'<f>HYPERLINK(Reporte!B2,"Sala")</f>'
    partes["xl/worksheets/sheet2.xml"] = hoja.replace(
        b'<c r="D2">' + formula + b"<v></v>", b'<c r="D2" t="str">' + formula + b"<v>Sala</v>"
    )
    assert partes["xl/worksheets/sheet2.xml"] != hoja
    with zipfile.ZipFile(ruta, "w") as z:
        for nombre, datos in partes.items():
            z.writestr(nombre, datos)
    lectura = analizar_libro(ruta)
    [aviso] = [h for h in lectura.avisos if h.codigo == "enlace-calculado"]
    assert (aviso.hoja, aviso.fila, aviso.columna) == ("Actividades", 2, "lugar")
    assert lectura.reporte.actividades[0].lugar == "Sala"


def test_id_de_actividad_combinado_hacia_abajo_se_explica(tmp_path):
    libro = crear_libro(tmp_path / "l.xlsx", actividades=[ACTIVIDAD, (None, *ACTIVIDAD[1:])])

    def combinar(wb):
        wb["Actividades"].merge_cells("A2:A3")

    [error] = analizar_libro(_modificar(libro, combinar)).errores
    assert (error.codigo, error.fila, error.columna) == ("id-repetido", 3, "id")
    assert "combinada con la de la fila 2" in error.mensaje


def test_vinculo_a_la_foto_en_la_columna_archivo_es_su_ruta(tmp_path):
    """Insertar › Vínculo › Archivo: the cell shows a label, its link is the photo's path."""
    from tests.utiles import crear_foto

    crear_foto(tmp_path / "fotos" / "mi foto.jpg", (1600, 1200))
    libro = crear_libro(tmp_path / "l.xlsx", fotografias=[("1", "Ver foto", "Pie")])

    def enlazar(wb):
        wb["Fotografias"]["B2"].hyperlink = "fotos/mi%20foto.jpg"
        wb["Fotografias"]["C2"].hyperlink = "https://x.mx/galeria"

    lectura = analizar_libro(_modificar(libro, enlazar))
    assert lectura.errores == [], _textos(lectura)
    [foto] = lectura.reporte.actividades[0].fotografias
    assert Path(foto.archivo) == tmp_path / "fotos" / "mi foto.jpg"
    assert foto.pie == "Pie (https://x.mx/galeria)"


def test_muchas_filas_filtradas_se_nombran_por_tramos(tmp_path):
    """An autofilter that hides a hundred rows is named in a line, not a hundred numbers."""
    filas = [(str(n), f"A{n}", F(2023, 6, 1), "Chetumal", "D", "") for n in range(1, 121)]
    libro = crear_libro(tmp_path / "l.xlsx", actividades=filas)

    def filtrar(wb):
        ws = wb["Actividades"]
        ws.auto_filter.ref = "A1:F121"
        for n in [*range(3, 103), 110, 112, 113]:
            ws.row_dimensions[n].hidden = True

    avisos = {h.codigo: str(h) for h in analizar_libro(_modificar(libro, filtrar)).avisos}
    assert "las filas 3 a 102, 110, 112 y 113 están ocultas" in avisos["filas-ocultas"]


def test_una_fila_oculta_en_singular(tmp_path):
    segunda = ("2", "Otra", F(2023, 6, 1), "Cancún", "Descripción", "")
    libro = crear_libro(tmp_path / "l.xlsx", actividades=[ACTIVIDAD, segunda])
    lectura = analizar_libro(
        _modificar(libro, lambda wb: setattr(wb["Actividades"].row_dimensions[3], "hidden", True))
    )
    [aviso] = [str(h) for h in lectura.avisos if h.codigo == "filas-ocultas"]
    assert "la fila 3 está oculta o filtrada" in aviso and aviso.endswith("si no debe ir, bórrela")


def test_un_titulo_arriba_de_los_encabezados(tmp_path):
    """Offices put a title over the table («ACTIVIDADES DEL TRIMESTRE», merged across):
    the headers are found below it, and messages name the rows as Excel numbers them."""
    libro = crear_libro(
        tmp_path / "l.xlsx",
        actividades=[ACTIVIDAD, ("2", "Otra", F(2023, 6, 1), "Cancún", "", "")],
    )

    def titular(wb):
        ws = wb["Actividades"]
        ws.insert_rows(1, 2)
        ws["A1"] = "ACTIVIDADES DEL SEGUNDO TRIMESTRE"
        ws.merge_cells("A1:F1")

    lectura = analizar_libro(_modificar(libro, titular))
    assert [(h.codigo, h.hoja, h.fila, h.columna) for h in lectura.hallazgos] == [
        ("campo-vacio", "Actividades", 5, "descripcion"),
        ("actividad-sin-fotos", "Actividades", 4, "id"),
    ], _textos(lectura)


def test_los_mensajes_nombran_la_fila_de_los_encabezados(tmp_path):
    libro = crear_libro(
        tmp_path / "l.xlsx", encabezados={"Actividades": ["ID", "nombre", "fecha", "sitio"]}
    )

    def titular(wb):
        wb["Actividades"].insert_rows(1)
        wb["Actividades"]["A1"] = "Título"

    errores = [str(h) for h in analizar_libro(_modificar(libro, titular)).errores]
    # the headers row is the one that has the contract's columns: row 2 here, «lugar» missing
    assert any("falta la columna «Lugar» en la fila 2 de encabezados" in e for e in errores), (
        errores
    )


def test_una_hoja_vacia_que_excel_agrego_no_se_avisa(tmp_path):
    """«Hoja1» left empty by Excel holds nothing to ignore; a sheet with notes is named."""
    libro = crear_libro(tmp_path / "l.xlsx")

    def hojas(wb):
        wb.create_sheet("Hoja1")
        wb.create_sheet("Notas")["B3"] = "pendiente: fotos de junio"

    avisos = [(h.codigo, h.hoja) for h in analizar_libro(_modificar(libro, hojas)).avisos]
    assert ("hoja-ignorada", "Notas") in avisos and ("hoja-ignorada", "Hoja1") not in avisos


def test_una_hoja_renombrada_con_mas_palabras_se_sugiere(tmp_path):
    """«Reporte» renamed «REPORTE TRIMESTRAL 2023»: too different for a typo, but it contains
    the name; the missing sheet points at it, and it is not also called «ignored»."""
    libro = crear_libro(tmp_path / "l.xlsx")
    lectura = analizar_libro(
        _modificar(libro, lambda wb: setattr(wb["Reporte"], "title", "REPORTE TRIMESTRAL 2023"))
    )
    assert [(h.codigo, str(h)) for h in lectura.hallazgos if h.codigo.startswith("hoja")] == [
        ("hoja-falta", "libro: falta la hoja «Reporte» (¿quiso decir «REPORTE TRIMESTRAL 2023»?)")
    ]
    # without the Reporte sheet its «objetivo» is unknown, not empty: no warning about it
    assert "objetivo-vacio" not in [h.codigo for h in lectura.hallazgos]


def test_un_encabezado_descriptivo_se_sugiere(tmp_path):
    """«Nombre completo de la actividad» for «Nombre de la actividad»: the missing column
    points at it («Nombre de la actividad» itself is the column's title, and is read)."""
    libro = crear_libro(
        tmp_path / "l.xlsx",
        encabezados={
            "Actividades": [
                "id",
                "Nombre completo de la actividad",
                "fecha",
                "lugar",
                "descripcion",
            ]
        },
    )
    hallazgos = [(h.codigo, str(h)) for h in analizar_libro(libro).hallazgos]
    assert (
        "columna-falta",
        "hoja «Actividades»: falta la columna «Nombre de la actividad» en la fila 1 de "
        "encabezados (¿quiso decir «Nombre completo de la actividad»?)",
    ) in hallazgos
    assert "columna-ignorada" not in [c for c, _ in hallazgos]


def test_un_titulo_que_es_el_nombre_de_una_columna(tmp_path):
    """A title «EVENTO» names a column too: the headers are the row that names the most."""
    libro = crear_libro(tmp_path / "l.xlsx", eventos=[("1", "Sesiones", F(2023, 6, 1), "Junta")])

    def titular(wb):
        wb["Eventos"].insert_rows(1)
        wb["Eventos"]["A1"] = "EVENTO"

    lectura = analizar_libro(_modificar(libro, titular))
    assert lectura.errores == [], _textos(lectura)
    [tabla] = lectura.reporte.actividades[0].tablas
    assert (tabla.titulo, [e.evento for e in tabla.eventos]) == ("Sesiones", ["Junta"])


def test_campos_escritos_como_en_el_reporte_impreso(tmp_path):
    """The «campo» column with the labels of the printed report (the field's description)
    instead of the keys: «UNIDAD RESPONSABLE DEL PROGRAMA PRESUPUESTARIO» is that field."""
    libro = crear_libro(tmp_path / "l.xlsx")
    etiquetas = {
        "unidad_responsable_programa": "UNIDAD RESPONSABLE DEL PROGRAMA PRESUPUESTARIO",
        "nivel_objetivo": "NIVEL DE OBJETIVO (ACTIVIDAD)",
        "descripcion_avance": "Calendario ejecutado / avance",
        "dependencia": "Dependencia",
    }

    def rotular(wb):
        for fila in wb["Reporte"].iter_rows(min_row=2):
            fila[0].value = etiquetas.get(fila[0].value, fila[0].value)

    lectura = analizar_libro(_modificar(libro, rotular))
    assert lectura.errores == [], _textos(lectura)
    assert "campo-ignorado" not in [h.codigo for h in lectura.hallazgos]
    reporte = lectura.reporte
    assert reporte.unidad_responsable_programa == CAMPOS_REPORTE["unidad_responsable_programa"]
    assert reporte.descripcion_avance == CAMPOS_REPORTE["descripcion_avance"]


def test_una_fila_que_solo_continua_celdas_combinadas_de_arriba(tmp_path):
    """A long description merged over two rows: on screen the second row is the rest of the
    activity above, not an activity without id, date and place."""
    libro = crear_libro(
        tmp_path / "l.xlsx",
        actividades=[
            ("1", "Taller", F(2023, 6, 5), "Sala", "Una descripción muy larga", ""),
            (None, None, None, None, None, None),
            ("2", "Foro", F(2023, 6, 6), "Sala", "D", ""),
        ],
        eventos=[
            ("1", "Calendario", F(2023, 6, 1), "Apertura"),
            (None, None, None, None),
        ],
    )

    def combinar(wb):
        wb["Actividades"].merge_cells("E2:E3")
        wb["Actividades"].merge_cells("B2:B3")
        wb["Eventos"].merge_cells("A2:A3")

    lectura = analizar_libro(_modificar(libro, combinar))
    assert lectura.errores == [], _textos(lectura)
    [taller, foro] = lectura.reporte.actividades
    assert (taller.descripcion, foro.id) == ("Una descripción muy larga", "2")
    assert [len(t.eventos) for t in taller.tablas] == [1]
