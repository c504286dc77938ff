"""Pictures placed *in* a cell (Excel 365 «Colocar en celda», Place in Cell).

Such a cell has no value openpyxl can give: its cached value is the error
``#VALUE!`` (what an older Excel shows) and the picture hangs off a chain of
parts that openpyxl does not read. No library follows it, so it is followed
here, each part found through the workbook's relationships
(:class:`~reporte_docx.libro.partes.Paquete`), never by name:

1. the cell ``<c r="B2" vm="1">``: ``vm`` is a 1-based index into the
   ``<valueMetadata>`` blocks of the *sheet metadata* part (relationship type
   ``sheetMetadata``; Excel calls it ``xl/metadata.xml``);
2. that block's ``<rc t="1" v="0"/>``: ``t`` is the 1-based index of a
   ``<metadataType>``, which must be named ``XLRICHVALUE``, and ``v`` the
   0-based index of a block of ``<futureMetadata name="XLRICHVALUE">``;
3. that block's ``<xlrd:rvb i="0"/>``: the 0-based index of a rich value
   ``<rv s="0">`` in the *rich value* part (``rdRichValue``,
   ``xl/richData/rdrichvalue.xml``);
4. the rich value's structure (0-based ``s`` into the ``rdRichValueStructure``
   part) lists its keys in order; the ``<v>`` at the position of the key
   ``_rvRel:LocalImageIdentifier`` is a 0-based index into the ``<rel r:id>``
   list of the *rich value relationships* part (``richValueRel``,
   ``xl/richData/richValueRel.xml``);
5. that ``r:id`` is a relationship of that part (``richValueRel.xml.rels``)
   whose target is the image, usually under ``xl/media/``.

Rich values that are not local images (stock and geography data types, web
images) have no ``_rvRel:LocalImageIdentifier`` and are left out.
"""

from __future__ import annotations

from lxml import etree

from reporte_docx.libro.partes import Paquete, atributo, descendientes, hijos

CLAVE_IMAGEN = "_rvRel:LocalImageIdentifier"


def _entero(texto: str | None) -> int | None:
    try:
        return int(texto or "")
    except ValueError:
        return None


def _metadatos(raiz: etree._Element) -> dict[int, int]:
    """Steps 1–3: ``vm`` (1-based) → index of the rich value it stands for."""
    tipos = [t.get("name") for m in hijos(raiz, "metadataTypes") for t in hijos(m, "metadataType")]
    futuros = [
        _entero(next((atributo(r, "i") for r in descendientes(bloque, "rvb")), None))
        for fm in hijos(raiz, "futureMetadata")
        if fm.get("name") == "XLRICHVALUE"
        for bloque in hijos(fm, "bk")
    ]
    resultado: dict[int, int] = {}
    bloques = [b for vm in hijos(raiz, "valueMetadata") for b in hijos(vm, "bk")]
    for vm, bloque in enumerate(bloques, start=1):
        for rc in hijos(bloque, "rc"):
            t, v = _entero(rc.get("t")), _entero(rc.get("v"))
            if t is None or v is None or not 0 < t <= len(tipos) or not 0 <= v < len(futuros):
                continue
            indice = futuros[v]
            if tipos[t - 1] == "XLRICHVALUE" and indice is not None:
                resultado[vm] = indice
    return resultado


def _imagenes_de_valores(valores: etree._Element, estructuras: etree._Element) -> dict[int, int]:
    """Step 4: rich value index → index into the ``richValueRel`` list, for local images."""
    posiciones = []  # per structure: position of the image key among its keys, or None
    for estructura in hijos(estructuras, "s"):
        claves = [k.get("n") for k in hijos(estructura, "k")]
        posiciones.append(claves.index(CLAVE_IMAGEN) if CLAVE_IMAGEN in claves else None)
    resultado: dict[int, int] = {}
    for i, rv in enumerate(hijos(valores, "rv")):
        tipo = _entero(rv.get("s"))
        if tipo is None or not 0 <= tipo < len(posiciones):
            continue
        datos = [v.text for v in hijos(rv, "v")]
        posicion = posiciones[tipo]
        if posicion is not None and posicion < len(datos):
            relacion = _entero(datos[posicion])
            if relacion is not None:
                resultado[i] = relacion
    return resultado


def _destinos(paquete: Paquete, parte: str) -> list[str]:
    """Step 5: the image part behind each ``<rel r:id>`` of *parte*, in order."""
    raiz = paquete.xml(parte)
    if raiz is None:
        return []
    relaciones = paquete.relaciones(parte)
    destinos = []
    for rel in descendientes(raiz, "rel"):
        relacion = relaciones.get(atributo(rel, "id") or "")
        destinos.append(relacion.destino if relacion and relacion.tipo == "image" else "")
    return destinos


def imagenes_en_celda(paquete: Paquete) -> dict[int, str]:
    """Every ``vm`` index that stands for a picture, with the zip member holding it.

    Empty when the workbook has no pictures in cells (or its chain is broken:
    then the cells keep their ``#VALUE!`` and the reader reports that).
    """
    libro = paquete.relacionada("", "officeDocument")
    if libro is None:
        return {}
    partes = {
        tipo: paquete.relacionada(libro, tipo)
        for tipo in ("sheetMetadata", "rdRichValue", "rdRichValueStructure", "richValueRel")
    }
    if None in partes.values():
        return {}
    raices = {tipo: paquete.xml(parte or "") for tipo, parte in partes.items()}
    metadatos, valores, estructuras = (
        raices["sheetMetadata"],
        raices["rdRichValue"],
        raices["rdRichValueStructure"],
    )
    if metadatos is None or valores is None or estructuras is None:
        return {}
    por_valor = _imagenes_de_valores(valores, estructuras)
    destinos = _destinos(paquete, partes["richValueRel"] or "")
    resultado = {}
    for vm, valor in _metadatos(metadatos).items():
        relacion = por_valor.get(valor)
        if relacion is not None and 0 <= relacion < len(destinos) and destinos[relacion]:
            resultado[vm] = destinos[relacion]
    return resultado
