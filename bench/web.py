"""Benchmark of the web page: ``reporte-docx servir`` against the command line.

    python bench/web.py                 # 160 photos of 4000x3000 (bench/fotos.py makes them)
    python bench/web.py --simultaneas 10

(a) The 160-photo workbook: ``reporte-docx generar`` (photo cache off, as the
    server runs) against the same workbook and photos uploaded to a running
    ``reporte-docx servir``: from the first byte sent to the .docx ready to
    download, and to the PDF and every page preview ready (against
    ``generar --pdf``). Target: the .docx through the page within 1.3x.
(b) Ten simultaneous uploads of the sample workbook with its photos: each one
    must end with a .docx that passes the structural check.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

import httpx2 as httpx  # noqa: E402

sys.path.insert(0, str(RAIZ / "bench"))
from fotos import preparar  # noqa: E402

from reporte_docx.documento.verificacion import revisar_docx  # noqa: E402
from reporte_docx.web.seguridad import COOKIE_TOKEN  # noqa: E402
from tests.utiles_web import servidor_real  # noqa: E402

DATOS = RAIZ / "datos"
SIN_CACHE = {**os.environ, "REPORTE_DOCX_CACHE": "", "PYTHONPATH": str(RAIZ)}


@contextmanager
def servidor(trabajos: int) -> Iterator[str]:
    """A real ``reporte-docx servir`` on a free port (photo cache off); yields its address."""
    with servidor_real("--trabajos", str(trabajos), entorno=SIN_CACHE) as (url, _):
        yield url


def subir(url: str, libro: Path, fotos: list[Path]) -> tuple[str, float, float, bytes]:
    """Upload as the page does; (job id, seconds to .docx, seconds to previews, the .docx)."""
    with httpx.Client(base_url=url, timeout=600) as c, ExitStack() as pila:
        c.get("/")
        token = c.cookies[COOKIE_TOKEN]
        archivos = [("libro", (libro.name, pila.enter_context(open(libro, "rb"))))]
        for foto in fotos:
            ruta = foto.relative_to(libro.parent).as_posix()
            archivos.append(("fotos", (ruta, pila.enter_context(open(foto, "rb")))))
        inicio = time.perf_counter()
        r = c.post("/trabajos", data={"token": token}, files=archivos)
        r.raise_for_status()
        ident = r.json()["id"]
        docx_listo = None
        while True:
            estado = c.get(f"/trabajos/{ident}").json()
            if docx_listo is None and "docx" in estado["archivos"]:
                docx_listo = time.perf_counter() - inicio
            if estado["estado"] not in ("esperando", "procesando"):
                break
            time.sleep(0.05)
        total = time.perf_counter() - inicio
        if estado["estado"] != "listo":
            raise SystemExit(f"el trabajo no terminó bien: {estado}")
        docx = c.get(f"/trabajos/{ident}/reporte.docx").content
        return ident, docx_listo or total, total, docx


def linea_de_ordenes(libro: Path, salida: Path, pdf: bool) -> float:
    orden = [sys.executable, "-m", "reporte_docx", "generar", str(libro), "-o", str(salida)]
    inicio = time.perf_counter()
    subprocess.run(
        [*orden, "--sobrescribir", "--silencioso", *(["--pdf"] if pdf else [])],
        check=True,
        env=SIN_CACHE,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - inicio


def medir_160(carpeta: Path, veces: int) -> None:
    """Best of *veces* runs each, alternated, after one read of every photo (warm disk)."""
    libro, fotos = preparar(carpeta, 1)
    for foto in fotos:
        foto.read_bytes()
    cli, cli_pdf, web, web_total = [], [], [], []
    for _ in range(veces):
        with tempfile.TemporaryDirectory() as tmp:
            cli.append(linea_de_ordenes(libro, Path(tmp, "a.docx"), pdf=False))
            cli_pdf.append(linea_de_ordenes(libro, Path(tmp, "b.docx"), pdf=True))
        with servidor(trabajos=1) as url:
            _, hasta_docx, hasta_final, docx = subir(url, libro, fotos)
        assert revisar_docx(docx) == []
        web.append(hasta_docx)
        web_total.append(hasta_final)
    cli, cli_pdf, web, web_total = min(cli), min(cli_pdf), min(web), min(web_total)
    print(f"{len(fotos)} fotos ({sum(f.stat().st_size for f in fotos) / 1024**2:.0f} MB)")
    print(f"  línea de órdenes, .docx:          {cli:6.1f} s")
    print(f"  página, subida → .docx listo:     {web:6.1f} s   ({web / cli:.2f}×, meta ≤ 1.3×)")
    print(f"  línea de órdenes, .docx + PDF:    {cli_pdf:6.1f} s")
    print(f"  página, → PDF y vista previa:     {web_total:6.1f} s   ({web_total / cli_pdf:.2f}×)")


def medir_simultaneas(n: int) -> None:
    libro = DATOS / "reporte_ejemplo.xlsx"
    fotos = sorted((DATOS / "fotos").iterdir())
    resultados: list[tuple[float, bool] | BaseException] = []

    def una() -> None:
        try:
            _, _, total, docx = subir(url, libro, fotos)
            resultados.append((total, revisar_docx(docx) == []))
        except BaseException as e:  # reported below: one failure must not hide the others
            resultados.append(e)

    with servidor(trabajos=2) as url:
        inicio = time.perf_counter()
        hilos = [threading.Thread(target=una) for _ in range(n)]
        for h in hilos:
            h.start()
        for h in hilos:
            h.join()
        pared = time.perf_counter() - inicio
    bien = [r for r in resultados if isinstance(r, tuple) and r[1]]
    print(f"{n} subidas simultáneas del ejemplo: {len(bien)} de {n} bien, en {pared:.1f} s")
    if bien:
        tiempos = sorted(r[0] for r in bien)
        print(f"  cada una, de la subida al final: {tiempos[0]:.1f} a {tiempos[-1]:.1f} s")
    for r in resultados:
        if not isinstance(r, tuple):
            print(f"  falló: {r!r}")
    if len(bien) != n:
        raise SystemExit(1)


def main() -> None:
    analizador = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    analizador.add_argument(
        "--carpeta", type=Path, default=Path(tempfile.gettempdir()) / "reporte-docx-bench"
    )
    analizador.add_argument("--simultaneas", type=int, default=10)
    analizador.add_argument("--veces", type=int, default=3, help="repeticiones (la mejor)")
    analizador.add_argument("--solo", choices=("160", "simultaneas"))
    args = analizador.parse_args()
    if args.solo != "simultaneas":
        medir_160(args.carpeta, args.veces)
    if args.solo != "160":
        medir_simultaneas(args.simultaneas)


if __name__ == "__main__":
    main()
