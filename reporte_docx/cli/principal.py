"""The ``reporte-docx`` command line (in Spanish: its users are not programmers).

Every expected problem ends in a Spanish message and exit code 1, never a
traceback; ``--depurar`` shows the traceback for developers.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import signal
import sys
import traceback
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from reporte_docx.api import Plantilla, Resultado, convertir_a_pdf
from reporte_docx.cli.argumentos import en_espanol
from reporte_docx.errores import (
    Codigo,
    ErrorDeDatos,
    ErrorDePlantilla,
    ErrorDeSalida,
    ErrorReporte,
    Hallazgo,
)
from reporte_docx.modelo import Fotografia
from reporte_docx.version import __version__

SALIDA_OK, SALIDA_ERROR, SALIDA_INESPERADA, SALIDA_INTERRUMPIDA = 0, 1, 2, 130


def _tamano(octetos: int) -> str:
    from babel.numbers import format_decimal

    from reporte_docx.formato import LOCALE

    if octetos < 1024 * 1024:
        return f"{format_decimal(octetos / 1024, format='#,##0', locale=LOCALE)} KB"
    return f"{format_decimal(octetos / 1024 / 1024, format='#,##0.0', locale=LOCALE)} MB"


def _dpi(texto: str) -> int:
    """--dpi: a whole number in a sensible range (below 50 photos blur, above 600 only weigh)."""
    from reporte_docx.opciones import DPI_MAXIMO, DPI_MINIMO

    try:
        valor = int(texto)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{texto}» no es un número entero") from None
    if not DPI_MINIMO <= valor <= DPI_MAXIMO:
        raise argparse.ArgumentTypeError(
            f"{valor} está fuera del intervalo {DPI_MINIMO}–{DPI_MAXIMO}"
        )
    return valor


def _cuantos(cosas: Sequence[object], nombre: str) -> str:
    """«1 error», «3 errores», «0 avisos»: the count with the noun in agreement."""
    if len(cosas) == 1:
        return f"1 {nombre}"
    return f"{len(cosas)} {nombre}{'es' if nombre.endswith('r') else 's'}"


def imprimir_hallazgos(hallazgos: Sequence[Hallazgo], archivo: TextIO | None = None) -> None:
    archivo = archivo or sys.stderr
    for h in hallazgos:
        print(f"{'error' if h.es_error else 'aviso'}: {h}", file=archivo)


def _libros(entradas: list[str]) -> list[Path]:
    """Workbooks named, and the .xlsx/.xlsm inside any folder named (Excel's ~$ files left out)."""
    libros: list[Path] = []
    for entrada in entradas:
        ruta = Path(entrada)
        if ruta.is_dir():
            # by extension in any case: glob("*.xlsx") misses «INFORME.XLSX» outside Windows
            libros.extend(
                p
                for p in sorted(ruta.iterdir())
                if p.suffix.lower() in (".xlsx", ".xlsm")
                and p.is_file()
                and not p.name.startswith("~$")
            )
        else:
            libros.append(ruta)
    return libros


def _plantilla_del_lote(ruta: str | None, libros: int) -> Plantilla | str | None:
    """The template, opened and checked once when several workbooks will use it.

    Raises :class:`ErrorDePlantilla` then: every report would fail the same way.
    """
    if ruta is None or libros < 2:
        return ruta
    return Plantilla.abrir(ruta)


def _informar(r: Resultado, args: argparse.Namespace) -> bool:
    """Say what one generation wrote (and write its PDF if asked); False if the PDF failed."""
    imprimir_hallazgos(r.avisos)
    if r.respaldo:
        print(
            f"El documento anterior había sido editado (o no lo generó reporte-docx); "
            f"se guardó una copia en «{r.respaldo}» antes de reemplazarlo."
        )
    fotos = len(r.reporte.fotografias)
    assert r.ruta is not None  # generar_reporte always writes
    # a partial template (a cover letter) leaves part of the workbook out: no counts it lacks
    cuenta = (
        "con la plantilla parcial (vea los avisos)"
        if any(h.codigo == Codigo.PLANTILLA_PARCIAL for h in r.avisos)
        else f"{len(r.reporte.actividades)} actividades, {fotos} fotografías"
    )
    print(f"Listo: {cuenta}, {_tamano(r.tamano)} → {r.ruta}")
    if args.pdf:
        try:
            print(f"PDF: {convertir_a_pdf(r.ruta, sobrescribir=args.sobrescribir)}")
        except ErrorReporte as e:
            _imprimir_error(e)
            return False
    return True


def cmd_generar(args: argparse.Namespace) -> int:
    from reporte_docx.api import generar_reporte

    libros = _libros(args.libros)
    if not libros:
        print("error: no se encontró ningún libro .xlsx en lo indicado", file=sys.stderr)
        return SALIDA_ERROR
    if args.anual and args.version_publica:
        print(
            "error: --version-publica se usa con el reporte de un trimestre, no con --anual; "
            "genere la versión pública de cada libro",
            file=sys.stderr,
        )
        return SALIDA_ERROR
    if args.anual:
        return _generar_anual(libros, args)
    if args.salida and len(libros) > 1:
        print(
            "error: -o/--salida sólo se puede usar con un libro; sin -o cada reporte se "
            "escribe junto a su libro",
            file=sys.stderr,
        )
        return SALIDA_ERROR
    try:
        plantilla = _plantilla_del_lote(args.plantilla, len(libros))
    except ErrorDePlantilla as e:
        _imprimir_error(e)
        print("No se escribió ningún documento.", file=sys.stderr)
        return SALIDA_ERROR
    if args.version_publica:
        from reporte_docx.cli.publica import generar_publica

        opciones = {"plantilla": plantilla, **_opciones_de_generar(args)}
        fallos = generar_publica(libros, args, opciones, imprimir_hallazgos, error_de_generar)
        return SALIDA_ERROR if fallos else SALIDA_OK
    fallidos = 0
    for libro in libros:
        if len(libros) > 1:
            print(f"== {libro}", file=sys.stderr)
        try:
            r = generar_reporte(
                libro, args.salida, plantilla, preferir=args.preferir, **_opciones_de_generar(args)
            )
        except ErrorReporte as e:
            fallidos += 1
            error_de_generar(e)
            continue
        if not _informar(r, args):
            fallidos += 1
    if len(libros) > 1:
        print(f"{len(libros) - fallidos} de {len(libros)} reportes generados.", file=sys.stderr)
    return SALIDA_ERROR if fallidos else SALIDA_OK


def _opciones_de_generar(args: argparse.Namespace) -> dict[str, Any]:
    """The options of ``generar`` as the library's keyword arguments, with the progress bar."""
    from reporte_docx.cli.progreso import BarraDeProgreso

    return {
        "sobrescribir": args.sobrescribir,
        "ignorar_bloqueo": args.ignorar_bloqueo,
        "dpi": args.dpi,
        "columnas": args.columnas,
        "progreso": None if args.silencioso else BarraDeProgreso("Procesando fotografías"),
    }


def error_de_generar(e: ErrorReporte) -> None:
    """Why a generation failed, and that nothing was written when the inputs are at fault."""
    _imprimir_error(e)
    if isinstance(e, (ErrorDeDatos, ErrorDePlantilla)):
        print("No se escribió ningún documento.", file=sys.stderr)


def _generar_anual(libros: list[Path], args: argparse.Namespace) -> int:
    """``generar … --anual``: the quarters' workbooks into one report of the year."""
    from reporte_docx.api import generar_anual

    try:
        r = generar_anual(libros, args.salida, args.plantilla, **_opciones_de_generar(args))
    except ErrorReporte as e:
        error_de_generar(e)
        return SALIDA_ERROR
    print(f"Reporte {r.reporte.periodo_en_palabras}: {_cuantos(libros, 'trimestre')}.")
    return SALIDA_OK if _informar(r, args) else SALIDA_ERROR


def cmd_validar(args: argparse.Namespace) -> int:
    from reporte_docx.api import analizar_libro

    lectura = analizar_libro(args.libro)
    if args.json:
        json.dump(
            {
                "libro": str(args.libro),
                "valido": not lectura.errores,
                "errores": len(lectura.errores),
                "avisos": len(lectura.avisos),
                "hallazgos": [{**h.como_dict(), "texto": str(h)} for h in lectura.hallazgos],
                "fotos_pegadas": {
                    ident: [
                        {"hoja": p.hoja, "celda": p.celda, "pie": f.pie}
                        for f in fotos
                        if (p := f.pegada)
                    ]
                    for ident, fotos in lectura.pegadas.items()
                },
            },
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
    else:
        imprimir_hallazgos(lectura.hallazgos, sys.stdout)
        _imprimir_pegadas(lectura.pegadas)
        if lectura.errores:
            errores, avisos = _cuantos(lectura.errores, "error"), _cuantos(lectura.avisos, "aviso")
            print(f"{errores}, {avisos}. Corrija los errores antes de generar el reporte.")
        else:
            print(f"El libro es válido ({_cuantos(lectura.avisos, 'aviso')}).")
    return SALIDA_ERROR if lectura.errores else SALIDA_OK


def _imprimir_pegadas(pegadas: dict[str, list[Fotografia]]) -> None:
    """The photos pasted in the workbook, per activity, where each one sits and its caption."""
    if not pegadas:
        return
    total = sum(len(fotos) for fotos in pegadas.values())
    print(f"Fotos pegadas en el libro ({total}):")
    for ident, fotos in pegadas.items():
        lugares = ", ".join(
            f"{f.pegada.hoja}!{f.pegada.celda} " + (f"«{f.pie}»" if f.pie else "(sin pie)")
            for f in fotos
            if f.pegada
        )
        print(f"  actividad {ident}: {lugares}")


def cmd_libro_nuevo(args: argparse.Namespace) -> int:
    from reporte_docx.api import crear_libro_nuevo, crear_libro_siguiente

    if args.desde:
        ruta = crear_libro_siguiente(args.destino, args.desde)
        print(
            f"Libro del trimestre siguiente listo: {ruta}\nTrae de «{args.desde}» el encabezado, "
            "el objetivo y las firmas; escriba lo realizado en el trimestre y sus actividades, "
            f"fotos y eventos, y revíselo con: reporte-docx validar {ruta}"
        )
        return SALIDA_OK
    ruta = crear_libro_nuevo(args.destino)
    print(
        f"Libro listo para llenar: {ruta}\nLlénelo en Excel (la hoja «Instrucciones» explica cada "
        f"columna) y revíselo con: reporte-docx validar {ruta}"
    )
    return SALIDA_OK


def cmd_verificar(args: argparse.Namespace) -> int:
    from reporte_docx.api import verificar_documento

    ruta = Path(args.documento)
    if ruta.suffix.lower() == ".pdf":
        from reporte_docx.cli.firma import cmd_verificar_pdf

        return cmd_verificar_pdf(args.documento)
    if ruta.is_dir():
        print(f"error: «{ruta}» es una carpeta; indique un documento .docx", file=sys.stderr)
        return SALIDA_ERROR
    if not ruta.is_file():
        print(f"error: «{ruta}» no existe", file=sys.stderr)
        return SALIDA_ERROR
    v = verificar_documento(ruta)
    for h in v.errores:
        print(f"error: {h}")
    for h in v.etiquetas:  # the data may hold "{{" on purpose
        print(f"aviso: {h} (si ese texto está así en sus datos, no es un problema)")
    for h in v.avisos:
        print(f"aviso: {h}")
    if v.version:
        estado = "fue modificado después" if v.editado else "no se ha modificado desde entonces"
        print(f"Generado con reporte-docx {v.version}; {estado}.")
    if not v.errores:
        print(f"«{ruta}» está bien formado.")
    return SALIDA_ERROR if v.errores else SALIDA_OK


def cmd_plantilla_nueva(args: argparse.Namespace) -> int:
    from reporte_docx.api import copiar_plantilla_oficial

    destino = copiar_plantilla_oficial(args.destino)
    print(f"Plantilla copiada en «{destino}»; edítela en Word y úsela con --plantilla.")
    return SALIDA_OK


def cmd_plantilla_verificar(args: argparse.Namespace) -> int:
    from reporte_docx.api import revisar_plantilla

    hallazgos = revisar_plantilla(args.plantilla)
    imprimir_hallazgos(hallazgos, sys.stdout)
    errores = [h for h in hallazgos if h.es_error]
    if not hallazgos:
        print(f"La plantilla «{args.plantilla}» no tiene problemas.")
    return SALIDA_ERROR if errores else SALIDA_OK


def cmd_servir(args: argparse.Namespace) -> int:
    from reporte_docx.web.configuracion import (
        VARIABLE_CLAVE,
        Configuracion,
        es_local,
        nombres_del_entorno,
    )
    from reporte_docx.web.servidor import servir

    clave = args.clave or os.environ.get(VARIABLE_CLAVE) or None
    if not es_local(args.host) and not clave:
        print(
            f"error: con --host {args.host} la página queda al alcance de otras máquinas y hace "
            f"falta una clave de acceso: defina la variable {VARIABLE_CLAVE} (o use --clave)",
            file=sys.stderr,
        )
        return SALIDA_ERROR
    config = Configuracion(
        host=args.host,
        puerto=args.puerto,
        clave=clave,
        nombres=(*args.nombre, *nombres_del_entorno()),
        simultaneos=args.trabajos,
    )
    servir(config, abrir=not args.no_abrir)
    return SALIDA_OK


#: Findings about where the report goes, not about the workbook, the photos or the template.
_DEL_DESTINO = (Codigo.DESTINO_EXISTE, Codigo.DOCUMENTO_ABIERTO, Codigo.DESTINO_INVALIDO)


def _imprimir_error(e: ErrorReporte) -> None:
    """The inputs' findings, then what is wrong with the destination, with this interface's
    options for it: a person fixes everything in one go."""
    if not isinstance(e, (ErrorDeDatos, ErrorDePlantilla, ErrorDeSalida)):
        print(f"error: {e}", file=sys.stderr)
        return
    imprimir_hallazgos([h for h in e.hallazgos if h.codigo not in _DEL_DESTINO])
    if isinstance(e, ErrorDeSalida) or any(h.codigo in _DEL_DESTINO for h in e.hallazgos):
        _imprimir_error_de_salida(e)
    elif not e.hallazgos:
        print(f"error: {e}", file=sys.stderr)


def _imprimir_error_de_salida(e: ErrorReporte) -> None:
    if existe := next((h for h in e.hallazgos if h.codigo == Codigo.DESTINO_EXISTE), None):
        # the library only says it exists; how to ask for a replacement is this interface's
        respaldo = (
            " (si fue editado en Word se guardará antes una copia de respaldo)"
            if str(existe.lugar).lower().endswith(".docx")
            else ""
        )
        print(
            f"error: «{existe.lugar}» ya existe; use --sobrescribir para reemplazarlo{respaldo}",
            file=sys.stderr,
        )
    elif abierto := next((h for h in e.hallazgos if h.codigo == Codigo.DOCUMENTO_ABIERTO), None):
        print(f"error: {abierto.mensaje}, o use --ignorar-bloqueo", file=sys.stderr)
    elif invalido := next((h for h in e.hallazgos if h.codigo == Codigo.DESTINO_INVALIDO), None):
        print(f"error: {invalido.mensaje}", file=sys.stderr)
    else:
        print(f"error: {e}", file=sys.stderr)


def _opciones_de_reemplazo(g: Any) -> None:
    """``generar``'s options for a report that already exists (edited in Word, or open)."""
    g.add_argument(
        "--preferir",
        choices=("libro", "word"),
        help="con --sobrescribir sobre un reporte corregido en Word: qué gana cuando un mismo "
        "campo cambió en Word y en el libro (sin esto, se detiene y los lista)",
    )
    g.add_argument(
        "--ignorar-bloqueo",
        action="store_true",
        help="reemplazar aunque haya un «~$…docx» de Word junto al reporte (quedó de una "
        "sesión que ya se cerró)",
    )


def _orden_generar(sub: Any) -> None:
    """``generar``: its options and their defaults (the library's, from opciones)."""
    from reporte_docx.opciones import (
        COLUMNAS_MAXIMAS,
        COLUMNAS_PREDETERMINADAS,
        DPI_PREDETERMINADO,
    )

    g = sub.add_parser("generar", help="genera el reporte .docx de uno o varios libros")
    g.add_argument("libros", nargs="+", metavar="LIBRO", help="libro .xlsx (o carpeta con libros)")
    g.add_argument(
        "-o", "--salida", help="archivo .docx de salida (predeterminado: junto al libro)"
    )
    g.add_argument("--plantilla", help="plantilla .docx propia (predeterminada: la oficial)")
    g.add_argument(
        "--sobrescribir",
        action="store_true",
        help="reemplazar un reporte existente: lo corregido en Word se conserva y el anterior "
        "se respalda",
    )
    _opciones_de_reemplazo(g)
    g.add_argument(
        "--dpi",
        type=_dpi,
        default=DPI_PREDETERMINADO,
        help=f"resolución de las fotos en el documento (predeterminado {DPI_PREDETERMINADO})",
    )
    g.add_argument(
        "--columnas",
        type=int,
        default=COLUMNAS_PREDETERMINADAS,
        choices=range(1, COLUMNAS_MAXIMAS + 1),
        help="fotos por fila (predeterminado 2)",
    )
    g.add_argument(
        "--pdf", action="store_true", help="escribir también un PDF (requiere LibreOffice)"
    )
    g.add_argument("--silencioso", action="store_true", help="no mostrar la barra de progreso")
    g.add_argument(
        "--version-publica",
        action="store_true",
        help="la versión pública para transparencia: lo de la hoja «Testado» cambiado por "
        "«[TESTADO n]», las fotos reservadas en gris y la leyenda de clasificación "
        "(LIBRO-version-publica.docx; el reporte ordinario no cambia)",
    )
    g.add_argument(
        "--anual",
        action="store_true",
        help="un solo reporte del año (o acumulado) con los libros de sus trimestres",
    )
    g.set_defaults(funcion=cmd_generar)


def construir_analizador() -> argparse.ArgumentParser:
    en_espanol()  # before any parser exists: "-h" help texts are looked up at creation
    analizador = argparse.ArgumentParser(
        prog="reporte-docx",
        description="Convierte un libro de Excel en el reporte trimestral oficial en Word (.docx).",
    )
    analizador.add_argument(
        "--version",
        action="version",
        version=f"reporte-docx {__version__}",
        help="mostrar la versión y salir",
    )
    analizador.add_argument(
        "--depurar",
        action="store_true",
        help="mostrar el detalle técnico (traceback) de los errores",
    )
    sub = analizador.add_subparsers(dest="orden", metavar="ORDEN", required=True)

    _orden_generar(sub)

    v = sub.add_parser("validar", help="revisa el libro y lista todos sus problemas")
    v.add_argument("libro")
    v.add_argument("--json", action="store_true", help="resultado en JSON")
    v.set_defaults(funcion=cmd_validar)

    n = sub.add_parser("libro-nuevo", help="crea un libro vacío listo para llenar en Excel")
    n.add_argument("destino")
    n.add_argument(
        "--desde",
        metavar="ANTERIOR.xlsx",
        help="empezar el trimestre siguiente desde el libro del anterior (encabezado y firmas)",
    )
    n.set_defaults(funcion=cmd_libro_nuevo)

    c = sub.add_parser(
        "verificar",
        help="revisa la estructura de un .docx generado, o las firmas electrónicas de un PDF",
    )
    c.add_argument("documento")
    c.set_defaults(funcion=cmd_verificar)

    p = sub.add_parser("plantilla", help="trabajar con plantillas propias")
    ps = p.add_subparsers(dest="accion", metavar="ACCIÓN", required=True)
    pv = ps.add_parser("verificar", help="revisa una plantilla sin datos")
    pv.add_argument("plantilla")
    pv.set_defaults(funcion=cmd_plantilla_verificar)
    pn = ps.add_parser("nueva", help="copia la plantilla oficial para editarla")
    pn.add_argument("destino")
    pn.set_defaults(funcion=cmd_plantilla_nueva)

    from reporte_docx.cli.edicion import agregar_incorporar
    from reporte_docx.cli.firma import agregar_firmar

    agregar_incorporar(sub, imprimir_hallazgos)
    agregar_firmar(sub)
    _agregar_servir(sub)
    return analizador


def _agregar_servir(sub: Any) -> None:
    """The ``servir`` subcommand: the local web page (see README, «La página web»)."""
    w = sub.add_parser("servir", help="abre la página web local para generar reportes")
    w.add_argument("--puerto", type=int, default=8000, help="puerto (predeterminado 8000)")
    w.add_argument(
        "--host",
        default="127.0.0.1",
        help="dirección donde escuchar (predeterminada 127.0.0.1: sólo esta máquina)",
    )
    w.add_argument("--no-abrir", action="store_true", help="no abrir el navegador")
    w.add_argument(
        "--clave", help="clave de acceso (obligatoria con otro --host; mejor REPORTE_DOCX_CLAVE)"
    )
    w.add_argument(
        "--nombre",
        action="append",
        default=[],
        help="nombre con el que se llega al servidor (p. ej. reportes.oficina.local); repetible",
    )
    w.add_argument(
        "--trabajos", type=int, default=2, help="trabajos a la vez; los demás esperan (2)"
    )
    w.set_defaults(funcion=cmd_servir)


def _interrumpir_con_sigterm() -> (
    signal.Handlers | Callable[[int, FrameType | None], Any] | int | None
):
    """A plain ``kill`` ends the run like Ctrl-C: temporary files are removed on the way out.

    Returns the previous handler (``None`` outside the main thread, where it cannot be set).
    """

    def interrumpir(_senal: int, _marco: object) -> None:
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, interrumpir)
    except ValueError:  # main() called from a thread of another program: leave it
        return None


def main(argv: Sequence[str] | None = None) -> int:
    anterior = _interrumpir_con_sigterm()
    args = argparse.Namespace(depurar=False)
    try:
        args = construir_analizador().parse_args(argv)
        if args.depurar:
            # what libraries say in English (openpyxl's warnings…) is logged by the package
            # and shown only here; other libraries' own debug logs stay quiet
            salida = logging.StreamHandler()
            salida.setFormatter(logging.Formatter("depurar: %(name)s: %(message)s"))
            logging.getLogger("reporte_docx").addHandler(salida)
            logging.getLogger("reporte_docx").setLevel(logging.DEBUG)
        else:
            # Pillow's warnings (a broken EXIF block…) are in English and for programmers: what
            # they point at is said in Spanish by our own checks (--depurar shows them)
            warnings.simplefilter("ignore")
        codigo: int = args.funcion(args)
        return codigo
    except ErrorReporte as e:
        _imprimir_error(e)
        if args.depurar:
            traceback.print_exc()
        return SALIDA_ERROR
    except KeyboardInterrupt:
        print("\nInterrumpido; no quedó ningún archivo a medias.", file=sys.stderr)
        return SALIDA_INTERRUMPIDA
    except BrokenPipeError:
        # the reader of the output left («… | head»): nothing to say, and nothing more to
        # write; stdout goes to devnull so that Python's final flush does not complain
        with contextlib.suppress(OSError, ValueError):  # stdout without a descriptor
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return SALIDA_ERROR
    except Exception as e:  # a bug: say so plainly, details on request
        print(
            f"error inesperado ({type(e).__name__}: {e}). Es un error de reporte-docx, no de sus "
            "datos; vuelva a ejecutar con --depurar y envíe el detalle.",
            file=sys.stderr,
        )
        if args.depurar:
            traceback.print_exc()
        return SALIDA_INESPERADA
    finally:
        if anterior is not None:
            signal.signal(signal.SIGTERM, anterior)


if __name__ == "__main__":
    sys.exit(main())
