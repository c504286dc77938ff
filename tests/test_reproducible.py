"""Reproducible: the same workbook, photos and template give a byte-identical .docx."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

from lxml import etree

from reporte_docx import Actividad, Firma, Reporte, renderizar_reporte
from reporte_docx.documento.paquete import fecha_del_libro
from tests.utiles import copiar_ejemplo, crear_libro, ejecutar

DCTERMS = "{http://purl.org/dc/terms/}"


def _fechas(docx: bytes) -> tuple[set[tuple], str, str]:
    """Zip timestamps and core.xml's created/modified."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        marcas = {i.date_time for i in z.infolist()}
        core = etree.fromstring(z.read("docProps/core.xml"))
    return marcas, core.find(f"{DCTERMS}created").text, core.find(f"{DCTERMS}modified").text


def test_dos_copias_del_ejemplo_en_carpetas_distintas_dan_los_mismos_bytes(
    ejemplo_generado, tmp_path
):
    libro, documento = ejemplo_generado
    otra = copiar_ejemplo(tmp_path / "otra carpeta")
    # a copy gets a new modification time; the document must not depend on it
    os.utime(otra, (1_000_000_000, 1_000_000_000))
    r = ejecutar("generar", str(otra))
    assert r.returncode == 0, r.stderr
    assert otra.with_suffix(".docx").read_bytes() == documento.read_bytes()
    # and a second run over the same output gives the same bytes again
    r = ejecutar("generar", str(otra), "--sobrescribir")
    assert r.returncode == 0, r.stderr
    assert otra.with_suffix(".docx").read_bytes() == documento.read_bytes()


def test_las_fechas_vienen_del_propio_libro(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    libro = crear_libro(tmp_path / "libro.xlsx")
    guardado = fecha_del_libro(libro.read_bytes())
    assert guardado is not None
    r = ejecutar("generar", str(libro))
    assert r.returncode == 0, r.stderr
    marcas, creado, modificado = _fechas(libro.with_suffix(".docx").read_bytes())
    assert creado == modificado == guardado.strftime("%Y-%m-%dT%H:%M:%SZ")
    (marca,) = marcas  # zip keeps seconds in steps of two
    assert marca[:5] == guardado.timetuple()[:5] and marca[5] == guardado.second // 2 * 2


def test_source_date_epoch_manda(tmp_path, monkeypatch):
    libro = crear_libro(tmp_path / "libro.xlsx")
    salidas = []
    for epoca in ("1700000000", "1700000000", "1800000000"):
        salida = tmp_path / f"r{len(salidas)}.docx"
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoca)
        r = ejecutar("generar", str(libro), "-o", str(salida))
        assert r.returncode == 0, r.stderr
        salidas.append(salida.read_bytes())
    assert salidas[0] == salidas[1] != salidas[2]
    marcas, creado, modificado = _fechas(salidas[0])
    assert creado == modificado == "2023-11-14T22:13:20Z"
    assert marcas == {(2023, 11, 14, 22, 13, 20)}


def test_fecha_del_libro_sin_propiedades():
    """A workbook without docProps (or not a zip) has no date of its own: None, never an error."""
    assert fecha_del_libro(b"no es un zip") is None
    vacio = io.BytesIO()
    with zipfile.ZipFile(vacio, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert fecha_del_libro(vacio.getvalue()) is None


def test_un_reporte_hecho_en_codigo_siempre_da_los_mismos_bytes(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    reporte = Reporte(
        "D",
        "T",
        2023,
        3,
        actividades=[Actividad("1", "N", dt.date(2023, 8, 1), "L", "D")],
        firmas=[Firma("Elaboró", "Ana", "Jefa")],
    )
    primero = renderizar_reporte(reporte)
    assert renderizar_reporte(reporte) == primero
    # no date given and no SOURCE_DATE_EPOCH: a fixed one, never the clock
    assert _fechas(primero)[1] == "2000-01-01T00:00:00Z"
    with zipfile.ZipFile(io.BytesIO(primero)) as z:
        nombres = z.namelist()
        assert nombres[0] == "[Content_Types].xml" and nombres[1:] == sorted(nombres[1:])
        assert {i.create_system for i in z.infolist()} == {3}
