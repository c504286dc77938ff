"""Where each value of the report came from: the workbook cell behind every field key.

``incorporar`` (issue #18) writes what a person corrected in Word back into
the workbook. The document names each filled value by a key (see the README's
«ida y vuelta»: ``reporte.<campo>``, ``actividad.<id>.<campo>``,
``foto.<id>.<n>.pie``, ``evento.<id>.<t>.<n>.<campo>``, ``firma.<n>.<campo>``);
here each key gets its cell, found by the same reader that generated the
report (:func:`~reporte_docx.libro.lectura.leer_con_lugares`): the same header
resolution, the same rows, the same order of photos, tables and events. A
reader of its own would drift from the generator the first time a header's
spelling or a merged cell is read differently.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reporte_docx.documento.instantanea import clave_de_campo
from reporte_docx.documento.instantanea import huella_del_libro as huella_del_libro
from reporte_docx.errores import ErrorDeDatos
from reporte_docx.libro.contrato import CONTRATO
from reporte_docx.libro.escritura import Celda
from reporte_docx.libro.hojas import HojaLeida
from reporte_docx.libro.lectura import LibroLeido, leer_con_lugares
from reporte_docx.modelo import Actividad, Reporte

#: The ``Reporte`` fields the document does not give back: the period's wording is derived.
NO_VUELVEN = frozenset({"ejercicio", "trimestre"})
#: An activity's fields in the document, by its column of «Actividades».
CAMPOS_DE_ACTIVIDAD = ("nombre", "fecha", "lugar", "descripcion", "objetivo")


@dataclass(frozen=True)
class Lugar:
    """One field of the document: its cell, how a message names it, what the workbook holds."""

    clave: str
    celda: Celda
    #: Where a person finds it: «ficha de la actividad 3 «Sesión ordinaria»», «firma 1 (Elaboró)».
    grupo: str
    #: The field within it: «Descripción», «pie de la foto 2».
    campo: str
    #: How its text reads back (:data:`~reporte_docx.libro.interpretacion.TIPOS`).
    tipo: str
    #: The value as the reader took it (a period is ``(first day, last day or None)``).
    actual: object
    obligatorio: bool
    #: A period's last day goes to «Fecha de término» (``None``: the sheet has no such column).
    fin: Celda | None = None

    @property
    def descripcion(self) -> str:
        """«ficha de la actividad 3 «Sesión ordinaria», «Descripción»»."""
        return f"{self.grupo}, {self.campo}"


@dataclass
class Ubicacion:
    """Every field of the workbook's report by key, with the report and its fingerprint."""

    reporte: Reporte
    lugares: dict[str, Lugar]
    #: :func:`huella_del_libro` of the report: which workbook a document came from.
    huella: str


def clave_de_id(ident: str) -> str:
    """An activity id as it goes in a key: never a ``.`` or any other separator inside it."""
    return clave_de_campo(ident)


def _celda(hoja: HojaLeida, fila: int | None, columna: str) -> Celda | None:
    """The cell of *columna* in row *fila* of *hoja*; ``None`` without that column or row."""
    if fila is None or columna not in hoja.columnas:
        return None
    return Celda(hoja.nombre, fila, hoja.columnas[columna])


def _del_reporte(leido: LibroLeido, reporte: Reporte) -> Iterator[Lugar]:
    hoja = leido.hojas["reporte"]
    for campo in CONTRATO.campos:
        if campo.clave in NO_VUELVEN or not hasattr(reporte, campo.clave):
            continue
        fila = leido.campos.filas.get(campo.clave)
        celda = _celda(hoja, fila.numero if fila else None, "valor")
        if celda is not None:
            yield Lugar(
                f"reporte.{campo.clave}",
                celda,
                "encabezado del reporte",
                f"«{leido.campos.nombre(campo.clave)}»",
                "decimal" if campo.tipo == "numero" else "texto",
                getattr(reporte, campo.clave),
                campo.obligatorio,
            )


def ficha(actividad: Actividad) -> str:
    """«ficha de la actividad 3 «Sesión ordinaria»»: how messages name an activity."""
    return f"ficha de la actividad {actividad.id} «{actividad.nombre}»"


def _de_actividad(leido: LibroLeido, actividad: Actividad) -> Iterator[Lugar]:
    hoja = leido.hojas["actividades"]
    fila = leido.actividades.filas.get(actividad.id)
    contrato = CONTRATO.hoja("actividades")
    for nombre in CAMPOS_DE_ACTIVIDAD:
        celda = _celda(hoja, fila, nombre)
        if celda is None:
            continue
        clave = f"actividad.{clave_de_id(actividad.id)}.{nombre}"
        donde = (ficha(actividad), f"«{hoja.encabezados[nombre]}»")
        obligatorio = contrato.columna(nombre).obligatoria
        if nombre == "fecha":
            actual: object = (actividad.fecha, actividad.fecha_fin)
            fin = _celda(hoja, fila, "fecha_fin")
            yield Lugar(clave, celda, *donde, "periodo", actual, obligatorio, fin)
        else:
            actual = getattr(actividad, nombre)
            yield Lugar(clave, celda, *donde, "texto", actual, obligatorio)


def _de_fotos_y_eventos(leido: LibroLeido, actividad: Actividad) -> Iterator[Lugar]:
    """Each photo's caption (its row of «Fotografías») and each event's date and text."""
    ident = clave_de_id(actividad.id)
    if fotos := leido.hojas.get("fotografias"):
        for n, foto in enumerate(actividad.fotografias):
            if celda := _celda(fotos, foto.fila, "pie"):
                donde = (ficha(actividad), f"pie de la foto {n + 1}")
                yield Lugar(f"foto.{ident}.{n}.pie", celda, *donde, "texto", foto.pie, False)
    eventos = leido.hojas.get("eventos")
    for t, tabla in enumerate(actividad.tablas if eventos else []):
        assert eventos is not None
        for n, evento in enumerate(tabla.eventos):
            lugar = f"{ficha(actividad)}, tabla «{tabla.titulo}», evento {n + 1}"
            for nombre, tipo in (("fecha", "fecha"), ("evento", "texto")):
                if celda := _celda(eventos, evento.fila, nombre):
                    yield Lugar(
                        f"evento.{ident}.{t}.{n}.{nombre}",
                        celda,
                        lugar,
                        f"«{eventos.encabezados[nombre]}»",
                        tipo,
                        getattr(evento, nombre),
                        True,
                    )


def _de_firmas(leido: LibroLeido, reporte: Reporte) -> Iterator[Lugar]:
    hoja = leido.hojas.get("firmas")
    for n, firma in enumerate(reporte.firmas if hoja else []):
        assert hoja is not None
        for nombre in ("nombre", "cargo"):
            if celda := _celda(hoja, firma.fila, nombre):
                donde = (f"firma {n + 1} ({firma.rol})", f"«{hoja.encabezados[nombre]}»")
                actual = getattr(firma, nombre)
                yield Lugar(f"firma.{n}.{nombre}", celda, *donde, "texto", actual, True)


def _tal_cual(escrito: str) -> str:
    """A photo's path taken as written, never looked for (see :func:`ubicar`)."""
    return escrito


def ubicar(libro: Path) -> Ubicacion:
    """Every field of the report *libro* makes, with its cell; :class:`ErrorDeDatos` when the
    workbook has errors (its report could not be generated, so no field is known for sure).

    Photos are neither opened nor looked for: only their rows matter here, and a
    caption corrected in Word goes back even when the photos are not beside the
    workbook any more.
    """
    leido = leer_con_lugares(
        Path(libro), revisar_fotos=False, decodificar_fotos=False, carpeta_fotos=_tal_cual
    )
    reporte = leido.lectura.reporte
    if reporte is None:
        raise ErrorDeDatos(leido.lectura.hallazgos)
    lugares = list(_del_reporte(leido, reporte))
    for actividad in reporte.actividades:
        lugares += [*_de_actividad(leido, actividad), *_de_fotos_y_eventos(leido, actividad)]
    lugares += _de_firmas(leido, reporte)
    ids = [a.id for a in reporte.actividades]
    return Ubicacion(
        reporte,
        {lugar.clave: lugar for lugar in lugares},
        huella_del_libro(ids, reporte.ejercicio, reporte.trimestre),
    )


def ubicar_campos(libro: Path) -> dict[str, Celda]:
    """The workbook cell each field key of the report came from.

    An activity's ``actividad.<id>.fecha`` is its «Fecha» cell; when the sheet
    has «Fecha de término», that cell is under ``actividad.<id>.fecha_fin``.
    """
    celdas: dict[str, Celda] = {}
    for clave, lugar in ubicar(libro).lugares.items():
        celdas[clave] = lugar.celda
        if lugar.fin is not None:
            celdas[clave.removesuffix(".fecha") + ".fecha_fin"] = lugar.fin
    return celdas
