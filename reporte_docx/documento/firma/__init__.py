"""The report's PDF signed with the SAT's e.firma, and its signatures read back.

Beside :mod:`reporte_docx.documento.pdf`, which writes the PDF::

    sat.py         what the SAT writes in a certificate: the name, RFC and CURP
    credencial.py  the official's .cer and .key opened with the password, and checked
    recuadro.py    the signature block's boxes found on the PDF's page
    estampa.py     the visible mark drawn in the signer's box
    firmar.py      one more signature, as an incremental update (PAdES)
    lectura.py     every signature of a PDF, checked offline

The signing itself is pyHanko's (a well-kept PAdES implementation); what is
here is the SAT's way of writing certificates, the office's signature block
and the Spanish messages.
"""
