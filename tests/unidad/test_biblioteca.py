"""The library's data and contracts, without files, LibreOffice or processes (milliseconds)."""

from __future__ import annotations

import datetime as dt
import io
import json
import pickle
import pydoc
import re
from decimal import Decimal
from pathlib import Path

import pytest

import reporte_docx
from reporte_docx import (
    Actividad,
    Cancelado,
    Codigo,
    ErrorDeDatos,
    ErrorDePlantilla,
    ErrorDeSalida,
    ErrorInterno,
    ErrorReporte,
    Evento,
    Firma,
    Fotografia,
    Hallazgo,
    Reporte,
    Severidad,
    TablaEventos,
    validar_reporte,
)
from reporte_docx.origen import leer_origen
from reporte_docx.texto import escapar_xml

RAIZ = Path(__file__).resolve().parents[2]


def _reporte(**cambios: object) -> Reporte:
    datos: dict[str, object] = {
        "dependencia": "SECRETARÍA",
        "titulo": "REPORTE",
        "ejercicio": 2023,
        "trimestre": 2,
        "programa_presupuestario": "P",
        "unidad_responsable_programa": "U",
        "unidad_responsable_fuente": "F",
        "nivel_objetivo": "N",
        "indicador": "I",
        "descripcion_avance": "D",
        "variable_programada": "VP",
        "variable_realizada": "VR",
        "programadas": 3,
        "realizadas": 3,
        "objetivo": "Objetivo",
        "actividades": [
            Actividad(
                "1",
                "SESIÓN",
                dt.date(2023, 5, 31),
                "Sala",
                "Descripción",
                fotografias=[Fotografia("fotos/a.jpg", "Pie")],
                tablas=[TablaEventos("CALENDARIO", [Evento(dt.date(2023, 6, 5), "Reunión")])],
            )
        ],
        "firmas": [Firma("Elaboró", "Ana", "Jefa")],
    }
    datos.update(cambios)
    return Reporte(**datos)  # type: ignore[arg-type]


# -- exceptions as data ---------------------------------------------------------------

HALLAZGOS = [
    Hallazgo("campo-vacio", "falta", hoja="Actividades", fila=3, columna="Fecha"),
    Hallazgo("foto-no-existe", "no está", lugar="Reporte.actividades[0]", actividad="1", foto=0),
]


@pytest.mark.parametrize(
    "error",
    [
        ErrorDeDatos(HALLAZGOS),
        ErrorDePlantilla("la plantilla tiene errores", HALLAZGOS),
        ErrorDeSalida("no se puede escribir"),
        ErrorInterno("un error nuestro"),
        Cancelado(),
    ],
    ids=lambda e: type(e).__name__,
)
def test_toda_excepcion_cruza_pickle_con_sus_hallazgos(error: ErrorReporte):
    copia = pickle.loads(pickle.dumps(error))
    assert type(copia) is type(error)
    assert str(copia) == str(error)
    assert copia.hallazgos == error.hallazgos
    # and as JSON, for a web service
    assert json.loads(json.dumps(copia.como_dict())) == error.como_dict()
    assert copia.como_dict()["tipo"] == type(error).__name__


def test_hallazgo_ida_y_vuelta_por_dict_y_severidad_como_constante():
    for h in HALLAZGOS:
        assert Hallazgo.desde_dict(json.loads(json.dumps(h.como_dict()))) == h
    assert Hallazgo("x", "y", "aviso").severidad is Severidad.AVISO
    assert HALLAZGOS[0].codigo == Codigo.CAMPO_VACIO
    with pytest.raises(ValueError):
        Hallazgo("x", "y", "grave")


def test_cada_codigo_que_produce_el_paquete_esta_en_codigo():
    """A program may rely on Codigo listing every code it can meet."""
    fuentes = "".join(p.read_text() for p in (RAIZ / "reporte_docx").rglob("*.py"))
    usados = set(re.findall(r'Hallazgo\(\s*"([a-z0-9-]+)"', fuentes))
    usados |= set(
        re.findall(r'(?:agregar|_falla|problema)\(\s*(?:\w+,\s*)?"([a-z0-9-]+)"', fuentes)
    )
    conocidos = {c.value for c in Codigo}
    faltan = sorted(usados - conocidos)
    assert usados and not faltan, f"agregue estos códigos a reporte_docx.errores.Codigo: {faltan}"


# -- the model: types checked on construction, rules as findings ---------------------


@pytest.mark.parametrize(
    ("construir", "campo"),
    [
        (lambda: Evento(None, "x"), "Evento.fecha"),  # type: ignore[arg-type]
        (lambda: Evento("2023-05-31", "x"), "Evento.fecha"),  # type: ignore[arg-type]
        (lambda: Evento(dt.date(2023, 5, 31), None), "Evento.evento"),  # type: ignore[arg-type]
        (lambda: Fotografia(None), "Fotografia.archivo"),  # type: ignore[arg-type]
        (lambda: Firma("Elaboró", None, "Jefa"), "Firma.nombre"),  # type: ignore[arg-type]
        (lambda: _reporte(ejercicio="2023"), "Reporte.ejercicio"),
        (lambda: _reporte(trimestre=True), "Reporte.trimestre"),
        (lambda: _reporte(titulo=None), "Reporte.titulo"),
        (lambda: _reporte(firmas=[("Elaboró", "Ana", "Jefa")]), "Reporte.firmas"),
        (
            lambda: Actividad("1", None, dt.date(2023, 5, 1), "L", "D"),  # type: ignore[arg-type]
            "Actividad.nombre",
        ),
    ],
)
def test_un_valor_que_falta_o_de_otro_tipo_es_typeerror_que_nombra_el_campo(construir, campo):
    with pytest.raises(TypeError, match=re.escape(campo)):
        construir()


def test_rutas_como_texto_y_opcionales_vacios():
    assert Fotografia("fotos/a.jpg").archivo == Path("fotos/a.jpg")
    assert _reporte(justificacion=None).justificacion == ""


def test_validar_reporte_aplica_las_reglas_del_libro():
    malo = _reporte(
        actividades=[],
        firmas=[],
        realizadas=2,
        justificacion="",
        trimestre=5,
        ejercicio=1999,
    )
    codigos = {h.codigo for h in validar_reporte(malo) if h.es_error}
    assert codigos == {
        "sin-actividades",
        "sin-firmas",
        "falta-justificacion",
        "trimestre-fuera",
        "ejercicio-invalido",
    }
    assert validar_reporte(_reporte(), revisar_fotos=False) == []


def test_hallazgos_de_un_modelo_dicen_actividad_foto_y_ruta():
    actividad = Actividad(
        "7",
        "",
        dt.date(2023, 1, 5),
        "Sala",
        "D",
        fotografias=[Fotografia("fotos/a.jpg"), Fotografia("fotos/no-existe.jpg")],
    )
    hallazgos = validar_reporte(_reporte(actividades=[actividad]))
    vacio = next(h for h in hallazgos if h.codigo == "campo-vacio")
    assert (vacio.actividad, vacio.lugar) == ("7", "Reporte.actividades[0].nombre")
    fuera = next(h for h in hallazgos if h.codigo == "fecha-fuera-de-trimestre")
    assert not fuera.es_error
    foto = next(h for h in hallazgos if h.ruta == "fotos/no-existe.jpg")
    assert (foto.codigo, foto.actividad, foto.foto) == ("foto-no-existe", "7", 1)


def test_reporte_ida_y_vuelta_por_json():
    reporte = _reporte(programadas=Decimal("2.5"), realizadas=3, justificacion="J")
    datos = json.loads(json.dumps(reporte.como_dict()))
    assert datos["actividades"][0]["fecha"] == "2023-05-31"
    assert datos["actividades"][0]["fotografias"][0]["archivo"] == "fotos/a.jpg"
    assert Reporte.desde_dict(datos) == reporte


@pytest.mark.parametrize(
    ("cambio", "mensaje"),
    [
        ({"titutlo": "x"}, r"Reporte: claves desconocidas \['titutlo'\]"),
        ({"ejercicio": None}, r"Reporte.ejercicio"),
        ({"programadas": "muchas"}, r"Reporte.programadas: «muchas» no es un número"),
    ],
)
def test_desde_dict_dice_que_campo_esta_mal(cambio, mensaje):
    datos = {**_reporte().como_dict(), **cambio}
    with pytest.raises((ValueError, TypeError), match=mensaje):
        Reporte.desde_dict(datos)
    fecha_mala = _reporte().como_dict()
    fecha_mala["actividades"][0]["fecha"] = "31/05/2023"
    with pytest.raises(ValueError, match=r"actividades\[0\]\.fecha: «31/05/2023» no es una fecha"):
        Reporte.desde_dict(fecha_mala)


def _sin(datos, *camino):
    """*datos* without the key at the end of *camino* (keys and list indexes)."""
    for paso in camino[:-1]:
        datos = datos[paso]
    del datos[camino[-1]]


@pytest.mark.parametrize(
    ("cambiar", "error", "mensaje"),
    [
        # a missing key is named where it is, in Spanish (not Python's «missing 1 required…»)
        (lambda d: _sin(d, "titulo"), ValueError, r"^Reporte\.titulo: falta \(es obligatorio\)$"),
        (
            lambda d: _sin(d, "actividades", 0, "nombre"),
            ValueError,
            r"^Reporte\.actividades\[0\]\.nombre: falta",
        ),
        # a value of the wrong type is named by its place in the data, index included
        (
            lambda d: d["firmas"][0].update(rol=5),
            TypeError,
            r"^Reporte\.firmas\[0\]\.rol: se esperaba un texto",
        ),
        (
            lambda d: d["actividades"][0].update(fecha=None),
            TypeError,
            r"^Reporte\.actividades\[0\]\.fecha: se esperaba una fecha",
        ),
        # a list given as something else is said as such, not iterated
        (
            lambda d: d.update(actividades=None),
            TypeError,
            r"^Reporte\.actividades: se esperaba una lista",
        ),
        (
            lambda d: d["actividades"][0].update(fotografias="a.jpg"),
            TypeError,
            r"^Reporte\.actividades\[0\]\.fotografias: se esperaba una lista, no str",
        ),
    ],
)
def test_desde_dict_nombra_el_campo_con_su_indice(cambiar, error, mensaje):
    datos = json.loads(json.dumps(_reporte().como_dict()))
    cambiar(datos)
    with pytest.raises(error, match=mensaje) as e:
        Reporte.desde_dict(datos)
    assert "positional" not in str(e.value) and "__init__" not in str(e.value)


def test_fechas_fuera_del_trimestre_como_las_dice_el_libro():
    """The model's date rule is the workbook's: judged only against a plausible year,
    and a period is named whole (its last day may be the one outside)."""
    codigos = [h.codigo for h in validar_reporte(_reporte(ejercicio=1900), revisar_fotos=False)]
    assert codigos == [Codigo.EJERCICIO_INVALIDO]
    largo = Actividad("1", "S", dt.date(2023, 6, 29), "Sala", "D", fecha_fin=dt.date(2023, 7, 2))
    fuera = next(
        h
        for h in validar_reporte(_reporte(actividades=[largo]), revisar_fotos=False)
        if h.codigo == Codigo.FECHA_FUERA_DE_TRIMESTRE
    )
    assert fuera.mensaje == (  # word for word as the workbook says it (libro/reglas.py)
        "el periodo del 29/06/2023 al 02/07/2023 sale del trimestre reportado "
        "(01/04/2023 a 30/06/2023)"
    )
    assert fuera.valor == "29/06/2023 a 02/07/2023"


# -- inputs, escaping, the public surface ----------------------------------------------


def test_origen_en_memoria_o_un_typeerror_claro():
    assert leer_origen(b"PK", "libro") == b"PK"
    assert leer_origen(io.BytesIO(b"PK"), "libro") == b"PK"
    with pytest.raises(TypeError, match="modo binario"):
        leer_origen(io.StringIO("x"), "libro")
    with pytest.raises(TypeError, match="libro: se esperaba una ruta"):
        leer_origen(42, "libro")


def test_un_solo_escape_para_el_texto_de_word():
    assert escapar_xml("a & <b>\r\n{{ x }}\x00") == "a &amp; &lt;b&gt;\n&#123;&#123; x &#125;&#125;"


def test_la_api_publica_se_ve_en_help_y_exporta_lo_que_devuelve():
    texto = pydoc.render_doc(reporte_docx, renderer=pydoc.plaintext)
    for nombre in ("generar_reporte", "renderizar_reporte", "validar_reporte", "Resultado",
                   "Lectura", "Plantilla", "Verificacion"):  # fmt: skip
        assert nombre in reporte_docx.__all__
        assert nombre in texto
    for nombre in reporte_docx.__all__:
        assert getattr(reporte_docx, nombre) is not None


def test_las_funciones_publicas_dicen_que_lanzan():
    for nombre in ("generar_reporte", "renderizar_reporte", "guardar_reporte", "leer_libro"):
        doc = getattr(reporte_docx, nombre).__doc__
        assert ":raises" in doc and (":param" in doc or "Parameters as" in doc), nombre


def test_los_limites_de_la_api_son_los_que_usan_las_fotos():
    """opciones.py names them without loading Pillow; the photo code must agree with it."""
    from reporte_docx import opciones
    from reporte_docx.fotos import proceso

    for nombre in ("DPI_PREDETERMINADO", "DPI_MINIMO", "DPI_MAXIMO"):
        assert getattr(opciones, nombre) == getattr(proceso, nombre), nombre


def test_el_json_del_readme_es_un_reporte():
    """The JSON shape the README shows is what Reporte.desde_dict reads."""
    import textwrap

    seccion = (RAIZ / "README.md").read_text().split("## Desde Python", 1)[1]
    bloque = re.search(r"```json\n(.*?)```", seccion, re.DOTALL)
    assert bloque, "el README perdió su ejemplo de JSON"
    reporte = Reporte.desde_dict(json.loads(textwrap.dedent(bloque[1])))
    assert reporte.actividades[0].tablas[0].eventos[0].evento == "Reunión"
    assert Reporte.desde_dict(reporte.como_dict()) == reporte


# -- the other commands: a caller's mistake said before any work ----------------------


@pytest.mark.parametrize("procesos", [0, -1, "dos", True])
def test_grupo_de_procesos_con_un_numero_que_no_sirve(procesos):
    """Checked as ``procesos=`` is for a render: not a pool of 0 started, nor a raw
    «'<=' not supported» from inside concurrent.futures."""
    with (
        pytest.raises(ValueError, match=f"procesos={procesos!r}: use un entero de 1"),
        reporte_docx.grupo_de_procesos(procesos),
    ):
        pass


def test_verificar_un_documento_que_no_existe_lo_dice_en_espanol(tmp_path):
    falta = tmp_path / "nada.docx"
    (h,) = reporte_docx.verificar_documento(falta).errores
    assert h.codigo == Codigo.DOCX_NO_EXISTE
    assert "no existe" in str(h) and "Errno" not in str(h) and "zip" not in str(h)
    assert reporte_docx.verificar_docx(tmp_path) == [str(h).replace(str(falta), str(tmp_path))]


def test_convertir_a_pdf_un_documento_que_no_existe(tmp_path):
    """Said before LibreOffice runs, not its English stderr nor «el .docx sí se escribió»."""
    with pytest.raises(ErrorDeSalida) as e:
        reporte_docx.convertir_a_pdf(tmp_path / "nada.docx")
    assert "no existe" in str(e.value) and "escribió" not in str(e.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("argumentos", "mensaje"),
    [
        ({"fecha": "2023-01-01"}, r"fecha='2023-01-01': use un datetime\.datetime"),
        ({"fecha": dt.date(2023, 1, 1)}, r"fecha=datetime\.date\(2023, 1, 1\): use un datetime"),
        ({"libro_sha256": 5}, r"libro_sha256=5: use un texto"),
    ],
)
def test_sello_del_documento_de_tipo_equivocado(argumentos, mensaje):
    """A TypeError naming the argument, before any work: not an AttributeError
    («'str' object has no attribute 'tzinfo'») once the document is rendered."""
    for funcion in (reporte_docx.renderizar_reporte, reporte_docx.guardar_reporte):
        extra = {"salida": "nunca.docx"} if funcion is reporte_docx.guardar_reporte else {}
        with pytest.raises(TypeError, match=mensaje):
            funcion(_reporte(), **extra, **argumentos)
    assert not Path("nunca.docx").exists()


def test_validar_reporte_avisa_de_textos_largos_como_el_libro():
    """The workbook contract's lengths (declared once, in libro/contrato.py) apply to a
    model built in code too: the workbook warned of a 40,000-character description and
    validar_reporte said nothing."""
    from reporte_docx.libro.contrato import CONTRATO

    maximo = CONTRATO.hoja("actividades").columna("descripcion").largo_maximo
    pie = CONTRATO.hoja("fotografias").columna("pie").largo_maximo
    assert maximo is not None and pie is not None
    actividad = Actividad(
        "7",
        "S",
        dt.date(2023, 5, 31),
        "Sala",
        "x" * (maximo + 1),
        fotografias=[Fotografia("a.jpg", "corto"), Fotografia("b.jpg", "p" * (pie + 1))],
    )
    largos = [
        h
        for h in validar_reporte(
            _reporte(actividades=[actividad], indicador="i" * 5000), revisar_fotos=False
        )
        if h.codigo == Codigo.TEXTO_MUY_LARGO
    ]
    assert [(h.lugar, h.actividad, h.foto) for h in largos] == [
        ("Reporte.indicador", None, None),
        ("Reporte.actividades[0].descripcion", "7", None),
        ("Reporte.actividades[0].fotografias[1].pie", "7", 1),
    ]
    assert all(not h.es_error for h in largos)
    assert f"{maximo + 1} caracteres" in largos[1].mensaje


def test_el_mensaje_de_errordedatos_concuerda_en_numero():
    """«Se encontró 1 error», «Se encontraron 2 errores»: not «1 error(es)» (a web page
    or a log shows this text as it is)."""
    uno = ErrorDeDatos([Hallazgo("campo-vacio", "a"), Hallazgo("campo-vacio", "b", "aviso")])
    dos = ErrorDeDatos([Hallazgo("campo-vacio", "a"), Hallazgo("campo-vacio", "b")])
    assert str(uno).startswith("Se encontró 1 error en los datos:\n- a")
    assert "aviso" not in str(uno) and "b" not in str(uno).split("\n", 1)[1]
    assert str(dos).startswith("Se encontraron 2 errores en los datos:\n- a\n- b")


def test_foto_sin_ruta_es_un_hallazgo_no_un_typeerror_confuso():
    """``Fotografia("")`` (an empty cell in JSON) is the rule «falta la ruta», located; it
    raised «se esperaba la ruta (str o Path), no str ''»."""
    actividad = Actividad("1", "S", dt.date(2023, 5, 31), "Sala", "D", fotografias=[Fotografia("")])
    (h,) = [
        h
        for h in validar_reporte(_reporte(actividades=[actividad]), revisar_fotos=False)
        if h.es_error
    ]
    assert (h.codigo, h.lugar, h.foto) == (
        Codigo.CAMPO_VACIO,
        "Reporte.actividades[0].fotografias[0].archivo",
        0,
    )


def test_validar_reporte_con_carpeta_de_fotos_como_renderizar(tmp_path):
    """validar_reporte finds the photos where renderizar_reporte will (carpeta_fotos=),
    and refuses one that leaves the folder, instead of opening any path of the server."""
    from PIL import Image

    raiz = tmp_path / "raiz"
    raiz.mkdir()
    Image.new("RGB", (8, 6)).save(raiz / "dentro.jpg")
    Image.new("RGB", (8, 6)).save(tmp_path / "fuera.jpg")
    fotos = [Fotografia("dentro.jpg"), Fotografia("../fuera.jpg")]
    actividad = Actividad("4", "S", dt.date(2023, 5, 31), "Sala", "D", fotografias=fotos)
    reporte = _reporte(actividades=[actividad])
    (h,) = [h for h in validar_reporte(reporte, carpeta_fotos=raiz) if h.es_error]
    assert (h.actividad, h.foto, h.lugar) == ("4", 1, "Reporte.actividades[0].fotografias[1]")
    assert "fuera de la carpeta" in h.mensaje and str(tmp_path) not in h.mensaje
