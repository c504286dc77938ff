"""The public version's model: every listed text replaced by a numbered mark, before rendering.

The «Testado» sheet lists what must not be published; here a copy of the
:class:`~reporte_docx.modelo.Reporte` is made in which every occurrence of
each text, in every field, caption, event, title, place and signature, is
replaced by «[TESTADO n]» (*n* is its row in the closing legend), and each
reserved photo by a grey box of its proportions. Only that copy is rendered,
so every place derived from the model (the pictures' alt text, the document's
properties, anything a later feature writes from the model) only ever sees
redacted data; :mod:`~reporte_docx.documento.restos` then checks the finished
package byte by byte.

Matching is written here because no library does it: case and accents do not
matter, the text must stand as whole words (a listed «Ana» leaves «Quintana»
alone), and any run of spaces, line breaks or punctuation between its words
matches any other («Juan  Pérez», «JUAN\\nPEREZ», «juan_perez»).
"""

from __future__ import annotations

import copy
import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reporte_docx.errores import AVISO, ERROR, Codigo, Hallazgo, Severidad
from reporte_docx.fotos.testada import medidas_de, recuadro_testado
from reporte_docx.modelo import CAMPOS_DE_TEXTO, Fotografia, Reporte, Testado

#: The visible mark left where a text was removed; ``{}`` is its row in the legend.
MARCA = "[TESTADO {}]"
#: What a reserved photo's box and caption say.
FOTO_TESTADA = "Fotografía testada"
#: The legend's generic name of a text whose row gives no «descripcion».
DATO_CLASIFICADO = "Dato clasificado"
#: A text never matches inside a longer word: not after or before a letter or digit.
_ANTES, _DESPUES = r"(?<![^\W_])", r"(?![^\W_])"
_SEPARADOR = r"[\W_]+"
_INICIO_DE_MARCA = MARCA.split("{")[0]


_TROZOS = re.compile(r"([\x00-\x7f]+)|[^\x00-\x7f]")


def plegar(texto: str) -> tuple[str, list[int]]:
    """*texto* in lower case without accents, and for each of its characters the index
    of the character of *texto* it came from (``ß`` gives two, both pointing at it)."""
    plegado: list[str] = []
    origen: list[int] = []
    for trozo in _TROZOS.finditer(texto):
        inicio, fin = trozo.span()
        if trozo.lastindex == 1:  # plain ASCII, most of any XML: one character each
            plegado.append(trozo.group().lower())
            origen.extend(range(inicio, fin))
        else:
            d = _plegar_caracter(trozo.group())
            plegado.append(d)
            origen.extend([inicio] * len(d))
    return "".join(plegado), origen


@functools.lru_cache(maxsize=8192)
def _plegar_caracter(c: str) -> str:
    return "".join(
        d for d in unicodedata.normalize("NFKD", c).casefold() if not unicodedata.combining(d)
    )


def palabras(texto: str) -> list[str]:
    """The words (runs of letters and digits) of *texto*, folded: what is matched."""
    return re.findall(r"[^\W_]+", plegar(texto)[0])


def patron(texto: str) -> re.Pattern[str] | None:
    """The pattern of *texto* over folded text; ``None`` when it has no letter or digit."""
    partes = palabras(texto)
    if not partes:
        return None
    return re.compile(_ANTES + _SEPARADOR.join(map(re.escape, partes)) + _DESPUES)


class Buscador:
    """Finds the listed texts in any text: (start, end, index in the list) of each match.

    Where two listed texts overlap («Juan Pérez» and «Pérez»), the one that starts
    first wins, and of two that start together the longer one.
    """

    def __init__(self, textos: list[str]) -> None:
        self.patrones = [(i, p) for i, t in enumerate(textos) if (p := patron(t)) is not None]

    def buscar(self, texto: str) -> list[tuple[int, int, int]]:
        if not texto or not self.patrones:
            return []
        plegado, origen = plegar(texto)
        hallados = sorted(
            (m.start(), -m.end(), i)
            for i, p in self.patrones
            for m in p.finditer(plegado)
            if m.end() > m.start()
        )
        elegidos: list[tuple[int, int, int]] = []
        fin = -1
        for inicio, menos_fin, i in hallados:
            if inicio >= fin:
                fin = -menos_fin
                elegidos.append((origen[inicio], origen[fin - 1] + 1, i))
        return elegidos

    def reemplazar(self, texto: str, marca: Callable[[int], str]) -> str:
        """*texto* with each match replaced by ``marca(index)``."""
        for inicio, fin, i in reversed(self.buscar(texto)):
            texto = texto[:inicio] + marca(i) + texto[fin:]
        return texto


@dataclass
class Testadura:
    """One row of the closing legend: what was removed (generically), how often, where, why."""

    numero: int
    descripcion: str
    fundamento: str
    veces: int
    #: Where, by part of the report («portada», «ficha 2», «firmas»), in document order.
    secciones: list[str] = field(default_factory=list)
    #: Pages of the PDF render where its marks are (``None``: not known).
    paginas: list[int] | None = None
    #: Whether the row is about photos (reserved) rather than text.
    fotos: bool = False

    @property
    def marca(self) -> str:
        return MARCA.format(self.numero)


@dataclass
class VersionPublica:
    """The redacted model, its legend's rows and what to warn about.

    Each listed text gets its number (its row in the legend) the first time it is
    found: in the model (:func:`testar_reporte`), or later in the template's own
    text (:mod:`~reporte_docx.documento.testado_xml`); the reserved photos' rows
    come after the texts found in the model.
    """

    reporte: Reporte
    testaduras: list[Testadura]
    hallazgos: list[Hallazgo]
    #: Every listed text (the final check looks for them in the package).
    textos: list[str]
    #: The listed texts as :func:`testar_reporte` was given them (for the legend's rows).
    lista: list[Testado] = field(default_factory=list)
    #: Number of each listed text found so far, by its index in :attr:`lista`.
    numeros: dict[int, int] = field(default_factory=dict)

    @functools.cached_property
    def buscador(self) -> Buscador:
        return Buscador(self.textos)

    def numero(self, i: int, secciones: list[str]) -> int:
        """The number of listed text *i*, given now (with its *secciones*) if it had none."""
        if i not in self.numeros:
            t = self.lista[i]
            self.numeros[i] = len(self.testaduras) + 1
            descripcion = t.descripcion.strip() or DATO_CLASIFICADO
            self.testaduras.append(
                Testadura(self.numeros[i], descripcion, t.fundamento, 0, _unicas(secciones))
            )
        return self.numeros[i]

    def marca(self, i: int, seccion: str) -> str:
        return MARCA.format(self.numero(i, [seccion]))

    def sin_uso(self) -> list[Hallazgo]:
        """A warning for each listed text found nowhere (a typo would publish the real one)."""
        return [
            _sin_uso(t, i)
            for i, t in enumerate(self.lista)
            if i not in self.numeros and palabras(t.texto)
        ]


#: A text field of the model: its section, and how to read and write it.
_Campo = tuple[str, Callable[[], str], Callable[[str], None]]


def _campo(objeto: object, nombre: str, seccion: str) -> _Campo:
    def leer() -> str:
        return str(getattr(objeto, nombre) or "")

    def escribir(valor: str) -> None:
        setattr(objeto, nombre, valor)

    return seccion, leer, escribir


def campos_de_texto(reporte: Reporte) -> Iterator[_Campo]:
    """Every text of *reporte* that can reach the document, with the part of the report it is in."""
    for nombre in CAMPOS_DE_TEXTO:
        yield _campo(reporte, nombre, "portada")
    for numero, a in enumerate(reporte.actividades, start=1):
        seccion = f"ficha {numero}"
        for nombre in ("id", "nombre", "lugar", "descripcion", "objetivo", "lugar_enlace"):
            yield _campo(a, nombre, seccion)
        for f in a.fotografias:
            for nombre in ("pie", "fundamento", "escrito"):
                yield _campo(f, nombre, seccion)
        for t in a.tablas:
            yield _campo(t, "titulo", seccion)
            for e in t.eventos:
                yield _campo(e, "evento", seccion)
    for firma in reporte.firmas:
        for nombre in ("rol", "nombre", "cargo"):
            yield _campo(firma, nombre, "firmas")


def en_la_fila(
    t: Testado,
    i: int,
    codigo: Codigo,
    mensaje: str,
    columna: str = "Texto",
    severidad: Severidad = ERROR,
    valor: str | None = None,
) -> Hallazgo:
    """A finding on row *t* of «Testado» (or on ``Reporte.testado[i]`` built in code)."""
    return Hallazgo(
        codigo,
        mensaje,
        severidad,
        hoja="Testado" if t.fila else None,
        fila=t.fila,
        columna=columna if t.fila else None,
        lugar=None if t.fila else f"Reporte.testado[{i}]",
        valor=valor,
    )


def _revisar_lista(testado: list[Testado]) -> list[Hallazgo]:
    """Errors on the rows of «Testado»: a text without letters or digits can match nothing;
    a «Descripción» or «Fundamento» that repeats a listed text would publish it in the legend."""
    hallazgos = [
        en_la_fila(
            t,
            i,
            Codigo.TESTADO_SIN_USO,
            f"«{t.texto}» no tiene letras ni números: no se puede buscar; escriba el dato que "
            "se debe testar",
        )
        for i, t in enumerate(testado)
        if not palabras(t.texto)
    ]
    buscador = Buscador([t.texto for t in testado])
    for i, t in enumerate(testado):
        for columna, valor in (("Descripción", t.descripcion), ("Fundamento", t.fundamento)):
            if buscador.buscar(valor):
                hallazgos.append(
                    en_la_fila(
                        t,
                        i,
                        Codigo.TESTADO_QUEDA,
                        f"«{columna}» repite un texto que se debe testar y la leyenda de "
                        "clasificación lo publicaría; diga qué dato es en general (p. ej. "
                        "«Nombre de persona física»)",
                        columna,
                    )
                )
    return hallazgos


def _sin_uso(t: Testado, i: int) -> Hallazgo:
    return en_la_fila(
        t,
        i,
        Codigo.TESTADO_SIN_USO,
        f"«{t.texto}» no aparece en ningún lugar del reporte; revise que esté escrito como en "
        "el reporte: si tiene un error, el dato real se publicaría sin testar",
        severidad=AVISO,
        valor=t.texto,
    )


def _contar(reporte: Reporte, buscador: Buscador, total: int) -> list[list[str]]:
    """For each listed text, the section of each of its occurrences (in document order)."""
    donde: list[list[str]] = [[] for _ in range(total)]
    for seccion, leer, _escribir in campos_de_texto(reporte):
        for _inicio, _fin, i in buscador.buscar(leer()):
            donde[i].append(seccion)
    return donde


def _unicas(secciones: list[str]) -> list[str]:
    return list(dict.fromkeys(secciones))


def testar_reporte(reporte: Reporte, carpeta: Path) -> VersionPublica:
    """The public version of *reporte*: a redacted copy, the legend's rows, the errors.

    The boxes of reserved photos are written into *carpeta* (a temporary folder the
    caller removes after rendering). *reporte* itself is not changed. How many times
    each mark is in the document is counted once it is rendered, and the texts
    found nowhere are told then (:meth:`VersionPublica.sin_uso`).
    """
    testado = reporte.testado
    buscador = Buscador([t.texto for t in testado])
    donde = _contar(reporte, buscador, len(testado))
    publico = copy.deepcopy(reporte)
    publico.testado = []
    vp = VersionPublica(publico, [], _revisar_lista(testado), [t.texto for t in testado], testado)
    for i in range(len(testado)):
        if donde[i]:
            vp.numero(i, donde[i])
    for _seccion, leer, escribir in campos_de_texto(publico):
        escribir(buscador.reemplazar(leer(), lambda i: MARCA.format(vp.numeros[i])))
    for actividad in publico.actividades:
        if actividad.lugar_enlace and _INICIO_DE_MARCA in actividad.lugar_enlace:
            actividad.lugar_enlace = None  # a link with a mark in it would lead nowhere
    vp.testaduras += _testar_fotos(publico, carpeta, len(vp.testaduras) + 1)
    return vp


def _testar_fotos(reporte: Reporte, carpeta: Path, primero: int) -> list[Testadura]:
    """Each reserved photo of *reporte* replaced (in place) by its grey box.

    One row of the legend per legal basis, numbered from *primero*; the box's
    caption carries the row's mark, so its page is found as a text's is.
    """
    por_fundamento: dict[str, Testadura] = {}
    for numero, actividad in enumerate(reporte.actividades, start=1):
        for j, foto in enumerate(actividad.fotografias):
            if not foto.reservada:
                continue
            fundamento = foto.fundamento.strip()
            fila = por_fundamento.get(fundamento)
            if fila is None:
                fila = Testadura(
                    primero + len(por_fundamento), "Fotografía", fundamento, 0, fotos=True
                )
                por_fundamento[fundamento] = fila
            fila.secciones = _unicas([*fila.secciones, f"ficha {numero}"])
            actividad.fotografias[j] = _recuadro(foto, fila, carpeta, numero, j)
    return list(por_fundamento.values())


def leyenda_de_foto(fila: Testadura) -> str:
    """The caption (and alt text) of a reserved photo's box."""
    fundamento = f" Fundamento: {fila.fundamento}" if fila.fundamento else ""
    return f"{fila.marca} {FOTO_TESTADA}.{fundamento}"


def _recuadro(foto: Fotografia, fila: Testadura, carpeta: Path, ficha: int, j: int) -> Fotografia:
    ancho, alto = medidas_de(foto)
    archivo = carpeta / f"testada-{ficha}-{j + 1}.png"
    leyenda = leyenda_de_foto(fila)
    png, medidas = recuadro_testado(ancho, alto, f"{FOTO_TESTADA}\n{fila.fundamento}")
    archivo.write_bytes(png)
    # its own size (the original's proportions, rounded): the layout need not open it
    return Fotografia(archivo, leyenda, foto.fila, foto.hoja, foto.columna, medidas=medidas)
