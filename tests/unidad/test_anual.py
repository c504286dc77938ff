"""The year's report as a model: quarters summed, their rules, their context (no files)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from reporte_docx import (
    Actividad,
    Codigo,
    ErrorDeDatos,
    Firma,
    Reporte,
    ReporteAnual,
    reporte_anual,
)
from reporte_docx.formato import periodo_de_meses, rango_de_meses
from reporte_docx.modelo import reglas_del_reporte
from reporte_docx.plantilla.contexto import construir_contexto


def _trimestre(t: int, **campos) -> Reporte:
    """A quarter as an office fills it: two activities, the last one first in the sheet."""
    mes = 3 * t - 1
    datos = {
        "indicador": "C05A03I3 - Porcentaje de avance",
        "programadas": 1,
        "realizadas": 1,
        "justificacion": "Se cumplió la meta",
        "objetivo": f"Objetivo del trimestre {t}",
        "actividades": [
            Actividad(
                "1", f"Tarde {t}", dt.date(2023, mes, 20), "Chetumal", "D", objetivo="Propio"
            ),
            Actividad("2", f"Temprano {t}", dt.date(2023, mes, 5), "Chetumal", "D"),
        ],
        "firmas": [Firma("Elaboró", f"Persona {t}", "Jefa"), Firma("Revisó", "Dos", "Dir")],
        **campos,
    }
    return Reporte("SECRETARÍA DE GOBIERNO", "REPORTE TRIMESTRAL", 2023, t, **datos)


def test_el_anio_suma_ordena_y_firma_el_ultimo_trimestre():
    trimestres = [_trimestre(t) for t in (3, 1, 4, 2)]  # given in any order
    trimestres[2].realizadas = 2
    trimestres[2].justificacion = "Se adelantó una etapa"
    anual = reporte_anual(trimestres)
    assert isinstance(anual, ReporteAnual) and isinstance(anual, Reporte)
    assert [r.trimestre for r in anual.trimestres] == [1, 2, 3, 4]
    assert (anual.programadas, anual.realizadas, anual.trimestre) == (4, 5, 4)
    assert anual.periodo_en_palabras == "ENERO - DICIEMBRE 2023" and anual.anio_completo
    assert anual.fechas_del_periodo() == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    nombres = [a.nombre for a in anual.actividades]
    assert nombres == [f"{cual} {t}" for t in (1, 2, 3, 4) for cual in ("Temprano", "Tarde")]
    # ids told apart; each activity keeps the objective it had in its own quarter
    assert [a.id for a in anual.actividades[:2]] == ["T1-2", "T1-1"]
    assert [a.objetivo for a in anual.actividades[:2]] == ["Objetivo del trimestre 1", "Propio"]
    assert [f.nombre for f in anual.firmas] == ["Persona 4", "Dos"] and anual.elaboro == "Persona 4"
    # the quarters differ: each one's justification on its line, said by its quarter
    assert anual.justificacion.splitlines() == [
        "TRIMESTRE I: Se cumplió la meta",
        "TRIMESTRE II: Se cumplió la meta",
        "TRIMESTRE III: Se cumplió la meta",
        "TRIMESTRE IV: Se adelantó una etapa",
    ]
    # the merged model passes the quarterly rules: no date is «outside the quarter»
    codigos = {h.codigo for h in reglas_del_reporte(anual)}
    assert Codigo.FECHA_FUERA_DE_TRIMESTRE not in codigos and Codigo.ID_REPETIDO not in codigos


def test_acumulado_a_septiembre_y_justificacion_comun():
    anual = reporte_anual([_trimestre(t) for t in (1, 2, 3)])
    assert anual.periodo_en_palabras == "ENERO - SEPTIEMBRE 2023" and not anual.anio_completo
    assert anual.justificacion == "Se cumplió la meta"
    assert anual.fechas_del_periodo()[1] == dt.date(2023, 9, 30)


def test_sumas_exactas_con_decimal():
    anual = reporte_anual(
        [_trimestre(1, programadas=Decimal("1.5"), realizadas=1.5), _trimestre(2)]
    )
    assert anual.programadas == Decimal("2.5") and anual.realizadas == Decimal("2.5")


def _codigos(error: ErrorDeDatos) -> list[tuple[str, str, str]]:
    return [(h.codigo, h.lugar or "", h.mensaje) for h in error.hallazgos]


@pytest.mark.parametrize(
    ("trimestres", "codigo", "lugar", "dice"),
    [
        ((1, 2, 4), Codigo.ANUAL_TRIMESTRE_FALTA, "[2]", "falta el tercer trimestre (julio"),
        ((2, 3), Codigo.ANUAL_TRIMESTRE_FALTA, "[0]", "falta el primer trimestre (enero"),
        ((1, 2, 2), Codigo.ANUAL_TRIMESTRE_REPETIDO, "[2]", "como el ReporteAnual.trimestres[1]"),
    ],
)
def test_cada_trimestre_una_vez_desde_el_primero(trimestres, codigo, lugar, dice):
    with pytest.raises(ErrorDeDatos) as e:
        reporte_anual([_trimestre(t) for t in trimestres])
    ((cual, donde, mensaje),) = _codigos(e.value)
    assert cual == codigo and donde == f"ReporteAnual.trimestres{lugar}" and dice in mensaje


def test_mismo_ejercicio_e_indicador_con_los_nombres_dados():
    otro_anio = _trimestre(2)
    otro_anio.ejercicio = 2022
    # case, accents and spaces do not make another indicator; other words do
    mismo = _trimestre(3, indicador="  c05a03i3 -  PORCENTAJE de avance ")
    otro = _trimestre(4, indicador="C05A03I4 - Porcentaje de personas atendidas")
    nombres = ["libro «T1.xlsx»", "libro «T2.xlsx»", "libro «T3.xlsx»", "libro «T4.xlsx»"]
    with pytest.raises(ErrorDeDatos) as e:
        reporte_anual([_trimestre(1), otro_anio, mismo, otro], nombres)
    assert _codigos(e.value) == [
        (
            Codigo.ANUAL_EJERCICIO_DISTINTO,
            "libro «T2.xlsx»",
            "es del ejercicio 2022 y el libro «T1.xlsx», del 2023: los trimestres de un "
            "reporte anual son todos del mismo ejercicio",
        ),
        (
            Codigo.ANUAL_INDICADOR_DISTINTO,
            "libro «T4.xlsx»",
            "su indicador, «C05A03I4 - Porcentaje de personas atendidas», no es el del libro "
            "«T1.xlsx» («C05A03I3 - Porcentaje de avance»): un reporte anual suma los "
            "trimestres de un mismo indicador",
        ),
    ]


def test_los_errores_de_un_trimestre_nombran_el_trimestre():
    sin_justificar = _trimestre(2, realizadas=0, justificacion="")
    with pytest.raises(ErrorDeDatos) as e:
        reporte_anual([_trimestre(1), sin_justificar])
    ((codigo, lugar, _),) = _codigos(e.value)
    assert codigo == Codigo.FALTA_JUSTIFICACION
    assert lugar == "ReporteAnual.trimestres[1], Reporte.justificacion"


def test_tipos_y_vacio():
    with pytest.raises(ValueError, match="al menos un trimestre"):
        reporte_anual([])
    with pytest.raises(TypeError, match=r"trimestres\[1\]: se esperaba un Reporte trimestral"):
        reporte_anual([_trimestre(1), {"trimestre": 2}])  # type: ignore[list-item]
    anual = reporte_anual([_trimestre(1)])
    with pytest.raises(TypeError, match="Reporte trimestral"):
        reporte_anual([anual])


def test_como_json_y_de_vuelta():
    anual = reporte_anual([_trimestre(t) for t in (1, 2)])
    texto = json.dumps(anual.como_dict(), ensure_ascii=False)
    assert ReporteAnual.desde_dict(json.loads(texto)) == anual
    # a derived value edited by hand is not silently replaced by the quarters' sum
    datos = json.loads(texto)
    datos["programadas"] = 7
    with pytest.raises(ValueError, match=r"ReporteAnual\.programadas: «7» no es lo que dan"):
        ReporteAnual.desde_dict(datos)
    with pytest.raises(
        ValueError, match=r"ReporteAnual\.trimestres\[1\]: faltan titulo, ejercicio, trimestre"
    ):
        ReporteAnual.desde_dict({"trimestres": [datos["trimestres"][0], {"dependencia": "D"}]})


def test_el_contexto_de_la_plantilla():
    anual = reporte_anual([_trimestre(t) for t in (1, 2, 3)])
    r = construir_contexto(anual)["reporte"]
    assert r.anual is True and r.periodo == "(ENERO - SEPTIEMBRE 2023)"
    assert r.etiqueta_total == "TOTAL, ACUMULADO AL TRIMESTRE III (ENERO - SEPTIEMBRE)"
    assert (r.trimestre_romano, r.meses) == ("I - III", "enero - septiembre")
    assert r.trimestre_palabras == "del primer al tercer trimestre"
    assert [(t.trimestre_romano, t.meses, t.programadas) for t in r.trimestres] == [
        ("I", "enero - marzo", 1),
        ("II", "abril - junio", 1),
        ("III", "julio - septiembre", 1),
    ]
    completo = construir_contexto(reporte_anual([_trimestre(t) for t in (1, 2, 3, 4)]))
    assert completo["reporte"].etiqueta_total == "TOTAL, EN EL EJERCICIO 2023 (ENERO - DICIEMBRE)"
    # a quarterly report: itself as its one quarter, and the official total label
    q = construir_contexto(_trimestre(2))["reporte"]
    assert q.anual is False and [t.trimestre for t in q.trimestres] == [2]
    assert q.etiqueta_total == "TOTAL, EN EL TRIMESTRE II (ABRIL - JUNIO)"


def test_meses_de_varios_trimestres():
    assert rango_de_meses(2) == "abril - junio"
    assert rango_de_meses(1, 3) == "enero - septiembre"
    assert periodo_de_meses(1, 4, 2024) == "ENERO - DICIEMBRE 2024"
