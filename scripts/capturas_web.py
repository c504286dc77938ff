"""The README's screenshots of the web page (docs/web_hallazgos.png, docs/web_vista_previa.png).

    .venv/bin/python scripts/capturas_web.py

Starts ``reporte-docx servir`` on a free port and drives Debian's Chromium
through Playwright, as the browser tests do: a workbook with three mistakes,
then the sample workbook with its photos.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.utiles import DATOS  # noqa: E402
from tests.utiles_web import libro_con_tres_errores, servidor_real  # noqa: E402

ANCHO = 900


def main() -> None:
    with (
        servidor_real() as (url, _),
        tempfile.TemporaryDirectory() as tmp,
        sync_playwright() as p,
    ):
        navegador = p.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=["--no-sandbox", "--lang=es-419"],
            # the browser's own controls ("Elegir archivo") in Spanish, as a user's are
            env={**os.environ, "LANG": "es_MX.UTF-8", "LANGUAGE": "es"},
        )
        pagina = navegador.new_page(
            viewport={"width": ANCHO, "height": 900}, locale="es-MX", device_scale_factor=1
        )
        pagina.goto(f"{url}/")
        pagina.set_input_files("#libro", libro_con_tres_errores(Path(tmp)))
        pagina.click("#enviar")
        pagina.wait_for_selector("#tabla tbody tr >> nth=2")
        pagina.screenshot(path=RAIZ / "docs/web_hallazgos.png", full_page=True)

        pagina.goto(f"{url}/")
        pagina.set_input_files("#libro", DATOS / "reporte_ejemplo.xlsx")
        pagina.set_input_files("#fotos", DATOS / "fotos")
        pagina.click("#enviar")
        pagina.wait_for_selector("#paginas img", timeout=180_000)
        pagina.wait_for_function(
            "Array.from(document.querySelectorAll('#paginas img'))"
            ".every(i => i.complete && i.naturalWidth > 0)"
        )
        pagina.locator("#t-descargas").blur()
        caja = pagina.locator("#descargas").bounding_box()
        assert caja is not None
        alto = min(caja["y"] + caja["height"] + 16, 2200)
        pagina.screenshot(
            path=RAIZ / "docs/web_vista_previa.png",
            full_page=True,
            clip={"x": 0, "y": 0, "width": ANCHO, "height": alto},
        )
        navegador.close()


if __name__ == "__main__":
    main()
