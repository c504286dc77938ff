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


def clave_de_etiqueta(texto: object) -> str:
    """How a field's label is compared: :func:`normalizar_nombre` without punctuation.

    A label copied from the printed report keeps its colons, commas and
    slashes, spaced or not: «COMENTARIOS Y OBSERVACIONES/ JUSTIFICACIÓN DE
    VARIACIÓN», «Programa presupuestario:» read as the field they name.
    """
    return re.sub(r"[^0-9a-z]+", "_", normalizar_nombre(texto)).strip("_")


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
    #: The header as a person writes it («Fecha de término»), written by ``libro-nuevo`` and
    #: named in messages; by default :attr:`nombre` with spaces and a capital («Fecha fin»).
    #: The reader takes either (and any writing of them, see :func:`normalizar_nombre`).
    titulo: str = ""
    #: A value as it would be written, for the input prompt of the column's cells.
    ejemplo: str = ""

    def __post_init__(self) -> None:
        if self.tipo not in TIPOS:
            raise ValueError(f"tipo de columna desconocido: {self.tipo}")

    @property
    def encabezado(self) -> str:
        """The header ``libro-nuevo`` writes and messages name."""
        return self.titulo or self.nombre.replace("_", " ").capitalize()

    @property
    def escrituras(self) -> set[str]:
        """Every header this column is read under, normalized: its name and its title."""
        return {normalizar_nombre(self.nombre), normalizar_nombre(self.encabezado)}


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

    @property
    def encabezados(self) -> list[str]:
        """The headers as ``libro-nuevo`` writes them, in order."""
        return [c.encabezado for c in self.columnas]

    @property
    def por_escritura(self) -> dict[str, str]:
        """Column name by every normalized header it is read under (old names and titles)."""
        return {e: c.nombre for c in self.columnas for e in sorted(c.escrituras)}


#: Longest text of a ``Reporte`` field unless the field says otherwise (a warning past it).
LARGO_CAMPO = 400


@dataclass(frozen=True)
class Campo:
    """One field of the ``Reporte`` sheet (a row: ``campo`` | ``valor``)."""

    clave: str
    descripcion: str
    obligatorio: bool = True
    #: ``texto``, ``numero`` (0 or more), ``trimestre``, ``ejercicio`` or ``calendario``
    #: (one number per quarter of the year).
    tipo: str = "texto"
    largo_maximo: int = LARGO_CAMPO
    #: Its label in the printed report («PROGRAMA PRESUPUESTARIO»): what ``libro-nuevo``
    #: writes in the ``campo`` column; by default the key in capitals.
    etiqueta: str = ""
    #: A value as it would be written, for the input prompt and the instructions.
    ejemplo: str = ""
    #: The quarter's own result: the next quarter's workbook (``libro-nuevo --desde``)
    #: leaves it empty instead of carrying it.
    del_trimestre: bool = False

    @property
    def rotulo(self) -> str:
        """The label ``libro-nuevo`` writes for the field (:attr:`etiqueta` or the key)."""
        return self.etiqueta or self.clave.replace("_", " ").upper()

    @property
    def nombres(self) -> set[str]:
        """How the field may be written in the ``campo`` column, by :func:`clave_de_etiqueta`.

        Its key (older workbooks), its label in the report (what ``libro-nuevo``
        writes, and what a person copying the report writes), or its
        description without the example.
        """
        descripcion = re.sub(r"\s*\(p\. ej\..*?\)", "", self.descripcion)
        return {clave_de_etiqueta(n) for n in (self.clave, self.rotulo, descripcion)}


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

    def campo_escrito(self, escrito: object) -> Campo | None:
        """The field a ``campo`` cell names (its key, its label…), or ``None``."""
        clave = clave_de_etiqueta(escrito)
        return next((c for c in self.campos if clave and clave in c.nombres), None)

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
            "Una fila por campo del encabezado y de la tabla del indicador, con el nombre que "
            "lleva en el reporte (`PROGRAMA PRESUPUESTARIO`…) o su clave "
            "(`programa_presupuestario`…); «Qué escribir» es sólo de ayuda.",
            (
                Columna(
                    "campo",
                    True,
                    "texto",
                    34,
                    "Nombre del campo, como en el reporte; no lo cambie.",
                    titulo="Campo",
                ),
                Columna("valor", True, "texto", 70, "Lo que va en el reporte.", titulo="Valor"),
                # the help column libro-nuevo writes; nothing reads it
                Columna(
                    "descripcion",
                    False,
                    "texto",
                    60,
                    "Qué escribir en «Valor», con un ejemplo.",
                    titulo="Qué escribir",
                ),
            ),
        ),
        Hoja(
            "actividades",
            "Actividades",
            True,
            "Una fila por actividad; cada una es una ficha del reporte. Varios días: un periodo en "
            "«Fecha» o el último día en «Fecha de término».",
            (
                Columna(
                    "id",
                    True,
                    "id",
                    10,
                    "Número (o clave) de la actividad, distinto en cada fila: 1, 2, 3…",
                    titulo="Número",
                    ejemplo="1",
                ),
                Columna(
                    "nombre",
                    True,
                    "texto",
                    40,
                    "Nombre de la actividad, como va en su ficha.",
                    que="«{columna}» de la actividad",
                    largo_maximo=300,
                    titulo="Nombre de la actividad",
                    ejemplo="PRIMERA SESIÓN EXTRAORDINARIA DE LA COMISIÓN INTERINSTITUCIONAL",
                ),
                Columna(
                    "fecha",
                    True,
                    "periodo",
                    14,
                    "Fecha de la actividad (dd/mm/aaaa), o sus días: «del 5 al 9 de junio de 2023».",
                    que="«{columna}» de la actividad",
                    titulo="Fecha",
                    ejemplo="31/05/2023",
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
                    titulo="Lugar",
                    ejemplo="Sala de juntas de la Secretaría de Gobierno, Chetumal",
                ),
                Columna(
                    "descripcion",
                    True,
                    "texto",
                    70,
                    "Descripción de lo realizado (el reporte informativo).",
                    que="«{columna}» de la actividad",
                    largo_maximo=4000,
                    titulo="Descripción",
                    ejemplo="Se presentaron los avances del Programa Estatal a la Comisión…",
                ),
                Columna(
                    "objetivo",
                    False,
                    "texto",
                    45,
                    "Objetivo propio; vacío usa el «OBJETIVO» de la hoja Reporte.",
                    largo_maximo=1500,
                    titulo="Objetivo",
                    ejemplo="Recibir las observaciones de la Comisión al Programa Estatal",
                ),
                Columna(
                    "fecha_fin",
                    False,
                    "fecha",
                    16,
                    "Último día, si la actividad duró varios días (o escriba el periodo en "
                    "«Fecha»).",
                    que="«{columna}» de la actividad",
                    titulo="Fecha de término",
                    ejemplo="09/06/2023",
                ),
            ),
        ),
        Hoja(
            "fotografias",
            "Fotografías",
            False,
            "Una fila por foto; «Actividad» es el «Número» de su actividad. La foto puede ir "
            "pegada en su fila en vez de dar su «Archivo». «Reservada» en «sí»: la versión pública "
            "pone en su lugar un recuadro gris con su «Fundamento».",
            (
                Columna(
                    "actividad",
                    True,
                    "referencia",
                    11,
                    "Número de la actividad (hoja Actividades) a la que pertenece la foto.",
                    titulo="Actividad",
                    ejemplo="1",
                ),
                Columna(
                    "archivo",
                    True,
                    "archivo",
                    45,
                    "Ruta de la foto a partir de la carpeta del libro, p. ej. fotos/foto1.jpg; "
                    "o déjela vacía y pegue la foto en la fila (sirven las dos formas).",
                    que="la ruta del archivo de la foto (o pegue la imagen en esta fila)",
                    titulo="Archivo",
                    ejemplo="fotos/sesion_1.jpg",
                ),
                Columna(
                    "pie",
                    False,
                    "texto",
                    60,
                    "Pie de foto (opcional).",
                    largo_maximo=200,
                    titulo="Pie de foto",
                    ejemplo="Sesión por videoconferencia",
                ),
                # the public version (versión pública): a reserved photo becomes a grey box
                Columna(
                    "reservada",
                    False,
                    "siono",
                    11,
                    "«sí» si la foto no debe publicarse: en la versión pública va un recuadro "
                    "gris en su lugar; vacía o «no», se publica.",
                    titulo="Reservada",
                    ejemplo="sí",
                ),
                Columna(
                    "fundamento",
                    False,
                    "texto",
                    45,
                    "Fundamento legal de la reserva de la foto (lo dice el recuadro gris).",
                    largo_maximo=300,
                    titulo="Fundamento",
                    ejemplo="Artículo 116 de la Ley General de Transparencia y Acceso a la "
                    "Información Pública",
                ),
            ),
        ),
        Hoja(
            "eventos",
            "Eventos",
            False,
            "Filas de las tablas «Fecha \\| Evento»; las filas con el mismo «Título de la tabla» y "
            "actividad forman una tabla (mayúsculas, acentos, espacios y punto final no "
            "importan), en el orden escrito.",
            (
                Columna(
                    "actividad",
                    True,
                    "referencia",
                    11,
                    "Número de la actividad bajo la que va la tabla Fecha | Evento.",
                    titulo="Actividad",
                    ejemplo="1",
                ),
                Columna(
                    "titulo",
                    True,
                    "texto",
                    45,
                    "Título de la tabla; las filas con el mismo título forman una tabla.",
                    que="el título de la tabla",
                    largo_maximo=200,
                    titulo="Título de la tabla",
                    ejemplo="CALENDARIO DE OBSERVACIONES Y VALIDACIÓN DEL PROGRAMA",
                ),
                Columna(
                    "fecha",
                    True,
                    "fecha",
                    14,
                    "Fecha del evento (dd/mm/aaaa).",
                    que="la fecha del evento",
                    titulo="Fecha",
                    ejemplo="05/06/2023",
                ),
                Columna(
                    "evento",
                    True,
                    "texto",
                    70,
                    "Qué pasó o pasará ese día.",
                    que="la descripción del evento",
                    largo_maximo=600,
                    titulo="Evento",
                    ejemplo="Reunión de observaciones al Programa",
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
                    titulo="Rol",
                    ejemplo="Elaboró",
                ),
                Columna(
                    "nombre",
                    True,
                    "texto",
                    45,
                    "Nombre completo con grado.",
                    que="«{columna}» de la firma",
                    largo_maximo=100,
                    titulo="Nombre",
                    ejemplo="Lcda. Ana María López Pérez",
                ),
                Columna(
                    "cargo",
                    True,
                    "texto",
                    55,
                    "Cargo de quien firma.",
                    que="«{columna}» de la firma",
                    largo_maximo=150,
                    titulo="Cargo",
                    ejemplo="Directora de Derechos Humanos",
                ),
            ),
        ),
        Hoja(
            "testado",
            "Testado",
            False,
            "Lo que la versión pública quita (`--version-publica`): cada «Texto» (nombre, "
            "domicilio, expediente…), dondequiera que aparezca, se cambia por «[TESTADO 1]», "
            "«[TESTADO 2]»…; «Fundamento» es su base legal y «Descripción» qué dato es, dicho en "
            "general.",
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
                    titulo="Texto",
                    ejemplo="María Pérez Gómez",
                ),
                Columna(
                    "fundamento",
                    True,
                    "texto",
                    55,
                    "Fundamento legal del testado.",
                    que="el fundamento legal del testado",
                    largo_maximo=300,
                    titulo="Fundamento",
                    ejemplo="Artículo 116 de la Ley General de Transparencia y Acceso a la "
                    "Información Pública",
                ),
                Columna(
                    "descripcion",
                    False,
                    "texto",
                    35,
                    "Qué dato es, dicho en general, sin repetirlo; así lo dice la leyenda de "
                    "clasificación.",
                    largo_maximo=150,
                    titulo="Descripción",
                    ejemplo="Nombre de persona física",
                ),
            ),
        ),
    ),
    campos=(
        Campo(
            "dependencia",
            "La dependencia que reporta, como va en la portada",
            etiqueta="DEPENDENCIA",
            ejemplo="SECRETARÍA DE GOBIERNO",
        ),
        Campo(
            "titulo",
            "El título del reporte, como va en la portada",
            etiqueta="TÍTULO DEL REPORTE",
            ejemplo="REPORTE TRIMESTRAL DE ETAPAS DE ELABORACIÓN DEL PROGRAMA ESTATAL…",
        ),
        Campo(
            "ejercicio",
            "El año del ejercicio, con 4 cifras",
            tipo="ejercicio",
            etiqueta="EJERCICIO",
            ejemplo="2023",
        ),
        Campo(
            "trimestre",
            "El trimestre que se reporta: 1 (enero - marzo), 2 (abril - junio), 3 (julio - "
            "septiembre) o 4 (octubre - diciembre)",
            tipo="trimestre",
            etiqueta="TRIMESTRE",
            ejemplo="2",
        ),
        Campo(
            "programa_presupuestario",
            "Clave y nombre del programa presupuestario",
            etiqueta="PROGRAMA PRESUPUESTARIO",
            ejemplo="E005 - Gobernabilidad",
        ),
        Campo(
            "unidad_responsable_programa",
            "Clave y nombre de la unidad responsable del programa presupuestario",
            etiqueta="UNIDAD RESPONSABLE DEL PROGRAMA PRESUPUESTARIO",
            ejemplo="1104-1101 - Despacho de la Secretaría de Gobierno",
        ),
        Campo(
            "unidad_responsable_fuente",
            "Clave y nombre de la unidad responsable de la fuente del indicador",
            etiqueta="UNIDAD RESPONSABLE DE LA FUENTE DEL INDICADOR",
            ejemplo="1104-2432 - Dirección de Derechos Humanos",
        ),
        Campo(
            "nivel_objetivo",
            "Clave y nombre del nivel de objetivo (la actividad)",
            etiqueta="NIVEL DE OBJETIVO (ACTIVIDAD)",
            ejemplo="F.P.C05.A03 - Elaboración del Programa Estatal…",
        ),
        Campo(
            "indicador",
            "Clave y nombre del indicador",
            etiqueta="INDICADOR",
            ejemplo="C05A03I3 - Porcentaje de avance en las etapas de elaboración…",
        ),
        Campo(
            "descripcion_avance",
            "Qué mide el avance; el reporte lo pone junto a «CALENDARIO EJECUTADO» y el año",
            etiqueta="CALENDARIO EJECUTADO/AVANCE",
            ejemplo="Porcentaje de avance en las etapas de elaboración del Programa…",
        ),
        Campo(
            "variable_programada",
            "Nombre de la variable programada (encabeza la columna de lo programado)",
            etiqueta="PERIODICIDAD TRIMESTRAL: VARIABLE PROGRAMADA",
            ejemplo="Etapas concluidas del Programa Estatal… (Programadas)",
        ),
        Campo(
            "variable_realizada",
            "Nombre de la variable realizada (encabeza la columna de lo realizado)",
            etiqueta="PERIODICIDAD TRIMESTRAL: VARIABLE REALIZADA",
            ejemplo="Etapas concluidas del Programa Estatal… (Realizadas)",
        ),
        Campo(
            "programadas",
            "Número programado en el trimestre",
            tipo="numero",
            del_trimestre=True,
            etiqueta="TOTAL EN EL TRIMESTRE: PROGRAMADAS",
            ejemplo="3",
        ),
        Campo(
            "realizadas",
            "Número realizado en el trimestre",
            tipo="numero",
            del_trimestre=True,
            etiqueta="TOTAL EN EL TRIMESTRE: REALIZADAS",
            ejemplo="3",
        ),
        Campo(
            "justificacion",
            "Comentarios y observaciones; la justificación, si lo realizado difiere de lo "
            "programado",
            False,
            largo_maximo=1500,
            del_trimestre=True,
            etiqueta="COMENTARIOS Y OBSERVACIONES/ JUSTIFICACIÓN DE VARIACIÓN",
            ejemplo="Se cumplió la meta conforme a lo programado",
        ),
        Campo(
            "objetivo",
            "Objetivo que se usa en las actividades que no tienen uno propio",
            False,
            largo_maximo=1500,
            etiqueta="OBJETIVO",
            ejemplo="La creación del Programa Estatal constituye el instrumento rector…",
        ),
        Campo(
            "programadas_del_anio",
            "Lo programado en cada trimestre del año, en orden; el libro del trimestre "
            "siguiente (libro-nuevo --desde) trae ya escritas sus programadas",
            False,
            tipo="calendario",
            largo_maximo=60,
            etiqueta="PROGRAMADAS EN CADA TRIMESTRE DEL AÑO",
            ejemplo="3, 3, 2, 2",
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


def _columna_markdown(columna: Columna) -> str:
    """«`Fecha de término` (o `fecha_fin`; opcional)»: its header, its older name, if optional."""
    notas = []
    if normalizar_nombre(columna.nombre) != normalizar_nombre(columna.encabezado):
        notas.append(f"o `{columna.nombre}`")
    if not columna.obligatoria:
        notas.append("opcional")
    return f"`{columna.encabezado}`" + (f" ({'; '.join(notas)})" if notas else "")


def tabla_markdown(contrato: Contrato = CONTRATO) -> str:
    """The README's table of sheets and columns (a test keeps the README equal to it)."""
    filas = ["| Hoja | Columnas | Para qué |", "| --- | --- | --- |"]
    for hoja in contrato.hojas:
        nombre = f"**{hoja.nombre}**" + (" (obligatoria)" if hoja.obligatoria else "")
        columnas = ", ".join(_columna_markdown(c) for c in hoja.columnas)
        filas.append(f"| {nombre} | {columnas} | {hoja.para_que} |")
    return "\n".join(filas)
