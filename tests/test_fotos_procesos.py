"""Photos at the edges: 200 megapixels in little memory, renders inside pools and threads.

These start processes (a memory probe, a ``multiprocessing.Pool``, a process pool), so they
live with the slow tests.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import struct
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image

from reporte_docx.api import renderizar_reporte
from reporte_docx.fotos.apertura import FotoInvalida
from reporte_docx.fotos.paralelo import AjustesFotos, grupo_de_procesos, usar_ajustes
from reporte_docx.fotos.revision import verificar_foto
from reporte_docx.modelo import Actividad, Firma, Fotografia, Reporte

FECHA = dt.datetime(2023, 7, 1, 12, 0, tzinfo=dt.UTC)


def jpeg_plano(ruta: Path, ancho: int, alto: int) -> Path:
    """A real baseline grayscale JPEG of any size, written in milliseconds.

    Its Huffman tables hold one code each (DC difference 0, end of block), so
    every 8x8 block costs two bits and a 200-megapixel photo is under 1 MB:
    no image of that size ever exists in this process.
    """

    def segmento(marca: int, datos: bytes) -> bytes:
        return b"\xff" + bytes([marca]) + struct.pack(">H", len(datos) + 2) + datos

    sof = segmento(0xC0, struct.pack(">BHHB", 8, alto, ancho, 1) + bytes([1, 0x11, 0]))
    dqt = segmento(0xDB, bytes([0]) + bytes([1] * 64))
    dht = b"".join(segmento(0xC4, bytes([clase, 1] + [0] * 15 + [0])) for clase in (0x00, 0x10))
    sos = segmento(0xDA, bytes([1, 1, 0x00, 0, 63, 0]))
    bits = 2 * -(-ancho // 8) * -(-alto // 8)
    datos = bytes(bits // 8) + (bytes([0xFF >> (bits % 8)]) if bits % 8 else b"")
    ruta.write_bytes(b"\xff\xd8" + dqt + sof + dht + sos + datos + b"\xff\xd9")
    return ruta


SONDA = """
import sys
from pathlib import Path
from reporte_docx.fotos.revision import verificar_foto
from reporte_docx.fotos.proceso import procesar_foto
ruta = Path(sys.argv[1])
print(*verificar_foto(ruta))
foto = procesar_foto(ruta, 1600)
print(foto.ancho_px, foto.alto_px)
# the peak of this program alone (ru_maxrss would keep the parent's across exec)
pico = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(int(pico.split()[1]) // 1024)
"""


def test_foto_de_200_megapixeles_con_poca_memoria(tmp_path):
    ruta = jpeg_plano(tmp_path / "telefono.jpg", 16384, 12288)  # 201 MP, as a 200 MP phone
    with pytest.raises(Image.DecompressionBombError):  # what Pillow alone says
        Image.open(ruta)
    r = subprocess.run(
        [sys.executable, "-c", SONDA, str(ruta)], capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr
    medidas, procesada, megas = r.stdout.split("\n")[:3]
    assert medidas == "16384 12288" and procesada == "1600 1200"
    # decoded whole it would take 200 MB (gray) or 600 MB (colour): draft keeps it at 1/64
    assert int(megas) < 150, f"{megas} MB"


def test_bomba_jpeg_se_rechaza_sin_decodificar(tmp_path):
    ruta = jpeg_plano(tmp_path / "bomba.jpg", 30000, 15000)  # 450 MP in 1.7 MB
    with pytest.raises(FotoInvalida) as e:
        verificar_foto(ruta)
    assert e.value.codigo == "foto-demasiado-grande" and "30000 × 15000" in str(e.value)


def reporte_con_fotos(carpeta: Path, n: int = 5) -> Reporte:
    fotos = []
    for i in range(n):
        ruta = carpeta / f"f{i}.png"
        Image.effect_noise((640 + 10 * i, 480), 30 + i).convert("RGB").save(ruta)
        fotos.append(Fotografia(ruta, f"Pie {i}"))
    actividad = Actividad(
        "1", "Taller", dt.date(2023, 5, 3), "Chetumal", "Descripción", fotografias=fotos
    )
    return Reporte(
        "SECRETARÍA",
        "REPORTE",
        2023,
        2,
        actividades=[actividad],
        firmas=[Firma("Elaboró", "A", "B")],
    )


def renderizar_en_trabajador(reporte: Reporte) -> bytes:
    return renderizar_reporte(reporte, fecha=FECHA)


def test_render_dentro_de_un_trabajador_de_multiprocessing_pool(tmp_path):
    reporte = reporte_con_fotos(tmp_path)  # 5 photos: would start a pool of its own
    with multiprocessing.get_context("fork").Pool(1) as grupo:
        en_trabajador = grupo.apply(renderizar_en_trabajador, (reporte,))
    with usar_ajustes(AjustesFotos(cache=False)):
        aqui = renderizar_reporte(reporte, fecha=FECHA)
    assert en_trabajador == aqui


def test_un_lote_en_hilos_comparte_un_grupo(tmp_path):
    reporte = reporte_con_fotos(tmp_path)
    with usar_ajustes(AjustesFotos(procesos=1, cache=False)):
        esperado = renderizar_reporte(reporte, fecha=FECHA)

    def uno(_: int) -> bytes:
        with usar_ajustes(AjustesFotos(ejecutor=grupo, cache=False)):
            return renderizar_reporte(reporte, fecha=FECHA)

    with grupo_de_procesos(2) as grupo, ThreadPoolExecutor(4) as hilos:
        resultados = list(hilos.map(uno, range(4)))
        hijos = multiprocessing.active_children()
    assert all(r == esperado for r in resultados)
    assert len(hijos) <= 3  # the shared pool (and perhaps a fork server), not 4 pools


def test_libro_subido_en_zip_se_genera_confinado_a_sus_fotos(tmp_path):
    import io
    import zipfile

    from reporte_docx.api import generar_reporte as generar
    from reporte_docx.errores import ErrorDeDatos
    from reporte_docx.fotos.comprimido import abrir_zip
    from tests.utiles import crear_libro

    (tmp_path / "servidor").mkdir()
    (tmp_path / "servidor" / "credenciales.jpg").write_bytes(b"secreto")

    def subida(*archivos: str) -> bytes:
        libro = crear_libro(
            tmp_path / "hecho" / "libro.xlsx",
            fotografias=[("1", a, "Pie") for a in archivos],
        )
        salida = io.BytesIO()
        with zipfile.ZipFile(salida, "w") as z:
            z.write(libro, "libro.xlsx")
            for n in range(4):
                foto = io.BytesIO()
                Image.effect_noise((800, 600), 40).convert("RGB").save(foto, "JPEG")
                z.writestr(f"fotos/f{n}.jpg", foto.getvalue())
        return salida.getvalue()

    with abrir_zip(subida(*[f"fotos\\F{n}.JPG" for n in range(4)])) as z:
        hecho = generar(z.libro, tmp_path / "r.docx", carpeta_fotos=z.carpeta_fotos)
    assert hecho.tamano > 0 and (tmp_path / "r.docx").exists()

    fuera = subida("fotos/f0.jpg", "../servidor/credenciales.jpg")
    with abrir_zip(fuera) as z, pytest.raises(ErrorDeDatos) as e:
        generar(z.libro, tmp_path / "otro.docx", carpeta_fotos=z.carpeta_fotos)
    (h,) = e.value.hallazgos
    assert h.codigo == "foto-fuera-de-carpeta" and h.fila == 3
    assert str(tmp_path) not in str(e.value) and not (tmp_path / "otro.docx").exists()
