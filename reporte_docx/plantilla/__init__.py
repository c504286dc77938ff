"""Templates: the context given to them, sandboxed rendering with docxtpl, checks without data.

Modules, each importing only those listed after it (an import-linter contract):
``render`` (photos placed, the template rendered, a Jinja error said with its
paragraph), ``revision`` (a template checked without data), ``nombres`` (its
names and filters against the context), ``entorno`` (the Jinja sandbox and the
Spanish filters) and ``archivo`` (the official template; opening any one from a
path, bytes or a stream), ``contexto`` (the model as template variables).
"""
