"""Workbook → :class:`~reporte_docx.modelo.Reporte`.

The workbook contract (sheets ``Reporte``, ``Actividades``, ``Fotografias``,
``Eventos``, ``Firmas``) is described in the README; this module is its only
reader. It never stops at the first mistake: every problem becomes a located
:class:`~reporte_docx.errores.Hallazgo`, so a person fixes them all in one go.
"""

from __future__ import annotations

import difflib
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

from . import celdas
from .errores import AVISO, ERROR, ErrorDeDatos, Hallazgo
from .modelo import Actividad, Evento, Firma, Fotografia, Reporte, TablaEventos
from .texto import normalizar_nombre

#: Fields of the ``Reporte`` sheet, in the order ``libro-nuevo`` lists them,
#: with the label a person sees and whether the report can go without it.
CAMPOS_REPORTE: dict[str, tuple[str, bool]] = {
    "dependencia": ("Dependencia (p. ej. SECRETARÍA DE GOBIERNO)", True),
    "titulo": ("Título del reporte", True),
    "ejercicio": ("Año del ejercicio (p. ej. 2023)", True),
    "trimestre": ("Trimestre que se reporta (1 a 4)", True),
    "programa_presupuestario": ("Programa presupuestario", True),
    "unidad_responsable_programa": ("Unidad responsable del programa presupuestario", True),
    "unidad_responsable_fuente": ("Unidad responsable de la fuente del indicador", True),
    "nivel_objetivo": ("Nivel de objetivo (actividad)", True),
    "indicador": ("Indicador", True),
    "descripcion_avance": ("Calendario ejecutado / avance", True),
    "variable_programada": ("Etiqueta de la variable programada", True),
    "variable_realizada": ("Etiqueta de la variable realizada", True),
    "programadas": ("Número programado en el trimestre", True),
    "realizadas": ("Número realizado en el trimestre", True),
    "justificacion": ("Comentarios y observaciones / justificación de variación", False),
    "objetivo": ("Objetivo que se usa en las actividades que no tienen uno propio", False),
}

#: Sheets and their columns: (column, required).
HOJAS: dict[str, tuple[bool, dict[str, bool]]] = {
    "reporte": (True, {"campo": True, "valor": True}),
    "actividades": (
        True,
        {
            "id": True,
            "nombre": True,
            "fecha": True,
            "lugar": True,
            "descripcion": True,
            "objetivo": False,
        },
    ),
    "fotografias": (False, {"actividad": True, "archivo": True, "pie": False}),
    "eventos": (False, {"actividad": True, "titulo": True, "fecha": True, "evento": True}),
    "firmas": (True, {"rol": True, "nombre": True, "cargo": True}),
}
NOMBRES_HOJAS = {
    "reporte": "Reporte",
    "actividades": "Actividades",
    "fotografias": "Fotografias",
    "eventos": "Eventos",
    "firmas": "Firmas",
}


@dataclass
class Fila:
    """One non-blank data row: its number in Excel and its cells by normalized column name."""

    numero: int
    valores: dict[str, Any]


@dataclass
class Hoja:
    """A sheet of the contract, with its headers as the user wrote them."""

    nombre: str
    encabezados: dict[str, str]  # normalized → as written
    filas: list[Fila]
    columnas: dict[str, int] = field(default_factory=dict)  # normalized → 1-based index


@dataclass
class Lectura:
    """What reading a workbook gives: the report (if it could be built) and every finding."""

    reporte: Reporte | None
    hallazgos: list[Hallazgo]

    @property
    def errores(self) -> list[Hallazgo]:
        return [h for h in self.hallazgos if h.es_error]

    @property
    def avisos(self) -> list[Hallazgo]:
        return [h for h in self.hallazgos if not h.es_error]


class _Recolector:
    """Collects findings while the sheets are read."""

    def __init__(self) -> None:
        self.hallazgos: list[Hallazgo] = []

    def agregar(self, codigo: str, mensaje: str, severidad: str = ERROR, **donde: Any) -> None:
        self.hallazgos.append(Hallazgo(codigo, mensaje, severidad, **donde))

    def celda(
        self,
        hoja: Hoja,
        fila: Fila,
        columna: str,
        conversor: Callable[[Any], Any],
        requerido: bool = True,
        que: str = "",
    ) -> Any:
        """The typed value of one cell, or ``None`` after recording why it is wrong."""
        valor = fila.valores.get(columna)
        titulo = hoja.encabezados.get(columna, columna)
        if celdas.texto(valor) == "":
            if requerido:
                self.agregar(
                    "campo-vacio",
                    f"falta {que or 'el dato'}; esta celda no puede quedar vacía",
                    hoja=hoja.nombre,
                    fila=fila.numero,
                    columna=titulo,
                )
            return None
        try:
            return conversor(valor)
        except celdas.ValorInvalido as e:
            self.agregar(
                e.codigo,
                f"«{celdas.texto(valor)}» {e}",
                hoja=hoja.nombre,
                fila=fila.numero,
                columna=titulo,
                valor=celdas.texto(valor),
            )
            return None


def sugerir(nombre: str, opciones: list[str]) -> str:
    """`` (¿quiso decir «Actividades»?)`` when *nombre* looks like a typo of an option."""
    por_clave = {normalizar_nombre(o): o for o in opciones}
    cercanos = difflib.get_close_matches(
        normalizar_nombre(nombre), list(por_clave), n=1, cutoff=0.7
    )
    return f" (¿quiso decir «{por_clave[cercanos[0]]}»?)" if cercanos else ""


def abrir_libro(ruta: Path) -> openpyxl.Workbook:
    """Open the workbook read-only with cached formula values, or raise :class:`ErrorDeDatos`."""
    ruta = Path(ruta)

    def falla(codigo: str, mensaje: str) -> ErrorDeDatos:
        return ErrorDeDatos([Hallazgo(codigo, mensaje, lugar=f"archivo «{ruta}»")])

    if not ruta.exists():
        raise falla("libro-no-existe", "no existe; revise el nombre y la carpeta")
    if ruta.is_dir():
        raise falla("libro-es-carpeta", "es una carpeta, no un libro de Excel (.xlsx)")
    if ruta.suffix.lower() == ".xls":
        raise falla(
            "libro-xls",
            "es un libro de Excel antiguo (.xls); ábralo en Excel y guárdelo como "
            "«Libro de Excel (.xlsx)»",
        )
    try:
        return openpyxl.load_workbook(ruta, read_only=True, data_only=True)
    except PermissionError:
        raise falla(
            "libro-sin-permiso",
            "no se puede leer (¿está abierto en otro programa o sin permiso?); ciérrelo y repita",
        ) from None
    except LIBRO_DANADO as e:
        if ruta.suffix.lower() not in (".xlsx", ".xlsm"):
            raise falla("libro-no-xlsx", "no es un libro de Excel (.xlsx)") from e
        raise libro_danado(ruta) from e


#: What openpyxl raises on a damaged file, when opening it or (read-only mode reads
#: lazily) while reading its rows: bad zip, bad deflate data, malformed XML, bad values.
LIBRO_DANADO = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,  # zipfile: unknown compression or version
    SyntaxError,  # xml.etree's ParseError and lxml's XMLSyntaxError
    KeyError,
    ValueError,
    OSError,
    TypeError,
)


def libro_danado(ruta: Path) -> ErrorDeDatos:
    return ErrorDeDatos(
        [
            Hallazgo(
                "libro-danado",
                "no es un libro de Excel válido o está dañado; ábralo en Excel y guárdelo de "
                "nuevo como .xlsx",
                lugar=f"archivo «{ruta}»",
            )
        ]
    )


def _leer_hoja(ws: Any, nombre: str) -> Hoja:
    filas_crudas = ws.iter_rows(values_only=True)
    encabezado = next(filas_crudas, None) or ()
    encabezados: dict[str, str] = {}
    columnas: dict[str, int] = {}
    for i, titulo in enumerate(encabezado, start=1):
        clave = normalizar_nombre(titulo)
        if clave and clave not in encabezados:
            encabezados[clave] = str(titulo).strip()
            columnas[clave] = i
    filas = []
    for numero, crudas in enumerate(filas_crudas, start=2):
        valores = {
            clave: crudas[i - 1] if i - 1 < len(crudas) else None for clave, i in columnas.items()
        }
        if any(celdas.texto(v) for v in valores.values()):
            filas.append(Fila(numero, valores))
    return Hoja(nombre, encabezados, filas, columnas)


def _hojas_del_libro(libro: Any, r: _Recolector) -> dict[str, Hoja]:
    por_clave = {normalizar_nombre(n): n for n in libro.sheetnames}
    hojas: dict[str, Hoja] = {}
    for clave, (requerida, columnas) in HOJAS.items():
        nombre = NOMBRES_HOJAS[clave]
        if clave not in por_clave:
            if requerida:
                r.agregar(
                    "hoja-falta",
                    f"falta la hoja «{nombre}»{sugerir(nombre, libro.sheetnames)}",
                    lugar="libro",
                )
            continue
        hoja = _leer_hoja(libro[por_clave[clave]], por_clave[clave])
        faltan = [c for c, req in columnas.items() if req and c not in hoja.encabezados]
        for c in faltan:
            escritos = list(hoja.encabezados.values())
            r.agregar(
                "columna-falta",
                f"falta la columna «{c}» en la fila 1 de encabezados{sugerir(c, escritos)}",
                hoja=hoja.nombre,
            )
        if not faltan:
            hojas[clave] = hoja
    return hojas


def _leer_reporte(hoja: Hoja, r: _Recolector) -> dict[str, Any]:
    valores: dict[str, Any] = {}
    filas: dict[str, Fila] = {}
    columna_valor = hoja.encabezados["valor"]
    for fila in hoja.filas:
        clave = normalizar_nombre(fila.valores.get("campo"))
        if clave in CAMPOS_REPORTE:
            if clave in filas:
                r.agregar(
                    "campo-repetido",
                    f"el campo «{clave}» ya aparece en la fila {filas[clave].numero}",
                    hoja=hoja.nombre,
                    fila=fila.numero,
                    columna=hoja.encabezados["campo"],
                )
            filas[clave] = fila
    for clave, (descripcion, requerido) in CAMPOS_REPORTE.items():
        fila = filas.get(clave)
        if fila is None:
            if requerido:
                r.agregar(
                    "campo-falta",
                    f"falta la fila del campo «{clave}» ({descripcion}) en la columna «Campo»",
                    hoja=hoja.nombre,
                )
            valores[clave] = None
            continue
        conversor = {
            "ejercicio": celdas.entero,
            "trimestre": celdas.entero,
            "programadas": celdas.numero,
            "realizadas": celdas.numero,
        }.get(clave, celdas.texto)
        valor = r.celda(hoja, fila, "valor", conversor, requerido, que=f"el valor de «{clave}»")
        donde = {"hoja": hoja.nombre, "fila": fila.numero, "columna": columna_valor}
        if clave == "trimestre" and valor is not None and not 1 <= valor <= 4:
            r.agregar(
                "trimestre-fuera",
                f"«{valor}» no es un trimestre; escriba 1, 2, 3 o 4",
                valor=str(valor),
                **donde,
            )
            valor = None
        if clave == "ejercicio" and valor is not None and not 2000 <= valor <= 2100:
            r.agregar(
                "ejercicio-invalido",
                f"«{valor}» no parece un año de ejercicio; escriba el año con 4 cifras (p. ej. 2023)",
                valor=str(valor),
                **donde,
            )
            valor = None
        if clave in ("programadas", "realizadas") and valor is not None and valor < 0:
            r.agregar(
                "numero-negativo", f"«{valor}» no puede ser negativo", valor=str(valor), **donde
            )
            valor = None
        valores[clave] = valor
    valores["_filas"] = filas
    return valores


def _iterar(hojas: dict[str, Hoja], clave: str) -> Iterator[tuple[Hoja, Fila]]:
    hoja = hojas.get(clave)
    for fila in hoja.filas if hoja else ():
        yield hoja, fila


def analizar_libro(ruta: str | Path) -> Lectura:
    """Read and check the whole workbook; never raises for problems in the data.

    Problems opening the file itself (missing, not .xlsx…) are findings too.
    """
    ruta = Path(ruta)
    r = _Recolector()
    try:
        libro = abrir_libro(ruta)
    except ErrorDeDatos as e:
        return Lectura(None, e.hallazgos)
    try:
        hojas = _hojas_del_libro(libro, r)
    except LIBRO_DANADO:
        return Lectura(None, libro_danado(ruta).hallazgos)
    finally:
        libro.close()

    campos = _leer_reporte(hojas["reporte"], r) if "reporte" in hojas else {}
    actividades: dict[str, Actividad] = {}
    filas_actividad: dict[str, int] = {}
    for hoja, fila in _iterar(hojas, "actividades"):
        ident = celdas.identificador(fila.valores.get("id"))
        if not ident:
            r.agregar(
                "campo-vacio",
                "falta el id de la actividad (p. ej. 1)",
                hoja=hoja.nombre,
                fila=fila.numero,
                columna=hoja.encabezados["id"],
            )
        elif ident in filas_actividad:
            r.agregar(
                "id-repetido",
                f"el id «{ident}» ya se usó en la fila {filas_actividad[ident]}; cada actividad "
                "necesita un id distinto",
                hoja=hoja.nombre,
                fila=fila.numero,
                columna=hoja.encabezados["id"],
                valor=ident,
            )
        datos = {
            c: r.celda(
                hoja,
                fila,
                c,
                celdas.fecha if c == "fecha" else celdas.texto,
                que=f"«{hoja.encabezados[c]}» de la actividad",
            )
            for c in ("nombre", "fecha", "lugar", "descripcion")
        }
        objetivo = celdas.texto(fila.valores.get("objetivo"))
        if ident and ident not in filas_actividad:
            filas_actividad[ident] = fila.numero
            if all(v is not None for v in datos.values()):
                actividades[ident] = Actividad(id=ident, objetivo=objetivo, **datos)

    def actividad_de(hoja: Hoja, fila: Fila) -> Actividad | None:
        ident = celdas.identificador(fila.valores.get("actividad"))
        columna = hoja.encabezados["actividad"]
        if not ident:
            r.agregar(
                "campo-vacio",
                "falta el id de la actividad a la que pertenece",
                hoja=hoja.nombre,
                fila=fila.numero,
                columna=columna,
            )
        elif ident not in filas_actividad:
            r.agregar(
                "actividad-no-existe",
                f"no hay ninguna actividad con id «{ident}» en la hoja «Actividades»",
                hoja=hoja.nombre,
                fila=fila.numero,
                columna=columna,
                valor=ident,
            )
        return actividades.get(ident)

    carpeta = ruta.resolve().parent
    for hoja, fila in _iterar(hojas, "fotografias"):
        actividad = actividad_de(hoja, fila)
        archivo = r.celda(hoja, fila, "archivo", celdas.texto, que="la ruta del archivo de la foto")
        if actividad and archivo:
            actividad.fotografias.append(
                Fotografia(
                    carpeta / Path(archivo).expanduser(),
                    celdas.texto(fila.valores.get("pie")),
                    fila=fila.numero,
                )
            )

    for hoja, fila in _iterar(hojas, "eventos"):
        actividad = actividad_de(hoja, fila)
        titulo = r.celda(hoja, fila, "titulo", celdas.texto, que="el título de la tabla")
        fecha = r.celda(hoja, fila, "fecha", celdas.fecha, que="la fecha del evento")
        evento = r.celda(hoja, fila, "evento", celdas.texto, que="la descripción del evento")
        if actividad and None not in (titulo, fecha, evento):
            tabla = next((t for t in actividad.tablas if t.titulo == titulo), None)
            if tabla is None:
                tabla = TablaEventos(titulo)
                actividad.tablas.append(tabla)
            tabla.eventos.append(Evento(fecha, evento))

    firmas = []
    for hoja, fila in _iterar(hojas, "firmas"):
        datos = {
            c: r.celda(hoja, fila, c, celdas.texto, que=f"«{hoja.encabezados[c]}» de la firma")
            for c in ("rol", "nombre", "cargo")
        }
        if None not in datos.values():
            firmas.append(Firma(**datos))

    if "actividades" in hojas and not hojas["actividades"].filas:
        r.agregar(
            "sin-actividades",
            "no tiene ninguna actividad; escriba al menos una fila",
            hoja=hojas["actividades"].nombre,
        )
    if "firmas" in hojas and not hojas["firmas"].filas:
        r.agregar(
            "sin-firmas",
            "no tiene ninguna firma (Elaboró, Revisó, Autorizó)",
            hoja=hojas["firmas"].nombre,
        )

    _revisar_reglas(campos, hojas, actividades, r)
    if any(h.es_error for h in r.hallazgos):
        return Lectura(None, r.hallazgos)
    campos.pop("_filas", None)
    reporte = Reporte(**campos, actividades=list(actividades.values()), firmas=firmas)
    return Lectura(reporte, r.hallazgos)


def _revisar_reglas(
    campos: dict[str, Any],
    hojas: dict[str, Hoja],
    actividades: dict[str, Actividad],
    r: _Recolector,
) -> None:
    """Rules of the report itself, beyond single cells."""
    filas: dict[str, Fila] = campos.get("_filas", {})
    programadas, realizadas = campos.get("programadas"), campos.get("realizadas")
    if (
        programadas is not None
        and realizadas is not None
        and programadas != realizadas
        and not campos.get("justificacion")
    ):
        fila = filas.get("justificacion")
        r.agregar(
            "falta-justificacion",
            f"lo realizado ({realizadas}) difiere de lo programado ({programadas}); "
            "escriba la justificación de la variación en el campo «justificacion»",
            hoja=hojas["reporte"].nombre,
            fila=fila.numero if fila else None,
            columna=hojas["reporte"].encabezados["valor"] if fila else None,
        )
    trimestre, ejercicio = campos.get("trimestre"), campos.get("ejercicio")
    if trimestre and ejercicio:
        from .formato import fechas_del_trimestre

        inicio, fin = fechas_del_trimestre(trimestre, ejercicio)
        hoja = hojas.get("actividades")
        for fila in hoja.filas if hoja else ():
            actividad = actividades.get(celdas.identificador(fila.valores.get("id")))
            if actividad and not inicio <= actividad.fecha <= fin:
                r.agregar(
                    "fecha-fuera-de-trimestre",
                    f"la fecha {actividad.fecha:%d/%m/%Y} está fuera del trimestre reportado "
                    f"({inicio:%d/%m/%Y} a {fin:%d/%m/%Y})",
                    AVISO,
                    hoja=hoja.nombre,
                    fila=fila.numero,
                    columna=hoja.encabezados["fecha"],
                )
    for actividad in actividades.values():
        if not actividad.fotografias and "fotografias" in hojas:
            r.agregar(
                "actividad-sin-fotos",
                f"la actividad «{actividad.id}» no tiene fotografías",
                AVISO,
                hoja=hojas["fotografias"].nombre,
            )
    if not campos.get("objetivo"):
        for hoja, fila in _iterar(hojas, "actividades"):
            if not celdas.texto(fila.valores.get("objetivo")):
                r.agregar(
                    "objetivo-vacio",
                    "la actividad no tiene objetivo y el campo «objetivo» de la hoja "
                    "«Reporte» también está vacío",
                    AVISO,
                    hoja=hoja.nombre,
                    fila=fila.numero,
                    columna=hoja.encabezados.get("objetivo", "objetivo"),
                )


def leer_libro(ruta: str | Path) -> Reporte:
    """The workbook as a :class:`Reporte`; raises :class:`ErrorDeDatos` listing every error."""
    lectura = analizar_libro(ruta)
    if lectura.reporte is None:
        raise ErrorDeDatos(lectura.hallazgos)
    return lectura.reporte


__all__ = ["CAMPOS_REPORTE", "HOJAS", "Lectura", "analizar_libro", "leer_libro"]
