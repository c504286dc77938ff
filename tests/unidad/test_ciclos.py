"""No import cycle anywhere in the package, not only between the layers import-linter checks.

A cycle held apart by an import inside a function is still a cycle: grimp sees those imports
too, so this finds what a lazy import would hide.
"""

from __future__ import annotations

import grimp


def _ciclos(grafo: grimp.ImportGraph, fuera: frozenset[str] = frozenset()) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm), *fuera* left
    out: a package whose ``__init__`` re-exports its modules is no cycle."""
    indice: dict[str, int] = {}
    bajo: dict[str, int] = {}
    pila: list[str] = []
    en_pila: set[str] = set()
    grupos: list[list[str]] = []

    def visitar(modulo: str) -> None:
        indice[modulo] = bajo[modulo] = len(indice)
        pila.append(modulo)
        en_pila.add(modulo)
        for otro in grafo.find_modules_directly_imported_by(modulo) - fuera:
            if otro not in indice:
                visitar(otro)
                bajo[modulo] = min(bajo[modulo], bajo[otro])
            elif otro in en_pila:
                bajo[modulo] = min(bajo[modulo], indice[otro])
        if bajo[modulo] == indice[modulo]:
            grupo = []
            while True:
                otro = pila.pop()
                en_pila.discard(otro)
                grupo.append(otro)
                if otro == modulo:
                    break
            if len(grupo) > 1:
                grupos.append(sorted(grupo))

    for modulo in sorted(grafo.modules - fuera):
        if modulo not in indice:
            visitar(modulo)
    return grupos


def test_ningun_modulo_se_importa_a_si_mismo_por_un_rodeo():
    grafo = grimp.build_graph("reporte_docx")
    paquetes = frozenset(m for m in grafo.modules if grafo.find_children(m))
    assert len(grafo.modules - paquetes) > 40
    assert _ciclos(grafo, paquetes) == []


def test_la_busqueda_de_ciclos_los_encuentra():
    grafo = grimp.ImportGraph()
    for modulo in ("a", "b", "c", "d"):
        grafo.add_module(modulo)
    grafo.add_import(importer="a", imported="b")
    grafo.add_import(importer="b", imported="c")
    grafo.add_import(importer="c", imported="a")
    grafo.add_import(importer="c", imported="d")
    assert _ciclos(grafo) == [["a", "b", "c"]]
