"""The report as plain data.

These dataclasses are the heart of the pipeline (workbook → model → template
context → document). They do no I/O and know nothing of Excel or Word, so a
program can build a :class:`Reporte` in code and hand it to
:func:`reporte_docx.renderizar_reporte`.

Types are checked when a value is built (``Evento(None, "x")`` is a
:class:`TypeError` naming ``Evento.fecha``, a path may be given as ``str``);
the report's own rules — what the workbook's reader also requires — are
:func:`validar_reporte`'s, which returns findings instead of raising.
:meth:`Reporte.como_dict` and :meth:`Reporte.desde_dict` turn a report into
JSON-compatible data and back (dates as ISO ``"2023-05-31"``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from reporte_docx.errores import AVISO, ERROR, Codigo, Hallazgo
from reporte_docx.formato import fecha_corta, fechas_del_trimestre, periodo_en_palabras
from reporte_docx.texto import normalizar_nombre

Numero = int | float | Decimal

#: The one rule for the year of a report (``ejercicio``), for a workbook and for a model
#: built in code alike: from 2000 (no report of this kind is older) to next year (a
#: report prepared ahead). Anything else is a typo (``203``, ``20233``) or a wrong cell.
ANIO_MINIMO = 2000
ANIOS_ADELANTE = 1


def anio_maximo() -> int:
    """The latest year a report may be for: next year."""
    return dt.date.today().year + ANIOS_ADELANTE


def anio_valido(anio: int) -> bool:
    """Whether *anio* is a plausible ``ejercicio`` (:data:`ANIO_MINIMO` to next year)."""
    return ANIO_MINIMO <= anio <= anio_maximo()


# -- type checks on construction (a programmer's mistake is a TypeError) ----------


def _texto(objeto: object, campo: str, opcional: bool = False) -> None:
    """A text field; an optional one (default ``""``) given as ``None`` is left blank."""
    valor = getattr(objeto, campo)
    if valor is None and opcional:
        setattr(objeto, campo, "")
    elif not isinstance(valor, str):
        raise TypeError(
            f"{type(objeto).__name__}.{campo}: se esperaba un texto (str), no "
            f"{type(valor).__name__} {valor!r}"
        )


def _fecha(objeto: object, campo: str) -> None:
    valor = getattr(objeto, campo)
    if not isinstance(valor, dt.date):
        pista = f"; use datetime.date.fromisoformat({valor!r})" if isinstance(valor, str) else ""
        raise TypeError(
            f"{type(objeto).__name__}.{campo}: se esperaba una fecha (datetime.date), no "
            f"{type(valor).__name__} {valor!r}{pista}"
        )


def _entero(objeto: object, campo: str) -> None:
    valor = getattr(objeto, campo)
    if isinstance(valor, bool) or not isinstance(valor, int):
        raise TypeError(
            f"{type(objeto).__name__}.{campo}: se esperaba un entero (int), no "
            f"{type(valor).__name__} {valor!r}"
        )


def _numero(objeto: object, campo: str) -> None:
    valor = getattr(objeto, campo)
    if isinstance(valor, bool) or not isinstance(valor, (int, float, Decimal)):
        raise TypeError(
            f"{type(objeto).__name__}.{campo}: se esperaba un número, no "
            f"{type(valor).__name__} {valor!r}"
        )


def _lista(objeto: object, campo: str, clase: type) -> None:
    valor = getattr(objeto, campo)
    if not isinstance(valor, list) or not all(isinstance(v, clase) for v in valor):
        raise TypeError(
            f"{type(objeto).__name__}.{campo}: se esperaba una lista de {clase.__name__}"
        )


@dataclass(frozen=True)
class ImagenDelLibro:
    """A picture pasted into the workbook: read from the workbook's zip, not from a file.

    *parte* is the zip member (``xl/media/image1.png``); *hoja*, *fila* and
    *columna* (a letter) say where the picture sits, so that a bad one is
    reported where it can be fixed.
    """

    libro: Path
    parte: str
    hoja: str = ""
    fila: int = 0
    columna: str = ""

    @property
    def celda(self) -> str:
        return f"{self.columna}{self.fila}"

    def __str__(self) -> str:
        return f"imagen pegada en {self.hoja}!{self.celda}" if self.hoja else self.parte


@dataclass
class Fotografia:
    """One evidence photo of an activity (``archivo`` may be given as ``str``)."""

    #: The photo's file. For a picture pasted in the workbook, the workbook's path
    #: followed by the part (``reporte.xlsx/xl/media/image1.png``): a name that
    #: tells photos apart, not a file on disk; :attr:`pegada` says where to read it.
    archivo: Path
    pie: str = ""
    #: Row of the ``Fotografias`` sheet it came from, so that a bad photo can be
    #: reported where the user can fix it. ``None`` when built in code.
    fila: int | None = None
    #: Sheet and column of that row as the workbook writes them (``None`` when built in code).
    hoja: str | None = None
    columna: str | None = None
    #: Width and height in pixels as seen (EXIF rotation applied), kept when the
    #: workbook is read so that the layout does not open the file again. ``None``:
    #: not measured yet (a photo built in code is measured when rendered).
    medidas: tuple[int, int] | None = field(default=None, compare=False, repr=False)
    #: Set when the photo was pasted into the workbook instead of given as a file.
    pegada: ImagenDelLibro | None = None
    #: The path as written in the workbook, which messages show (``None`` when built in code).
    escrito: str | None = field(default=None, compare=False)
    #: Must not be published: the public version shows a grey box in its place
    #: (column «Reservada» of Fotografías), with *fundamento* as its legal basis.
    reservada: bool = False
    fundamento: str = ""

    @property
    def origen(self) -> Path | ImagenDelLibro:
        """Where the photo's bytes are: its file, or a part of the workbook."""
        return self.pegada or self.archivo

    @classmethod
    def del_libro(
        cls, imagen: ImagenDelLibro, pie: str = "", fila: int | None = None
    ) -> Fotografia:
        """A photo pasted into the workbook."""
        return cls(imagen.libro / imagen.parte, pie, fila, pegada=imagen)

    def __post_init__(self) -> None:
        if isinstance(self.archivo, str):  # "" too: the rules say «falta la ruta», located
            self.archivo = Path(self.archivo)
        if not isinstance(self.archivo, os.PathLike):
            raise TypeError(
                f"Fotografia.archivo: se esperaba la ruta de la foto (str o Path), no "
                f"{type(self.archivo).__name__} {self.archivo!r}"
            )
        self.archivo = Path(self.archivo)
        _texto(self, "pie", opcional=True)
        _texto(self, "fundamento", opcional=True)
        if not isinstance(self.reservada, bool):
            raise TypeError(
                f"Fotografia.reservada: se esperaba True o False, no "
                f"{type(self.reservada).__name__} {self.reservada!r}"
            )


@dataclass
class Evento:
    """One row of a ``Fecha | Evento`` table."""

    fecha: dt.date
    evento: str
    #: Row of the «Eventos» sheet it came from (``None`` when built in code): where
    #: ``incorporar`` writes back what was corrected in Word.
    fila: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        _fecha(self, "fecha")
        _texto(self, "evento")


@dataclass
class TablaEventos:
    """A titled ``Fecha | Evento`` table shown under an activity's photos."""

    titulo: str
    eventos: list[Evento] = field(default_factory=list)

    def __post_init__(self) -> None:
        _texto(self, "titulo")
        _lista(self, "eventos", Evento)


@dataclass
class Actividad:
    """One activity: becomes one sheet ("ficha") of the report."""

    id: str
    nombre: str
    fecha: dt.date
    lugar: str
    descripcion: str
    #: Empty means "use the report's default objective" (:attr:`Reporte.objetivo`).
    objetivo: str = ""
    fotografias: list[Fotografia] = field(default_factory=list)
    tablas: list[TablaEventos] = field(default_factory=list)
    #: Last day when the activity lasted several days (``fecha`` is then the first).
    fecha_fin: dt.date | None = None
    #: Address of the link the LUGAR cell holds (a videoconference, a map), if any.
    lugar_enlace: str | None = None

    def __post_init__(self) -> None:
        for campo in ("id", "nombre", "lugar", "descripcion"):
            _texto(self, campo)
        _texto(self, "objetivo", opcional=True)
        _fecha(self, "fecha")
        if self.fecha_fin is not None:
            _fecha(self, "fecha_fin")
        if self.lugar_enlace is not None:
            _texto(self, "lugar_enlace")
        _lista(self, "fotografias", Fotografia)
        _lista(self, "tablas", TablaEventos)


@dataclass
class Testado:
    """One text the public version removes (sheet «Testado»): a name, an address, a case number.

    *fundamento* is its legal basis, *descripcion* what kind of datum it is said
    generically («Nombre de persona física»): the public version's closing
    legend shows those two and never *texto*.
    """

    texto: str
    fundamento: str
    descripcion: str = ""
    #: Row of the «Testado» sheet it came from (``None`` when built in code).
    fila: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        _texto(self, "texto")
        _texto(self, "fundamento", opcional=True)
        _texto(self, "descripcion", opcional=True)


@dataclass
class Firma:
    """One column of the signature block: rol (Elaboró, Revisó, Autorizó…), name and post."""

    rol: str
    nombre: str
    cargo: str
    #: Row of the «Firmas» sheet it came from (``None`` when built in code).
    fila: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        for campo in ("rol", "nombre", "cargo"):
            _texto(self, campo)


#: Heading fields a report is not complete without; the rest may be left blank (or None).
CAMPOS_OBLIGATORIOS = ("dependencia", "titulo")
#: Text fields of the report's heading, in the workbook's order.
CAMPOS_DE_TEXTO = (
    "dependencia",
    "titulo",
    "programa_presupuestario",
    "unidad_responsable_programa",
    "unidad_responsable_fuente",
    "nivel_objetivo",
    "indicador",
    "descripcion_avance",
    "variable_programada",
    "variable_realizada",
    "justificacion",
    "objetivo",
)


@dataclass
class Reporte:
    """The whole quarterly report: heading, indicator table, activities and signatures."""

    dependencia: str
    titulo: str
    ejercicio: int
    trimestre: int
    programa_presupuestario: str = ""
    unidad_responsable_programa: str = ""
    unidad_responsable_fuente: str = ""
    nivel_objetivo: str = ""
    indicador: str = ""
    descripcion_avance: str = ""
    variable_programada: str = ""
    variable_realizada: str = ""
    programadas: Numero = 0
    realizadas: Numero = 0
    justificacion: str = ""
    #: Default objective of every activity that leaves its own blank.
    objetivo: str = ""
    actividades: list[Actividad] = field(default_factory=list)
    firmas: list[Firma] = field(default_factory=list)
    #: What the public version removes (sheet «Testado»); the ordinary report ignores it.
    testado: list[Testado] = field(default_factory=list)

    def __post_init__(self) -> None:
        for campo in CAMPOS_DE_TEXTO:
            _texto(self, campo, opcional=campo not in CAMPOS_OBLIGATORIOS)
        _entero(self, "ejercicio")
        _entero(self, "trimestre")
        _numero(self, "programadas")
        _numero(self, "realizadas")
        _lista(self, "actividades", Actividad)
        _lista(self, "firmas", Firma)
        _lista(self, "testado", Testado)

    @property
    def avance(self) -> float | None:
        """Realized over programmed (1.0 is 100 %); ``None`` when nothing was programmed."""
        if not self.programadas:
            return None
        return float(self.realizadas) / float(self.programadas)

    @property
    def elaboro(self) -> str:
        """Who made the report: the name of the «Elaboró» signature, else of the first one.

        The document's author (``dc:creator``) and last editor are this name, so that
        Word's «Información», a file browser and a transparency portal's metadata say
        who made it rather than the program; empty when there is no signature.
        """
        for firma in self.firmas:
            if normalizar_nombre(firma.rol) in ("elaboro", "elaborado_por", "elaboro_por"):
                return firma.nombre
        return self.firmas[0].nombre if self.firmas else ""

    @property
    def periodo_en_palabras(self) -> str:
        """The period reported as the heading says it: ``SEGUNDO TRIMESTRE ABRIL - JUNIO 2023``
        (a year's report: ``ENERO - DICIEMBRE 2023``); also the document's subject."""
        return periodo_en_palabras(self.trimestre, self.ejercicio)

    def fechas_del_periodo(self) -> tuple[dt.date, dt.date]:
        """First and last day of the period reported: the quarter's (a year's report, the year's)."""
        return fechas_del_trimestre(self.trimestre, self.ejercicio)

    def objetivo_de(self, actividad: Actividad) -> str:
        """The objective shown for *actividad*: its own, or the report's default."""
        return actividad.objetivo.strip() or self.objetivo

    @property
    def fotografias(self) -> list[Fotografia]:
        """Every photo of every activity, in document order."""
        return [f for a in self.actividades for f in a.fotografias]

    def como_dict(self) -> dict[str, Any]:
        """The report as JSON-compatible data: dates as ISO text, paths as text.

        A :class:`~decimal.Decimal` count is written as text (``"2.5"``) so that it
        comes back exact. :meth:`desde_dict` reads it back.
        """
        datos: dict[str, Any] = a_dict(self)
        return datos

    @classmethod
    def desde_dict(cls, datos: Mapping[str, Any]) -> Reporte:
        """A report from data shaped like :meth:`como_dict` gives (e.g. parsed JSON).

        Dates may be ``datetime.date`` or ISO text; photo paths ``str`` or ``Path``.
        Raises :class:`ValueError` naming the field for an unknown or missing key or
        an unreadable date or number, :class:`TypeError` for a value of the wrong type.
        """
        return _reporte_de(datos)


@dataclass
class Lectura:
    """What reading a workbook gives: the report (if it could be built) and every finding."""

    reporte: Reporte | None
    hallazgos: list[Hallazgo]
    #: Photos pasted into the workbook, by activity id (also when the workbook has errors).
    pegadas: dict[str, list[Fotografia]] = field(default_factory=dict)

    @property
    def errores(self) -> list[Hallazgo]:
        return [h for h in self.hallazgos if h.es_error]

    @property
    def avisos(self) -> list[Hallazgo]:
        return [h for h in self.hallazgos if not h.es_error]


# -- to and from JSON-compatible data ---------------------------------------------


def a_dict(objeto: object) -> Any:
    """A model value as JSON-compatible data (see :meth:`Reporte.como_dict`)."""
    if isinstance(objeto, ImagenDelLibro):
        return {f.name: a_dict(getattr(objeto, f.name)) for f in fields(objeto)}
    if isinstance(objeto, (Reporte, Actividad, Fotografia, Evento, TablaEventos, Firma, Testado)):
        # the fields that make the report (not caches such as a photo's measured size)
        return {f.name: a_dict(getattr(objeto, f.name)) for f in fields(objeto) if f.compare}
    if isinstance(objeto, list):
        return [a_dict(v) for v in objeto]
    if isinstance(objeto, dt.date):
        return objeto.isoformat()
    if isinstance(objeto, Path):
        return objeto.as_posix()
    if isinstance(objeto, Decimal):
        return str(objeto)
    return objeto


def _claves(datos: Mapping[str, Any], clase: type, donde: str) -> dict[str, Any]:
    """*datos* as keyword arguments of *clase*, refusing unknown keys by name."""
    if not isinstance(datos, Mapping):
        raise TypeError(f"{donde}: se esperaba un diccionario, no {type(datos).__name__}")
    conocidas = {f.name for f in fields(clase)}
    if extra := sorted(set(datos) - conocidas):
        raise ValueError(f"{donde}: claves desconocidas {extra} (válidas: {sorted(conocidas)})")
    return dict(datos)


def _fecha_de(valor: Any, donde: str) -> Any:
    if isinstance(valor, str):
        try:
            return dt.date.fromisoformat(valor)
        except ValueError:
            raise ValueError(f"{donde}: «{valor}» no es una fecha ISO (aaaa-mm-dd)") from None
    return valor


def _numero_de(valor: Any, donde: str) -> Any:
    if isinstance(valor, str):
        try:
            return Decimal(valor)
        except InvalidOperation:
            raise ValueError(f"{donde}: «{valor}» no es un número") from None
    return valor


def _lista_de(datos: Mapping[str, Any], campo: str, donde: str) -> list[Any]:
    """The list under *campo* (absent: empty); anything else is refused by name.

    Iterating whatever came would blame the wrong place: a string's letters would
    be reported as ``fotografias[0]`` and ``None`` as Python's «not iterable».
    """
    valor = datos.get(campo, [])
    if not isinstance(valor, (list, tuple)):
        raise TypeError(f"{donde}.{campo}: se esperaba una lista, no {type(valor).__name__}")
    return list(valor)


def _construir(clase: type, datos: dict[str, Any], donde: str) -> Any:
    """``clase(**datos)``, with every mistake named by its place in the data (*donde*).

    Missing keys are checked here rather than left to Python's English «missing
    required positional argument»; the type checks of ``__post_init__`` name the
    class (``Firma.rol``), which is replaced by the path with its indexes.
    """
    faltan = [
        f.name
        for f in fields(clase)
        if f.init and f.default is MISSING and f.default_factory is MISSING and f.name not in datos
    ]
    if len(faltan) == 1:
        raise ValueError(f"{donde}.{faltan[0]}: falta (es obligatorio)")
    if faltan:
        raise ValueError(f"{donde}: faltan {', '.join(faltan)} (son obligatorios)")
    try:
        return clase(**datos)
    except TypeError as e:
        prefijo = f"{clase.__name__}."
        if str(e).startswith(prefijo):
            raise TypeError(f"{donde}.{str(e)[len(prefijo) :]}") from None
        raise


def _foto_de(datos: Mapping[str, Any], donde: str) -> Fotografia:
    d = _claves(datos, Fotografia, donde)
    if d.get("pegada") is not None:
        pegada = _claves(d["pegada"], ImagenDelLibro, f"{donde}.pegada")
        pegada["libro"] = Path(pegada.get("libro", ""))
        d["pegada"] = _construir(ImagenDelLibro, pegada, f"{donde}.pegada")
    return _construir(Fotografia, d, donde)  # type: ignore[no-any-return]


def _actividad_de(datos: Mapping[str, Any], donde: str) -> Actividad:
    d = _claves(datos, Actividad, donde)
    for campo in ("fecha", "fecha_fin"):
        if d.get(campo) is not None:
            d[campo] = _fecha_de(d[campo], f"{donde}.{campo}")
    d["fotografias"] = [
        _foto_de(f, f"{donde}.fotografias[{i}]")
        for i, f in enumerate(_lista_de(d, "fotografias", donde))
    ]
    tablas = []
    for i, t in enumerate(_lista_de(d, "tablas", donde)):
        dt_ = _claves(t, TablaEventos, f"{donde}.tablas[{i}]")
        eventos = []
        for j, e in enumerate(_lista_de(dt_, "eventos", f"{donde}.tablas[{i}]")):
            de = _claves(e, Evento, f"{donde}.tablas[{i}].eventos[{j}]")
            if "fecha" in de:
                de["fecha"] = _fecha_de(de["fecha"], f"{donde}.tablas[{i}].eventos[{j}].fecha")
            eventos.append(_construir(Evento, de, f"{donde}.tablas[{i}].eventos[{j}]"))
        dt_["eventos"] = eventos
        tablas.append(_construir(TablaEventos, dt_, f"{donde}.tablas[{i}]"))
    d["tablas"] = tablas
    return _construir(Actividad, d, donde)  # type: ignore[no-any-return]


def _reporte_de(datos: Mapping[str, Any]) -> Reporte:
    d = _claves(datos, Reporte, "Reporte")
    for campo in ("programadas", "realizadas"):
        if campo in d:
            d[campo] = _numero_de(d[campo], f"Reporte.{campo}")
    d["actividades"] = [
        _actividad_de(a, f"Reporte.actividades[{i}]")
        for i, a in enumerate(_lista_de(d, "actividades", "Reporte"))
    ]
    d["firmas"] = [
        _construir(Firma, _claves(f, Firma, f"Reporte.firmas[{i}]"), f"Reporte.firmas[{i}]")
        for i, f in enumerate(_lista_de(d, "firmas", "Reporte"))
    ]
    d["testado"] = [
        _construir(Testado, _claves(t, Testado, f"Reporte.testado[{i}]"), f"Reporte.testado[{i}]")
        for i, t in enumerate(_lista_de(d, "testado", "Reporte"))
    ]
    return _construir(Reporte, d, "Reporte")  # type: ignore[no-any-return]


# -- the report's own rules (the workbook's reader applies the same ones) -----------


def en_el_modelo(hallazgos: list[Hallazgo], reporte: Reporte) -> list[Hallazgo]:
    """Findings about photos of a model built in code, said in the model's terms.

    A photo without a workbook row is named by the path the program gave
    (:attr:`Hallazgo.ruta` or :attr:`~Hallazgo.valor`); here each such finding
    also gets, as data, the activity id and the photo's index in it, and its
    place as ``Reporte.actividades[i].fotografias[j]``. Others pass unchanged.
    """
    donde = {
        str(f.archivo): (a.id, j, i)
        for i, a in reversed(list(enumerate(reporte.actividades)))
        for j, f in reversed(list(enumerate(a.fotografias)))
    }
    salida = []
    for h in hallazgos:
        ruta = h.ruta or h.valor
        if h.fila is None and ruta in donde:
            ident, j, i = donde[ruta]
            lugar = f"Reporte.actividades[{i}].fotografias[{j}]"
            h = replace(h, actividad=ident, foto=j, lugar=lugar, ruta=ruta, valor=ruta)
        salida.append(h)
    return salida


def _h(codigo: str, mensaje: str, lugar: str, severidad: str = ERROR, **datos: Any) -> Hallazgo:
    return Hallazgo(codigo, mensaje, severidad, lugar=lugar, **datos)


def _reglas_del_encabezado(r: Reporte) -> list[Hallazgo]:
    hallazgos = []
    if not 1 <= r.trimestre <= 4:
        hallazgos.append(
            _h(
                Codigo.TRIMESTRE_FUERA,
                f"el trimestre «{r.trimestre}» debe ser 1, 2, 3 o 4",
                "Reporte.trimestre",
            )
        )
    if not anio_valido(r.ejercicio):
        hallazgos.append(
            _h(
                Codigo.EJERCICIO_INVALIDO,
                f"el ejercicio «{r.ejercicio}» no es un año plausible (de {ANIO_MINIMO} "
                f"a {anio_maximo()})",
                "Reporte.ejercicio",
            )
        )
    for campo in CAMPOS_DE_TEXTO:
        if campo in ("justificacion", "objetivo") or getattr(r, campo).strip():
            continue
        grave = campo in CAMPOS_OBLIGATORIOS
        hallazgos.append(
            _h(
                Codigo.CAMPO_VACIO,
                f"el campo «{campo}» está vacío"
                + ("" if grave else "; el documento lo mostrará en blanco"),
                f"Reporte.{campo}",
                ERROR if grave else AVISO,
            )
        )
    for campo in ("programadas", "realizadas"):
        if getattr(r, campo) < 0:
            hallazgos.append(
                _h(Codigo.NUMERO_NEGATIVO, f"«{campo}» no puede ser negativo", f"Reporte.{campo}")
            )
    if r.programadas != r.realizadas and not r.justificacion.strip():
        hallazgos.append(
            _h(
                Codigo.FALTA_JUSTIFICACION,
                f"lo realizado ({r.realizadas}) difiere de lo programado ({r.programadas}); "
                "escriba la justificación de la variación",
                "Reporte.justificacion",
            )
        )
    if not r.actividades:
        hallazgos.append(
            _h(Codigo.SIN_ACTIVIDADES, "no tiene ninguna actividad", "Reporte.actividades")
        )
    if not r.firmas:
        hallazgos.append(_h(Codigo.SIN_FIRMAS, "no tiene ninguna firma", "Reporte.firmas"))
    return hallazgos


def _reglas_de_actividad(r: Reporte, i: int, a: Actividad, vistos: set[str]) -> list[Hallazgo]:
    donde = f"Reporte.actividades[{i}]"
    hallazgos = []
    if a.id.strip() and a.id in vistos:
        hallazgos.append(
            _h(
                Codigo.ID_REPETIDO,
                f"el id «{a.id}» ya se usó en otra actividad; "
                "cada actividad necesita un id distinto",
                f"{donde}.id",
                actividad=a.id,
            )
        )
    vistos.add(a.id)
    for campo in ("id", "nombre", "lugar", "descripcion"):
        if not getattr(a, campo).strip():
            hallazgos.append(
                _h(
                    Codigo.CAMPO_VACIO,
                    f"el campo «{campo}» de la actividad está vacío",
                    f"{donde}.{campo}",
                    actividad=a.id or None,
                )
            )
    hallazgos.extend(_fecha_en_el_trimestre(r, a, donde))
    if not a.fotografias:
        hallazgos.append(
            _h(
                Codigo.ACTIVIDAD_SIN_FOTOS,
                f"la actividad «{a.id}» no tiene fotografías",
                f"{donde}.fotografias",
                AVISO,
                actividad=a.id,
            )
        )
    if not r.objetivo_de(a):
        hallazgos.append(
            _h(
                Codigo.OBJETIVO_VACIO,
                "la actividad no tiene objetivo y Reporte.objetivo también está vacío",
                f"{donde}.objetivo",
                AVISO,
                actividad=a.id,
            )
        )
    return hallazgos + _reglas_de_fotos_y_tablas(a, donde)


def fuera_del_trimestre(
    fecha: dt.date, fecha_fin: dt.date | None, inicio: dt.date, fin: dt.date
) -> tuple[str, str]:
    """The warning's message and value for an activity outside the quarter *inicio*–*fin*.

    One wording for the workbook's reader (``libro/reglas.py``) and the model's
    rules, so that both say the same mistake the same way.
    """
    escrito = fecha_corta(fecha) + (f" a {fecha_corta(fecha_fin)}" if fecha_fin else "")
    cual = (
        f"el periodo del {fecha_corta(fecha)} al {fecha_corta(fecha_fin)} sale"
        if fecha_fin
        else f"la fecha {escrito} está fuera"
    )
    trimestre = f"({fecha_corta(inicio)} a {fecha_corta(fin)})"
    return f"{cual} del trimestre reportado {trimestre}", escrito


def _fecha_en_el_trimestre(r: Reporte, a: Actividad, donde: str) -> list[Hallazgo]:
    """The workbook's warning for an activity (any of its days) outside the quarter.

    Judged only when the quarter and year are themselves valid, as the workbook
    does: against an implausible year every date would be flagged too.
    """
    if not (1 <= r.trimestre <= 4 and anio_valido(r.ejercicio)):
        return []
    inicio, fin = r.fechas_del_periodo()
    if inicio <= a.fecha and (a.fecha_fin or a.fecha) <= fin:
        return []
    mensaje, escrito = fuera_del_trimestre(a.fecha, a.fecha_fin, inicio, fin)
    lugar = f"{donde}.fecha"
    return [
        _h(Codigo.FECHA_FUERA_DE_TRIMESTRE, mensaje, lugar, AVISO, actividad=a.id, valor=escrito)
    ]


def _reglas_de_fotos_y_tablas(a: Actividad, donde: str) -> list[Hallazgo]:
    hallazgos = []
    for j, f in enumerate(a.fotografias):
        if f.archivo == Path() or not f.archivo.name:
            hallazgos.append(
                _h(
                    Codigo.CAMPO_VACIO,
                    "falta la ruta del archivo de la foto",
                    f"{donde}.fotografias[{j}].archivo",
                    actividad=a.id,
                    foto=j,
                    ruta=str(f.archivo),
                )
            )
    for j, t in enumerate(a.tablas):
        vacios = [k for k, e in enumerate(t.eventos) if not e.evento.strip()]
        if not t.titulo.strip() or vacios:
            hallazgos.append(
                _h(
                    Codigo.CAMPO_VACIO,
                    "la tabla necesita título y cada evento su texto",
                    f"{donde}.tablas[{j}]",
                    actividad=a.id,
                )
            )
    return hallazgos


def reglas_del_reporte(reporte: Reporte) -> list[Hallazgo]:
    """Every finding of the report's own rules (no file is opened): errors, then warnings.

    The rules are the workbook's: a heading with dependencia and título, a
    quarter 1–4 and a year from :data:`ANIO_MINIMO` to next year, at least one
    activity and one signature, a justification when realizadas ≠ programadas,
    distinct activity ids, no empty activity field; warnings for a date outside
    the quarter, an activity without photos or objective, an empty heading field.
    Findings say where in the model (``lugar``) and, as data, the activity id,
    the photo index and its path.
    """
    hallazgos = _reglas_del_encabezado(reporte)
    vistos: set[str] = set()
    for i, a in enumerate(reporte.actividades):
        hallazgos.extend(_reglas_de_actividad(reporte, i, a, vistos))
    return sorted(hallazgos, key=lambda h: not h.es_error)
