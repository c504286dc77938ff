"""What can go wrong, said in Spanish and in the user's terms, and carried as data.

A :class:`Hallazgo` is one finding about the user's input (a workbook cell, a
photo, a template paragraph, a field of a model built in code) with a stable
:class:`Codigo` and the place to fix it. The exceptions carry findings up to
the caller: the command line prints them, a service can send
:meth:`ErrorReporte.como_dict` as JSON, and a worker process can raise them to
its parent (every exception pickles with its findings).

Mistakes of the *programmer* (an argument of the wrong type, an option out of
range) are :class:`TypeError`/:class:`ValueError`, never these.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from typing import Any


class Severidad(enum.StrEnum):
    """An error stops the report; a warning is worth a look but does not."""

    ERROR = "error"
    AVISO = "aviso"


ERROR = Severidad.ERROR
AVISO = Severidad.AVISO


class Codigo(enum.StrEnum):
    """Every finding code the package produces (stable: programs may compare them).

    A member equals its text (``Codigo.CAMPO_VACIO == "campo-vacio"``), so
    :attr:`Hallazgo.codigo` may be compared with either.
    """

    ACTIVIDAD_NO_EXISTE = "actividad-no-existe"
    ACTIVIDAD_SIN_FOTOS = "actividad-sin-fotos"
    ANUAL_EJERCICIO_DISTINTO = "anual-ejercicio-distinto"
    ANUAL_INDICADOR_DISTINTO = "anual-indicador-distinto"
    ANUAL_TRIMESTRE_FALTA = "anual-trimestre-falta"
    ANUAL_TRIMESTRE_REPETIDO = "anual-trimestre-repetido"
    CALENDARIO_DISTINTO = "calendario-distinto"
    CALENDARIO_INVALIDO = "calendario-invalido"
    CAMPO_FALTA = "campo-falta"
    CAMPO_IGNORADO = "campo-ignorado"
    CAMPO_MAL_ESCRITO = "campo-mal-escrito"
    CAMPO_REPETIDO = "campo-repetido"
    CAMPO_VACIO = "campo-vacio"
    CAMPO_BORRADO = "campo-borrado"
    CAMPO_SIN_CELDA = "campo-sin-celda"
    CANCELADO = "cancelado"
    COMENTARIOS_EN_EL_RESPALDO = "comentarios-en-el-respaldo"
    CELDA_CON_FORMULA_COMPARTIDA = "celda-con-formula-compartida"
    CELDA_CON_IMAGEN = "celda-con-imagen"
    COLUMNAS_FUERA = "columnas-fuera"
    COLUMNA_FALTA = "columna-falta"
    COLUMNA_IGNORADA = "columna-ignorada"
    COLUMNA_MAL_ESCRITA = "columna-mal-escrita"
    COLUMNA_OCULTA = "columna-oculta"
    COLUMNA_REPETIDA = "columna-repetida"
    COLUMNA_SIN_ENCABEZADO = "columna-sin-encabezado"
    DESTINO_EXISTE = "destino-existe"
    DESTINO_INVALIDO = "destino-invalido"
    DOCUMENTO_ABIERTO = "documento-abierto"
    DOCX_ANTIGUO = "docx-antiguo"
    DOCX_CARACTER_PROHIBIDO = "docx-caracter-prohibido"
    DOCX_CELDA_SIN_PARRAFO = "docx-celda-sin-parrafo"
    DOCX_CON_CONTRASENA = "docx-con-contrasena"
    DOCX_CON_MACROS = "docx-con-macros"
    DOCX_DANADO = "docx-danado"
    DOCX_DE_OTRO_LIBRO = "docx-de-otro-libro"
    DOCX_ESTRICTO = "docx-estricto"
    DOCX_ES_PLANTILLA_DE_WORD = "docx-es-plantilla-de-word"
    DOCX_ETIQUETA_SIN_PROCESAR = "docx-etiqueta-sin-procesar"
    DOCX_ID_DIBUJO_REPETIDO = "docx-id-dibujo-repetido"
    DOCX_NO_ES_WORD = "docx-no-es-word"
    DOCX_NO_ES_ZIP = "docx-no-es-zip"
    DOCX_NO_EXISTE = "docx-no-existe"
    DOCX_PARTE_ENORME = "docx-parte-enorme"
    DOCX_PARTE_ILEGIBLE = "docx-parte-ilegible"
    DOCX_PARTE_REPETIDA = "docx-parte-repetida"
    DOCX_RELACION_INDEFINIDA = "docx-relacion-indefinida"
    DOCX_RELACION_REPETIDA = "docx-relacion-repetida"
    DOCX_RELACION_ROTA = "docx-relacion-rota"
    DOCX_SIN_INSTANTANEA = "docx-sin-instantanea"
    DOCX_SIN_TIPO = "docx-sin-tipo"
    DOCX_SIN_TIPOS = "docx-sin-tipos"
    DOCX_TIPO_HUERFANO = "docx-tipo-huerfano"
    DOCX_TIPO_REPETIDO = "docx-tipo-repetido"
    DOCX_XML_MAL_FORMADO = "docx-xml-mal-formado"
    DPI_FUERA = "dpi-fuera"
    EDICION_CONSERVADA = "edicion-conservada"
    EDICION_EN_CONFLICTO = "edicion-en-conflicto"
    EJERCICIO_INVALIDO = "ejercicio-invalido"
    ENLACE_CALCULADO = "enlace-calculado"
    ENTERO_INVALIDO = "entero-invalido"
    FALTA_JUSTIFICACION = "falta-justificacion"
    FECHA_FIN_ANTERIOR = "fecha-fin-anterior"
    FECHA_FIN_DOBLE = "fecha-fin-doble"
    FECHA_FUERA_DE_TRIMESTRE = "fecha-fuera-de-trimestre"
    FECHA_ILEGIBLE = "fecha-ilegible"
    FECHA_INEXISTENTE = "fecha-inexistente"
    FECHA_NUMERO = "fecha-numero"
    FILAS_OCULTAS = "filas-ocultas"
    FIRMA_CERTIFICADO_ILEGIBLE = "firma-certificado-ilegible"
    FIRMA_CERTIFICADO_NO_VIGENTE = "firma-certificado-no-vigente"
    FIRMA_CERTIFICADO_VENCIDO = "firma-certificado-vencido"
    FIRMA_CLAVE_AJENA = "firma-clave-ajena"
    FIRMA_CLAVE_ILEGIBLE = "firma-clave-ilegible"
    FIRMA_CONTRASENA = "firma-contrasena"
    FIRMA_PDF_CIFRADO = "firma-pdf-cifrado"
    FIRMA_PDF_ILEGIBLE = "firma-pdf-ilegible"
    FIRMA_ROTA = "firma-rota"
    FIRMA_SIN_RECUADRO = "firma-sin-recuadro"
    FORMULA_CON_ERROR = "formula-con-error"
    FORMULA_SIN_VALOR = "formula-sin-valor"
    FOTOS_CAMBIADAS_EN_WORD = "fotos-cambiadas-en-word"
    FOTO_DANADA = "foto-danada"
    FOTO_DEMASIADO_GRANDE = "foto-demasiado-grande"
    FOTO_DOBLE = "foto-doble"
    FOTO_ILEGIBLE = "foto-ilegible"
    FOTO_NO_ES_ARCHIVO = "foto-no-es-archivo"
    FOTO_NO_ES_IMAGEN = "foto-no-es-imagen"
    FOTO_NO_EXISTE = "foto-no-existe"
    HOJA_DANADA = "hoja-danada"
    HOJA_FALTA = "hoja-falta"
    HOJA_IGNORADA = "hoja-ignorada"
    HOJA_MAL_ESCRITA = "hoja-mal-escrita"
    HOJA_OCULTA = "hoja-oculta"
    ID_REPETIDO = "id-repetido"
    IMAGEN_RECORTADA = "imagen-recortada"
    IMAGEN_SIN_USAR = "imagen-sin-usar"
    IMAGEN_VINCULADA = "imagen-vinculada"
    LIBRO_ABIERTO = "libro-abierto"
    LIBRO_BOMBA_ZIP = "libro-bomba-zip"
    LIBRO_CON_CONTRASENA = "libro-con-contrasena"
    LIBRO_DANADO = "libro-danado"
    LIBRO_AJENO = "libro-ajeno"
    LIBRO_ES_BLOQUEO = "libro-es-bloqueo"
    LIBRO_ES_CARPETA = "libro-es-carpeta"
    LIBRO_ILEGIBLE = "libro-ilegible"
    LIBRO_NO_EXISTE = "libro-no-existe"
    LIBRO_NO_XLSX = "libro-no-xlsx"
    LIBRO_ODS = "libro-ods"
    LIBRO_SIN_PERMISO = "libro-sin-permiso"
    LIBRO_VACIO = "libro-vacio"
    LIBRO_XLS = "libro-xls"
    LIBRO_XLSB = "libro-xlsb"
    LIBRO_XML_PELIGROSO = "libro-xml-peligroso"
    NUMERO_INVALIDO = "numero-invalido"
    NUMERO_NEGATIVO = "numero-negativo"
    OBJETIVO_VACIO = "objetivo-vacio"
    PLANTILLA_BLOQUE = "plantilla-bloque"
    PLANTILLA_BLOQUE_NIVELES = "plantilla-bloque-niveles"
    PLANTILLA_CAMBIOS_CONTROLADOS = "plantilla-cambios-controlados"
    PLANTILLA_CAMBIOS_PENDIENTES = "plantilla-cambios-pendientes"
    PLANTILLA_CIERRE_SUELTO = "plantilla-cierre-suelto"
    PLANTILLA_DANADA = "plantilla-danada"
    PLANTILLA_ENORME = "plantilla-enorme"
    PLANTILLA_ETIQUETA_ABIERTA = "plantilla-etiqueta-abierta"
    PLANTILLA_ETIQUETA_PARTIDA = "plantilla-etiqueta-partida"
    PLANTILLA_FILTRO = "plantilla-filtro"
    PLANTILLA_FIRMAS_SIN_ESTILO = "plantilla-firmas-sin-estilo"
    PLANTILLA_INCLUIR = "plantilla-incluir"
    PLANTILLA_INTERNO = "plantilla-interno"
    PLANTILLA_LISTA = "plantilla-lista"
    PLANTILLA_PARCIAL = "plantilla-parcial"
    PLANTILLA_PREFIJO_DOBLE = "plantilla-prefijo-doble"
    PLANTILLA_PREFIJO_FUERA = "plantilla-prefijo-fuera"
    PLANTILLA_PREFIJO_TABLA = "plantilla-prefijo-tabla"
    PLANTILLA_RENDER = "plantilla-render"
    PLANTILLA_SALTO_EN_ETIQUETA = "plantilla-salto-en-etiqueta"
    PLANTILLA_SINTAXIS = "plantilla-sintaxis"
    PLANTILLA_SIN_DATOS = "plantilla-sin-datos"
    PLANTILLA_TEXTO_PERDIDO = "plantilla-texto-perdido"
    PLANTILLA_TIPO = "plantilla-tipo"
    PLANTILLA_VARIABLE = "plantilla-variable"
    RESERVADA_SIN_FUNDAMENTO = "reservada-sin-fundamento"
    SI_NO_INVALIDO = "si-no-invalido"
    SIN_ACTIVIDADES = "sin-actividades"
    SIN_ENCABEZADOS = "sin-encabezados"
    SIN_FIRMAS = "sin-firmas"
    TESTADO_QUEDA = "testado-queda"
    TESTADO_SIN_PAGINAS = "testado-sin-paginas"
    TESTADO_SIN_USO = "testado-sin-uso"
    TESTADO_VACIO = "testado-vacio"
    TEXTO_FUERA_DE_CAMPO = "texto-fuera-de-campo"
    TEXTO_MUY_LARGO = "texto-muy-largo"
    TRIMESTRE_FUERA = "trimestre-fuera"
    TRIMESTRE_INVALIDO = "trimestre-invalido"
    VARIAS_IMAGENES_EN_FILA = "varias-imagenes-en-fila"
    ZIP_INVALIDO = "zip-invalido"


@dataclass(frozen=True)
class Hallazgo:
    """One problem found in the input, located where the user can fix it.

    Workbook findings say *hoja*, *fila* and *columna*; findings about a model
    built in code say, as data, the *actividad* id, the index of the *foto*
    within it (from 0) and the photo's *ruta*, and *lugar* in words.
    """

    codigo: str
    mensaje: str
    #: A :class:`Severidad` (given as one or as its text ``"error"``/``"aviso"``).
    severidad: str = ERROR
    hoja: str | None = None
    fila: int | None = None
    columna: str | None = None
    valor: str | None = None
    #: For findings outside a workbook: a file, a template paragraph, a model field.
    lugar: str | None = None
    #: Id of the activity the finding is about (models built in code).
    actividad: str | None = None
    #: Index (from 0) of the photo within its activity (models built in code).
    foto: int | None = None
    #: The photo's path as given (models built in code).
    ruta: str | None = None

    def __post_init__(self) -> None:
        # a plain "error"/"aviso" is accepted and stored as the enum; anything else is a bug
        object.__setattr__(self, "severidad", Severidad(self.severidad))

    @property
    def es_error(self) -> bool:
        return self.severidad == ERROR

    @property
    def ubicacion(self) -> str:
        """``«Actividades», fila 3, columna «Fecha»`` (only the parts that are known).

        The sheet's name is quoted like every other name (a sheet may be called «Datos,
        fila 2» or anything else)."""
        partes = []
        if self.lugar:
            partes.append(self.lugar)
        if self.hoja:
            partes.append(f"hoja «{self.hoja}»" if self.fila is None else f"«{self.hoja}»")
        if self.fila is not None:
            partes.append(f"fila {self.fila}")
        if self.columna:
            partes.append(f"columna «{self.columna}»")
        return ", ".join(partes)

    def __str__(self) -> str:
        return f"{self.ubicacion}: {self.mensaje}" if self.ubicacion else self.mensaje

    def como_dict(self) -> dict[str, Any]:
        """The finding as JSON-compatible data (``severidad`` as its text)."""
        datos = asdict(self)
        datos["severidad"] = str(self.severidad)
        return datos

    @classmethod
    def desde_dict(cls, datos: dict[str, Any]) -> Hallazgo:
        """The finding back from :meth:`como_dict` (unknown keys, such as ``texto``, ignored)."""
        conocidos = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in datos.items() if k in conocidos})


def _restaurar(clase: type[ErrorReporte], args: tuple[Any, ...], estado: dict[str, Any]) -> Any:
    """Rebuild an exception unpickled in another process, without running its ``__init__``."""
    error = clase.__new__(clase)
    Exception.__init__(error, *args)
    error.__dict__.update(estado)
    return error


class ErrorReporte(Exception):
    """Base of every error this library reports to a person; its text is Spanish.

    :attr:`hallazgos` lists the findings behind it (possibly none). Every
    subclass pickles with them, so an error raised in a worker of a
    :class:`~concurrent.futures.ProcessPoolExecutor` or
    :class:`multiprocessing.pool.Pool` reaches the parent whole.
    """

    hallazgos: list[Hallazgo]

    def __init__(self, mensaje: str, hallazgos: Iterable[Hallazgo] = ()) -> None:
        self.hallazgos = list(hallazgos)
        super().__init__(mensaje)

    def __reduce__(self) -> tuple[Any, ...]:
        # the default rebuilds with cls(*args), which our __init__ signatures do not take
        return (_restaurar, (type(self), self.args, dict(self.__dict__)))

    @property
    def mensaje(self) -> str:
        return str(self)

    def como_dict(self) -> dict[str, Any]:
        """``{"tipo", "mensaje", "hallazgos"}``, JSON-compatible (for a web service or a log)."""
        return {
            "tipo": type(self).__name__,
            "mensaje": str(self),
            "hallazgos": [h.como_dict() for h in self.hallazgos],
        }


class ErrorDeDatos(ErrorReporte):
    """The input (workbook, photos, or a :class:`Reporte` built in code) has errors."""

    def __init__(self, hallazgos: Iterable[Hallazgo]) -> None:
        hallazgos = list(hallazgos)
        errores = [h for h in hallazgos if h.es_error]
        lineas = "\n".join(f"- {h}" for h in errores)
        cuantos = (
            "Se encontró 1 error" if len(errores) == 1 else f"Se encontraron {len(errores)} errores"
        )
        super().__init__(f"{cuantos} en los datos:\n{lineas}", hallazgos)


class ErrorDePlantilla(ErrorReporte):
    """The Word template cannot be used as it is."""


class ErrorDeSalida(ErrorReporte):
    """The output cannot be written where asked (exists, no permission…)."""


class ErrorDeFirma(ErrorReporte):
    """The PDF cannot be signed as asked: the e.firma files, their password or the PDF."""


class ErrorInterno(ErrorReporte):
    """The generated document failed the library's own check: a bug, never the user's fault."""


class Cancelado(ErrorReporte):
    """The caller cancelled the generation; nothing was written."""

    def __init__(self, mensaje: str = "se canceló la generación; no se escribió nada") -> None:
        super().__init__(mensaje, [Hallazgo(Codigo.CANCELADO, mensaje, AVISO)])
