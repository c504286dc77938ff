"""The PDF signed with e.firma: the signer's box, signing in turn, every refusal, verifying.

Some PDFs are drawn by pypdf as LibreOffice draws the report's signature block
(a line per signatory, the name, post and role under it); the report's own PDF,
made by LibreOffice from the sample workbook, is signed through the command line.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from reporte_docx import Codigo, ErrorDeFirma, abrir_credencial, firmar_reporte, verificar_firmas
from tests.credenciales_sat import CONTRASENA, FIRMANTES, emitir
from tests.utiles import copiar_ejemplo, ejecutar

BLOQUE = [
    ("Elaboró", "Lcda. Mirna Guadalupe Herrera Barbosa", "Jefa de Departamento"),
    ("Revisó", "Lcda. Izair Nallely González Silva", "Directora de Derechos Humanos"),
    ("Autorizó", "Lcda. María de los Milagros Álvarez Vidal", "Subsecretaria"),
]


def _texto_pdf(texto: str) -> str:
    return texto.encode("cp1252").decode("latin-1").replace("(", r"\(").replace(")", r"\)")


def pdf_con_bloque(firmas: list[tuple[str, str, str]] = BLOQUE) -> bytes:
    """A one-page PDF with the report's signature block: a 155-point line per signatory."""
    ops = ["0.5 w"]
    for i, (rol, nombre, cargo) in enumerate(firmas):
        x = 62 + i * 166
        ops.append(f"{x} 107.6 m {x + 155} 107.6 l S")
        for j, linea in enumerate((nombre, cargo, f"({rol}/Nombre y Cargo)")):
            ops.append(f"BT /F1 7 Tf {x + 2} {98 - 9 * j} Td ({_texto_pdf(linea)}) Tj ET")
    ops.append("57 147 m 555 147 l S")  # the bottom of the table above
    escritor = PdfWriter()
    pagina = escritor.add_blank_page(612, 792)
    fuente = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    pagina[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): fuente})}
    )
    contenido = DecodedStreamObject()
    contenido.set_data("\n".join(ops).encode("latin-1"))
    pagina[NameObject("/Contents")] = escritor._add_object(contenido)
    salida = io.BytesIO()
    escritor.write(salida)
    return salida.getvalue()


def _widget(datos: bytes, campo: str) -> list[float]:
    lector = PdfReader(io.BytesIO(datos))
    for anotacion in lector.pages[-1].get("/Annots", []):
        a = anotacion.get_object()
        if a.get("/T") == campo:
            return [float(v) for v in a["/Rect"]]
    raise AssertionError(f"sin el campo {campo}")


@pytest.mark.parametrize("indice, rol", [(0, "Elaboró"), (1, "Revisó"), (2, "Autorizó")])
def test_la_firma_se_ve_en_el_recuadro_de_su_nombre(tmp_path, sat, indice, rol) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(pdf_con_bloque())
    r = firmar_reporte(pdf, abrir_credencial(sat[indice].cer, sat[indice].key, CONTRASENA))
    assert r.recuadro == rol and not r.avisos and r.firmas == 1
    x0, y0, x1, y1 = _widget(pdf.read_bytes(), "Firma1")
    linea = 62 + indice * 166
    assert linea - 1 <= x0 and x1 <= linea + 156  # over its own line
    assert y0 >= 107 and y1 <= 146  # between the line and the table above


def test_rol_elige_el_recuadro_y_sin_recuadro_es_invisible_con_aviso(tmp_path, sat) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(pdf_con_bloque([("Elaboró", "Otra Persona", "Jefa")]))
    credencial = abrir_credencial(sat[1].cer, sat[1].key, CONTRASENA)
    r = firmar_reporte(pdf, credencial)
    assert r.recuadro is None and r.avisos[0].codigo == Codigo.FIRMA_SIN_RECUADRO
    assert "--rol" in str(r.avisos[0])
    r = firmar_reporte(pdf, credencial, rol="elaboro")
    assert r.recuadro == "Elaboró" and r.firmas == 2
    # the box now holds a signature: a third one there would cover it
    r = firmar_reporte(pdf, credencial, rol="Elaboró")
    assert r.recuadro is None and "ya tiene una firma" in str(r.avisos[0])
    with pytest.raises(ValueError, match="Elaboró, Revisó, Autorizó"):
        firmar_reporte(pdf, credencial, rol="Jefa")


def test_pdf_que_no_es_pdf_danado_o_cifrado_no_se_toca(tmp_path, sat) -> None:  # type: ignore[no-untyped-def]
    credencial = abrir_credencial(sat[0].cer, sat[0].key, CONTRASENA)
    docx = tmp_path / "reporte.pdf"
    docx.write_bytes(b"PK\x03\x04 un .docx renombrado")
    cortado = tmp_path / "cortado.pdf"
    cortado.write_bytes(pdf_con_bloque()[:400])
    escritor = PdfWriter(clone_from=io.BytesIO(pdf_con_bloque()))
    escritor.encrypt("clave-del-pdf")
    cifrado = tmp_path / "cifrado.pdf"
    with cifrado.open("wb") as f:
        escritor.write(f)
    for ruta, codigo in [
        (docx, Codigo.FIRMA_PDF_ILEGIBLE),
        (cortado, Codigo.FIRMA_PDF_ILEGIBLE),
        (cifrado, Codigo.FIRMA_PDF_CIFRADO),
    ]:
        antes = ruta.read_bytes()
        with pytest.raises(ErrorDeFirma) as e:
            firmar_reporte(ruta, credencial)
        assert e.value.hallazgos[0].codigo == codigo, ruta
        assert ruta.read_bytes() == antes and sorted(tmp_path.iterdir()).count(ruta) == 1


def test_tres_firmas_en_turno_y_un_byte_cambiado(tmp_path, sat) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(pdf_con_bloque())
    versiones = [pdf.read_bytes()]
    for a in sat:
        firmar_reporte(pdf, abrir_credencial(a.cer, a.key, CONTRASENA))
        versiones.append(pdf.read_bytes())
    # each signature is an incremental update: every earlier version is the start of the next
    assert all(b.startswith(a) for a, b in zip(versiones, versiones[1:], strict=False))
    firmas = verificar_firmas(pdf)
    assert [f.firmante.rfc for f in firmas if f.firmante] == [f[1] for f in FIRMANTES]
    assert not any(f.rota for f in firmas)
    datos = bytearray(pdf.read_bytes())
    datos[datos.index(b"Helvetica")] ^= 0x20  # one byte signed by all three
    rotas = verificar_firmas(bytes(datos))
    assert all(not f.intacta and f.rota for f in rotas)


def test_un_cambio_despues_de_firmar_se_dice(tmp_path, sat) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(pdf_con_bloque())
    firmar_reporte(pdf, abrir_credencial(sat[0].cer, sat[0].key, CONTRASENA))
    # someone appends a revision that adds a page (pypdf's incremental writer)
    escritor = PdfWriter(pdf, incremental=True)
    escritor.add_blank_page(612, 792)
    with Path(tmp_path / "cambiado.pdf").open("wb") as f:
        escritor.write(f)
    [firma] = verificar_firmas(tmp_path / "cambiado.pdf")
    assert firma.intacta and firma.valida and not firma.sin_cambios_despues and firma.rota


# --- the report's own PDF (LibreOffice, PDF/A-2b), signed in turn through the command line ---


def _cli(*args: str, contrasena: str | None = CONTRASENA, entrada: str | None = None):  # type: ignore[no-untyped-def]
    """The command line with the password in REPORTE_DOCX_CONTRASENA (or none there)."""
    return ejecutar(*args, entorno={"REPORTE_DOCX_CONTRASENA": contrasena}, entrada=entrada)


@pytest.fixture(scope="module")
def pdf_del_reporte(tmp_path_factory) -> bytes:  # type: ignore[no-untyped-def]
    carpeta = tmp_path_factory.mktemp("reporte")
    libro = copiar_ejemplo(carpeta)
    r = ejecutar("generar", str(libro), "--pdf", "--silencioso")
    assert r.returncode == 0, r.stderr
    return libro.with_suffix(".pdf").read_bytes()


def _cajas_por_rol(datos: bytes) -> dict[str, tuple[float, float]]:
    """Where each role's column is, from the text «(Elaboró/Nombre y Cargo)» under its line."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    ultima = list(extract_pages(io.BytesIO(datos)))[-1]
    cajas = {}
    for e in ultima:
        if isinstance(e, LTTextContainer):
            for rol in ("Elaboró", "Revisó", "Autorizó"):
                if f"({rol}/" in e.get_text():
                    cajas[rol] = (e.x0, e.x1)
    return cajas


def test_tres_firmas_del_sat_en_turno_sobre_el_reporte_en_pdf_a(
    tmp_path, sat, pdf_del_reporte
) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "reporte.pdf"
    pdf.write_bytes(pdf_del_reporte)
    for a, rol in zip(sat, ("Elaboró", "Revisó", "Autorizó"), strict=True):
        r = _cli("firmar", str(pdf), "--cer", str(a.cer), "--key", str(a.key))
        assert r.returncode == 0, r.stderr
        assert (
            f"Firmado por {a.nombre} (RFC {a.rfc}, CURP {a.curp}) en el recuadro «{rol}»"
            in r.stdout
        )
        assert CONTRASENA not in r.stdout + r.stderr and not r.stderr
    salida = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True).stdout
    assert salida.count("Signature is Valid.") == 3, salida
    assert "Total document signed" in salida
    datos = pdf.read_bytes()
    assert datos.startswith(pdf_del_reporte)  # nothing of the PDF was rewritten
    columnas = _cajas_por_rol(datos)
    for n, rol in enumerate(("Elaboró", "Revisó", "Autorizó"), start=1):
        x0, _y0, x1, _y1 = _widget(datos, f"Firma{n}")
        centro = (columnas[rol][0] + columnas[rol][1]) / 2
        assert x0 < centro < x1, (rol, x0, x1, columnas)
    texto = subprocess.run(
        ["pdftotext", "-l", "99", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    assert texto.count("Firmado electrónicamente con e.firma por") == 3
    assert all(a.nombre in texto and f"RFC {a.rfc}" in texto for a in sat)
    # still PDF/A-2b: the XMP says so, and its producer is Info's (pyHanko changed both)
    lector = PdfReader(pdf)
    xmp = lector.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="2"' in xmp or "<pdfaid:part>2<" in xmp
    productor = str(lector.trailer["/Info"]["/Producer"])
    assert f'pdf:Producer="{productor}"' in xmp or f"<pdf:Producer>{productor}<" in xmp


def test_verificar_lista_las_firmas_y_falla_con_un_byte_cambiado(
    tmp_path, sat, pdf_del_reporte
) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "reporte.pdf"
    pdf.write_bytes(pdf_del_reporte)
    r = _cli("verificar", str(pdf))
    assert r.returncode == 1 and "no tiene ninguna firma electrónica" in r.stdout
    # the password as a script would pipe it, with no terminal and no variable
    r = _cli(
        "firmar",
        str(pdf),
        "--cer",
        str(sat[0].cer),
        "--key",
        str(sat[0].key),
        contrasena=None,
        entrada=CONTRASENA + "\n",
    )
    assert r.returncode == 0, r.stderr
    r = _cli("verificar", str(pdf))
    assert r.returncode == 0, r.stderr
    assert f"Firma 1: {sat[0].nombre} — RFC {sat[0].rfc}" in r.stdout
    assert "íntegra" in r.stdout and "no se consultó al SAT" in r.stdout
    datos = bytearray(pdf.read_bytes())
    datos[len(pdf_del_reporte) // 2] ^= 0x01
    pdf.write_bytes(bytes(datos))
    r = _cli("verificar", str(pdf))
    assert r.returncode == 1 and "ROTA" in r.stdout and "no son válidas" in r.stderr


def test_por_la_linea_de_ordenes_cada_rechazo_en_espanol_sin_escribir(
    tmp_path, sat, ca, pdf_del_reporte
) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "reporte.pdf"
    pdf.write_bytes(pdf_del_reporte)
    vencido = emitir(
        tmp_path,
        ca,
        "PERSONA VENCIDA",
        "PEVE800101AB1",
        "PEVE800101HQRRNS01",
        desde=dt.timedelta(days=-900),
        hasta=dt.timedelta(days=-1),
    )
    casos = [
        (["--cer", str(sat[0].cer), "--key", str(sat[0].key)], "Otra#Clave", "contraseña"),
        (
            ["--cer", str(sat[0].cer), "--key", str(sat[1].key)],
            CONTRASENA,
            "no es la del certificado",
        ),
        (["--cer", str(vencido.cer), "--key", str(vencido.key)], CONTRASENA, "venció el"),
    ]
    for opciones, clave, motivo in casos:
        r = _cli("firmar", str(pdf), *opciones, contrasena=clave)
        assert r.returncode == 1 and motivo in r.stderr, r.stderr
        assert "Traceback" not in r.stderr and clave not in r.stdout + r.stderr
        assert pdf.read_bytes() == pdf_del_reporte
    docx = tmp_path / "reporte.docx"
    docx.write_bytes(b"PK\x03\x04")
    r = _cli("firmar", str(docx), "--cer", str(sat[0].cer), "--key", str(sat[0].key))
    assert r.returncode == 1 and "no es un PDF" in r.stderr
    existente = tmp_path / "firmado.pdf"
    existente.write_bytes(b"%PDF-1.7 de otra persona")
    r = _cli(
        "firmar", str(pdf), "--cer", str(sat[0].cer), "--key", str(sat[0].key), "-o", str(existente)
    )
    assert r.returncode == 1 and "ya existe" in r.stderr
    assert existente.read_bytes() == b"%PDF-1.7 de otra persona"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == [
        "firmado.pdf",
        "reporte.pdf",
    ]
