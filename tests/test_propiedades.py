"""Property-based: any Unicode text in any field of a Reporte renders to a sound document
that holds the text verbatim (XML-forbidden characters dropped, nothing else changed).

Rendering runs in-process for every case; Microsoft's validator (about two seconds a
run) checks one document that gathers every case's activities and signatures, plus
a few single cases.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reporte_docx import (
    Actividad,
    Evento,
    Firma,
    Fotografia,
    Reporte,
    TablaEventos,
    renderizar_reporte,
)
from reporte_docx.api.render import textos_con_llave as _todos_los_textos
from reporte_docx.modelo import ANIO_MINIMO, anio_maximo
from reporte_docx.texto import normalizar_saltos, quitar_prohibidos_xml
from tests.utiles import assert_docx_valido, crear_foto

CASOS = 100
ESPECIALES = [
    "<", ">", "&", '"', "'", "]]>", "&amp;", "&#1;", "{{", "}}", "{%", "%}", "{#", "#}",
    "{_{", "}_}", "{{ reporte.titulo }}", "{%p if x %}", "{{p a.galeria }}", "\r\n", "\r",
    "\n", "\t", "\x00", "\x01", "\x0b", "\x0c", "\x07", "\x1f", "\x7f", "\x85", "\ufffe",
    "\uffff", "\ud800", "\udfff", "\u2028", "\u202e", "\u200f", "שלום", "مرحبا", "🎉",
    "👩🏽‍⚖️", "ñÑáéíóú", "  ", " ",
]  # fmt: skip
_CARACTER = st.one_of(st.characters(), st.sampled_from(ESPECIALES))
_CORTO = st.lists(_CARACTER, max_size=30).map("".join)
# very long: a short piece repeated, so that drawing it stays cheap
_LARGO = st.builds(
    lambda s, n: s * n, st.lists(_CARACTER, min_size=1, max_size=8).map("".join),
    st.integers(100, 600),
)  # fmt: skip
# one field in ten is long: enough to meet long values often, without slowing every case
TEXTO = st.integers(0, 9).flatmap(lambda n: _LARGO if n == 0 else _CORTO)
# a field the report's rules require: anything at all, as long as it is not blank
LLENO = TEXTO.map(lambda s: s if s.strip() else s + "x")


@st.composite
def reportes(draw, foto) -> Reporte:
    """Any report the rules accept: required fields not blank, a year they allow."""
    t = lambda: draw(TEXTO)  # noqa: E731
    lleno = lambda: draw(LLENO)  # noqa: E731
    return Reporte(
        dependencia=lleno(),
        titulo=lleno(),
        ejercicio=draw(st.integers(ANIO_MINIMO, anio_maximo())),
        trimestre=draw(st.integers(1, 4)),
        programa_presupuestario=t(),
        unidad_responsable_programa=t(),
        unidad_responsable_fuente=t(),
        nivel_objetivo=t(),
        indicador=t(),
        descripcion_avance=t(),
        variable_programada=t(),
        variable_realizada=t(),
        programadas=draw(st.integers(0, 10**6)),
        realizadas=draw(st.integers(0, 10**6)),
        justificacion=lleno(),
        objetivo=t(),
        actividades=[
            Actividad(
                id=lleno(),
                nombre=lleno(),
                fecha=draw(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))),
                lugar=lleno(),
                descripcion=lleno(),
                objetivo=t(),
                fotografias=[Fotografia(foto, t())],
                tablas=[TablaEventos(lleno(), [Evento(dt.date(2023, 6, 1), lleno())])],
            )
        ],
        firmas=[Firma(lleno(), lleno(), lleno())],
    )


def _como_en_word(texto: str) -> str:
    """What a value must read as in the document: line ends unified, forbidden chars gone."""
    return quitar_prohibidos_xml(normalizar_saltos(texto))


def _esperados(reporte: Reporte) -> list[tuple[str, str]]:
    """(field, text that must appear) for every text the template shows."""
    campos = [
        (f.name, getattr(reporte, f.name))
        for f in dataclasses.fields(reporte)
        if isinstance(getattr(reporte, f.name), str) and f.name != "objetivo"
    ]
    for a in reporte.actividades:
        campos += [("nombre", a.nombre), ("lugar", a.lugar), ("descripcion", a.descripcion)]
        campos.append(("objetivo", reporte.objetivo_de(a)))
        campos += [("pie", f.pie) for f in a.fotografias]
        for tabla in a.tablas:
            campos.append(("titulo de tabla", tabla.titulo))
            campos += [("evento", e.evento) for e in tabla.eventos]
    for f in reporte.firmas:
        campos += [("rol", f.rol), ("nombre de firma", f.nombre), ("cargo", f.cargo)]
    return [(campo, _como_en_word(valor)) for campo, valor in campos]


def _texto_completo(documento: bytes) -> str:
    """Every paragraph (tables, nested tables, headers, footers) as python-docx reads it:
    ``w:br`` as "\\n", ``w:tab`` as "\\t"."""
    d = docx.Document(io.BytesIO(documento))
    textos = []

    def bloque(contenedor) -> None:
        textos.extend(p.text for p in contenedor.paragraphs)
        for t in contenedor.tables:
            for fila in t.rows:
                for celda in fila.cells:
                    bloque(celda)

    bloque(d)
    for s in d.sections:
        bloque(s.header)
        bloque(s.footer)
    return "\n".join(textos)


def test_texto_arbitrario_en_todos_los_campos(tmp_path):
    foto = crear_foto(tmp_path / "foto.png", (60, 40))
    documentos: list[bytes] = []
    casos: list[Reporte] = []

    @settings(
        max_examples=CASOS,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(reporte=reportes(foto))
    def caso(reporte: Reporte) -> None:
        # renderizar_reporte runs the structural check (verificar_docx) before it returns
        documento = renderizar_reporte(reporte)
        completo = _texto_completo(documento)
        for campo, esperado in _esperados(reporte):
            assert esperado in completo, (campo, esperado)
        documentos.append(documento)
        casos.append(reporte)

    caso()
    assert len(casos) >= CASOS // 2
    # Microsoft's validator: one document with every case's activities and signatures…
    todo = dataclasses.replace(
        casos[0],
        # ids made distinct, as the rules require of one report
        actividades=[
            dataclasses.replace(a, id=f"{n}-{a.id}")
            for n, a in enumerate(a for r in casos for a in r.actividades)
        ],
        firmas=[f for r in casos for f in r.firmas],
    )
    ruta = tmp_path / "todos.docx"
    ruta.write_bytes(renderizar_reporte(todo))
    assert_docx_valido(ruta, _todos_los_textos(todo))
    # …and a few single cases, for the fields outside the activities
    for i, documento in enumerate(documentos[:: max(1, len(documentos) // 4)][:4]):
        ruta = tmp_path / f"caso{i}.docx"
        ruta.write_bytes(documento)
        assert_docx_valido(ruta, _todos_los_textos(casos[documentos.index(documento)]))


def test_espacios_al_borde_se_conservan_en_word():
    """Word drops edge and repeated spaces of a w:t without xml:space="preserve"."""
    import zipfile

    reporte = Reporte(
        "D",
        "  dos espacios  al borde ",
        2023,
        1,
        actividades=[Actividad("1", "A", dt.date(2023, 2, 1), "L", "D")],
        firmas=[Firma("Elaboró", "N", "C")],
    )
    with zipfile.ZipFile(io.BytesIO(renderizar_reporte(reporte))) as z:
        cuerpo = z.read("word/document.xml").decode()
    assert '<w:t xml:space="preserve">  dos espacios  al borde </w:t>' in cuerpo
