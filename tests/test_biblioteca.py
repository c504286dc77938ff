"""The library as programs use it: process pools, bytes in, JSON, progress, cancel, types.

End to end (real workbooks, real photos, real processes and a real mypy run).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import multiprocessing
import os
import subprocess
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from reporte_docx import (
    Avance,
    Cancelado,
    ErrorDeDatos,
    Etapa,
    Fotografia,
    Plantilla,
    Reporte,
    analizar_libro,
    generar_reporte,
    guardar_reporte,
    leer_libro,
    renderizar_libro,
    renderizar_reporte,
    validar_reporte,
)
from tests.utiles import RAIZ, copiar_ejemplo, crear_libro

FECHA = dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)


def _leer_en_otro_proceso(ruta: str) -> Reporte:
    return leer_libro(ruta)


def _libro_malo(carpeta: Path) -> Path:
    return crear_libro(
        carpeta / "malo.xlsx",
        actividades=[("1", "Sesión", "31/02/2023", "Sala", "Descripción", "")],
    )


def test_un_libro_malo_en_processpoolexecutor_devuelve_sus_hallazgos(tmp_path):
    libro = _libro_malo(tmp_path)
    with ProcessPoolExecutor(1) as grupo, pytest.raises(ErrorDeDatos) as e:
        grupo.submit(_leer_en_otro_proceso, str(libro)).result()
    assert any(h.fila == 2 and h.hoja == "Actividades" for h in e.value.hallazgos), e.value


def test_un_libro_malo_en_multiprocessing_pool_devuelve_sus_hallazgos(tmp_path):
    libro = _libro_malo(tmp_path)
    with (
        multiprocessing.get_context("spawn").Pool(1) as grupo,
        pytest.raises(ErrorDeDatos) as e,
    ):
        grupo.apply(_leer_en_otro_proceso, (str(libro),))
    assert any(h.fila == 2 and h.hoja == "Actividades" for h in e.value.hallazgos), e.value


def test_libro_desde_bytes_con_carpeta_de_fotos_da_el_mismo_documento(tmp_path):
    libro = copiar_ejemplo(tmp_path / "ejemplo")
    plantilla = Plantilla.abrir()  # opened and checked once for both renders
    desde_ruta = renderizar_libro(libro, plantilla)
    datos = libro.read_bytes()
    for origen in (datos, io.BytesIO(datos)):
        desde_bytes = renderizar_libro(
            origen, plantilla, carpeta_fotos=libro.parent, nombre="subido.xlsx"
        )
        assert desde_bytes.docx == desde_ruta.docx
        assert desde_bytes.avisos == desde_ruta.avisos


def test_libro_desde_bytes_nombra_el_libro_como_se_dio_no_la_copia_temporal(tmp_path):
    with pytest.raises(ErrorDeDatos) as e:
        leer_libro(b"esto no es un libro", nombre="subido.xlsx")
    (h,) = e.value.hallazgos
    assert h.lugar == "archivo «subido.xlsx»", h
    with pytest.raises(TypeError, match="libro"):
        leer_libro(io.StringIO("texto"))  # type: ignore[arg-type]


def test_ida_y_vuelta_por_json_da_los_mismos_bytes(tmp_path):
    libro = copiar_ejemplo(tmp_path / "ejemplo")
    reporte = leer_libro(libro)
    texto = json.dumps(reporte.como_dict(), ensure_ascii=False)
    # the paths in the dict are as read (absolute): the copy renders the same photos
    copia = Reporte.desde_dict(json.loads(texto))
    assert copia == reporte
    assert renderizar_reporte(copia, fecha=FECHA) == renderizar_reporte(reporte, fecha=FECHA)


def test_progreso_cubre_todas_las_etapas_en_orden(tmp_path):
    libro = copiar_ejemplo(tmp_path / "ejemplo")
    avances: list[Avance] = []
    r = generar_reporte(libro, tmp_path / "r.docx", progreso=avances.append, procesos=1)
    etapas = [a.etapa for a in avances]
    assert list(dict.fromkeys(etapas)) == [
        Etapa.LECTURA,
        Etapa.FOTOS,
        Etapa.RENDER,
        Etapa.ESCRITURA,
    ]
    fotos = [a for a in avances if a.etapa == Etapa.FOTOS]
    assert [a.hechas for a in fotos] == list(range(len(fotos))) and fotos[-1].fraccion == 1.0
    assert avances[-1] == Avance(Etapa.ESCRITURA, 1, 1)
    assert r.ruta == tmp_path / "r.docx" and r.ruta.stat().st_size == r.tamano


@pytest.mark.parametrize(("como", "procesos"), [("evento", 1), ("funcion", 1), ("evento", 2)])
def test_cancelar_entre_fotos_no_deja_nada_escrito(tmp_path, como, procesos):
    libro = copiar_ejemplo(tmp_path / "ejemplo")
    salida = tmp_path / "salida"
    salida.mkdir()
    evento = threading.Event()
    vistos: list[Avance] = []

    def progreso(avance: Avance) -> None:
        vistos.append(avance)
        if avance.etapa == Etapa.FOTOS and avance.hechas == 1:
            evento.set()  # as a «Cancelar» button would, from another thread

    cancelar = evento if como == "evento" else evento.is_set
    with pytest.raises(Cancelado):
        generar_reporte(
            libro,
            salida / "r.docx",
            progreso=progreso,
            cancelar=cancelar,
            procesos=procesos,
            cache=False,
        )
    assert list(salida.iterdir()) == []
    assert vistos[-1] == Avance(Etapa.FOTOS, 1, 5)  # stopped at the next photo


def test_registra_tiempos_en_depuracion_y_no_imprime_nada(tmp_path, caplog, capfd):
    libro = copiar_ejemplo(tmp_path / "ejemplo")
    with caplog.at_level(logging.DEBUG, logger="reporte_docx"):
        guardar_reporte(leer_libro(libro), tmp_path / "r.docx", procesos=1)
    mensajes = [r.getMessage() for r in caplog.records if r.name.startswith("reporte_docx")]
    assert any("fotos listas en" in m for m in mensajes), mensajes
    assert any("escrito en" in m for m in mensajes), mensajes
    assert capfd.readouterr() == ("", "")


CLIENTE = """
import datetime as dt
import threading
from pathlib import Path

import reporte_docx as rd


def progreso(avance: rd.Avance) -> None:
    porcentaje: float = avance.fraccion
    etapa: rd.Etapa = avance.etapa


def principal(datos: bytes) -> bytes:
    plantilla: rd.Plantilla = rd.Plantilla.abrir()
    lectura: rd.Lectura = rd.analizar_libro(datos, carpeta_fotos=Path("."))
    for h in lectura.hallazgos:
        codigo: str = h.codigo
        fila: int | None = h.fila
    try:
        resultado: rd.Resultado = rd.renderizar_libro(
            datos, plantilla, carpeta_fotos=".", progreso=progreso,
            cancelar=threading.Event(), procesos=2, cache=False, ejecutor=None,
        )
    except rd.ErrorReporte as e:
        datos_del_error: dict[str, object] = e.como_dict()
        raise
    reporte = rd.Reporte.desde_dict(resultado.reporte.como_dict())
    hallazgos: list[rd.Hallazgo] = rd.validar_reporte(reporte)
    escrito: rd.Resultado = rd.guardar_reporte(reporte, "r.docx", plantilla, sobrescribir=True)
    ruta: Path | None = escrito.ruta
    generado: rd.Resultado = rd.generar_reporte("libro.xlsx", dpi=150, columnas=3)
    avisos: list[rd.Hallazgo] = generado.avisos
    v: rd.Verificacion = rd.verificar_documento(resultado.docx)
    problemas: list[rd.Hallazgo] = rd.revisar_plantilla("propia.docx")
    return rd.renderizar_reporte(reporte, dpi=rd.DPI_PREDETERMINADO, fecha=dt.datetime.now())
"""


def _mypy(tmp_path: Path, codigo: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "cliente.py"
    script.write_text(codigo)
    # as a client with the package installed sees it: its own modules' notes are not the
    # client's business (site-packages are followed silently), its types are
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", str(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(RAIZ)},
        timeout=600,
    )


def test_mypy_estricto_acepta_un_cliente_y_atrapa_un_tipo_equivocado(tmp_path):
    bien = _mypy(tmp_path, CLIENTE)
    assert bien.returncode == 0, bien.stdout
    mal = _mypy(
        tmp_path,
        'import reporte_docx as rd\nrd.renderizar_reporte("no es un reporte", dpi="alto")\n',
    )
    assert mal.returncode == 1, mal.stdout
    assert 'Argument 1 to "renderizar_reporte" has incompatible type "str"' in mal.stdout
    assert 'Argument "dpi" to "renderizar_reporte" has incompatible type "str"' in mal.stdout


def test_el_ejemplo_de_python_del_readme_pasa_mypy_estricto(tmp_path):
    """The README says its example is typed: a reader who runs mypy --strict on it gets
    no error (a photo path given as text is accepted at run time, not by the types)."""
    import re

    bloque = re.search(
        r"## Desde Python\n.*?```python\n(.*?)```", (RAIZ / "README.md").read_text(), re.DOTALL
    )
    assert bloque
    revisado = _mypy(tmp_path, bloque[1])
    assert revisado.returncode == 0, revisado.stdout


def test_plantilla_desde_bytes_revisada_una_vez_y_compartida_por_hilos(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from reporte_docx.plantilla.archivo import plantilla_oficial

    libro = copiar_ejemplo(tmp_path / "ejemplo")
    reporte = leer_libro(libro)
    plantilla = Plantilla.abrir(plantilla_oficial().read_bytes(), nombre="subida.docx")
    assert plantilla.avisos == [] and plantilla.nombre == "subida.docx"
    with ThreadPoolExecutor(4) as hilos:
        documentos = list(
            hilos.map(
                lambda _: renderizar_reporte(reporte, plantilla, fecha=FECHA, procesos=1),
                range(4),
            )
        )
    assert len(set(documentos)) == 1
    assert documentos[0] == renderizar_reporte(reporte, fecha=FECHA)


def test_plantilla_mala_desde_bytes_se_nombra_como_se_dio():
    from reporte_docx import ErrorDePlantilla, revisar_plantilla

    with pytest.raises(ErrorDePlantilla, match="plantilla «mia.docx»: no es un documento de Word"):
        Plantilla.abrir(b"no es un docx", nombre="mia.docx")
    with pytest.raises(TypeError, match="plantilla: se esperaba una ruta"):
        Plantilla.abrir(42)  # type: ignore[arg-type]
    with pytest.raises(ErrorDePlantilla):
        revisar_plantilla(io.BytesIO(b"PK\x03\x04 roto"))


def test_errores_del_programador_son_typeerror_o_valueerror(tmp_path):
    libro = copiar_ejemplo(tmp_path / "ejemplo")
    with pytest.raises(ValueError, match="salida: hace falta"):
        generar_reporte(libro.read_bytes())
    with pytest.raises(TypeError, match="se esperaba un Reporte, no str"):
        renderizar_reporte("no es un reporte")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="procesos=0"):
        renderizar_libro(libro, procesos=0)
    assert list((tmp_path / "ejemplo").glob("*.docx")) == []


@pytest.mark.parametrize(
    ("argumentos", "mensaje"),
    [
        ({"cancelar": "sí"}, "cancelar='sí': use un threading.Event"),
        ({"progreso": 3}, "progreso=3: use una función"),
    ],
)
def test_progreso_o_cancelar_que_no_sirven_fallan_antes_de_trabajar(tmp_path, argumentos, mensaje):
    """A wrong callback is the caller's mistake, said before any work, not a
    «'str' object is not callable» from the middle of the photos."""
    libro = copiar_ejemplo(tmp_path / "ejemplo")
    with pytest.raises(TypeError, match=mensaje):
        generar_reporte(libro, **argumentos)
    assert list((tmp_path / "ejemplo").glob("*.docx")) == []


def test_guardar_reporte_devuelve_los_avisos_del_modelo(tmp_path):
    """guardar_reporte returns the warnings, as generar_reporte does for a workbook."""
    reporte = leer_libro(copiar_ejemplo(tmp_path / "ejemplo"))
    reporte.actividades[0].fecha = dt.date(reporte.ejercicio - 1, 1, 2)
    resultado = guardar_reporte(reporte, tmp_path / "r.docx", procesos=1)
    assert [h.codigo for h in resultado.avisos] == ["fecha-fuera-de-trimestre"]
    assert resultado.avisos[0].actividad == reporte.actividades[0].id


def test_leer_libros_en_hilos_no_cambia_los_avisos_de_python(tmp_path):
    """Reading workbooks in threads leaves the process's warnings machinery as it was:
    overlapping ``warnings.catch_warnings`` blocks left an "always" filter behind and
    every later warning of the application recorded into a dead list, never shown."""
    import warnings
    from concurrent.futures import ThreadPoolExecutor

    datos = copiar_ejemplo(tmp_path / "ejemplo").read_bytes()
    filtros, mostrar = list(warnings.filters), warnings.showwarning
    with ThreadPoolExecutor(8) as hilos:
        list(hilos.map(lambda _: analizar_libro(datos, decodificar_fotos=False), range(16)))
    assert warnings.filters == filtros
    assert warnings.showwarning is mostrar
    with pytest.warns(UserWarning, match="la aplicación avisa"):
        warnings.warn("la aplicación avisa", stacklevel=1)


def test_una_foto_mala_de_un_modelo_dice_su_actividad_indice_y_ruta(tmp_path):
    from tests.utiles import crear_foto

    buena = crear_foto(tmp_path / "buena.jpg", (80, 60))
    reporte = leer_libro(copiar_ejemplo(tmp_path / "ejemplo"))
    reporte.actividades[1].fotografias = [
        Fotografia(buena),
        Fotografia(str(tmp_path / "falta.jpg")),
    ]
    with pytest.raises(ErrorDeDatos) as e:
        renderizar_reporte(reporte, procesos=1)
    (h,) = e.value.hallazgos
    assert (h.codigo, h.actividad, h.foto) == ("foto-no-existe", reporte.actividades[1].id, 1)
    assert h.ruta == str(tmp_path / "falta.jpg")
    assert h.lugar == "Reporte.actividades[1].fotografias[1]"


def test_libro_desde_bytes_sin_carpeta_de_fotos_no_muestra_carpetas_temporales(tmp_path):
    libro = copiar_ejemplo(tmp_path / "ejemplo")
    with pytest.raises(ErrorDeDatos) as e:
        leer_libro(libro.read_bytes(), nombre="subido.xlsx")
    codigos = {h.codigo for h in e.value.hallazgos}
    assert codigos == {"foto-no-existe"}, e.value
    assert "reporte-docx-libro-" not in json.dumps(e.value.como_dict())


def test_un_grupo_de_procesos_compartido_por_varios_reportes(tmp_path):
    """ejecutor=: the photos of every report go to the caller's pool, none is started per report."""
    from concurrent.futures import ThreadPoolExecutor

    reporte = leer_libro(copiar_ejemplo(tmp_path / "ejemplo"))
    solo = renderizar_reporte(reporte, fecha=FECHA, procesos=1, cache=False)
    with ProcessPoolExecutor(2) as grupo, ThreadPoolExecutor(3) as hilos:
        documentos = list(
            hilos.map(
                lambda _: renderizar_reporte(reporte, fecha=FECHA, cache=False, ejecutor=grupo),
                range(3),
            )
        )
        assert grupo.submit(int, "7").result() == 7  # still open: the caller's to close
    assert documentos == [solo] * 3
    with pytest.raises(TypeError, match="ejecutor="):
        renderizar_reporte(reporte, ejecutor="grupo")  # type: ignore[arg-type]


def test_libro_en_bytes_con_fotos_en_su_raiz_y_una_que_sale_de_ella(tmp_path):
    """With a root, photos inside it work; one that reaches outside is refused by the name
    as written, and no name of a file outside the root is revealed."""
    from tests.utiles import ACTIVIDAD, crear_foto

    raiz = tmp_path / "subida"
    crear_foto(raiz / "fotos" / "dentro.jpg", (120, 90))
    crear_foto(tmp_path / "secreto_del_servidor.jpg", (120, 90))  # outside the root
    bien = crear_libro(
        tmp_path / "bien.xlsx", actividades=[ACTIVIDAD], fotografias=[("1", "fotos/dentro.jpg")]
    )
    hecho = renderizar_libro(bien.read_bytes(), carpeta_fotos=raiz, procesos=1, cache=False)
    assert len(hecho.reporte.fotografias) == 1 and hecho.docx[:2] == b"PK"

    for escrita in ("../secreto_del_servidor.jpg", str(tmp_path / "secreto_del_servidor.jpg")):
        malo = crear_libro(
            tmp_path / "malo.xlsx", actividades=[ACTIVIDAD], fotografias=[("1", escrita)]
        )
        with pytest.raises(ErrorDeDatos) as e:
            renderizar_libro(malo.read_bytes(), carpeta_fotos=raiz, nombre="malo.xlsx")
        (h,) = [h for h in e.value.hallazgos if h.hoja == "Fotografias"]
        texto = json.dumps(e.value.como_dict(), ensure_ascii=False)
        assert h.fila == 2 and h.valor == escrita
        assert str(tmp_path) not in texto.replace(escrita, "")  # only the name as written
        assert "reporte-docx-libro-" not in texto


def test_libro_en_bytes_sin_carpeta_de_fotos_no_lee_archivos_del_servidor(tmp_path):
    """An upload given without carpeta_fotos (the README's web endpoint) has no folder of
    its own: its photo paths are confined to its private copy's, never read from anywhere
    on the server by an absolute path or by ``..``."""
    from tests.utiles import ACTIVIDAD, crear_foto

    secreto = crear_foto(tmp_path / "secreto_del_servidor.jpg", (120, 90))
    for escrita in (str(secreto), "../" * 12 + str(secreto).lstrip("/")):
        subido = crear_libro(
            tmp_path / "subido.xlsx", actividades=[ACTIVIDAD], fotografias=[("1", escrita)]
        )
        lectura = analizar_libro(subido.read_bytes(), nombre="subido.xlsx")
        assert lectura.reporte is None, escrita
        (h,) = lectura.errores
        assert (h.hoja, h.fila, h.valor) == ("Fotografias", 2, escrita)
        assert "reporte-docx-libro-" not in json.dumps(h.como_dict())


def test_modelo_con_carpeta_de_fotos_dice_que_foto_sale_de_ella(tmp_path):
    from tests.utiles import crear_foto

    reporte = leer_libro(copiar_ejemplo(tmp_path / "ejemplo"))
    raiz = tmp_path / "raiz"
    crear_foto(raiz / "a.jpg", (80, 60))
    reporte.actividades = reporte.actividades[:1]  # its other photos are outside the root
    reporte.actividades[0].fotografias = [Fotografia("a.jpg"), Fotografia("../ejemplo/x.jpg")]
    with pytest.raises(ErrorDeDatos) as e:
        renderizar_reporte(reporte, carpeta_fotos=raiz, procesos=1)
    (h,) = e.value.hallazgos
    assert (h.actividad, h.foto, h.ruta) == (reporte.actividades[0].id, 1, "../ejemplo/x.jpg")
    assert h.lugar == "Reporte.actividades[0].fotografias[1]"
    reporte.actividades[0].fotografias = [Fotografia("a.jpg")]
    assert renderizar_reporte(reporte, carpeta_fotos=raiz, procesos=1)[:2] == b"PK"


def test_zip_con_libro_y_fotos_por_la_api(tmp_path):
    import zipfile

    from reporte_docx import abrir_zip

    libro = copiar_ejemplo(tmp_path / "ejemplo")
    datos = io.BytesIO()
    with zipfile.ZipFile(datos, "w") as z:
        for archivo in sorted(libro.parent.rglob("*")):
            if archivo.is_file():
                z.write(archivo, archivo.relative_to(libro.parent).as_posix())
    with abrir_zip(datos.getvalue()) as abierto:
        hecho = renderizar_libro(abierto.libro, carpeta_fotos=abierto.carpeta_fotos, procesos=1)
        carpeta = abierto.carpeta_fotos
    assert len(hecho.reporte.fotografias) == 5
    assert not carpeta.exists()  # unpacked for the with block only


def test_fotos_pegadas_en_el_libro_por_bytes_json_y_validar(tmp_path):
    """A workbook carrying its photos: from bytes with no photo folder at all, through JSON
    and back to the same document, and validar_reporte reads the pasted pictures too."""
    from tests.imagenes_pegadas import foto_marcada, libro_xlsxwriter

    foto = foto_marcada(tmp_path / "f.jpg", "red", "blue")
    libro = libro_xlsxwriter(
        tmp_path / "pegadas.xlsx",
        fotografias=[("1", None, "Pegada en la celda")],
        en_celda=[("Fotografias", "B2", foto)],
    )
    hecho = renderizar_libro(libro.read_bytes(), nombre="pegadas.xlsx", procesos=1)
    (pegada,) = hecho.reporte.fotografias
    assert pegada.pegada is not None and pegada.pie == "Pegada en la celda"
    # the pasted picture is read from the workbook: no «foto-no-existe» for it
    assert validar_reporte(hecho.reporte) == validar_reporte(hecho.reporte, revisar_fotos=False)
    copia = Reporte.desde_dict(json.loads(json.dumps(hecho.reporte.como_dict())))
    assert copia.fotografias[0].pegada == pegada.pegada
    assert renderizar_reporte(copia, fecha=FECHA) == renderizar_reporte(hecho.reporte, fecha=FECHA)
    # the private copy of the workbook lives as long as the report read from it
    import gc

    carpeta = pegada.pegada.libro.parent
    assert carpeta.is_dir() and "reporte-docx-libro-" in carpeta.name
    del hecho, pegada, copia
    gc.collect()
    assert not carpeta.exists()
