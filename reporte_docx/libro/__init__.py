"""The workbook: opening it safely, reading its cells, turning it into a :class:`~reporte_docx.modelo.Reporte`.

Modules: ``contrato`` (sheets, columns and fields, declared once), ``apertura`` (the file
before openpyxl sees it), ``celdas`` (one cell as the type expected), ``cuadricula`` (a
sheet's cells as Excel shows them), ``hojas`` (headers and rows; what is hidden is said),
``estructura`` (sheets and columns against the contract), ``campos`` (the ``Reporte``
sheet), ``registros`` (activities, events, signatures), ``reglas`` (rules across cells),
``lectura`` (the steps in order, every finding located), ``nuevo`` (the empty workbook);
for pictures pasted into the workbook, ``partes`` (the zip's parts by relationship),
``imagenes`` (each picture's sheet and cell), ``celda_imagen`` (Excel 365's pictures in
cells) and ``reparto`` (which photo each picture is); ``escritura`` writes values back
into their cells changing nothing else in the package (what ``incorporar`` brings back from
Word), and reads the values they hold now.
"""
