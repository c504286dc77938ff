#!/usr/bin/env bash
# Instala lo que las pruebas necesitan si falta (LibreOffice, poppler, Chromium, el validador
# Open XML de Microsoft, los paquetes de Python) y ejecuta todas las pruebas.
# Uso: bash scripts/probar.sh [opciones de pytest]
#      bash scripts/probar.sh --rapido   sólo las pruebas rápidas (tests/unidad/): sin LibreOffice
#                                        ni validador, en menos de 20 segundos
set -euo pipefail
cd "$(dirname "$0")/.."
RAPIDO=0
if [ "${1:-}" = "--rapido" ]; then RAPIDO=1; shift; fi

# 1. Programas del sistema: LibreOffice abre cada documento generado (y Calc re-guarda libros
#    de prueba como lo haría una oficina); poppler lee el PDF.
if [ "$RAPIDO" = 0 ] && { ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null \
    || ! dpkg -s libreoffice-calc-nogui >/dev/null 2>&1; }; then
  echo "== Instalando LibreOffice y poppler (paquetes de Debian)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation \
    fonts-dejavu-core >/dev/null
fi

# 1b. Chromium de Debian: las pruebas de la página web lo manejan con Playwright (que aquí no
#     puede descargar su propio navegador).
if ! command -v chromium >/dev/null; then
  echo "== Instalando Chromium (paquete de Debian)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

# 2. El validador Open XML SDK (paquete npm que trae el programa ya compilado).
if [ "$RAPIDO" = 0 ] && [ ! -x herramientas/node_modules/.bin/ooxml-validator ]; then
  echo "== Instalando el validador Open XML (npm)"
  # npm ci rejects this lock file: it only records the optional binary for this platform
  npm install --prefix herramientas --no-save --no-audit --no-fund --loglevel=error
fi

# 3. Python: un entorno virtual propio con las versiones fijadas en requisitos.lock.
if [ ! -x .venv/bin/python ]; then
  echo "== Creando el entorno virtual .venv"
  python3 -m venv .venv
fi
if ! .venv/bin/python -c "import reporte_docx, pytest, hypothesis" 2>/dev/null \
   || [ requisitos.lock -nt .venv/.instalado ] || [ pyproject.toml -nt .venv/.instalado ]; then
  echo "== Instalando los paquetes de Python"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c requisitos.lock -e ".[pruebas]"
  touch .venv/.instalado
fi

# 4. Las pruebas.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
if [ "$RAPIDO" = 1 ]; then
  exec .venv/bin/python -m pytest -m "not lento" "$@"
fi
exec .venv/bin/python -m pytest "$@"
