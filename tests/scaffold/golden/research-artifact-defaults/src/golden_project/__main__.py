"""``python -m golden_project`` runs the command line."""

from __future__ import annotations

import sys

from golden_project.cli import main

if __name__ == "__main__":
    sys.exit(main())
