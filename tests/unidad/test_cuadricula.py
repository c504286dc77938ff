"""The photo grid's plan: which photos share a row and how big each is shown."""

from __future__ import annotations

from reporte_docx.documento.galeria import (
    ALTO_MAXIMO_EMU,
    EMU_POR_CM,
    EMU_POR_TWIP,
    MARGEN_CELDA_TWIPS,
    ancho_de_columna_emu,
    planear_cuadricula,
)

#: A letter page with 2 cm margins, two columns: the official template's grid.
COLUMNA = ancho_de_columna_emu(int(17.59 * EMU_POR_CM), 2)


def _plan(*tamanos: tuple[int, int], columnas: int = 2):
    return planear_cuadricula([alto / ancho for ancho, alto in tamanos], COLUMNA, columnas)


def test_fotos_de_la_misma_forma_llenan_las_columnas_en_orden():
    filas = _plan(*[(4000, 3000)] * 5)
    assert [[u.indice for u in f] for f in filas] == [[0, 1], [2, 3], [4]]
    anchos = {u.ancho_emu for f in filas for u in f}
    assert anchos == {COLUMNA}  # the lone last photo is not blown up either


def test_captura_vertical_junto_a_una_horizontal_misma_altura_sin_encoger_a_ninguna():
    (fila,) = _plan((1080, 2340), (4000, 3000))
    vertical, horizontal = fila
    assert vertical.alto_emu == horizontal.alto_emu
    # the landscape photo keeps at least the size it has next to another landscape one
    assert horizontal.ancho_emu >= COLUMNA
    assert vertical.ancho_emu > 3 * EMU_POR_CM


def test_una_tira_de_300_por_20000_no_vuelve_astilla_a_su_vecina():
    filas = _plan((4000, 3000), (300, 20000))
    normal = filas[0][0]
    assert normal.ancho_emu >= COLUMNA * 0.99 and normal.alto_emu > 5 * EMU_POR_CM
    assert all(u.alto_emu <= ALTO_MAXIMO_EMU for f in filas for u in f)


def test_una_panoramica_va_sola_en_su_fila():
    filas = _plan((4000, 3000), (20000, 300), (4000, 3000))
    assert [[u.indice for u in f] for f in filas] == [[0], [1], [2]]
    assert filas[0][0].ancho_emu == COLUMNA


def test_nunca_mas_ancho_que_la_fila_ni_mas_alto_que_el_maximo():
    for columnas in (1, 2, 3, 4):
        ancho = ancho_de_columna_emu(int(17.59 * EMU_POR_CM), columnas)
        tamanos = [(1, 1), (64, 48), (300, 20000), (20000, 300), (1080, 2340), (4000, 3000)]
        filas = planear_cuadricula([h / w for w, h in tamanos], ancho, columnas)
        assert sorted(u.indice for f in filas for u in f) == list(range(len(tamanos)))
        for f in filas:
            assert len(f) <= columnas
            margenes = (columnas - len(f)) * 2 * MARGEN_CELDA_TWIPS * EMU_POR_TWIP
            assert sum(u.ancho_emu for u in f) <= columnas * ancho + margenes + 1
            assert all(0 < u.alto_emu <= ALTO_MAXIMO_EMU for u in f)
