"""The identity the SAT writes in an e.firma certificate.

The SAT's certificates carry the holder's name in the subject's common name
(and ``name``), the RFC in ``x500UniqueIdentifier`` (2.5.4.45) and the CURP in
``serialNumber`` (2.5.4.5). Both are written as ``«propio / representante»``:
a person's own RFC and CURP come first, and a company's certificate names its
representative after the slash. This is not in any library, so it is read
here by hand from the attribute values.

asn1crypto (which pyHanko uses) declares ``x500UniqueIdentifier`` a BIT STRING,
as X.520 does, and fails on the SAT's text strings the moment anything reads
the subject: :func:`admitir_certificados_del_sat` teaches it the SAT's form.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # cryptography loads on the first certificate, not with the package
    from cryptography import x509

_RFC = re.compile(r"^[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}$")
_CURP = re.compile(r"^[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d$")
#: The X.520 ``name`` attribute, where the SAT repeats the holder's name.
_OID_NOMBRE = "2.5.4.41"


@dataclass(frozen=True)
class Firmante:
    """Who signs, as the certificate says it: name, RFC, CURP (``None`` if absent)."""

    nombre: str
    rfc: str | None
    curp: str | None
    #: The certificate's serial number in hexadecimal, as the SAT shows it.
    numero_de_serie: str
    vigente_desde: dt.datetime
    vigente_hasta: dt.datetime


def _atributo(nombre: x509.Name, oid: str) -> str:
    from cryptography.x509 import ObjectIdentifier

    valores = nombre.get_attributes_for_oid(ObjectIdentifier(oid))
    valor = valores[0].value if valores else ""
    return valor if isinstance(valor, str) else bytes(valor).decode("utf-8", "replace")


def _propio(valor: str, patron: re.Pattern[str]) -> str | None:
    """The holder's own code in «PROPIO / REPRESENTANTE» (or the only one that fits)."""
    partes = [p.strip().upper() for p in valor.split("/")]
    return next((p for p in partes if patron.match(p)), None)


def firmante_de(certificado: x509.Certificate) -> Firmante:
    """The :class:`Firmante` of an e.firma certificate."""
    from cryptography.x509.oid import NameOID

    sujeto = certificado.subject
    nombre = _atributo(sujeto, NameOID.COMMON_NAME.dotted_string) or _atributo(sujeto, _OID_NOMBRE)
    return Firmante(
        nombre=" ".join(nombre.split()),
        rfc=_propio(_atributo(sujeto, NameOID.X500_UNIQUE_IDENTIFIER.dotted_string), _RFC),
        curp=_propio(_atributo(sujeto, NameOID.SERIAL_NUMBER.dotted_string), _CURP),
        numero_de_serie=f"{certificado.serial_number:x}",
        vigente_desde=certificado.not_valid_before_utc,
        vigente_hasta=certificado.not_valid_after_utc,
    )


def admitir_certificados_del_sat() -> None:
    """Let asn1crypto read the SAT's ``x500UniqueIdentifier`` as the text it is.

    A process-wide change of one entry in asn1crypto's table of attribute
    types (BIT STRING → DirectoryString); a BIT STRING certificate, which
    nobody issues for people, would then be the one to fail. Idempotent.
    """
    from asn1crypto.x509 import DirectoryString, NameTypeAndValue

    NameTypeAndValue._oid_specs["unique_identifier"] = DirectoryString
