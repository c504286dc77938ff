"""Photos: found as written, checked, upright, RGB, shrunk to the size they are shown at, cached.

Modules, one concept each: ``rutas`` (the file a written path means, optionally confined to a
root), ``apertura`` (opening safely: regular file, known format, our own pixel limit),
``revision`` (checking and measuring without processing), ``proceso`` (one photo made ready for
Word), ``cache`` (results kept by content), ``paralelo`` (many photos, in the caller's processes
or pool), ``comprimido`` (a workbook and its photos from a .zip).
"""
