"""The output beside the workbook: a report open in Word or read-only is never replaced."""

from __future__ import annotations

import os
import stat

import pytest

from reporte_docx.documento.salida import candado_de_word, escribir_reporte
from reporte_docx.errores import ErrorDeSalida


@pytest.mark.parametrize("candado", ["~$reporte.docx", "~$porte.docx", "~$eporte.docx"])
def test_un_reporte_abierto_en_word_no_se_reemplaza(tmp_path, candado):
    ruta = tmp_path / "reporte.docx"
    ruta.write_bytes(b"anterior")
    (tmp_path / candado).write_bytes(b"Ana")
    with pytest.raises(ErrorDeSalida) as e:
        escribir_reporte(ruta, b"nuevo", sobrescribir=True)
    assert "está abierto en Word" in str(e.value) and "ciérrelo" in str(e.value)
    # how to insist is the interface's to say (the command line adds --ignorar-bloqueo)
    assert [h.codigo for h in e.value.hallazgos] == ["documento-abierto"]
    assert "--" not in str(e.value)
    assert ruta.read_bytes() == b"anterior"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["reporte.docx", candado])


def test_un_candado_viejo_se_ignora_si_se_pide(tmp_path):
    ruta = tmp_path / "reporte.docx"
    ruta.write_bytes(b"anterior")
    (tmp_path / "~$reporte.docx").write_bytes(b"Ana")
    escribir_reporte(ruta, b"nuevo", sobrescribir=True, ignorar_bloqueo=True)
    assert ruta.read_bytes() == b"nuevo"


def test_sin_reporte_previo_un_candado_suelto_no_estorba(tmp_path):
    ruta = tmp_path / "reporte.docx"
    (tmp_path / "~$reporte.docx").write_bytes(b"Ana")
    escribir_reporte(ruta, b"nuevo", sobrescribir=False)
    assert ruta.read_bytes() == b"nuevo"
    assert candado_de_word(tmp_path / "otro.docx") is None


def test_un_reporte_de_solo_lectura_no_se_reemplaza(tmp_path):
    ruta = tmp_path / "reporte.docx"
    ruta.write_bytes(b"anterior")
    os.chmod(ruta, stat.S_IRUSR | stat.S_IRGRP)
    try:
        with pytest.raises(ErrorDeSalida) as e:
            escribir_reporte(ruta, b"nuevo", sobrescribir=True)
        assert "sólo lectura" in str(e.value)
        assert ruta.read_bytes() == b"anterior"
    finally:
        os.chmod(ruta, 0o644)
