"""The workbook contract, declared once: sheets, columns, fields of the ``Reporte`` sheet.

Everything that knows the layout of the workbook reads it from here: the
reader (which columns exist, which are required, how each cell is typed, how
long a text may be), the findings of ``validar`` (the wording of a missing
value), ``libro-nuevo`` (headers, widths, help texts, data validation limits)
and the README's table (:func:`tabla_markdown`, kept equal by a test). A new
column is one line here.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from reporte_docx.modelo import ANIO_MINIMO
from reporte_docx.texto import normalizar_nombre

#: Column types the reader knows how to read (see ``reporte_docx.libro.filas``).
TIPOS = frozenset({"id", "referencia", "texto", "archivo", "fecha", "periodo", "siono"})


@dataclass(frozen=True)
class Columna:
    """One column of a sheet: its header (normalized), how it is read and how it is explained."""

    nombre: str
    obligatoria: bool
    tipo: str
    #: Width in characters in ``libro-nuevo``.
    ancho: int
    #: What to write there (``libro-nuevo``'s instructions, the README).
    ayuda: str
    #: How a missing value is named in «falta …»; ``{columna}`` is the header as written.
    que: str = "«{columna}»"
    #: Past this many characters the text may not fit its place in the document: a warning.
    largo_maximo: int | None = None
    #: The cell's hyperlink goes to the model apart (``Actividad.lugar_enlace``); in any
    #: other text column the address is kept by writing it after the text.
    enlace_aparte: bool = False

    def __post_init__(self) -> None:
        if self.tipo not in TIPOS:
            raise ValueError(f"tipo de columna desconocido: {self.tipo}")


@dataclass(frozen=True)
class Hoja:
    """One sheet of the contract."""

    clave: str
    nombre: str
    obligatoria: bool
    #: What the sheet is for (README table).
    para_que: str
    columnas: tuple[Columna, ...]

    def columna(self, nombre: str) -> Columna:
        return next(c for c in self.columnas if c.nombre == nombre)

    @property
    def nombres(self) -> list[str]:
        return [c.nombre for c in self.columnas]


#: Longest text of a ``Reporte`` field unless the field says otherwise (a warning past it).
LARGO_CAMPO = 400


@dataclass(frozen=True)
class Campo:
    """One field of the ``Reporte`` sheet (a row: ``campo`` | ``valor``)."""

    clave: str
    descripcion: str
    obligatorio: bool = True
    #: ``texto``, ``numero`` (0 or more), ``trimestre`` or ``ejercicio``.
    tipo: str = "texto"
    largo_maximo: int = LARGO_CAMPO

    @property
    def nombres(self) -> set[str]:
        """How the field may be written in the ``campo`` column, normalized.

        Its key, or its description without the example (the label of the
        printed report: «UNIDAD RESPONSABLE DEL PROGRAMA PRESUPUESTARIO»), which
        is what a person copying the report into the workbook writes.
        """
        etiqueta = re.sub(r"\s*\(p\. ej\..*?\)", "", self.descripcion)
        return {normalizar_nombre(self.clave), normalizar_nombre(etiqueta)}


@dataclass(frozen=True)
class Contrato:
    """The whole workbook: its sheets in order, the fields of ``Reporte``, sheets tolerated."""

    hojas: tuple[Hoja, ...]
    campos: tuple[Campo, ...]
    #: Sheets a workbook may carry besides the contract's, read by nobody.
    ajenas: frozenset[str] = frozenset()

    def hoja(self, clave: str) -> Hoja:
        return next(h for h in self.hojas if h.clave == clave)

    def campo(self, clave: str) -> Campo:
        return next(c for c in self.campos if c.clave == clave)

    @property
    def claves(self) -> list[str]:
        return [h.clave for h in self.hojas]

    def con_columna(self, hoja: str, columna: Columna) -> Contrato:
        """This contract with one more column at the end of sheet *hoja* (for extensions, tests)."""
        hojas = tuple(
            dataclasses.replace(h, columnas=(*h.columnas, columna)) if h.clave == hoja else h
            for h in self.hojas
        )
        return dataclasses.replace(self, hojas=hojas)


CONTRATO = Contrato(
    hojas=(
        Hoja(
            "reporte",
            "Reporte",
            True,
            "Una fila por campo del encabezado y de la tabla del indicador (`descripcion` es sólo "
            "de ayuda).",
            (
                Columna("campo", True, "texto", 30, "Nombre del campo; no lo cambie."),
                Columna("valor", True, "texto", 70, "Lo que va en el reporte."),
                # the help column libro-nuevo writes; nothing reads it
                Columna("descripcion", False, "texto", 60, "Qué escribir en «Valor»."),
            ),
        ),
        Hoja(
            "actividades",
            "Actividades",
            True,
            "Una fila por actividad; cada una es una ficha del reporte. Varios días: un periodo en "
            "`fecha` o el último día en `fecha_fin`.",
            (
                Columna("id", True, "id", 8, "Número o clave única de la actividad (1, 2, 3…)."),
                Columna(
                    "nombre",
                    True,
                    "texto",
                    40,
                    "Nombre de la actividad.",
                    que="«{columna}» de la actividad",
                    largo_maximo=300,
                ),
                Columna(
                    "fecha",
                    True,
                    "periodo",
                    14,
                    "Fecha de la actividad (dd/mm/aaaa), o sus días: «del 5 al 9 de junio de 2023».",
                    que="«{columna}» de la actividad",
                ),
                Columna(
                    "lugar",
                    True,
                    "texto",
                    35,
                    "Lugar donde se realizó (un hipervínculo, p. ej. de videoconferencia, se "
                    "conserva).",
                    que="«{columna}» de la actividad",
                    largo_maximo=600,
                    enlace_aparte=True,
                ),
                Columna(
                    "descripcion",
                    True,
                    "texto",
                    70,
                    "Descripción de lo realizado.",
                    que="«{columna}» de la actividad",
                    largo_maximo=4000,
                ),
                Columna(
                    "objetivo",
                    False,
                    "texto",
                    45,
                    "Objetivo propio; vacío usa el campo «objetivo» de la hoja Reporte.",
                    largo_maximo=1500,
                ),
                Columna(
                    "fecha_fin",
                    False,
                    "fecha",
                    14,
                    "Último día, si la actividad duró varios días (o escriba el periodo en "
                    "«fecha»).",
                    que="«{columna}» de la actividad",
                ),
            ),
        ),
        Hoja(
            "fotografias",
            "Fotografias",
            False,
            "Una fila por foto; `actividad` es el `id` de su actividad. La foto puede ir pegada "
            "en su fila en vez de dar su `archivo`.",
            (
                Columna(
                    "actividad",
                    True,
                    "referencia",
                    11,
                    "id de la actividad (hoja Actividades) a la que pertenece la foto.",
                ),
                Columna(
                    "archivo",
                    True,
                    "archivo",
                    45,
                    "Ruta de la foto a partir de la carpeta del libro, p. ej. fotos/foto1.jpg; "
                    "o déjela vacía y pegue la foto en la fila (sirven las dos formas).",
                    que="la ruta del archivo de la foto (o pegue la imagen en esta fila)",
                ),
                Columna("pie", False, "texto", 60, "Pie de foto (opcional).", largo_maximo=200),
                # the public version (versión pública): a reserved photo becomes a grey box
                Columna(
                    "reservada",
                    False,
                    "siono",
                    11,
                    "«sí» si la foto no debe publicarse: en la versión pública va un recuadro "
                    "gris en su lugar; vacía o «no», se publica.",
                ),
                Columna(
                    "fundamento",
                    False,
                    "texto",
                    45,
                    "Fundamento legal de la reserva de la foto (p. ej. art. 116 de la Ley "
                    "General de Transparencia y Acceso a la Información Pública).",
                    largo_maximo=300,
                ),
            ),
        ),
        Hoja(
            "eventos",
            "Eventos",
            False,
            "Filas de las tablas «Fecha \\| Evento»; las filas con el mismo `titulo` y actividad "
            "forman una tabla (mayúsculas, acentos, espacios y punto final no importan), en el "
            "orden escrito.",
            (
                Columna(
                    "actividad",
                    True,
                    "referencia",
                    11,
                    "id de la actividad bajo la que va la tabla Fecha | Evento.",
                ),
                Columna(
                    "titulo",
                    True,
                    "texto",
                    45,
                    "Título de la tabla; las filas con el mismo título forman una tabla.",
                    que="el título de la tabla",
                    largo_maximo=200,
                ),
                Columna(
                    "fecha",
                    True,
                    "fecha",
                    14,
                    "Fecha del evento (dd/mm/aaaa).",
                    que="la fecha del evento",
                ),
                Columna(
                    "evento",
                    True,
                    "texto",
                    70,
                    "Descripción del evento.",
                    que="la descripción del evento",
                    largo_maximo=600,
                ),
            ),
        ),
        Hoja(
            "firmas",
            "Firmas",
            True,
            "Una fila por firma, en el orden en que aparecen (Elaboró, Revisó, Autorizó).",
            (
                Columna(
                    "rol",
                    True,
                    "texto",
                    14,
                    "Elaboró, Revisó, Autorizó… (una fila por firma, en orden).",
                    que="«{columna}» de la firma",
                    largo_maximo=40,
                ),
                Columna(
                    "nombre",
                    True,
                    "texto",
                    45,
                    "Nombre completo con grado (p. ej. Lcda. …).",
                    que="«{columna}» de la firma",
                    largo_maximo=100,
                ),
                Columna(
                    "cargo",
                    True,
                    "texto",
                    55,
                    "Cargo de quien firma.",
                    que="«{columna}» de la firma",
                    largo_maximo=150,
                ),
            ),
        ),
        Hoja(
            "testado",
            "Testado",
            False,
            "Lo que la versión pública quita (`--version-publica`): cada `texto` (nombre, "
            "domicilio, expediente…), dondequiera que aparezca, se cambia por «[TESTADO 1]», «[TESTADO 2]»…; "
            "`fundamento` es su base legal y `descripcion` qué dato es, dicho en general.",
            (
                Columna(
                    "texto",
                    True,
                    "texto",
                    40,
                    "Palabra o frase que no debe publicarse, tal como se escribe (mayúsculas y "
                    "acentos no importan).",
                    que="el texto que se debe testar",
                    largo_maximo=300,
                ),
                Columna(
                    "fundamento",
                    True,
                    "texto",
                    55,
                    "Fundamento legal (p. ej. art. 116 de la Ley General de Transparencia y "
                    "Acceso a la Información Pública).",
                    que="el fundamento legal del testado",
                    largo_maximo=300,
                ),
                Columna(
                    "descripcion",
                    False,
                    "texto",
                    35,
                    "Qué dato es, sin repetirlo (p. ej. «Nombre de persona física», "
                    "«Domicilio particular»); así lo dice la leyenda de clasificación.",
                    largo_maximo=150,
                ),
            ),
        ),
    ),
    campos=(
        Campo("dependencia", "Dependencia (p. ej. SECRETARÍA DE GOBIERNO)"),
        Campo("titulo", "Título del reporte"),
        Campo("ejercicio", "Año del ejercicio (p. ej. 2023)", tipo="ejercicio"),
        Campo("trimestre", "Trimestre que se reporta (1 a 4)", tipo="trimestre"),
        Campo("programa_presupuestario", "Programa presupuestario"),
        Campo("unidad_responsable_programa", "Unidad responsable del programa presupuestario"),
        Campo("unidad_responsable_fuente", "Unidad responsable de la fuente del indicador"),
        Campo("nivel_objetivo", "Nivel de objetivo (actividad)"),
        Campo("indicador", "Indicador"),
        Campo("descripcion_avance", "Calendario ejecutado / avance"),
        Campo("variable_programada", "Etiqueta de la variable programada"),
        Campo("variable_realizada", "Etiqueta de la variable realizada"),
        Campo("programadas", "Número programado en el trimestre", tipo="numero"),
        Campo("realizadas", "Número realizado en el trimestre", tipo="numero"),
        Campo(
            "justificacion",
            "Comentarios y observaciones / justificación de variación",
            False,
            largo_maximo=1500,
        ),
        Campo(
            "objetivo",
            "Objetivo que se usa en las actividades que no tienen uno propio",
            False,
            largo_maximo=1500,
        ),
    ),
    ajenas=frozenset({"instrucciones"}),
)

#: Limits of the ``Reporte`` fields by type, for libro-nuevo's data validation:
#: (minimum, maximum, message). The reader applies the same rules (``trimestre``
#: 1–4, ``ejercicio`` by :func:`reporte_docx.modelo.anio_valido`, numbers 0 or more).
LIMITES: dict[str, tuple[int, int, str]] = {
    "trimestre": (1, 4, "El trimestre es 1, 2, 3 o 4."),
    "ejercicio": (ANIO_MINIMO, ANIO_MINIMO + 100, "Escriba el año con 4 cifras, p. ej. 2023."),
    "numero": (0, 1_000_000, "Escriba un número entero, 0 o más."),
}


def tabla_markdown(contrato: Contrato = CONTRATO) -> str:
    """The README's table of sheets and columns (a test keeps the README equal to it)."""
    filas = ["| Hoja | Columnas | Para qué |", "| --- | --- | --- |"]
    for hoja in contrato.hojas:
        nombre = f"**{hoja.nombre}**" + (" (obligatoria)" if hoja.obligatoria else "")
        columnas = ", ".join(
            f"`{c.nombre}`" + ("" if c.obligatoria else " (opcional)") for c in hoja.columnas
        )
        filas.append(f"| {nombre} | {columnas} | {hoja.para_que} |")
    return "\n".join(filas)
