"""Nothing is ever lost: refusal to overwrite, backups of edited files, interrupted and
concurrent runs.

Interruptions use the real command line in a subprocess. To stop a run at the
worst moment — the new document fully written to its temporary file, not yet
renamed — a tiny launcher makes ``os.replace`` announce itself and wait.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from reporte_docx import Actividad, ErrorDeSalida, Firma, Reporte, guardar_reporte
from reporte_docx.documento.paquete import PROP_LIBRO, PROP_VERSION, fue_editado, leer_propiedades
from reporte_docx.documento.salida import EDAD_TEMPORAL_ABANDONADO, respaldar
from tests.utiles import RAIZ, assert_docx_valido, crear_libro, ejecutar

RESPALDO = re.compile(r"reporte\.respaldo-\d{8}-\d{6}(-\d+)?\.docx")

# os.replace says when the temporary file is complete, then waits to be interrupted
LANZADOR = """
import os, sys, time
real = os.replace
def lento(a, b):
    print("ESCRITO", flush=True)
    time.sleep(60)
    real(a, b)
os.replace = lento
from reporte_docx.cli.principal import main
sys.exit(main(sys.argv[1:]))
"""


def _archivos(carpeta: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(carpeta.iterdir()) if p.is_file()}


def _generar(libro: Path, salida: Path, *extra: str) -> subprocess.CompletedProcess:
    r = ejecutar("generar", str(libro), "-o", str(salida), *extra)
    assert "Traceback" not in r.stderr
    return r


@pytest.fixture
def generado(tmp_path) -> tuple[Path, Path]:
    """A workbook and the report generated from it, untouched: (workbook, report)."""
    libro = crear_libro(tmp_path / "libro.xlsx")
    salida = tmp_path / "reporte.docx"
    r = _generar(libro, salida)
    assert r.returncode == 0, r.stderr
    return libro, salida


def test_el_documento_registra_version_libro_y_cuerpo(generado):
    libro, salida = generado
    propiedades = leer_propiedades(salida)
    from reporte_docx import __version__
    from reporte_docx.documento.paquete import huella

    assert propiedades[PROP_VERSION] == __version__
    assert propiedades[PROP_LIBRO] == huella(libro.read_bytes())
    assert not fue_editado(salida)
    # Word shows them under File > Properties > Custom; the package stays valid with them
    assert_docx_valido(salida)


def test_sin_sobrescribir_se_niega_y_no_toca_nada(generado):
    libro, salida = generado
    antes = _archivos(salida.parent)
    r = _generar(libro, salida)
    assert r.returncode == 1
    assert "ya existe" in r.stderr and "--sobrescribir" in r.stderr
    assert _archivos(salida.parent) == antes


def test_un_archivo_sin_editar_se_reemplaza_sin_respaldo(generado):
    libro, salida = generado
    r = _generar(libro, salida, "--sobrescribir")
    assert r.returncode == 0, r.stderr
    assert "respaldo" not in r.stdout + r.stderr
    assert sorted(p.name for p in salida.parent.iterdir()) == ["libro.xlsx", "reporte.docx"]


def _editar_en_word(ruta: Path, cambio) -> bytes:
    """Simulate an edit in Word: open with python-docx, change something, save."""
    documento = docx.Document(str(ruta))
    cambio(documento)
    documento.save(str(ruta))
    return ruta.read_bytes()


@pytest.mark.parametrize(
    "cambio",
    [
        pytest.param(lambda d: d.add_paragraph("Firmado por la Directora."), id="cuerpo"),
        pytest.param(
            lambda d: d.sections[0].header.add_paragraph("Copia de archivo"), id="encabezado"
        ),
        pytest.param(lambda d: setattr(d.core_properties, "title", "Mío"), id="propiedades"),
    ],
)
def test_un_archivo_editado_se_respalda_antes_de_reemplazarlo(generado, cambio):
    libro, salida = generado
    editado = _editar_en_word(salida, cambio)
    assert fue_editado(salida)
    r = _generar(libro, salida)
    assert r.returncode == 1 and _archivos(salida.parent)["reporte.docx"] == editado
    r = _generar(libro, salida, "--sobrescribir")
    assert r.returncode == 0, r.stderr
    respaldos = [p for p in salida.parent.iterdir() if RESPALDO.fullmatch(p.name)]
    assert len(respaldos) == 1, list(salida.parent.iterdir())
    assert respaldos[0].read_bytes() == editado
    assert f"se guardó una copia en «{respaldos[0]}»" in r.stdout
    assert not fue_editado(salida)  # the new one is ours, untouched
    assert salida.read_bytes() != editado


def test_un_archivo_ajeno_tambien_se_respalda(tmp_path):
    libro = crear_libro(tmp_path / "libro.xlsx")
    salida = tmp_path / "reporte.docx"
    docx.Document().save(str(salida))  # a Word document this tool did not write
    ajeno = salida.read_bytes()
    r = _generar(libro, salida, "--sobrescribir")
    assert r.returncode == 0, r.stderr
    (respaldo,) = [p for p in tmp_path.iterdir() if RESPALDO.fullmatch(p.name)]
    assert respaldo.read_bytes() == ajeno and "no lo generó reporte-docx" in r.stdout


def test_dos_respaldos_en_el_mismo_segundo_no_se_pisan(tmp_path):
    ruta = tmp_path / "reporte.docx"
    ruta.write_bytes(b"uno")
    primero = respaldar(ruta)
    ruta.unlink()
    ruta.write_bytes(b"dos")
    segundo = respaldar(ruta)
    assert primero != segundo
    assert {primero.read_bytes(), segundo.read_bytes()} == {b"uno", b"dos"}


@pytest.mark.parametrize("senal", [signal.SIGINT, signal.SIGTERM])
def test_interrumpido_al_escribir_deja_el_anterior_intacto(generado, senal):
    libro, salida = generado
    antes = _archivos(salida.parent)
    proceso = _lanzar_lento(libro, salida)
    try:
        assert proceso.stdout.readline().strip() == "ESCRITO"
        temporales = [p for p in salida.parent.iterdir() if p.suffix == ".tmp"]
        assert len(temporales) == 1  # the complete new document, not yet in place
        proceso.send_signal(senal)
        _, err = proceso.communicate(timeout=60)
    finally:
        proceso.kill()
    assert proceso.returncode == 130, err
    assert "Interrumpido" in err and "Traceback" not in err
    assert _archivos(salida.parent) == antes  # same files, same bytes, no .tmp left


def test_matado_sin_aviso_deja_el_anterior_intacto(generado):
    """``kill -9`` cannot be caught: the old file survives, and the next run clears the leftover."""
    libro, salida = generado
    antes = _archivos(salida.parent)
    proceso = _lanzar_lento(libro, salida)
    try:
        assert proceso.stdout.readline().strip() == "ESCRITO"
        proceso.kill()
        proceso.wait(timeout=60)
    finally:
        proceso.kill()
    despues = _archivos(salida.parent)
    (temporal,) = set(despues) - set(antes)
    assert temporal.endswith(".tmp")
    assert {k: v for k, v in despues.items() if k != temporal} == antes
    # a later run removes a leftover that old (a fresh one might belong to a live run)
    viejo = time.time() - EDAD_TEMPORAL_ABANDONADO - 60
    os.utime(salida.parent / temporal, (viejo, viejo))
    r = _generar(libro, salida, "--sobrescribir")
    assert r.returncode == 0, r.stderr
    assert sorted(_archivos(salida.parent)) == ["libro.xlsx", "reporte.docx"]


@pytest.mark.parametrize("espera", [0.3, 0.9])
def test_interrumpido_mientras_genera(generado, espera):
    """Ctrl-C at some point of the reading/rendering: the old file stays, nothing is left."""
    libro, salida = generado
    antes = _archivos(salida.parent)
    proceso = _popen("generar", str(libro), "-o", str(salida), "--sobrescribir")
    time.sleep(espera)
    proceso.send_signal(signal.SIGINT)
    _, err = proceso.communicate(timeout=60)
    assert "Traceback" not in err
    # interrupted (130); finished before the signal came (0); or signalled while the
    # interpreter was already shutting down, after everything was written (-SIGINT)
    assert proceso.returncode in (0, 130, -signal.SIGINT), err
    # generation is reproducible: even a run that finished wrote exactly the same bytes
    assert _archivos(salida.parent) == antes


def _lanzar_lento(libro: Path, salida: Path) -> subprocess.Popen:
    args = ("generar", str(libro), "-o", str(salida), "--sobrescribir")
    return _popen(*args, inicio=("-c", LANZADOR))


def _reporte_minimo() -> Reporte:
    """The smallest report the rules accept: one activity, one signature, no photos."""
    actividad = Actividad("1", "A", dt.date(2023, 2, 1), "L", "D")
    return Reporte("D", "T", 2023, 1, actividades=[actividad], firmas=[Firma("Elaboró", "N", "C")])


def test_error_al_colocar_el_archivo_no_deja_nada(tmp_path, monkeypatch):
    """An error after rendering (disk full at the rename): old file intact, no temporary file."""
    salida = tmp_path / "reporte.docx"
    salida.write_bytes(b"anterior")

    def lleno(*_):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("reporte_docx.documento.salida.os.replace", lleno)
    with pytest.raises(ErrorDeSalida, match="el disco está lleno"):
        guardar_reporte(_reporte_minimo(), salida, sobrescribir=True)
    assert _archivos(tmp_path) == {"reporte.docx": b"anterior"}


def test_dos_ejecuciones_a_la_vez_no_mezclan_archivos(tmp_path):
    """Two runs writing one output at once: the result is one of the two documents, whole."""
    libros = [
        crear_libro(tmp_path / "a" / "libro.xlsx", reporte={"titulo": "REPORTE A"}),
        crear_libro(tmp_path / "b" / "libro.xlsx", reporte={"titulo": "REPORTE B"}),
    ]
    # each alone first: generation is reproducible, so these are the only valid outcomes
    esperados = set()
    for libro in libros:
        assert _generar(libro, libro.with_suffix(".docx")).returncode == 0
        esperados.add(libro.with_suffix(".docx").read_bytes())
    assert len(esperados) == 2
    salida = tmp_path / "comun.docx"
    for _ in range(2):
        procesos = [_popen("generar", str(x), "-o", str(salida), "--sobrescribir") for x in libros]
        for p in procesos:
            _, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
        assert salida.read_bytes() in esperados
        assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]
        salida.unlink()
    # without --sobrescribir exactly one wins; the other refuses and touches nothing
    procesos = [_popen("generar", str(x), "-o", str(salida)) for x in libros]
    codigos = []
    for p in procesos:
        _, err = p.communicate(timeout=120)
        assert "Traceback" not in err
        codigos.append(p.returncode)
    assert sorted(codigos) == [0, 1]
    ganador = libros[codigos.index(0)].with_suffix(".docx").read_bytes()
    assert salida.read_bytes() == ganador


def _popen(*args: str, inicio: tuple[str, ...] = ("-m", "reporte_docx")) -> subprocess.Popen:
    """The command line in a subprocess that the test can signal while it runs."""
    return subprocess.Popen(
        [sys.executable, *inicio, *args],
        env={**os.environ, "PYTHONPATH": str(RAIZ)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize(
    ("destino", "mensaje"),
    [
        ("reporte.pdf", "debe guardarse con la extensión .docx"),
        ("reporte", "debe guardarse con la extensión .docx"),
        ("no_existe/reporte.docx", "no existe"),
        (".", "es una carpeta"),
    ],
)
def test_destinos_imposibles_se_rechazan_antes_de_trabajar(tmp_path, destino, mensaje):
    libro = crear_libro(tmp_path / "libro.xlsx")
    r = ejecutar("generar", str(libro), "-o", str(tmp_path / destino), "--sobrescribir")
    assert r.returncode == 1 and mensaje in r.stderr and "Traceback" not in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["libro.xlsx"]
