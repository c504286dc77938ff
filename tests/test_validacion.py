"""Workbook validation: every mistake found in one pass, located, in Spanish, nothing written.

Each test builds the bad workbook (or file) it is about, runs the real command
line and checks the exit code, the sheet/row/column named and that no
document appeared next to the workbook.
"""

from __future__ import annotations

import datetime as dt
import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reporte_docx.libro.lectura import analizar_libro
from tests.utiles import ACTIVIDAD, CAMPOS_REPORTE, crear_foto, crear_libro, ejecutar


def falla(libro: Path, *fragmentos: str) -> str:
    """``generar`` refuses *libro* naming every fragment, and writes nothing; its stderr."""
    antes = sorted(libro.parent.iterdir()) if libro.parent.is_dir() else []
    r = ejecutar("generar", str(libro))
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    for fragmento in fragmentos:
        assert fragmento in r.stderr, f"falta {fragmento!r} en:\n{r.stderr}"
    if libro.parent.is_dir():
        assert sorted(libro.parent.iterdir()) == antes  # no .docx, no temporary file
    return r.stderr


def validar(libro: Path) -> tuple[int, list[dict]]:
    r = ejecutar("validar", "--json", str(libro))
    assert "Traceback" not in r.stderr
    datos = json.loads(r.stdout)
    return r.returncode, datos["hallazgos"]


def codigos(hallazgos: list[dict]) -> list[str]:
    return [h["codigo"] for h in hallazgos]


def crear_ole2(ruta: Path, flujos: dict[str, bytes]) -> Path:
    """A minimal but well-formed OLE2 compound file (the container of .xls and encrypted .xlsx).

    Streams are padded to 4096 bytes so that no mini stream is needed; sector
    0 is the FAT, sector 1 the directory, then each stream in turn.
    """
    sector = 512
    fin, libre, fat_sect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    fat = [fat_sect, fin]
    datos = b""
    entradas = [("Root Entry", 5, fin, 0)]
    for nombre, contenido in flujos.items():
        contenido = contenido.ljust(4096, b"\0")
        inicio, n = len(fat), len(contenido) // sector
        fat += list(range(inicio + 1, inicio + n)) + [fin]
        entradas.append((nombre, 2, inicio, len(contenido)))
        datos += contenido
    fat += [libre] * (128 - len(fat))

    def entrada(i: int, nombre: str, tipo: int, inicio: int, tamano: int) -> bytes:
        nombre_b = nombre.encode("utf-16-le") + b"\0\0"
        hijo = 1 if tipo == 5 and len(entradas) > 1 else libre
        derecho = i + 1 if tipo == 2 and i + 1 < len(entradas) else libre
        return (
            nombre_b.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(nombre_b), tipo, 1, libre, derecho, hijo)
            + b"\0" * 36
            + struct.pack("<II4x", inicio, tamano)
        )

    directorio = b"".join(entrada(i, *e) for i, e in enumerate(entradas)).ljust(sector, b"\0")
    cabecera = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 4096, fin, 0, fin, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", libre) * 108
    )
    assert len(cabecera) == sector
    ruta.write_bytes(cabecera + struct.pack("<128I", *fat) + directorio + datos)
    return ruta


def png_gigante(ruta: Path, lado: int = 100_000) -> Path:
    """A tiny file whose header claims *lado* × *lado* pixels (a decompression bomb)."""

    def trozo(tipo: bytes, datos: bytes) -> bytes:
        return (
            struct.pack(">I", len(datos))
            + tipo
            + datos
            + struct.pack(">I", zlib.crc32(tipo + datos))
        )

    ihdr = struct.pack(">IIBBBBB", lado, lado, 8, 2, 0, 0, 0)
    ruta.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + trozo(b"IHDR", ihdr)
        + trozo(b"IDAT", zlib.compress(b"\0" * 64))
        + trozo(b"IEND", b"")
    )
    return ruta


# --- the file itself ------------------------------------------------------------------------


def test_libro_inexistente(tmp_path):
    falla(tmp_path / "no_esta.xlsx", "no_esta.xlsx", "no existe")


def test_texto_renombrado_a_xlsx(tmp_path):
    libro = tmp_path / "datos.xlsx"
    libro.write_text("id,nombre\n1,Actividad\n", encoding="utf-8")
    falla(libro, "datos.xlsx", "no es un libro de Excel (.xlsx)", "guárdelo como")


def test_libro_vacio(tmp_path):
    libro = tmp_path / "vacio.xlsx"
    libro.write_bytes(b"")
    falla(libro, "está vacío")


def test_xls_antiguo_por_nombre_y_renombrado(tmp_path):
    xls = crear_ole2(tmp_path / "viejo.xls", {"Workbook": b"\x09\x08" + b"\0" * 100})
    falla(xls, "viejo.xls", "antiguo (.xls)", "Libro de Excel (.xlsx)")
    renombrado = crear_ole2(tmp_path / "renombrado.xlsx", {"Workbook": b"\x09\x08"})
    falla(renombrado, "renombrado.xlsx", "antiguo (.xls)")


def test_libro_con_contrasena(tmp_path):
    libro = crear_ole2(
        tmp_path / "protegido.xlsx",
        {"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": b"\1" * 600},
    )
    stderr = falla(libro, "protegido.xlsx", "contraseña", "quite la contraseña")
    assert "antiguo" not in stderr


def test_libro_abierto_en_excel_avisa_y_usa_lo_guardado(tmp_path):
    # a stale lock file (Excel crashed) must not block the report: a warning, not an error
    libro = crear_libro(tmp_path / "abierto.xlsx")
    (tmp_path / "~$abierto.xlsx").write_bytes(b"\0" * 165)
    r = ejecutar("generar", str(libro))
    assert r.returncode == 0, r.stderr
    assert "aviso: archivo «" in r.stderr and "abierto en Excel" in r.stderr
    assert "~$abierto.xlsx" in r.stderr and "última versión guardada" in r.stderr
    assert libro.with_suffix(".docx").is_file()


def test_archivo_de_bloqueo_indicado_por_error(tmp_path):
    bloqueo = tmp_path / "~$reporte.xlsx"
    bloqueo.write_bytes(b"\0" * 165)
    falla(bloqueo, "archivo temporal que Excel crea", "«reporte.xlsx»")


def test_libro_bloqueado_sin_permiso(tmp_path, monkeypatch):
    # root can read any file, so the lock (Excel on Windows) is simulated in-process
    libro = crear_libro(tmp_path / "bloqueado.xlsx")
    abrir = Path.open

    def open_bloqueado(self, *a, **k):
        if self == libro:
            raise PermissionError(13, "Permission denied")
        return abrir(self, *a, **k)

    monkeypatch.setattr(Path, "open", open_bloqueado)
    lectura = analizar_libro(libro)
    assert lectura.reporte is None
    [h] = lectura.hallazgos
    assert h.codigo == "libro-sin-permiso"
    assert "bloqueado.xlsx" in str(h) and "¿abierto en Excel?" in str(h)


def test_zip_que_no_es_libro(tmp_path):
    libro = tmp_path / "comprimido.xlsx"
    with zipfile.ZipFile(libro, "w") as z:
        z.writestr("leeme.txt", "hola")
    falla(libro, "comprimido.xlsx", "es un archivo comprimido, no un libro de Excel")


def test_bomba_zip_se_rechaza_sin_descomprimir(tmp_path):
    libro = crear_libro(tmp_path / "bomba.xlsx")
    with zipfile.ZipFile(libro, "a", zipfile.ZIP_DEFLATED) as z, z.open("xl/relleno.xml", "w") as f:
        bloque = b"\0" * (1024 * 1024)
        for _ in range(300):  # 300 MB of zeros, about 300 KB compressed
            f.write(bloque)
    assert libro.stat().st_size < 2 * 1024 * 1024
    rc, hallazgos = validar(libro)
    assert rc == 1
    assert codigos(hallazgos) == ["libro-bomba-zip"]
    assert "bomba zip" in hallazgos[0]["mensaje"]
    falla(libro, "bomba.xlsx", "bomba zip")


@pytest.mark.parametrize("parte", ["xl/workbook.xml", "xl/worksheets/sheet2.xml"])
def test_bomba_de_entidades_xml(tmp_path, parte):
    base = crear_libro(tmp_path / "base.xlsx")
    with zipfile.ZipFile(base) as z:
        partes = {n: z.read(n) for n in z.namelist()}
    risas = '<!ENTITY a0 "jaja">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    xml = partes[parte].decode()
    prologo, _, resto = xml.partition("?>") if xml.startswith("<?xml") else ("", "", xml)
    raiz = resto.split()[0].lstrip("<")
    partes[parte] = f'<?xml version="1.0"?><!DOCTYPE {raiz} [{risas}]>{resto}'.encode()
    libro = tmp_path / "entidades.xlsx"
    with zipfile.ZipFile(libro, "w", zipfile.ZIP_DEFLATED) as z:
        for nombre, datos in partes.items():
            z.writestr(nombre, datos)
    rc, hallazgos = validar(libro)
    assert rc == 1 and codigos(hallazgos) == ["libro-xml-peligroso"]
    assert parte in hallazgos[0]["mensaje"]
    falla(libro, "entidades.xlsx", "declara entidades XML")


# --- sheets and columns ---------------------------------------------------------------------


def test_hoja_que_falta_con_sugerencia(tmp_path):
    libro = crear_libro(
        tmp_path / "l.xlsx",
        encabezados={"Activdades": ["id", "nombre", "fecha", "lugar", "descripcion"]},
        quitar_hojas=("Actividades",),
    )
    falla(libro, "falta la hoja «Actividades» (¿quiso decir «Activdades»?)")


def test_hoja_opcional_mal_escrita_es_error(tmp_path):
    # "Fotografia" would be ignored and the photos silently left out of the report
    crear_foto(tmp_path / "f.jpg")
    libro = crear_libro(
        tmp_path / "l.xlsx",
        encabezados={"Fotografia": ["actividad", "archivo", "pie"]},
        quitar_hojas=("Fotografias",),
    )
    falla(libro, "hoja «Fotografia»: no es una hoja del libro (¿quiso decir «Fotografías»?)")


def test_columna_que_falta_con_sugerencia(tmp_path):
    libro = crear_libro(
        tmp_path / "l.xlsx",
        encabezados={"Actividades": ["id", "Nombre", "fecha", "lugar", "Descripsion"]},
    )
    falla(
        libro,
        "hoja «Actividades»: falta la columna «Descripción» en la fila 1 de encabezados "
        "(¿quiso decir «Descripsion»?)",
    )


def test_columna_opcional_mal_escrita_es_error_y_desconocida_aviso(tmp_path):
    libro = crear_libro(
        tmp_path / "l.xlsx",
        encabezados={
            "Actividades": ["id", "nombre", "fecha", "lugar", "descripcion", "Objetvo", "Notas"]
        },
        actividades=[(*ACTIVIDAD[:5], "Objetivo propio", "nota interna")],
    )
    rc, hallazgos = validar(libro)
    assert rc == 1
    por_codigo = {h["codigo"]: h for h in hallazgos}
    assert por_codigo["columna-mal-escrita"]["columna"] == "Objetvo"
    assert "¿quiso decir «Objetivo»?" in por_codigo["columna-mal-escrita"]["mensaje"]
    assert por_codigo["columna-ignorada"]["severidad"] == "aviso"
    assert por_codigo["columna-ignorada"]["columna"] == "Notas"


def test_campo_del_reporte_mal_escrito(tmp_path):
    libro = crear_libro(
        tmp_path / "l.xlsx",
        reporte={"justificacion": ..., "justificasion": "texto", "titulo": ..., "titlo": "T"},
    )
    rc, hallazgos = validar(libro)
    assert rc == 1
    textos = [h["texto"] for h in hallazgos]
    assert any(
        "«justificasion» no es un campo del reporte (¿quiso decir «justificacion»?)" in t
        for t in textos
    )
    assert any(
        "falta la fila del campo «titulo»" in t and "¿quiso decir «titlo»?" in t for t in textos
    )


# --- cell values ----------------------------------------------------------------------------


def test_fechas_inexistente_e_ilegible(tmp_path):
    libro = crear_libro(
        tmp_path / "l.xlsx",
        encabezados={"Actividades": ["id", "Nombre", "Fecha", "Lugar", "Descripción"]},
        actividades=[
            ("1", "Uno", "31/02/2023", "Chetumal", "Desc"),
            ("2", "Dos", "el martes pasado", "Chetumal", "Desc"),
        ],
    )
    falla(
        libro,
        "«Actividades», fila 2, columna «Fecha»: «31/02/2023» no es una fecha válida "
        "(use dd/mm/aaaa, p. ej. 30/05/2023)",
        "«Actividades», fila 3, columna «Fecha»: «el martes pasado» no se entiende como fecha",
    )


def test_fecha_de_evento_y_numero_que_no_es_numero(tmp_path):
    libro = crear_libro(
        tmp_path / "l.xlsx",
        reporte={"programadas": "tres"},
        eventos=[("1", "Tabla", "30-13-2023", "Evento")],
    )
    falla(
        libro,
        "«Reporte», fila 14, columna «Valor»: «tres» no es un número",
        "«Eventos», fila 2, columna «fecha»: «30-13-2023» no es una fecha válida",
    )


@pytest.mark.parametrize(
    ("campo", "valor", "fragmento"),
    [
        ("trimestre", 5, "«5» no es un trimestre; escriba 1, 2, 3 o 4"),
        ("trimestre", "abril-junio", "«abril-junio» no es un trimestre; escriba 1, 2, 3 o 4"),
        ("trimestre", "V", "«V» no es un trimestre; escriba 1, 2, 3 o 4"),
        ("ejercicio", 23, "«23» no parece el año del ejercicio"),
        ("ejercicio", "dos mil veintitrés", "«dos mil veintitrés» no es un año"),
    ],
)
def test_trimestre_y_ejercicio(tmp_path, campo, valor, fragmento):
    libro = crear_libro(tmp_path / "l.xlsx", reporte={campo: valor})
    fila = 2 + list(CAMPOS_REPORTE).index(campo)
    falla(libro, f"«Reporte», fila {fila}, columna «Valor»: {fragmento}")


def test_campos_obligatorios_vacios(tmp_path):
    libro = crear_libro(
        tmp_path / "l.xlsx",
        reporte={"dependencia": "", "indicador": ...},
        actividades=[("1", "", None, " ", "")],
        firmas=[("Elaboró", "", "Jefa"), ("Revisó", "Persona", None)],
    )
    stderr = falla(
        libro,
        "«Reporte», fila 2, columna «Valor»: falta el valor de «dependencia»",
        "hoja «Reporte»: falta la fila del campo «indicador»",
        "«Actividades», fila 2, columna «nombre»: falta",
        "«Actividades», fila 2, columna «fecha»: falta",
        "«Actividades», fila 2, columna «lugar»: falta",
        "«Actividades», fila 2, columna «descripcion»: falta",
        "«Firmas», fila 2, columna «nombre»: falta",
        "«Firmas», fila 3, columna «cargo»: falta",
    )
    assert "no puede quedar vacía" in stderr


def test_ids_repetidos_y_referencias_a_actividades_que_no_existen(tmp_path):
    crear_foto(tmp_path / "f.jpg", format="JPEG")
    libro = crear_libro(
        tmp_path / "l.xlsx",
        actividades=[ACTIVIDAD, ("1", *ACTIVIDAD[1:])],
        fotografias=[("7", "f.jpg", "pie")],
        eventos=[("9", "Tabla", dt.datetime(2023, 6, 1), "Evento")],
    )
    falla(
        libro,
        "«Actividades», fila 3, columna «id»: el id «1» ya se usó en la fila 2",
        "«Fotografias», fila 2, columna «actividad»: no hay ninguna actividad con id «7»",
        "«Eventos», fila 2, columna «actividad»: no hay ninguna actividad con id «9»",
    )


def test_variacion_sin_justificacion(tmp_path):
    libro = crear_libro(tmp_path / "l.xlsx", reporte={"realizadas": 2, "justificacion": ""})
    falla(
        libro,
        "«Reporte», fila 16, columna «Valor»: lo realizado (2) difiere de lo programado (3); "
        "escriba la justificación",
    )


def test_formula_sin_valor_calculado_y_formula_con_error(tmp_path):
    # openpyxl writes formulas without a cached value: exactly "saved by a program"
    libro = crear_libro(
        tmp_path / "l.xlsx",
        reporte={"programadas": "=1+2", "realizadas": "#DIV/0!"},
    )
    stderr = falla(
        libro,
        "«Reporte», fila 14, columna «Valor»: la celda B14 tiene la fórmula «=1+2» pero ningún "
        "valor calculado",
        "«Reporte», fila 15, columna «Valor»: la celda B15 muestra el error de Excel «#DIV/0!»",
    )
    assert "falta el valor de «programadas»" not in stderr  # one finding per cell


# --- photos ---------------------------------------------------------------------------------


def test_fotos_faltante_no_imagen_truncada_y_gigante(tmp_path):
    (tmp_path / "fotos").mkdir()
    crear_foto(tmp_path / "fotos" / "Buena.jpg", format="JPEG")
    (tmp_path / "fotos" / "nota.jpg").write_text("no soy una foto")
    entera = crear_foto(tmp_path / "entera.jpg", tamano=(800, 600), format="JPEG")
    datos = entera.read_bytes()
    (tmp_path / "fotos" / "cortada.jpg").write_bytes(datos[: len(datos) // 2])
    entera.unlink()
    png_gigante(tmp_path / "fotos" / "gigante.png")
    libro = crear_libro(
        tmp_path / "l.xlsx",
        fotografias=[
            ("1", "fotos/bueno.jpg", "falta (¿quiso decir «fotos/Buena.jpg»?)"),
            ("1", "fotos/nota.jpg", ""),
            ("1", "fotos/cortada.jpg", ""),
            ("1", "fotos/gigante.png", ""),
            ("1", "fotos\\buena.jpg", "ruta escrita en Windows, sin distinguir mayúsculas: vale"),
        ],
    )
    # the messages name each photo as written, never by a path of this machine
    stderr = falla(
        libro,
        "«Fotografias», fila 2, columna «archivo»: no se encontró el archivo «fotos/bueno.jpg» "
        "(¿quiso decir «fotos/Buena.jpg»?)",
        "«Fotografias», fila 3, columna «archivo»: «fotos/nota.jpg» no es una imagen",
        "«Fotografias», fila 4, columna «archivo»: «fotos/cortada.jpg» está dañada o incompleta",
        "«Fotografias», fila 5, columna «archivo»: «fotos/gigante.png» tiene ",
    )
    assert str(tmp_path) not in stderr
    rc, hallazgos = validar(libro)
    assert [h["fila"] for h in hallazgos if h["codigo"].startswith("foto-")] == [2, 3, 4, 5]
    assert {h["valor"] for h in hallazgos if h["fila"] == 2} == {"fotos/bueno.jpg"}


# --- warnings -------------------------------------------------------------------------------


def test_avisos_no_detienen_la_generacion(tmp_path):
    crear_foto(tmp_path / "f.jpg", format="JPEG")
    libro = crear_libro(
        tmp_path / "avisos.xlsx",
        actividades=[
            ("1", "Fuera", dt.datetime(2023, 8, 1), "Chetumal", "Desc", ""),
            ("2", "Larga", dt.datetime(2023, 5, 2), "Chetumal", "palabra " * 600, ""),
        ],
        fotografias=[("2", "f.jpg", "pie")],
    )
    r = ejecutar("validar", str(libro))
    assert r.returncode == 0, r.stdout
    assert (
        "aviso: «Actividades», fila 2, columna «fecha»: la fecha 01/08/2023 está fuera del "
        "trimestre reportado (01/04/2023 a 30/06/2023)" in r.stdout
    )
    assert (
        "aviso: «Actividades», fila 2, columna «id»: la actividad «1» no tiene fotografías"
        in r.stdout
    )
    assert (
        "aviso: «Actividades», fila 3, columna «descripcion»: el texto tiene 4799 caracteres"
        in r.stdout
    )
    r = ejecutar("generar", str(libro))
    assert r.returncode == 0, r.stderr
    assert "no tiene fotografías" in r.stderr
    assert libro.with_suffix(".docx").is_file()


# --- all at once, outputs, JSON -------------------------------------------------------------


def test_varios_errores_en_una_sola_pasada_y_salida_intacta(tmp_path):
    libro = crear_libro(
        tmp_path / "l.xlsx",
        reporte={"trimestre": 7, "realizadas": 1, "justificacion": None},
        actividades=[
            ("1", "Uno", "31/02/2023", "Chetumal", "Desc", ""),
            ("1", "", dt.datetime(2023, 5, 1), "Chetumal", "Desc", ""),
        ],
        fotografias=[("3", "no_esta.jpg", "")],
        firmas=[("Elaboró", "Persona", "")],
    )
    salida = tmp_path / "l.docx"
    salida.write_bytes(b"reporte anterior")
    r = ejecutar("generar", str(libro), "--sobrescribir")
    assert r.returncode == 1
    for fragmento in [
        "«Reporte», fila 5, columna «Valor»: «7» no es un trimestre",
        "«Reporte», fila 16, columna «Valor»: lo realizado (1) difiere",
        "«Actividades», fila 2, columna «fecha»: «31/02/2023» no es una fecha válida",
        "«Actividades», fila 3, columna «id»: el id «1» ya se usó en la fila 2",
        "«Actividades», fila 3, columna «nombre»: falta",
        "«Fotografias», fila 2, columna «actividad»: no hay ninguna actividad con id «3»",
        "«Fotografias», fila 2, columna «archivo»: no se encontró el archivo",
        "«Firmas», fila 2, columna «cargo»: falta",
    ]:
        assert fragmento in r.stderr, r.stderr
    assert "No se escribió ningún documento." in r.stderr
    assert salida.read_bytes() == b"reporte anterior"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["l.docx", "l.xlsx"]


def test_validar_json_y_texto(tmp_path):
    libro = crear_libro(tmp_path / "l.xlsx", actividades=[("1", "Uno", "31/02/2023", "C", "D", "")])
    rc, hallazgos = validar(libro)
    assert rc == 1
    [h] = [h for h in hallazgos if h["codigo"] == "fecha-inexistente"]
    assert {k: h[k] for k in ("severidad", "hoja", "fila", "columna", "valor")} == {
        "severidad": "error",
        "hoja": "Actividades",
        "fila": 2,
        "columna": "fecha",
        "valor": "31/02/2023",
    }
    assert h["mensaje"].startswith("«31/02/2023» no es una fecha válida")
    r = ejecutar("validar", str(libro))
    assert r.returncode == 1
    assert "error: «Actividades», fila 2, columna «fecha»" in r.stdout
    assert "1 error, 0 avisos. Corrija" in r.stdout and "(es)" not in r.stdout
    assert list(tmp_path.iterdir()) == [libro]


def test_validar_libro_valido_y_depurar(tmp_path):
    libro = crear_libro(tmp_path / "l.xlsx")
    r = ejecutar("--depurar", "validar", str(libro))
    assert r.returncode == 0, r.stdout
    assert "El libro es válido" in r.stdout
    r = ejecutar("--depurar", "validar", str(tmp_path / "otro.xlsx"))
    assert r.returncode == 1 and "no existe" in r.stdout and "Traceback" not in r.stderr


def test_libro_escrito_por_excel_sin_hojas_opcionales(tmp_path):
    """Fotografias and Eventos may be absent; a stray sheet is only a warning."""
    libro = crear_libro(tmp_path / "l.xlsx", quitar_hojas=("Fotografias", "Eventos"))
    wb = load_workbook(libro)
    wb.create_sheet("Borrador").append(["notas"])
    wb.save(libro)
    rc, hallazgos = validar(libro)
    assert rc == 0, hallazgos
    assert "hoja-ignorada" in codigos(hallazgos)


def test_libro_danado(tmp_path):
    libro = crear_libro(tmp_path / "cortado.xlsx")
    datos = libro.read_bytes()
    libro.write_bytes(datos[: len(datos) // 2])
    falla(libro, "cortado.xlsx", "está dañado o incompleto")


def test_hoja_danada_se_nombra_y_las_demas_se_revisan(tmp_path):
    base = crear_libro(tmp_path / "base.xlsx", firmas=[("Elaboró", "", "Jefa")])
    with zipfile.ZipFile(base) as z:
        partes = {n: z.read(n) for n in z.namelist()}
    base.unlink()
    xml = partes["xl/worksheets/sheet2.xml"]  # Actividades
    partes["xl/worksheets/sheet2.xml"] = xml[: xml.index(b"<sheetData>") + 40]
    libro = tmp_path / "hoja_rota.xlsx"
    with zipfile.ZipFile(libro, "w") as z:
        for nombre, datos in partes.items():
            z.writestr(nombre, datos)
    falla(
        libro,
        "hoja «Actividades»: no se puede leer (la hoja está dañada)",
        "«Firmas», fila 2, columna «nombre»: falta",
    )


def test_hoja_sin_encabezados_en_la_fila_1(tmp_path):
    libro = crear_libro(tmp_path / "l.xlsx", encabezados={"Firmas": []}, firmas=[])
    wb = load_workbook(libro)
    wb["Firmas"]["A3"] = "notas"  # no row names a column of the sheet
    wb.save(libro)
    falla(
        libro,
        "hoja «Firmas»: la fila 1 no tiene encabezados; escriba en ella los de esta hoja (Rol, Nombre, Cargo)",
    )
    wb["Firmas"]["A3"] = "rol"  # headers written lower down (under a title): found there
    wb.save(libro)
    falla(libro, "hoja «Firmas»: falta la columna «Nombre» en la fila 3 de encabezados")
