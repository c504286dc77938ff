"""Every signature of a PDF, checked offline: intact, valid, and what changed after it.

pyHanko recomputes each signature's digest over the bytes it covers and checks
it with the certificate's key (*intacta*, *valida*), and compares the file's
later revisions with the signed one: after Elaboró's signature only new
signatures should have been added (Revisó's, Autorizó's); anything else is a
change made after signing. Revocation is not checked: that needs the SAT's
servers (OCSP), and this runs without network; the caller says so.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from reporte_docx.documento.firma.firmar import exigir_pdf, pdf_ilegible, silencio
from reporte_docx.documento.firma.sat import Firmante, admitir_certificados_del_sat, firmante_de


@dataclass(frozen=True)
class FirmaLeida:
    """One signature as found: its field, signer, time, and what the check says."""

    campo: str
    firmante: Firmante | None
    fecha: dt.datetime | None
    #: The bytes it covers are the ones signed.
    intacta: bool
    #: The signature itself checks with the certificate's key.
    valida: bool
    #: After it, only signatures were added (or nothing at all).
    sin_cambios_despues: bool
    #: The certificate was within its validity when it signed.
    vigente_al_firmar: bool

    @property
    def rota(self) -> bool:
        return not (self.intacta and self.valida and self.sin_cambios_despues)


def _abrir(datos: bytes, nombre: str) -> list[Any]:
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    exigir_pdf(datos, nombre)
    try:
        return list(PdfFileReader(io.BytesIO(datos), strict=False).embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as e:
        mensaje = f"«{nombre}» es un PDF dañado o incompleto: no se pueden leer sus firmas"
        raise pdf_ilegible(mensaje, nombre) from e


def _firmante(firma: Any) -> Firmante | None:
    from cryptography import x509

    try:
        return firmante_de(x509.load_der_x509_certificate(firma.signer_cert.dump()))
    except (ValueError, AttributeError):
        return None


def _leer(firma: Any) -> FirmaLeida:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    contexto = ValidationContext(trust_roots=[], allow_fetching=False, revocation_mode="soft-fail")
    estado = validate_pdf_signature(firma, contexto)
    firmante = _firmante(firma)
    fecha = estado.signer_reported_dt
    vigente = bool(firmante and fecha and firmante.vigente_desde <= fecha <= firmante.vigente_hasta)
    nivel = estado.modification_level
    return FirmaLeida(
        campo=str(firma.field_name),
        firmante=firmante,
        fecha=fecha,
        intacta=bool(estado.intact),
        valida=bool(estado.valid),
        sin_cambios_despues=nivel is not None and nivel <= ModificationLevel.FORM_FILLING,
        vigente_al_firmar=vigente,
    )


def firmas_del_pdf(datos: bytes, nombre: str = "reporte.pdf") -> list[FirmaLeida]:
    """Every signature in *datos*, in the order they were made."""
    with silencio():
        admitir_certificados_del_sat()
        firmas = _abrir(datos, nombre)
        return [_leer(f) for f in firmas]
