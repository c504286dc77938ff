"""One more signature on the report's PDF: PAdES, as an incremental update.

Each signature appends to the file and leaves every byte before it alone, so
Elaboró, Revisó and Autorizó sign the same PDF in turn and each earlier
signature stays valid. The mark is drawn in the signer's own box of the
signature block (found by the name printed under the line, or by the role
asked for); without one, the signature is invisible and the caller is told.

PDF/A: pyHanko rewrites the XMP metadata with its own producer and appends
itself to the Info dictionary's; the two must say the same, so the old
producer is removed from Info first and both end up «pyHanko».
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from reporte_docx.documento.firma.credencial import Credencial
from reporte_docx.documento.firma.estampa import estilo, fuente_escalada, texto_de_la_estampa
from reporte_docx.documento.firma.recuadro import Recuadro, recuadros_de_firma
from reporte_docx.documento.firma.sat import Firmante, admitir_certificados_del_sat
from reporte_docx.errores import AVISO, Codigo, ErrorDeFirma, Hallazgo


@dataclass(frozen=True)
class FirmaHecha:
    """The signed PDF's bytes, who signed, the field and the box the mark went in."""

    datos: bytes
    firmante: Firmante
    campo: str
    recuadro: Recuadro | None
    #: How many signatures the PDF has now, this one included.
    firmas: int
    avisos: list[Hallazgo] = field(default_factory=list)


@contextlib.contextmanager
def silencio() -> Iterator[None]:
    """pyHanko's and fontTools' English warnings and log lines are not for the office.

    What they say (a certificate chain that cannot be built offline, a font table
    not subset) is either said in Spanish by the caller or harmless.
    """
    registros = [logging.getLogger(n) for n in ("fontTools", "pyhanko", "pyhanko_certvalidator")]
    niveles = [r.level for r in registros]
    for registro in registros:
        registro.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for registro, nivel in zip(registros, niveles, strict=True):
            registro.setLevel(nivel)


def pdf_ilegible(mensaje: str, nombre: str) -> ErrorDeFirma:
    """The refusal of a file that is not a PDF, or one too damaged to read."""
    return ErrorDeFirma(mensaje, [Hallazgo(Codigo.FIRMA_PDF_ILEGIBLE, mensaje, lugar=nombre)])


def exigir_pdf(datos: bytes, nombre: str) -> None:
    """Refuse at once what does not even start like a PDF (a .docx, a photo, a text)."""
    if datos.lstrip()[:5] != b"%PDF-":
        raise pdf_ilegible(
            f"«{nombre}» no es un PDF: use el PDF del reporte (generar … --pdf)", nombre
        )


def abrir_pdf(datos: bytes, nombre: str) -> Any:
    """pyHanko's incremental writer over *datos*; a Spanish refusal for what is not a PDF."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError

    exigir_pdf(datos, nombre)
    try:
        escritor = IncrementalPdfFileWriter(io.BytesIO(datos), strict=False)
        cifrado = escritor.prev.encrypted
        escritor.root["/Pages"]["/Count"]  # noqa: B018 — reads the page tree: fails if broken
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as e:
        mensaje = (
            f"«{nombre}» es un PDF dañado o incompleto y no se puede firmar; vuelva a generarlo"
        )
        raise pdf_ilegible(mensaje, nombre) from e
    if cifrado:
        mensaje = f"«{nombre}» está protegido con contraseña; firme el PDF sin protección"
        raise ErrorDeFirma(mensaje, [Hallazgo(Codigo.FIRMA_PDF_CIFRADO, mensaje, lugar=nombre)])
    return escritor


def _campos_firmados(escritor: Any) -> list[tuple[str, tuple[float, ...] | None]]:
    """The signature fields already in the PDF, with each one's rectangle (if visible)."""
    from pyhanko.sign.fields import enumerate_sig_fields

    campos = []
    for nombre, _valor, referencia in enumerate_sig_fields(escritor.prev):
        objeto = referencia.get_object()
        rect = objeto.get("/Rect") or next(
            (k.get_object().get("/Rect") for k in objeto.get("/Kids", [])), None
        )
        campos.append((str(nombre), tuple(float(v) for v in rect) if rect else None))
    return campos


def _se_cruzan(a: Sequence[float], b: Sequence[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def elegir_recuadro(
    recuadros: Sequence[Recuadro],
    firmante: Firmante,
    rol: str | None,
    ocupados: Sequence[Sequence[float]],
) -> tuple[Recuadro | None, list[Hallazgo]]:
    """The signer's box: by *rol* when asked, else by the name under the line; and why not."""
    if rol:
        elegidos = [r for r in recuadros if r.rol and r.rol.casefold() == rol.casefold()]
        quien = f"de «{rol}»"
    else:
        elegidos = [r for r in recuadros if r.es_de(firmante.nombre)]
        quien = f"con el nombre de {firmante.nombre}"
    libres = [r for r in elegidos if not any(_se_cruzan(r.caja, o) for o in ocupados)]
    if libres:
        return libres[0], []
    if elegidos:
        motivo = f"el recuadro {quien} ya tiene una firma"
    elif recuadros:
        motivo = f"el bloque de firmas no tiene un recuadro {quien}"
        if not rol:
            motivo += " (indique cuál con --rol Elaboró, Revisó o Autorizó)"
    else:
        motivo = "el PDF no tiene bloque de firmas"
    mensaje = f"{motivo}; la firma es válida pero no se ve en la página"
    return None, [Hallazgo(Codigo.FIRMA_SIN_RECUADRO, mensaje, AVISO)]


def _en_puntos(caja: Sequence[float]) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = (round(v) for v in caja)
    return x0, y0, x1, y1


def _nombre_de_campo(existentes: Sequence[str]) -> str:
    n = len(existentes) + 1
    while f"Firma{n}" in existentes:
        n += 1
    return f"Firma{n}"


def _firmante_de_pyhanko(credencial: Credencial) -> Any:
    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = credencial.certificado.public_bytes(serialization.Encoding.DER)
    certificado = x509.Certificate.load(der)
    clave = keys.PrivateKeyInfo.load(
        credencial.clave.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return SimpleSigner(
        signing_cert=certificado,
        signing_key=clave,
        cert_registry=SimpleCertificateStore.from_certs([certificado]),  # type: ignore[no-untyped-call]
    )


def _igualar_productor(escritor: Any) -> None:
    """Drop Info's /Producer, so that pyHanko writes the same one there and in XMP (PDF/A)."""
    from pyhanko.pdf_utils.metadata.model import VENDOR

    if "/Info" in escritor.trailer:
        info = escritor.trailer["/Info"]
        if "/Producer" in info and VENDOR not in str(info["/Producer"]):
            del info["/Producer"]


def firmar_pdf(
    datos: bytes,
    credencial: Credencial,
    *,
    nombre: str = "reporte.pdf",
    rol: str | None = None,
    momento: dt.datetime | None = None,
) -> FirmaHecha:
    """*datos* signed by *credencial*, with the mark in the signer's box when there is one."""
    with silencio():
        admitir_certificados_del_sat()
        escritor = abrir_pdf(datos, nombre)
        existentes = _campos_firmados(escritor)
        paginas = int(escritor.root["/Pages"]["/Count"])
        recuadro, avisos = elegir_recuadro(
            recuadros_de_firma(datos, paginas),
            credencial.firmante,
            rol,
            [r for _n, r in existentes if r],
        )
        fuente = fuente_escalada()
        if recuadro is not None and fuente is None:
            mensaje = "no hay una fuente con acentos en esta computadora; la firma no se ve"
            recuadro, avisos = None, [Hallazgo(Codigo.FIRMA_SIN_RECUADRO, mensaje, AVISO)]
        campo = _nombre_de_campo([n for n, _r in existentes])
        momento = momento or dt.datetime.now().astimezone()
        _igualar_productor(escritor)
        firmado = _firmar(escritor, credencial, campo, recuadro, fuente, momento, rol)
    return FirmaHecha(firmado, credencial.firmante, campo, recuadro, len(existentes) + 1, avisos)


def _firmar(
    escritor: Any,
    credencial: Credencial,
    campo: str,
    recuadro: Recuadro | None,
    fuente: bytes | None,
    momento: dt.datetime,
    rol: str | None,
) -> bytes:
    from pyhanko.sign import fields, signers

    especificacion = fields.SigFieldSpec(
        sig_field_name=campo,
        on_page=recuadro.pagina if recuadro else 0,
        # whole points, as pyHanko declares them (half a point off is invisible)
        box=_en_puntos(recuadro.caja) if recuadro else None,
    )
    metadatos = signers.PdfSignatureMetadata(
        field_name=campo,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        name=credencial.firmante.nombre,
        reason=f"{rol or (recuadro.rol if recuadro else None) or 'Firma'} del reporte",
    )
    firmador = signers.PdfSigner(
        metadatos,
        signer=_firmante_de_pyhanko(credencial),
        stamp_style=estilo(fuente) if recuadro and fuente else None,
        new_field_spec=especificacion,
    )
    salida = io.BytesIO()
    firmador.sign_pdf(
        escritor,
        output=salida,
        appearance_text_params={"texto": texto_de_la_estampa(credencial.firmante, momento)},
    )
    return salida.getvalue()
