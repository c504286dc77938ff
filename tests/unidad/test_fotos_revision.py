"""Opening, checking and processing one photo (fotos/apertura, revision, proceso, cache).

Photos are made with Pillow in each test, small, so every case runs in milliseconds.
"""

from __future__ import annotations

import io
import pickle
import re
from pathlib import Path

import pytest
from PIL import Image

from reporte_docx.archivos import escribir_atomico
from reporte_docx.errores import ErrorDeSalida
from reporte_docx.fotos import apertura
from reporte_docx.fotos.apertura import FotoInvalida
from reporte_docx.fotos.cache import Cache
from reporte_docx.fotos.proceso import procesar_foto
from reporte_docx.fotos.revision import (
    aviso_de_resolucion,
    medir_foto,
    medir_fotos,
    revisar_escrita,
    verificar_foto,
)
from reporte_docx.fotos.rutas import BuscadorDeFotos
from reporte_docx.modelo import Fotografia

INGLES = re.compile(r"\b(image|file|cannot|truncated|error|bytes not processed)\b", re.I)


def foto(ruta: Path, tamano=(400, 300), modo="RGB", color=(30, 120, 200), **guardar) -> Path:
    ruta.parent.mkdir(parents=True, exist_ok=True)
    Image.new(modo, tamano, color).save(ruta, **guardar)
    return ruta


def error_de(funcion, *args) -> FotoInvalida:
    with pytest.raises(FotoInvalida) as e:
        funcion(*args)
    return e.value


def test_foto_vacia_no_es_no_es_imagen(tmp_path):
    (tmp_path / "vacia.jpg").write_bytes(b"")
    e = error_de(verificar_foto, tmp_path / "vacia.jpg")
    assert e.codigo == "foto-vacia" and "está vacía" in str(e)


def test_cortada_en_espanol_y_el_detalle_aparte(tmp_path):
    datos = foto(tmp_path / "f.jpg", (800, 600), quality=95).read_bytes()
    (tmp_path / "cortada.jpg").write_bytes(datos[: len(datos) // 3])
    e = error_de(verificar_foto, tmp_path / "cortada.jpg")
    assert e.codigo == "foto-danada" and "cortado" in str(e)
    assert not INGLES.search(str(e)), str(e)
    assert "truncated" in e.detalle  # Pillow's words, for --depurar and the log
    exif = Image.Exif()
    exif[0x010E] = "x" * 500
    con_exif = foto(tmp_path / "e.jpg", (50, 40), exif=exif.tobytes()).read_bytes()
    (tmp_path / "cabecera.jpg").write_bytes(con_exif[:200])  # cut inside its EXIF block
    e = error_de(verificar_foto, tmp_path / "cabecera.jpg")
    assert e.codigo == "foto-danada" and "cortado" in str(e) and "Truncated" in e.detalle
    texto = tmp_path / "texto.jpg"
    texto.write_text("hola")
    e = error_de(verificar_foto, texto)
    assert e.codigo == "foto-no-es-imagen" and not INGLES.search(str(e))


def test_error_de_foto_cruza_procesos():
    e = pickle.loads(pickle.dumps(FotoInvalida("foto-danada", "mensaje", "detalle")))
    assert (e.codigo, str(e), e.detalle) == ("foto-danada", "mensaje", "detalle")


def test_exif_girada_cmyk_y_heic_se_miden_de_pie(tmp_path):
    from pillow_heif import register_heif_opener

    register_heif_opener()
    exif = Image.Exif()
    exif[0x0112] = 6
    assert medir_foto(foto(tmp_path / "g.jpg", (160, 120), exif=exif.tobytes())) == (120, 160)
    cmyk = foto(tmp_path / "c.jpg", (80, 60), "CMYK", (0, 255, 255, 0))
    assert verificar_foto(cmyk) == (80, 60)
    procesada = procesar_foto(cmyk, 40)
    rojo = Image.open(io.BytesIO(procesada.datos)).convert("RGB").getpixel((5, 5))
    assert rojo[0] > 200 and rojo[1] < 80  # CMYK red stays red
    heic = foto(tmp_path / "i.heic", (64, 48))
    assert verificar_foto(heic) == (64, 48)
    assert procesar_foto(heic, 32).extension == "jpeg"


def test_limite_propio_aunque_pillow_no_tenga(tmp_path, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # a program may disable Pillow's guard
    assert verificar_foto(foto(tmp_path / "f.png", (40, 30))) == (40, 30)
    monkeypatch.setattr(apertura, "PIXELES_MAXIMOS", 1000)
    e = error_de(verificar_foto, tmp_path / "f.png")
    assert e.codigo == "foto-demasiado-grande" and "1200" not in str(e) and "40 × 30" in str(e)


def test_jpeg_grande_pasa_el_limite_que_pillow_pondria(tmp_path, monkeypatch):
    # Pillow's own guard (here lowered, as at 179 MP by default) would refuse this photo
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    ruta = foto(tmp_path / "f.jpg", (400, 300))
    assert verificar_foto(ruta) == (400, 300)
    assert procesar_foto(ruta, 100).ancho_px == 100


def test_formatos_exoticos_no_se_intentan(tmp_path):
    eps = tmp_path / "x.eps"  # would run Ghostscript
    eps.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n")
    assert error_de(verificar_foto, eps).codigo == "foto-no-es-imagen"


@pytest.mark.parametrize(
    ("tamano", "avisa"), [((1, 1), True), ((64, 48), True), ((4000, 3000), False)]
)
def test_aviso_de_poca_resolucion(tamano, avisa):
    aviso = aviso_de_resolucion(apertura.Medidas(*tamano), "chica.jpg")
    assert (aviso is not None) == avisa
    if aviso:
        assert "«chica.jpg»" in aviso and f"{tamano[0]} × {tamano[1]}" in aviso


def test_revisar_escrita_devuelve_medidas_y_avisos(tmp_path):
    foto(tmp_path / "fotos" / "chica.png", (64, 48))
    revisada = revisar_escrita("chica.png", BuscadorDeFotos(tmp_path))
    assert revisada.medidas == (64, 48)
    codigos = [c for c, _ in revisada.avisos]
    assert codigos == ["foto-ruta-corregida", "foto-baja-resolucion"]


def test_las_medidas_del_libro_no_vuelven_a_abrir_el_archivo(tmp_path):
    ruta = foto(tmp_path / "f.jpg", (400, 300))
    medida = Fotografia(ruta, fila=2, medidas=(400, 300))
    ruta.unlink()  # measured when the workbook was read: no need to open it again
    assert medir_fotos([medida]) == {ruta: (400, 300)}
    sin_medir = Fotografia(ruta, fila=3)
    hallazgos: list = []
    assert medir_fotos([sin_medir], hallazgos) == {}
    assert hallazgos[0].codigo == "foto-no-existe" and str(tmp_path) not in hallazgos[0].mensaje


def test_cache_usa_el_escritor_atomico(tmp_path):
    cache = Cache(tmp_path / "cache")
    ruta = foto(tmp_path / "f.jpg", (400, 300))
    primera = procesar_foto(ruta, 100, cache=cache)
    guardadas = sorted(p.name for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert len(guardadas) == 2 and not any(n.endswith(".tmp") for n in guardadas)
    assert procesar_foto(ruta, 100, cache=cache) == primera
    # a cache that cannot be written is not used, and says nothing
    (tmp_path / "archivo").write_text("")
    assert procesar_foto(ruta, 100, cache=Cache(tmp_path / "archivo")) == primera


def test_escritor_atomico_sin_reemplazar(tmp_path):
    destino = tmp_path / "a.bin"
    escribir_atomico(destino, b"uno")
    with pytest.raises(ErrorDeSalida):
        escribir_atomico(destino, b"dos", reemplazar=False)
    escribir_atomico(destino, b"tres", duradero=False)
    assert destino.read_bytes() == b"tres" and [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_reporte_hecho_en_codigo_con_carpeta_de_fotos(tmp_path):
    import datetime as dt

    from reporte_docx.errores import ErrorDeDatos
    from reporte_docx.fotos.revision import resolver_fotos
    from reporte_docx.modelo import Actividad, Reporte

    foto(tmp_path / "subidas" / "fotos" / "x.jpg", (800, 600))
    foto(tmp_path / "privado.jpg")
    actividad = Actividad(
        "7", "n", dt.date(2023, 5, 1), "l", "d", fotografias=[Fotografia(Path("fotos/x.jpg"))]
    )
    reporte = Reporte("D", "T", 2023, 2, actividades=[actividad])
    listo = resolver_fotos(reporte, tmp_path / "subidas")
    (resuelta,) = listo.fotografias
    assert resuelta.medidas == (800, 600) and resuelta.archivo.is_file()
    assert reporte.fotografias[0].archivo == Path("fotos/x.jpg")  # the given one is untouched
    actividad.fotografias.append(Fotografia(Path("../privado.jpg")))
    with pytest.raises(ErrorDeDatos) as e:
        resolver_fotos(reporte, tmp_path / "subidas")
    (h,) = e.value.hallazgos
    assert h.codigo == "foto-fuera-de-carpeta" and h.lugar == "actividad «7», fotografía 2"
    assert str(tmp_path) not in str(e.value)


def test_una_foto_alta_se_mide_al_ancho_que_de_verdad_se_imprime():
    """A tall photo is printed no taller than the grid allows, so narrower than a cell:
    a 300 × 20000 strip is sharp (not «95 dpi at 8 cm»); a small portrait is blurred at the
    width it really gets."""
    assert aviso_de_resolucion(apertura.Medidas(300, 20000), "tira.png") is None
    aviso = aviso_de_resolucion(apertura.Medidas(90, 160), "retrato.jpg")
    assert aviso is not None and "4.5 cm de ancho" in aviso and "50 puntos" in aviso
    assert "8 cm de ancho" in (aviso_de_resolucion(apertura.Medidas(64, 48), "c.jpg") or "")


def test_una_imagen_de_un_pixel_no_dice_cero_puntos():
    aviso = aviso_de_resolucion(apertura.Medidas(1, 1), "uno.jpg")
    assert aviso is not None and " 0 puntos" not in aviso and "menos de 1 punto" in aviso


@pytest.mark.parametrize(
    ("contenido", "dice"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "es un PDF"),
        (b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2", "es un video"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ", "es un video"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "documento de Office"),
    ],
)
def test_lo_que_no_es_una_foto_se_nombra(tmp_path, contenido, dice):
    """A scanned PDF, a WhatsApp video or a Word file in the photo column: say what it is."""
    ruta = tmp_path / "evidencia.jpg"
    ruta.write_bytes(contenido + b"\x00" * 200)
    error = error_de(verificar_foto, ruta)
    assert error.codigo == "foto-no-es-imagen" and dice in str(error)


def test_una_foto_del_libro_se_nombra_como_se_escribio_tambien_al_procesarla(tmp_path):
    """«validar» says «fotos/cortada.jpg»; «generar», which finds a photo bad only when it
    processes it, must say the same, not «cortada.jpg» (or a path of this machine)."""
    from reporte_docx.fotos.revision import nombre_de
    from reporte_docx.libro.lectura import analizar_libro
    from tests.utiles import crear_libro

    foto(tmp_path / "Fotos" / "cortada.jpg")
    libro = crear_libro(tmp_path / "l.xlsx", fotografias=[("1", "fotos\\Cortada.JPG", "")])
    [leida] = analizar_libro(libro).reporte.actividades[0].fotografias
    assert nombre_de(leida) == "fotos\\Cortada.JPG"
    assert nombre_de(Fotografia(tmp_path / "x.jpg")) == str(tmp_path / "x.jpg")  # built in code
