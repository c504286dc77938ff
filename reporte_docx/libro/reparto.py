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

import dataclasses
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from reporte_docx.errores import AVISO, Hallazgo
from reporte_docx.fotos.apertura import FotoInvalida
from reporte_docx.fotos.revision import hallazgo_de_foto, verificar_foto
from reporte_docx.libro import celdas
from reporte_docx.libro.contrato import Contrato, Hoja
from reporte_docx.libro.hojas import Fila, HojaLeida, Recolector, iterar
from reporte_docx.libro.imagenes import ImagenesDelLibro, ImagenPegada
from reporte_docx.libro.registros import Actividades, leer_valores
from reporte_docx.modelo import Actividad, Fotografia, ImagenDelLibro
from reporte_docx.texto import normalizar_nombre


class Reparto:
    """The workbook's pictures by row, handed out once each to the rows that use them."""

    def __init__(self, libro: Path, imagenes: ImagenesDelLibro) -> None:
        self._libro = libro
        self._hojas = list(imagenes.por_hoja)
        self._por_fila: dict[tuple[str, int], list[ImagenPegada]] = defaultdict(list)
        for lista in imagenes.por_hoja.values():
            for imagen in lista:
                self._por_fila[(imagen.hoja, imagen.fila)].append(imagen)
        self._usadas: set[ImagenPegada] = set()
        #: Pictures pasted on each activity's row of ``Actividades``, not yet given a photo row.
        self.pendientes: dict[str, list[ImagenPegada]] = {}

    @classmethod
    def del_libro(
        cls,
        libro: Path,
        imagenes: ImagenesDelLibro,
        hojas: dict[str, HojaLeida],
        actividades: Actividades,
    ) -> Reparto:
        """The workbook's pictures, those on ``Actividades`` rows already given to their activity."""
        reparto = cls(libro, imagenes)
        for hoja, fila in iterar(hojas, "actividades"):
            tomadas = reparto.tomar(hoja.nombre, fila.numero)
            ident = celdas.identificador(fila.valores.get("id"))
            if ident and actividades.filas.get(ident) == fila.numero:
                reparto.pendientes[ident] = tomadas
        return reparto

    def tomar(self, hoja: str, fila: int) -> list[ImagenPegada]:
        """The pictures on row *fila* of *hoja*, left to right; they count as used."""
        imagenes = self._por_fila.get((hoja, fila), [])
        self._usadas.update(imagenes)
        return list(imagenes)

    def foto(self, imagen: ImagenPegada, pie: str = "", fila: int | None = None) -> Fotografia:
        """The photo a picture becomes (read from the workbook when it is processed)."""
        origen = ImagenDelLibro(self._libro, imagen.parte, imagen.hoja, imagen.fila, imagen.letra)
        return Fotografia.del_libro(origen, pie, fila)

    def fotos_de_fila(
        self, contrato: Hoja, hoja: HojaLeida, fila: Fila, r: Recolector
    ) -> list[Fotografia] | None:
        """The photo(s) pasted on a ``Fotografias`` row, or ``None``: the row names a file.

        A row with neither file nor picture takes, with its caption, the next
        picture pasted on its activity's row of ``Actividades``, if any.
        """
        imagenes = self.tomar(hoja.nombre, fila.numero)
        escrito = "" if "archivo" in fila.reportadas else celdas.texto(fila.valores.get("archivo"))
        ident = celdas.identificador(fila.valores.get("actividad"))
        if not imagenes and not escrito and "archivo" not in fila.reportadas:
            pendientes = self.pendientes.get(ident, [])
            imagenes, pendientes[:1] = pendientes[:1], []
        if not imagenes:
            return None
        datos = leer_valores(_archivo_opcional(contrato), hoja, fila, r, None)
        lugares = ", ".join(i.celda for i in imagenes)
        if escrito:
            r.agregar(
                "foto-doble",
                f"la fila tiene el archivo «{escrito}» y además una imagen pegada (en {lugares}); "
                "cada fila es una foto: borre el nombre del archivo o la imagen",
                valor=escrito,
                **hoja.donde(fila, "archivo"),
            )
            return []
        if len(imagenes) > 1:
            r.agregar(
                "varias-imagenes-en-fila",
                f"la fila tiene {len(imagenes)} imágenes pegadas ({lugares}); se usan todas, en ese "
                "orden y con el mismo pie. Si cada una lleva su propio pie, póngalas en filas "
                "distintas con el mismo id de actividad",
                AVISO,
                **hoja.donde(fila, "archivo"),
            )
        return [self.foto(i, datos.get("pie") or "", fila.numero) for i in imagenes]

    def sin_pie(self) -> Iterator[tuple[str, Fotografia]]:
        """(activity id, photo) of the pictures pasted beside an activity that no row captioned."""
        for ident, resto in self.pendientes.items():
            for imagen in resto:
                yield ident, self.foto(imagen)

    def avisos(self, contrato: Contrato, hojas: dict[str, HojaLeida]) -> list[Hallazgo]:
        """A warning for every picture no row took (sheets of the contract by their key)."""
        claves = {
            nombre: clave if (clave := normalizar_nombre(nombre)) in contrato.claves else ""
            for nombre in self._hojas
        }
        return self.sin_usar(claves, set(hojas))

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


def _archivo_opcional(contrato: Hoja) -> Hoja:
    """The ``Fotografias`` sheet of the contract with ``archivo`` optional: a picture is there."""
    columnas = tuple(
        dataclasses.replace(c, obligatoria=False) if c.nombre == "archivo" else c
        for c in contrato.columnas
    )
    return dataclasses.replace(contrato, columnas=columnas)


def revisar_pegada(foto: Fotografia, r: Recolector, decodificar: bool) -> None:
    """A pasted picture that is not an image, truncated or too large: an error where it sits."""
    try:
        # kept, as for a file: the layout then needs not open the picture again
        foto.medidas = verificar_foto(foto.origen, decodificar)
    except FotoInvalida as e:
        r.hallazgos.append(hallazgo_de_foto(foto, e))


def pegadas_por_actividad(actividades: dict[str, Actividad]) -> dict[str, list[Fotografia]]:
    """The photos pasted into the workbook, by activity id (what ``validar`` lists)."""
    pegadas = {i: [f for f in a.fotografias if f.pegada] for i, a in actividades.items()}
    return {i: fotos for i, fotos in pegadas.items() if fotos}
