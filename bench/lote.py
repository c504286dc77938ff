"""Benchmark of a batch: 8 reports rendered one after another vs. through one shared pool.

    python bench/lote.py                 # 8 reports x 6 photos of 3000x2250
    python bench/lote.py --reportes 16   # more reports

What a service or a batch script does: many reports in one process. Measured,
each with an empty photo cache:

(a) one after another, each report starting (and closing) a process pool of its own
    (the default of ``renderizar_reporte``);
(b) one after another, serially (``AjustesFotos(procesos=1)``);
(c) in threads with the default settings (with threads present, photos are processed
    in a few threads of the calling process: before, each report started a pool);
(d) in threads, all sharing one process pool (``grupo_de_procesos()`` passed as
    ``AjustesFotos(ejecutor=…)``): photos of one report are processed while another
    report's template is rendered, and never more workers than cores.

For each, the wall time and the most child processes alive at once. The
documents of every way must be byte-identical; the script checks it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from PIL import Image, ImageFilter  # noqa: E402

from reporte_docx.api import renderizar_reporte  # noqa: E402
from reporte_docx.fotos.paralelo import (  # noqa: E402
    AjustesFotos,
    grupo_de_procesos,
    nucleos,
    usar_ajustes,
)
from reporte_docx.modelo import Actividad, Firma, Fotografia, Reporte  # noqa: E402

FECHA = dt.datetime(2023, 7, 1, tzinfo=dt.UTC)
LADO = (3000, 2250)


def foto(ruta: Path, semilla: int) -> Path:
    """A photo-like JPEG: smooth colour plus grain (a flat one would compress to nothing)."""
    rng = random.Random(semilla)
    base = Image.frombytes("RGB", (160, 120), rng.randbytes(160 * 120 * 3))
    base = base.filter(ImageFilter.GaussianBlur(1.5)).resize(LADO, Image.Resampling.BICUBIC)
    grano = Image.effect_noise(LADO, 25).convert("RGB")
    Image.blend(base, grano, 0.15).save(ruta, quality=90)
    return ruta


def reportes(carpeta: Path, cuantos: int, fotos_por_reporte: int) -> list[Reporte]:
    lista = []
    for r in range(cuantos):
        fotos = [
            Fotografia(foto(carpeta / f"r{r}_f{i}.jpg", r * 100 + i), f"Pie {i}")
            for i in range(fotos_por_reporte)
        ]
        actividad = Actividad(
            "1", f"Actividad {r}", dt.date(2023, 5, 3), "Chetumal", "Texto", fotografias=fotos
        )
        lista.append(
            Reporte(
                "SECRETARÍA",
                f"REPORTE {r}",
                2023,
                2,
                actividades=[actividad],
                firmas=[Firma("Elaboró", "Nombre", "Cargo")],
            )
        )
    return lista


def uno_tras_otro(lista: list[Reporte], ajustes: AjustesFotos) -> list[bytes]:
    with usar_ajustes(ajustes):
        return [renderizar_reporte(r, fecha=FECHA) for r in lista]


def en_hilos_cada_uno_su_grupo(lista: list[Reporte], hilos: int) -> list[bytes]:
    def uno(reporte: Reporte) -> bytes:
        with usar_ajustes(AjustesFotos(cache=False)):
            return renderizar_reporte(reporte, fecha=FECHA)

    with ThreadPoolExecutor(hilos) as ejecutor:
        return list(ejecutor.map(uno, lista))


def en_hilos_con_un_grupo(lista: list[Reporte], hilos: int) -> list[bytes]:
    with grupo_de_procesos() as grupo, ThreadPoolExecutor(hilos) as ejecutor:

        def uno(reporte: Reporte) -> bytes:
            with usar_ajustes(AjustesFotos(ejecutor=grupo, cache=False)):
                return renderizar_reporte(reporte, fecha=FECHA)

        return list(ejecutor.map(uno, lista))


VIGIA = """
import pathlib, sys, time
pid, pico = sys.argv[1], 0
while not pathlib.Path(sys.argv[2]).exists():
    hijos = set()
    for tarea in pathlib.Path(f"/proc/{pid}/task").iterdir():
        try:
            hijos.update((tarea / "children").read_text().split())
        except OSError:
            pass
    pico = max(pico, len(hijos) - 1)  # minus this watcher
    time.sleep(0.005)
print(pico)
"""


def medir(nombre: str, funcion: Callable[..., list[bytes]], *args: object) -> list[bytes]:
    """Run *funcion*; print its wall time and the most child processes alive at once.

    The children are counted from another process (``/proc``): a watcher thread
    here would itself change how photos are processed (threads present).
    """
    fin = Path(tempfile.mkdtemp(prefix="bench-vigia-")) / "fin"
    vigia = subprocess.Popen(
        [sys.executable, "-c", VIGIA, str(os.getpid()), str(fin)], stdout=subprocess.PIPE, text=True
    )
    inicio = time.perf_counter()
    try:
        resultado = funcion(*args)
    finally:
        fin.touch()
    pico = vigia.communicate()[0].strip()
    print(f"| {nombre:<52} | {time.perf_counter() - inicio:6.2f} s | {pico:>8} |")
    return resultado


def main() -> None:
    analizador = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    analizador.add_argument("--reportes", type=int, default=8)
    analizador.add_argument("--fotos", type=int, default=6, help="fotos por reporte")
    analizador.add_argument("--hilos", type=int, default=4)
    args = analizador.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-lote-") as carpeta:
        lista = reportes(Path(carpeta), args.reportes, args.fotos)
        print(
            f"{args.reportes} reportes × {args.fotos} fotos de {LADO[0]}×{LADO[1]}, "
            f"{nucleos()} núcleos, Python {sys.version.split()[0]}, {os.uname().machine}\n"
        )
        print(f"| {'forma':<52} | tiempo   | procesos |\n| {'-' * 52} | -------- | -------- |")
        a = medir(
            "(a) uno tras otro, un grupo de procesos por reporte",
            uno_tras_otro,
            lista,
            AjustesFotos(cache=False),
        )
        b = medir(
            "(b) uno tras otro, en serie (procesos=1)",
            uno_tras_otro,
            lista,
            AjustesFotos(procesos=1, cache=False),
        )
        c = medir(
            f"(c) {args.hilos} hilos, ajustes predeterminados",
            en_hilos_cada_uno_su_grupo,
            lista,
            args.hilos,
        )
        d = medir(
            f"(d) {args.hilos} hilos que comparten un grupo de procesos",
            en_hilos_con_un_grupo,
            lista,
            args.hilos,
        )
    if not a == b == c == d:
        sys.exit("los documentos difieren entre las formas: es un error")
    print("\nLas cuatro formas dan documentos idénticos byte a byte.")


if __name__ == "__main__":
    main()
