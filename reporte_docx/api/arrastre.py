"""``generar --sobrescribir`` over a report edited in Word: the edits are carried forward.

Three versions of every field meet: what the document was generated with (its
snapshot), what Word has now, what the workbook has now. A field edited in
Word and unchanged in the workbook keeps Word's text; a field changed in the
workbook and untouched in Word takes the workbook's; a field changed on both
sides (to different values) is a conflict, and generation stops unless
*preferir* («libro» or «word») settles every one. The carried values are put
in the model before it is rendered — one render, as a fresh generation — and
never written to the workbook: that is ``incorporar``'s job.

What lives outside the fields (a paragraph added, a comment) cannot be carried
into a new document: it is listed, and the backup of the edited one keeps it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from reporte_docx.api.edicion import Cambio, _cambios, _leer_documento, como_texto
from reporte_docx.documento.lectura_campos import CampoGenerado
from reporte_docx.errores import AVISO, Codigo, ErrorDeDatos, Hallazgo
from reporte_docx.modelo import Actividad, Reporte
from reporte_docx.texto import sin_acentos

PREFERENCIAS = ("libro", "word")
Arrastre = Callable[[Reporte], list[Hallazgo]]


def _actividad(reporte: Reporte, clave_id: str) -> Actividad:
    ident = unquote(clave_id)
    return next(a for a in reporte.actividades if a.id == ident)


def poner(reporte: Reporte, clave: str, valor: object) -> None:
    """Set the field of *reporte* that *clave* names (the round trip's keys) to *valor*."""
    partes = clave.split(".")
    if partes[0] == "reporte":
        setattr(reporte, partes[1], valor)
    elif partes[0] == "firma":
        setattr(reporte.firmas[int(partes[1])], partes[2], valor)
    elif partes[0] == "actividad" and partes[2] == "fecha" and isinstance(valor, tuple):
        a = _actividad(reporte, partes[1])
        a.fecha, a.fecha_fin = valor
    elif partes[0] == "actividad":
        setattr(_actividad(reporte, partes[1]), partes[2], valor)
    elif partes[0] == "foto":
        _actividad(reporte, partes[1]).fotografias[int(partes[2])].pie = str(valor)
    elif partes[0] == "evento":
        tabla = _actividad(reporte, partes[1]).tablas[int(partes[2])]
        setattr(tabla.eventos[int(partes[3])], partes[4], valor)
    else:
        raise ValueError(f"clave desconocida: {clave!r}")


def _conflicto(c: Cambio, lugar: str) -> Hallazgo:
    mensaje = (
        f"{c.descripcion}: cambió en Word («{c.texto_nuevo}») y también en el libro "
        f"(«{c.texto_anterior}») desde que se generó el reporte; iguálelos, o elija con "
        "--preferir word o --preferir libro"
    )
    return Hallazgo(Codigo.EDICION_EN_CONFLICTO, mensaje, lugar=lugar)


def _llevada(c: Cambio, lugar: str) -> Hallazgo:
    mensaje = f"{c.descripcion}: se conservó lo corregido en Word («{c.texto_nuevo}»)"
    return Hallazgo(Codigo.EDICION_CONSERVADA, mensaje, AVISO, lugar=lugar)


def arrastre(editado: Path, libro: Path, preferir: str | None) -> Arrastre | None:
    """What to do to the model before rendering over *editado*; None if nothing is to carry.

    A document reporte-docx did not make, or made from another workbook, carries
    nothing (it is backed up as before).
    """
    if preferir not in (None, *PREFERENCIAS):
        raise ValueError(f"preferir={preferir!r}: use None, 'libro' o 'word'")
    if not editado.is_file() or editado.resolve() == libro.resolve():
        return None
    try:
        campos = _leer_documento(editado)
    except ErrorDeDatos:
        return None
    if campos.instantanea is None:
        return None
    generados = campos.instantanea.campos

    def aplicar(reporte: Reporte) -> list[Hallazgo]:
        try:
            cambios, avisos = _cambios(campos, libro, editado)
        except ErrorDeDatos as e:
            if any(h.codigo == Codigo.DOCX_DE_OTRO_LIBRO for h in e.hallazgos):
                return []
            raise
        lugar = f"documento «{editado.name}»"
        conflictos, llevadas = [], []
        for c in cambios:
            en_libro = _cambio_en_libro(generados[c.clave], c)
            if en_libro and preferir is None:
                conflictos.append(_conflicto(c, lugar))
            elif not en_libro or preferir == "word":
                poner(reporte, c.clave, c.nuevo)
                llevadas.append(_llevada(c, lugar))
        if conflictos:
            raise ErrorDeDatos(conflictos + avisos)
        return llevadas + avisos

    return aplicar


def _plegado(texto: str) -> str:
    """Case, accents and the quotes the report adds around a name do not make a change."""
    return sin_acentos(texto).strip("\"'“”«» ")


def _cambio_en_libro(generado: CampoGenerado, c: Cambio) -> bool:
    """Whether the workbook's value now is other than the one the document was made with."""
    from reporte_docx.libro.celdas import ValorInvalido
    from reporte_docx.libro.interpretacion import TIPOS, interpretar

    tipo = generado.tipo if generado.tipo in TIPOS else "texto"
    try:
        antes = como_texto(interpretar(tipo, generado.valor))
    except ValorInvalido:
        antes = generado.valor
    return _plegado(antes) != _plegado(c.texto_anterior)
