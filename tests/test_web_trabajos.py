"""The web page's jobs end to end through the TestClient: real workbooks, real processes.

LibreOffice makes the PDF and the page previews, as on a real server.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from reporte_docx.documento.verificacion import revisar_docx
from reporte_docx.web.configuracion import Configuracion
from tests.utiles import DATOS, crear_foto, crear_libro
from tests.utiles_web import (
    TRES_ERRORES,
    cliente,
    esperar,
    fotos_del_ejemplo,
    libro_con_tres_errores,
    subir,
    token,
    zip_de,
)

EJEMPLO = DATOS / "reporte_ejemplo.xlsx"


def test_el_ejemplo_da_docx_pdf_y_paginas_y_todo_se_borra_al_descargar():
    with cliente() as c:
        r = subir(c, EJEMPLO, fotos_del_ejemplo())
        assert r.status_code == 202
        estado = esperar(c, r.json()["id"])
        assert estado["estado"] == "listo", estado
        assert estado["errores"] == 0 and estado["total"] == 5 == estado["hechas"]
        assert estado["archivos"] == ["docx", "pdf"] and estado["paginas"] >= 3
        base = f"/trabajos/{r.json()['id']}"
        pagina = c.get(f"{base}/paginas/1.jpg")
        assert pagina.status_code == 200 and pagina.content[:3] == b"\xff\xd8\xff"
        assert c.get(f"{base}/paginas/{estado['paginas'] + 1}.jpg").status_code == 404
        docx = c.get(f"{base}/reporte.docx")
        assert docx.status_code == 200
        disp = docx.headers["content-disposition"]
        assert 'filename="reporte_ejemplo.docx"' in disp
        assert revisar_docx(docx.content) == []
        assert not c.get(base).json()["borrado"]  # the PDF is still to be downloaded
        pdf = c.get(f"{base}/reporte.pdf")
        assert pdf.content.startswith(b"%PDF")
        assert c.get(base).json()["borrado"]
        assert c.get(f"{base}/reporte.docx").status_code == 410
        assert list(c.app.state.aplicacion.raiz.iterdir()) == []


def test_un_libro_con_errores_da_sus_hallazgos_y_ningun_archivo(tmp_path):
    with cliente() as c:
        r = subir(c, libro_con_tres_errores(tmp_path))
        estado = esperar(c, r.json()["id"])
        assert list(c.app.state.aplicacion.raiz.iterdir()) == []
    assert estado["estado"] == "con-errores"
    assert estado["errores"] == 3 and estado["archivos"] == []
    assert [(h["hoja"], h["fila"], h["columna"]) for h in estado["hallazgos"]] == TRES_ERRORES


def test_los_hallazgos_son_los_de_validar_con_los_errores_primero(tmp_path):
    from reporte_docx.api import analizar_libro

    libro = crear_libro(
        tmp_path / "mezcla.xlsx",
        actividades=[("1", "Uno", "30/05/2023", "Chetumal", "D", ""), ("2", "", None, "", "D", "")],
        fotografias=[("1", "fotos/no_esta.jpg", "Pie")],
    )
    esperados = analizar_libro(libro).hallazgos
    with cliente() as c:
        estado = esperar(c, subir(c, libro).json()["id"])
    severidades = [h["severidad"] for h in estado["hallazgos"]]
    assert severidades == sorted(severidades, key=lambda s: s != "error")
    # the same findings, in the same places, as validar (the page confines photos to the
    # upload, so the hint of a missing photo says «carpeta de las fotos»)
    donde = [(h["codigo"], h["hoja"], h["fila"], h["columna"]) for h in estado["hallazgos"]]
    assert sorted(donde, key=str) == sorted(
        ((h.codigo, h.hoja, h.fila, h.columna) for h in esperados), key=str
    )
    assert not any("/" + "tmp" in h["mensaje"] for h in estado["hallazgos"])


def test_algo_que_no_es_un_libro_lo_dice(tmp_path):
    with cliente() as c:
        estado = esperar(c, subir(c, ("notas.xlsx", b"una lista de pendientes\n")).json()["id"])
    assert estado["estado"] == "con-errores"
    (hallazgo,) = estado["hallazgos"]
    assert "no es un libro de Excel" in hallazgo["mensaje"]
    assert "notas.xlsx" in hallazgo["lugar"] and "/" not in hallazgo["lugar"]


def test_una_foto_fuera_de_lo_subido_no_se_usa_ni_se_revela(tmp_path):
    fuera = tmp_path / "fuera"
    crear_foto(fuera / "secreta.jpg")
    crear_foto(fuera / "otra_secreta.jpg")
    existe = crear_libro(
        tmp_path / "existe.xlsx", fotografias=[("1", str(fuera / "secreta.jpg"), "a")]
    )
    # a near miss: the "did you mean" hint would list the files of that server folder
    parecida = crear_libro(
        tmp_path / "parecida.xlsx", fotografias=[("1", "../../fuera/secreta2.jpg", "b")]
    )
    with cliente() as c:
        estados = [esperar(c, subir(c, libro).json()["id"]) for libro in (existe, parecida)]
    for estado in estados:
        assert estado["estado"] == "con-errores"
        assert [h["codigo"] for h in estado["hallazgos"]] == ["foto-fuera-de-carpeta"]
        assert "otra_secreta" not in str(estado)


def test_un_zip_con_libro_y_fotos_funciona(tmp_path):
    entradas = {"Trimestre/reporte_ejemplo.xlsx": EJEMPLO.read_bytes()}
    entradas.update({f"Trimestre/{ruta}": datos for ruta, datos in fotos_del_ejemplo()})
    with cliente() as c:
        r = subir(c, ("Trimestre 2.zip", zip_de(entradas)))
        estado = esperar(c, r.json()["id"])
    assert estado["estado"] == "listo", estado
    assert estado["total"] == 5 and estado["nombre"] == "reporte_ejemplo"


def test_la_carpeta_con_el_libro_dentro_tambien_sirve():
    fotos = [(f"Trimestre/{ruta}", datos) for ruta, datos in fotos_del_ejemplo()]
    fotos.append(("Trimestre/reporte_ejemplo.xlsx", EJEMPLO.read_bytes()))
    with cliente() as c:
        estado = esperar(c, subir(c, None, fotos).json()["id"])
    assert estado["estado"] == "listo", estado


@pytest.mark.parametrize("carpeta", ["", "Fotos del trimestre/"], ids=["sueltas", "otra-carpeta"])
def test_fotos_sueltas_o_en_otra_carpeta_se_acomodan_donde_el_libro_las_busca(carpeta):
    # the sample workbook names «fotos/…»; people drop the photos alone or pick another folder
    fotos = [(carpeta + ruta.removeprefix("fotos/"), datos) for ruta, datos in fotos_del_ejemplo()]
    with cliente() as c:
        estado = esperar(c, subir(c, EJEMPLO, fotos).json()["id"])
    assert estado["estado"] == "listo", estado["hallazgos"]
    assert estado["total"] == 5


def test_una_plantilla_sola_se_revisa_como_plantilla_verificar(tmp_path):
    import docx

    documento = docx.Document()
    documento.add_paragraph("{{ reporte.titulo }")
    documento.save(tmp_path / "mia.docx")
    with cliente() as c:
        estado = esperar(c, subir(c, None, plantilla=tmp_path / "mia.docx").json()["id"])
    assert estado["estado"] == "con-errores"
    assert (
        estado["hallazgos_plantilla"] and estado["hallazgos_plantilla"][0]["severidad"] == "error"
    )
    assert estado["archivos"] == []


def test_los_trabajos_esperan_su_lugar_y_uno_en_espera_se_cancela(tmp_path):
    with cliente(Configuracion(simultaneos=1)) as c:
        primero = subir(c, EJEMPLO, fotos_del_ejemplo()).json()["id"]
        segundo = subir(c, EJEMPLO, fotos_del_ejemplo()).json()["id"]
        tercero = subir(c, EJEMPLO, fotos_del_ejemplo()).json()["id"]
        assert c.get(f"/trabajos/{tercero}").json()["lugar"] == 2
        t = token(c)
        cancelado = c.post(f"/trabajos/{segundo}/cancelar", headers={"X-Token": t}).json()
        assert cancelado["estado"] == "cancelado"
        assert c.get(f"/trabajos/{tercero}").json()["lugar"] in (1, None)
        c.post(f"/trabajos/{primero}/cancelar", headers={"X-Token": t})
        assert esperar(c, primero)["estado"] == "cancelado"
        assert esperar(c, tercero)["estado"] == "listo"


def test_un_trabajo_que_tarda_demasiado_se_detiene_con_un_mensaje():
    with cliente(Configuracion(tiempo_maximo=0.5)) as c:
        estado = esperar(c, subir(c, EJEMPLO, fotos_del_ejemplo()).json()["id"])
        assert list(c.app.state.aplicacion.raiz.iterdir()) == []
    assert estado["estado"] == "fallo"
    assert "tardó más de" in estado["mensaje"]


def test_si_el_proceso_del_trabajo_muere_la_pagina_lo_dice():
    with cliente() as c:
        ident = subir(c, EJEMPLO, fotos_del_ejemplo()).json()["id"]
        trabajo = c.app.state.aplicacion.gestor.obtener(ident)
        limite = time.monotonic() + 30
        while trabajo.pid is None and time.monotonic() < limite:
            time.sleep(0.01)
        os.kill(trabajo.pid, signal.SIGKILL)
        estado = esperar(c, ident)
    assert estado["estado"] == "fallo"
    assert "terminó de forma inesperada" in estado["mensaje"]
    assert "Traceback" not in str(estado)


def test_lo_que_no_se_descarga_se_borra_al_cumplir_su_vida():
    with cliente(Configuracion(vida=60)) as c:
        ident = subir(c, EJEMPLO, fotos_del_ejemplo()).json()["id"]
        assert esperar(c, ident)["estado"] == "listo"
        gestor = c.app.state.aplicacion.gestor
        trabajo = gestor.obtener(ident)
        gestor.vencidos(ahora=trabajo.terminado + 30)
        assert trabajo.carpeta.is_dir()
        gestor.vencidos(ahora=trabajo.terminado + 61)
        assert not trabajo.carpeta.exists()
        assert c.get(f"/trabajos/{ident}").json()["borrado"]
        assert c.get(f"/trabajos/{ident}/reporte.docx").status_code == 410
        gestor.vencidos(ahora=trabajo.terminado + 121)
        assert c.get(f"/trabajos/{ident}").status_code == 404


def test_borrar_mis_archivos_los_quita_del_servidor_en_el_acto():
    with cliente() as c:
        ident = subir(c, EJEMPLO, fotos_del_ejemplo()).json()["id"]
        assert esperar(c, ident)["estado"] == "listo"
        carpeta = c.app.state.aplicacion.gestor.obtener(ident).carpeta
        r = c.post(f"/trabajos/{ident}/borrar", headers={"X-Token": token(c)})
        assert r.status_code == 200 and r.json()["borrado"]
        assert not carpeta.exists()
        assert c.get(f"/trabajos/{ident}/paginas/1.jpg").status_code == 410


def test_una_plantilla_propia_sin_problemas_se_usa_para_el_reporte(tmp_path):
    from reporte_docx.api import plantilla_oficial

    propia = tmp_path / "propia.docx"
    propia.write_bytes(plantilla_oficial().read_bytes())
    with cliente() as c:
        r = subir(c, EJEMPLO, fotos_del_ejemplo(), plantilla=propia)
        estado = esperar(c, r.json()["id"])
    assert estado["estado"] == "listo", estado
    assert not [h for h in estado["hallazgos_plantilla"] if h["severidad"] == "error"]
    assert "docx" in estado["archivos"]
