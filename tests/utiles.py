"""Helpers the tests share: building workbooks and photos, reading documents back.

Each test builds its own input here, visibly, rather than loading fixtures
from disk; the only file input shared is the sample in ``datos/``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import docx
from openpyxl import Workbook
from PIL import Image

RAIZ = Path(__file__).resolve().parent.parent
DATOS = RAIZ / "datos"
VALIDADOR = Path(
    os.environ.get("OOXML_VALIDATOR", RAIZ / "herramientas/node_modules/.bin/ooxml-validator")
)

CAMPOS_REPORTE: dict[str, Any] = {
    "dependencia": "SECRETARÍA DE GOBIERNO",
    "titulo": "REPORTE DE PRUEBA",
    "ejercicio": 2023,
    "trimestre": 2,
    "programa_presupuestario": "E005 - Gobernabilidad",
    "unidad_responsable_programa": "1104-1101 - Despacho",
    "unidad_responsable_fuente": "1104-2432 - Dirección de Derechos Humanos",
    "nivel_objetivo": "F.P.C05.A03 - Elaboración",
    "indicador": "C05A03I3 - Porcentaje de avance",
    "descripcion_avance": "Porcentaje de avance",
    "variable_programada": "Etapas (Programadas)",
    "variable_realizada": "Etapas (Realizadas)",
    "programadas": 3,
    "realizadas": 3,
    "justificacion": "Se cumplió la meta",
    "objetivo": "Objetivo general",
}
ACTIVIDAD = ("1", "Actividad de prueba", dt.datetime(2023, 5, 30), "Chetumal", "Descripción", "")
FIRMAS = [("Elaboró", "Persona Uno", "Jefa"), ("Revisó", "Persona Dos", "Directora")]
#: Headers of each sheet of the contract, as a workbook is written by default.
ENCABEZADOS = {
    "Reporte": ["Campo", "Valor"],
    "Actividades": ["id", "nombre", "fecha", "lugar", "descripcion", "objetivo"],
    "Fotografias": ["actividad", "archivo", "pie"],
    "Eventos": ["actividad", "titulo", "fecha", "evento"],
    "Firmas": ["rol", "nombre", "cargo"],
}


def crear_libro(
    ruta: Path,
    *,
    reporte: dict[str, Any] | None = None,
    actividades: list[tuple] | None = None,
    fotografias: list[tuple] | None = None,
    eventos: list[tuple] | None = None,
    firmas: list[tuple] | None = None,
    encabezados: dict[str, list[str]] | None = None,
    quitar_hojas: tuple[str, ...] = (),
) -> Path:
    """A workbook of the contract; every argument overrides one part of a valid default."""
    campos = {**CAMPOS_REPORTE, **(reporte or {})}
    from reporte_docx.texto import normalizar_nombre

    predeterminados = ENCABEZADOS
    # an override may rename a sheet ("Fotografías " for "Fotografias"): it takes its place
    cambios = {normalizar_nombre(k): (k, v) for k, v in (encabezados or {}).items()}
    nombres = {}
    for nombre, columnas in predeterminados.items():
        nombres[nombre] = cambios.pop(normalizar_nombre(nombre), (nombre, columnas))
    nombres.update({v[0]: v for v in cambios.values()})
    filas = {
        "Reporte": [(k, v) for k, v in campos.items() if v is not ...],
        "Actividades": actividades if actividades is not None else [ACTIVIDAD],
        "Fotografias": fotografias or [],
        "Eventos": eventos or [],
        "Firmas": firmas if firmas is not None else FIRMAS,
    }
    wb = Workbook()
    wb.remove(wb.active)
    for clave, (nombre, columnas) in nombres.items():
        if clave in quitar_hojas:
            continue
        ws = wb.create_sheet(nombre)
        ws.append(columnas)
        for fila in filas.get(clave, []):
            ws.append(list(fila))
    ruta.parent.mkdir(parents=True, exist_ok=True)
    wb.save(ruta)
    return ruta


def crear_foto(ruta: Path, tamano=(400, 300), color=(30, 120, 200), modo="RGB", **guardar) -> Path:
    ruta.parent.mkdir(parents=True, exist_ok=True)
    Image.new(modo, tamano, color).save(ruta, **guardar)
    return ruta


def copiar_ejemplo(destino: Path) -> Path:
    """The sample workbook and its photos, copied into *destino*; returns the workbook."""
    shutil.copytree(DATOS, destino, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.docx"))
    return destino / "reporte_ejemplo.xlsx"


def ejecutar(
    *args: str,
    cwd: Path | None = None,
    timeout: float = 300,
    entorno: dict[str, str | None] | None = None,
    entrada: str | None = None,
) -> subprocess.CompletedProcess:
    """Run the real command line in a fresh interpreter.

    *entorno* adds variables to the environment (``None`` removes one); *entrada* is its stdin.
    """
    variables = {**os.environ, "PYTHONPATH": str(RAIZ), **(entorno or {})}
    return subprocess.run(
        [sys.executable, "-m", "reporte_docx", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={k: v for k, v in variables.items() if v is not None},
        input=entrada,
        timeout=timeout,
    )


def celdas_unicas(tabla):
    """Cells of *tabla* once each (python-docx repeats a merged cell for every grid column)."""
    vistas = set()  # the elements themselves: kept alive, so identity is stable
    for fila in tabla.rows:
        for celda in fila.cells:
            if celda._tc not in vistas:
                vistas.add(celda._tc)
                yield celda


def textos_docx(ruta: Path) -> list[str]:
    """Every paragraph's text of the body, tables (nested too), headers and footers."""
    documento = docx.Document(str(ruta))
    textos: list[str] = []

    def bloque(contenedor) -> None:
        for p in contenedor.paragraphs:
            textos.append(p.text)
        for t in contenedor.tables:
            for celda in celdas_unicas(t):
                bloque(celda)

    bloque(documento)
    for s in documento.sections:
        bloque(s.header)
        bloque(s.footer)
    return textos


def texto_docx(ruta: Path) -> str:
    return "\n".join(textos_docx(ruta))


def tablas_de_eventos(ruta: Path) -> list[list[list[str]]]:
    """Every table (nested too) with a Fecha | Evento header, as rows of cell texts from it.

    The official template puts the table's title in a row above the header; rows
    before the header are left out."""
    documento = docx.Document(str(ruta))
    encontradas = []

    def buscar(tablas) -> None:
        for t in tablas:
            filas = [[c.text for c in f.cells] for f in t.rows]
            if ["Fecha", "Evento"] in filas[:2]:
                encontradas.append(filas[filas.index(["Fecha", "Evento"]) :])
            for c in celdas_unicas(t):
                buscar(c.tables)

    buscar(documento.tables)
    return encontradas


def imagenes_docx(ruta: Path) -> list[str]:
    with zipfile.ZipFile(ruta) as z:
        return [n for n in z.namelist() if n.startswith("word/media/")]


def convertir_con_libreoffice(
    filtro: str, carpeta: Path, *archivos: Path, tiempo: float = 240
) -> None:
    """``soffice --convert-to FILTRO`` of every file in *archivos* (one start for all) into
    *carpeta*, with a profile of its own (runs may go in parallel; two sharing one wait for
    each other or fail)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={Path(tmp, 'perfil').as_uri()}",
                "--headless",
                "--convert-to",
                filtro,
                "--outdir",
                str(carpeta),
                *map(str, archivos),
            ],
            check=True,
            capture_output=True,
            timeout=tiempo,
        )


def a_pdf(ruta: Path) -> tuple[str, int]:
    """Convert with LibreOffice headless; the PDF's text and page count."""
    with tempfile.TemporaryDirectory() as tmp:
        convertir_con_libreoffice("pdf", Path(tmp), ruta)
        pdf = Path(tmp, ruta.with_suffix(".pdf").name)
        texto = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        info = subprocess.run(
            ["pdfinfo", str(pdf)], check=True, capture_output=True, text=True
        ).stdout
    paginas = int(next(x for x in info.splitlines() if x.startswith("Pages:")).split()[1])
    return texto, paginas


def validar_ooxml(ruta: Path) -> dict:
    """Microsoft's Open XML SDK validator on *ruta*; its JSON (the binary exits 0 on errors too)."""
    assert VALIDADOR.exists(), (
        f"falta el validador Open XML ({VALIDADOR}); ejecute scripts/probar.sh, que lo instala"
    )
    entorno = {**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"}
    r = subprocess.run(
        [str(VALIDADOR), str(ruta)], capture_output=True, text=True, env=entorno, timeout=120
    )
    # exit 2: the validator itself could not run — a failure of the test, never a skip
    assert r.returncode in (0, 1) and r.stdout.lstrip().startswith("{"), (
        f"el validador Open XML no funcionó (código {r.returncode}): {r.stderr[-2000:]}"
    )
    return json.loads(r.stdout)


def assert_docx_valido(ruta: Path, textos_permitidos: tuple[str, ...] = ()) -> None:
    """The document passes both Microsoft's validator and the library's own check.

    *textos_permitidos*: data values that contain ``{{`` on purpose.
    """
    from reporte_docx.documento.verificacion import verificar_docx

    resultado = validar_ooxml(ruta)
    assert resultado["ok"] is True, json.dumps(resultado["errors"][:5], indent=1)
    assert verificar_docx(ruta, textos_permitidos) == []


def guardar_con_calc(ruta: Path, carpeta: Path) -> Path:
    """*ruta* opened and saved again as .xlsx by LibreOffice Calc (it writes merges, links,
    hidden rows and tables its own way); the copy, with the same name, in *carpeta*."""
    carpeta.mkdir(parents=True, exist_ok=True)
    convertir_con_libreoffice("xlsx:Calc MS Excel 2007 XML", carpeta, ruta)
    copia = carpeta / ruta.with_suffix(".xlsx").name
    assert copia.exists(), f"LibreOffice no guardó {copia}"
    return copia
