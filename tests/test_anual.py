"""The year's report: the four quarters' workbooks of an office into one document.

The quarters are written the ways an office's workbooks come: openpyxl, openpyxl
re-saved by LibreOffice Calc, and XlsxWriter (as Excel writes them) with a photo
pasted in a cell and one floating over its row; photos from phones (EXIF rotation)
and a CMYK scan. One ``generar --anual --pdf`` makes the document for the whole module.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from reporte_docx import Codigo, ErrorDeDatos, generar_anual, generar_reporte, revisar_plantilla
from tests.imagenes_pegadas import foto_marcada, libro_xlsxwriter
from tests.utiles import (
    RAIZ,
    assert_docx_valido,
    crear_foto,
    crear_libro,
    ejecutar,
    guardar_con_calc,
    imagenes_docx,
    tablas_de_eventos,
    texto_docx,
    textos_docx,
)

#: (quarter, programadas, realizadas, justificación, Elaboró)
TRIMESTRES = [
    (1, 1, 1, "Se cumplió la meta conforme a lo programado", "Lcda. Ana Uno"),
    (2, 1, 1, "Se cumplió la meta conforme a lo programado", "Lcda. Ana Uno"),
    (3, 1, 0, "La sesión se pospuso por la veda electoral", "Lcda. Ana Uno"),
    (4, 1, 2, "Se celebró la sesión pospuesta del tercer trimestre", "Lcda. Berta Cuatro"),
]
#: The activities of each quarter as their sheets list them: the later one first.
ACTIVIDADES = {
    t: [
        ("1", f"SESIÓN ORDINARIA DEL TRIMESTRE {t}", dt.datetime(2023, 3 * t - 1, 25)),
        ("2", f"REUNIÓN DE TRABAJO DEL TRIMESTRE {t}", dt.datetime(2023, 3 * t - 2, 10)),
    ]
    for t in (1, 2, 3, 4)
}


def _campos(t: int) -> dict:
    _, programadas, realizadas, justificacion, _ = TRIMESTRES[t - 1]
    return {
        "trimestre": t,
        "titulo": "REPORTE TRIMESTRAL DE ETAPAS DEL PROGRAMA ESTATAL",
        "programadas": programadas,
        "realizadas": realizadas,
        "justificacion": justificacion,
    }


def _filas(t: int) -> dict:
    firmas = [
        ("Elaboró", TRIMESTRES[t - 1][4], "Jefa de Departamento"),
        ("Revisó", "Lcda. Carla Dos", "Directora de Derechos Humanos"),
    ]
    return {
        "actividades": [
            (i, nombre, fecha, "Chetumal, Quintana Roo", f"Se realizó: {nombre.lower()}.", "")
            for i, nombre, fecha in ACTIVIDADES[t]
        ],
        "eventos": [("2", f"CALENDARIO DEL TRIMESTRE {t}", dt.datetime(2023, 3 * t, 5), "Envío")],
        "firmas": firmas,
    }


@pytest.fixture(scope="module")
def anio(tmp_path_factory) -> Path:
    """The folder of an office's year: four quarters' workbooks and their photos."""
    carpeta = tmp_path_factory.mktemp("anio")
    fotos = carpeta / "fotos"
    foto_marcada(fotos / "t1.jpg", "red", "blue", orientacion=6)  # a phone held upright
    crear_foto(fotos / "t2.jpg", modo="CMYK", color=(0, 80, 200, 0))  # a scan
    crear_foto(fotos / "t3.jpg", tamano=(300, 400), color=(20, 160, 60))
    crear_foto(fotos / "t3_pegada.png", color=(200, 200, 20))
    crear_foto(fotos / "t4.jpg", color=(120, 20, 160))
    crear_libro(
        carpeta / "T1.xlsx",
        reporte=_campos(1),
        fotografias=[("1", "fotos/t1.jpg", "Sesión del primer trimestre")],
        **_filas(1),
    )
    crudo = crear_libro(
        carpeta / "crudo" / "T2.xlsx",
        reporte=_campos(2),
        fotografias=[("1", "fotos/t2.jpg", "Sesión del segundo trimestre")],
        **_filas(2),
    )
    guardar_con_calc(crudo, carpeta)  # the office re-saved it in LibreOffice Calc
    libro_xlsxwriter(
        carpeta / "T3.xlsx",
        reporte=_campos(3),
        fotografias=[("1", "fotos/t3.jpg", "Sesión del tercer trimestre"), ("1", None, "Pegada")],
        en_celda=[("Fotografias", "B3", fotos / "t3_pegada.png")],
        **_filas(3),
    )
    libro_xlsxwriter(
        carpeta / "T4.xlsx",
        reporte=_campos(4),
        fotografias=[("1", None, "Sesión del cuarto trimestre")],
        flotantes=[("Fotografias", "B2", fotos / "t4.jpg")],
        **_filas(4),
    )
    return carpeta


@pytest.fixture(scope="module")
def anual(anio) -> tuple[Path, subprocess.CompletedProcess]:
    """``generar T3 T1 T4 T2 --anual -o ANUAL.docx --pdf``: the workbooks in any order."""
    libros = [str(anio / f"T{t}.xlsx") for t in (3, 1, 4, 2)]
    r = ejecutar("generar", *libros, "--anual", "-o", str(anio / "ANUAL.docx"), "--pdf")
    assert r.returncode == 0, r.stderr
    return anio / "ANUAL.docx", r


def _filas_del_indicador(ruta: Path) -> list[list[str]]:
    tabla = docx.Document(str(ruta)).tables[0]
    return [[c.text for c in dict.fromkeys(f.cells)] for f in tabla.rows]


def test_el_anio_en_un_solo_documento(anual):
    documento, r = anual
    assert "Reporte ENERO - DICIEMBRE 2023: 4 trimestres." in r.stdout
    assert "Listo: 8 actividades, 5 fotografías" in r.stdout
    texto = texto_docx(documento)
    assert "(ENERO - DICIEMBRE 2023)" in texto and "TRIMESTRE)" not in texto
    filas = _filas_del_indicador(documento)
    assert filas[-7:-1] == [
        ["PERIODICIDAD TRIMESTRAL", "Etapas (Programadas)", "Etapas (Realizadas)"],
        ["TRIMESTRE I (ENERO - MARZO)", "1", "1"],
        ["TRIMESTRE II (ABRIL - JUNIO)", "1", "1"],
        ["TRIMESTRE III (JULIO - SEPTIEMBRE)", "1", "0"],
        ["TRIMESTRE IV (OCTUBRE - DICIEMBRE)", "1", "2"],
        ["TOTAL, EN EL EJERCICIO 2023 (ENERO - DICIEMBRE)", "4", "4"],
    ]
    # the quarters do not all say the same: each one's comment, by its quarter
    assert filas[-1][1].splitlines() == [
        f"TRIMESTRE {romano}: {j}"
        for romano, (_, _, _, j, _) in zip(("I", "II", "III", "IV"), TRIMESTRES, strict=True)
    ]


def test_todas_las_actividades_en_orden_de_fecha_con_sus_fotos_y_tablas(anual):
    documento, _ = anual
    texto = texto_docx(documento)
    esperadas = sorted((f, n) for a in ACTIVIDADES.values() for _, n, f in a)
    posiciones = [texto.index(f"“{n}”") for _, n in esperadas]
    assert posiciones == sorted(posiciones)
    assert "10 de enero de 2023" in texto and "25 de noviembre de 2023" in texto
    # every photo: the files, the one placed in a cell and the one floating over its row
    assert len(imagenes_docx(documento)) == 5
    pies = [p.text for p in docx.Document(str(documento)).paragraphs if p.style.name == "Caption"]
    assert pies == []  # captions live in the photo grid's cells
    assert "Pegada" in texto and "Sesión del cuarto trimestre" in texto
    tablas = tablas_de_eventos(documento)
    assert [t[1] for t in tablas] == [["5 de marzo de 2023", "Envío"]] + [
        [f"5 de {mes} de 2023", "Envío"] for mes in ("junio", "septiembre", "diciembre")
    ]


def test_un_bloque_de_firmas_el_del_ultimo_trimestre_y_quien_lo_hizo(anual):
    documento, _ = anual
    textos = textos_docx(documento)
    assert textos.count("Lcda. Berta Cuatro") == 1 and "Lcda. Ana Uno" not in textos
    assert textos.count("(Elaboró/Nombre y Cargo)") == 1
    with zipfile.ZipFile(documento) as z:
        core = z.read("docProps/core.xml").decode()
    assert "<dc:creator>Lcda. Berta Cuatro</dc:creator>" in core
    assert "<cp:lastModifiedBy>Lcda. Berta Cuatro</cp:lastModifiedBy>" in core
    assert "<dc:title>REPORTE TRIMESTRAL DE ETAPAS DEL PROGRAMA ESTATAL</dc:title>" in core
    assert "<dc:subject>ENERO - DICIEMBRE 2023</dc:subject>" in core
    assert_docx_valido(documento)


def test_el_pdf_del_anio(anual):
    documento, r = anual
    pdf = documento.with_suffix(".pdf")
    assert f"PDF: {pdf}" in r.stdout
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    # the cover, one page per activity; the signatures stay with the last one
    assert re.search(r"Pages:\s+9\n", info.stdout), info.stdout
    assert "ENERO - DICIEMBRE 2023" in info.stdout  # the subject
    texto = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    ultima = texto.split("\f")[8]
    assert "TRIMESTRE 4" in ultima and "Lcda. Berta Cuatro" in ultima


def test_acumulado_a_septiembre(anio, tmp_path):
    r = generar_anual([anio / f"T{t}.xlsx" for t in (1, 2, 3)], tmp_path / "a_septiembre.docx")
    texto = texto_docx(r.ruta)
    assert "(ENERO - SEPTIEMBRE 2023)" in texto and "OCTUBRE" not in texto
    filas = _filas_del_indicador(r.ruta)
    assert filas[-2] == ["TOTAL, ACUMULADO AL TRIMESTRE III (ENERO - SEPTIEMBRE)", "3", "2"]
    assert [f.nombre for f in r.reporte.firmas][0] == "Lcda. Ana Uno"
    # the same workbooks give the same bytes again
    otra = generar_anual([anio / f"T{t}.xlsx" for t in (3, 2, 1)], tmp_path / "otra.docx")
    assert otra.docx == r.docx


def _copia(anio: Path, destino: Path, *trimestres: int) -> list[Path]:
    shutil.copytree(anio / "fotos", destino / "fotos", dirs_exist_ok=True)
    return [Path(shutil.copy(anio / f"T{t}.xlsx", destino / f"T{t}.xlsx")) for t in trimestres]


def test_libros_que_no_van_juntos_salida_1_sin_escribir_nada(anio, tmp_path):
    libros = _copia(anio, tmp_path, 1, 2, 4)
    crear_libro(
        tmp_path / "OTRO.xlsx",
        reporte={**_campos(2), "ejercicio": 2022, "indicador": "OTRO INDICADOR"},
        **_filas(2),
    )
    salida = tmp_path / "ANUAL.docx"
    salida.write_bytes(b"el reporte anterior")
    r = ejecutar(
        "generar", *map(str, libros), str(tmp_path / "OTRO.xlsx"), "--anual", "-o", str(salida)
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr
    lineas = r.stderr.splitlines()
    assert any(
        linea.startswith(f"error: libro «{tmp_path / 'T4.xlsx'}»: es del cuarto trimestre, pero "
                         "falta el tercer trimestre (julio - septiembre)")
        for linea in lineas
    ), r.stderr  # fmt: skip
    otro = f"error: libro «{tmp_path / 'OTRO.xlsx'}»:"
    assert f"{otro} es del ejercicio 2022 y el libro «{libros[0]}», del 2023" in r.stderr
    assert f"{otro} su indicador, «OTRO INDICADOR», no es el del libro" in r.stderr
    assert (
        f"{otro} es del segundo trimestre (abril - junio), como el libro «{libros[1]}»" in r.stderr
    )
    assert "No se escribió ningún documento." in r.stderr
    assert salida.read_bytes() == b"el reporte anterior"


def test_los_errores_de_todos_los_libros_a_la_vez(anio, tmp_path):
    t1, t2 = _copia(anio, tmp_path, 1, 2)
    crear_libro(
        t2,
        reporte=_campos(2),
        actividades=[("1", "SESIÓN", "31/02/2023", "Chetumal", "D", "")],
        fotografias=[("1", "fotos/no_existe.jpg", "")],
    )
    with pytest.raises(ErrorDeDatos) as e:
        generar_anual([t1, t2], tmp_path / "ANUAL.docx")
    errores = [h for h in e.value.hallazgos if h.es_error]
    assert {h.codigo for h in errores} >= {Codigo.FECHA_INEXISTENTE, Codigo.FOTO_NO_EXISTE}
    assert all(h.lugar and h.lugar.startswith(f"libro «{t2}»") for h in errores)
    assert "Actividades" in {h.hoja for h in errores}
    assert not (tmp_path / "ANUAL.docx").exists()


def test_una_foto_danada_al_procesarla_nombra_su_libro(anio, tmp_path):
    t1, t2 = _copia(anio, tmp_path, 1, 2)
    sana = (tmp_path / "fotos" / "t2.jpg").read_bytes()
    (tmp_path / "fotos" / "t2.jpg").write_bytes(sana[: len(sana) // 2])  # the header is whole
    with pytest.raises(ErrorDeDatos) as e:
        generar_anual([t1, t2], tmp_path / "ANUAL.docx", cache=False)
    (h,) = e.value.hallazgos
    assert h.lugar == f"libro «{t2}»" and (h.hoja, h.fila) == ("Fotografias", 2)
    assert h.codigo == Codigo.FOTO_DANADA and not (tmp_path / "ANUAL.docx").exists()


def test_una_plantilla_propia_con_los_datos_de_cada_trimestre(anio, tmp_path):
    propia = docx.Document()
    for linea in (
        "{{ reporte.dependencia }} {{ reporte.periodo }}",
        "{%p for t in reporte.trimestres %}",
        "{{ t.trimestre_palabras }}: {{ t.programadas|numero }} de {{ t.realizadas|numero }}, "
        "{{ t.porcentaje_avance }}",
        "{%p endfor %}",
        "{{ reporte.etiqueta_total }}: {{ reporte.porcentaje_avance }}",
        "{%p for a in actividades %}",
        "{{ a.fecha|fecha_corta }} {{ a.nombre }}",
        "{%p endfor %}",
    ):
        propia.add_paragraph(linea)
    propia.save(tmp_path / "propia.docx")
    # no signature block: accepted with the warning that names it, nothing else
    (parcial,) = revisar_plantilla(tmp_path / "propia.docx")
    assert parcial.codigo == Codigo.PLANTILLA_PARCIAL and "firmas" in parcial.mensaje
    r = generar_anual(
        [anio / f"T{t}.xlsx" for t in (1, 2, 3, 4)], tmp_path / "A.docx", tmp_path / "propia.docx"
    )
    lineas = texto_docx(r.ruta).splitlines()
    assert lineas[1:6] == [
        "primer trimestre: 1 de 1, 100%",
        "segundo trimestre: 1 de 1, 100%",
        "tercer trimestre: 1 de 0, 0%",
        "cuarto trimestre: 1 de 2, 200%",
        "TOTAL, EN EL EJERCICIO 2023 (ENERO - DICIEMBRE): 100%",
    ]
    assert lineas[6:8] == [
        "10/01/2023 REUNIÓN DE TRABAJO DEL TRIMESTRE 1",
        "25/02/2023 SESIÓN ORDINARIA DEL TRIMESTRE 1",
    ]
    # the same template, for one quarter: that quarter alone
    q = generar_reporte(anio / "T2.xlsx", tmp_path / "T2.docx", tmp_path / "propia.docx")
    assert texto_docx(q.ruta).splitlines()[1:3] == [
        "segundo trimestre: 1 de 1, 100%",
        "TOTAL, EN EL TRIMESTRE II (ABRIL - JUNIO): 100%",
    ]
    # the checker knows the quarters' fields
    mala = docx.Document()
    mala.add_paragraph("{%p for t in reporte.trimestres %}")
    mala.add_paragraph("{{ t.programdas }}")
    mala.add_paragraph("{%p endfor %}")
    mala.save(tmp_path / "mala.docx")
    (h,) = revisar_plantilla(tmp_path / "mala.docx")
    assert "«t.programdas» no existe (¿quiso decir «programadas»?)" in h.mensaje


def test_el_ejemplo_del_readme(anio, tmp_path, monkeypatch, capsys):
    """The README's block of «El reporte anual» runs as printed beside the four workbooks."""
    bloque = re.search(
        r"## El reporte anual\n.*?```python\n(.*?)```", (RAIZ / "README.md").read_text(), re.DOTALL
    )
    assert bloque, "el README perdió su ejemplo del reporte anual"
    _copia(anio, tmp_path, 1, 2, 3, 4)
    monkeypatch.chdir(tmp_path)
    exec(compile(bloque[1], "README.md", "exec"), {})
    assert (tmp_path / "ANUAL.docx").is_file()
    assert "ENERO - SEPTIEMBRE 2023 3 [1, 2, 3]" in capsys.readouterr().out
