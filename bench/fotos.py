"""Benchmark of the photo pipeline: ``reporte-docx generar`` vs. hand-written docxtpl.

    python bench/fotos.py              # 40 activities x 4 photos of 4000x3000
    python bench/fotos.py --escala 4   # 4x the photos: how does the time grow?
    python bench/fotos.py --perfil     # also profile the generation (pyinstrument)

It synthesizes the workbook and its photos once (kept in a temporary folder,
reused by later runs) and measures, each in its own process:

(a) ``reporte-docx generar`` with an empty photo cache, then again with it full;
(b) what a user writes by hand with docxtpl alone: ``InlineImage`` of the
    original files at the same shown width;
(c) a floor: decoding every photo once at reduced scale on all cores.

For each: wall time, peak memory and output size, and the ratios to the targets.
Peak memory is given twice: the largest single process (``maxrss``) and the sum
over the process and its workers (PSS, sampled every 100 ms).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

ACTIVIDADES = 40
FOTOS_POR_ACTIVIDAD = 4
LADO = (4000, 3000)
MB = 1024 * 1024

# ---------------------------------------------------------------- synthetic input


def _sintetizar(tarea: tuple[Path, int]) -> None:
    """A 4000x3000 JPEG of about 2.5 MB: smooth colour blobs plus sensor-like grain."""
    from PIL import Image, ImageFilter

    ruta, semilla = tarea
    rng = random.Random(semilla)
    ancho, alto = LADO
    base = (
        Image.frombytes("RGB", (320, 240), rng.randbytes(320 * 240 * 3))
        .filter(ImageFilter.GaussianBlur(1.5))
        .resize(LADO, Image.Resampling.BICUBIC)
    )
    medio = Image.frombytes(
        "RGB", (ancho // 4, alto // 4), rng.randbytes(ancho // 4 * alto // 4 * 3)
    ).resize(LADO, Image.Resampling.BILINEAR)
    imagen = Image.blend(base, medio, 0.15)
    grano = Image.frombytes("L", LADO, rng.randbytes(ancho * alto)).convert("RGB")
    imagen = Image.blend(imagen, grano, 0.03)
    exif = Image.Exif()
    exif[0x0112] = 6 if semilla % 4 == 3 else 1  # one in four taken holding the phone upright
    temporal = ruta.with_suffix(".tmp")
    imagen.save(temporal, "JPEG", quality=90, exif=exif.tobytes())
    temporal.replace(ruta)


def _variante(original: Path, destino: Path, n: int) -> None:
    """Same pixels, different bytes (a JPEG comment): another photo for every tool's dedup."""
    datos = original.read_bytes()
    comentario = f"variante {n}".encode()
    segmento = b"\xff\xfe" + (len(comentario) + 2).to_bytes(2, "big") + comentario
    # after the first segment (APP0/APP1): python-docx only recognizes a JPEG that starts so
    corte = 4 + int.from_bytes(datos[4:6], "big")
    destino.write_bytes(datos[:corte] + segmento + datos[corte:])


def preparar(carpeta: Path, escala: int) -> tuple[Path, list[Path]]:
    """The workbook and its photos (the originals are made once and reused)."""
    from tests.utiles import crear_libro

    fotos_dir = carpeta / "fotos"
    fotos_dir.mkdir(parents=True, exist_ok=True)
    n_base = ACTIVIDADES * FOTOS_POR_ACTIVIDAD
    base = [fotos_dir / f"foto_{i:03d}.jpg" for i in range(n_base)]
    faltan = [(r, i) for i, r in enumerate(base) if not r.exists()]
    if faltan:
        print(f"Sintetizando {len(faltan)} fotografías de {LADO[0]}x{LADO[1]}…", flush=True)
        with Pool() as grupo:
            grupo.map(_sintetizar, faltan, chunksize=1)
    fotos = list(base)
    for copia in range(1, escala):
        for i, original in enumerate(base):
            destino = fotos_dir / f"foto_{i:03d}_v{copia}.jpg"
            if not destino.exists():
                _variante(original, destino, copia)
            fotos.append(destino)
    actividades = []
    filas_fotos = []
    for a in range(ACTIVIDADES * escala):
        ident = str(a + 1)
        actividades.append(
            (
                ident,
                f"Actividad {ident}",
                f"{1 + a % 28:02d}/05/2023",
                "Chetumal",
                "Texto " * 40,
                "",
            )
        )
        for k in range(FOTOS_POR_ACTIVIDAD):
            foto = fotos[a * FOTOS_POR_ACTIVIDAD + k]
            filas_fotos.append((ident, f"fotos/{foto.name}", f"Fotografía {k + 1}"))
    libro = crear_libro(
        carpeta / f"libro_x{escala}.xlsx", actividades=actividades, fotografias=filas_fotos
    )
    return libro, fotos


def ancho_mostrado_emu(columnas: int = 2) -> int:
    """The width reporte-docx shows a landscape photo at in the official template."""
    from reporte_docx.documento import galeria
    from reporte_docx.plantilla import render as plantilla

    seccion = plantilla.abrir_plantilla(plantilla.plantilla_oficial()).docx.sections[0]
    ancho_texto = int(seccion.page_width - seccion.left_margin - seccion.right_margin)
    return galeria.ancho_de_columna_emu(ancho_texto, columnas)


# ---------------------------------------------------------------- the contenders (subprocesses)


def _plantilla_docxtpl(ruta: Path) -> None:
    """The template a user would write for docxtpl: a loop of headings, text and pictures."""
    import docx

    documento = docx.Document()
    documento.add_paragraph("{%p for a in actividades %}")
    documento.add_heading("{{ a.nombre }}", level=2)
    documento.add_paragraph("{{ a.descripcion }}")
    documento.add_paragraph("{%p for f in a.fotos %}")
    documento.add_paragraph("{{ f.imagen }}")
    documento.add_paragraph("{{ f.pie }}")
    documento.add_paragraph("{%p endfor %}")
    documento.add_paragraph("{%p endfor %}")
    documento.save(ruta)


def base_docxtpl(libro: Path, salida: Path, ancho_emu: int) -> None:
    """Baseline: openpyxl to read, docxtpl ``InlineImage`` of the original files."""
    from docx.shared import Emu
    from docxtpl import DocxTemplate, InlineImage
    from openpyxl import load_workbook

    plantilla = salida.with_name("plantilla_docxtpl.docx")
    _plantilla_docxtpl(plantilla)
    wb = load_workbook(libro, read_only=True)
    actividades = {
        str(f[0]): {"nombre": f[1], "descripcion": f[4], "fotos": []}
        for f in wb["Actividades"].iter_rows(min_row=2, values_only=True)
    }
    tpl = DocxTemplate(plantilla)
    for ident, archivo, pie in wb["Fotografias"].iter_rows(min_row=2, values_only=True):
        imagen = InlineImage(tpl, str(libro.parent / archivo), width=Emu(ancho_emu))
        actividades[str(ident)]["fotos"].append({"imagen": imagen, "pie": pie})
    tpl.render({"actividades": list(actividades.values())})
    tpl.save(salida)


def _decodificar(tarea: tuple[str, int]) -> tuple[int, int]:
    from PIL import Image

    ruta, ancho_px = tarea
    with Image.open(ruta) as imagen:
        alto_px = round(ancho_px * imagen.height / imagen.width)
        imagen.draft("RGB", (ancho_px, alto_px))
        imagen.load()
        return imagen.size


def piso(fotos: list[str], ancho_px: int) -> None:
    """Floor: every photo decoded once at reduced scale, on every core, nothing else."""
    from reporte_docx.fotos.paralelo import nucleos

    with Pool(nucleos()) as grupo:
        list(grupo.imap_unordered(_decodificar, [(f, ancho_px) for f in fotos], chunksize=1))


# ---------------------------------------------------------------- measuring


@dataclass
class Medida:
    nombre: str
    segundos: float
    maxrss_mb: float
    pss_mb: float
    salida_mb: float | None


def _arbol(pid: int) -> list[int]:
    """*pid* and all its descendants (cheap: only their ``children`` files are read)."""
    todos, pendientes = [], [pid]
    while pendientes:
        p = pendientes.pop()
        todos.append(p)
        try:
            for tarea in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tarea}/children") as f:
                    pendientes.extend(int(h) for h in f.read().split())
        except OSError:
            continue
    return todos


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for linea in f:
                if linea.startswith("Pss:"):
                    return int(linea.split()[1])
    except OSError:
        pass
    return 0


def medir(
    nombre: str, orden: list[str], salida: Path | None, entorno: dict | None = None
) -> Medida:
    """Run *orden* as a child process: wall time, its peak memory, and the output's size."""
    if salida is not None:
        salida.unlink(missing_ok=True)
    pico = [0]
    fin = threading.Event()
    inicio = time.perf_counter()
    proceso = subprocess.Popen(orden, env={**os.environ, **(entorno or {})}, cwd=RAIZ)

    def muestrear() -> None:
        while not fin.is_set():
            pico[0] = max(pico[0], sum(_pss_kb(p) for p in _arbol(proceso.pid)))
            fin.wait(0.1)

    hilo = threading.Thread(target=muestrear, daemon=True)
    hilo.start()
    _, estado, uso = os.wait4(proceso.pid, 0)
    segundos = time.perf_counter() - inicio
    fin.set()
    hilo.join()
    proceso.returncode = os.waitstatus_to_exitcode(estado)
    if proceso.returncode != 0:
        sys.exit(f"{nombre} falló (código {proceso.returncode})")
    tamano = salida.stat().st_size / MB if salida is not None else None
    # ru_maxrss is in KB on Linux; wait4 also covers the child's own (waited-for) workers
    return Medida(nombre, segundos, uso.ru_maxrss / 1024, pico[0] / 1024, tamano)


def maquina() -> str:
    modelo = platform.processor() or "desconocido"
    try:
        with open("/proc/cpuinfo") as f:
            modelo = next(
                (ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), modelo
            )
    except OSError:
        pass
    from reporte_docx.fotos.paralelo import nucleos

    return f"{nucleos()} núcleos, {modelo}, Python {platform.python_version()}"


def perfilar(libro: Path, salida: Path, cache: Path) -> None:
    """Where the time of a generation goes (cold cache), with pyinstrument."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pyinstrument",
            "-r",
            "text",
            "-m",
            "reporte_docx",
            "generar",
            str(libro),
            "-o",
            str(salida),
            "--sobrescribir",
            "--silencioso",
        ],
        cwd=RAIZ,
        env={**os.environ, "REPORTE_DOCX_CACHE": str(cache)},
        check=True,
    )


def argumento_carpeta(analizador: argparse.ArgumentParser, ayuda: str) -> None:
    """``--carpeta``: where synthetic input is kept between runs (shared by the benchmarks)."""
    analizador.add_argument(
        "--carpeta",
        type=Path,
        default=Path(tempfile.gettempdir()) / "reporte-docx-bench",
        help=ayuda,
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_docxtpl":
        base_docxtpl(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "_piso":
        piso(sys.argv[3:], int(sys.argv[2]))
        return

    analizador = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    analizador.add_argument("--escala", type=int, default=1, help="multiplica las actividades")
    argumento_carpeta(analizador, "dónde guardar las fotos sintéticas (se reutilizan)")
    analizador.add_argument("--sin-docxtpl", action="store_true", help="omitir la línea base")
    analizador.add_argument("--perfil", action="store_true", help="perfilar con pyinstrument")
    args = analizador.parse_args()

    from reporte_docx.fotos.proceso import DPI_PREDETERMINADO, pixeles_para

    libro, fotos = preparar(args.carpeta, args.escala)
    ancho = ancho_mostrado_emu()
    salida = args.carpeta / "salida"
    salida.mkdir(exist_ok=True)
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=args.carpeta))
    entrada_mb = sum(f.stat().st_size for f in fotos) / MB
    print(f"Máquina: {maquina()}")
    print(
        f"Entrada: {len(fotos)} fotografías distintas de {LADO[0]}x{LADO[1]} "
        f"({entrada_mb:,.0f} MB), mostradas a {ancho / 360000:.2f} cm de ancho"
    )

    py = sys.executable
    generar = [py, "-m", "reporte_docx", "generar", str(libro), "--sobrescribir", "--silencioso"]
    docx_nuestro = salida / "reporte_docx.docx"
    medidas = {
        "piso": medir(
            "(c) piso: decodificar a escala reducida",
            [py, __file__, "_piso", str(pixeles_para(ancho, DPI_PREDETERMINADO))]
            + [str(f) for f in fotos],
            None,
        ),
        "frio": medir(
            "(a) reporte-docx, caché vacía",
            [*generar, "-o", str(docx_nuestro)],
            docx_nuestro,
            {"REPORTE_DOCX_CACHE": str(cache)},
        ),
        "tibio": medir(
            "(a) reporte-docx, caché llena",
            [*generar, "-o", str(docx_nuestro)],
            docx_nuestro,
            {"REPORTE_DOCX_CACHE": str(cache)},
        ),
    }
    if not args.sin_docxtpl:
        docx_base = salida / "docxtpl.docx"
        medidas["docxtpl"] = medir(
            "(b) docxtpl a mano (InlineImage)",
            [py, __file__, "_docxtpl", str(libro), str(docx_base), str(ancho)],
            docx_base,
        )

    print()
    print(f"{'':42} {'tiempo':>9} {'maxrss':>9} {'PSS total':>10} {'salida':>10}")
    for m in medidas.values():
        tamano = f"{m.salida_mb:8.1f} MB" if m.salida_mb is not None else f"{'—':>10}"
        print(
            f"{m.nombre:42} {m.segundos:7.1f} s {m.maxrss_mb:6.0f} MB {m.pss_mb:7.0f} MB {tamano}"
        )

    frio, piso_ = medidas["frio"], medidas["piso"]
    print()
    print("Metas (razones en esta misma ejecución):")
    filas = [
        (
            f"tiempo / piso = {frio.segundos / piso_.segundos:.2f}",
            frio.segundos <= 2.5 * piso_.segundos,
            "≤ 2,5",
        )
    ]
    if "docxtpl" in medidas:
        base = medidas["docxtpl"]
        filas += [
            (
                f"tiempo / docxtpl = {frio.segundos / base.segundos:.3f}",
                frio.segundos <= 0.2 * base.segundos,
                "≤ 0,2",
            ),
            (
                f"salida / docxtpl = 1/{base.salida_mb / frio.salida_mb:.0f}",
                frio.salida_mb * 20 <= base.salida_mb,
                "≤ 1/20",
            ),
        ]
    filas += [
        (f"salida = {frio.salida_mb:.1f} MB", frio.salida_mb <= 20, "≤ 20 MB"),
        (f"memoria máxima (maxrss) = {frio.maxrss_mb:.0f} MB", frio.maxrss_mb <= 250, "≤ 250 MB"),
        (
            f"caché llena / caché vacía = {medidas['tibio'].segundos / frio.segundos:.2f}",
            True,
            "informativo",
        ),
    ]
    for texto, cumple, meta in filas:
        print(f"  {'✔' if cumple else '✘'} {texto:45} (meta {meta})")

    shutil.rmtree(cache, ignore_errors=True)
    if args.perfil:
        print("\nPerfil de «generar» con caché vacía:")
        cache = Path(tempfile.mkdtemp(prefix="cache-", dir=args.carpeta))
        perfilar(libro, docx_nuestro, cache)
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
