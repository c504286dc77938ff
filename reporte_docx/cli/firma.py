"""``reporte-docx firmar`` and ``reporte-docx verificar REPORTE.pdf``, in Spanish.

The password of the key is asked without echo, or read from the environment
variable ``REPORTE_DOCX_CONTRASENA`` (scripts), or from the first line of
standard input when it is not a terminal; it is never printed.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from reporte_docx.api.firma import (
    ROLES,
    FirmaLeida,
    ResultadoFirma,
    abrir_credencial,
    firmar_reporte,
    rol_canonico,
    verificar_firmas,
)
from reporte_docx.formato import fecha_y_hora

VARIABLE = "REPORTE_DOCX_CONTRASENA"
SIN_RED = (
    "Sin conexión: no se consultó al SAT si algún certificado fue revocado, ni se revisó "
    "la cadena de certificación con los certificados raíz del SAT."
)


def _rol(texto: str) -> str:
    try:
        return rol_canonico(texto) or texto
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{texto}»: use {', '.join(ROLES)}") from None


def agregar_firmar(sub: Any) -> None:
    """The ``firmar`` subcommand and its options."""
    f = sub.add_parser("firmar", help="firma el PDF del reporte con la e.firma del SAT")
    f.add_argument("pdf", metavar="REPORTE.pdf")
    f.add_argument("--cer", required=True, metavar="ARCHIVO.cer", help="certificado de la e.firma")
    f.add_argument(
        "--key", required=True, metavar="ARCHIVO.key", help="clave privada de la e.firma"
    )
    f.add_argument(
        "-o", "--salida", help="PDF firmado (predeterminado: se agrega la firma al mismo PDF)"
    )
    f.add_argument(
        "--rol",
        type=_rol,
        help="recuadro donde va la firma visible: Elaboró, Revisó o Autorizó "
        "(predeterminado: el que lleva el nombre del certificado)",
    )
    f.add_argument("--sobrescribir", action="store_true", help="reemplazar -o si ya existe")
    f.set_defaults(funcion=cmd_firmar)


def contrasena() -> str:
    """The key's password: the environment variable, else asked without echo, else stdin."""
    if (valor := os.environ.get(VARIABLE)) is not None:
        return valor
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass("Contraseña de la clave privada (no se muestra): ")
    return (sys.stdin.readline() if sys.stdin else "").rstrip("\r\n")


def _quien(r: ResultadoFirma) -> str:
    f = r.firmante
    codigos = ", ".join(x for x in (f.rfc and f"RFC {f.rfc}", f.curp and f"CURP {f.curp}") if x)
    return f.nombre + (f" ({codigos})" if codigos else "")


def cmd_firmar(args: argparse.Namespace) -> int:
    credencial = abrir_credencial(args.cer, args.key, contrasena())
    r = firmar_reporte(
        args.pdf, credencial, salida=args.salida, rol=args.rol, sobrescribir=args.sobrescribir
    )
    for h in r.avisos:
        print(f"aviso: {h}", file=sys.stderr)
    donde = f"en el recuadro «{r.recuadro}»" if r.recuadro else "sin firma visible"
    print(f"Firmado por {_quien(r)} {donde} → {r.ruta}")
    total = "1 firma" if r.firmas == 1 else f"{r.firmas} firmas"
    print(f"El PDF tiene {total}. Para revisarlas: reporte-docx verificar «{r.ruta}»")
    return 0


def _linea(n: int, f: FirmaLeida) -> list[str]:
    quien = f.firmante.nombre if f.firmante else "firmante desconocido"
    rfc = f" — RFC {f.firmante.rfc}" if f.firmante and f.firmante.rfc else ""
    fecha = f" — {fecha_y_hora(f.fecha.astimezone())}" if f.fecha else ""
    estado = "íntegra" if f.intacta and f.valida else "ROTA: el contenido firmado cambió"
    despues = (
        "después sólo se agregaron firmas o nada"
        if f.sin_cambios_despues
        else "el documento CAMBIÓ después de esta firma"
    )
    lineas = [f"Firma {n}: {quien}{rfc}{fecha}", f"  {estado}; {despues}."]
    if not f.vigente_al_firmar:
        lineas.append("  aviso: el certificado no estaba vigente cuando se firmó")
    return lineas


def cmd_verificar_pdf(ruta: str) -> int:
    """List the signatures of the PDF *ruta*; 1 if any is broken, or if there is none."""
    firmas = verificar_firmas(ruta)
    if not firmas:
        print(f"«{ruta}» no tiene ninguna firma electrónica.")
        return 1
    for n, f in enumerate(firmas, start=1):
        print("\n".join(_linea(n, f)))
    print(SIN_RED)
    rotas = sum(f.rota for f in firmas)
    if rotas:
        print(f"error: {rotas} de {len(firmas)} firmas no son válidas.", file=sys.stderr)
        return 1
    print(f"Las {len(firmas)} firmas son válidas." if len(firmas) > 1 else "La firma es válida.")
    return 0
