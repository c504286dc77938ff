"""Which photo each pasted picture is, and a warning for every picture left over.

The rules, as a person pasting photos into Excel expects them (the README's
«El libro de Excel» tells them the same way):

- a picture whose top-left corner sits on a data row of ``Fotografias`` is
  that row's photo, with the row's ``actividad`` and ``pie``; its ``archivo``
  cell may stay empty (a picture placed *in* the ``archivo`` cell is the same);
- a picture on an activity's row of ``Actividades`` is a photo of that
  activity, in left-to-right order; a ``Fotografias`` row of that activity with
  neither file nor picture gives the next one its ``pie``, the rest go without
  a caption (the caption line is left empty, to be typed in Word if wanted);
- every other picture (another sheet, a header row, a row without data) is
  not used, and a warning says where it sits: nothing pasted is lost silently.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from reporte_docx.errores import AVISO, Hallazgo
from reporte_docx.libro.imagenes import ImagenesDelLibro, ImagenPegada
from reporte_docx.modelo import Fotografia, ImagenDelLibro


class Reparto:
    """The workbook's pictures by row, handed out once each to the rows that use them."""

    def __init__(self, libro: Path, imagenes: ImagenesDelLibro) -> None:
        self._libro = libro
        self._por_fila: dict[tuple[str, int], list[ImagenPegada]] = defaultdict(list)
        for lista in imagenes.por_hoja.values():
            for imagen in lista:
                self._por_fila[(imagen.hoja, imagen.fila)].append(imagen)
        self._usadas: set[ImagenPegada] = set()

    def tomar(self, hoja: str, fila: int) -> list[ImagenPegada]:
        """The pictures on row *fila* of *hoja*, left to right; they count as used."""
        imagenes = self._por_fila.get((hoja, fila), [])
        self._usadas.update(imagenes)
        return list(imagenes)

    def foto(self, imagen: ImagenPegada, pie: str = "", fila: int | None = None) -> Fotografia:
        """The photo a picture becomes (read from the workbook when it is processed)."""
        origen = ImagenDelLibro(
            self._libro, imagen.parte, imagen.hoja, imagen.fila, imagen.letra
        )
        return Fotografia.del_libro(origen, pie, fila)

    def sin_usar(self, claves: dict[str, str], leidas: set[str]) -> list[Hallazgo]:
        """A warning for each picture no row took.

        *claves* maps each sheet name of the workbook to its contract key
        (``"fotografias"``…, or ``""`` for any other sheet); pictures on a
        contract sheet that could not be read (*leidas* lacks it) are not
        warned about: that sheet already has an error.
        """
        avisos = []
        for (hoja, _), imagenes in sorted(self._por_fila.items()):
            clave = claves.get(hoja, "")
            if clave and clave not in leidas:
                continue
            for imagen in imagenes:
                if imagen not in self._usadas:
                    avisos.append(_aviso(imagen, clave))
        return avisos


def _aviso(imagen: ImagenPegada, clave: str) -> Hallazgo:
    que = f"la imagen pegada en la celda {imagen.celda}"
    if clave in ("fotografias", "actividades"):
        fila = "la de su foto" if clave == "fotografias" else "la de su actividad"
        donde = "en la fila de encabezados" if imagen.fila == 1 else "en una fila sin datos"
        consejo = (
            f"muévala a su fila ({fila}; cuenta la esquina superior izquierda de la imagen)"
            if imagen.fila == 1
            else f"escriba en la fila {imagen.fila} el id de la actividad o mueva la imagen a "
            f"{fila} (cuenta la esquina superior izquierda de la imagen)"
        )
        mensaje = f"{que} está {donde} y no se usa; {consejo}"
    else:
        mensaje = (
            f"{que} no se usa: las fotos van en la hoja «Fotografias» (una por fila, junto al id "
            "de su actividad) o en la fila de su actividad en la hoja «Actividades»"
        )
    return Hallazgo(
        "imagen-sin-usar",
        mensaje,
        AVISO,
        hoja=imagen.hoja,
        fila=imagen.fila,
        columna=imagen.letra,
    )
