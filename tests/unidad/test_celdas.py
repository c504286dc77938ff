"""One cell read as the contract's type: dates as people write them, numbers as in Mexico."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reporte_docx.libro import celdas

D = dt.date


@pytest.mark.parametrize(
    ("escrito", "esperada"),
    [
        ("30/05/2023", D(2023, 5, 30)),
        ("5 de junio del 2023", D(2023, 6, 5)),
        ("1° de junio de 2023", D(2023, 6, 1)),
        ("1º de junio de 2023", D(2023, 6, 1)),
        ("1o. de junio de 2023", D(2023, 6, 1)),
        ("lunes 5 de junio de 2023", D(2023, 6, 5)),
        ("Lunes, 5 de Junio de 2023", D(2023, 6, 5)),
        ("junio 13, 2023", D(2023, 6, 13)),
        ("05/06/23", D(2023, 6, 5)),
        ("2023/06/05", D(2023, 6, 5)),
        ("2023-06-05", D(2023, 6, 5)),
        ("5/06/2023 10:30", D(2023, 6, 5)),
        ("2023-06-05T10:30:00", D(2023, 6, 5)),
        ("5 de junio de 2023 10:30 hrs", D(2023, 6, 5)),
        ("1 de setiembre de 2023", D(2023, 9, 1)),
        ("30 sept 2023", D(2023, 9, 30)),
        ("5-jun-23", D(2023, 6, 5)),
        ("MIÉRCOLES 7 DE JUNIO DE 2023", D(2023, 6, 7)),
        ("5 de junio de 2023.", D(2023, 6, 5)),  # a sentence's final period
        ("5 de junio de 2023 a las 10:00", D(2023, 6, 5)),
        ("5 de junio de 2023, 10:00 hrs.", D(2023, 6, 5)),
        ("1 de junio de 2023 a la 1:30 p. m.", D(2023, 6, 1)),
        (dt.datetime(2023, 6, 5, 10, 30), D(2023, 6, 5)),
        (D(2023, 6, 5), D(2023, 6, 5)),
    ],
)
def test_fechas_que_se_escriben(escrito, esperada):
    assert celdas.fecha(escrito) == esperada


def test_anios_de_dos_cifras_en_una_ventana_sensata():
    assert celdas.fecha("05/06/69") == D(2069, 6, 5)
    assert celdas.fecha("05/06/70") == D(1970, 6, 5)


def test_fecha_sin_anio_toma_el_del_ejercicio_o_lo_pide():
    assert celdas.fecha("1o. de junio", anio=2023) == D(2023, 6, 1)
    with pytest.raises(celdas.ValorInvalido) as e:
        celdas.fecha("1o. de junio")
    assert e.value.codigo == "fecha-sin-anio"


@pytest.mark.parametrize(
    ("escrito", "inicio", "fin"),
    [
        ("del 5 al 9 de junio de 2023", D(2023, 6, 5), D(2023, 6, 9)),
        ("5 al 9 de junio de 2023", D(2023, 6, 5), D(2023, 6, 9)),
        ("5-9 de junio de 2023", D(2023, 6, 5), D(2023, 6, 9)),
        ("5-9 junio 2023", D(2023, 6, 5), D(2023, 6, 9)),
        ("del 5 al 9 de junio de 2023.", D(2023, 6, 5), D(2023, 6, 9)),
        ("del 28 de junio al 2 de julio de 2023", D(2023, 6, 28), D(2023, 7, 2)),
        ("del 30 de diciembre al 2 de enero de 2024", D(2023, 12, 30), D(2024, 1, 2)),
        ("del 30 de diciembre de 2022 al 2 de enero de 2023", D(2022, 12, 30), D(2023, 1, 2)),
        ("05/06/2023 - 09/06/2023", D(2023, 6, 5), D(2023, 6, 9)),
        ("5 de junio de 2023", D(2023, 6, 5), None),
        ("del 5 al 5 de junio de 2023", D(2023, 6, 5), None),
    ],
)
def test_periodos(escrito, inicio, fin):
    assert celdas.periodo(escrito) == (inicio, fin)


@pytest.mark.parametrize(
    ("escrito", "codigo"),
    [
        ("el martes pasado", "fecha-ilegible"),
        ("5/6", "fecha-ilegible"),
        ("31/02/2023", "fecha-inexistente"),
        ("del 9 al 5 de junio de 2023", "fecha-periodo-invertido"),
        (45000, "fecha-numero"),
    ],
)
def test_fechas_rechazadas(escrito, codigo):
    with pytest.raises(celdas.ValorInvalido) as e:
        celdas.periodo(escrito)
    assert e.value.codigo == codigo


def test_una_fecha_ilegible_lista_formas_que_si_sirven():
    with pytest.raises(celdas.ValorInvalido) as e:
        celdas.fecha("mañana")
    for forma in ("30/05/2023", "30 de mayo de 2023", "del 5 al 9 de junio de 2023"):
        assert forma in str(e.value)


def test_un_evento_no_acepta_un_periodo():
    with pytest.raises(celdas.ValorInvalido) as e:
        celdas.fecha("del 5 al 9 de junio de 2023")
    assert e.value.codigo == "fecha-es-periodo"


@pytest.mark.parametrize(
    ("escrito", "valor"),
    [
        ("3", 3),
        (3.0, 3),
        ("2.5", Decimal("2.5")),
        ("1,200", 1200),
        ("1,200.50", Decimal("1200.50")),
        ("1 200", 1200),
        ("0.125", Decimal("0.125")),
        ("-3", -3),
    ],
)
def test_numeros_como_en_mexico(escrito, valor):
    assert celdas.numero(escrito) == valor


@pytest.mark.parametrize("escrito", ["2,5", "12,34", "1.500", "1.234.567"])
def test_numeros_ambiguos_se_rechazan_nunca_se_adivinan(escrito):
    with pytest.raises(celdas.ValorInvalido) as e:
        celdas.numero(escrito)
    assert e.value.codigo == "numero-ambiguo"
    assert "2.5" in str(e.value)  # the message shows how to write it


def test_no_numeros():
    for escrito in ("tres", True, "NaN", "inf", "$1,200", "1,200 etapas", "50%"):
        with pytest.raises(celdas.ValorInvalido) as e:
            celdas.numero(escrito)
        # a sign or a word is not a misplaced comma: «ambiguo» would send the user astray
        assert e.value.codigo == "numero-invalido", escrito
    with pytest.raises(celdas.ValorInvalido) as e:
        celdas.entero("2.5")
    assert e.value.codigo == "entero-invalido"


def test_texto_como_lo_muestra_excel():
    assert celdas.texto("Primera línea_x000D_\nSegunda") == "Primera línea\nSegunda"
    assert celdas.texto("Tab_x0009_aquí") == "Tab\taquí"
    # Word's manual line break (Shift+Enter) pasted into a cell, and Unicode's line and
    # paragraph separators: a line break, never two words glued together in the report
    assert celdas.texto("uno_x000B_dos") == "uno\ndos"
    assert celdas.texto("a\u2028b\u2029c\x0cd\x85e") == "a\nb\nc\nd\ne"
    assert celdas.texto("literal _x005F_x000D_") == "literal _x000D_"
    assert celdas.texto(3.0) == "3"
    assert celdas.texto(dt.datetime(2023, 6, 5)) == "2023-06-05"
    assert celdas.texto(None) == ""
    assert celdas.identificador(1.0) == celdas.identificador("1") == "1"


def test_un_id_con_caracteres_invisibles_es_el_mismo_id():
    """Pasted from a web page or a chat: «1» and «1» + zero-width space look the same on screen."""
    for escrito in ("1\u200b", "\ufeff1", "1\u00a0", "\u20601", " 1 "):
        assert celdas.identificador(escrito) == "1", repr(escrito)


def test_una_fecha_escrita_como_numero_dice_que_fecha_seria():
    with pytest.raises(celdas.ValorInvalido) as e:
        celdas.fecha(45082)
    assert e.value.codigo == "fecha-numero" and "05/06/2023" in str(e.value)


@pytest.mark.parametrize(
    ("formula", "esperado"),
    [
        (
            '=HYPERLINK("https://meet.example/abc","Sala virtual")',
            ("https://meet.example/abc", "Sala virtual"),
        ),
        ('=HIPERVINCULO("https://x.mx"; "Sala ""A""")', ("https://x.mx", 'Sala "A"')),
        ('=_xlfn.HYPERLINK("https://x.mx")', ("https://x.mx", "https://x.mx")),
        ('=HYPERLINK(A1,"x")', None),
        ("=SUM(A1:A3)", None),
        ("texto", None),
        (None, None),
    ],
)
def test_hipervinculo_de_formula(formula, esperado):
    assert celdas.hipervinculo_de_formula(formula) == esperado


def test_la_direccion_de_un_enlace_no_se_pierde():
    assert celdas.con_enlace("Informe", "https://x.mx/i") == "Informe (https://x.mx/i)"
    assert celdas.con_enlace("https://x.mx/i", "https://x.mx/i") == "https://x.mx/i"
    assert celdas.con_enlace("Informe", None) == "Informe"


@pytest.mark.parametrize(
    ("direccion", "ruta"),
    [
        ("fotos/foto1.jpg", "fotos/foto1.jpg"),
        ("fotos/mi%20foto%20%C3%B1.jpg", "fotos/mi foto ñ.jpg"),  # Excel stores links encoded
        ("file:///C:/Users/ana/fotos/x.jpg", "C:/Users/ana/fotos/x.jpg"),
        ("file:///home/ana/x.jpg", "/home/ana/x.jpg"),
        ("file://servidor/fotos/x.jpg", "//servidor/fotos/x.jpg"),
        ("C:\\Users\\ana\\x.jpg", "C:\\Users\\ana\\x.jpg"),
        ("https://drive.example/x.jpg", None),
        ("mailto:ana@x.mx", None),
        (None, None),
    ],
)
def test_ruta_de_un_vinculo_a_un_archivo(direccion, ruta):
    assert celdas.ruta_de_vinculo(direccion) == ruta


@pytest.mark.parametrize(
    ("escrito", "trimestre"),
    [
        (2, 2),
        ("2", 2),
        ("2do", 2),
        ("2º", 2),
        ("2o.", 2),
        ("II", 2),
        ("Trimestre II", 2),
        ("segundo", 2),
        ("Segundo trimestre", 2),
        ("primer trimestre", 1),
        ("primero", 1),
        ("3er trimestre", 3),
        ("tercero", 3),
        ("IV", 4),
        ("cuarto", 4),
    ],
)
def test_trimestre_como_se_escribe(escrito, trimestre):
    """The heading says «SEGUNDO TRIMESTRE» and «TRIMESTRE II»: people write it so too."""
    assert celdas.trimestre(escrito) == trimestre


@pytest.mark.parametrize("escrito", ["abril-junio", "V", "quinto", "2.5", "T"])
def test_trimestre_que_no_se_entiende(escrito):
    with pytest.raises(celdas.ValorInvalido) as e:
        celdas.trimestre(escrito)
    assert e.value.codigo == "trimestre-invalido" and "1, 2, 3 o 4" in str(e.value)
