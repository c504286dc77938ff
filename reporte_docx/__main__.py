import signal
import sys

from reporte_docx.cli.principal import main

codigo = main()
# the work is done (or undone) and said: a Ctrl-C arriving now, while Python shuts down, must not
# turn the exit code into a signal death with an English traceback
signal.signal(signal.SIGINT, signal.SIG_IGN)
sys.exit(codigo)
