"""The workbook's rules applied to a model built in code, as findings.

The model's own rules live in :mod:`reporte_docx.modelo`; what only the
workbook contract knows (how long each text may be, declared once in
:mod:`reporte_docx.libro.contrato`) and what needs the photos' files are
added here, where both layers can be seen.
"""

from __future__ import annotations

from collections.abc import Iterator

from reporte_docx.api.llamada import revisar_reporte
from reporte_docx.api.tipos import CarpetaFotos
from reporte_docx.errores import AVISO, Codigo, ErrorDeDatos, Hallazgo
from reporte_docx.modelo import Reporte, en_el_modelo, reglas_del_reporte

#: A model object, where it is, and the activity id and photo index findings carry.
_Lugar = tuple[object, str, str | None, int | None]


def _objetos(reporte: Reporte) -> Iterator[tuple[str, _Lugar]]:
    """Every object of the model with the contract sheet its fields are columns of."""
    for i, a in enumerate(reporte.actividades):
        donde = f"Reporte.actividades[{i}]"
        yield "actividades", (a, donde, a.id, None)
        for j, f in enumerate(a.fotografias):
            yield "fotografias", (f, f"{donde}.fotografias[{j}]", a.id, j)
        for j, t in enumerate(a.tablas):
            yield "eventos", (t, f"{donde}.tablas[{j}]", a.id, None)
            for k, e in enumerate(t.eventos):
                yield "eventos", (e, f"{donde}.tablas[{j}].eventos[{k}]", a.id, None)
    for i, firma in enumerate(reporte.firmas):
        yield "firmas", (firma, f"Reporte.firmas[{i}]", None, None)


def _largo(texto: object, maximo: int | None, lugar: _Lugar, campo: str) -> list[Hallazgo]:
    if maximo is None or not isinstance(texto, str) or len(texto) <= maximo:
        return []
    _, donde, actividad, foto = lugar
    return [
        Hallazgo(
            Codigo.TEXTO_MUY_LARGO,
            f"el texto tiene {len(texto)} caracteres (se recomiendan hasta {maximo}); "
            "puede no caber en su lugar del documento: resúmalo o revise cómo queda",
            AVISO,
            lugar=f"{donde}.{campo}",
            actividad=actividad,
            foto=foto,
        )
    ]


def _textos_largos(reporte: Reporte) -> list[Hallazgo]:
    """The contract's length warnings (``texto-muy-largo``), on the model's fields."""
    from reporte_docx.libro.contrato import CONTRATO

    hallazgos = []
    for campo in CONTRATO.campos:
        lugar: _Lugar = (reporte, "Reporte", None, None)
        hallazgos += _largo(
            getattr(reporte, campo.clave, None), campo.largo_maximo, lugar, campo.clave
        )
    for hoja, lugar in _objetos(reporte):
        for columna in CONTRATO.hoja(hoja).columnas:
            valor = getattr(lugar[0], columna.nombre, None)
            hallazgos += _largo(valor, columna.largo_maximo, lugar, columna.nombre)
    return hallazgos


def avisos_del_modelo(reporte: Reporte) -> list[Hallazgo]:
    """The warnings :func:`validar_reporte` gives without opening the photos."""
    return [h for h in reglas_del_reporte(reporte) + _textos_largos(reporte) if not h.es_error]


def _fotos_ilegibles(reporte: Reporte, solo_pegadas: bool = False) -> list[Hallazgo]:
    """Every photo of *reporte* that cannot be opened as an image, named in the model."""
    from reporte_docx.fotos.apertura import FotoInvalida
    from reporte_docx.fotos.revision import verificar_foto

    hallazgos = []
    for i, a in enumerate(reporte.actividades):
        for j, f in enumerate(a.fotografias):
            if solo_pegadas and f.pegada is None:
                continue
            try:
                verificar_foto(f.origen, decodificar=False)  # a file, or pasted in the workbook
            except FotoInvalida as e:
                ruta = str(f.archivo)
                lugar = f"Reporte.actividades[{i}].fotografias[{j}]"
                hallazgos.append(
                    Hallazgo(
                        e.codigo, str(e), lugar=lugar, actividad=a.id, foto=j, ruta=ruta, valor=ruta
                    )
                )
    return hallazgos


def _hallazgos_de_fotos(reporte: Reporte, carpeta_fotos: CarpetaFotos) -> list[Hallazgo]:
    """The photos judged as a render will find them: through *carpeta_fotos* when given
    (confined to it, as :func:`~reporte_docx.api.renderizar_reporte` does), else as written."""
    if carpeta_fotos is None:
        return _fotos_ilegibles(reporte)
    from reporte_docx.fotos.revision import resolver_fotos

    try:
        return _fotos_ilegibles(resolver_fotos(reporte, carpeta_fotos))
    except ErrorDeDatos as e:  # every photo file was judged there; the pasted ones are not
        return en_el_modelo(e.hallazgos, reporte) + _fotos_ilegibles(reporte, solo_pegadas=True)


def validar_reporte(
    reporte: Reporte, *, revisar_fotos: bool = True, carpeta_fotos: CarpetaFotos = None
) -> list[Hallazgo]:
    """Apply the workbook's rules to a report built in code; errors first, then warnings.

    :param reporte: the report to check.
    :param revisar_fotos: also open every photo file (missing, not an image, too large).
    :param carpeta_fotos: where the photos are found, as for
        :func:`~reporte_docx.api.renderizar_reporte`: a folder they may not leave, or a
        callable; by default their paths are used as given.
    :returns: every finding; each says where in the model (``lugar``) and, as data,
        the activity id, the photo's index in it and its path. Empty means it is fine.
    :raises TypeError: *reporte* is not a :class:`~reporte_docx.modelo.Reporte`.
    """
    hallazgos = reglas_del_reporte(revisar_reporte(reporte)) + _textos_largos(reporte)
    if revisar_fotos:
        hallazgos += _hallazgos_de_fotos(reporte, carpeta_fotos)
    return sorted(hallazgos, key=lambda h: not h.es_error)
