"""Workbook → :class:`~reporte_docx.modelo.Reporte`.

The workbook contract (sheets ``Reporte``, ``Actividades``, ``Fotografias``,
``Eventos``, ``Firmas``) is described in the README; this module is its only
reader. It never stops at the first mistake: every problem becomes a located
:class:`~reporte_docx.errores.Hallazgo`, so a person fixes them all in one go.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from reporte_docx.errores import AVISO, ERROR, ErrorDeDatos, Hallazgo
from reporte_docx.formato import fechas_del_trimestre
from reporte_docx.fotos.proceso import FotoInvalida, verificar_foto
from reporte_docx.libro import celdas
from reporte_docx.libro.apertura import abrir_libro, aviso_de_bloqueo
from reporte_docx.modelo import (
    Actividad,
    Evento,
    Firma,
    Fotografia,
    Lectura,
    Reporte,
    TablaEventos,
)
from reporte_docx.texto import mas_parecido, normalizar_nombre, quiso_decir

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
    # "descripcion" is the help column libro-nuevo writes; nothing reads it
    "reporte": (True, {"campo": True, "valor": True, "descripcion": False}),
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
#: Sheets a workbook may carry besides the contract's, read by nobody (``libro-nuevo`` adds one).
HOJAS_AJENAS = {"instrucciones"}
#: Past this many characters a text may not fit its place in the document: a warning.
LARGO_MAXIMO: dict[tuple[str, str], int] = {
    ("reporte", "justificacion"): 1500,
    ("reporte", "objetivo"): 1500,
    ("reporte", "*"): 400,
    ("actividades", "nombre"): 300,
    ("actividades", "lugar"): 600,
    ("actividades", "descripcion"): 4000,
    ("actividades", "objetivo"): 1500,
    ("fotografias", "pie"): 200,
    ("eventos", "titulo"): 200,
    ("eventos", "evento"): 600,
    ("firmas", "rol"): 40,
    ("firmas", "nombre"): 100,
    ("firmas", "cargo"): 150,
}
#: What Excel shows instead of a value when a formula fails.
ERRORES_EXCEL = {
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
}
ERRORES_EXCEL |= {"#¡NULO!", "#¡DIV/0!", "#¡VALOR!", "#¡REF!", "#¿NOMBRE?", "#¡NUM!"}


@dataclass
class Fila:
    """One non-blank data row: its number in Excel and its cells by normalized column name."""

    numero: int
    valores: dict[str, Any]
    #: Columns whose cell was already reported (a formula without value…): no second finding.
    reportadas: set[str] = field(default_factory=set)


@dataclass
class Hoja:
    """A sheet of the contract, with its headers as the user wrote them."""

    nombre: str
    encabezados: dict[str, str]  # normalized → as written
    filas: list[Fila]
    columnas: dict[str, int] = field(default_factory=dict)  # normalized → 1-based index


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
        if columna in fila.reportadas:
            return None
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


def _leer_hoja(ws: Any, ws_formulas: Any, nombre: str, r: _Recolector) -> Hoja:
    """One sheet: headers from row 1, then every non-blank row.

    *ws_formulas* is the same sheet read with formulas instead of values: a
    formula whose value Excel never calculated reads as empty, and must be
    named as such rather than reported as a missing value.
    """
    filas_crudas = _filas(ws)
    filas_formulas = _filas(ws_formulas)
    encabezado = next(filas_crudas, None) or ()
    next(filas_formulas, None)
    encabezados: dict[str, str] = {}
    columnas: dict[str, int] = {}
    for i, titulo in enumerate(encabezado, start=1):
        clave = normalizar_nombre(titulo)
        if not clave:
            continue
        if clave in encabezados:
            r.agregar(
                "columna-repetida",
                f"la columna «{str(titulo).strip()}» se repite (columna {get_column_letter(i)}); "
                f"sólo se lee la primera, la {get_column_letter(columnas[clave])}",
                AVISO,
                hoja=nombre,
            )
            continue
        encabezados[clave] = str(titulo).strip()
        columnas[clave] = i
    filas = []
    sin_encabezado: set[int] = set()
    for numero, crudas in enumerate(filas_crudas, start=2):
        formulas = next(filas_formulas, None) or ()
        valores, reportadas = {}, set()
        for clave, i in columnas.items():
            valor = crudas[i - 1] if i - 1 < len(crudas) else None
            formula = formulas[i - 1] if i - 1 < len(formulas) else None
            celda = f"{get_column_letter(i)}{numero}"
            donde = {"hoja": nombre, "fila": numero, "columna": encabezados[clave]}
            formula = getattr(formula, "text", formula)  # an array formula is an object
            if valor is None and isinstance(formula, str) and formula.startswith("="):
                r.agregar(
                    "formula-sin-valor",
                    f"la celda {celda} tiene la fórmula «{formula}» pero ningún valor calculado "
                    "(el libro lo guardó un programa que no calcula fórmulas); ábralo en Excel, "
                    "guárdelo y repita, o escriba el valor en lugar de la fórmula",
                    valor=formula,
                    **donde,
                )
                reportadas.add(clave)
                valor = formula
            elif isinstance(valor, str) and valor.strip().upper() in ERRORES_EXCEL:
                r.agregar(
                    "formula-con-error",
                    f"la celda {celda} muestra el error de Excel «{valor.strip()}»; corrija la "
                    "fórmula o escriba el valor",
                    valor=valor.strip(),
                    **donde,
                )
                reportadas.add(clave)
            valores[clave] = valor
        if any(celdas.texto(v) for v in valores.values()):
            filas.append(Fila(numero, valores, reportadas))
        usadas = set(columnas.values())
        sin_encabezado |= {
            i
            for i, v in enumerate(crudas, start=1)
            if i not in usadas and celdas.texto(v) and not celdas.texto(_de(encabezado, i))
        }
    if sin_encabezado:
        letras = ", ".join(get_column_letter(i) for i in sorted(sin_encabezado))
        r.agregar(
            "columna-sin-encabezado",
            f"hay datos en la(s) columna(s) {letras}, que no tienen encabezado en la fila 1; "
            "se ignoran",
            AVISO,
            hoja=nombre,
        )
    return Hoja(nombre, encabezados, filas, columnas)


class _HojaIlegible(Exception):
    """openpyxl could not parse a sheet part (it does so lazily, row by row)."""


def _filas(ws: Any) -> Iterator[tuple]:
    filas = ws.iter_rows(values_only=True)
    while True:
        try:
            fila = next(filas)
        except StopIteration:
            return
        except Exception as e:  # whatever a broken part makes the parser raise
            raise _HojaIlegible from e
        yield fila


def _de(fila: tuple, i: int) -> Any:
    return fila[i - 1] if i - 1 < len(fila) else None


def _hojas_del_libro(libro: Any, formulas: Any, r: _Recolector) -> dict[str, Hoja]:
    por_clave = {normalizar_nombre(n): n for n in libro.sheetnames}
    contrato = list(NOMBRES_HOJAS.values())
    ausentes = [NOMBRES_HOJAS[c] for c in HOJAS if c not in por_clave]
    for clave, nombre in por_clave.items():
        if clave in HOJAS or clave in HOJAS_AJENAS:
            continue
        if (parecida := mas_parecido(nombre, ausentes)) and not HOJAS[normalizar_nombre(parecida)][0]:
            r.agregar(
                "hoja-mal-escrita",
                f"no es una hoja del libro (¿quiso decir «{parecida}»?); cámbiele el nombre, "
                "si no su contenido no aparecerá en el reporte",
                hoja=nombre,
            )
        elif not parecida:
            r.agregar(
                "hoja-ignorada",
                f"no es una de las hojas del libro ({', '.join(contrato)}); se ignora",
                AVISO,
                hoja=nombre,
            )
    hojas: dict[str, Hoja] = {}
    for clave, (requerida, columnas) in HOJAS.items():
        nombre = NOMBRES_HOJAS[clave]
        if clave not in por_clave:
            if requerida:
                r.agregar(
                    "hoja-falta",
                    f"falta la hoja «{nombre}»{quiso_decir(nombre, libro.sheetnames)}",
                    lugar="libro",
                )
            continue
        escrito = por_clave[clave]
        try:
            hoja = _leer_hoja(libro[escrito], formulas[escrito], escrito, r)
        except _HojaIlegible:
            r.agregar(
                "hoja-danada",
                "no se puede leer (la hoja está dañada); ábrala en Excel y guarde el libro de "
                "nuevo como .xlsx",
                hoja=escrito,
            )
            continue
        if not hoja.encabezados:
            r.agregar(
                "sin-encabezados",
                "la fila 1 no tiene encabezados; escriba en ella los de esta hoja ("
                + ", ".join(columnas)
                + ") y los datos debajo",
                hoja=hoja.nombre,
            )
            continue
        faltan = [c for c, req in columnas.items() if c not in hoja.encabezados]
        escritos = [t for c, t in hoja.encabezados.items() if c not in columnas]
        for c in faltan:
            parecida = mas_parecido(c, escritos)
            if columnas[c]:
                r.agregar(
                    "columna-falta",
                    f"falta la columna «{c}» en la fila 1 de encabezados{quiso_decir(c, escritos)}",
                    hoja=hoja.nombre,
                )
            elif parecida:
                r.agregar(
                    "columna-mal-escrita",
                    f"la columna «{parecida}» no es del libro (¿quiso decir «{c}»?); cámbiele "
                    "el nombre, si no su contenido no aparecerá en el reporte",
                    hoja=hoja.nombre,
                    columna=parecida,
                )
        for titulo in escritos:
            if not mas_parecido(titulo, faltan):
                r.agregar(
                    "columna-ignorada",
                    f"no es una columna de esta hoja ({', '.join(columnas)}); se ignora",
                    AVISO,
                    hoja=hoja.nombre,
                    columna=titulo,
                )
        if not any(columnas[c] for c in faltan):
            hojas[clave] = hoja
    return hojas


def _conversor_de_campo(clave: str) -> Callable[[Any], Any]:
    def trimestre(valor: object) -> int:
        try:
            return celdas.entero(valor)
        except celdas.ValorInvalido:
            raise celdas.ValorInvalido(
                "trimestre-invalido", "no es un trimestre; escriba 1, 2, 3 o 4"
            ) from None

    def ejercicio(valor: object) -> int:
        try:
            return celdas.entero(valor)
        except celdas.ValorInvalido:
            raise celdas.ValorInvalido(
                "ejercicio-invalido", "no es un año; escriba el año con 4 cifras (p. ej. 2023)"
            ) from None

    return {
        "ejercicio": ejercicio,
        "trimestre": trimestre,
        "programadas": celdas.numero,
        "realizadas": celdas.numero,
    }.get(clave, celdas.texto)


def _leer_reporte(hoja: Hoja, r: _Recolector) -> dict[str, Any]:
    valores: dict[str, Any] = {}
    filas: dict[str, Fila] = {}
    columna_valor = hoja.encabezados["valor"]
    desconocidos: dict[str, Fila] = {}
    for fila in hoja.filas:
        escrito = celdas.texto(fila.valores.get("campo"))
        clave = normalizar_nombre(escrito)
        if clave in CAMPOS_REPORTE:
            if clave in filas:
                r.agregar(
                    "campo-repetido",
                    f"el campo «{clave}» ya aparece en la fila {filas[clave].numero}; deje sólo uno",
                    hoja=hoja.nombre,
                    fila=fila.numero,
                    columna=hoja.encabezados["campo"],
                    valor=escrito,
                )
            filas[clave] = fila
        elif escrito:
            desconocidos[escrito] = fila
        elif celdas.texto(fila.valores.get("valor")):
            r.agregar(
                "campo-vacio",
                "hay un valor sin el nombre de su campo en la columna "
                f"«{hoja.encabezados['campo']}»",
                hoja=hoja.nombre,
                fila=fila.numero,
                columna=hoja.encabezados["campo"],
            )
    faltan = [c for c in CAMPOS_REPORTE if c not in filas]
    for escrito, fila in desconocidos.items():
        parecido = mas_parecido(escrito, faltan)
        donde = {"hoja": hoja.nombre, "fila": fila.numero, "columna": hoja.encabezados["campo"]}
        if parecido and not CAMPOS_REPORTE[parecido][1]:
            r.agregar(
                "campo-mal-escrito",
                f"«{escrito}» no es un campo del reporte (¿quiso decir «{parecido}»?); "
                "corríjalo, si no su valor no aparecerá en el reporte",
                valor=escrito,
                **donde,
            )
        elif not parecido:
            r.agregar(
                "campo-ignorado",
                f"«{escrito}» no es un campo del reporte; se ignora",
                AVISO,
                valor=escrito,
                **donde,
            )
    for clave, (descripcion, requerido) in CAMPOS_REPORTE.items():
        fila = filas.get(clave)
        if fila is None:
            if requerido:
                escritos = list(desconocidos)
                r.agregar(
                    "campo-falta",
                    f"falta la fila del campo «{clave}» ({descripcion}) en la columna "
                    f"«{hoja.encabezados['campo']}»{quiso_decir(clave, escritos)}",
                    hoja=hoja.nombre,
                )
            valores[clave] = None
            continue
        valor = r.celda(
            hoja,
            fila,
            "valor",
            _conversor_de_campo(clave),
            requerido,
            que=f"el valor de «{clave}» — {descripcion}",
        )
        donde = {"hoja": hoja.nombre, "fila": fila.numero, "columna": columna_valor}
        if clave == "trimestre" and valor is not None and not 1 <= valor <= 4:
            r.agregar(
                "trimestre-fuera",
                f"«{valor}» no es un trimestre; escriba 1, 2, 3 o 4",
                valor=str(valor),
                **donde,
            )
            valor = None
        if clave == "ejercicio" and valor is not None and not 2000 <= valor <= _anio_maximo():
            r.agregar(
                "ejercicio-invalido",
                f"«{valor}» no parece el año del ejercicio; escriba el año con 4 cifras, entre "
                f"2000 y {_anio_maximo()} (p. ej. 2023)",
                valor=str(valor),
                **donde,
            )
            valor = None
        if clave in ("programadas", "realizadas") and valor is not None and valor < 0:
            r.agregar(
                "numero-negativo",
                f"«{valor}» no puede ser negativo (escriba 0 o más)",
                valor=str(valor),
                **donde,
            )
            valor = None
        valores[clave] = valor
    valores["_filas"] = filas
    return valores


def _anio_maximo() -> int:
    return dt.date.today().year + 1


def _iterar(hojas: dict[str, Hoja], clave: str) -> Iterator[tuple[Hoja, Fila]]:
    hoja = hojas.get(clave)
    for fila in hoja.filas if hoja else ():
        yield hoja, fila


def ruta_de_foto(carpeta: Path, escrito: str) -> Path:
    """Where the photo written as *escrito* is looked for: relative to the workbook's folder.

    A path typed on Windows (``fotos\\envio.jpg``) works elsewhere too.
    """
    if os.sep == "/":
        escrito = escrito.replace("\\", "/")
    return carpeta / Path(escrito).expanduser()


def analizar_libro(
    ruta: str | Path,
    revisar_fotos: bool = True,
    decodificar_fotos: bool = True,
    carpeta_fotos: str | Path | None = None,
) -> Lectura:
    """Read and check the whole workbook; never raises for problems in the data.

    Problems opening the file itself (missing, not .xlsx…) are findings too.
    With *revisar_fotos* every photo file is checked (missing, not a regular
    image file, too large); with *decodificar_fotos* too it is also decoded at
    reduced scale to catch a truncated one. ``generar`` skips that decode: it
    processes every photo right after and reports a bad one by row all the same.
    """
    ruta = Path(ruta)
    r = _Recolector()
    try:
        libro = abrir_libro(ruta)
        formulas = abrir_libro(ruta, formulas=True, revisar=False)
    except ErrorDeDatos as e:
        return Lectura(None, e.hallazgos)
    if bloqueo := aviso_de_bloqueo(ruta):
        r.hallazgos.append(bloqueo)
    try:
        hojas = _hojas_del_libro(libro, formulas, r)
    finally:
        libro.close()
        formulas.close()

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
        if "actividad" in fila.reportadas:
            return None
        if not ident:
            r.agregar(
                "campo-vacio",
                "falta el id de la actividad a la que pertenece (el de la hoja «Actividades»)",
                hoja=hoja.nombre,
                fila=fila.numero,
                columna=columna,
            )
        elif "actividades" in hojas and ident not in filas_actividad:
            ids = ", ".join(filas_actividad) or "ninguno"
            r.agregar(
                "actividad-no-existe",
                f"no hay ninguna actividad con id «{ident}» en la hoja "
                f"«{hojas['actividades'].nombre}» (ids escritos: {ids})",
                hoja=hoja.nombre,
                fila=fila.numero,
                columna=columna,
                valor=ident,
            )
        return actividades.get(ident)

    carpeta = Path(carpeta_fotos).resolve() if carpeta_fotos else ruta.resolve().parent
    for hoja, fila in _iterar(hojas, "fotografias"):
        actividad = actividad_de(hoja, fila)
        archivo = r.celda(hoja, fila, "archivo", celdas.texto, que="la ruta del archivo de la foto")
        if archivo is None:
            continue
        foto = Fotografia(
            ruta_de_foto(carpeta, archivo), celdas.texto(fila.valores.get("pie")), fila=fila.numero
        )
        if revisar_fotos:
            _revisar_foto(foto, archivo, hoja, fila, r, decodificar_fotos)
        if actividad:
            actividad.fotografias.append(foto)

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
            "no tiene ninguna actividad; escriba al menos una fila debajo de los encabezados",
            hoja=hojas["actividades"].nombre,
        )
    if "firmas" in hojas and not hojas["firmas"].filas:
        r.agregar(
            "sin-firmas",
            "no tiene ninguna firma; escriba una fila por firma (Elaboró, Revisó, Autorizó)",
            hoja=hojas["firmas"].nombre,
        )

    _revisar_reglas(campos, hojas, actividades, r)
    _revisar_largos(hojas, r)
    if any(h.es_error for h in r.hallazgos):
        return Lectura(None, r.hallazgos)
    campos.pop("_filas", None)
    reporte = Reporte(**campos, actividades=list(actividades.values()), firmas=firmas)
    return Lectura(reporte, r.hallazgos)


def _revisar_foto(
    foto: Fotografia, escrito: str, hoja: Hoja, fila: Fila, r: _Recolector, decodificar: bool
) -> None:
    """A photo file that is missing, not an image, truncated or too large: an error on its row."""
    try:
        verificar_foto(foto.archivo, decodificar)
    except FotoInvalida as e:
        mensaje = str(e)
        if e.codigo == "foto-no-existe" and foto.archivo.parent.is_dir():
            presentes = [p.name for p in foto.archivo.parent.iterdir() if p.is_file()]
            mensaje += quiso_decir(foto.archivo.name, presentes)
        if e.codigo == "foto-no-existe":
            mensaje += " (las rutas se buscan a partir de la carpeta del libro)"
        r.agregar(
            e.codigo,
            mensaje,
            hoja=hoja.nombre,
            fila=fila.numero,
            columna=hoja.encabezados["archivo"],
            valor=escrito,
        )


def _revisar_largos(hojas: dict[str, Hoja], r: _Recolector) -> None:
    """Warn of texts so long they may not fit their place in the document."""
    for clave, hoja in hojas.items():
        for fila in hoja.filas:
            if clave == "reporte":
                campo = normalizar_nombre(fila.valores.get("campo"))
                maximo = LARGO_MAXIMO.get((clave, campo), LARGO_MAXIMO[(clave, "*")])
                columnas = {"valor": maximo}
            else:
                columnas = {
                    c: m for (h, c), m in LARGO_MAXIMO.items() if h == clave and c in hoja.columnas
                }
            for columna, maximo in columnas.items():
                largo = len(celdas.texto(fila.valores.get(columna)))
                if largo > maximo:
                    r.agregar(
                        "texto-muy-largo",
                        f"el texto tiene {largo} caracteres (se recomiendan hasta {maximo}); "
                        "puede no caber en su lugar del documento: resúmalo o revise cómo queda",
                        AVISO,
                        hoja=hoja.nombre,
                        fila=fila.numero,
                        columna=hoja.encabezados[columna],
                    )


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
        and "valor" not in getattr(filas.get("justificacion"), "reportadas", ())
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
    hoja = hojas.get("actividades")
    if trimestre and ejercicio and hoja:
        inicio, fin = fechas_del_trimestre(trimestre, ejercicio)
        for fila in hoja.filas:
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
                    valor=f"{actividad.fecha:%d/%m/%Y}",
                )
    fotos = hojas.get("fotografias")
    for fila in hoja.filas if hoja else ():
        actividad = actividades.get(celdas.identificador(fila.valores.get("id")))
        if actividad and not actividad.fotografias:
            r.agregar(
                "actividad-sin-fotos",
                f"la actividad «{actividad.id}» no tiene fotografías; agregue filas en la hoja "
                f"«{fotos.nombre if fotos else NOMBRES_HOJAS['fotografias']}» con su id",
                AVISO,
                hoja=hoja.nombre,
                fila=fila.numero,
                columna=hoja.encabezados["id"],
                valor=actividad.id,
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


__all__ = [
    "CAMPOS_REPORTE",
    "HOJAS",
    "NOMBRES_HOJAS",
    "Lectura",
    "abrir_libro",
    "analizar_libro",
    "leer_libro",
]
