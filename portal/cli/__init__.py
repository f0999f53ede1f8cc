"""The command line, `python -m portal COMMAND`, and what only its commands use.

May import every other part of the package; only `portal.__main__` imports it.
ARCHITECTURE.md describes each module.
"""

from portal.cli.main import main

__all__ = ["main"]
