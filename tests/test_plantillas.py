"""Templates users write in Word: documented context, Spanish filters, strictness, the linter.

Each template is built here with python-docx, paragraph by paragraph (and run
by run where Word would split a tag), so every case is visible in its test.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from reporte_docx.plantilla.archivo import plantilla_oficial
from reporte_docx.plantilla.revision import revisar_plantilla
from tests.utiles import a_pdf, assert_docx_valido, crear_libro, ejecutar, texto_docx

FOR_ACTIVIDADES = "{%p for a in actividades %}"
FOR_FIRMAS = "{%p for f in firmas %}"
FIN = "{%p endfor %}"

#: What a template whose signatures lack the «Firma: …» styles is told (a warning).
FIRMAS_SIN_ESTILO = "plantilla-firmas-sin-estilo"
#: The warning of a template that leaves the activities or the signatures out (on purpose here).
PARCIAL = "plantilla-parcial"


def _revision(plantilla: Path) -> list:
    """The template's findings, leaving out what these small templates leave out on purpose."""
    return [h for h in revisar_plantilla(plantilla) if h.codigo != PARCIAL]


def crear_plantilla(ruta: Path, *parrafos, tabla: list[list[str]] | None = None) -> Path:
    """A .docx template: each paragraph a text, or a list of runs (text or (text, bold))."""
    documento = docx.Document()
    for parrafo in parrafos:
        p = documento.add_paragraph()
        for trozo in [parrafo] if isinstance(parrafo, str) else parrafo:
            texto, negrita = (trozo, False) if isinstance(trozo, str) else trozo
            run = p.add_run(texto)
            run.bold = negrita or None
    if tabla:
        t = documento.add_table(rows=len(tabla), cols=len(tabla[0]))
        for fila, textos in zip(t.rows, tabla, strict=True):
            for celda, texto in zip(fila.cells, textos, strict=True):
                celda.text = texto
    documento.save(ruta)
    return ruta


def _libro(tmp_path: Path, **kwargs) -> Path:
    return crear_libro(
        tmp_path / "libro.xlsx",
        actividades=[
            ("1", "Foro de derechos", dt.datetime(2023, 5, 30), "Chetumal", "Un foro", ""),
            ("2", "Curso", dt.datetime(2023, 6, 2), "Cancún", "Un curso", "Objetivo propio"),
        ],
        **kwargs,
    )


def _generar(tmp_path: Path, plantilla: Path, *extra: str):
    """The real command line on a two-activity workbook: (result, expected output path)."""
    libro = _libro(tmp_path)
    r = ejecutar("generar", str(libro), "--plantilla", str(plantilla), *extra)
    return r, libro.with_suffix(".docx")


def _generar_sin_problemas(tmp_path: Path, plantilla: Path) -> str:
    """The template lints clean, generates, and the document is valid; its text.

    Signatures in plain paragraphs are this kind of template's: only that is said."""
    assert [h.codigo for h in _revision(plantilla)] in ([], [FIRMAS_SIN_ESTILO])
    r, salida = _generar(tmp_path, plantilla)
    assert r.returncode == 0, r.stderr
    assert_docx_valido(salida)
    return texto_docx(salida)


# -- the documented context ---------------------------------------------------------


def test_plantilla_de_usuario_con_contexto_y_filtros(tmp_path):
    plantilla = crear_plantilla(
        tmp_path / "mia.docx",
        "{{ reporte.dependencia }} — {{ reporte.dependencia|mayusculas }}",
        "{{ reporte.periodo }} | {{ reporte.trimestre_palabras }} | {{ reporte.trimestre_romano }}",
        "Meses: {{ reporte.meses }} ({{ reporte.mes_inicio }} a {{ reporte.mes_fin }})",
        "Del {{ reporte.fecha_inicio|fecha_corta }} al {{ reporte.fecha_fin|fecha_larga }}",
        "Avance {{ reporte.porcentaje_avance }} = {{ reporte.avance|porcentaje }}; "
        "{{ reporte.realizadas|numero }} de {{ reporte.programadas|numero }}",
        "Acción en {{ 'Quintana Roo, acción'|mayusculas }}",
        FOR_ACTIVIDADES,
        "{{ a.numero }}. {{ a.nombre }} {{ a.fecha|fecha_larga }} ({{ a.fecha|mes }}) "
        "en {{ a.lugar }}: {{ a.descripcion }} / {{ a.objetivo }}",
        FIN,
        FOR_FIRMAS,
        "{{ f.rol }} {{ f.nombre }} {{ f.cargo }}",
        FIN,
    )
    texto = _generar_sin_problemas(tmp_path, plantilla)
    assert "SECRETARÍA DE GOBIERNO — SECRETARÍA DE GOBIERNO" in texto
    assert "(SEGUNDO TRIMESTRE ABRIL - JUNIO 2023) | segundo trimestre | II" in texto
    assert "Meses: abril - junio (abril a junio)" in texto
    assert "Del 01/04/2023 al 30 de junio de 2023" in texto
    assert "Avance 100% = 100%; 3 de 3" in texto
    assert "Acción en QUINTANA ROO, ACCIÓN" in texto
    assert (
        "1. Foro de derechos 30 de mayo de 2023 (mayo) en Chetumal: Un foro / Objetivo general"
        in (texto)
    )
    assert "2. Curso 2 de junio de 2023 (junio) en Cancún: Un curso / Objetivo propio" in texto
    assert "Elaboró Persona Uno Jefa" in texto and "Revisó Persona Dos Directora" in texto
    assert "{%" not in texto and "{{" not in texto


def test_fotos_y_tablas_de_cada_actividad(tmp_path):
    from tests.utiles import crear_foto

    crear_foto(tmp_path / "f1.jpg", format="JPEG")
    plantilla = crear_plantilla(
        tmp_path / "mia.docx",
        FOR_ACTIVIDADES,
        "{{ a.nombre }}",
        "{%p for f in a.fotos %}",
        "Foto {{ loop.index }}: {{ f.pie }} ({{ f.archivo }})",
        FIN,
        "{%p for t in a.tablas %}",
        "Tabla {{ t.titulo }}",
        "{%p for e in t.eventos %}",
        "{{ e.fecha|fecha_corta }} — {{ e.evento }}",
        FIN,
        FIN,
        FIN,
    )
    libro = _libro(
        tmp_path,
        fotografias=[("1", "f1.jpg", "El presídium")],
        eventos=[("2", "Sesiones", dt.datetime(2023, 6, 5), "Primera sesión")],
    )
    r = ejecutar("generar", str(libro), "--plantilla", str(plantilla))
    assert r.returncode == 0, r.stderr
    texto = texto_docx(libro.with_suffix(".docx"))
    assert "Foto 1: El presídium (f1.jpg)" in texto
    assert "Tabla Sesiones" in texto and "05/06/2023 — Primera sesión" in texto
    assert_docx_valido(libro.with_suffix(".docx"))


def test_plantilla_nueva_copia_la_oficial_y_no_pisa(tmp_path):
    destino = tmp_path / "nuestra.docx"
    r = ejecutar("plantilla", "nueva", str(destino))
    assert r.returncode == 0, r.stderr
    assert destino.read_bytes() == plantilla_oficial().read_bytes()
    r = ejecutar("plantilla", "nueva", str(destino))
    assert r.returncode == 1 and "ya existe" in r.stderr


def test_plantilla_nueva_en_una_carpeta_que_no_existe_o_sin_docx(tmp_path):
    r = ejecutar("plantilla", "nueva", str(tmp_path / "no-hay" / "p.docx"))
    assert r.returncode == 1 and "no existe" in r.stderr and "inesperado" not in r.stderr, r.stderr
    # a template must be a .docx: --plantilla and Word itself expect that name
    r = ejecutar("plantilla", "nueva", str(tmp_path / "p.txt"))
    assert r.returncode == 1 and ".docx" in r.stderr, r.stderr
    assert list(tmp_path.iterdir()) == []


def test_la_plantilla_oficial_no_tiene_problemas():
    r = ejecutar("plantilla", "verificar", str(plantilla_oficial()))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no tiene problemas" in r.stdout
    assert revisar_plantilla(plantilla_oficial()) == []


def test_la_linea_de_cada_firma_no_se_parte_con_cuatro_firmas(tmp_path):
    """Four signatures share the width of three: the signing line must fit its narrower cell."""
    roles = ("Elaboró", "Revisó", "Autorizó", "Vo. Bo.")
    firmas = [(rol, f"Persona {i}", "Cargo") for i, rol in enumerate(roles, start=1)]
    libro = crear_libro(tmp_path / "l.xlsx", firmas=firmas)
    r = ejecutar("generar", str(libro))
    assert r.returncode == 0, r.stderr
    salida = libro.with_suffix(".docx")
    texto, _ = a_pdf(salida)
    # a line of underscores too long for its cell wraps into a second, shorter one
    assert [x for x in texto.splitlines() if "__" in x] == [], texto
    # the line is the top border of the names' style «Firma: nombre»: as wide as its cell,
    # never wrapped, and restyled once for every signature
    documento = docx.Document(str(salida))
    nombres = [
        p
        for p in documento.element.body.iter(qn("w:p"))
        if "".join(t.text or "" for t in p.iter(qn("w:t"))).startswith("Persona ")
    ]
    assert len(nombres) == 4
    estilo = documento.styles["Firma: nombre"]
    assert {p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) for p in nombres} == {
        estilo.style_id
    }
    assert estilo.element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:top')}") is not None


def test_una_copia_editada_de_la_oficial_genera(tmp_path):
    """The path the issue describes: copy the official template, restyle it, use it."""
    destino = tmp_path / "oficina.docx"
    assert ejecutar("plantilla", "nueva", str(destino)).returncode == 0
    documento = docx.Document(str(destino))
    documento.paragraphs[0].insert_paragraph_before("Unidad de Enlace — {{ reporte.ejercicio }}")
    documento.save(destino)
    r, salida = _generar(tmp_path, destino)
    assert r.returncode == 0, r.stderr
    assert "Unidad de Enlace — 2023" in texto_docx(salida)
    assert_docx_valido(salida)


# -- strictness ---------------------------------------------------------------------------


def test_variable_mal_escrita_se_nombra_y_no_se_escribe_nada(tmp_path):
    plantilla = crear_plantilla(tmp_path / "mia.docx", "Dependencia: {{ reporte.dependenica }}")
    r, salida = _generar(tmp_path, plantilla)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert "«reporte.dependenica» no existe (¿quiso decir «dependencia»?)" in r.stderr
    assert "«Dependencia: {{ reporte.dependenica }}»" in r.stderr
    assert not salida.exists()


def test_filtro_desconocido_sugiere_el_correcto(tmp_path):
    plantilla = crear_plantilla(
        tmp_path / "mia.docx", FOR_ACTIVIDADES, "{{ a.fecha|fecha_largo }}", FIN
    )
    r, salida = _generar(tmp_path, plantilla)
    assert r.returncode == 1
    assert "el filtro «fecha_largo» no existe (¿quiso decir «fecha_larga»?)" in r.stderr
    assert not salida.exists()


def test_variable_de_ciclo_fuera_del_ciclo_y_lista_sin_recorrer(tmp_path):
    plantilla = crear_plantilla(
        tmp_path / "mia.docx",
        FOR_ACTIVIDADES,
        "{{ a.nombre }}",
        FIN,
        "Última: {{ a.nombre }}",
        "Todas: {{ actividades.nombre }}",
        "{{ actividad.lugar }}",
    )
    textos = [str(h) for h in revisar_plantilla(plantilla)]
    assert any("la variable «a» no existe" in t and "«Última: {{ a.nombre }}»" in t for t in textos)
    assert any("«actividades» es una lista" in t for t in textos)
    assert any("«actividad» no existe (¿quiso decir «actividades»?)" in t for t in textos)


def test_filtro_aplicado_a_un_valor_de_otro_tipo(tmp_path):
    plantilla = crear_plantilla(tmp_path / "mia.docx", "{{ reporte.dependencia|fecha_larga }}")
    (h,) = revisar_plantilla(plantilla)
    assert "«fecha_larga» espera una fecha" in h.mensaje


def test_sin_plantilla_sin_datos_en_blanco(tmp_path):
    """A value with nothing to print never becomes an empty field or a Python repr."""
    plantilla = crear_plantilla(tmp_path / "mia.docx", "Actividades: {{ actividades }}")
    r, salida = _generar(tmp_path, plantilla)
    assert r.returncode == 1
    assert "no es un texto" in r.stderr and "«Actividades: {{ actividades }}»" in r.stderr
    assert not salida.exists()


@pytest.mark.parametrize(
    "etiqueta",
    [
        "{{ reporte.__class__ }}",
        "{{ reporte.titulo.__class__.__mro__[1].__subclasses__() }}",
        "{{ reporte|attr('__dict__') }}",
        "{{ reporte['__init__'] }}",
    ],
)
def test_no_se_alcanzan_las_partes_internas_de_python(tmp_path, etiqueta):
    plantilla = crear_plantilla(tmp_path / "mala.docx", f"Hola {etiqueta}")
    hallazgos = revisar_plantilla(plantilla)
    assert any("partes internas de Python" in h.mensaje for h in hallazgos), hallazgos
    r, salida = _generar(tmp_path, plantilla)
    assert r.returncode == 1 and "partes internas de Python" in r.stderr
    assert not salida.exists()


def test_el_entorno_aislado_rechaza_aunque_no_se_revise():
    """The sandbox itself (not only the linter) refuses internals."""
    from jinja2.sandbox import SecurityError

    from reporte_docx.plantilla.contexto import construir_contexto
    from reporte_docx.plantilla.entorno import crear_entorno
    from reporte_docx.plantilla.nombres import reporte_de_muestra

    contexto = construir_contexto(reporte_de_muestra())
    plantilla = crear_entorno().from_string("{{ reporte.titulo.__class__.__mro__ }}")
    with pytest.raises(SecurityError):
        plantilla.render(contexto)


def test_safe_no_esta_permitido(tmp_path):
    plantilla = crear_plantilla(tmp_path / "mia.docx", "{{ reporte.justificacion|safe }}")
    (h,) = revisar_plantilla(plantilla)
    assert "«safe» no existe (no se permite" in h.mensaje


# -- plantilla verificar ----------------------------------------------------------


def test_verificar_etiqueta_sin_cerrar_cita_su_parrafo(tmp_path):
    plantilla = crear_plantilla(
        tmp_path / "mia.docx", "Título", "Dependencia: {{ reporte.dependencia", "Fin"
    )
    r = ejecutar("plantilla", "verificar", str(plantilla))
    assert r.returncode == 1
    assert "cuerpo" in r.stdout
    assert "no se cierra" in r.stdout and "«Dependencia: {{ reporte.dependencia»" in r.stdout


def test_verificar_for_sin_endfor_y_endfor_de_mas(tmp_path):
    plantilla = crear_plantilla(
        tmp_path / "mia.docx", FOR_ACTIVIDADES, "{{ a.nombre }}", FOR_FIRMAS, "{{ f.rol }}", FIN
    )
    (h,) = [h for h in revisar_plantilla(plantilla) if h.es_error]
    assert "«{%p for a in actividades %}» no se cierra: falta su «{%p endfor %}»" in h.mensaje

    plantilla = crear_plantilla(tmp_path / "otra.docx", "{{ reporte.titulo }}", FIN)
    (h,) = revisar_plantilla(plantilla)
    assert "cierra un bloque que no se abrió" in h.mensaje and "«{%p endfor %}»" in h.mensaje

    plantilla = crear_plantilla(tmp_path / "cruce.docx", FOR_ACTIVIDADES, "{%p if a.lugar %}", FIN)
    hallazgos = revisar_plantilla(plantilla)
    assert any("el último bloque abierto es «{%p if a.lugar %}»" in h.mensaje for h in hallazgos)


def test_verificar_error_de_sintaxis(tmp_path):
    plantilla = crear_plantilla(tmp_path / "mia.docx", "Hola", "Total: {{ reporte.programadas + }}")
    (h,) = revisar_plantilla(plantilla)
    assert h.codigo == "plantilla-sintaxis"
    assert "«Total: {{ reporte.programadas + }}»" in h.mensaje


def test_verificar_ubica_tabla_fila_y_celda(tmp_path):
    plantilla = crear_plantilla(
        tmp_path / "mia.docx",
        "Encabezado",
        tabla=[["Dependencia", "Programa"], ["{{ reporte.dependencia }}", "{{ reporte.progama }}"]],
    )
    (h,) = revisar_plantilla(plantilla)
    assert "cuerpo, tabla 1, fila 2, celda 2" in str(h)
    assert "¿quiso decir «programadas»?" in h.mensaje or "programa_presupuestario" in h.mensaje


def test_verificar_encabezado_y_pie(tmp_path):
    ruta = crear_plantilla(tmp_path / "mia.docx", "{{ reporte.titulo }}")
    documento = docx.Document(str(ruta))
    documento.sections[0].header.paragraphs[0].text = "Encabezado {{ reporte.dependecia }}"
    documento.sections[0].footer.paragraphs[0].text = "Página de {{ reporte.titulo|mayuscula }}"
    documento.save(ruta)
    textos = [str(h) for h in revisar_plantilla(ruta)]
    assert any(
        t.startswith("plantilla «mia.docx», encabezado") and "dependecia" in t for t in textos
    )
    assert any("pie de página" in t and "¿quiso decir «mayusculas»?" in t for t in textos)


def test_tr_fuera_de_una_tabla_y_texto_que_se_perderia(tmp_path):
    plantilla = crear_plantilla(
        tmp_path / "mia.docx",
        "{%tr for a in actividades %}",
        "{{ a.nombre }}",
        "{%tr endfor %}",
        "Firmas: {%p for f in firmas %}",
        "{{ f.nombre }}",
        FIN,
    )
    mensajes = [h.mensaje for h in revisar_plantilla(plantilla)]
    assert any(
        "«{%tr for a in actividades %}» sólo puede ir dentro de una fila" in m for m in mensajes
    )
    assert any("«Firmas:» desaparecería" in m for m in mensajes)


def test_tr_en_filas_de_una_tabla_funciona(tmp_path):
    plantilla = crear_plantilla(
        tmp_path / "mia.docx",
        "Firmas",
        tabla=[
            ["Rol", "Nombre"],
            ["{%tr for f in firmas %}", ""],
            ["{{ f.rol }}", "{{ f.nombre|mayusculas }}"],
            ["{%tr endfor %}", ""],
        ],
    )
    assert [h.codigo for h in _revision(plantilla)] == [FIRMAS_SIN_ESTILO]
    r, salida = _generar(tmp_path, plantilla)
    assert r.returncode == 0, r.stderr
    filas = [[c.text for c in f.cells] for f in docx.Document(str(salida)).tables[0].rows]
    assert filas == [["Rol", "Nombre"], ["Elaboró", "PERSONA UNO"], ["Revisó", "PERSONA DOS"]]
    assert_docx_valido(salida)


def test_bloque_que_abre_fuera_y_cierra_dentro_de_una_tabla(tmp_path):
    plantilla = crear_plantilla(
        tmp_path / "mia.docx", FOR_ACTIVIDADES, tabla=[["{{ a.nombre }}", FIN]]
    )
    mensajes = [h.mensaje for h in revisar_plantilla(plantilla)]
    assert any("niveles distintos" in m for m in mensajes), mensajes


# -- tags Word splits ---------------------------------------------------------------


def test_etiqueta_partida_en_varios_fragmentos_se_procesa(tmp_path):
    """Word splits "{{ reporte.dependencia }}" into runs (spell check, a bold letter)."""
    plantilla = crear_plantilla(
        tmp_path / "mia.docx",
        ["Dependencia: {{ repo", "rte.dependencia }}"],
        ["Título: {", "{ reporte.", ("tit", True), "ulo }", "}"],
        [FOR_ACTIVIDADES[:5], FOR_ACTIVIDADES[5:]],
        ["{{ a.nom", ("bre", True), " }}"],
        FIN,
    )
    texto = _generar_sin_problemas(tmp_path, plantilla)
    assert "Dependencia: SECRETARÍA DE GOBIERNO" in texto
    assert "Título: REPORTE DE PRUEBA" in texto
    assert "Foro de derechos" in texto and "Curso" in texto


def _parrafo_xml(ruta: Path, indice: int):
    documento = docx.Document(str(ruta))
    return documento, documento.paragraphs[indice]._p


def test_marcas_de_ortografia_y_marcadores_dentro_de_una_etiqueta(tmp_path):
    ruta = crear_plantilla(
        tmp_path / "mia.docx", ["Dependencia: {{ repo", "rte.depen", "dencia }}"], "Fin"
    )
    documento, p = _parrafo_xml(ruta, 0)
    runs = p.findall(qn("w:r"))
    error = p.makeelement(qn("w:proofErr"), {qn("w:type"): "spellStart"})
    runs[1].addprevious(error)
    marcador = p.makeelement(qn("w:bookmarkStart"), {qn("w:id"): "0", qn("w:name"): "_GoBack"})
    runs[2].addprevious(marcador)
    p.append(p.makeelement(qn("w:bookmarkEnd"), {qn("w:id"): "0"}))
    documento.save(ruta)
    assert _revision(ruta) == []
    r, salida = _generar(tmp_path, ruta)
    assert r.returncode == 0, r.stderr
    assert "Dependencia: SECRETARÍA DE GOBIERNO" in texto_docx(salida)
    assert_docx_valido(salida)


def test_etiqueta_cortada_por_un_hipervinculo_se_reporta(tmp_path):
    ruta = crear_plantilla(tmp_path / "mia.docx", ["Dependencia: {{ repo", "rte.dependencia }}"])
    documento, p = _parrafo_xml(ruta, 0)
    segundo = p.findall(qn("w:r"))[1]
    enlace = p.makeelement(qn("w:hyperlink"), {qn("w:anchor"): "x"})
    segundo.addprevious(enlace)
    enlace.append(segundo)
    documento.save(ruta)
    (h,) = revisar_plantilla(ruta)
    assert h.codigo == "plantilla-etiqueta-partida"
    assert "«Dependencia: {{ reporte.dependencia }}»" in h.mensaje
    r, salida = _generar(tmp_path, ruta)
    assert r.returncode == 1 and "bórrela y escríbala de nuevo" in r.stderr
    assert not salida.exists()


def test_cambios_controlados_en_una_etiqueta(tmp_path):
    ruta = crear_plantilla(tmp_path / "mia.docx", ["{{ reporte.", "dependencia }}"], "Otro")
    documento, p = _parrafo_xml(ruta, 0)
    segundo = p.findall(qn("w:r"))[1]
    insercion = p.makeelement(
        qn("w:ins"), {qn("w:id"): "1", qn("w:author"): "Ana", qn("w:date"): "2023-01-01T00:00:00Z"}
    )
    segundo.addprevious(insercion)
    insercion.append(segundo)
    borrado = copy.deepcopy(insercion)
    borrado.tag = qn("w:del")
    borrado.set(qn("w:id"), "2")
    t = borrado.find(f"{qn('w:r')}/{qn('w:t')}")
    t.tag, t.text = qn("w:delText"), "{{ reporte.titulo }}"
    documento.paragraphs[1]._p.append(borrado)
    documento.save(ruta)
    hallazgos = revisar_plantilla(ruta)
    assert [h.codigo for h in hallazgos] == ["plantilla-cambios-controlados"] * 2
    assert "Aceptar todos los cambios" in hallazgos[0].mensaje


def test_comillas_tipograficas_de_word_funcionan(tmp_path):
    plantilla = crear_plantilla(
        tmp_path / "mia.docx", "{{ reporte.titulo }}", "{{ “Quintana Roo”|mayusculas }}"
    )
    assert _revision(plantilla) == []
    r, salida = _generar(tmp_path, plantilla)
    assert r.returncode == 0, r.stderr
    assert "QUINTANA ROO" in texto_docx(salida)


def test_plantilla_danada_o_inexistente(tmp_path):
    falsa = tmp_path / "falsa.docx"
    falsa.write_bytes(b"no es un zip")
    r = ejecutar("plantilla", "verificar", str(falsa))
    assert r.returncode == 1 and "no es un documento de Word" in r.stderr
    r = ejecutar("plantilla", "verificar", str(tmp_path / "no.docx"))
    assert r.returncode == 1 and "no existe" in r.stderr


def test_formato_de_la_plantilla_se_conserva(tmp_path):
    """The run's formatting (here 16 pt bold) carries the value."""
    ruta = crear_plantilla(tmp_path / "mia.docx", [("{{ reporte.titulo }}", True)])
    documento = docx.Document(str(ruta))
    documento.paragraphs[0].runs[0].font.size = Pt(16)
    documento.save(ruta)
    r, salida = _generar(tmp_path, ruta)
    assert r.returncode == 0, r.stderr
    (run,) = docx.Document(str(salida)).paragraphs[0].runs
    assert run.text == "REPORTE DE PRUEBA" and run.bold and run.font.size == Pt(16)


def test_condiciones_con_p(tmp_path):
    plantilla = crear_plantilla(
        tmp_path / "mia.docx",
        FOR_ACTIVIDADES,
        "{%p if a.numero == 1 %}",
        "Primera: {{ a.nombre }}",
        "{%p else %}",
        "Otra: {{ a.nombre|mayusculas }}",
        "{%p endif %}",
        FIN,
    )
    texto = _generar_sin_problemas(tmp_path, plantilla)
    assert "Primera: Foro de derechos" in texto and "Otra: CURSO" in texto


def test_error_al_generar_cita_el_parrafo_aunque_no_se_revise_antes(tmp_path, monkeypatch):
    """The renderer's own errors (a backstop behind the linter) also name and locate the problem."""
    from reporte_docx import ErrorDePlantilla
    from reporte_docx.plantilla.nombres import reporte_de_muestra
    from reporte_docx.plantilla.render import renderizar_docx

    ruta = crear_plantilla(tmp_path / "mia.docx", "Hola", "{{ reporte.titulo }}")
    documento = docx.Document(str(ruta))
    documento.sections[0].header.paragraphs[0].text = "Dependencia: {{ reporte.dependenica }}"
    documento.save(ruta)
    reporte = reporte_de_muestra()
    reporte.actividades[0].fotografias = []
    with pytest.raises(ErrorDePlantilla) as e:
        renderizar_docx(reporte, ruta.read_bytes(), str(ruta))  # never checked beforehand
    (h,) = e.value.hallazgos
    assert h.lugar == "plantilla «mia.docx», encabezado 1"
    assert "el campo «dependenica» no existe (¿quiso decir «dependencia»?)" in h.mensaje
    assert "en el párrafo «Dependencia: {{ reporte.dependenica }}»" in h.mensaje
