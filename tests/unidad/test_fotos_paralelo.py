"""Photo settings that compose with the caller's parallelism (fotos/paralelo.py), in process."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from PIL import Image

from reporte_docx.fotos.paralelo import (
    AjustesFotos,
    ajustes_actuales,
    procesar_fotos,
    usar_ajustes,
)
from reporte_docx.modelo import Fotografia


def test_cada_hilo_ve_sus_propios_ajustes():
    vistos: dict[str, AjustesFotos] = {}
    listo = threading.Barrier(2)

    def con(nombre: str, ajustes: AjustesFotos) -> None:
        with usar_ajustes(ajustes):
            listo.wait()  # both inside their block at once
            vistos[nombre] = ajustes_actuales()
            listo.wait()

    hilos = [
        threading.Thread(target=con, args=("uno", AjustesFotos(procesos=1))),
        threading.Thread(target=con, args=("otro", AjustesFotos(procesos=3, cache=False))),
    ]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert vistos["uno"].procesos == 1 and vistos["otro"].procesos == 3
    assert ajustes_actuales() == AjustesFotos()  # nothing left behind


def test_ajustes_mal_dados_son_errores_del_programador():
    with pytest.raises(ValueError):
        AjustesFotos(procesos=0)
    with pytest.raises(TypeError):
        AjustesFotos(procesos="4")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        AjustesFotos(ejecutor=object())  # type: ignore[arg-type]


def test_un_ejecutor_de_hilos_del_llamador(tmp_path):
    rutas = []
    for n in range(5):
        rutas.append(tmp_path / f"{n}.png")
        Image.new("RGB", (200 + n, 100), (n * 40, 80, 120)).save(rutas[-1])
    fotos = [Fotografia(r) for r in rutas]
    serie = procesar_fotos(
        {r: 50 for r in rutas}, fotos, ajustes=AjustesFotos(procesos=1, cache=False)
    )
    with ThreadPoolExecutor(3) as grupo:
        hilos = procesar_fotos(
            {r: 50 for r in rutas}, fotos, ajustes=AjustesFotos(ejecutor=grupo, cache=False)
        )
    assert hilos == serie


def test_con_hilos_del_programa_no_se_bifurca(tmp_path, monkeypatch):
    from reporte_docx.fotos import paralelo

    def sin_procesos(*args, **kwargs):
        raise AssertionError("se abrió un grupo de procesos desde un programa con hilos")

    monkeypatch.setattr(paralelo, "ProcessPoolExecutor", sin_procesos)
    rutas = []
    for n in range(5):
        rutas.append(tmp_path / f"{n}.png")
        Image.new("RGB", (120, 90), (n * 40, 80, 120)).save(rutas[-1])
    fotos = [Fotografia(r) for r in rutas]
    with ThreadPoolExecutor(1) as hilo:  # the caller runs threads: a web server, say
        hechas = hilo.submit(
            procesar_fotos, {r: 60 for r in rutas}, fotos, ajustes=AjustesFotos(cache=False)
        ).result()
    assert sorted(hechas) == sorted(rutas) and all(f.ancho_px == 60 for f in hechas.values())
