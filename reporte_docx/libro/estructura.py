"""The workbook's layout against the contract: which sheets and columns are there.

A required sheet or column missing is an error (with the look-alike name if
the user misspelled it); an optional one misspelled is an error too, since its
content would silently vanish from the report; anything else that is not in
the contract is a warning that it is ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reporte_docx.errores import AVISO
from reporte_docx.libro.contrato import Columna, Contrato, Hoja
from reporte_docx.libro.cuadricula import HojaIlegible, cuadricula
from reporte_docx.libro.hojas import HojaLeida, Recolector, leer_hoja
from reporte_docx.texto import mas_parecido, normalizar_nombre, quiso_decir


def _vacia(ws: Any) -> bool:
    """Whether a worksheet holds no value at all (stops at the first one); a chart sheet has one."""
    if not hasattr(ws, "iter_rows"):
        return False
    return not any(v is not None for fila in ws.iter_rows(values_only=True) for v in fila)


def _nombre_parecido(nombre: str, escritas: list[str]) -> str | None:
    """The written sheet or column name that *nombre* was probably turned into, or None.

    A typo («Activdades»), or a longer name that contains it as a word
    («REPORTE TRIMESTRAL 2023» for «Reporte», «Nombre de la actividad» for
    «nombre»): too different for a typo, yet plainly the same to the person
    who wrote it.
    """
    if parecida := mas_parecido(nombre, escritas):
        return parecida
    clave = normalizar_nombre(nombre)
    contienen = [e for e in escritas if clave in normalizar_nombre(e).split("_")]
    return contienen[0] if len(contienen) == 1 else None


def _sugerencia(nombre: str, escritas: list[str]) -> str:
    """`` (¿quiso decir «REPORTE TRIMESTRAL»?)`` for a missing sheet or column, in the one wording."""
    parecida = _nombre_parecido(nombre, escritas)
    return quiso_decir(parecida, [parecida]) if parecida else ""


def _revisar_hojas_ajenas(
    libro: Any, por_clave: dict[str, str], contrato: Contrato, r: Recolector
) -> None:
    """Sheets not in the contract: a misspelled optional one is an error, others a warning.

    An empty one («Hoja1», left by Excel) holds nothing to lose: no warning.
    """
    ausentes = [h.nombre for h in contrato.hojas if h.clave not in por_clave]
    for clave, nombre in por_clave.items():
        if clave in contrato.claves or clave in contrato.ajenas:
            continue
        parecida = mas_parecido(nombre, ausentes) or next(
            (a for a in ausentes if _nombre_parecido(a, [nombre])), None
        )
        if parecida and not contrato.hoja(normalizar_nombre(parecida)).obligatoria:
            r.agregar(
                "hoja-mal-escrita",
                f"no es una hoja del libro (¿quiso decir «{parecida}»?); cámbiele el nombre, "
                "si no su contenido no aparecerá en el reporte",
                hoja=nombre,
            )
        elif not parecida and not _vacia(libro[nombre]):
            r.agregar(
                "hoja-ignorada",
                "no es una de las hojas del libro ("
                + ", ".join(f"«{h.nombre}»" for h in contrato.hojas)
                + "); se ignora",
                AVISO,
                hoja=nombre,
            )


def _parecida(columna: Columna, escritos: list[str]) -> str | None:
    """The written header that was probably meant as *columna* (by its title or its name)."""
    return _nombre_parecido(columna.encabezado, escritos) or _nombre_parecido(
        columna.nombre, escritos
    )


def _revisar_columnas(hoja: HojaLeida, contrato: Hoja, r: Recolector) -> bool:
    """Check the headers of *hoja*; whether every required column is there.

    Columns are named by their titles («Fecha de término»), as ``libro-nuevo``
    writes them; the headers were already matched by title or name.
    """
    faltan = [c for c in contrato.columnas if c.nombre not in hoja.encabezados]
    escritos = [t for c, t in hoja.encabezados.items() if c not in contrato.nombres]
    for c in faltan:
        parecida = _parecida(c, escritos)
        if c.obligatoria:
            sugerencia = quiso_decir(parecida, [parecida]) if parecida else ""
            r.agregar(
                "columna-falta",
                f"falta la columna «{c.encabezado}» en la fila {hoja.fila_encabezados} de "
                f"encabezados{sugerencia}",
                hoja=hoja.nombre,
            )
        elif parecida:
            r.agregar(
                "columna-mal-escrita",
                f"la columna «{parecida}» no es del libro (¿quiso decir «{c.encabezado}»?); "
                "cámbiele el nombre, si no su contenido no aparecerá en el reporte",
                hoja=hoja.nombre,
                columna=parecida,
            )
    for titulo in escritos:
        if not any(_parecida(c, [titulo]) for c in faltan):
            r.agregar(
                "columna-ignorada",
                f"no es una columna de esta hoja ({', '.join(contrato.encabezados)}); se ignora",
                AVISO,
                hoja=hoja.nombre,
                columna=titulo,
            )
    return not any(c.obligatoria for c in faltan)


#: Cells (row, column) of a sheet, by its name, that hold a picture instead of a value.
CeldasConImagen = Callable[[str], set[tuple[int, int]]]


def _leer(
    libro: Any,
    formulas: Any,
    escrito: str,
    contrato: Hoja,
    r: Recolector,
    con_imagen: set[tuple[int, int]],
) -> HojaLeida | None:
    """One sheet of the contract, or None after saying why it cannot be used."""
    try:
        leida = cuadricula(libro[escrito], formulas[escrito])
        leida.vaciar(con_imagen)
        hoja = leer_hoja(leida, escrito, r, contrato.por_escritura)
    except HojaIlegible:
        r.agregar(
            "hoja-danada",
            "no se puede leer (la hoja está dañada); ábrala en Excel y guarde el libro de "
            "nuevo como .xlsx",
            hoja=escrito,
        )
        return None
    if not hoja.encabezados:
        r.agregar(
            "sin-encabezados",
            "la fila 1 no tiene encabezados; escriba en ella los de esta hoja ("
            + ", ".join(contrato.encabezados)
            + ") y los datos debajo",
            hoja=hoja.nombre,
        )
        return None
    return hoja if _revisar_columnas(hoja, contrato, r) else None


def sin_hojas_del_contrato(nombres: list[str], contrato: Contrato, r: Recolector) -> bool:
    """For a workbook none of whose sheets (*nombres*) is one of the contract's: each
    required sheet is missing, said as :func:`hojas_del_libro` says it, and True.

    Such a workbook is no report: that is all there is to say, and its sheets (however
    large) need not be read. False, recording nothing, for any other workbook.
    """
    if any(normalizar_nombre(n) in contrato.claves for n in nombres):
        return False
    for hoja in contrato.hojas:
        if hoja.obligatoria:
            r.agregar(
                "hoja-falta",
                f"falta la hoja «{hoja.nombre}»{_sugerencia(hoja.nombre, nombres)}",
                lugar="libro",
            )
    return True


def hojas_del_libro(
    libro: Any,
    formulas: Any,
    contrato: Contrato,
    r: Recolector,
    con_imagen: CeldasConImagen = lambda _hoja: set(),
) -> dict[str, HojaLeida]:
    """The sheets of the contract that can be read, by key; every problem recorded in *r*.

    *con_imagen* names, per sheet, the cells that hold a picture (they read as empty).
    """
    por_clave = {normalizar_nombre(n): n for n in libro.sheetnames}
    _revisar_hojas_ajenas(libro, por_clave, contrato, r)
    hojas: dict[str, HojaLeida] = {}
    ajenas = [n for c, n in por_clave.items() if c not in contrato.claves]
    for hoja in contrato.hojas:
        if hoja.clave not in por_clave:
            if hoja.obligatoria:
                r.agregar(
                    "hoja-falta",
                    f"falta la hoja «{hoja.nombre}»{_sugerencia(hoja.nombre, ajenas)}",
                    lugar="libro",
                )
            continue
        escrito = por_clave[hoja.clave]
        leida = _leer(libro, formulas, escrito, hoja, r, con_imagen(escrito))
        if leida is not None:
            hojas[hoja.clave] = leida
    return hojas
