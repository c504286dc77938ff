"""Test e.firma credentials made the way the SAT issues them, generated in each run.

An RSA 2048 key; a DER certificate whose subject is the SAT's: the name in CN,
``name`` and O, the RFC in ``x500UniqueIdentifier`` and the CURP in
``serialNumber``, both as ``«PROPIO / REPRESENTANTE»`` PrintableStrings; and the
key as a DER PKCS#8 encrypted with PBES2, PBKDF2-HMAC-SHA1 and des-ede3-cbc,
written by OpenSSL (``openssl pkcs8 -topk8 -v2 des3``), the SAT's own format.
Nothing here is committed: certificates and keys exist only in the test's folder.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import NameOID

CONTRASENA = "Prueba#2026"

#: The three signatories of the sample workbook (datos/reporte_ejemplo.xlsx), as the SAT writes them.
FIRMANTES = (
    ("MIRNA GUADALUPE HERRERA BARBOSA", "HEBM850214QX1", "HEBM850214MQRRRR04"),
    ("IZAIR NALLELY GONZALEZ SILVA", "GOSI900530AB2", "GOSI900530MQRNLZ06"),
    ("MARIA DE LOS MILAGROS ALVAREZ VIDAL", "AAVM780101HJ3", "AAVM780101MQRLDL09"),
)


@dataclass(frozen=True)
class Archivos:
    cer: Path
    key: Path
    nombre: str
    rfc: str
    curp: str


def _clave() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def autoridad() -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """A test certification authority standing in for the SAT's."""
    clave = _clave()
    nombre = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "AC DE PRUEBAS (NO ES DEL SAT)"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "SERVICIO DE ADMINISTRACION TRIBUTARIA"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "MX"),
        ]
    )
    ahora = dt.datetime.now(dt.UTC)
    certificado = (
        x509.CertificateBuilder()
        .subject_name(nombre)
        .issuer_name(nombre)
        .public_key(clave.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(ahora - dt.timedelta(days=30))
        .not_valid_after(ahora + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(clave, hashes.SHA256())
    )
    return clave, certificado


def _sujeto(nombre: str, rfc: str, curp: str) -> x509.Name:
    imprimible = _ASN1Type.PrintableString
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, nombre),
            x509.NameAttribute(x509.ObjectIdentifier("2.5.4.41"), nombre),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, nombre),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "MX"),
            x509.NameAttribute(NameOID.EMAIL_ADDRESS, "firmante@example.org"),
            x509.NameAttribute(NameOID.X500_UNIQUE_IDENTIFIER, f"{rfc} / ", _type=imprimible),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, f" / {curp}", _type=imprimible),
        ]
    )


def clave_del_sat(clave: rsa.RSAPrivateKey, contrasena: str) -> bytes:
    """*clave* as the SAT's .key: DER PKCS#8, PBES2 with des-ede3-cbc, by OpenSSL."""
    simple = clave.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    orden = ["openssl", "pkcs8", "-topk8", "-inform", "DER", "-outform", "DER", "-v2", "des3"]
    orden += ["-v2prf", "hmacWithSHA1", "-passout", f"pass:{contrasena}"]
    proceso = subprocess.run(orden, input=simple, capture_output=True, check=True)
    return proceso.stdout


def emitir(
    carpeta: Path,
    ca: tuple[rsa.RSAPrivateKey, x509.Certificate],
    nombre: str,
    rfc: str,
    curp: str,
    *,
    desde: dt.timedelta = dt.timedelta(days=-1),
    hasta: dt.timedelta = dt.timedelta(days=4 * 365),
    contrasena: str = CONTRASENA,
) -> Archivos:
    """The .cer and .key of *nombre*, valid from now+*desde* to now+*hasta*, in *carpeta*."""
    clave = _clave()
    ahora = dt.datetime.now(dt.UTC)
    certificado = (
        x509.CertificateBuilder()
        .subject_name(_sujeto(nombre, rfc, curp))
        .issuer_name(ca[1].subject)
        .public_key(clave.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(ahora + desde)
        .not_valid_after(ahora + hasta)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(ca[0], hashes.SHA256())
    )
    base = carpeta / rfc
    cer, key = base.with_suffix(".cer"), base.with_suffix(".key")
    cer.write_bytes(certificado.public_bytes(serialization.Encoding.DER))
    key.write_bytes(clave_del_sat(clave, contrasena))
    return Archivos(cer, key, nombre, rfc, curp)
