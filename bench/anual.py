"""Benchmark: the year's report (``generar … --anual``) against the four quarterly runs.

    python bench/anual.py              # four workbooks of 40 photos of 12 MP each
    python bench/anual.py --fotos 20 --veces 5

It builds four quarterly workbooks (10 activities of 4 photos each by default,
the synthetic 4000x3000 JPEGs of ``bench/fotos.py``, distinct in every quarter)
and measures, in the same run and each in its own process with an empty photo
cache: (a) ``reporte-docx generar`` of each quarter, one after the other, and (b)
``reporte-docx generar T1.xlsx T2.xlsx T3.xlsx T4.xlsx --anual`` over the same
workbooks. ``--veces`` rounds, (a) and (b) alternated; the median of the sum of
(a) and of (b), the CPU seconds, the peak memory of (b) (``maxrss`` of the largest
process, and the sum over all its processes, PSS) and the sizes are compared with
the targets: (b) within 1.2× the sum of (a), and under 300 MB of memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from bench import fotos as base  # noqa: E402
from bench.fotos_pegadas import _cpu, preparar_fotos  # noqa: E402

FOTOS_POR_ACTIVIDAD = 4
MB = 1024 * 1024
#: Targets of issue 20 («el año de la oficina»).
RAZON_MAXIMA = 1.2
MEMORIA_MAXIMA_MB = 300


def libros(carpeta: Path, fotos: list[Path], por_trimestre: int) -> list[Path]:
    """The four quarters' workbooks, *por_trimestre* photos each, dated inside their quarter."""
    from tests.utiles import crear_libro

    salida = []
    for t in range(1, 5):
        suyas = fotos[(t - 1) * por_trimestre : t * por_trimestre]
        actividades, filas = [], []
        for i, foto in enumerate(suyas):
            ident = str(i // FOTOS_POR_ACTIVIDAD + 1)
            if i % FOTOS_POR_ACTIVIDAD == 0:
                fecha = dt.datetime(2023, 3 * t - 2, 1) + dt.timedelta(days=2 * int(ident))
                actividades.append(
                    (ident, f"Actividad {ident}", fecha, "Chetumal", "Texto " * 40, "")
                )
            filas.append((ident, f"fotos/{foto.name}", f"Fotografía {i % FOTOS_POR_ACTIVIDAD + 1}"))
        salida.append(
            crear_libro(
                carpeta / f"anual_T{t}.xlsx",
                reporte={"trimestre": t},
                actividades=actividades,
                fotografias=filas,
            )
        )
    return salida


def _generar(nombre: str, argumentos: list[str], docx: Path, carpeta: Path) -> base.Medida:
    """One ``reporte-docx generar`` in its own process, with an empty photo cache."""
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=carpeta))
    try:
        orden = [sys.executable, "-m", "reporte_docx", "generar", *argumentos, "-o", str(docx)]
        return base.medir(
            nombre,
            [*orden, "--sobrescribir", "--silencioso"],
            docx,
            {"REPORTE_DOCX_CACHE": str(cache)},
        )
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def _ronda(
    trimestres: list[Path], carpeta: Path
) -> tuple[list[base.Medida], base.Medida, float, float]:
    """(a) the four quarters, (b) the year; and the CPU seconds of each."""
    salida = carpeta / "salida_anual"
    salida.mkdir(exist_ok=True)
    antes = _cpu()
    cuatro = [
        _generar(f"(a) trimestre {t}", [str(libro)], salida / f"T{t}.docx", carpeta)
        for t, libro in enumerate(trimestres, 1)
    ]
    medio = _cpu()
    anual = _generar(
        "(b) --anual", [*map(str, trimestres), "--anual"], salida / "ANUAL.docx", carpeta
    )
    return cuatro, anual, medio - antes, _cpu() - medio


def main() -> None:
    analizador = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    analizador.add_argument("--fotos", type=int, default=40, help="fotos por trimestre (de 12 MP)")
    analizador.add_argument(
        "--veces", type=int, default=3, help="rondas de cada forma (se da la mediana)"
    )
    base.argumento_carpeta(analizador, "dónde guardar las fotos y los libros (se reutilizan)")
    args = analizador.parse_args()

    fotos = preparar_fotos(args.carpeta, 4 * args.fotos)
    trimestres = libros(args.carpeta, fotos, args.fotos)
    print(f"Máquina: {base.maquina()}")
    print(
        f"Entrada: 4 libros de {args.fotos} fotografías de {base.LADO[0]}x{base.LADO[1]} "
        f"({sum(f.stat().st_size for f in fotos) / MB:,.0f} MB en total)"
    )
    sumas, anuales, cpu_a, cpu_b = [], [], [], []
    for _ in range(args.veces):  # alternated, so that a burst of load hits both alike
        cuatro, anual, ca, cb = _ronda(trimestres, args.carpeta)
        sumas.append(cuatro)
        anuales.append(anual)
        cpu_a.append(ca)
        cpu_b.append(cb)
        print(
            "  (a) " + " + ".join(f"{m.segundos:.1f}" for m in cuatro)
            + f" = {sum(m.segundos for m in cuatro):.1f} s;  (b) {anual.segundos:.1f} s"
        )  # fmt: skip
    a = statistics.median(sum(m.segundos for m in c) for c in sumas)
    b = statistics.median(m.segundos for m in anuales)
    memoria = max(max(m.maxrss_mb, m.pss_mb) for m in anuales)
    memoria_a = max(max(m.maxrss_mb, m.pss_mb) for c in sumas for m in c)
    tamano_a = sum(m.salida_mb or 0 for m in sumas[-1])
    print()
    print(f"{'':34} {'tiempo':>9} {'CPU':>8} {'memoria pico':>13} {'salida':>10}")
    print(f"{'(a) los cuatro trimestres':34} {a:7.1f} s {statistics.median(cpu_a):6.1f} s "
          f"{memoria_a:10.0f} MB {tamano_a:7.1f} MB")  # fmt: skip
    print(f"{'(b) --anual':34} {b:7.1f} s {statistics.median(cpu_b):6.1f} s "
          f"{memoria:10.0f} MB {anuales[-1].salida_mb or 0:7.1f} MB")  # fmt: skip
    print()
    print("Metas:")
    for texto, cumple, meta in (
        (f"tiempo anual / suma de los trimestres = {b / a:.2f}", b <= RAZON_MAXIMA * a, f"≤ {RAZON_MAXIMA}"),
        (f"CPU anual / suma de los trimestres = {statistics.median(cpu_b) / statistics.median(cpu_a):.2f}", True, "sólo informativa"),
        (f"memoria pico (anual) = {memoria:.0f} MB", memoria < MEMORIA_MAXIMA_MB, f"< {MEMORIA_MAXIMA_MB} MB"),
    ):  # fmt: skip
        print(f"  {'✔' if cumple else '✘'} {texto:50} (meta {meta})")


if __name__ == "__main__":
    main()
