"""Whether a .docx is a template of the report at all, and what of the report it leaves out.

Any Word file opens as a template: one without tags would give a "successful"
report holding none of the workbook's data. A template must use the report:
at least one of the names it starts from (:data:`~reporte_docx.plantilla.entorno.NOMBRES_RAIZ`);
one that never goes through the activities or the signatures is accepted, with
a warning naming what the report will lack.
"""

from __future__ import annotations

from jinja2 import nodes

from reporte_docx.errores import AVISO, Codigo, Hallazgo
from reporte_docx.plantilla.entorno import NOMBRES_RAIZ

#: What a template loses without each list, said to its author.
_SIN = {
    "actividades": (
        "no muestra las actividades (no recorre «actividades», p. ej. con "
        "{%p for a in actividades %} … {%p endfor %}): el reporte saldrá sin sus fichas ni "
        "sus fotografías"
    ),
    "firmas": (
        "no lleva el bloque de firmas (no recorre «firmas», p. ej. con "
        "{%p for f in firmas %} … {%p endfor %}): el reporte saldrá sin firmas"
    ),
}

COMO_EMPEZAR = (
    "para empezar una, copie la oficial con «reporte-docx plantilla nueva MI_PLANTILLA.docx», "
    "edítela en Word y revísela con «reporte-docx plantilla verificar MI_PLANTILLA.docx»"
)


def nombres_usados(arbol: nodes.Template) -> set[str]:
    """The report's names (``reporte``, ``actividades``, ``firmas``) a parsed part reads."""
    return {
        n.name for n in arbol.find_all(nodes.Name) if n.ctx == "load" and n.name in NOMBRES_RAIZ
    }


def juzgar_uso(usados: set[str], nombre: str) -> list[Hallazgo]:
    """An error when the template uses nothing of the report; a warning per list it skips."""
    lugar = f"plantilla «{nombre}»"
    if not usados & set(NOMBRES_RAIZ):
        return [
            Hallazgo(
                Codigo.PLANTILLA_SIN_DATOS,
                "no es una plantilla del reporte: no usa ninguno de sus datos (no tiene "
                "etiquetas como {{ reporte.titulo }}, {%p for a in actividades %} o "
                "{%p for f in firmas %}), así que el documento saldría sin nada del libro. Una "
                "plantilla es un documento de Word con esas etiquetas donde van los datos; "
                + COMO_EMPEZAR,
                lugar=lugar,
            )
        ]
    return [
        Hallazgo(Codigo.PLANTILLA_PARCIAL, que, AVISO, lugar=lugar)
        for lista, que in _SIN.items()
        if lista not in usados
    ]
