"""The README's Python example runs as written, and the model works without any Excel."""

from __future__ import annotations

import re

from tests.utiles import RAIZ, copiar_ejemplo, imagenes_docx, texto_docx


def test_ejemplo_de_python_del_readme(tmp_path, monkeypatch, capsys):
    """The README's block runs as printed in a copy of datos/: its photo paths exist there."""
    bloque = re.search(
        r"## Desde Python\n.*?```python\n(.*?)```", (RAIZ / "README.md").read_text(), re.DOTALL
    )
    assert bloque, "el README perdió su ejemplo de Python"
    copiar_ejemplo(tmp_path)
    monkeypatch.chdir(tmp_path)
    espacio: dict = {"__name__": "ejemplo"}
    exec(compile(bloque[1], "README.md", "exec"), espacio)
    assert espacio["contenido"][:2] == b"PK"
    texto = texto_docx(tmp_path / "trimestre.docx")
    assert "SESIÓN EXTRAORDINARIA" in texto and "31 de mayo de 2023" in texto
    assert "5 de junio de 2023" in texto and "Sesión por videoconferencia" in texto
    assert len(imagenes_docx(tmp_path / "trimestre.docx")) == 1
    assert (tmp_path / "reporte.docx").is_file()
    # the workbook given as bytes renders what the command line writes
    assert espacio["hecho"].docx == (tmp_path / "reporte.docx").read_bytes()
    salida = capsys.readouterr().out
    assert "fotos: 5/5" in salida and "escritura" not in salida


def test_ejemplo_de_servicio_web_del_readme(tmp_path):
    """The README's web endpoint, run as printed under Starlette's TestClient: an upload
    gives the .docx; a workbook naming a file of the server gives 422 and its findings."""
    from starlette.testclient import TestClient

    from tests.utiles import ACTIVIDAD, crear_foto, crear_libro

    bloque = re.search(
        r"### En un servicio web\n.*?```python\n(.*?)```",
        (RAIZ / "README.md").read_text(),
        re.DOTALL,
    )
    assert bloque, "el README perdió su ejemplo de servicio web"
    espacio: dict = {"__name__": "servicio"}
    exec(compile(bloque[1], "README.md", "exec"), espacio)
    secreto = crear_foto(tmp_path / "secreto.jpg", (80, 60))
    malo = crear_libro(
        tmp_path / "malo.xlsx", actividades=[ACTIVIDAD], fotografias=[("1", str(secreto))]
    )
    bueno = crear_libro(tmp_path / "bueno.xlsx", actividades=[ACTIVIDAD])
    with TestClient(espacio["app"]) as cliente:
        hecho = cliente.post("/generar", files={"libro": ("b.xlsx", bueno.read_bytes())})
        assert hecho.status_code == 200, hecho.text
        assert hecho.content[:2] == b"PK" and "reporte.docx" in hecho.headers["content-disposition"]
        (tmp_path / "bajado.docx").write_bytes(hecho.content)
        assert "REPORTE" in texto_docx(tmp_path / "bajado.docx")
        rechazo = cliente.post("/generar", files={"libro": ("m.xlsx", malo.read_bytes())})
    assert rechazo.status_code == 422
    (h,) = rechazo.json()["hallazgos"]
    assert (h["hoja"], h["fila"], h["valor"]) == ("Fotografias", 2, str(secreto))
