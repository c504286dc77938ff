"""The installed version, read once from the package metadata (``pyproject.toml`` is the source)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__: str = version("reporte-docx")
except PackageNotFoundError:  # a source tree used without installing it
    __version__ = "0+desconocida"
