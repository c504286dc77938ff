"""The official Word template (``reporte_trimestral.docx``) and the script that builds it."""
