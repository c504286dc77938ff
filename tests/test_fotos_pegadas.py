"""Photos pasted into the workbook end up in the right ficha, upright, with their caption.

End to end through the real command line: workbooks with floating pictures
(openpyxl's ``add_image``, XlsxWriter's ``insert_image``), with pictures in
cells (XlsxWriter's ``embed_image``, Excel 365's structure), and the same
workbook re-saved by LibreOffice Calc; the .docx is read back and validated.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.imagenes_pegadas import (
    actividad,
    color,
    con_calc,
    foto_marcada,
    fotos_por_ficha,
    libro_xlsxwriter,
    pegar_con_openpyxl,
)
from tests.utiles import assert_docx_valido, crear_libro, ejecutar


@pytest.fixture
def fotos(tmp_path: Path) -> dict[str, Path]:
    carpeta = tmp_path / "fotos"
    return {
        # taken with the phone upright: stored lying down, EXIF says "rotate 90°"
        "roja": foto_marcada(carpeta / "roja.jpg", "red", "blue", orientacion=6),
        "verde": foto_marcada(carpeta / "verde.jpg", "green", "yellow"),
        "negra": foto_marcada(carpeta / "negra.jpg", "black", "white"),
    }


def _generar(libro: Path) -> tuple[str, Path]:
    r = ejecutar("generar", str(libro), "--sobrescribir")
    assert r.returncode == 0, r.stderr
    docx = libro.with_suffix(".docx")
    assert_docx_valido(docx)
    return r.stderr + r.stdout, docx


def _vistas(docx: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Per ficha: (colour seen on the left, colour on the right or top, caption) of each photo."""
    return {
        nombre: [
            (
                color(imagen, 0.1, 0.9),
                color(imagen, 0.9, 0.1)
                if imagen.height > imagen.width
                else color(imagen, 0.5, 0.1),
                pie,
            )
            for imagen, pie in fotos
        ]
        for nombre, fotos in fotos_por_ficha(docx, ["Uno", "Dos"]).items()
    }


#: The red photo upright (blue on the left, red on the right); the others as stored (top colour).
ESPERADO = {
    "Uno": [("azul", "rojo", "Roja de pie"), ("blanco", "negro", "")],
    "Dos": [("amarillo", "verde", "Verde")],
}


def test_flotantes_de_openpyxl_y_el_mismo_libro_guardado_por_calc(tmp_path, fotos):
    libro = crear_libro(
        tmp_path / "openpyxl.xlsx",
        actividades=[actividad("1", "Uno"), actividad("2", "Dos")],
        fotografias=[("1", None, "Roja de pie"), ("2", None, "Verde")],
    )
    pegar_con_openpyxl(
        libro,
        [
            ("Fotografias", "B2", fotos["roja"]),
            ("Fotografias", "C3", fotos["verde"]),
            ("Actividades", "H2", fotos["negra"]),  # beside activity 1: no caption
        ],
    )
    salida, docx = _generar(libro)
    assert _vistas(docx) == ESPERADO
    assert "imagen" not in salida  # nothing left unused

    calc = con_calc(libro, tmp_path / "calc.xlsx")
    salida, docx = _generar(calc)
    assert _vistas(docx) == ESPERADO
    assert "imagen" not in salida


def test_en_celda_y_flotantes_de_xlsxwriter_con_avisos(tmp_path, fotos):
    libro = libro_xlsxwriter(
        tmp_path / "excel.xlsx",
        actividades=[actividad("1", "Uno"), actividad("2", "Dos")],
        fotografias=[("1", None, "Roja de pie"), ("2", None, "Verde"), ("1", None, None)],
        en_celda=[("Fotografias", "B2", fotos["roja"]), ("Fotografias", "B3", fotos["verde"])],
        flotantes=[
            ("Fotografias", "B4", fotos["negra"]),
            ("Reporte", "D3", fotos["verde"]),
            ("Fotografias", "B8", fotos["roja"]),
        ],
    )
    salida, docx = _generar(libro)
    assert _vistas(docx) == ESPERADO
    assert "«Reporte», fila 3, columna «D»: la imagen pegada en la celda D3 no se usa" in salida
    assert "«Fotografias», fila 8, columna «B»" in salida and "fila sin datos" in salida

    r = ejecutar("validar", "--json", str(libro))
    assert r.returncode == 0, r.stdout
    informe = json.loads(r.stdout)
    assert informe["fotos_pegadas"] == {
        "1": [
            {"hoja": "Fotografias", "celda": "B2", "pie": "Roja de pie"},
            {"hoja": "Fotografias", "celda": "B4", "pie": ""},
        ],
        "2": [{"hoja": "Fotografias", "celda": "B3", "pie": "Verde"}],
    }
    r = ejecutar("validar", str(libro))
    assert "actividad 1: Fotografias!B2 «Roja de pie», Fotografias!B4 (sin pie)" in r.stdout


def test_foto_pegada_mala_detiene_el_reporte_y_dice_donde(tmp_path, fotos):
    libro = libro_xlsxwriter(
        tmp_path / "l.xlsx",
        fotografias=[("1", "fotos/verde.jpg", "Archivo"), ("1", None, "Pegada")],
        flotantes=[("Fotografias", "C2", fotos["roja"])],
        en_celda=[("Fotografias", "B3", fotos["negra"])],
    )
    r = ejecutar("generar", str(libro))
    assert r.returncode == 1
    assert "«Fotografias», fila 2, columna «archivo»" in r.stderr and "borre" in r.stderr
    assert not libro.with_suffix(".docx").exists()


def test_calc_conserva_la_celda_de_cada_imagen_flotante(tmp_path, fotos):
    """Calc writes its own anchors (offsets, sizes, part names): every picture keeps its cell."""
    from reporte_docx.libro.imagenes import imagenes_del_libro

    def lugares(libro: Path) -> list[str]:
        return sorted(
            i.lugar for lista in imagenes_del_libro(libro).por_hoja.values() for i in lista
        )

    libro = libro_xlsxwriter(
        tmp_path / "excel.xlsx",
        actividades=[actividad("1", "Uno")],
        flotantes=[
            ("Fotografias", "B2", fotos["roja"]),
            ("Fotografias", "C3", fotos["verde"]),
            ("Actividades", "H2", fotos["negra"]),
            ("Actividades", "K2", fotos["roja"]),
            ("Reporte", "D5", fotos["verde"]),
        ],
    )
    antes = lugares(libro)
    assert len(antes) == 5
    assert lugares(con_calc(libro, tmp_path / "calc.xlsx")) == antes


def test_calc_pierde_la_imagen_en_celda_y_se_dice(tmp_path, fotos):
    libro = libro_xlsxwriter(
        tmp_path / "excel.xlsx",
        fotografias=[("1", None, "En la celda")],
        en_celda=[("Fotografias", "B2", fotos["roja"])],
    )
    calc = con_calc(libro, tmp_path / "calc.xlsx")
    r = ejecutar("validar", str(calc))
    assert r.returncode == 1
    assert (
        "«Fotografias», fila 2" in r.stdout and "la perdió: vuelva a pegarla en Excel" in r.stdout
    )


def test_la_misma_foto_pegada_dos_veces_se_guarda_una_vez(tmp_path, fotos):
    import zipfile

    libro = crear_libro(
        tmp_path / "dos_veces.xlsx",
        actividades=[actividad("1", "Uno"), actividad("2", "Dos")],
        fotografias=[("1", None, "Una"), ("2", None, "Otra vez")],
    )
    pegar_con_openpyxl(
        libro, [("Fotografias", "B2", fotos["verde"]), ("Fotografias", "B3", fotos["verde"])]
    )
    _, docx = _generar(libro)
    vistas = _vistas(docx)
    assert vistas["Uno"] == [("amarillo", "verde", "Una")]
    assert vistas["Dos"] == [("amarillo", "verde", "Otra vez")]
    with zipfile.ZipFile(docx) as z:
        assert len([n for n in z.namelist() if n.startswith("word/media/foto")]) == 1
