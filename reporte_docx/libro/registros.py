"""Rows → model: activities, their event tables, and signatures.

Every column of the contract is read by its declared type (:func:`leer_valores`),
so a column added to the contract is read, required and reported with no edit
here; the builders then take the fields the model has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from reporte_docx.formato import fecha_corta
from reporte_docx.libro import celdas
from reporte_docx.libro.contrato import Columna, Contrato, Hoja
from reporte_docx.libro.hojas import Fila, HojaLeida, Recolector, iterar
from reporte_docx.modelo import Actividad, Evento, Firma, TablaEventos, Testado
from reporte_docx.texto import sin_acentos


def conversores(anio: int | None) -> dict[str, Callable[[Any], Any]]:
    """How a cell of each column type is read; *anio* completes dates written without year."""
    return {
        "id": celdas.identificador,
        "referencia": celdas.identificador,
        "texto": celdas.texto,
        "archivo": celdas.texto,
        "fecha": partial(celdas.fecha, anio=anio),
        "periodo": partial(celdas.periodo, anio=anio),
        "siono": celdas.si_no,
    }


def leer_valores(
    contrato: Hoja, hoja: HojaLeida, fila: Fila, r: Recolector, anio: int | None
) -> dict[str, Any]:
    """The typed value of every column of the row but ids (``None`` if empty or wrong).

    Required cells left empty and values of the wrong kind are recorded in *r*.
    A hyperlink's address is kept: apart (``enlace_aparte``) or after the text.
    """
    conversor = conversores(anio)
    valores: dict[str, Any] = {}
    for columna in contrato.columnas:
        if columna.tipo in ("id", "referencia") or columna.nombre not in hoja.encabezados:
            continue
        que = columna.que.format(columna=hoja.encabezados[columna.nombre])
        valor = r.celda(
            hoja, fila, columna.nombre, conversor[columna.tipo], columna.obligatoria, que
        )
        if isinstance(valor, str) and (enlace := fila.enlaces.get(columna.nombre)):
            valor = _con_su_enlace(columna, valor, enlace)
        valores[columna.nombre] = valor
    return valores


def _con_su_enlace(columna: Columna, visible: str, enlace: str) -> str:
    """A linked cell's text with its address kept where the model can take it.

    A photo's cell linked to its file (Insertar vínculo › Archivo) shows a
    label; the path is the link. A column whose link the model carries apart
    keeps its text; any other text gets the address written after it.
    """
    if columna.tipo == "archivo":
        return celdas.ruta_de_vinculo(enlace) or visible
    return visible if columna.enlace_aparte else celdas.con_enlace(visible, enlace)


@dataclass
class Actividades:
    """The activities read, by id, and the row where each id was first written."""

    por_id: dict[str, Actividad] = field(default_factory=dict)
    filas: dict[str, int] = field(default_factory=dict)
    hoja: HojaLeida | None = None

    def de_fila(self, fila: Fila) -> Actividad | None:
        """The activity read from a row of the ``Actividades`` sheet (None if it had errors)."""
        return self.por_id.get(celdas.identificador(fila.valores.get("id")))


def _id(hoja: HojaLeida, fila: Fila, leidas: Actividades, r: Recolector) -> str:
    ident = celdas.identificador(fila.valores.get("id"))
    donde = hoja.donde(fila, "id")
    if not ident:
        r.agregar("campo-vacio", "falta el id de la actividad (p. ej. 1)", **donde)
    elif ident in leidas.filas and "id" in fila.combinadas:
        r.agregar(
            "id-repetido",
            f"la celda del id está combinada con la de la fila {leidas.filas[ident]} (Combinar "
            "celdas); cada actividad va en una sola fila: separe las celdas y deje cada "
            "actividad en su fila, con un id distinto",
            valor=ident,
            **donde,
        )
    elif ident in leidas.filas:
        r.agregar(
            "id-repetido",
            f"el id «{ident}» ya se usó en la fila {leidas.filas[ident]}; cada actividad "
            "necesita un id distinto",
            valor=ident,
            **donde,
        )
    return ident


def _fecha_fin(datos: dict[str, Any], hoja: HojaLeida, fila: Fila, r: Recolector) -> Any:
    """The last day: from a range in ``fecha`` or from ``fecha_fin``; ``False`` if they clash."""
    inicio, fin = datos["fecha"]
    aparte = datos.get("fecha_fin")
    donde: dict[str, Any] = {"hoja": hoja.nombre, "fila": fila.numero}
    if aparte is not None and fin is not None and aparte != fin:
        r.agregar(
            "fecha-fin-doble",
            f"la fecha dice que termina el {fecha_corta(fin)} y «{hoja.encabezados['fecha_fin']}» "
            f"dice {fecha_corta(aparte)}; deje una sola",
            columna=hoja.encabezados["fecha_fin"],
            **donde,
        )
        return False
    fin = fin if fin is not None else aparte
    if fin is not None and fin < inicio:
        r.agregar(
            "fecha-fin-anterior",
            f"el último día ({fecha_corta(fin)}) es anterior al primero ({fecha_corta(inicio)})",
            columna=hoja.encabezados["fecha_fin"],
            valor=fecha_corta(fin),
            **donde,
        )
        return False
    return None if fin == inicio else fin


def _actividad(
    ident: str, datos: dict[str, Any], hoja: HojaLeida, fila: Fila, r: Recolector
) -> Actividad | None:
    if any(datos.get(c) is None for c in ("nombre", "fecha", "lugar", "descripcion")):
        return None
    fin = _fecha_fin(datos, hoja, fila, r)
    if fin is False:
        return None
    return Actividad(
        id=ident,
        nombre=datos["nombre"],
        fecha=datos["fecha"][0],
        lugar=datos["lugar"],
        descripcion=datos["descripcion"],
        objetivo=datos.get("objetivo") or "",
        fecha_fin=fin,
        lugar_enlace=fila.enlaces.get("lugar"),
    )


def leer_actividades(
    contrato: Contrato, hojas: dict[str, HojaLeida], r: Recolector, anio: int | None
) -> Actividades:
    """Every activity row: a unique id, its required cells, its dates."""
    leidas = Actividades(hoja=hojas.get("actividades"))
    for hoja, fila in iterar(hojas, "actividades"):
        ident = _id(hoja, fila, leidas, r)
        datos = leer_valores(contrato.hoja("actividades"), hoja, fila, r, anio)
        if ident and ident not in leidas.filas:
            leidas.filas[ident] = fila.numero
            if actividad := _actividad(ident, datos, hoja, fila, r):
                leidas.por_id[ident] = actividad
    return leidas


def actividad_de(
    hoja: HojaLeida, fila: Fila, leidas: Actividades, r: Recolector
) -> Actividad | None:
    """The activity a photo or event row belongs to (column ``actividad``), or None after saying why."""
    if "actividad" in fila.reportadas:
        return None
    ident = celdas.identificador(fila.valores.get("actividad"))
    donde = hoja.donde(fila, "actividad")
    if not ident:
        r.agregar(
            "campo-vacio",
            "falta el id de la actividad a la que pertenece (el de la hoja «Actividades»)",
            **donde,
        )
    elif leidas.hoja is not None and ident not in leidas.filas:
        ids = ", ".join(leidas.filas) or "ninguno"
        r.agregar(
            "actividad-no-existe",
            f"no hay ninguna actividad con id «{ident}» en la hoja «{leidas.hoja.nombre}» "
            f"(ids escritos: {ids})",
            valor=ident,
            **donde,
        )
    return leidas.por_id.get(ident)


def clave_de_titulo(titulo: str) -> str:
    """Titles that differ only in case, accents, spacing or a final period are one table."""
    return sin_acentos(titulo).rstrip(".:;,").strip()


def leer_eventos(
    contrato: Contrato,
    hojas: dict[str, HojaLeida],
    leidas: Actividades,
    r: Recolector,
    anio: int | None,
) -> None:
    """Event rows into their activity's tables: grouped by title, in the order written.

    A table is titled as its title was first written; a later row whose title
    differs only in case, accents, spacing or a final period joins it.
    """
    tablas: dict[tuple[int, str], TablaEventos] = {}
    for hoja, fila in iterar(hojas, "eventos"):
        actividad = actividad_de(hoja, fila, leidas, r)
        datos = leer_valores(contrato.hoja("eventos"), hoja, fila, r, anio)
        if actividad is None or None in (datos["titulo"], datos["fecha"], datos["evento"]):
            continue
        clave = (id(actividad), clave_de_titulo(datos["titulo"]))
        if clave not in tablas:
            tablas[clave] = TablaEventos(datos["titulo"])
            actividad.tablas.append(tablas[clave])
        tablas[clave].eventos.append(Evento(datos["fecha"], datos["evento"], fila.numero))


def leer_firmas(contrato: Contrato, hojas: dict[str, HojaLeida], r: Recolector) -> list[Firma]:
    """One signature per row, in order; every cell required."""
    firmas = []
    for hoja, fila in iterar(hojas, "firmas"):
        datos = leer_valores(contrato.hoja("firmas"), hoja, fila, r, None)
        if None not in (datos["rol"], datos["nombre"], datos["cargo"]):
            firmas.append(Firma(datos["rol"], datos["nombre"], datos["cargo"], fila.numero))
    return firmas


def leer_testado(contrato: Contrato, hojas: dict[str, HojaLeida], r: Recolector) -> list[Testado]:
    """What the public version removes: one text per row of «Testado», with its legal basis.

    A workbook without the sheet (every one made before it existed) has nothing to remove.
    """
    testados = []
    for hoja, fila in iterar(hojas, "testado"):
        datos = leer_valores(contrato.hoja("testado"), hoja, fila, r, None)
        if datos["texto"] is not None and datos["fundamento"] is not None:
            testados.append(
                Testado(
                    datos["texto"],
                    datos["fundamento"],
                    datos.get("descripcion") or "",
                    fila=fila.numero,
                )
            )
    return testados
