"""Photos: upright, RGB, right-sized, stored once, cached; bad files reported by row.

Every photo is made here with Pillow, so each case shows what it feeds in.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import docx
import pytest
from PIL import Image

from reporte_docx.cli.progreso import BarraDeProgreso
from reporte_docx.errores import ErrorDeDatos
from reporte_docx.fotos import apertura
from reporte_docx.fotos import proceso as fotos
from reporte_docx.fotos.paralelo import AjustesFotos, procesar_fotos
from reporte_docx.fotos.revision import medir_fotos
from reporte_docx.modelo import Fotografia
from reporte_docx.opciones import Avance, Etapa
from tests.utiles import assert_docx_valido, crear_foto, crear_libro, ejecutar

EMU_POR_PULGADA = 914400


def foto_ruidosa(ruta: Path, tamano=(1200, 900), **guardar) -> Path:
    """A photo with texture (a flat colour would compress to nothing and hide size problems)."""
    ruta.parent.mkdir(parents=True, exist_ok=True)
    canales = [Image.effect_noise(tamano, 40 + 10 * i) for i in range(3)]
    Image.merge("RGB", canales).save(ruta, **guardar)
    return ruta


def libro_con_fotos(carpeta: Path, *archivos: str) -> Path:
    return crear_libro(
        carpeta / "libro.xlsx",
        fotografias=[("1", a, f"Pie {i}") for i, a in enumerate(archivos, start=1)],
    )


def generar(libro: Path, *opciones: str):
    r = ejecutar("generar", str(libro), "--sobrescribir", *opciones)
    return r, libro.with_suffix(".docx")


def dibujos(ruta: Path) -> list[tuple[int, int, Image.Image, bytes]]:
    """Each picture of the document: shown width and height (EMU), the image and its bytes."""
    documento = docx.Document(str(ruta))
    resultado = []
    for forma in documento.inline_shapes:
        rid = forma._inline.graphic.graphicData.pic.blipFill.blip.embed
        datos = documento.part.related_parts[rid].blob
        resultado.append((forma.width, forma.height, Image.open(io.BytesIO(datos)), datos))
    return resultado


def medios(ruta: Path) -> list[str]:
    with zipfile.ZipFile(ruta) as z:
        return [n for n in z.namelist() if n.startswith("word/media/foto")]


# ---------------------------------------------------------------- end to end, by the real CLI


def test_rotada_cmyk_rgba_heic_y_tamano(tmp_path):
    from pillow_heif import register_heif_opener

    register_heif_opener()
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view": a phone held upright
    foto_ruidosa(tmp_path / "girada.jpg", (1600, 1200), exif=exif.tobytes())
    crear_foto(tmp_path / "cmyk.jpg", (800, 600), (0, 255, 255, 0), modo="CMYK")
    # a photo with a transparent band (a cut-out): photo-like, so it becomes a JPEG
    rgba = Image.open(foto_ruidosa(tmp_path / "b.png")).convert("RGBA")
    rgba.paste((0, 0, 0, 0), (0, 0, 100, 900))
    rgba.save(tmp_path / "rgba.png")
    crear_foto(tmp_path / "grande.jpg", (4000, 3000))
    Image.open(foto_ruidosa(tmp_path / "h.png", (1600, 1200))).save(tmp_path / "iphone.heic")
    libro = libro_con_fotos(
        tmp_path, "girada.jpg", "cmyk.jpg", "rgba.png", "grande.jpg", "iphone.heic"
    )
    r, docx_ = generar(libro)
    assert r.returncode == 0, r.stderr
    assert_docx_valido(docx_)
    girada, cmyk, rgba_, grande, heic = dibujos(docx_)

    ancho, alto, imagen, _ = girada
    assert imagen.height > imagen.width and alto > ancho  # portrait, as it was taken
    assert imagen.getexif().get(0x0112, 1) == 1

    for _, _, imagen, _ in (cmyk, rgba_, grande, heic):
        assert imagen.format == "JPEG" and imagen.mode == "RGB"
    r_, g, b = cmyk[2].getpixel((10, 10))
    assert r_ > 200 and g < 80 and b < 80  # CMYK (0,255,255,0) is red, not inverted
    assert rgba_[2].getpixel((10, 10)) >= (245, 245, 245)  # transparency flattened on white

    for ancho, alto, imagen, _ in (girada, cmyk, rgba_, grande, heic):
        # same proportions as shown, within a pixel's rounding
        assert abs(ancho / alto - imagen.width / imagen.height) < 0.01
    ancho, _, imagen, _ = grande
    dpi = imagen.width / (ancho / EMU_POR_PULGADA)
    assert 190 <= dpi <= 200, dpi  # 4000 px shown about 8 cm wide: about 640 px
    ancho, _, imagen, _ = heic
    assert imagen.width / (ancho / EMU_POR_PULGADA) <= 200


def test_misma_foto_dos_veces_se_guarda_una_vez_y_dpi(tmp_path):
    foto_ruidosa(tmp_path / "f.jpg", (3000, 2000))
    crear_foto(tmp_path / "otra.jpg", (3000, 2000))
    libro = libro_con_fotos(tmp_path, "f.jpg", "otra.jpg", "f.jpg")
    r, docx_ = generar(libro)
    assert r.returncode == 0, r.stderr
    assert len(dibujos(docx_)) == 3
    assert len(medios(docx_)) == 2
    a200 = dibujos(docx_)[0][2].width
    r, docx_ = generar(libro, "--dpi", "100")
    assert r.returncode == 0, r.stderr
    assert abs(dibujos(docx_)[0][2].width - a200 / 2) <= 1


def test_una_foto_sola_centrada_en_toda_la_fila(tmp_path):
    for n in "abc":
        crear_foto(tmp_path / f"{n}.jpg")
    r, docx_ = generar(libro_con_fotos(tmp_path, "a.jpg", "b.jpg", "c.jpg"))
    assert r.returncode == 0, r.stderr
    (a, _, _, _), (b, _, _, _), (c, _, _, _) = dibujos(docx_)
    assert a == b == c  # the lone third photo keeps the grid's size, centered in the row
    with zipfile.ZipFile(docx_) as z:
        cuerpo = z.read("word/document.xml").decode()
    assert '<w:gridSpan w:val="2"/>' in cuerpo and "<w:cantSplit/>" in cuerpo


def test_archivos_malos_se_informan_por_fila(tmp_path):
    foto_ruidosa(tmp_path / "buena.jpg")
    completa = foto_ruidosa(tmp_path / "x.jpg").read_bytes()
    (tmp_path / "cortada.jpg").write_bytes(completa[: len(completa) // 2])
    (tmp_path / "texto.jpg").write_text("esto no es una imagen")
    (tmp_path / "carpeta.jpg").mkdir()
    os.mkfifo(tmp_path / "tuberia.jpg")
    os.symlink("ciclo_b.jpg", tmp_path / "ciclo_a.jpg")
    os.symlink("ciclo_a.jpg", tmp_path / "ciclo_b.jpg")
    for n in range(4):  # enough photos for the parallel path
        foto_ruidosa(tmp_path / f"ok{n}.jpg", (600, 400))
    libro = libro_con_fotos(
        tmp_path,
        "buena.jpg",
        "cortada.jpg",
        "texto.jpg",
        "carpeta.jpg",
        "tuberia.jpg",
        "ciclo_a.jpg",
        "/dev/null",
        *[f"ok{n}.jpg" for n in range(4)],
    )
    r = ejecutar("generar", str(libro), timeout=120)  # a FIFO opened would hang here
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    for fila in range(3, 9):  # row 2 (buena.jpg) is fine; 3..8 are the bad ones
        assert f"«Fotografias», fila {fila}" in r.stderr, r.stderr
    assert "«Fotografias», fila 2," not in r.stderr
    assert "dañada o incompleta" in r.stderr
    assert "no es una imagen" in r.stderr
    assert "es una carpeta" in r.stderr and "tubería" in r.stderr
    assert "ciclo" in r.stderr and "dispositivo" in r.stderr
    assert not libro.with_suffix(".docx").exists()


def test_cache_se_reutiliza_y_tolera_danos(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("REPORTE_DOCX_CACHE", str(cache))
    foto_ruidosa(tmp_path / "f.jpg", (2000, 1500))
    libro = libro_con_fotos(tmp_path, "f.jpg")
    r, docx_ = generar(libro)
    assert r.returncode == 0, r.stderr
    primero = docx_.read_bytes()
    guardadas = list(cache.glob("??/*.jpeg"))
    assert len(guardadas) == 1
    marca = guardadas[0].stat().st_mtime_ns
    r, _ = generar(libro)
    assert r.returncode == 0, r.stderr
    assert docx_.read_bytes() == primero
    assert guardadas[0].stat().st_mtime_ns == marca  # read, not rewritten
    assert_docx_valido(docx_)

    guardadas[0].write_bytes(b"\xff\xd8basura")  # a damaged entry is redone, not embedded
    r, _ = generar(libro)
    assert r.returncode == 0, r.stderr
    assert docx_.read_bytes() == primero

    bloqueo = tmp_path / "no_es_carpeta"
    bloqueo.write_text("")
    monkeypatch.setenv("REPORTE_DOCX_CACHE", str(bloqueo))  # the cache cannot be written
    r, _ = generar(libro)
    assert r.returncode == 0, r.stderr
    assert docx_.read_bytes() == primero


# ---------------------------------------------------------------- in process


def test_cache_evita_volver_a_procesar(tmp_path, monkeypatch):
    ruta = foto_ruidosa(tmp_path / "f.jpg")
    ajustes = AjustesFotos(cache=tmp_path / "c")
    primera = procesar_fotos({ruta: 300}, [Fotografia(ruta)], ajustes=ajustes)

    def no_procesar(*args):
        raise AssertionError("se volvió a procesar una foto que estaba en la caché")

    monkeypatch.setattr(fotos, "procesar_datos", no_procesar)
    segunda = procesar_fotos({ruta: 300}, [Fotografia(ruta)], ajustes=ajustes)
    assert segunda == primera
    copia = tmp_path / "copia.jpg"  # same content under another name: still cached
    copia.write_bytes(ruta.read_bytes())
    assert procesar_fotos({copia: 300}, [Fotografia(copia)], ajustes=ajustes)


def test_paralelo_informa_la_fila_y_el_progreso(tmp_path):
    rutas = [foto_ruidosa(tmp_path / f"{n}.jpg", (800, 600)) for n in range(5)]
    rutas[3].write_bytes(rutas[3].read_bytes()[:5000])
    lista = [Fotografia(r, fila=10 + n) for n, r in enumerate(rutas)]
    avance = []
    with pytest.raises(ErrorDeDatos) as e:
        procesar_fotos(
            {r: 400 for r in rutas},
            lista,
            ajustes=AjustesFotos(procesos=2, cache=None),
            progreso=lambda *a: avance.append(a),
        )
    assert [h.fila for h in e.value.hallazgos] == [13]
    assert avance[0] == (0, 5) and avance[-1] == (5, 5)
    dos = AjustesFotos(procesos=2, cache=None)
    buenas = procesar_fotos({r: 400 for r in rutas[:3]}, lista, ajustes=dos)
    assert all(f.ancho_px == 400 and f.alto_px == 300 for f in buenas.values())


@pytest.mark.parametrize(
    ("formato", "modo", "extension"),
    [("GIF", "P", "png"), ("BMP", "RGB", "jpeg"), ("TIFF", "RGB", "jpeg"), ("WEBP", "RGB", "jpeg")],
)
def test_formatos(tmp_path, formato, modo, extension):
    ruta = tmp_path / f"f.{formato.lower()}"
    imagen = Image.open(foto_ruidosa(tmp_path / "base.png", (600, 400)))
    if modo == "P":  # line art: a few flat colours
        imagen = Image.new("P", (600, 400), 0)
        imagen.putpalette([255, 255, 255, 200, 30, 30, 30, 30, 200])
        imagen.paste(1, (40, 40, 300, 200))
        imagen.paste(2, (320, 220, 560, 360))
    imagen.save(ruta, formato)
    foto = fotos.procesar_foto(ruta, 300, cache=None)
    assert (foto.ancho_px, foto.alto_px) == (300, 200)
    assert foto.extension == extension  # few colours stay PNG; photos become JPEG


def test_capturas_quedan_png_y_nunca_se_amplian(tmp_path):
    captura = Image.new("RGBA", (500, 300), (255, 255, 255, 0))
    captura.paste((20, 20, 160, 255), (50, 50, 450, 120))
    captura.save(tmp_path / "captura.png")
    foto = fotos.procesar_foto(tmp_path / "captura.png", 2000, cache=None)
    assert foto.extension == "png" and (foto.ancho_px, foto.alto_px) == (500, 300)
    assert Image.open(io.BytesIO(foto.datos)).mode in ("RGB", "RGBA")


def test_gris_de_16_bits_no_sale_blanco(tmp_path):
    Image.new("I;16", (400, 300), 32768).save(tmp_path / "g.png")
    foto = fotos.procesar_foto(tmp_path / "g.png", 200, cache=None)
    gris = Image.open(io.BytesIO(foto.datos)).convert("L").getpixel((5, 5))
    assert 120 <= gris <= 135


def test_foto_demasiado_grande_es_error_de_su_fila(tmp_path, monkeypatch):
    ruta = crear_foto(tmp_path / "f.png", (400, 300))
    monkeypatch.setattr(apertura, "PIXELES_MAXIMOS", 1000)  # 400x300 > 1000: a "bomb"
    with pytest.raises(ErrorDeDatos) as e:
        medir_fotos([Fotografia(ruta, fila=7, hoja="Fotografias", columna="archivo")])
    (h,) = e.value.hallazgos
    assert (h.codigo, h.hoja, h.fila) == ("foto-demasiado-grande", "Fotografias", 7)


def test_barra_de_progreso():
    salida = io.StringIO()
    barra = BarraDeProgreso("Procesando fotografías", salida, activa=True)
    barra(Avance(Etapa.LECTURA, 1, 1))  # only the photos draw the bar
    assert salida.getvalue() == ""
    barra(Avance(Etapa.FOTOS, 0, 4))
    barra(Avance(Etapa.FOTOS, 4, 4))
    assert "Procesando fotografías" in salida.getvalue() and "4/4" in salida.getvalue()
    assert salida.getvalue().endswith("\n")
    callada = io.StringIO()
    BarraDeProgreso("x", callada)(Avance(Etapa.FOTOS, 4, 4))  # not a terminal: says nothing
    assert callada.getvalue() == ""


def test_silencioso_y_sin_terminal_no_muestran_barra(tmp_path):
    for n in range(4):
        crear_foto(tmp_path / f"{n}.jpg")
    libro = libro_con_fotos(tmp_path, *[f"{n}.jpg" for n in range(4)])
    for opciones in ((), ("--silencioso",)):
        r, _ = generar(libro, *opciones)
        assert r.returncode == 0, r.stderr
        assert "Procesando" not in r.stderr


def test_fotos_del_ancho_de_la_celda_de_una_plantilla_propia(tmp_path):
    """A template that puts the grid in a narrow cell gets photos that fit that cell."""
    from docx.shared import Cm

    plantilla = docx.Document()
    plantilla.add_paragraph("{%p for a in actividades %}")
    tabla = plantilla.add_table(rows=1, cols=2)
    tabla.autofit = False
    for col, ancho in zip(tabla._tbl.tblGrid.gridCol_lst, (Cm(9), Cm(8)), strict=True):
        col.w = ancho
    tabla.rows[0].cells[0].text = "{{ a.nombre }}"
    tabla.rows[0].cells[1].text = "{{p a.galeria }}"
    plantilla.add_paragraph("{%p endfor %}")
    ruta_plantilla = tmp_path / "angosta.docx"
    plantilla.save(ruta_plantilla)
    for nombre in ("a.jpg", "b.jpg"):
        crear_foto(tmp_path / nombre, (1200, 900), format="JPEG")
    libro = crear_libro(tmp_path / "l.xlsx", fotografias=[("1", "a.jpg", "A"), ("1", "b.jpg", "B")])
    r = ejecutar("generar", str(libro), "--plantilla", str(ruta_plantilla))
    assert r.returncode == 0, r.stderr
    salida = libro.with_suffix(".docx")
    with zipfile.ZipFile(salida) as z:
        cuerpo = z.read("word/document.xml").decode()
    anchos = [int(cx) for cx in re.findall(r'<wp:extent cx="(\d+)"', cuerpo)]
    assert len(anchos) == 2
    assert all(ancho <= Cm(8) // 2 for ancho in anchos), anchos  # two per row in 8 cm
    assert all(ancho >= Cm(3) for ancho in anchos), anchos
    assert_docx_valido(salida)


def test_cada_foto_suelta_con_f_imagen_en_una_plantilla_propia(tmp_path):
    """``{{ f.imagen }}`` places one photo inline where the template author wants it."""
    plantilla = docx.Document()
    plantilla.add_paragraph("{%p for a in actividades %}")
    plantilla.add_paragraph("{%p for f in a.fotos %}")
    plantilla.add_paragraph("Foto: {{ f.imagen }} — {{ f.pie }}")
    plantilla.add_paragraph("{%p endfor %}")
    plantilla.add_paragraph("{%p endfor %}")
    ruta_plantilla = tmp_path / "sueltas.docx"
    plantilla.save(ruta_plantilla)
    crear_foto(tmp_path / "a.jpg", (800, 600), format="JPEG")
    crear_foto(tmp_path / "b.png", (300, 600), color=(0, 200, 0))
    libro = crear_libro(
        tmp_path / "l.xlsx", fotografias=[("1", "a.jpg", "Primera"), ("1", "b.png", "Segunda")]
    )
    r = ejecutar("plantilla", "verificar", str(ruta_plantilla))
    assert r.returncode == 0, r.stdout + r.stderr
    r = ejecutar("generar", str(libro), "--plantilla", str(ruta_plantilla))
    assert r.returncode == 0, r.stderr
    salida = libro.with_suffix(".docx")
    documento = docx.Document(str(salida))
    con_foto = [p for p in documento.paragraphs if p._p.xpath(".//w:drawing")]
    assert [p.text for p in con_foto] == ["Foto:  — Primera", "Foto:  — Segunda"]
    assert len(documento.inline_shapes) == 2
    # aspect ratio kept: the tall photo is twice as high as wide
    alta = documento.inline_shapes[1]
    assert abs(alta.height / alta.width - 2) < 0.01
    assert_docx_valido(salida)


def test_rutas_como_se_escriben_en_windows_y_macos_por_la_linea_de_ordenes(tmp_path):
    import unicodedata

    foto_ruidosa(tmp_path / "fotos" / "x.jpg")
    foto_ruidosa(tmp_path / "fotos" / unicodedata.normalize("NFD", "reunión.jpg"))
    foto_ruidosa(tmp_path / "fotos" / "Captura 10.30.15\u202fa.m..png")
    crear_foto(tmp_path / "fotos" / "miniatura.png", (64, 48))
    # a photo whose EXIF block is cut short: Pillow warns about it in English
    exif = Image.Exif()
    exif[0x010E] = "descripción " * 20
    Image.new("RGB", (800, 600)).save(tmp_path / "exif.jpg", exif=exif.tobytes()[:-100])
    libro = libro_con_fotos(
        tmp_path,
        r"C:\Users\ana\Desktop\fotos\x.jpg",
        '"Fotos\\Reunión.JPG"',
        "fotos/Captura 10.30.15 a.m..png",
        "miniatura.png",
        "exif.jpg",
    )
    r, docx_ = generar(libro)
    assert r.returncode == 0, r.stderr
    assert "se usó «fotos/x.jpg»" in r.stderr and "se usó «fotos/miniatura.png»" in r.stderr
    assert "64 × 48 píxeles" in r.stderr and "borrosa" in r.stderr
    assert "Warning" not in r.stderr and str(tmp_path) not in r.stderr
    assert len(medios(docx_)) == 5

    (tmp_path / "fotos" / "vacia.jpg").write_bytes(b"")
    libro = libro_con_fotos(tmp_path, "~foto.jpg", "fotos/vacia.jpg")
    r = ejecutar("validar", str(libro))
    assert r.returncode == 1 and "inesperado" not in r.stderr + r.stdout
    salida = r.stderr + r.stdout
    assert "no se encontró el archivo «~foto.jpg»" in salida and "está vacía" in salida
