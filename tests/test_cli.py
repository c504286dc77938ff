"""The command line: summary, refusal to overwrite, clear errors and nothing written."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from tests.utiles import ACTIVIDAD, RAIZ, crear_libro, ejecutar


def test_resumen_y_salida_predeterminada(tmp_path):
    libro = crear_libro(tmp_path / "trimestre.xlsx")
    r = ejecutar("generar", str(libro))
    assert r.returncode == 0, r.stderr
    assert "1 actividades" in r.stdout and "0 fotografías" in r.stdout
    assert (tmp_path / "trimestre.docx").is_file()


def test_no_reemplaza_sin_sobrescribir(tmp_path):
    libro = crear_libro(tmp_path / "l.xlsx")
    destino = tmp_path / "salida.docx"
    destino.write_bytes(b"trabajo previo")
    r = ejecutar("generar", str(libro), "-o", str(destino))
    assert r.returncode == 1
    assert "--sobrescribir" in r.stderr
    assert destino.read_bytes() == b"trabajo previo"
    r = ejecutar("generar", str(libro), "-o", str(destino), "--sobrescribir")
    assert r.returncode == 0, r.stderr
    assert destino.read_bytes()[:2] == b"PK"


def test_datos_malos_dan_mensaje_en_espanol_y_nada_escrito(tmp_path):
    libro = crear_libro(
        tmp_path / "malo.xlsx",
        actividades=[
            ("1", "Nombre", "31/02/2023", "Lugar", "Desc", ""),
            ("2", "", dt.datetime(2023, 5, 1), "Lugar", "Desc", ""),
        ],
    )
    r = ejecutar("generar", str(libro))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert "«Actividades», fila 2, columna «fecha»: «31/02/2023» no es una fecha válida" in r.stderr
    assert "«Actividades», fila 3, columna «nombre»" in r.stderr
    assert not (tmp_path / "malo.docx").exists()
    assert list(tmp_path.iterdir()) == [libro]  # no temporary files left behind


def test_ids_numero_o_texto_y_encabezados_flexibles(tmp_path):
    foto = tmp_path / "f.png"
    from tests.utiles import crear_foto

    crear_foto(foto)
    libro = crear_libro(
        tmp_path / "l.xlsx",
        encabezados={"Fotografías ": ["Actividad", " Archivo", "Pie"]},
        actividades=[(1, *ACTIVIDAD[1:])],
        fotografias=[("1", "f.png", "una foto")],
        eventos=[(1.0, "Tabla", "2023-06-05", "Evento uno")],
    )
    r = ejecutar("generar", str(libro))
    assert r.returncode == 0, r.stderr
    assert "1 fotografías" in r.stdout


def test_libro_inexistente(tmp_path):
    r = ejecutar("generar", str(tmp_path / "no.xlsx"))
    assert r.returncode == 1
    assert "no existe" in r.stderr and "Traceback" not in r.stderr


def test_un_docx_dado_como_libro_se_nombra_y_no_se_toca(tmp_path):
    # the default output (same name, .docx) is the file itself: say what it is, not «ya existe»
    libro = crear_libro(tmp_path / "l.xlsx")
    assert ejecutar("generar", str(libro)).returncode == 0
    reporte = tmp_path / "l.docx"
    antes = reporte.read_bytes()
    for extra in ((), ("--sobrescribir",)):
        r = ejecutar("generar", str(reporte), *extra)
        assert r.returncode == 1
        assert "documento de Word, no un libro de Excel" in r.stderr, r.stderr
        assert "--sobrescribir" not in r.stderr
    # a real workbook that carries a .docx name is never replaced by its own report
    disfrazado = tmp_path / "disfrazado.docx"
    disfrazado.write_bytes(libro.read_bytes())
    r = ejecutar("generar", str(disfrazado), "--sobrescribir")
    assert r.returncode == 1 and "encima del propio libro" in r.stderr, r.stderr
    assert disfrazado.read_bytes() == libro.read_bytes() and reporte.read_bytes() == antes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["disfrazado.docx", "l.docx", "l.xlsx"]


def test_salida_cortada_por_una_tuberia_no_es_error_inesperado(tmp_path):
    # «reporte-docx validar --json libro.xlsx | head»: the reader leaves before the end
    libro = crear_libro(tmp_path / "l.xlsx", actividades=[("1", "", "", "", "", "")] * 30)
    proceso = subprocess.Popen(
        [sys.executable, "-m", "reporte_docx", "validar", "--json", str(libro)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(RAIZ)},
    )
    proceso.stdout.close()  # nobody reads: every write fails with EPIPE
    error = proceso.stderr.read().decode()
    proceso.wait(timeout=120)
    assert "inesperado" not in error and "Traceback" not in error and "Exception" not in error, (
        error
    )


def test_errores_de_uso_en_espanol():
    r = ejecutar()
    assert r.returncode == 2
    assert "uso: reporte-docx" in r.stderr and "faltan estos datos: ORDEN" in r.stderr
    r = ejecutar("generar", "x.xlsx", "--columnas", "7")
    assert "«7» no es una opción válida (elija entre 1, 2, 3, 4)" in r.stderr
    r = ejecutar("generar", "x.xlsx", "--dpi", "20")
    assert "--dpi: 20 está fuera del intervalo 50–600" in r.stderr
    ayuda = ejecutar("generar", "--help").stdout
    assert "mostrar esta ayuda y salir" in ayuda and "opciones:" in ayuda
    for ingles in ("usage:", "invalid choice", "the following arguments", "show this help"):
        assert ingles not in r.stderr + ayuda


def test_opciones_fuera_de_rango_desde_python():
    """A program passing an option out of range made a mistake: ValueError, naming it."""
    import pytest

    from reporte_docx import Firma, Reporte, renderizar_reporte

    reporte = Reporte("D", "T", 2023, 2, firmas=[Firma("Elaboró", "Ana", "Jefa")])
    with pytest.raises(ValueError, match=r"dpi=0: use un entero de 50 a 600"):
        renderizar_reporte(reporte, dpi=0)
    with pytest.raises(ValueError, match=r"columnas=0: use un entero de 1 a 4"):
        renderizar_reporte(reporte, columnas=0)
    with pytest.raises(TypeError, match=r"dpi='alto'"):
        renderizar_reporte(reporte, dpi="alto")  # type: ignore[arg-type]


def test_varios_libros_con_una_plantilla_mala_se_revisa_una_vez(tmp_path):
    """The template is checked once for the batch: one error, not one per workbook."""
    for nombre in ("a.xlsx", "b.xlsx"):
        crear_libro(tmp_path / nombre)
    mala = tmp_path / "mala.docx"
    mala.write_bytes(b"no es un docx")
    r = ejecutar("generar", str(tmp_path), "--plantilla", str(mala))
    assert r.returncode == 1, r.stderr
    assert r.stderr.count("no es un documento de Word") == 1, r.stderr
    assert "No se escribió ningún documento." in r.stderr
    assert sorted(p.name for p in tmp_path.glob("*.docx")) == ["mala.docx"]


def test_con_el_reporte_ya_escrito_tambien_dice_lo_que_tienen_las_fotos(tmp_path):
    """A photo cut short (found only when decoded) is listed even though the .docx exists:
    the person fixes the photo and the destination in one go, not one after the other."""
    from tests.utiles import crear_foto

    (tmp_path / "fotos").mkdir()
    buena = crear_foto(tmp_path / "fotos" / "buena.jpg")
    datos = buena.read_bytes()
    (tmp_path / "fotos" / "cortada.jpg").write_bytes(datos[: len(datos) * 3 // 4])
    libro = crear_libro(tmp_path / "l.xlsx", fotografias=[("1", "fotos/cortada.jpg", "Pie")])
    destino = tmp_path / "l.docx"
    destino.write_bytes(b"trabajo previo")
    r = ejecutar("generar", str(libro))
    assert r.returncode == 1
    assert "cortada.jpg" in r.stderr and "«Fotografias», fila 2" in r.stderr, r.stderr
    assert "ya existe" in r.stderr and "--sobrescribir" in r.stderr
    assert r.stderr.index("cortada.jpg") < r.stderr.index("ya existe")
    assert destino.read_bytes() == b"trabajo previo"


def test_con_errores_en_el_libro_tambien_dice_que_el_reporte_ya_existe(tmp_path):
    libro = crear_libro(tmp_path / "l.xlsx", fotografias=[("1", "fotos/no_hay.jpg", "Pie")])
    destino = tmp_path / "l.docx"
    destino.write_bytes(b"trabajo previo")
    r = ejecutar("generar", str(libro))
    assert r.returncode == 1
    assert "no_hay.jpg" in r.stderr and "ya existe" in r.stderr and "--sobrescribir" in r.stderr
    assert "No se escribió ningún documento." in r.stderr
    assert destino.read_bytes() == b"trabajo previo"
