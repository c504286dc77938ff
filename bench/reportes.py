"""Benchmark of a batch: 8 reports one after another vs. through one shared process pool.

    python bench/reportes.py                  # 8 reports x 6 photos of 3000x2250
    python bench/reportes.py --reportes 16    # a larger batch

What a batch script or a service does with the library: many reports in one
program. Measured with the photo cache off (every photo processed each time):

(a) one after another: ``renderizar_reporte`` for each report, each starting
    (and closing) a process pool of its own for its photos, the default;
(b) one shared pool of whole reports: one :class:`~concurrent.futures.ProcessPoolExecutor`
    of one worker per core for the whole batch, each worker rendering whole
    reports with ``procesos=1`` — the template is rendered in the worker too,
    so the cores stay busy while another report's photos are processed, and
    no pool is started per report;
(c) one shared pool of photos: the reports rendered in threads of this process,
    every photo of every report sent to one process pool (``ejecutor=``), as a
    service that keeps its reports in one process would.

The documents of both ways must be byte-identical; the script checks it. A
report built in one process is pickled to the worker, and an error raised there
comes back with its findings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from PIL import Image, ImageFilter  # noqa: E402

from reporte_docx import Actividad, Firma, Fotografia, Reporte, renderizar_reporte  # noqa: E402

FECHA = dt.datetime(2023, 7, 1, tzinfo=dt.UTC)
LADO = (3000, 2250)


def _foto(ruta: Path, semilla: int) -> Path:
    """A camera-like photo: smooth colour fields plus noise, so JPEG has real work to do."""
    azar = random.Random(semilla)
    base = Image.new("RGB", (60, 45))
    base.putdata([tuple(azar.randrange(256) for _ in range(3)) for _ in range(60 * 45)])
    imagen = base.resize(LADO, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(8))
    ruido = Image.effect_noise(LADO, 24).convert("RGB")
    Image.blend(imagen, ruido, 0.15).save(ruta, quality=92)
    return ruta


def _reporte(n: int, fotos: list[Path]) -> Reporte:
    actividades = [
        Actividad(
            str(i + 1),
            f"Actividad {i + 1} del reporte {n + 1}",
            dt.date(2023, 5, 2 + i),
            "Chetumal",
            "Descripción de la actividad. " * 20,
            fotografias=[Fotografia(f, f"Foto {j + 1}") for j, f in enumerate(fotos[i::2])],
        )
        for i in range(2)
    ]
    return Reporte(
        "SECRETARÍA DE GOBIERNO",
        f"REPORTE {n + 1}",
        2023,
        2,
        objetivo="Objetivo",
        actividades=actividades,
        firmas=[Firma("Elaboró", "Nombre", "Cargo")],
    )


def _uno(reporte: Reporte) -> bytes:
    return renderizar_reporte(reporte, fecha=FECHA, procesos=1, cache=False)


def main() -> None:
    analizador = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    analizador.add_argument("--reportes", type=int, default=8)
    analizador.add_argument("--fotos", type=int, default=6, help="fotos por reporte")
    args = analizador.parse_args()
    nucleos = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory(prefix="bench-lote-") as tmp:
        reportes = []
        for n in range(args.reportes):
            fotos = [_foto(Path(tmp, f"r{n}_f{j}.jpg"), n * 100 + j) for j in range(args.fotos)]
            reportes.append(_reporte(n, fotos))
        print(
            f"{args.reportes} reportes × {args.fotos} fotos de {LADO[0]}×{LADO[1]}, {nucleos} núcleos"
        )

        inicio = time.perf_counter()
        uno_tras_otro = [renderizar_reporte(r, fecha=FECHA, cache=False) for r in reportes]
        a = time.perf_counter() - inicio
        print(f"(a) uno tras otro, un grupo de procesos por reporte: {a:6.1f} s")

        inicio = time.perf_counter()
        with ProcessPoolExecutor(nucleos) as grupo:
            compartido = list(grupo.map(_uno, reportes))
        b = time.perf_counter() - inicio
        print(f"(b) un grupo de procesos para reportes enteros:      {b:6.1f} s  ({a / b:.2f}×)")

        inicio = time.perf_counter()
        with ProcessPoolExecutor(nucleos) as grupo, ThreadPoolExecutor(nucleos) as hilos:
            fotos_compartidas = list(
                hilos.map(
                    lambda r: renderizar_reporte(r, fecha=FECHA, cache=False, ejecutor=grupo),
                    reportes,
                )
            )
        c = time.perf_counter() - inicio
        print(f"(c) hilos, un grupo de procesos para todas las fotos: {c:6.1f} s  ({a / c:.2f}×)")

    assert compartido == uno_tras_otro == fotos_compartidas, "los documentos deben ser idénticos"
    print("Los documentos de las tres formas son idénticos byte a byte.")


if __name__ == "__main__":
    main()
