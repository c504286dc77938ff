"""The ``Reporte`` sheet: one row per field (``campo`` | ``valor``), checked against the contract."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reporte_docx.errores import AVISO
from reporte_docx.libro import celdas
from reporte_docx.libro.contrato import Campo, Contrato, clave_de_etiqueta
from reporte_docx.libro.hojas import Fila, HojaLeida, Recolector
from reporte_docx.modelo import ANIO_MINIMO, anio_maximo, anio_valido
from reporte_docx.texto import mas_parecido, quiso_decir


@dataclass
class CamposLeidos:
    """The typed value of every field (``None`` when missing or wrong) and the row each came from."""

    valores: dict[str, Any] = field(default_factory=dict)
    filas: dict[str, Fila] = field(default_factory=dict)
    #: How messages name each field, by key: as the workbook names its fields, by their
    #: label in the report («PROGRAMA PRESUPUESTARIO», as ``libro-nuevo`` writes them) or
    #: by their key (older workbooks).
    nombres: dict[str, str] = field(default_factory=dict)

    def nombre(self, clave: str) -> str:
        """How a message names the field *clave* (its key when the sheet was not read)."""
        return self.nombres.get(clave, clave)


def _entero_o(codigo: str, explicacion: str) -> Callable[[object], int]:
    def convertir(valor: object) -> int:
        try:
            return celdas.entero(valor)
        except celdas.ValorInvalido:
            raise celdas.ValorInvalido(codigo, explicacion) from None

    return convertir


def _conversor(campo: Campo) -> Callable[[Any], Any]:
    if campo.tipo == "trimestre":
        return celdas.trimestre
    if campo.tipo == "ejercicio":
        return _entero_o(
            "ejercicio-invalido", "no es un año; escriba el año con 4 cifras (p. ej. 2023)"
        )
    if campo.tipo == "numero":
        return celdas.numero
    if campo.tipo == "calendario":
        return celdas.calendario
    return celdas.texto


def _fuera_de_limites(campo: Campo, valor: Any) -> tuple[str, str] | None:
    """(code, message) when *valor* breaks the rule of its field's type."""
    if campo.tipo == "trimestre" and not 1 <= valor <= 4:
        return "trimestre-fuera", f"«{valor}» no es un trimestre; escriba 1, 2, 3 o 4"
    if campo.tipo == "ejercicio" and not anio_valido(valor):
        return (
            "ejercicio-invalido",
            f"«{valor}» no parece el año del ejercicio; escriba el año con 4 cifras, entre "
            f"{ANIO_MINIMO} y {anio_maximo()} (p. ej. 2023)",
        )
    if campo.tipo == "numero" and valor < 0:
        return "numero-negativo", f"«{valor}» no puede ser negativo (escriba 0 o más)"
    return None


def _por_rotulo(hoja: HojaLeida, contrato: Contrato) -> bool:
    """Whether the fields of *hoja* are named by their labels more than by their keys."""
    rotulos = claves = 0
    for fila in hoja.filas:
        escrito = clave_de_etiqueta(fila.valores.get("campo"))
        campo = contrato.campo_escrito(escrito)
        if campo is not None:
            claves += escrito == clave_de_etiqueta(campo.clave)
            rotulos += escrito == clave_de_etiqueta(campo.rotulo)
    return rotulos > claves


def _filas_por_campo(
    hoja: HojaLeida, contrato: Contrato, r: Recolector
) -> tuple[dict[str, Fila], dict[str, Fila]]:
    """(rows of known fields, rows of unknown names as written)."""
    filas: dict[str, Fila] = {}
    desconocidos: dict[str, Fila] = {}
    donde: dict[str, Any] = {"hoja": hoja.nombre, "columna": hoja.encabezados["campo"]}
    for fila in hoja.filas:
        escrito = celdas.texto(fila.valores.get("campo"))
        campo = contrato.campo_escrito(escrito)
        if campo is not None:
            clave = campo.clave
            if clave in filas:
                r.agregar(
                    "campo-repetido",
                    f"el campo «{escrito}» ya aparece en la fila {filas[clave].numero}; "
                    "deje sólo uno",
                    fila=fila.numero,
                    valor=escrito,
                    **donde,
                )
            filas[clave] = fila
        elif escrito:
            desconocidos[escrito] = fila
        elif celdas.texto(fila.valores.get("valor")):
            r.agregar(
                "campo-vacio",
                f"hay un valor sin el nombre de su campo en la columna «{donde['columna']}»",
                fila=fila.numero,
                **donde,
            )
    return filas, desconocidos


def _revisar_desconocidos(
    hoja: HojaLeida,
    contrato: Contrato,
    leidos: CamposLeidos,
    desconocidos: dict[str, Fila],
    r: Recolector,
) -> None:
    faltan = {leidos.nombre(c.clave): c for c in contrato.campos if c.clave not in leidos.filas}
    for escrito, fila in desconocidos.items():
        parecido = mas_parecido(escrito, list(faltan))
        donde = hoja.donde(fila, "campo")
        if parecido and not faltan[parecido].obligatorio:
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


def _que(campo: Campo, fila: Fila) -> str:
    """«el valor de «PROGRAMA PRESUPUESTARIO»», with the field's description when it says more."""
    escrito = celdas.texto(fila.valores.get("campo"))
    que = f"el valor de «{escrito}»"
    if clave_de_etiqueta(campo.descripcion) != clave_de_etiqueta(escrito):
        que += f" — {campo.descripcion}"
    return que


def _valor(campo: Campo, hoja: HojaLeida, fila: Fila, r: Recolector) -> Any:
    valor = r.celda(
        hoja, fila, "valor", _conversor(campo), campo.obligatorio, que=_que(campo, fila)
    )
    if valor is None:
        return None
    if isinstance(valor, str):
        return celdas.con_enlace(valor, fila.enlaces.get("valor"))
    if fuera := _fuera_de_limites(campo, valor):
        r.agregar(*fuera, valor=str(valor), **hoja.donde(fila, "valor"))
        return None
    return valor


def leer_reporte(hoja: HojaLeida, contrato: Contrato, r: Recolector) -> CamposLeidos:
    """Every field of the contract, typed and checked; unknown or repeated names reported."""
    filas, desconocidos = _filas_por_campo(hoja, contrato, r)
    por_rotulo = _por_rotulo(hoja, contrato)
    leidos = CamposLeidos(
        filas=filas,
        nombres={c.clave: c.rotulo if por_rotulo else c.clave for c in contrato.campos},
    )
    _revisar_desconocidos(hoja, contrato, leidos, desconocidos, r)
    for campo in contrato.campos:
        fila = filas.get(campo.clave)
        if fila is not None:
            leidos.valores[campo.clave] = _valor(campo, hoja, fila, r)
            continue
        leidos.valores[campo.clave] = None
        if campo.obligatorio:
            r.agregar(
                "campo-falta",
                f"falta la fila del campo «{leidos.nombre(campo.clave)}» ({campo.descripcion}) en la "
                f"columna «{hoja.encabezados['campo']}»"
                f"{quiso_decir(leidos.nombre(campo.clave), list(desconocidos))}",
                hoja=hoja.nombre,
            )
    return leidos
