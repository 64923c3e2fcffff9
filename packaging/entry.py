"""Entry point of the built application (PyInstaller): the `annotator` command line, named
`stance-annotator`. With no command it opens the window, like `annotator` does."""

import multiprocessing

from annotator.cli import cli

if __name__ == "__main__":
    multiprocessing.freeze_support()  # `suggest --n-process N` starts worker processes
    cli(prog_name="stance-annotator")
