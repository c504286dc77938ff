"""The report of a year, or of its first quarters: several quarterly reports as one.

The office reports every quarter for the same programme, indicator and signatories;
at the end of the year (or to date: January to September) the quarters are summed.
:class:`ReporteAnual` is a :class:`~reporte_docx.modelo.Reporte` — it renders through
the same template and the same path — built by :func:`reporte_anual` from the
quarters, which it keeps (:attr:`ReporteAnual.trimestres`) for the per-quarter rows of
the indicator table:

- the heading (dependencia, título, programa, indicador, variables…) and the
  signatures are the last quarter's: who signs the year is who signs its end;
- programadas and realizadas are the sums of the quarters;
- the justification is the quarters' own: one text when they all say the same,
  else one line per quarter that says something («TRIMESTRE II: …»);
- every activity of every quarter, in date order, each with the objective it had in
  its quarter (its own, or that quarter's general one); ids become ``T2-1`` (quarter
  and id), since each workbook numbers its activities from 1.

The quarters must belong together (:func:`reglas_del_anio`): one ejercicio and one
indicator, each quarter once, from the first quarter with no gap.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from reporte_docx import formato
from reporte_docx.errores import Codigo, ErrorDeDatos, Hallazgo
from reporte_docx.modelo import Actividad, Numero, Reporte, a_dict, reglas_del_reporte
from reporte_docx.texto import sin_acentos


@dataclass
class ReporteAnual(Reporte):
    """The report of quarters 1 to *n* of one year: their sum, as one :class:`Reporte`.

    Build it with :func:`reporte_anual` (or :meth:`de_trimestres`): every other field is
    derived from :attr:`trimestres`. :attr:`trimestre` is the last quarter's number.
    """

    #: The quarterly reports summed, in quarter order (each one as read or built).
    trimestres: list[Reporte] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.trimestres, list) or not all(
            isinstance(t, Reporte) and not isinstance(t, ReporteAnual) for t in self.trimestres
        ):
            raise TypeError(
                "ReporteAnual.trimestres: se esperaba una lista de Reporte trimestrales"
            )

    @property
    def primer_trimestre(self) -> int:
        """The first quarter summed (1 for a report that belongs together)."""
        return self.trimestres[0].trimestre if self.trimestres else self.trimestre

    @property
    def anio_completo(self) -> bool:
        """Whether the four quarters are summed (January to December)."""
        return self.primer_trimestre == 1 and self.trimestre == 4

    @property
    def periodo_en_palabras(self) -> str:
        """``ENERO - DICIEMBRE 2023``; to date, ``ENERO - SEPTIEMBRE 2023``."""
        return formato.periodo_de_meses(self.primer_trimestre, self.trimestre, self.ejercicio)

    def fechas_del_periodo(self) -> tuple[dt.date, dt.date]:
        """First day of the first quarter, last day of the last one."""
        inicio = formato.fechas_del_trimestre(self.primer_trimestre, self.ejercicio)[0]
        return inicio, formato.fechas_del_trimestre(self.trimestre, self.ejercicio)[1]

    @classmethod
    def de_trimestres(
        cls, trimestres: Sequence[Reporte], nombres: Sequence[str] | None = None
    ) -> ReporteAnual:
        """The same as :func:`reporte_anual`."""
        return reporte_anual(trimestres, nombres)

    @classmethod
    def desde_dict(cls, datos: Mapping[str, Any]) -> ReporteAnual:
        """The annual report back from :meth:`como_dict`: rebuilt from its ``trimestres``.

        The other keys are derived from the quarters; one that says something else (an
        edited total, another title) is a :class:`ValueError` naming it, never dropped.
        """
        if not isinstance(datos, Mapping) or "trimestres" not in datos:
            raise ValueError("ReporteAnual.trimestres: falta (es obligatorio)")
        if not isinstance(datos["trimestres"], (list, tuple)):
            raise TypeError("ReporteAnual.trimestres: se esperaba una lista")
        trimestres = []
        for i, t in enumerate(datos["trimestres"]):
            try:
                trimestres.append(Reporte.desde_dict(t))
            except (TypeError, ValueError) as e:
                raise type(e)(
                    str(e).replace("Reporte", f"ReporteAnual.trimestres[{i}]", 1)
                ) from None
        anual = reporte_anual(trimestres)
        derivado = anual.como_dict()
        for clave, valor in datos.items():
            if clave != "trimestres" and a_dict(valor) != derivado.get(clave, valor):
                raise ValueError(
                    f"ReporteAnual.{clave}: «{valor}» no es lo que dan los trimestres "
                    f"(«{derivado.get(clave)}»); cambie el trimestre que corresponda"
                )
        return anual


def _en(nombre: str, h: Hallazgo) -> Hallazgo:
    """*h*, found in the quarter called *nombre*, saying so."""
    return replace(h, lugar=f"{nombre}, {h.lugar}" if h.lugar else nombre)


def _cual(t: int) -> str:
    """``segundo trimestre (abril - junio)``."""
    return f"{formato.trimestre_en_palabras(t)} ({formato.rango_de_meses(t)})"


def _mismos(trimestres: Sequence[Reporte], nombres: Sequence[str]) -> list[Hallazgo]:
    """The same ejercicio and indicator as the first quarter given."""
    hallazgos = []
    primero, nombre = trimestres[0], nombres[0]
    for r, n in zip(trimestres[1:], nombres[1:], strict=True):
        if r.ejercicio != primero.ejercicio:
            hallazgos.append(
                Hallazgo(
                    Codigo.ANUAL_EJERCICIO_DISTINTO,
                    f"es del ejercicio {r.ejercicio} y el {nombre}, del {primero.ejercicio}: "
                    "los trimestres de un reporte anual son todos del mismo ejercicio",
                    lugar=n,
                    valor=str(r.ejercicio),
                )
            )
        # case, accents and spacing do not make another indicator
        if sin_acentos(r.indicador) != sin_acentos(primero.indicador):
            hallazgos.append(
                Hallazgo(
                    Codigo.ANUAL_INDICADOR_DISTINTO,
                    f"su indicador, «{r.indicador}», no es el del {nombre} "
                    f"(«{primero.indicador}»): un reporte anual suma los trimestres de un mismo "
                    "indicador",
                    lugar=n,
                    valor=r.indicador,
                )
            )
    return hallazgos


def _repetidos(por_trimestre: Mapping[int, list[str]]) -> list[Hallazgo]:
    """A quarter given twice: each later workbook of it is at fault."""
    hallazgos = []
    for t, ns in sorted(por_trimestre.items()):
        for n in ns[1:]:
            como = "se indicó dos veces" if n == ns[0] else f"es del {_cual(t)}, como el {ns[0]}"
            hallazgos.append(
                Hallazgo(
                    Codigo.ANUAL_TRIMESTRE_REPETIDO,
                    f"{como}; en un reporte anual cada trimestre va una sola vez: deje sólo "
                    "el libro que vale",
                    lugar=n,
                    valor=str(t),
                )
            )
    return hallazgos


def _secuencia(trimestres: Sequence[Reporte], nombres: Sequence[str]) -> list[Hallazgo]:
    """Each quarter once, from the first one, with no gap (quarters out of 1–4 are the
    quarter's own error and are left out here).

    A missing quarter is blamed on the workbook that comes right after it: the one
    that leaves the gap behind it.
    """
    por_trimestre: dict[int, list[str]] = {}
    for r, n in zip(trimestres, nombres, strict=True):
        if 1 <= r.trimestre <= 4:
            por_trimestre.setdefault(r.trimestre, []).append(n)
    hallazgos = _repetidos(por_trimestre)
    for t in range(1, max(por_trimestre, default=0)):
        if t in por_trimestre:
            continue
        despues = min(x for x in por_trimestre if x > t)
        antes = [x for x in por_trimestre if x < t]
        entre = f" entre él y el {por_trimestre[max(antes)][0]}" if antes else ""
        hallazgos.append(
            Hallazgo(
                Codigo.ANUAL_TRIMESTRE_FALTA,
                f"es del {formato.trimestre_en_palabras(despues)}, pero falta el {_cual(t)}"
                f"{entre}: un reporte anual suma los trimestres desde el primero (enero), sin "
                f"saltar ninguno; agregue el libro del {formato.trimestre_en_palabras(t)}",
                lugar=por_trimestre[despues][0],
                valor=str(t),
            )
        )
    return hallazgos


def reglas_del_anio(
    trimestres: Sequence[Reporte], nombres: Sequence[str] | None = None
) -> list[Hallazgo]:
    """Every reason *trimestres* cannot be summed into one report; empty when they can.

    Each quarter's own errors (:func:`~reporte_docx.modelo.reglas_del_reporte`), then
    whether they belong together: the ejercicio and indicator of the first one given,
    each quarter once, starting at the first quarter and without a gap. *nombres* say
    each quarter in the findings' ``lugar`` (``libro «T2.xlsx»``); by default
    ``ReporteAnual.trimestres[i]``.
    """
    if nombres is None:
        nombres = [f"ReporteAnual.trimestres[{i}]" for i in range(len(trimestres))]
    if len(nombres) != len(trimestres):
        raise ValueError(f"nombres: {len(nombres)} nombres para {len(trimestres)} trimestres")
    hallazgos = [
        _en(n, h)
        for r, n in zip(trimestres, nombres, strict=True)
        for h in reglas_del_reporte(r)
        if h.es_error
    ]
    return hallazgos + _mismos(trimestres, nombres) + _secuencia(trimestres, nombres)


def _suma(valores: Sequence[Numero]) -> Numero:
    """The sum, exact when any count is a :class:`~decimal.Decimal` (Decimal and float do
    not add in Python)."""
    if any(isinstance(v, Decimal) for v in valores):
        return sum((Decimal(str(v)) for v in valores), Decimal(0))
    return sum(valores)


def _justificacion(trimestres: Sequence[Reporte]) -> str:
    """One text when every quarter says the same; else each quarter's, on its own line."""
    textos = [r.justificacion.strip() for r in trimestres]
    if len(set(textos)) == 1:
        return textos[0]
    return "\n".join(
        f"TRIMESTRE {formato.romano(r.trimestre)}: {t}"
        for r, t in zip(trimestres, textos, strict=True)
        if t
    )


def _actividades(trimestres: Sequence[Reporte]) -> list[Actividad]:
    """Every activity in date order (a day's in quarter and workbook order), each keeping
    its quarter's objective and with an id told apart from the other quarters' ids."""
    todas = [
        (a.fecha, r.trimestre, i, r, a) for r in trimestres for i, a in enumerate(r.actividades)
    ]
    todas.sort(key=lambda x: (x[0], x[1], x[2]))
    return [
        replace(a, id=f"T{r.trimestre}-{a.id}", objetivo=r.objetivo_de(a))
        for _, _, _, r, a in todas
    ]


def reporte_anual(
    trimestres: Sequence[Reporte], nombres: Sequence[str] | None = None
) -> ReporteAnual:
    """The report of the year (or of its first quarters) summed from *trimestres*.

    :param trimestres: the quarterly reports, in any order (from workbooks or code).
    :param nombres: how findings name each quarter (``libro «T2.xlsx»``), in the same order.
    :returns: the :class:`ReporteAnual`, ready to render with the official template or
        one's own (see README, «El reporte anual»).
    :raises ErrorDeDatos: a quarter has errors, or they do not belong together (see
        :func:`reglas_del_anio`); every finding names the quarter at fault.
    :raises TypeError: an element is not a quarterly :class:`~reporte_docx.modelo.Reporte`.
    :raises ValueError: no quarter at all, or *nombres* of another length.
    """
    lista = list(trimestres)
    for i, r in enumerate(lista):
        if not isinstance(r, Reporte) or isinstance(r, ReporteAnual):
            raise TypeError(
                f"trimestres[{i}]: se esperaba un Reporte trimestral, no {type(r).__name__}"
            )
    if not lista:
        raise ValueError("trimestres: hace falta al menos un trimestre")
    hallazgos = reglas_del_anio(lista, nombres)
    if hallazgos:
        raise ErrorDeDatos(hallazgos)
    ordenados = sorted(lista, key=lambda r: r.trimestre)
    ultimo = ordenados[-1]
    campos = {f.name: getattr(ultimo, f.name) for f in dataclasses.fields(Reporte)}
    campos.update(
        programadas=_suma([r.programadas for r in ordenados]),
        realizadas=_suma([r.realizadas for r in ordenados]),
        justificacion=_justificacion(ordenados),
        actividades=_actividades(ordenados),
        firmas=list(ultimo.firmas),
    )
    return ReporteAnual(**campos, trimestres=ordenados)
