"""The web page's routes and refusals, through Starlette's TestClient (no job is run)."""

from __future__ import annotations

import base64
import io
import stat
import zipfile

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from reporte_docx.web.aplicacion import crear_aplicacion, disposicion
from reporte_docx.web.configuracion import Configuracion, Limites
from reporte_docx.web.nombres import NombreRechazado, ruta_segura
from tests.utiles import crear_libro
from tests.utiles_web import cliente, subir, token, zip_de

XLSX = ("libro.xlsx", b"PK\x03\x04 no importa: no llega a leerse")


def test_la_pagina_trae_token_cabeceras_de_seguridad_y_nada_de_fuera():
    with cliente() as c:
        r = c.get("/")
    assert r.status_code == 200
    politica = r.headers["content-security-policy"]
    assert "script-src 'self'" in politica and "unsafe-inline" not in politica
    assert "frame-ancestors 'none'" in politica
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "samesite=strict" in r.headers["set-cookie"].lower()
    assert "httponly" in r.headers["set-cookie"].lower()
    assert f'value="{c.cookies["reporte_docx_token"]}"' in r.text
    # every asset is the package's own: no http(s) URL, no inline script or style
    assert "http://" not in r.text and "https://" not in r.text
    assert "<script>" not in r.text and "style=" not in r.text and " on" + "click" not in r.text
    assert '<html lang="es-MX">' in r.text


def test_cada_control_tiene_su_etiqueta():
    with cliente() as c:
        html = c.get("/").text
    for control in ("libro", "fotos", "plantilla", "anterior"):
        assert f'<label for="{control}">' in html
        assert f'id="{control}"' in html


@pytest.mark.parametrize("ruta", ["/estaticos/pagina.js", "/estaticos/estilo.css"])
def test_los_archivos_estaticos_los_sirve_el_paquete(ruta):
    with cliente() as c:
        r = c.get(ruta)
    assert r.status_code == 200 and len(r.content) > 1000
    assert r.headers["x-content-type-options"] == "nosniff"


def test_libro_nuevo_y_plantilla_oficial_se_descargan():
    with cliente() as c:
        libro = c.get("/libro-nuevo.xlsx")
        plantilla = c.get("/plantilla-oficial.docx")
    assert libro.status_code == 200
    assert 'filename="libro_nuevo.xlsx"' in libro.headers["content-disposition"]
    hojas = load_workbook(io.BytesIO(libro.content)).sheetnames
    assert "Actividades" in hojas
    assert plantilla.status_code == 200 and plantilla.content[:2] == b"PK"
    assert plantilla.headers["content-disposition"].startswith("attachment;")


def _siguiente(c, nombre: str, datos: bytes, *, con_token: bool = True):
    """POST /libro-siguiente as the page's small form does: token first, then the workbook."""
    campos = {"token": token(c)} if con_token else {}
    return c.post("/libro-siguiente", data=campos, files=[("libro", (nombre, datos))])


def test_el_libro_del_trimestre_siguiente_se_descarga_desde_el_anterior(tmp_path):
    anterior = crear_libro(tmp_path / "T4_2023.xlsx", reporte={"trimestre": "4to"})
    with cliente() as c:
        r = _siguiente(c, anterior.name, anterior.read_bytes())
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    disp = r.headers["content-disposition"]
    assert disp.startswith("attachment;") and 'filename="libro_2024_trimestre_1.xlsx"' in disp
    libro = load_workbook(io.BytesIO(r.content))
    valores = {f[0].value: f[1].value for f in libro["Reporte"].iter_rows(min_row=2)}
    assert valores["EJERCICIO"] == 2024 and valores["TRIMESTRE"] == 1, valores
    assert valores["DEPENDENCIA"] == "SECRETARÍA DE GOBIERNO"
    actividades = libro["Actividades"].iter_rows(min_row=2, values_only=True)
    assert not any(v is not None for fila in actividades for v in fila)


@pytest.mark.parametrize(
    ("nombre", "datos", "dice"),
    [
        ("carta.xlsx", b"PK\x03\x04 no es un zip completo", "carta.xlsx"),
        ("presupuesto.xlsx", None, "no parece un libro de este reporte"),
    ],
    ids=["no-es-un-libro", "libro-ajeno"],
)
def test_un_libro_anterior_rechazado_se_dice_en_espanol_sin_descarga(nombre, datos, dice):
    if datos is None:
        from openpyxl import Workbook

        flujo = io.BytesIO()
        ajeno = Workbook()
        ajeno.active.title = "Presupuesto"
        ajeno.active.append(["Partida", "Monto"])
        ajeno.save(flujo)
        datos = flujo.getvalue()
    with cliente() as c:
        r = _siguiente(c, nombre, datos)
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/json")
    mensaje = r.json()["mensaje"]
    assert dice in mensaje and nombre in mensaje, mensaje
    assert "reporte-docx-" not in mensaje and "Traceback" not in mensaje
    assert "content-disposition" not in r.headers


def test_el_trimestre_siguiente_pide_el_token_y_solo_el_libro():
    with cliente() as c:
        sin_token = _siguiente(c, "T2.xlsx", b"PK", con_token=False)
        assert sin_token.status_code == 403
        assert "código del formulario" in sin_token.json()["mensaje"]
        campos = {"token": token(c)}
        sin_libro = c.post("/libro-siguiente", data=campos, files=[("fotos", ("a.jpg", b"x"))])
        assert sin_libro.status_code == 400 and "libro de Excel" in sin_libro.json()["mensaje"]
        assert c.get("/libro-siguiente").status_code == 405
    with cliente(limites=Limites(peticion=1024)) as c:
        grande = _siguiente(c, "T2.xlsx", b"x" * 4096)
    assert grande.status_code == 413 and "MB" in grande.json()["mensaje"]


def test_un_host_ajeno_se_rechaza():
    # DNS rebinding: another site's name pointed at 127.0.0.1 reaches the port, not the page
    app = crear_aplicacion(Configuracion())
    with TestClient(app, base_url="http://atacante.example:8000") as c:
        r = c.get("/")
    assert r.status_code == 400
    assert "no responde a ese nombre" in r.json()["mensaje"]
    assert "content-security-policy" in r.headers


def test_un_rechazo_al_navegar_es_una_pagina_en_espanol_no_json():
    """Typing a wrong address, or cancelling the browser's key dialog, shows the refusal
    itself: a short page in Spanish, not ``{"mensaje": …}``; the page's own requests get JSON."""
    html = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    with TestClient(crear_aplicacion(Configuracion()), base_url="http://otro.example") as c:
        r = c.get("/", headers=html)
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert "no responde a ese nombre" in r.text and '<html lang="es-MX">' in r.text
    assert "<script" not in r.text and "content-security-policy" in r.headers
    app = crear_aplicacion(Configuracion(host="0.0.0.0", clave="k"))
    with TestClient(app, base_url="http://192.168.1.5:8000") as c:
        r = c.get("/", headers=html)
        xhr = c.get("/trabajos/x")
    assert r.status_code == 401 and "clave de acceso" in r.text
    assert r.headers["content-type"].startswith("text/html")
    assert xhr.json()["mensaje"].startswith("hace falta la clave")


def test_localhost_con_puerto_se_acepta():
    app = crear_aplicacion(Configuracion())
    with TestClient(app, base_url="http://localhost:8123") as c:
        assert c.get("/").status_code == 200


def test_fuera_de_esta_maquina_hace_falta_la_clave():
    config = Configuracion(host="0.0.0.0", clave="clave-de-la-oficina", nombres=("reportes.local",))
    app = crear_aplicacion(config)
    with TestClient(app, base_url="http://reportes.local") as c:
        sin = c.get("/")
        mala = c.get("/", auth=("oficina", "otra"))
        buena = c.get("/", auth=("oficina", "clave-de-la-oficina"))
        estatico = c.get("/estaticos/pagina.js")
    assert sin.status_code == 401 and sin.headers["www-authenticate"].startswith("Basic")
    assert "clave" in sin.json()["mensaje"]
    assert mala.status_code == 401
    assert buena.status_code == 200
    assert estatico.status_code == 401  # every request, not only the page


@pytest.mark.parametrize("host", ["192.168.1.50:8000", "[fe80::1]:8000", "nombre-de-la-maquina"])
def test_en_todas_las_interfaces_responde_a_su_ip_y_al_nombre_que_anuncia(host, monkeypatch):
    """``--host 0.0.0.0`` prints http://<this machine's name>:8000/: that address, and the
    machine's IP (no DNS involved, so no rebinding), must reach the page."""
    monkeypatch.setattr("socket.gethostname", lambda: "nombre-de-la-maquina")
    app = crear_aplicacion(Configuracion(host="0.0.0.0", clave="k"))
    with TestClient(app, base_url=f"http://{host}") as c:
        assert c.get("/", auth=("o", "k")).status_code == 200
    with TestClient(app, base_url="http://atacante.example") as c:
        assert c.get("/", auth=("o", "k")).status_code == 400
    # on 127.0.0.1 only this machine connects: another IP in Host is not a way in
    with TestClient(crear_aplicacion(Configuracion()), base_url=f"http://{host}") as c:
        assert c.get("/").status_code == 400


def test_sin_clave_no_se_escucha_fuera_de_esta_maquina():
    with pytest.raises(ValueError):
        crear_aplicacion(Configuracion(host="0.0.0.0"))


def test_subir_sin_token_se_rechaza_sin_escribir_nada():
    with cliente() as c:
        raiz = c.app.state.aplicacion.raiz
        r = subir(c, XLSX, con_token=False)
        assert r.status_code == 403
        assert "código del formulario" in r.json()["mensaje"]
        assert list(raiz.iterdir()) == []  # the job's folder is gone


def test_un_token_equivocado_se_rechaza():
    with cliente() as c:
        token(c)
        r = c.post("/trabajos", data={"token": "inventado"}, files=[("libro", XLSX)])
        r2 = c.post("/trabajos", headers={"X-Token": "inventado"}, files=[("libro", XLSX)])
    assert r.status_code == 403 and r2.status_code == 403


def test_un_post_de_otro_sitio_se_rechaza():
    with cliente() as c:
        t = token(c)
        r = c.post(
            "/trabajos",
            headers={"Origin": "https://otro.example", "X-Token": t},
            files=[("libro", XLSX)],
        )
    assert r.status_code == 403 and "otro sitio" in r.json()["mensaje"]


def test_una_subida_demasiado_grande_se_rechaza():
    with cliente(limites=Limites(peticion=50_000)) as c:
        r = subir(c, ("libro.xlsx", b"x" * 60_000))
    assert r.status_code == 413
    # the page prefixes «No se aceptó la subida:»; a .zip would not make photos smaller
    mensaje = r.json()["mensaje"]
    assert mensaje.startswith("los archivos elegidos pasan de") and "MB" in mensaje
    assert ".zip" not in mensaje and "reduzca el tamaño de las fotos" in mensaje


def test_una_subida_sin_largo_declarado_se_corta_al_pasar_el_limite():
    with cliente(limites=Limites(peticion=50_000)) as c:
        t = token(c)
        frontera = "frontera"

        def cuerpo():
            yield f'--{frontera}\r\nContent-Disposition: form-data; name="token"\r\n\r\n{t}\r\n'.encode()
            yield (
                f'--{frontera}\r\nContent-Disposition: form-data; name="libro"; '
                'filename="libro.xlsx"\r\n\r\n'
            ).encode()
            for _ in range(20):
                yield b"x" * 10_000

        r = c.post(
            "/trabajos",
            content=cuerpo(),
            headers={"Content-Type": f"multipart/form-data; boundary={frontera}"},
        )
    assert r.status_code == 413


def test_demasiados_archivos_se_rechazan():
    with cliente(limites=Limites(archivos=3)) as c:
        fotos = [(f"fotos/{i}.jpg", b"x") for i in range(5)]
        r = subir(c, XLSX, fotos)
    assert r.status_code == 413 and "demasiados archivos" in r.json()["mensaje"]


@pytest.mark.parametrize(
    "nombre", ["../../fuera.jpg", "/etc/passwd", "C:/Windows/x.jpg", "..%2F..%2Fx"]
)
def test_un_nombre_de_foto_que_sale_de_su_carpeta_se_rechaza(nombre):
    with cliente() as c:
        r = subir(c, XLSX, [(nombre, b"x")])
    assert r.status_code == 400


def test_sin_libro_se_pide_el_libro():
    with cliente() as c:
        r = subir(c, None, [("fotos/a.jpg", b"x")])
        vacio = subir(c, None, [])
    assert r.status_code == 400 and "ningún libro" in r.json()["mensaje"]
    assert vacio.status_code == 400


def _zip_con_enlace() -> bytes:
    datos = io.BytesIO()
    with zipfile.ZipFile(datos, "w") as z:
        z.writestr("libro.xlsx", b"x")
        info = zipfile.ZipInfo("fotos/a.jpg")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(info, "/etc/passwd")
    return datos.getvalue()


@pytest.mark.parametrize(
    ("contenido", "dice"),
    [
        (zip_de({"libro.xlsx": b"x", "../../fuera.jpg": b"x"}), "sale de su carpeta"),
        (zip_de({"libro.xlsx": b"x", "/etc/cron.d/x": b"x"}), "ruta absoluta"),
        (_zip_con_enlace(), "enlace"),
        (
            zip_de({"libro.xlsx": b"x", "fotos/bomba.jpg": b"\0" * 30_000_000}),
            "«trimestre.zip»: «fotos/bomba.jpg» se descomprime de forma anómala",
        ),
        (zip_de({"a.xlsx": b"x", "b.xlsx": b"x"}), "2 libros"),
        (zip_de({"fotos/a.jpg": b"x"}), "ningún libro"),
        (b"esto no es un zip", "«trimestre.zip»: no es un archivo .zip"),
    ],
    ids=["zip-slip", "absoluta", "enlace", "bomba", "dos-libros", "sin-libro", "no-zip"],
)
def test_un_zip_peligroso_o_inservible_se_rechaza(contenido, dice):
    with cliente() as c:
        raiz = c.app.state.aplicacion.raiz
        r = subir(c, ("trimestre.zip", contenido))
        assert r.status_code == 400
        assert dice in r.json()["mensaje"]
        assert list(raiz.iterdir()) == []
    assert "/" + "tmp" not in r.text


def test_un_zip_que_pasa_el_limite_descomprimido_se_rechaza():
    with cliente(limites=Limites(descomprimido=1000)) as c:
        r = subir(c, ("t.zip", zip_de({"libro.xlsx": b"x" * 600, "fotos/a.jpg": b"y" * 600})))
    assert r.status_code == 400 and "descomprimirlo" in r.json()["mensaje"]


def test_un_zip_con_demasiadas_entradas_se_rechaza():
    with cliente(limites=Limites(entradas_zip=10)) as c:
        r = subir(c, ("t.zip", zip_de({f"f{i}.jpg": b"x" for i in range(11)})))
    assert r.status_code == 400 and "11 archivos" in r.json()["mensaje"]


def test_con_la_fila_llena_una_subida_mas_se_rechaza_antes_de_leerla():
    """Each job waiting in line holds up to a gigabyte of upload on disk: the line is bounded."""
    with cliente(Configuracion(en_fila=2)) as c:
        gestor = c.app.state.aplicacion.gestor
        t = token(c)
        ocupados = [gestor.nuevo(t), gestor.nuevo(t)]  # two uploads under way
        r = subir(c, XLSX)
        assert r.status_code == 503 and "ocupado" in r.json()["mensaje"]
        assert "retry-after" in r.headers
        gestor.olvidar(ocupados[0])  # one place free again
        assert subir(c, None).status_code == 400  # past the gate: refused for its own reason


def test_un_trabajo_que_no_existe_es_404_en_espanol():
    with cliente() as c:
        r = c.get("/trabajos/no-existe")
        r2 = c.get("/trabajos/no-existe/reporte.docx")
        r3 = c.get("/no/hay/nada")
    assert r.status_code == r2.status_code == r3.status_code == 404
    assert "no existe" in r.json()["mensaje"]


def test_cancelar_y_borrar_piden_el_token():
    with cliente() as c:
        assert c.post("/trabajos/x/cancelar").status_code == 404
        t = c.app.state.aplicacion.gestor.nuevo(token(c))
        assert c.post(f"/trabajos/{t.id}/cancelar").status_code == 403
        assert c.post(f"/trabajos/{t.id}/borrar").status_code == 403


def test_el_trabajo_de_otro_navegador_no_se_ve_aunque_se_sepa_su_direccion():
    """A job's address (in a proxy's log, a shared screen) is not enough: it is the browser's."""
    with cliente() as c:
        app = c.app
        t = app.state.aplicacion.gestor.nuevo(token(c))
        (t.carpeta / "salida").mkdir()
        (t.carpeta / "salida" / "r.docx").write_bytes(b"PK")
        t.archivos["docx"] = t.carpeta / "salida" / "r.docx"
        assert c.get(f"/trabajos/{t.id}").status_code == 200
        # other clients of the same running app (no `with`: that would stop it on the way out)
        otro = TestClient(app, base_url="http://127.0.0.1:8000")
        suyo = {"X-Token": token(otro)}  # a page of its own, with its own token
        for ruta in ("", "/reporte.docx", "/paginas/1.jpg"):
            assert otro.get(f"/trabajos/{t.id}{ruta}").status_code == 404
        for accion in ("cancelar", "borrar"):
            assert otro.post(f"/trabajos/{t.id}/{accion}", headers=suyo).status_code == 404
        sin_galleta = TestClient(app, base_url="http://127.0.0.1:8000")
        assert sin_galleta.get(f"/trabajos/{t.id}").status_code == 404
        assert not t.borrado and not t.cancelar.is_set()
        assert c.get(f"/trabajos/{t.id}/reporte.docx").status_code == 200


@pytest.mark.parametrize(
    ("nombre", "respaldo", "exacto"),
    [
        ("trimestre.docx", 'filename="trimestre.docx"', "trimestre.docx"),
        (
            "Reporte año 2023.docx",
            'filename="Reporte ano 2023.docx"',
            "Reporte%20a%C3%B1o%202023.docx",
        ),
        (
            'a"b;c\r\nSet-Cookie: x.docx',
            'filename="a_b_c__Set-Cookie: x.docx"',
            "a%22b%3Bc%0D%0ASet-Cookie%3A%20x.docx",
        ),
    ],
)
def test_content_disposition_codifica_el_nombre_del_libro(nombre, respaldo, exacto):
    valor = disposicion(nombre)
    assert respaldo in valor
    assert valor.endswith("filename*=UTF-8''" + exacto)
    assert "\r" not in valor and "\n" not in valor


@pytest.mark.parametrize("nombre", ["a/../../b", "/x", "\\\\srv\\x", "", "a/\x00b"])
def test_ruta_segura_rechaza(nombre):
    with pytest.raises(NombreRechazado):
        ruta_segura(nombre)


def test_ruta_segura_acepta_rutas_de_windows_y_normaliza():
    assert str(ruta_segura("fotos\\envio.jpg")) == "fotos/envio.jpg"
    assert str(ruta_segura("./fotos//a.jpg")) == "fotos/a.jpg"


def test_sin_libreoffice_se_dice_y_queda_solo_el_docx(tmp_path, monkeypatch):
    from reporte_docx.web.trabajador import _pdf

    monkeypatch.setenv("PATH", str(tmp_path))  # a server where soffice is not installed
    avisos = []
    _pdf(tmp_path / "reporte.docx", lambda *m: avisos.append(m))
    assert avisos == [
        (
            "sin-vista",
            "este servidor no tiene LibreOffice: no hay PDF ni vista previa de las páginas; "
            "descargue el .docx y ábralo en Word",
        )
    ]


def test_un_formulario_danado_es_400_y_no_deja_nada():
    with cliente() as c:
        raiz = c.app.state.aplicacion.raiz
        t = token(c)
        r = c.post(
            "/trabajos",
            content=b"--f\r\nesto no es una cabecera\r\n\r\n",
            headers={"Content-Type": "multipart/form-data; boundary=f", "X-Token": t},
        )
        assert list(raiz.iterdir()) == []
    assert r.status_code == 400 and "dañado" in r.json()["mensaje"]


def test_una_cabecera_de_parte_enorme_se_rechaza():
    """A part's headers are a few hundred bytes: the parser's own cap (python-multipart's
    ``max_header_size``) keeps a huge one out of memory; this guards that cap."""
    with cliente() as c:
        t = token(c)
        relleno = b"x" * 200_000
        cuerpo = (
            b'--f\r\nContent-Disposition: form-data; name="token"\r\nX-Relleno: '
            + relleno
            + b"\r\n\r\n"
            + t.encode()
            + b"\r\n--f--\r\n"
        )
        r = c.post(
            "/trabajos",
            content=cuerpo,
            headers={"Content-Type": "multipart/form-data; boundary=f", "X-Token": t},
        )
    assert r.status_code == 400 and "dañado" in r.json()["mensaje"]


def test_una_frontera_de_formulario_desmedida_es_400_no_un_error_del_servidor():
    # python-multipart refuses a boundary over 256 bytes when the parser is built
    with cliente() as c:
        raiz = c.app.state.aplicacion.raiz
        t = token(c)
        frontera = "f" * 300
        r = c.post(
            "/trabajos",
            content=f"--{frontera}--\r\n".encode(),
            headers={"Content-Type": f"multipart/form-data; boundary={frontera}", "X-Token": t},
        )
        assert list(raiz.iterdir()) == []
    assert r.status_code == 400 and "dañado" in r.json()["mensaje"]


def test_si_el_proceso_no_puede_arrancar_la_pagina_lo_dice(tmp_path):
    from reporte_docx.web.trabajador import Pedido
    from reporte_docx.web.trabajos import FALLO, Gestor

    gestor = Gestor(Configuracion(), tmp_path)
    # a context that cannot start processes (as when the system refuses to fork)
    gestor._contexto = type("SinProcesos", (), {"Pipe": staticmethod(lambda duplex: 1 / 0)})()
    t = gestor.nuevo()
    gestor.encolar(t, Pedido(t.carpeta, None), "libro")
    gestor.cerrar()
    assert t.estado == FALLO and "No se pudo iniciar" in t.mensaje
    assert not t.carpeta.exists()


def _incorporar(c, archivos: list[tuple[str, tuple[str, bytes]]], *, con_token: bool = True):
    """POST /incorporar as the page's form does: token first, then the report and the workbook."""
    campos = {"token": token(c)} if con_token else {}
    return c.post("/incorporar", data=campos, files=archivos)


def test_lo_corregido_en_word_vuelve_al_libro_que_se_descarga(tmp_path):
    from tests.test_incorporar import _con_openpyxl, _docx

    libro = _con_openpyxl(tmp_path)
    editado = _docx(
        tmp_path / "Reporte revisado.docx",
        {"actividad.1.lugar": "Bacalar", "actividad.2.descripcion": "Se impartió.\nA 20 personas."},
    )
    with cliente() as c:
        r = _incorporar(
            c,
            [
                ("editado", (editado.name, editado.read_bytes())),
                ("libro", (libro.name, libro.read_bytes())),
            ],
        )
    assert r.status_code == 200, r.text
    respuesta = r.json()
    cambios = {(x["campo"], x["anterior"], x["nuevo"]) for x in respuesta["cambios"]}
    assert ("lugar", "Chetumal", "Bacalar") in cambios, cambios  # as the workbook names it
    assert any(x["nuevo"] == "Se impartió.\nA 20 personas." for x in respuesta["cambios"])
    assert respuesta["nombre"] == "libro.xlsx"
    nuevo = load_workbook(io.BytesIO(base64.b64decode(respuesta["libro"])))
    lugares = [f[3] for f in nuevo["Actividades"].iter_rows(min_row=2, values_only=True)]
    assert lugares[:1] == ["Bacalar"], lugares


def test_lo_corregido_que_no_sirve_se_dice_sin_rutas_del_servidor(tmp_path):
    import docx

    from tests.test_incorporar import _con_openpyxl

    libro = _con_openpyxl(tmp_path)
    ajeno = tmp_path / "carta.docx"
    docx.Document().save(ajeno)
    with cliente() as c:
        sin_token = _incorporar(
            c, [("editado", ("carta.docx", ajeno.read_bytes()))], con_token=False
        )
        assert sin_token.status_code == 403
        solo = _incorporar(c, [("editado", ("carta.docx", ajeno.read_bytes()))])
        assert solo.status_code == 400 and "su libro (.xlsx)" in solo.json()["mensaje"]
        r = _incorporar(
            c,
            [
                ("editado", ("carta.docx", ajeno.read_bytes())),
                ("libro", ("libro.xlsx", libro.read_bytes())),
            ],
        )
    assert r.status_code == 422
    mensaje = r.json()["mensaje"]
    assert "no lo generó reporte-docx" in mensaje and "carta.docx" in mensaje, mensaje
    assert "reporte-docx-incorporar" not in mensaje and "/tmp" not in mensaje
