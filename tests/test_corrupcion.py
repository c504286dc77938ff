"""Fuzz: random corruption of the sample workbook, a photo and the template always ends
in a clear Spanish error (or, when the damage happens to be harmless, a sound
document) — never a traceback, never a hang.

Most cases run in-process through :func:`reporte_docx.api.generar`, the function
the command line calls, under a time limit; a few go through the real command line.
"""

from __future__ import annotations

import contextlib
import io
import random
import re
import signal
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reporte_docx import ErrorInterno, ErrorReporte
from reporte_docx.api import generar_reporte as generar
from reporte_docx.plantilla.archivo import plantilla_oficial
from tests.utiles import DATOS, copiar_ejemplo, ejecutar

#: No case may take longer than this (the whole sample renders in about two seconds).
SEGUNDOS_POR_CASO = 30
ESPANOL = re.compile(r"\b(no|es|está|de|la|el|falta|dañad[oa]|válid[oa])\b")
_CAJA = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@contextlib.contextmanager
def limite_de_tiempo(segundos: int):
    """Fail the case, rather than hang the suite, when it takes longer than *segundos*."""

    def alarma(_s, _m):
        raise TimeoutError(f"el caso tardó más de {segundos} s")

    anterior = signal.signal(signal.SIGALRM, alarma)
    signal.alarm(segundos)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, anterior)


@st.composite
def corrupciones(draw, original: bytes, miembros: bool = True) -> bytes:
    """*original* damaged one way: bytes overwritten, cut short, or — for a zip — one
    part's XML damaged inside a zip that is itself intact (so the XML parser meets it)."""
    modos = ["bytes", "truncar", "cabecera"] + (["miembro"] if miembros else [])
    modo = draw(st.sampled_from(modos))
    datos = bytearray(original)
    if modo == "truncar":
        return bytes(datos[: draw(st.integers(0, len(datos) - 1))])
    if modo in ("bytes", "cabecera"):
        alcance = len(datos) if modo == "bytes" else min(len(datos), 2048)
        for _ in range(draw(st.integers(1, 20))):
            datos[draw(st.integers(0, alcance - 1))] = draw(st.integers(0, 255))
        return bytes(datos)
    with zipfile.ZipFile(io.BytesIO(original)) as z:
        partes = {n: z.read(n) for n in z.namelist()}
    nombre = draw(st.sampled_from(sorted(n for n in partes if n.endswith((".xml", ".rels")))))
    parte = bytearray(partes[nombre])
    for _ in range(draw(st.integers(1, 10))):
        parte[draw(st.integers(0, len(parte) - 1))] = draw(
            st.sampled_from(b"<>&\"'/ =x\0\1\xff{}%")
        )
    partes[nombre] = bytes(parte)
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in partes.items():
            z.writestr(n, b)
    return salida.getvalue()


def _caso(libro: Path, salida: Path, **opciones) -> None:
    """What the command line does with one workbook: a document, or an ErrorReporte."""
    salida.unlink(missing_ok=True)
    try:
        with limite_de_tiempo(SEGUNDOS_POR_CASO):
            generar(libro, salida, **opciones)
    except ErrorInterno as e:  # a bug of ours, never the input's fault
        pytest.fail(f"error interno con una entrada dañada: {e}")
    except ErrorReporte as e:
        mensaje = str(e) + " ".join(str(h) for h in getattr(e, "hallazgos", []))
        assert ESPANOL.search(mensaje), mensaje
        assert "Traceback" not in mensaje
        assert not salida.exists()
    else:
        assert salida.read_bytes()[:2] == b"PK"


@pytest.fixture(scope="module")
def ejemplo(tmp_path_factory) -> Path:
    return copiar_ejemplo(tmp_path_factory.mktemp("ejemplo"))


ORIGINAL_LIBRO = (DATOS / "reporte_ejemplo.xlsx").read_bytes()
FOTO = DATOS / "fotos" / "oficinas_subsecretaria.jpg"
ORIGINAL_FOTO = FOTO.read_bytes()
ORIGINAL_PLANTILLA = plantilla_oficial().read_bytes()


@settings(_CAJA, max_examples=80)
@given(datos=corrupciones(ORIGINAL_LIBRO))
def test_libro_danado(ejemplo, datos):
    danado = ejemplo.with_name("danado.xlsx")
    danado.write_bytes(datos)
    _caso(danado, ejemplo.with_name("danado.docx"))


@settings(_CAJA, max_examples=40)
@given(datos=corrupciones(ORIGINAL_FOTO, miembros=False))
def test_foto_danada(ejemplo, datos):
    foto = ejemplo.parent / "fotos" / FOTO.name
    foto.write_bytes(datos)
    try:
        _caso(ejemplo, ejemplo.with_suffix(".docx"))
    finally:
        foto.write_bytes(ORIGINAL_FOTO)  # the other tests use the sample as it is


@settings(_CAJA, max_examples=80)
@given(datos=corrupciones(ORIGINAL_PLANTILLA))
def test_plantilla_danada(ejemplo, datos):
    plantilla = ejemplo.with_name("plantilla.docx")
    plantilla.write_bytes(datos)
    _caso(ejemplo, ejemplo.with_suffix(".docx"), plantilla=plantilla)


@pytest.mark.parametrize("semilla", range(2))
def test_por_la_linea_de_comandos_nunca_un_traceback(tmp_path, semilla):
    """The real command line, on each kind of damage: exit 0 or 1 and Spanish, never a traceback."""
    azar = random.Random(semilla)

    def danar(datos: bytes) -> bytes:
        datos = bytearray(datos)
        for _ in range(20):
            datos[azar.randrange(len(datos))] = azar.randrange(256)
        return bytes(datos)

    libro = copiar_ejemplo(tmp_path)
    danado = tmp_path / "danado.xlsx"
    danado.write_bytes(danar(ORIGINAL_LIBRO))
    (tmp_path / "fotos" / FOTO.name).write_bytes(danar(ORIGINAL_FOTO)[: len(ORIGINAL_FOTO) // 2])
    plantilla = tmp_path / "plantilla.docx"
    plantilla.write_bytes(danar(ORIGINAL_PLANTILLA))
    for args in (
        [str(danado)],
        [str(libro)],
        [str(libro), "--plantilla", str(plantilla), "-o", str(tmp_path / "p.docx")],
    ):
        r = ejecutar("generar", *args, timeout=120)
        assert r.returncode in (0, 1), r.stderr
        assert "Traceback" not in r.stderr and "error inesperado" not in r.stderr, r.stderr
        if r.returncode == 1:
            assert ESPANOL.search(r.stderr), r.stderr
