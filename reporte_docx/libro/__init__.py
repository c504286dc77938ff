"""The workbook: opening it safely, reading its cells, turning it into a :class:`~reporte_docx.modelo.Reporte`.

Modules: ``apertura`` (the file before openpyxl sees it), ``celdas`` (one cell as the type
expected), ``lectura`` (sheets → model, every finding located), ``nuevo`` (the empty workbook).
"""
