"""The `claimdiff` command: a typer app that parses, calls the library, formats and exits.

`app.py` holds the shared options, error handling and the batch commands (scan, report,
embed, compare, model); `archive.py` the store commands. Importing this package registers
both on one app; neither module imports the other's commands.
"""

from claimdiff.cli import archive as _archive  # noqa: F401  (registers the archive commands)
from claimdiff.cli.app import app, main

__all__ = ["app", "main"]
