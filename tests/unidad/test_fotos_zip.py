"""A workbook and its photos uploaded as one .zip (fotos/comprimido.py), and read confined to it.

The .zip files are built with :mod:`zipfile` the way an attacker or a Mac would
write them; the workbook inside is a real one (openpyxl), read by the real reader.
"""

from __future__ import annotations

import io
import stat
import unicodedata
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from reporte_docx.errores import ErrorDeDatos
from reporte_docx.fotos.comprimido import abrir_zip, extraer_zip
from reporte_docx.libro.lectura import analizar_libro
from tests.utiles import crear_libro


def jpeg(tamano=(400, 300)) -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", tamano, (20, 90, 160)).save(salida, "JPEG")
    return salida.getvalue()


def zip_de(entradas: dict[str, bytes], enlaces: dict[str, str] | None = None) -> bytes:
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as z:
        for nombre, datos in entradas.items():
            z.writestr(nombre, datos)
        for nombre, destino in (enlaces or {}).items():
            info = zipfile.ZipInfo(nombre)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, destino)
    return salida.getvalue()


def libro_con(tmp_path: Path, *archivos: str) -> bytes:
    ruta = crear_libro(
        tmp_path / "hecho" / "libro.xlsx",
        fotografias=[("1", a, f"Pie {i}") for i, a in enumerate(archivos, start=1)],
    )
    return ruta.read_bytes()


def rechazo(datos: bytes, destino: Path) -> str:
    with pytest.raises(ErrorDeDatos) as e:
        extraer_zip(datos, destino)
    return str(e.value)


def test_libro_y_fotos_desde_bytes_confinados(tmp_path):
    sesion = unicodedata.normalize("NFD", "sesión.jpg")  # as a Mac writes it in a .zip
    datos = zip_de(
        {
            "informe/libro.xlsx": libro_con(tmp_path, "fotos/sesión.jpg", "fotos\\Taller.JPG"),
            f"informe/fotos/{sesion}": jpeg(),
            "informe/fotos/taller.jpg": jpeg((300, 400)),
            "__MACOSX/informe/._libro.xlsx": b"basura de macOS",
        }
    )
    with abrir_zip(io.BytesIO(datos)) as z:
        assert z.libro.name == "libro.xlsx"
        lectura = analizar_libro(z.libro, carpeta_fotos=z.carpeta_fotos)
        assert lectura.reporte is not None, lectura.hallazgos
        fotos = lectura.reporte.fotografias
        assert [f.medidas for f in fotos] == [(400, 300), (300, 400)]
        assert all(f.archivo.is_relative_to(z.carpeta_fotos.resolve()) for f in fotos)
        carpeta = z.carpeta_fotos
    assert not carpeta.exists()  # removed after the block


def test_libro_del_zip_que_apunta_afuera_se_rechaza_sin_revelar_nada(tmp_path):
    (tmp_path / "secretos").mkdir()
    (tmp_path / "secretos" / "nomina_privada.jpg").write_bytes(jpeg())
    datos = zip_de(
        {
            "libro.xlsx": libro_con(
                tmp_path, f"{tmp_path}/secretos/nomina_privada.jpg", "../../etc/passwd", "~/x.jpg"
            ),
        }
    )
    with abrir_zip(datos) as z:
        lectura = analizar_libro(z.libro, carpeta_fotos=z.carpeta_fotos)
    assert lectura.reporte is None
    fotos = [h for h in lectura.hallazgos if h.columna == "archivo"]
    assert [h.codigo for h in fotos] == ["foto-fuera-de-carpeta"] * 3
    for h in fotos:
        assert str(z.carpeta_fotos) not in h.mensaje and "quiso decir" not in h.mensaje


@pytest.mark.parametrize(
    "nombre",
    ["../fuera.jpg", "a/../../fuera.jpg", "/tmp/fuera.jpg", "C:\\fuera.jpg", "..\\fuera.jpg"],
)
def test_zip_slip(tmp_path, nombre):
    destino = tmp_path / "destino"
    destino.mkdir()
    mensaje = rechazo(zip_de({"libro.xlsx": b"x", nombre: jpeg()}), destino)
    assert "fuera" in mensaje
    assert not (tmp_path / "fuera.jpg").exists() and list(destino.iterdir()) == []


def test_enlaces_simbolicos_no_se_extraen(tmp_path):
    datos = zip_de({"libro.xlsx": b"x"}, enlaces={"fotos/x.jpg": "/etc/passwd"})
    assert "enlace simbólico" in rechazo(datos, tmp_path)
    assert not (tmp_path / "fotos" / "x.jpg").exists()


def test_bomba_zip(tmp_path):
    ceros = b"\0" * (8 * 1024**2)  # 8 MB that deflate to a few KB
    (tmp_path / "a").mkdir()
    assert "bomba" in rechazo(zip_de({"libro.xlsx": b"x", "f.jpg": ceros}), tmp_path / "a")
    (tmp_path / "b").mkdir()
    with pytest.raises(ErrorDeDatos, match="demasiado"):
        extraer_zip(
            zip_de({"libro.xlsx": jpeg(), "f.jpg": jpeg()}), tmp_path / "b", limite_bytes=100
        )
    (tmp_path / "c").mkdir()
    with pytest.raises(ErrorDeDatos, match="archivos"):
        extraer_zip(zip_de({f"{n}.jpg": b"x" for n in range(5)}), tmp_path / "c", limite_archivos=3)


def test_cuantos_libros(tmp_path):
    (tmp_path / "a").mkdir()
    assert "ningún libro" in rechazo(zip_de({"f.jpg": jpeg()}), tmp_path / "a")
    (tmp_path / "b").mkdir()
    dos = zip_de({"uno.xlsx": b"x", "otro/dos.xlsx": b"x", "~$uno.xlsx": b"bloqueo de Excel"})
    assert "«otro/dos.xlsx»" in rechazo(dos, tmp_path / "b")
    (tmp_path / "c").mkdir()
    assert "no es un archivo .zip" in rechazo(b"no soy un zip", tmp_path / "c")
