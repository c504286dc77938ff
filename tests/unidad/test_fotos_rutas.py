"""Photo paths found as the person who wrote them would find the file (fotos/rutas.py).

Every case builds real files in a temporary folder: the matching is about what
is on disk, so nothing is mocked.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporte_docx.fotos.apertura import FotoInvalida
from reporte_docx.fotos.rutas import BuscadorDeFotos, buscador_de_fotos, clave, limpiar


def archivo(ruta: Path, contenido: bytes = b"x") -> Path:
    ruta.parent.mkdir(parents=True, exist_ok=True)
    ruta.write_bytes(contenido)
    return ruta


def falla(buscar, escrito: str) -> FotoInvalida:
    with pytest.raises(FotoInvalida) as e:
        buscar(escrito)
    return e.value


# --- matching names -------------------------------------------------------------------------


def test_limpiar_quita_espacios_y_comillas_y_compone():
    assert limpiar('  "C:\\fotos\\x.jpg" ') == "C:\\fotos\\x.jpg"
    assert limpiar("«fotos/x.jpg»") == "fotos/x.jpg"
    assert limpiar("'x.jpg'") == "x.jpg"
    assert limpiar(unicodedata.normalize("NFD", "sesión.jpg")) == "sesión.jpg"


def test_clave_iguala_lo_que_una_persona_llama_igual():
    assert clave("Sesión.JPG") == clave(unicodedata.normalize("NFD", "sesión.jpg"))
    assert clave("Captura 10.30.15\u202fa.m..png") == clave("captura 10.30.15 a.m..png")
    assert clave("a\u00a0b.jpg") == clave("a b.jpg")
    assert clave("foto1.jpg") != clave("foto2.jpg")


def test_acentos_descompuestos_de_macos(tmp_path):
    # the file as macOS names it (NFD); the workbook as Excel stores what was typed (NFC)
    real = archivo(tmp_path / "fotos" / unicodedata.normalize("NFD", "sesión.jpg"))
    buscar = BuscadorDeFotos(tmp_path)
    encontrada = buscar("fotos/sesión.jpg")
    assert encontrada.ruta == real and encontrada.aviso is None
    # and the other way round
    archivo(tmp_path / "reunión.jpg")
    assert buscar(unicodedata.normalize("NFD", "reunión.jpg")).ruta == tmp_path / "reunión.jpg"


def test_espacio_angosto_de_las_capturas_de_macos(tmp_path):
    nombre = "Captura de pantalla 2023-06-05 a las 10.30.15\u202fa.m..png"
    real = archivo(tmp_path / nombre)
    encontrada = BuscadorDeFotos(tmp_path)(nombre.replace("\u202f", " "))
    assert encontrada.ruta == real and encontrada.aviso is None


def test_barras_de_windows_mayusculas_y_comillas(tmp_path):
    real = archivo(tmp_path / "fotos" / "Envio.JPG")
    buscar = BuscadorDeFotos(tmp_path)
    for escrito in (
        "fotos\\envio.jpg",
        "FOTOS/ENVIO.JPG",
        '"Fotos\\Envio.jpg"',
        " fotos//envio.jpg ",
    ):
        assert buscar(escrito).ruta == real, escrito


def test_solo_difieren_en_mayusculas_no_se_adivina(tmp_path):
    archivo(tmp_path / "Foto.jpg")
    archivo(tmp_path / "FOTO.jpg")
    e = falla(BuscadorDeFotos(tmp_path), "foto.jpg")
    assert e.codigo == "foto-ambigua"
    assert "«FOTO.jpg»" in str(e) and "«Foto.jpg»" in str(e)


def test_ruta_absoluta_de_otra_computadora(tmp_path):
    real = archivo(tmp_path / "fotos" / "x.jpg")
    encontrada = BuscadorDeFotos(tmp_path)(r"C:\Users\ana\Desktop\fotos\x.jpg")
    assert encontrada.ruta == real
    assert "se usó «fotos/x.jpg»" in (encontrada.aviso or "")
    assert str(tmp_path) not in (encontrada.aviso or "")


def test_nombre_suelto_en_una_subcarpeta(tmp_path):
    real = archivo(tmp_path / "fotos" / "junio" / "x.jpg")
    encontrada = BuscadorDeFotos(tmp_path)("x.jpg")
    assert encontrada.ruta == real and "«fotos/junio/x.jpg»" in (encontrada.aviso or "")


def test_varios_con_ese_nombre_o_ninguno(tmp_path):
    archivo(tmp_path / "a" / "y.jpg")
    archivo(tmp_path / "b" / "y.jpg")
    archivo(tmp_path / "fotos" / "sesion1.jpg")
    buscar = BuscadorDeFotos(tmp_path)
    varios = falla(buscar, "y.jpg")
    assert (
        varios.codigo == "foto-ambigua"
        and "«a/y.jpg»" in str(varios)
        and "«b/y.jpg»" in str(varios)
    )
    ninguno = falla(buscar, "fotos/sesion2.jpg")
    assert ninguno.codigo == "foto-no-existe"
    # the hint is what to write in the cell: the folder as written, the name that is there
    assert "¿quiso decir «fotos/sesion1.jpg»?" in str(ninguno) and "carpeta del libro" in str(
        ninguno
    )
    assert "«Fotos\\sesion1.jpg»" in str(falla(buscar, "Fotos\\sesion2.jpg"))


def test_la_tilde_nunca_se_expande(tmp_path, monkeypatch):
    monkeypatch.delenv("HOME", raising=False)  # "Could not determine home directory" before
    buscar = BuscadorDeFotos(tmp_path)
    assert falla(buscar, "~foto.jpg").codigo == "foto-no-existe"
    real = archivo(tmp_path / "~foto.jpg")
    assert buscar("~foto.jpg").ruta == real
    assert falla(buscar, "~/otra.jpg").codigo == "foto-no-existe"


def test_ruta_absoluta_de_esta_computadora_sin_raiz(tmp_path):
    real = archivo(tmp_path / "otra" / "z.jpg")
    assert BuscadorDeFotos(tmp_path / "libro")(str(real)).ruta == real


def test_el_buscador_de_un_programa(tmp_path):
    real = archivo(tmp_path / "almacen" / "abc.jpg")

    def resolver(escrito: str) -> Path | None:
        return real if escrito == "abc" else None

    buscar = buscador_de_fotos(tmp_path, resolver)
    assert buscar(' "abc" ').ruta == real
    assert falla(buscar, "otra").codigo == "foto-no-existe"
    with pytest.raises(TypeError):
        buscador_de_fotos(tmp_path, 42)  # type: ignore[arg-type]


# --- confined to a root ---------------------------------------------------------------------


@pytest.fixture
def raiz(tmp_path):
    """A root with a workbook folder and photos; secrets next to it, outside."""
    archivo(tmp_path / "fuera" / "secreto.jpg")
    archivo(tmp_path / "fuera" / "confidencial_nomina.jpg")
    archivo(tmp_path / "raiz" / "fotos" / "x.jpg")
    os.symlink(tmp_path / "fuera" / "secreto.jpg", tmp_path / "raiz" / "fotos" / "enlace.jpg")
    os.symlink(tmp_path / "fuera", tmp_path / "raiz" / "carpeta_enlazada")
    return tmp_path / "raiz"


@pytest.mark.parametrize(
    "escrito",
    [
        "../fuera/secreto.jpg",
        "fotos/../../fuera/secreto.jpg",
        "/etc/passwd",
        "C:\\Windows\\secreto.jpg",
        "~root/secreto.jpg",
        "fotos/enlace.jpg",
        "carpeta_enlazada/secreto.jpg",
    ],
)
def test_con_raiz_nada_sale_de_ella(raiz, escrito):
    e = falla(buscador_de_fotos(raiz, raiz), escrito)
    assert e.codigo == "foto-fuera-de-carpeta"
    assert f"«{escrito}»" in str(e)
    assert str(raiz.parent) not in str(e)  # no folder of the server
    assert "confidencial" not in str(e)


def test_con_raiz_las_pistas_sólo_listan_lo_de_adentro(raiz):
    buscar = buscador_de_fotos(raiz / "fotos", raiz)
    e = falla(buscar, "confidencial_nomina.jpg")
    assert e.codigo == "foto-no-existe" and "confidencial" in str(e)  # only as written
    assert "quiso decir" not in str(e) and str(raiz) not in str(e)
    assert "carpeta de las fotos" in str(e)
    assert falla(buscar, "secreto.jpg").codigo == "foto-no-existe"  # the link is not listed


def test_con_raiz_lo_de_adentro_se_encuentra(raiz):
    archivo(raiz / "informe" / "libro.xlsx")
    buscar = buscador_de_fotos(raiz / "informe", raiz)
    assert buscar("../fotos/x.jpg").ruta == (raiz / "fotos" / "x.jpg").resolve()
    encontrada = buscar("x.jpg")  # bare name: searched in the whole root
    assert encontrada.ruta == (raiz / "fotos" / "x.jpg").resolve()
    assert "«../fotos/x.jpg»" in (encontrada.aviso or "")


def test_con_raiz_una_ruta_absoluta_sugiere_la_de_adentro(raiz):
    e = falla(buscador_de_fotos(raiz, raiz), r"C:\Users\ana\fotos\x.jpg")
    assert "¿quiso decir «fotos/x.jpg»?" in str(e)


# --- any name, however it was typed ----------------------------------------------------------

_LETRAS = "abcdeinosuáéíóúñüÁÉÍÓÚÑÜ0123456789-_"
_NOMBRES = st.text(alphabet=_LETRAS + " ", min_size=1, max_size=24).map(str.strip).filter(bool)


@settings(max_examples=40, deadline=None)
@given(nombre=_NOMBRES, mayusculas=st.booleans(), espacio_apple=st.booleans())
def test_cualquier_nombre_escrito_como_lo_ve_una_persona(
    tmp_path_factory, nombre, mayusculas, espacio_apple
):
    """On disk as a Mac stores it (NFD); written as Excel keeps what was typed, in any case."""
    carpeta = tmp_path_factory.mktemp("nombres")
    real = archivo(carpeta / "fotos" / unicodedata.normalize("NFD", f"{nombre}.jpg"))
    escrito = unicodedata.normalize("NFC", f"fotos\\{nombre}.JPG")
    escrito = escrito.upper() if mayusculas else escrito
    if espacio_apple:
        escrito = escrito.replace(" ", "\u202f")
    encontrada = BuscadorDeFotos(carpeta)(escrito)
    assert encontrada.ruta == real and encontrada.aviso is None


@pytest.mark.parametrize(
    "escrito", ["https://drive.google.com/file/d/abc/view", "www.facebook.com/photo/1"]
)
def test_una_direccion_de_internet_no_es_un_archivo(tmp_path, escrito):
    """A link pasted from Drive or Facebook: say so, and what to do, rather than «not found»."""
    e = falla(BuscadorDeFotos(tmp_path), escrito)
    assert e.codigo == "foto-no-existe"
    assert "dirección de internet" in str(e) and "descargue la foto" in str(e)


@pytest.mark.parametrize(
    "escrito", ["fotos/a.jpg; fotos/b.jpg", "a.jpg, b.JPG", "fotos/a.jpg\nfotos/b.png"]
)
def test_varias_fotos_en_una_celda(tmp_path, escrito):
    """Several files listed in one cell: one photo per row is what to do, said so."""
    archivo(tmp_path / "fotos" / "a.jpg")
    e = falla(BuscadorDeFotos(tmp_path), escrito)
    assert e.codigo == "foto-no-existe" and "una foto por fila" in str(e)
