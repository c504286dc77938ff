"""Reporte → the variables a Word template sees.

The context is documented in the README ("Plantillas propias"); this module is
its single source. Values stay plain (dates as ``datetime.date``, numbers as
numbers) so the filters of :mod:`reporte_docx.plantilla.render` can format them;
only the photo grid is pre-built, because it has to be written as XML.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from reporte_docx import formato
from reporte_docx.anual import ReporteAnual
from reporte_docx.documento.instantanea import clave_de_campo as clave
from reporte_docx.modelo import Actividad, Reporte
from reporte_docx.plantilla.marcados import TextoMarcado, marcar


class Objeto:
    """Named values read as attributes in a template (``a.nombre``) and as items (``a["nombre"]``).

    Not a dict, so a template cannot reach ``items``, ``pop`` or ``update`` by a
    misspelling, and a missing name is a missing name.
    """

    def __init__(self, **valores: Any) -> None:
        self.__dict__.update(valores)

    def __getitem__(self, nombre: str) -> Any:
        return self.__dict__[nombre]

    def __contains__(self, nombre: object) -> bool:
        return nombre in self.__dict__

    def _campos(self) -> list[str]:
        # underscored: the sandbox keeps it out of a template's reach
        return list(self.__dict__)

    def __repr__(self) -> str:
        return f"Objeto({', '.join(self.__dict__)})"


def _campos_del_trimestre(reporte: Reporte) -> dict[str, Any]:
    """Every scalar field of the quarter *reporte* plus the wording of its period and advance."""
    # every scalar field of the model, in its order: a field added to Reporte reaches templates
    campos = {
        f.name: getattr(reporte, f.name)
        for f in dataclasses.fields(Reporte)
        if f.name not in ("actividades", "firmas", "testado")
    }
    primero, ultimo = formato.meses_del_trimestre(reporte.trimestre)
    inicio, fin = formato.fechas_del_trimestre(reporte.trimestre, reporte.ejercicio)
    campos.update(
        periodo=formato.linea_de_periodo(reporte.trimestre, reporte.ejercicio),
        trimestre_palabras=formato.trimestre_en_palabras(reporte.trimestre),
        trimestre_romano=formato.romano(reporte.trimestre),
        meses=formato.rango_de_meses(reporte.trimestre),
        mes_inicio=formato.mes(primero),
        mes_fin=formato.mes(ultimo),
        fecha_inicio=inicio,
        fecha_fin=fin,
        avance=reporte.avance,
        porcentaje_avance=formato.porcentaje(reporte.avance),
    )
    return campos


def _campos_del_anio(anual: ReporteAnual) -> dict[str, Any]:
    """The period fields of a year's report: its months, from the first quarter to the last."""
    desde, hasta = anual.primer_trimestre, anual.trimestre
    inicio, fin = anual.fechas_del_periodo()
    palabras = formato.trimestre_en_palabras(hasta)
    if desde != hasta:
        primero = formato.trimestre_en_palabras(desde).split()[0]
        palabras = f"del {primero} al {palabras}"
    romano = formato.romano(desde) + ("" if desde == hasta else f" - {formato.romano(hasta)}")
    meses = formato.rango_de_meses(desde, hasta)
    total = (
        f"TOTAL, EN EL EJERCICIO {anual.ejercicio}"
        if anual.anio_completo
        else f"TOTAL, ACUMULADO AL TRIMESTRE {formato.romano(hasta)}"
    )
    return {
        "periodo": f"({anual.periodo_en_palabras})",
        "trimestre_palabras": palabras,
        "trimestre_romano": romano,
        "meses": meses,
        "mes_inicio": formato.mes(inicio),
        "mes_fin": formato.mes(fin),
        "fecha_inicio": inicio,
        "fecha_fin": fin,
        "etiqueta_total": f"{total} ({formato.mayusculas(meses)})",
    }


def contexto_reporte(reporte: Reporte) -> Objeto:
    """Every field of the Reporte plus the derived wording of the period and advance.

    ``trimestres`` are the quarters summed, each with the fields of a quarterly report
    (a quarterly report's is itself alone); ``anual`` says whether they are several
    summed; ``etiqueta_total`` is the label of the indicator table's total row.
    """
    campos = _campos_del_trimestre(reporte)
    trimestres = [reporte]
    campos.update(
        etiqueta_total=f"TOTAL, EN EL TRIMESTRE {campos['trimestre_romano']} "
        f"({formato.mayusculas(campos['meses'])})"
    )
    if isinstance(reporte, ReporteAnual):
        campos.update(_campos_del_anio(reporte))
        trimestres = list(reporte.trimestres)
    campos.update(
        anual=isinstance(reporte, ReporteAnual),
        trimestres=[Objeto(**_campos_del_trimestre(t)) for t in trimestres],
    )
    return Objeto(**campos)


def _sin_marcar(valor: Any, clave: str) -> Any:
    return valor


def _marcar_reporte(objeto: Objeto) -> None:
    """The Reporte sheet's fields of *objeto* marked (the period wording is derived: not)."""
    for f in dataclasses.fields(Reporte):
        if f.name not in ("ejercicio", "trimestre", "actividades", "firmas", "testado"):
            objeto.__dict__[f.name] = marcar(objeto.__dict__[f.name], clave("reporte", f.name))


def _actividad(
    reporte: Reporte, numero: int, a: Actividad, galeria: Any, pictures: list[Any], marcado: bool
) -> Objeto:
    """One activity of the context; its fields marked as the workbook's when *marcado*."""
    m = marcar if marcado else _sin_marcar
    propio = bool(a.objetivo.strip())
    objetivo = clave("actividad", a.id, "objetivo") if propio else clave("reporte", "objetivo")
    periodo = formato.periodo(a.fecha, a.fecha_fin)
    return Objeto(
        numero=numero,
        id=a.id,
        nombre=m(a.nombre, clave("actividad", a.id, "nombre")),
        fecha=m(a.fecha, clave("actividad", a.id, "fecha")),
        fecha_fin=a.fecha_fin,
        fecha_texto=(
            TextoMarcado(periodo, clave("actividad", a.id, "fecha"), "periodo")
            if marcado
            else periodo
        ),
        lugar=m(a.lugar, clave("actividad", a.id, "lugar")),
        lugar_enlace=a.lugar_enlace,
        descripcion=m(a.descripcion, clave("actividad", a.id, "descripcion")),
        objetivo=m(reporte.objetivo_de(a), objetivo),
        fotos=[
            Objeto(pie=m(f.pie, clave("foto", a.id, n, "pie")), archivo=f.archivo.name, imagen=img)
            for n, (f, img) in enumerate(zip(a.fotografias, pictures, strict=True))
        ],
        galeria=galeria(a) if galeria else "",
        tablas=[
            Objeto(
                titulo=t.titulo,
                eventos=[
                    Objeto(
                        fecha=m(e.fecha, clave("evento", a.id, i, n, "fecha")),
                        evento=m(e.evento, clave("evento", a.id, i, n, "evento")),
                    )
                    for n, e in enumerate(t.eventos)
                ],
            )
            for i, t in enumerate(a.tablas)
        ],
    )


def construir_contexto(
    reporte: Reporte,
    galeria: Callable[[Actividad], Any] | None = None,
    imagenes: Callable[[Actividad], list[Any]] | None = None,
    *,
    marcado: bool = False,
) -> dict[str, Any]:
    """The template context.

    *galeria* gives, for an activity, the object that renders its photo grid
    (``{{p a.galeria }}``); *imagenes* the per-photo inline pictures
    (``{{ f.imagen }}``). Both are supplied by the renderer, which owns the
    document package; without them (e.g. when linting a template) they render
    as nothing. *marcado*: the values filled from the workbook remember their
    field (:mod:`~reporte_docx.plantilla.marcados`), so that the document marks
    where each went; a year's report sums several workbooks and is never marked.
    """
    marcado = marcado and not isinstance(reporte, ReporteAnual)
    actividades = [
        _actividad(
            reporte,
            numero,
            a,
            galeria,
            imagenes(a) if imagenes else [""] * len(a.fotografias),
            marcado,
        )
        for numero, a in enumerate(reporte.actividades, start=1)
    ]
    contexto = contexto_reporte(reporte)
    if marcado:
        _marcar_reporte(contexto)
    m = marcar if marcado else _sin_marcar
    return {
        "reporte": contexto,
        "actividades": actividades,
        "firmas": [
            Objeto(
                rol=f.rol,
                nombre=m(f.nombre, clave("firma", n, "nombre")),
                cargo=m(f.cargo, clave("firma", n, "cargo")),
            )
            for n, f in enumerate(reporte.firmas)
        ],
    }
