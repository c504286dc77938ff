"""The report's PDF signed with e.firma, and its signatures verified (``firmar``, ``verificar``).

Files are read and written here; the signing and the checks are
:mod:`reporte_docx.documento.firma`'s. A signature is an incremental update,
so signing the PDF in place loses nothing: every earlier byte stays, and the
file is replaced at once (never half-signed).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from reporte_docx.archivos import escribir_atomico

# re-exported: the types of this module's results and parameters
from reporte_docx.documento.firma.credencial import Credencial as Credencial
from reporte_docx.documento.firma.credencial import abrir_credencial as _abrir_credencial
from reporte_docx.documento.firma.firmar import firmar_pdf
from reporte_docx.documento.firma.lectura import FirmaLeida as FirmaLeida
from reporte_docx.documento.firma.lectura import firmas_del_pdf
from reporte_docx.documento.firma.sat import Firmante as Firmante
from reporte_docx.errores import Codigo, ErrorDeFirma, Hallazgo
from reporte_docx.origen import Origen, como_ruta, leer_origen
from reporte_docx.texto import sin_acentos

#: The roles of the signature block, as ``--rol`` and ``rol=`` accept them.
ROLES = ("Elaboró", "Revisó", "Autorizó")


@dataclass(frozen=True)
class ResultadoFirma:
    """What ``firmar_reporte`` did: where, who, in which box, and how many signatures now."""

    ruta: Path
    firmante: Firmante
    campo: str
    #: The box's role («Elaboró»…) where the mark was drawn; None: the signature is invisible.
    recuadro: str | None
    firmas: int
    avisos: list[Hallazgo] = field(default_factory=list)


def _leer(
    origen: Origen, parametro: str, que: str, codigo: Codigo = Codigo.FIRMA_PDF_ILEGIBLE
) -> tuple[bytes, str]:
    """The bytes of *origen* and its name for messages; a Spanish refusal for a missing file."""
    ruta = como_ruta(origen)
    if ruta is None:
        return leer_origen(origen, parametro), parametro
    try:
        return ruta.read_bytes(), str(ruta)
    except OSError as e:
        motivo = "no existe" if isinstance(e, FileNotFoundError) else (e.strerror or str(e))
        mensaje = f"{que} «{ruta}»: {motivo}"
        raise ErrorDeFirma(mensaje, [Hallazgo(codigo, mensaje, lugar=str(ruta))]) from None


def rol_canonico(rol: str | None) -> str | None:
    """«elaboro», «ELABORÓ»… → «Elaboró»; ValueError for another word."""
    if rol is None:
        return None
    for canonico in ROLES:
        if sin_acentos(rol) == sin_acentos(canonico):
            return canonico
    raise ValueError(f"rol={rol!r}: use {', '.join(ROLES)}")


def abrir_credencial(cer: Origen, key: Origen, contrasena: str) -> Credencial:
    """The e.firma of the SAT's *cer* and *key* files (paths or bytes), opened and checked.

    Raises :class:`~reporte_docx.errores.ErrorDeFirma` for a wrong password, a key of
    another certificate, an expired certificate, or files that are not an e.firma.
    """
    datos_cer, nombre_cer = _leer(cer, "cer", "el certificado", Codigo.FIRMA_CERTIFICADO_ILEGIBLE)
    datos_key, nombre_key = _leer(key, "key", "la clave privada", Codigo.FIRMA_CLAVE_ILEGIBLE)
    return _abrir_credencial(datos_cer, datos_key, contrasena, nombres=(nombre_cer, nombre_key))


def firmar_reporte(
    pdf: str | os.PathLike[str],
    credencial: Credencial,
    *,
    salida: str | os.PathLike[str] | None = None,
    rol: str | None = None,
    sobrescribir: bool = False,
) -> ResultadoFirma:
    """Sign *pdf* with *credencial* (PAdES, incremental) and write it to *salida* (or in place).

    The mark goes in the signer's box of the signature block, found by the
    certificate's name or by *rol* («Elaboró», «Revisó», «Autorizó»); without a
    box the signature is invisible and :attr:`ResultadoFirma.avisos` says why.
    """
    canonico = rol_canonico(rol)
    origen = Path(pdf)
    destino = Path(salida) if salida is not None else origen
    if destino != origen and destino.exists() and not sobrescribir:
        # here, not at import: it loads python-docx, and the command line must start at once
        from reporte_docx.documento.salida import destino_existe

        raise destino_existe(destino)
    datos, nombre = _leer(origen, "pdf", "el PDF")
    hecha = firmar_pdf(datos, credencial, nombre=nombre, rol=canonico)
    escribir_atomico(destino, hecha.datos)
    return ResultadoFirma(
        ruta=destino,
        firmante=hecha.firmante,
        campo=hecha.campo,
        recuadro=hecha.recuadro.rol if hecha.recuadro else None,
        firmas=hecha.firmas,
        avisos=hecha.avisos,
    )


def verificar_firmas(pdf: Origen) -> list[FirmaLeida]:
    """Every signature of *pdf* (path or bytes), checked offline; see :class:`FirmaLeida`."""
    datos, nombre = _leer(pdf, "pdf", "el PDF")
    return firmas_del_pdf(datos, nombre)
