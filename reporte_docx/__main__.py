import sys

from reporte_docx.cli.principal import main

sys.exit(main())
