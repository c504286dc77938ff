"""Spanish (Mexico) wording of dates, periods, quarters and numbers; the one year rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reporte_docx import formato
from reporte_docx.modelo import ANIO_MINIMO, anio_maximo, anio_valido

D = dt.date


def test_periodo_de_uno_o_varios_dias():
    assert formato.periodo(D(2023, 6, 5)) == "5 de junio de 2023"
    assert formato.periodo(D(2023, 6, 5), D(2023, 6, 5)) == "5 de junio de 2023"
    assert formato.periodo(D(2023, 6, 5), D(2023, 6, 9)) == "del 5 al 9 de junio de 2023"
    assert formato.periodo(D(2023, 6, 28), D(2023, 7, 2)) == "del 28 de junio al 2 de julio de 2023"
    assert (
        formato.periodo(D(2023, 12, 30), D(2024, 1, 2))
        == "del 30 de diciembre de 2023 al 2 de enero de 2024"
    )


def test_fechas_y_meses():
    assert formato.fecha_larga(D(2023, 5, 30)) == "30 de mayo de 2023"
    assert formato.fecha_corta(D(2023, 5, 3)) == "03/05/2023"
    assert formato.mes(9) == "septiembre" and formato.mes(D(2023, 1, 2)) == "enero"


def test_trimestres():
    assert formato.meses_del_trimestre(4) == (10, 12)
    assert formato.rango_de_meses(2) == "abril - junio"
    assert formato.trimestre_en_palabras(3) == "tercer trimestre"
    assert formato.linea_de_periodo(2, 2023) == "(SEGUNDO TRIMESTRE ABRIL - JUNIO 2023)"
    assert formato.fechas_del_trimestre(4, 2023) == (D(2023, 10, 1), D(2023, 12, 31))
    assert formato.fechas_del_trimestre(1, 2024) == (D(2024, 1, 1), D(2024, 3, 31))


def test_numeros():
    assert formato.numero(1234.5) == "1,234.5"
    assert formato.numero(Decimal("3")) == "3"
    assert formato.porcentaje(1.0) == "100%"
    assert formato.porcentaje(0.6667, 1) == "66.7%"
    assert formato.porcentaje(None) == "N/A"
    assert formato.mayusculas("acción en Quintana Roo") == "ACCIÓN EN QUINTANA ROO"
    assert [formato.romano(n) for n in (1, 2, 4, 9, 14, 2023)] == [
        "I",
        "II",
        "IV",
        "IX",
        "XIV",
        "MMXXIII",
    ]


def test_una_sola_regla_de_anio():
    assert anio_valido(ANIO_MINIMO) and anio_valido(2023) and anio_valido(anio_maximo())
    assert not anio_valido(ANIO_MINIMO - 1)
    assert not anio_valido(anio_maximo() + 1)
    assert anio_maximo() == dt.date.today().year + 1
