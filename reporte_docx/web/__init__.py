"""``reporte-docx servir``: the local web page for people who do not use a terminal.

One page in Spanish: drop the workbook (and its photos, or a .zip of both), read
every finding in a table, watch the photos being processed, look at the pages
and download the .docx and the PDF. It sits beside ``cli/`` above ``api.py``
and uses only the public API, the errors and the model.

    configuracion.py  limits and options, stated once (the README quotes them)
    subida.py         streaming multipart upload into the job's own folder
    nombres.py        the file names a client sends, refused when they leave that folder
    trabajos.py       the job queue: bounded, cancellable, timed out, cleaned up
    trabajador.py     what runs in each job's own process (calls the API)
    seguridad.py      Host check, access key, form token, security headers
    aplicacion.py     the Starlette routes
    servidor.py       uvicorn, and the browser opened on the page
"""
