#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys
from pathlib import Path

VENV = Path(__file__).resolve().parent / ".venv"


def _project_python_use() -> None:
    """Run under the project's .venv when started by an interpreter without its packages."""
    try:
        import django  # noqa: F401
    except ImportError:
        venv_python = VENV / "bin" / "python"
        if venv_python.exists() and Path(sys.prefix).resolve() != VENV:
            os.execv(venv_python, [str(venv_python), *sys.argv])
        sys.exit("Django is not installed: run `make test` or `make run` once to create .venv.")


def main() -> None:
    _project_python_use()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factdb.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
