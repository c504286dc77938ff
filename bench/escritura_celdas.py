"""Benchmark: writing cells back into a workbook full of photos vs. just copying the file.

    python bench/escritura_celdas.py              # 40 activities, 160 photos of 12 MP pasted in
    python bench/escritura_celdas.py --veces 9

``reporte-docx incorporar`` (issue #18) writes what was corrected in Word back
into the workbook with :func:`reporte_docx.libro.escritura.escribir_celdas`,
which rewrites only the worksheet parts of the changed cells and copies every
other zip member as stored. Its cost should then be that of copying the file:
the photos are never decompressed. It builds (once, then reuses) a workbook
of 40 activities as Excel writes it (XlsxWriter) with the 160 synthetic
4000x3000 JPEGs of ``bench/fotos.py`` pasted in its «Fotografias» sheet, half
floating and half in cells, and measures in this process, ``--veces`` times
each, alternated, the median of:

(a) copying the workbook (``shutil.copyfile``, then ``fsync``: the floor);
(b) ``escribir_celdas`` of the 40 descriptions (texts of several lines), one
    date and one number, backup copy and atomic write included.

Target: (b) within 2× the time of (a), and its memory well below the workbook's size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from bench import fotos as base  # noqa: E402
from bench import fotos_pegadas  # noqa: E402

MB = 1024 * 1024
RAZON_MAXIMA = 2.0


def libro(carpeta: Path, fotos: list[Path]) -> Path:
    """The workbook with every photo pasted in it (made once per number of photos)."""
    return fotos_pegadas.libro_pegado(carpeta / f"escritura_{len(fotos)}_fotos.xlsx", fotos)


def cambios(actividades: int) -> dict[object, object]:
    """The descriptions of every activity, a date and a number: what a person corrects."""
    from reporte_docx.libro.escritura import Celda

    resultado: dict[object, object] = {
        Celda("Actividades", fila, 5): f"Texto corregido de la actividad {fila - 1}.\n\nSegundo "
        "párrafo, con su salto de línea."
        for fila in range(2, actividades + 2)
    }
    resultado[Celda("Actividades", 2, 3)] = dt.date(2023, 6, 15)
    resultado[Celda("Actividades", 3, 7)] = 12.5
    return resultado


def _copiar(origen: Path, destino: Path) -> None:
    shutil.copyfile(origen, destino)
    with open(destino, "rb+") as f:
        os.fsync(f.fileno())


def medir(ruta: Path, veces: int, actividades: int) -> tuple[list[float], list[float]]:
    """*veces* times each of (a) and (b), alternated, on fresh copies of the workbook."""
    from reporte_docx.libro.escritura import escribir_celdas

    trabajo = ruta.parent / "escritura"
    trabajo.mkdir(exist_ok=True)
    a: list[float] = []
    b: list[float] = []
    por_escribir = cambios(actividades)
    for _ in range(veces):
        for f in trabajo.iterdir():
            f.unlink()
        copia = trabajo / "libro.xlsx"
        inicio = time.perf_counter()
        _copiar(ruta, copia)
        a.append(time.perf_counter() - inicio)
        inicio = time.perf_counter()
        escribir_celdas(copia, por_escribir)  # type: ignore[arg-type]
        b.append(time.perf_counter() - inicio)
    shutil.rmtree(trabajo, ignore_errors=True)
    return a, b


def main() -> None:
    analizador = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    analizador.add_argument("--fotos", type=int, default=160, help="cuántas fotos (de 12 MP)")
    analizador.add_argument(
        "--veces", type=int, default=5, help="mediciones de cada forma (se da la mediana)"
    )
    base.argumento_carpeta(analizador, "dónde guardar las fotos y el libro (se reutilizan)")
    args = analizador.parse_args()

    fotos = fotos_pegadas.preparar_fotos(args.carpeta, args.fotos)
    ruta = libro(args.carpeta, fotos)
    actividades = -(-len(fotos) // fotos_pegadas.FOTOS_POR_ACTIVIDAD)
    print(f"Máquina: {base.maquina()}")
    print(
        f"Libro: {actividades} actividades, {len(fotos)} fotos, {ruta.stat().st_size / MB:,.0f} MB"
    )
    a, b = medir(ruta, args.veces, actividades)
    memoria = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print("(a) copiar el archivo:      " + ", ".join(f"{t:.2f} s" for t in a))
    print("(b) escribir_celdas:        " + ", ".join(f"{t:.2f} s" for t in b))
    mediana_a, mediana_b = statistics.median(a), statistics.median(b)
    print(f"Medianas: (a) {mediana_a:.2f} s, (b) {mediana_b:.2f} s; memoria pico {memoria:.0f} MB")
    print()
    cumple = mediana_b <= RAZON_MAXIMA * mediana_a
    texto = f"escribir / copiar = {mediana_b / mediana_a:.2f}"
    print(f"Meta:\n  {'✔' if cumple else '✘'} {texto:45} (meta ≤ {RAZON_MAXIMA})")


if __name__ == "__main__":
    main()
