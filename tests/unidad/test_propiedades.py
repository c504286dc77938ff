"""Who made the report, as the document's properties will say (Reporte.elaboro)."""

from __future__ import annotations

import datetime as dt

from reporte_docx import Actividad, Firma, Reporte
from reporte_docx.formato import linea_de_periodo, periodo_en_palabras


def _reporte(firmas: list[Firma]) -> Reporte:
    actividad = Actividad("1", "Taller", dt.date(2023, 5, 30), "Chetumal", "Descripción")
    return Reporte("Dependencia", "Título", 2023, 2, actividades=[actividad], firmas=firmas)


def test_elaboro_es_la_firma_elaboro_aunque_no_vaya_primero():
    firmas = [Firma("Revisó", "Ana Pérez", "Jefa"), Firma(" ELABORO ", "Luis Can", "Analista")]
    assert _reporte(firmas).elaboro == "Luis Can"


def test_sin_elaboro_es_la_primera_firma_y_sin_firmas_nada():
    assert _reporte([Firma("Autorizó", "Rosa May", "Directora")]).elaboro == "Rosa May"
    assert _reporte([]).elaboro == ""


def test_el_periodo_del_asunto_es_la_linea_del_encabezado_sin_parentesis():
    assert periodo_en_palabras(4, 2023) == "CUARTO TRIMESTRE OCTUBRE - DICIEMBRE 2023"
    assert linea_de_periodo(4, 2023) == f"({periodo_en_palabras(4, 2023)})"
