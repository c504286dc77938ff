"""Makes ``docs/libro_fotos_pegadas.png``: the Fotografías sheet of ``libro-nuevo`` with photos.

    python docs/captura_libro.py CARPETA_DE_TRABAJO

The README shows it under «El libro de Excel». The sheet is filled as a person
would: two photos pasted on their rows, one given by its file name; LibreOffice
prints the page (with grid and headings, as on screen) and poppler makes it a PNG.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl.drawing.image import Image as ImagenOpenpyxl
from openpyxl.styles import Alignment
from PIL import Image

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from reporte_docx.libro.nuevo import ALTO_MINIATURA_PT, construir_libro_nuevo  # noqa: E402

FOTOS = RAIZ / "datos" / "fotos"


def main() -> None:
    carpeta = Path(sys.argv[1])
    carpeta.mkdir(parents=True, exist_ok=True)
    libro = construir_libro_nuevo()
    actividades = libro["Actividades"]
    actividades.append(["1", "Sesión extraordinaria", "30/05/2023", "Chetumal", "…"])
    actividades.append(["2", "Visita a oficinas", "02/06/2023", "Chetumal", "…"])
    hoja = libro["Fotografias"]
    filas = [
        ("1", None, "Sesión extraordinaria del comité", "sesion_extraordinaria_1.jpg"),
        ("1", "fotos/envio_correo.jpg", "Envío de la convocatoria por correo", None),
        ("2", None, "Oficinas de la Subsecretaría", "oficinas_subsecretaria.jpg"),
    ]
    alto_px = int(ALTO_MINIATURA_PT * 96 / 72) - 8
    for numero, (ident, archivo, pie, pegada) in enumerate(filas, start=2):
        for columna, valor in enumerate((ident, archivo, pie), start=1):
            hoja.cell(numero, columna, valor).alignment = Alignment(vertical="top", wrap_text=True)
        if pegada:
            imagen = ImagenOpenpyxl(str(FOTOS / pegada))
            with Image.open(FOTOS / pegada) as original:
                imagen.height, imagen.width = alto_px, alto_px * original.width // original.height
            hoja.add_image(imagen, f"B{numero}")
    hoja.print_options.gridLines = True
    hoja.print_options.headings = True
    hoja.print_area = "A1:C5"
    hoja.page_setup.orientation = "landscape"
    hoja.page_setup.fitToWidth = 1
    hoja.sheet_properties.pageSetUpPr.fitToPage = True
    libro.move_sheet(hoja, offset=-libro.index(hoja))
    libro.active = 0
    xlsx = carpeta / "captura.xlsx"
    libro.save(xlsx)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(carpeta), str(xlsx)],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile"]
        + [str(carpeta / "captura.pdf"), str(carpeta / "captura")],
        check=True,
    )
    png = carpeta / "captura.png"
    with Image.open(png) as pagina:
        caja = pagina.convert("L").point(lambda v: 255 if v < 250 else 0).getbbox()
        recorte = pagina.crop(caja) if caja else pagina
        recorte.save(RAIZ / "docs" / "libro_fotos_pegadas.png", optimize=True)


if __name__ == "__main__":
    main()
