"""The public version (*versión pública*) of a report: what the «Testado» sheet lists removed.

One render of the redacted model (:mod:`~reporte_docx.documento.testado`),
its parts redacted again where the template has text of its own
(:mod:`~reporte_docx.documento.testado_xml`), the closing *leyenda de
clasificación*, and — when LibreOffice is at hand — a PDF to read the pages of
each mark from, after which the legend is written again with them. Nothing is
written until a byte-level search of every part of the .docx and of the PDF
finds none of the listed texts (:mod:`~reporte_docx.documento.restos`).
The ordinary report is rendered exactly as without this module.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reporte_docx.api.generar import destino_del_libro, documento_del_libro
from reporte_docx.api.libro import libro_en_disco
from reporte_docx.api.llamada import (
    OpcionesDeRender,
    Seguimiento,
    revisar_reporte,
    revisar_sello,
)
from reporte_docx.api.render import (
    encontrar_fotos,
    escribir,
    renderizar_partes,
    revisar_destino_pronto,
    terminar_documento,
)
from reporte_docx.api.tipos import (
    Cache,
    Cancelar,
    CarpetaFotos,
    Plantilla,
    Resultado,
    ResultadoPublico,
    plantilla_abierta,
)
from reporte_docx.api.validacion import avisos_del_modelo
from reporte_docx.errores import AVISO, Codigo, ErrorDeDatos, ErrorDeSalida, Hallazgo
from reporte_docx.modelo import Reporte
from reporte_docx.opciones import COLUMNAS_PREDETERMINADAS, DPI_PREDETERMINADO, Progreso
from reporte_docx.origen import Origen

if TYPE_CHECKING:
    from reporte_docx.documento.paquete import Partes
    from reporte_docx.documento.testado import VersionPublica

#: What the public version's name adds to the workbook's: ``LIBRO-version-publica.docx``.
SUFIJO = "-version-publica"


def _sin_paginas() -> Hallazgo:
    return Hallazgo(
        Codigo.TESTADO_SIN_PAGINAS,
        "la leyenda de clasificación dice en qué parte del reporte está cada dato testado, no "
        "su página: para las páginas hace falta LibreOffice, que no está instalado",
        AVISO,
    )


def _nada_que_testar() -> Hallazgo:
    return Hallazgo(
        Codigo.TESTADO_VACIO,
        "la hoja «Testado» no lista ningún dato y ninguna foto está reservada: la versión "
        "pública dice lo mismo que el reporte; si hay datos personales, escríbalos en «Testado»",
        AVISO,
        hoja="Testado",
    )


@dataclass
class _Publica:
    """The public version's renderer (a :data:`~reporte_docx.api.generar.Renderizador`),
    keeping what it made besides the .docx: the legend's rows, the PDF, its warnings."""

    #: Read the legend's pages from a PDF (needs LibreOffice).
    paginar: bool
    #: Keep the PDF of the finished public version (:attr:`pdf`).
    con_pdf: bool = False
    pdf: bytes | None = None
    vp: VersionPublica | None = None
    avisos: list[Hallazgo] = field(default_factory=list)

    def __call__(
        self,
        reporte: Reporte,
        plantilla: Plantilla,
        seguimiento: Seguimiento,
        opciones: OpcionesDeRender,
        libro_sha256: str,
        fecha: dt.datetime | None,
    ) -> bytes:
        from reporte_docx.documento.testado import testar_reporte
        from reporte_docx.documento.testado_xml import testar_partes

        with tempfile.TemporaryDirectory(prefix="reporte-docx-testado-") as carpeta:
            vp = testar_reporte(reporte, Path(carpeta))
            errores = [h for h in vp.hallazgos if h.es_error]
            if errores:
                raise ErrorDeDatos(errores)
            # the reserved photos' boxes are in *carpeta*: processed before it goes
            partes = testar_partes(
                renderizar_partes(vp.reporte, plantilla, seguimiento, opciones), vp
            )
        self.vp = vp
        self.avisos = vp.sin_uso() + ([] if vp.textos or vp.testaduras else [_nada_que_testar()])
        docx = self._terminar(partes, plantilla, libro_sha256, fecha, False)
        self._revisar(docx, None)
        if not self.paginar:
            self.avisos.append(_sin_paginas())
            return docx
        self._revisar(docx, self._pdf(docx))  # the body's pages, checked too
        return self._paginado(docx, partes, plantilla, libro_sha256, fecha)

    def _paginado(
        self,
        docx: bytes,
        partes: Partes,
        plantilla: Plantilla,
        libro_sha256: str,
        fecha: dt.datetime | None,
    ) -> bytes:
        """The legend written again with the pages of each mark, read from the PDF of *docx*."""
        from reporte_docx.documento.leyenda import TITULO
        from reporte_docx.documento.restos import paginas_de_marcas

        assert self.vp is not None and self.pdf is not None
        paginas = paginas_de_marcas(self.pdf, TITULO)
        for fila in self.vp.testaduras:
            fila.paginas = paginas.get(fila.numero, [])
        docx = self._terminar(partes, plantilla, libro_sha256, fecha, True)
        self.pdf = self._pdf(docx) if self.con_pdf else None
        self._revisar(docx, self.pdf)
        return docx

    def _pdf(self, docx: bytes) -> bytes:
        from reporte_docx.documento.pdf import pdf_en_memoria

        self.pdf = pdf_en_memoria(docx, "versión pública")
        return self.pdf

    def _terminar(
        self,
        partes: Partes,
        plantilla: Plantilla,
        libro_sha256: str,
        fecha: dt.datetime | None,
        con_paginas: bool,
    ) -> bytes:
        from reporte_docx.documento.leyenda import agregar_leyenda
        from reporte_docx.documento.paquete import PROP_VERSION_PUBLICA

        assert self.vp is not None
        con_leyenda = agregar_leyenda(partes, self.vp.reporte, self.vp.testaduras, con_paginas)
        propias = {PROP_VERSION_PUBLICA: "sí"}
        return terminar_documento(
            con_leyenda, self.vp.reporte, plantilla, libro_sha256, fecha, propias
        )

    def _revisar(self, docx: bytes, pdf: bytes | None) -> None:
        """The last lock: no listed text anywhere in *docx* nor *pdf*, or nothing is written."""
        from reporte_docx.documento.restos import hallazgos_de_restos, restos_en_docx, restos_en_pdf

        assert self.vp is not None
        restos = restos_en_docx(docx, self.vp.textos)
        if pdf is not None:
            restos += restos_en_pdf(pdf, self.vp.textos)
        if restos:
            raise ErrorDeDatos(hallazgos_de_restos(restos, self.vp.lista))

    def resultado(self, base: Resultado) -> ResultadoPublico:
        assert self.vp is not None
        return ResultadoPublico(
            base.reporte,
            base.docx,
            avisos=base.avisos + self.avisos,
            pdf=self.pdf,
            leyenda=self.vp.testaduras,
        )


def _paginar(pdf: bool, paginar: bool | None = None) -> bool:
    """Whether to paginate (by default when LibreOffice is at hand); a PDF asked for
    without LibreOffice is refused at once."""
    from reporte_docx.documento.pdf import SIN_LIBREOFFICE, buscar_libreoffice

    hay = buscar_libreoffice() is not None
    if (pdf or paginar) and not hay:
        raise ErrorDeSalida(f"{SIN_LIBREOFFICE} No se escribió nada.")
    return hay if paginar is None else paginar or pdf


def renderizar_version_publica(
    reporte: Reporte,
    plantilla: Plantilla | Origen | None = None,
    *,
    pdf: bool = False,
    paginar: bool | None = None,
    carpeta_fotos: CarpetaFotos = None,
    dpi: int = DPI_PREDETERMINADO,
    columnas: int = COLUMNAS_PREDETERMINADAS,
    libro_sha256: str = "",
    fecha: dt.datetime | None = None,
    progreso: Progreso | None = None,
    cancelar: Cancelar | None = None,
    procesos: int | None = None,
    cache: Cache | None = None,
    ejecutor: Executor | None = None,
) -> ResultadoPublico:
    """The public version of *reporte*, in memory: its ``testado`` removed, its reserved
    photos as grey boxes, a closing *leyenda de clasificación*; nothing is written.

    Parameters as :func:`~reporte_docx.api.renderizar_reporte`, and:

    :param pdf: also the public version's PDF (in :attr:`ResultadoPublico.pdf`); needs
        LibreOffice, which also gives the legend its pages (without it the legend names
        the part of the report instead, with a warning).
    :param paginar: read the legend's pages from a PDF made with LibreOffice (``None``,
        the default: when LibreOffice is installed; ``True`` without it is an error).
    :returns: the :class:`ResultadoPublico`; its warnings name each listed text that was
        found nowhere (a typo would publish the real one).
    :raises ErrorDeDatos: the report breaks a rule, a photo cannot be used, a listed
        text cannot be searched, or a listed text would be left somewhere (then
        nothing is returned).
    :raises ErrorDeSalida: *pdf* was asked for and LibreOffice is missing or fails.
    :raises ErrorDePlantilla, Cancelado, ErrorInterno, TypeError, ValueError: as
        :func:`~reporte_docx.api.renderizar_reporte`.
    """
    revisar_reporte(reporte)
    revisar_sello(libro_sha256, fecha)
    opciones = OpcionesDeRender.revisar(dpi, columnas, procesos, cache, ejecutor)
    seguimiento = Seguimiento(progreso, cancelar)
    render = _Publica(_paginar(pdf, paginar), pdf)
    con_fotos = encontrar_fotos(reporte, carpeta_fotos)
    abierta = plantilla_abierta(plantilla)
    docx = render(con_fotos, abierta, seguimiento, opciones, libro_sha256, fecha)
    return render.resultado(
        Resultado(reporte, docx, avisos=avisos_del_modelo(reporte) + abierta.avisos)
    )


def _no_es_el_ordinario(destino: Path) -> None:
    """The public version never replaces an ordinary report, even with ``sobrescribir``."""
    from reporte_docx.documento.paquete import PROP_VERSION, PROP_VERSION_PUBLICA, leer_propiedades

    if not destino.is_file():
        return
    propiedades = leer_propiedades(destino)
    if PROP_VERSION in propiedades and PROP_VERSION_PUBLICA not in propiedades:
        raise ErrorDeSalida(
            f"«{destino}» es el reporte ordinario (sin testar); la versión pública nunca lo "
            f"reemplaza: elija otro nombre (p. ej. «{destino.stem}{SUFIJO}.docx»)"
        )


def _revisar_destinos(
    destino: Path, destino_pdf: Path | None, sobrescribir: bool, ignorar_bloqueo: bool
) -> None:
    from reporte_docx.documento.salida import destino_existe

    _no_es_el_ordinario(destino)
    revisar_destino_pronto(destino, sobrescribir, ignorar_bloqueo)
    if destino_pdf is not None and not sobrescribir and os.path.lexists(destino_pdf):
        raise destino_existe(destino_pdf)


def generar_version_publica(
    libro: Origen,
    salida: str | os.PathLike[str] | None = None,
    plantilla: Plantilla | Origen | None = None,
    *,
    pdf: bool = False,
    sobrescribir: bool = False,
    ignorar_bloqueo: bool = False,
    carpeta_fotos: CarpetaFotos = None,
    nombre: str | None = None,
    dpi: int = DPI_PREDETERMINADO,
    columnas: int = COLUMNAS_PREDETERMINADAS,
    progreso: Progreso | None = None,
    cancelar: Cancelar | None = None,
    procesos: int | None = None,
    cache: Cache | None = None,
    ejecutor: Executor | None = None,
) -> ResultadoPublico:
    """Write the public version of workbook *libro*: what ``generar --version-publica`` runs.

    Parameters as :func:`~reporte_docx.api.generar_reporte`; *salida* defaults to
    ``LIBRO-version-publica.docx`` beside the workbook, and is never an ordinary
    report (refused even with *sobrescribir*). With *pdf*, the PDF is written
    beside it with the same name (``….pdf``).

    :returns: the :class:`ResultadoPublico`, with the paths written.
    :raises ErrorDeDatos: as :func:`renderizar_version_publica`; nothing written.
    :raises ErrorDeSalida: a destination exists (without *sobrescribir*), is the ordinary
        report, cannot be written, or *pdf* was asked for without LibreOffice.
    :raises ErrorDePlantilla, Cancelado, ErrorInterno, TypeError, ValueError: as
        :func:`~reporte_docx.api.generar_reporte`.
    """
    from reporte_docx.documento.salida import escribir_atomico

    destino = destino_del_libro(libro, salida, SUFIJO)
    destino_pdf = destino.with_suffix(".pdf") if pdf else None
    opciones = OpcionesDeRender.revisar(dpi, columnas, procesos, cache, ejecutor)
    seguimiento = Seguimiento(progreso, cancelar)
    render = _Publica(_paginar(pdf), pdf)
    with libro_en_disco(libro, nombre) as leido:
        base = documento_del_libro(
            leido,
            plantilla,
            carpeta_fotos,
            seguimiento,
            opciones,
            lambda: _revisar_destinos(destino, destino_pdf, sobrescribir, ignorar_bloqueo),
            render,
        )
        leido.conservar(base.reporte)
    resultado = render.resultado(base)
    escribir(resultado, destino, sobrescribir, ignorar_bloqueo, seguimiento)
    if destino_pdf is not None and resultado.pdf is not None:
        escribir_atomico(destino_pdf, resultado.pdf)
        resultado.ruta_pdf = destino_pdf
    return resultado
