"""The e.firma's files, fast: the SAT's certificate read, and every refusal before signing.

Signing itself (a second or so per signature) is in tests/test_efirma.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from reporte_docx import Codigo, ErrorDeFirma, abrir_credencial
from tests.credenciales_sat import CONTRASENA, FIRMANTES, emitir


def test_el_certificado_del_sat_da_nombre_rfc_y_curp(sat) -> None:  # type: ignore[no-untyped-def]
    c = abrir_credencial(sat[0].cer, sat[0].key, CONTRASENA)
    assert (c.firmante.nombre, c.firmante.rfc, c.firmante.curp) == FIRMANTES[0]
    # also from bytes, as a service receives them
    c2 = abrir_credencial(sat[0].cer.read_bytes(), sat[0].key.read_bytes(), CONTRASENA)
    assert c2.firmante == c.firmante


def test_contrasena_equivocada_sin_mostrarla(sat) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ErrorDeFirma) as e:
        abrir_credencial(sat[0].cer, sat[0].key, "Equivocada#99")
    assert e.value.hallazgos[0].codigo == Codigo.FIRMA_CONTRASENA
    assert "contraseña" in str(e.value) and "Equivocada#99" not in str(e.value)
    assert e.value.__cause__ is None and e.value.__suppress_context__


def test_clave_de_otro_certificado(sat) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ErrorDeFirma) as e:
        abrir_credencial(sat[0].cer, sat[1].key, CONTRASENA)
    assert e.value.hallazgos[0].codigo == Codigo.FIRMA_CLAVE_AJENA
    assert "no es la del certificado" in str(e.value)


def test_certificado_vencido_y_aun_no_vigente(tmp_path, ca) -> None:  # type: ignore[no-untyped-def]
    vencido = emitir(
        tmp_path, ca, *FIRMANTES[0], desde=dt.timedelta(days=-800), hasta=dt.timedelta(days=-2)
    )
    with pytest.raises(ErrorDeFirma) as e:
        abrir_credencial(vencido.cer, vencido.key, CONTRASENA)
    assert e.value.hallazgos[0].codigo == Codigo.FIRMA_CERTIFICADO_VENCIDO
    assert "venció el" in str(e.value) and " de 20" in str(e.value)
    futuro = emitir(tmp_path, ca, *FIRMANTES[1], desde=dt.timedelta(days=5))
    with pytest.raises(ErrorDeFirma) as e:
        abrir_credencial(futuro.cer, futuro.key, CONTRASENA)
    assert e.value.hallazgos[0].codigo == Codigo.FIRMA_CERTIFICADO_NO_VIGENTE


def test_archivos_que_no_son_una_efirma(tmp_path, sat) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ErrorDeFirma, match="se invirtieron"):
        abrir_credencial(sat[0].key, sat[0].cer, CONTRASENA)
    otro = tmp_path / "foto.cer"
    otro.write_bytes(b"\xff\xd8\xff\xe0 no es un certificado")
    with pytest.raises(ErrorDeFirma, match="no es un certificado de e.firma"):
        abrir_credencial(otro, sat[0].key, CONTRASENA)
    with pytest.raises(ErrorDeFirma, match="no es una clave privada"):
        abrir_credencial(sat[0].cer, otro, CONTRASENA)
    with pytest.raises(ErrorDeFirma, match="no existe"):
        abrir_credencial(tmp_path / "falta.cer", sat[0].key, CONTRASENA)
