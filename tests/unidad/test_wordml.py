"""Text written into the document's XML, and the package's parts."""

from __future__ import annotations

import datetime as dt
import zipfile
from io import BytesIO

from lxml import etree

from reporte_docx.documento import paquete
from reporte_docx.documento.wordml import escapar, hipervinculo, texto_con_saltos


def test_escapar_deja_el_texto_tal_cual_en_xml():
    assert escapar("a & b < c {{ x }}\x01") == "a &amp; b &lt; c &#123;&#123; x &#125;&#125;"
    assert "<w:br/>" in texto_con_saltos("uno\r\ndos")


def test_hipervinculo_es_un_w_hyperlink_entre_runs():
    xml = (
        '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<w:r><w:t>Sesión: {hipervinculo('rId9', 'Telmex & co')}</w:t></w:r></w:p>"
    )
    p = etree.fromstring(xml)
    (enlace,) = p.findall("{*}hyperlink")
    assert (
        enlace.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        == "rId9"
    )
    assert "".join(enlace.itertext()) == "Telmex & co"


def _docx(partes: dict[str, bytes]) -> bytes:
    return paquete.escribir_zip(partes, dt.datetime(2024, 1, 1))


def test_propiedades_personalizadas_de_la_plantilla_se_conservan():
    propias = (
        b'<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-'
        b'08002B2CF9AE}" pid="2" name="Oficina"><vt:lpwstr>Chetumal</vt:lpwstr></property>'
        b"</Properties>"
    )
    partes = {
        "[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
        "docProps/custom.xml": propias,
        "docProps/app.xml": b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Macintosh Word</Application><Pages>1</Pages><Words>0</Words><Company>SEGOB</Company></Properties>',
    }
    docx = paquete.terminar_paquete(
        partes, libro_sha256="x", version="1", fecha=dt.datetime(2024, 1, 1)
    )
    propiedades = paquete.leer_propiedades(docx)
    assert propiedades["Oficina"] == "Chetumal" and propiedades[paquete.PROP_VERSION] == "1"
    with zipfile.ZipFile(BytesIO(docx)) as z:
        app = z.read("docProps/app.xml").decode()
        pids = etree.fromstring(z.read("docProps/custom.xml")).xpath("//@pid")
    assert "reporte-docx" in app and "SEGOB" in app
    assert "Macintosh" not in app and "<Pages>" not in app
    assert len(set(pids)) == len(pids)
