"""Several workbooks in one command, and the PDF next to each report."""

from __future__ import annotations

import datetime as dt

from tests.utiles import ACTIVIDAD, assert_docx_valido, crear_libro, ejecutar, texto_docx


def _tres_libros(carpeta):
    return [
        crear_libro(carpeta / f"{nombre}.xlsx", reporte={"dependencia": f"OFICINA {nombre}"})
        for nombre in ("norte", "centro", "sur")
    ]


def test_tres_libros_tres_reportes(tmp_path):
    libros = _tres_libros(tmp_path)
    r = ejecutar("generar", *map(str, libros))
    assert r.returncode == 0, r.stderr
    for libro in libros:
        salida = libro.with_suffix(".docx")
        assert f"OFICINA {libro.stem}" in texto_docx(salida)
        assert f"== {libro}" in r.stderr
        assert_docx_valido(salida)
    assert r.stdout.count("Listo:") == 3
    assert "3 de 3 reportes generados." in r.stderr


def test_un_libro_malo_no_detiene_a_los_demas(tmp_path):
    buenos = _tres_libros(tmp_path)
    malo = crear_libro(
        tmp_path / "malo.xlsx", actividades=[("1", "X", "31/02/2023", "Lugar", "Desc", "")]
    )
    r = ejecutar("generar", str(buenos[0]), str(malo), *map(str, buenos[1:]))
    assert r.returncode == 1
    assert all(b.with_suffix(".docx").is_file() for b in buenos)
    assert not malo.with_suffix(".docx").exists()
    # the error is said under its own workbook's heading
    bloque_malo = r.stderr.split(f"== {malo}")[1].split("== ")[0]
    assert "«31/02/2023» no es una fecha válida" in bloque_malo
    assert "No se escribió ningún documento." in bloque_malo
    assert "3 de 4 reportes generados." in r.stderr


def test_una_carpeta_de_libros(tmp_path):
    libros = _tres_libros(tmp_path / "trimestre")
    (tmp_path / "trimestre" / "~$norte.xlsx").write_bytes(b"candado de Excel")
    (tmp_path / "trimestre" / "notas.txt").write_text("no es un libro")
    r = ejecutar("generar", str(tmp_path / "trimestre"))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "trimestre").glob("*.docx")) == sorted(
        b.with_suffix(".docx").name for b in libros
    )


def test_una_carpeta_con_un_libro_en_mayusculas(tmp_path):
    # «INFORME.XLSX» (as some systems and e-mail clients name files) is a workbook too
    libro = crear_libro(tmp_path / "INFORME.XLSX")
    r = ejecutar("generar", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert libro.with_suffix(".docx").is_file()


def test_carpeta_vacia_y_salida_con_varios_libros(tmp_path):
    (tmp_path / "vacia").mkdir()
    r = ejecutar("generar", str(tmp_path / "vacia"))
    assert r.returncode == 1 and "ningún libro .xlsx" in r.stderr
    libros = _tres_libros(tmp_path)
    r = ejecutar("generar", *map(str, libros), "-o", str(tmp_path / "uno.docx"))
    assert r.returncode == 1 and "-o/--salida sólo se puede usar con un libro" in r.stderr
    assert not list(tmp_path.glob("*.docx"))


def test_pdf_junto_al_documento(tmp_path):
    libro = crear_libro(
        tmp_path / "con pdf.xlsx",
        actividades=[("1", "Foro estatal", dt.datetime(2023, 5, 30), *ACTIVIDAD[3:])],
    )
    r = ejecutar("generar", str(libro), "--pdf")
    assert r.returncode == 0, r.stderr
    pdf = libro.with_suffix(".pdf")
    assert f"PDF: {pdf}" in r.stdout
    assert pdf.read_bytes().startswith(b"%PDF")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left
    # an existing PDF is not replaced without --sobrescribir…
    antes = pdf.read_bytes()
    libro.with_suffix(".docx").unlink()
    r = ejecutar("generar", str(libro), "--pdf")
    assert r.returncode == 1 and "ya existe" in r.stderr
    assert pdf.read_bytes() == antes
    # …and is with it
    r = ejecutar("generar", str(libro), "--pdf", "--sobrescribir")
    assert r.returncode == 0, r.stderr


def test_pdf_sin_libreoffice_lo_dice_en_espanol(tmp_path, monkeypatch):
    libro = crear_libro(tmp_path / "l.xlsx")
    (tmp_path / "sin_programas").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "sin_programas"))
    r = ejecutar("generar", str(libro), "--pdf")
    assert r.returncode == 1
    assert "hace falta LibreOffice" in r.stderr and "Traceback" not in r.stderr
    assert libro.with_suffix(".docx").is_file()  # the report itself was written
    assert not libro.with_suffix(".pdf").exists()
