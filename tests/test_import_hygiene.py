"""The core must import without the user interface (checked in a fresh interpreter)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def core_modules() -> list[str]:
    """Every module of the core, migrations' scripts aside (Alembic loads those by path)."""
    names = []
    for path in sorted((ROOT / "sekretariat").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "versions" in parts or parts[-1] == "env":
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_core_imports_without_textual() -> None:
    modules = core_modules()
    assert "sekretariat.domain.minutes" in modules and len(modules) > 40
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tui', 'screens', 'widgets'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_plain_import_is_light() -> None:
    """Importing the package itself pulls in neither SQLAlchemy nor Textual."""
    code = "import sys, sekretariat; print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel', 'textual'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_no_core_module_mentions_textual() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "sekretariat").rglob("*.py")
        if "import textual" in p.read_text() or "from textual" in p.read_text()
    ]
    assert offenders == []


def test_overview_reads_without_sqlalchemy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The first frame's data comes through sqlite3 alone; SQLAlchemy may load after it."""
    from sekretariat.new_database import create_from_sample

    path = tmp_path / "s.db"
    create_from_sample(path).dispose()
    code = (
        "import sys, datetime as dt\n"
        "from sekretariat.storage.database import Database\n"
        "from sekretariat.domain.overview import load_overview\n"
        "from sekretariat.labels import label\n"
        "from sekretariat.domain import overview\n"
        f"db = Database.open({str(path)!r})\n"
        "o = load_overview(db, dt.date(2026, 11, 22))\n"
        "assert o.forum_name and overview.forum_name(db) == o.forum_name\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel', 'alembic'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
