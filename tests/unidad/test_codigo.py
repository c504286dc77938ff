"""The shape of the package itself: short functions, declared layers, typed and linted.

These read the source only (no LibreOffice, no validator), so they run in the fast subset.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[2]
PAQUETE = RAIZ / "reporte_docx"
LINEAS_MAXIMAS = 60


def _funciones() -> list[tuple[str, int]]:
    largas = []
    for archivo in sorted(PAQUETE.rglob("*.py")):
        arbol = ast.parse(archivo.read_text(encoding="utf-8"))
        for nodo in ast.walk(arbol):
            if isinstance(nodo, ast.FunctionDef | ast.AsyncFunctionDef):
                assert nodo.end_lineno is not None
                largo = nodo.end_lineno - nodo.lineno + 1
                largas.append((f"{archivo.relative_to(RAIZ)}:{nodo.lineno} {nodo.name}", largo))
    return largas


def test_ninguna_funcion_pasa_de_60_lineas():
    largas = [f"{lugar} ({n} líneas)" for lugar, n in _funciones() if n > LINEAS_MAXIMAS]
    assert not largas, "funciones demasiado largas:\n" + "\n".join(largas)


def test_la_medida_ve_funciones_largas():
    """The AST walk really measures: the package has functions, some of them over 20 lines."""
    medidas = _funciones()
    assert len(medidas) > 100
    assert any(n > 20 for _, n in medidas)


def _herramienta(nombre: str, *argumentos: str) -> subprocess.CompletedProcess[str]:
    """Run a tool installed beside this Python (the project's virtual environment)."""
    programa = Path(sys.executable).with_name(nombre)
    return subprocess.run(
        [str(programa), *argumentos], cwd=RAIZ, capture_output=True, text=True, timeout=300
    )


def test_las_capas_importan_en_un_solo_sentido():
    """The import-linter contracts of pyproject.toml: layers, and the command line over api."""
    r = _herramienta("lint-imports")
    assert r.returncode == 0, r.stdout + r.stderr


def test_ruff_con_complejidad():
    r = _herramienta("ruff", "check", "reporte_docx", "tests", "bench", "plantillas_docx")
    assert r.returncode == 0, r.stdout + r.stderr
