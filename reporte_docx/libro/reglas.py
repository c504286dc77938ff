"""Rules of the report beyond single cells: justification, dates in the quarter, photos, lengths."""

from __future__ import annotations

from typing import Any

from reporte_docx import formato
from reporte_docx.errores import AVISO
from reporte_docx.formato import fechas_del_trimestre
from reporte_docx.libro import celdas
from reporte_docx.libro.campos import CamposLeidos
from reporte_docx.libro.contrato import LARGO_CAMPO, Contrato
from reporte_docx.libro.hojas import HojaLeida, Recolector, iterar
from reporte_docx.libro.registros import Actividades
from reporte_docx.modelo import fuera_del_trimestre


def revisar_justificacion(campos: CamposLeidos, hojas: dict[str, HojaLeida], r: Recolector) -> None:
    """What was done differs from what was planned: the justification is required."""
    programadas, realizadas = campos.valores.get("programadas"), campos.valores.get("realizadas")
    fila = campos.filas.get("justificacion")
    if (
        programadas is None
        or realizadas is None
        or programadas == realizadas
        or campos.valores.get("justificacion")
        or (fila is not None and "valor" in fila.reportadas)
    ):
        return
    r.agregar(
        "falta-justificacion",
        f"lo realizado ({formato.numero(realizadas)}) difiere de lo programado "
        f"({formato.numero(programadas)}); "
        f"escriba la justificación de la variación en el campo «{campos.nombre('justificacion')}»",
        hoja=hojas["reporte"].nombre,
        fila=fila.numero if fila else None,
        columna=hojas["reporte"].encabezados["valor"] if fila else None,
    )


def revisar_calendario(campos: CamposLeidos, hojas: dict[str, HojaLeida], r: Recolector) -> None:
    """What the year's calendar programs for this quarter, against «programadas»: a warning."""
    calendario, trimestre = (
        campos.valores.get("programadas_del_anio"),
        campos.valores.get("trimestre"),
    )
    programadas, fila = campos.valores.get("programadas"), campos.filas.get("programadas")
    if not calendario or not trimestre or programadas is None or fila is None:
        return
    if 1 <= trimestre <= len(calendario) and calendario[trimestre - 1] != programadas:
        r.agregar(
            "calendario-distinto",
            f"«{campos.nombre('programadas_del_anio')}» programa "
            f"{formato.numero(calendario[trimestre - 1])} para el trimestre {trimestre}, pero "
            f"aquí dice {formato.numero(programadas)}; corrija una de las dos",
            AVISO,
            **hojas["reporte"].donde(fila, "valor"),
        )


def revisar_fechas(campos: CamposLeidos, actividades: Actividades, r: Recolector) -> None:
    """An activity (any of its days) outside the quarter reported: a warning."""
    trimestre, ejercicio = campos.valores.get("trimestre"), campos.valores.get("ejercicio")
    hoja = actividades.hoja
    if not (trimestre and ejercicio and hoja):
        return
    inicio, fin = fechas_del_trimestre(trimestre, ejercicio)
    for fila in hoja.filas:
        actividad = actividades.de_fila(fila)
        if actividad is None:
            continue
        ultimo = actividad.fecha_fin or actividad.fecha
        if inicio <= actividad.fecha and ultimo <= fin:
            continue
        mensaje, escrito = fuera_del_trimestre(actividad.fecha, actividad.fecha_fin, inicio, fin)
        r.agregar(
            "fecha-fuera-de-trimestre",
            mensaje,
            AVISO,
            **hoja.donde(fila, "fecha"),
            valor=escrito,
        )


def revisar_fotos(
    contrato: Contrato, hojas: dict[str, HojaLeida], actividades: Actividades, r: Recolector
) -> None:
    """Activities without photos: a warning (the report is evidence)."""
    fotos = hojas.get("fotografias")
    nombre_fotos = fotos.nombre if fotos else contrato.hoja("fotografias").nombre
    for hoja, fila in iterar(hojas, "actividades"):
        actividad = actividades.de_fila(fila)
        if actividad and not actividad.fotografias:
            r.agregar(
                "actividad-sin-fotos",
                f"la actividad «{actividad.id}» no tiene fotografías; agregue filas en la hoja "
                f"«{nombre_fotos}» con su número",
                AVISO,
                **hoja.donde(fila, "id"),
                valor=actividad.id,
            )


def revisar_objetivos(campos: CamposLeidos, hojas: dict[str, HojaLeida], r: Recolector) -> None:
    """Activities without an objective of their own when the report has no default either."""
    if campos.valores.get("objetivo") or "reporte" not in hojas:
        return  # without the Reporte sheet its «objetivo» is unknown, not empty
    for hoja, fila in iterar(hojas, "actividades"):
        if not celdas.texto(fila.valores.get("objetivo")):
            r.agregar(
                "objetivo-vacio",
                f"la actividad no tiene objetivo y el campo «{campos.nombre('objetivo')}» de la "
                "hoja «Reporte» también está vacío",
                AVISO,
                hoja=hoja.nombre,
                fila=fila.numero,
                columna=hoja.encabezados.get("objetivo", "objetivo"),
            )


def revisar_hojas_vacias(hojas: dict[str, HojaLeida], r: Recolector) -> None:
    """No activity or no signature at all: the report would be empty."""
    if "actividades" in hojas and not hojas["actividades"].filas:
        r.agregar(
            "sin-actividades",
            "no tiene ninguna actividad; escriba al menos una fila debajo de los encabezados",
            hoja=hojas["actividades"].nombre,
        )
    if "firmas" in hojas and not hojas["firmas"].filas:
        r.agregar(
            "sin-firmas",
            "no tiene ninguna firma; escriba una fila por firma (Elaboró, Revisó, Autorizó)",
            hoja=hojas["firmas"].nombre,
        )


def _maximos(contrato: Contrato, clave: str, valores: dict[str, Any]) -> dict[str, int]:
    """Longest text each column of a row should hold (``Reporte``: by the row's field)."""
    if clave == "reporte":
        campo = contrato.campo_escrito(valores.get("campo"))
        return {"valor": campo.largo_maximo if campo else LARGO_CAMPO}
    return {
        c.nombre: c.largo_maximo
        for c in contrato.hoja(clave).columnas
        if c.largo_maximo is not None
    }


def revisar_largos(contrato: Contrato, hojas: dict[str, HojaLeida], r: Recolector) -> None:
    """Warn of texts so long they may not fit their place in the document."""
    for clave, hoja in hojas.items():
        for fila in hoja.filas:
            for columna, maximo in _maximos(contrato, clave, fila.valores).items():
                largo = len(celdas.texto(fila.valores.get(columna)))
                if columna in hoja.columnas and largo > maximo:
                    r.agregar(
                        "texto-muy-largo",
                        f"el texto tiene {largo} caracteres (se recomiendan hasta {maximo}); "
                        "puede no caber en su lugar del documento: resúmalo o revise cómo queda",
                        AVISO,
                        hoja=hoja.nombre,
                        fila=fila.numero,
                        columna=hoja.encabezados[columna],
                    )


def revisar_reglas(
    contrato: Contrato,
    campos: CamposLeidos,
    hojas: dict[str, HojaLeida],
    actividades: Actividades,
    r: Recolector,
) -> None:
    """Every rule above, in the order their findings are listed."""
    revisar_hojas_vacias(hojas, r)
    revisar_justificacion(campos, hojas, r)
    revisar_calendario(campos, hojas, r)
    revisar_fechas(campos, actividades, r)
    revisar_fotos(contrato, hojas, actividades, r)
    revisar_objetivos(campos, hojas, r)
    revisar_largos(contrato, hojas, r)
