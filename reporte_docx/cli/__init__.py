"""The command line (``reporte-docx``): Spanish arguments and messages over the library."""

from reporte_docx.cli.principal import main

__all__ = ["main"]
