"""Benchmark: ``generar --sobrescribir`` over a report corrected in Word, against a fresh one.

    python bench/ida_vuelta.py              # 40 activities, 160 photos of 12 MP
    python bench/ida_vuelta.py --fotos 40 --veces 5

It builds one workbook (40 activities of 4 photos, the synthetic 4000x3000
JPEGs of ``bench/fotos.py``), generates its report once and corrects it the way
Word saves an edit in place: every activity's description rewritten inside its
field. Then, in the same run and each in its own process with an empty photo
cache, ``--veces`` rounds of: (a) a fresh ``generar`` of the workbook; (b)
``generar --sobrescribir`` over a copy of the corrected report (read back,
compared field by field with the workbook and the snapshot, the corrections
carried forward); (c) ``incorporar`` of the corrected report into a copy of the
workbook. Targets of issue 18: (b) ≤ 1.2× (a), and (c) under 2 s.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import zipfile
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from bench import fotos as base  # noqa: E402
from bench.anual import libros  # noqa: E402
from bench.fotos_pegadas import preparar_fotos  # noqa: E402

RAZON_MAXIMA = 1.2
INCORPORAR_MAXIMO = 2.0


def corregir(generado: Path, corregido: Path) -> int:
    """A copy of *generado* with each description rewritten in place; how many were."""
    with zipfile.ZipFile(generado) as z:
        partes = {n: z.read(n) for n in z.namelist()}
    documento = partes["word/document.xml"].decode()
    documento, cuantas = re.subn(
        r"(Texto ){10}", "Texto corregido en Word por quien revisó ", documento
    )
    partes["word/document.xml"] = documento.encode()
    with zipfile.ZipFile(corregido, "w", zipfile.ZIP_DEFLATED) as z:
        for nombre, datos in partes.items():
            z.writestr(nombre, datos)
    return cuantas


def _orden(*argumentos: str) -> list[str]:
    return [sys.executable, "-m", "reporte_docx", *argumentos]


def _medir(nombre: str, orden: list[str], carpeta: Path, salida: Path | None) -> base.Medida:
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=carpeta))
    try:
        return base.medir(nombre, orden, salida, {"REPORTE_DOCX_CACHE": str(cache)})
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def _ronda(libro: Path, corregido: Path, carpeta: Path) -> tuple[float, float, float]:
    salida = carpeta / "salida_ida_vuelta"
    salida.mkdir(exist_ok=True)
    fresco = salida / "fresco.docx"
    a = _medir(
        "(a) generar",
        _orden("generar", str(libro), "-o", str(fresco), "--silencioso"),
        carpeta,
        fresco,
    )
    encima = salida / "corregido.docx"
    shutil.copy2(corregido, encima)
    orden_b = _orden("generar", str(libro), "-o", str(encima), "--sobrescribir", "--silencioso")
    b = _medir("(b) sobre el corregido", orden_b, carpeta, None)
    copia = salida / "libro.xlsx"
    shutil.copy2(libro, copia)
    c = _medir("(c) incorporar", _orden("incorporar", str(corregido), str(copia)), carpeta, None)
    for respaldo in salida.glob("*.respaldo-*"):
        respaldo.unlink()
    return a.segundos, b.segundos, c.segundos


def main() -> None:
    analizador = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    analizador.add_argument("--fotos", type=int, default=160, help="fotos del libro (de 12 MP)")
    analizador.add_argument("--veces", type=int, default=3, help="rondas (se da la mediana)")
    base.argumento_carpeta(analizador, "dónde guardar las fotos y el libro (se reutilizan)")
    args = analizador.parse_args()

    fotos = preparar_fotos(args.carpeta, args.fotos)
    libro = libros(args.carpeta, fotos, args.fotos)[0]  # the first quarter's: all the photos
    generado = args.carpeta / "ida_vuelta_generado.docx"
    _medir(
        "preparación",
        _orden("generar", str(libro), "-o", str(generado), "--sobrescribir", "--silencioso"),
        args.carpeta,
        generado,
    )
    corregido = args.carpeta / "ida_vuelta_corregido.docx"
    cuantas = corregir(generado, corregido)
    print(f"Máquina: {base.maquina()}")
    print(
        f"Entrada: {args.fotos} fotografías de {base.LADO[0]}x{base.LADO[1]}; {cuantas} descripciones corregidas"
    )
    rondas = [_ronda(libro, corregido, args.carpeta) for _ in range(args.veces)]
    for a, b, c in rondas:
        print(f"  (a) {a:.1f} s   (b) {b:.1f} s   (c) {c:.2f} s")
    a, b, c = (statistics.median(r[i] for r in rondas) for i in range(3))
    print()
    print(f"{'(a) generar desde el libro':40} {a:7.1f} s")
    print(f"{'(b) generar sobre el reporte corregido':40} {b:7.1f} s")
    print(f"{'(c) incorporar':40} {c:7.2f} s")
    print()
    print("Metas:")
    for texto, cumple, meta in (
        (f"(b) / (a) = {b / a:.2f}", b <= RAZON_MAXIMA * a, f"≤ {RAZON_MAXIMA}"),
        (f"incorporar = {c:.2f} s", c < INCORPORAR_MAXIMO, f"< {INCORPORAR_MAXIMO} s"),
    ):
        print(f"  {'✔' if cumple else '✘'} {texto:50} (meta {meta})")


if __name__ == "__main__":
    main()
