"""What can go wrong, said in Spanish and in the user's terms.

A :class:`Hallazgo` is one finding about the user's input (a workbook cell, a
photo, a template paragraph) with a stable code and the place to fix it. The
exceptions carry findings up to the command line, which prints them without a
traceback.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
AVISO = "aviso"


@dataclass(frozen=True)
class Hallazgo:
    """One problem found in the input, located where the user can fix it."""

    codigo: str
    mensaje: str
    severidad: str = ERROR
    hoja: str | None = None
    fila: int | None = None
    columna: str | None = None
    valor: str | None = None
    #: For findings outside a workbook: a file, or a template paragraph.
    lugar: str | None = None

    @property
    def es_error(self) -> bool:
        return self.severidad == ERROR

    @property
    def ubicacion(self) -> str:
        """``Actividades, fila 3, columna «Fecha»`` (only the parts that are known)."""
        partes = []
        if self.lugar:
            partes.append(self.lugar)
        if self.hoja:
            partes.append(f"hoja «{self.hoja}»" if self.fila is None else self.hoja)
        if self.fila is not None:
            partes.append(f"fila {self.fila}")
        if self.columna:
            partes.append(f"columna «{self.columna}»")
        return ", ".join(partes)

    def __str__(self) -> str:
        return f"{self.ubicacion}: {self.mensaje}" if self.ubicacion else self.mensaje

    def como_dict(self) -> dict:
        return asdict(self)


class ErrorReporte(Exception):
    """Base of every error this library reports to a person; its text is Spanish."""


class ErrorDeDatos(ErrorReporte):
    """The input (workbook, photos, or a :class:`Reporte` built in code) has errors."""

    def __init__(self, hallazgos: list[Hallazgo]):
        self.hallazgos = list(hallazgos)
        errores = [h for h in self.hallazgos if h.es_error]
        lineas = "\n".join(f"- {h}" for h in errores)
        super().__init__(f"Se encontraron {len(errores)} error(es) en los datos:\n{lineas}")


class ErrorDePlantilla(ErrorReporte):
    """The Word template cannot be used as it is."""

    def __init__(self, mensaje: str, hallazgos: list[Hallazgo] | None = None):
        self.hallazgos = list(hallazgos or [])
        super().__init__(mensaje)


class ErrorDeSalida(ErrorReporte):
    """The output cannot be written where asked (exists, no permission…)."""


class ErrorInterno(ErrorReporte):
    """The generated document failed the library's own check: a bug, never the user's fault."""
