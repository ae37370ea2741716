"""The first frame must not wait for SQLAlchemy: importing the app stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_importing_the_app_does_not_import_the_database_stack() -> None:
    code = (
        "import sys, sekretariat.app\n"
        "heavy = ('sqlalchemy', 'sqlmodel', 'alembic')\n"
        "print(','.join(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == ""
