import os
import shutil
import tempfile

import pytest
from hypothesis import settings

from tests.utiles import copiar_ejemplo, ejecutar

# In CI the property and fuzz tests draw the same cases every run, so a red build is
# reproducible and never depends on luck; on a developer's machine they explore anew.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


UNIDAD = os.path.join(os.path.dirname(__file__), "unidad")
PROGRAMAS_LENTOS = ("soffice", "pdftotext", "pdfinfo", "chromium")


def pytest_configure(config):
    # processed photos are cached per user; the tests (and the CLI they run) get their own
    os.environ["REPORTE_DOCX_CACHE"] = tempfile.mkdtemp(prefix="reporte-docx-cache-")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Every test outside ``tests/unidad/`` is ``lento``: it opens LibreOffice, the validator
    or a subprocess. ``-m "not lento"`` then runs only the fast unit tests (see README)."""
    for item in items:
        if not str(item.path).startswith(UNIDAD + os.sep):
            item.add_marker(pytest.mark.lento)


def pytest_collection_finish(session):
    if not any(item.get_closest_marker("lento") for item in session.items):
        return
    faltan = [p for p in PROGRAMAS_LENTOS if shutil.which(p) is None]
    if faltan:
        raise pytest.UsageError(
            f"faltan programas para las pruebas: {', '.join(faltan)}; ejecute scripts/probar.sh"
        )


@pytest.fixture(scope="session")
def ejemplo_generado(tmp_path_factory):
    """The sample workbook generated once for the whole run: (workbook, docx)."""
    carpeta = tmp_path_factory.mktemp("ejemplo")
    libro = copiar_ejemplo(carpeta)
    r = ejecutar("generar", str(libro))
    assert r.returncode == 0, r.stderr
    return libro, libro.with_suffix(".docx")


@pytest.fixture(scope="session")
def ca():
    """A test certification authority standing in for the SAT's (tests/credenciales_sat.py)."""
    from tests.credenciales_sat import autoridad

    return autoridad()


@pytest.fixture(scope="session")
def sat(tmp_path_factory, ca):
    """The e.firma .cer and .key of the sample workbook's three signatories."""
    from tests.credenciales_sat import FIRMANTES, emitir

    carpeta = tmp_path_factory.mktemp("efirma")
    return [emitir(carpeta, ca, *f) for f in FIRMANTES]
