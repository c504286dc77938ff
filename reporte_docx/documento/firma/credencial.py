"""The official's e.firma: the SAT's ``.cer`` and ``.key`` opened with the password.

Everything that can be wrong with the two files is said before the PDF is
touched: a file that is not a certificate or not a key (or the two swapped),
a wrong password, a key of another certificate, a certificate expired or not
yet valid. The password is used to decrypt the key and forgotten: it is never
part of a message, a log line or an exception's chain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reporte_docx.documento.firma.sat import Firmante, firmante_de
from reporte_docx.errores import Codigo, ErrorDeFirma, Hallazgo
from reporte_docx.formato import fecha_larga

if TYPE_CHECKING:  # cryptography loads on the first e.firma opened, not with the package
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

#: PBES2's object identifier as DER bytes: every encrypted PKCS#8 key (the SAT's) carries it.
_PBES2 = bytes.fromhex("06092a864886f70d01050d")
_CLAVE_PEM = b"-----BEGIN ENCRYPTED PRIVATE KEY-----"


@dataclass(frozen=True)
class Credencial:
    """An opened e.firma: the certificate, its private key and who it names."""

    certificado: x509.Certificate
    clave: PrivateKeyTypes
    firmante: Firmante


def _error(codigo: Codigo, mensaje: str, lugar: str) -> ErrorDeFirma:
    return ErrorDeFirma(mensaje, [Hallazgo(codigo, mensaje, lugar=lugar)])


def _parece_clave(datos: bytes) -> bool:
    return _PBES2 in datos[:64] or datos.lstrip().startswith(_CLAVE_PEM)


def leer_certificado(datos: bytes, nombre: str) -> x509.Certificate:
    """The certificate in *datos* (DER as the SAT gives it, or PEM)."""
    from cryptography import x509

    try:
        if datos.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificate(datos.lstrip())
        return x509.load_der_x509_certificate(datos)
    except ValueError:
        pass
    if _parece_clave(datos):
        mensaje = (
            f"«{nombre}» es una clave privada (.key), no un certificado: ¿se invirtieron "
            "--cer y --key?"
        )
    else:
        mensaje = (
            f"«{nombre}» no es un certificado de e.firma: use el archivo .cer que el SAT "
            "entregó junto con su .key"
        )
    raise _error(Codigo.FIRMA_CERTIFICADO_ILEGIBLE, mensaje, nombre)


def _descifrar(datos: bytes, contrasena: bytes | None) -> PrivateKeyTypes:
    from cryptography.hazmat.primitives import serialization

    if datos.lstrip().startswith(b"-----BEGIN"):
        return serialization.load_pem_private_key(datos.lstrip(), contrasena)
    return serialization.load_der_private_key(datos, contrasena)


def leer_clave(datos: bytes, contrasena: str, nombre: str) -> PrivateKeyTypes:
    """The private key in *datos*, decrypted with *contrasena* (the SAT's PKCS#8 .key)."""
    try:
        return _descifrar(datos, contrasena.encode("utf-8"))
    except TypeError:  # a key that is not encrypted: no password to check
        try:
            return _descifrar(datos, None)
        except (TypeError, ValueError):
            pass
    except ValueError:
        if _parece_clave(datos):
            mensaje = (
                f"la contraseña de la clave privada «{nombre}» no es correcta; es la que "
                "eligió al tramitar su e.firma en el SAT (distingue mayúsculas y minúsculas)"
            )
            raise _error(Codigo.FIRMA_CONTRASENA, mensaje, nombre) from None
    mensaje = (
        f"«{nombre}» no es una clave privada de e.firma: use el archivo .key que el SAT "
        "entregó junto con su .cer"
    )
    raise _error(Codigo.FIRMA_CLAVE_ILEGIBLE, mensaje, nombre)


def _publica(objeto: x509.Certificate | PrivateKeyTypes) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return objeto.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def revisar_vigencia(firmante: Firmante, nombre: str, ahora: dt.datetime) -> None:
    """Refuse a certificate that is expired, or not valid yet, at *ahora*."""
    if ahora > firmante.vigente_hasta:
        mensaje = (
            f"el certificado «{nombre}» de {firmante.nombre} venció el "
            f"{fecha_larga(firmante.vigente_hasta.date())}; renueve su e.firma en el SAT y "
            "firme con el certificado nuevo"
        )
        raise _error(Codigo.FIRMA_CERTIFICADO_VENCIDO, mensaje, nombre)
    if ahora < firmante.vigente_desde:
        mensaje = (
            f"el certificado «{nombre}» de {firmante.nombre} es válido a partir del "
            f"{fecha_larga(firmante.vigente_desde.date())}; revise la fecha de esta computadora"
        )
        raise _error(Codigo.FIRMA_CERTIFICADO_NO_VIGENTE, mensaje, nombre)


def abrir_credencial(
    cer: bytes,
    key: bytes,
    contrasena: str,
    *,
    nombres: tuple[str, str] = ("certificado.cer", "clave.key"),
    ahora: dt.datetime | None = None,
) -> Credencial:
    """The e.firma of *cer* and *key*, checked: readable, matching each other, valid now.

    *nombres* are the two files as the user named them, for the messages.
    Raises :class:`~reporte_docx.errores.ErrorDeFirma`.
    """
    certificado = leer_certificado(cer, nombres[0])
    firmante = firmante_de(certificado)
    revisar_vigencia(firmante, nombres[0], ahora or dt.datetime.now(dt.UTC))
    clave = leer_clave(key, contrasena, nombres[1])
    if _publica(clave) != _publica(certificado):
        mensaje = (
            f"la clave privada «{nombres[1]}» no es la del certificado «{nombres[0]}» "
            f"({firmante.nombre}): use el .cer y el .key de la misma e.firma"
        )
        raise _error(Codigo.FIRMA_CLAVE_AJENA, mensaje, nombres[1])
    return Credencial(certificado, clave, firmante)
