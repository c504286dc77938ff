"""``generar --sobrescribir`` over a report edited in Word: the edits are carried forward.

Three versions of every field meet: what the document was generated with (its
snapshot), what Word has now, what the workbook has now. A field edited in
Word and unchanged in the workbook keeps Word's text; a field changed in the
workbook and untouched in Word takes the workbook's; a field changed on both
sides (to different values) is a conflict, and generation stops unless
*preferir* («libro» or «word») settles every one. The carried values are put
in the model before it is rendered — one render, as a fresh generation — and
never written to the workbook: that is ``incorporar``'s job, and the new
document's snapshot keeps saying the workbook's value, so it still can.

What lives outside the fields (a paragraph added, a comment) cannot be carried
into a new document: it is listed, and the backup of the edited one keeps it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from reporte_docx.api.edicion import Cambio, _cambios, _leer_documento, como_texto
from reporte_docx.api.llamada import OpcionesDeRender, Seguimiento
from reporte_docx.api.render import renderizar_partes, terminar_documento
from reporte_docx.api.tipos import Plantilla
from reporte_docx.errores import AVISO, Codigo, ErrorDeDatos, Hallazgo
from reporte_docx.modelo import Actividad, Reporte
from reporte_docx.texto import sin_acentos

if TYPE_CHECKING:  # the document layer loads python-docx: only when a report is read back
    from reporte_docx.documento.instantanea import CampoGenerado
    from reporte_docx.documento.lectura_campos import CamposLeidos

PREFERENCIAS = ("libro", "word")


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
    mensaje = (
        f"{c.descripcion}: se conservó lo corregido en Word («{c.texto_nuevo}»); el libro aún "
        f"dice «{c.texto_anterior}» (reporte-docx incorporar lo pasa al libro)"
    )
    return Hallazgo(Codigo.EDICION_CONSERVADA, mensaje, AVISO, lugar=lugar)


@dataclass
class Arrastre:
    """The carry-forward of one generation: the model's changes, then the render."""

    editado: Path
    libro: Path
    preferir: str | None
    campos: CamposLeidos
    #: The carried fields' workbook values, as text: what the new snapshot records.
    del_libro: dict[str, str] = field(default_factory=dict)

    def ajustar(self, reporte: Reporte) -> list[Hallazgo]:
        """Put Word's corrections in *reporte*; a conflict without *preferir* stops here."""
        assert self.campos.instantanea is not None
        try:
            cambios, avisos = _cambios(self.campos, self.libro, self.editado)
        except ErrorDeDatos as e:
            if any(h.codigo == Codigo.DOCX_DE_OTRO_LIBRO for h in e.hallazgos):
                return []
            raise
        generados = self.campos.instantanea.por_clave()
        lugar = f"documento «{self.editado.name}»"
        conflictos, llevadas = [], []
        for c in cambios:
            en_libro = _cambio_en_libro(generados[c.clave], c)
            if en_libro and self.preferir is None:
                conflictos.append(_conflicto(c, lugar))
            elif not en_libro or self.preferir == "word":
                poner(reporte, c.clave, c.nuevo)
                self.del_libro[c.clave] = c.texto_anterior
                llevadas.append(_llevada(c, lugar))
        if conflictos:
            raise ErrorDeDatos(conflictos + avisos)
        return llevadas + avisos + self._comentarios(lugar)

    def _comentarios(self, lugar: str) -> list[Hallazgo]:
        """Comments cannot be carried into a new document: the backup keeps them."""
        n = self.campos.comentarios
        if not n:
            return []
        cuantos = "1 comentario" if n == 1 else f"{n} comentarios"
        mensaje = (
            f"el documento tiene {cuantos} de revisión; el reporte nuevo no los lleva: quedan "
            "en la copia de respaldo del documento"
        )
        return [Hallazgo(Codigo.COMENTARIOS_EN_EL_RESPALDO, mensaje, AVISO, lugar=lugar)]

    def renderizar(
        self,
        reporte: Reporte,
        plantilla: Plantilla,
        seguimiento: Seguimiento,
        opciones: OpcionesDeRender,
        libro_sha256: str,
        fecha: dt.datetime | None,
    ) -> bytes:
        """As :func:`~reporte_docx.api.render.renderizar_documento`, the snapshot saying
        the workbook's values of the carried fields (``incorporar`` still takes them)."""
        from reporte_docx.documento.instantanea import recordar_valores

        partes = renderizar_partes(reporte, plantilla, seguimiento, opciones)
        if isinstance(partes, dict):
            recordar_valores(partes, self.del_libro)
        return terminar_documento(partes, reporte, plantilla, libro_sha256, fecha)


def arrastre(editado: Path, libro: Path, preferir: str | None) -> Arrastre | None:
    """The carry-forward over *editado*; None if there is nothing to carry.

    A document reporte-docx did not make (no snapshot) carries nothing: it is
    backed up as before. So does one made from another workbook.
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
    return Arrastre(editado, libro, preferir, campos)


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
