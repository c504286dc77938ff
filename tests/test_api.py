"""The README's Python example runs as written, and the model works without any Excel."""

from __future__ import annotations

import re

from tests.utiles import RAIZ, crear_foto, crear_libro, imagenes_docx, texto_docx


def test_ejemplo_de_python_del_readme(tmp_path, monkeypatch):
    bloque = re.search(
        r"## Desde Python\n\n```python\n(.*?)```", (RAIZ / "README.md").read_text(), re.DOTALL
    )
    assert bloque, "el README perdió su ejemplo de Python"
    monkeypatch.chdir(tmp_path)
    crear_libro(tmp_path / "trimestre.xlsx")
    crear_foto(tmp_path / "fotos" / "sesion.jpg", (640, 480))
    espacio: dict = {}
    exec(compile(bloque[1], "README.md", "exec"), espacio)
    assert espacio["contenido"][:2] == b"PK"
    texto = texto_docx(tmp_path / "trimestre.docx")
    assert "“SESIÓN EXTRAORDINARIA”" in texto and "31 de mayo de 2023" in texto
    assert "5 de junio de 2023" in texto and "Sesión por videoconferencia" in texto
    assert len(imagenes_docx(tmp_path / "trimestre.docx")) == 1
