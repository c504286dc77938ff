"""The next quarter's workbook from the last one (``libro-nuevo --desde``).

An office makes the report every quarter for the same programme, indicator
and signatories. From the last quarter's workbook this takes what stays: the
``Reporte`` fields that are not the quarter's own (:attr:`Campo.del_trimestre`:
dependencia, título, programa, unidades, nivel de objetivo, indicador,
variables, the general objective) and the ``Firmas`` rows; it advances the
quarter (the fourth one of 2023 → the first of 2024) and leaves the quarter's
results empty. «programadas» is the quarter's own too, unless the last
workbook gives the year's calendar (``programadas_del_anio``): then the new
quarter's number is taken from it, and the calendar is carried within the
same year. Everything else is a fresh :mod:`~reporte_docx.libro.nuevo`
workbook: no activities, photos or events.

A file that cannot be opened, or that is no workbook of this report (no
``Reporte`` sheet, or one that does not say which quarter it is), is refused
with findings in Spanish; nothing is written then.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from reporte_docx.errores import ErrorDeDatos, Hallazgo
from reporte_docx.libro import celdas
from reporte_docx.libro import contrato as contratos
from reporte_docx.libro.apertura import abrir_para_leer
from reporte_docx.libro.campos import CamposLeidos, leer_reporte
from reporte_docx.libro.contrato import Contrato
from reporte_docx.libro.estructura import hojas_del_libro
from reporte_docx.libro.hojas import HojaLeida, Recolector, iterar
from reporte_docx.libro.nuevo import Inicio

#: The fields that say which quarter a workbook is: advanced, never carried as they are.
PERIODO = ("ejercicio", "trimestre")
CALENDARIO = "programadas_del_anio"


def siguiente_trimestre(ejercicio: int, trimestre: int) -> tuple[int, int]:
    """(year, quarter) after *trimestre* of *ejercicio*: the fourth is followed by the first."""
    return (ejercicio + 1, 1) if trimestre == 4 else (ejercicio, trimestre + 1)


def _ajeno(nombre: str, mensaje: str, hallazgos: list[Hallazgo] | None = None) -> ErrorDeDatos:
    return ErrorDeDatos(
        [Hallazgo("libro-ajeno", mensaje, lugar=f"archivo «{nombre}»"), *(hallazgos or [])]
    )


def _hojas(ruta: Path, contrato: Contrato, nombre: str) -> tuple[dict[str, HojaLeida], Recolector]:
    """The sheets of the last workbook that can be read; a file that is not one, refused."""
    r = Recolector()
    libro, formulas = abrir_para_leer(ruta)  # ErrorDeDatos, in Spanish, if it cannot be opened
    try:
        hojas = hojas_del_libro(libro, formulas, contrato, r)
    finally:
        libro.close()
        formulas.close()
    if "reporte" not in hojas:
        del_reporte = [h for h in r.hallazgos if h.es_error and h.hoja == "Reporte"]
        raise _ajeno(
            nombre,
            "no parece un libro de este reporte: no tiene la hoja «Reporte» con sus columnas "
            "«Campo» y «Valor»; indique el libro del trimestre anterior (el que se llenó para "
            "generar su reporte)",
            del_reporte,
        )
    return hojas, r


def _periodo(campos: CamposLeidos, r: Recolector, nombre: str) -> tuple[int, int]:
    """The last workbook's year and quarter, or a refusal naming the cells at fault."""
    ejercicio, trimestre = (campos.valores.get(c) for c in PERIODO)
    if ejercicio is not None and trimestre is not None:
        return int(ejercicio), int(trimestre)
    filas = {f.numero for c in PERIODO if (f := campos.filas.get(c)) is not None}
    nombres = [f"«{campos.nombre(c)}»" for c in PERIODO]
    culpables = [
        h
        for h in r.hallazgos
        if h.es_error
        and (
            h.fila in filas or (h.codigo == "campo-falta" and any(n in h.mensaje for n in nombres))
        )
    ]
    faltan = " y ".join(f"«{campos.nombre(c)}»" for c in PERIODO if campos.valores.get(c) is None)
    raise _ajeno(
        nombre,
        f"no dice de qué trimestre es (falta o no se entiende {faltan} en la hoja «Reporte»); "
        "corríjalo en ese libro y repita",
        culpables,
    )


def _numero(valor: int | Decimal) -> int | float:
    return int(valor) if valor == int(valor) else float(valor)


def _calendario(campos: CamposLeidos, mismo_anio: bool, trimestre: int) -> dict[str, Any]:
    """The year's calendar carried (same year only) and the new quarter's «programadas»."""
    calendario = campos.valores.get(CALENDARIO)
    if not calendario or not mismo_anio:
        return {}
    return {
        CALENDARIO: ", ".join(str(n) for n in calendario),
        "programadas": _numero(calendario[trimestre - 1]),
    }


def _firmas(hojas: dict[str, HojaLeida], contrato: Contrato) -> tuple[dict[str, Any], ...]:
    """The rows of the last ``Firmas`` sheet as written (even a half-filled one)."""
    nombres = contrato.hoja("firmas").nombres
    filas = []
    for _hoja, fila in iterar(hojas, "firmas"):
        valores = {n: celdas.texto(fila.valores.get(n)) or None for n in nombres}
        if any(valores.values()):
            filas.append(valores)
    return tuple(filas)


def inicio_siguiente(ruta: Path, contrato: Contrato | None = None, nombre: str = "") -> Inicio:
    """What the next quarter's workbook starts with, read from the last one at *ruta*.

    *nombre* is how messages name the file (default: *ruta*). Raises
    :class:`ErrorDeDatos` (findings in Spanish) for a file that cannot be
    opened or is no workbook of this report.
    """
    contrato = contrato or contratos.CONTRATO
    nombre = nombre or str(ruta)
    hojas, r = _hojas(ruta, contrato, nombre)
    campos = leer_reporte(hojas["reporte"], contrato, r)
    ejercicio, trimestre = _periodo(campos, r, nombre)
    nuevo_ejercicio, nuevo_trimestre = siguiente_trimestre(ejercicio, trimestre)
    valores: dict[str, Any] = {
        c.clave: campos.valores.get(c.clave)
        for c in contrato.campos
        if not c.del_trimestre and c.clave not in (*PERIODO, CALENDARIO)
    }
    valores.update(ejercicio=nuevo_ejercicio, trimestre=nuevo_trimestre)
    valores.update(_calendario(campos, nuevo_ejercicio == ejercicio, nuevo_trimestre))
    return Inicio(campos=valores, firmas=_firmas(hojas, contrato))
