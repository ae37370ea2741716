"""The first frame must not wait for SQLAlchemy: importing the app stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_importing_the_app_does_not_import_the_database_stack() -> None:
    code = (
        "import sys, tui.app\n"
        "heavy = ('sqlalchemy', 'sqlmodel', 'alembic')\n"
        "print(','.join(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == ""


def test_starting_the_demo_does_not_import_the_database_stack(tmp_path: Path) -> None:
    """`sekretariat --demo` on a current demo database: up to handing the app its request,
    nothing imports the exchange format or the code that builds the demo (they bring the
    whole database stack, a second before the first frame; the prefetch thread opens the
    database meanwhile, with what the overview needs)."""
    from sekretariat.new_database import open_demo

    demo = tmp_path / "demo.db"
    open_demo(demo).dispose()
    code = (
        "import sys\n"
        "from sekretariat import cli\n"
        "seen = []\n"
        "def run_app(request):\n"
        "    heavy = ('sekretariat.exchange', 'sekretariat.new_database')\n"
        "    seen.extend(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
        "    request.prefetch.result()\n"
        "    return 0\n"
        "sys.stdin.isatty = sys.stdout.isatty = lambda: True\n"
        f"code = cli.main(['--db', {str(demo)!r}, '--demo'], run_app=run_app)\n"
        "print(code, ','.join(seen))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "0"
    assert "Bygger demodatabasen" not in out.stderr


# -- the database opened while Textual imports (sekretariat/prefetch.py) ----------------

import datetime as dt  # noqa: E402

import pytest  # noqa: E402

TODAY = dt.date(2026, 11, 22)


def test_prefetch_opens_the_database_and_reads_the_overview(sample_db: Path) -> None:
    from sekretariat.prefetch import Prefetch

    prefetch = Prefetch(sample_db, TODAY).start()
    assert prefetch.ready(timeout=10)
    database, name = prefetch.result()
    assert name == "Samarbeidsforum Innlandet"
    overview = prefetch.take_overview()
    assert overview is not None
    assert (overview.seats_filled, overview.seats_total) == (42, 45)
    # Handed over once: a later showing reads afresh.
    assert prefetch.take_overview() is None
    database.dispose()


def test_prefetch_hands_a_refusal_to_the_app(tmp_path: Path) -> None:
    from sekretariat.errors import UserError
    from sekretariat.prefetch import Prefetch

    path = tmp_path / "ikke.db"
    path.write_text("dette er ingen database")
    prefetch = Prefetch(path, TODAY).start()
    assert not prefetch.ready(timeout=10)
    with pytest.raises(UserError):
        prefetch.result()
    assert path.read_text() == "dette er ingen database"


async def test_the_first_screen_is_the_overview_with_its_data(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch, settle
) -> None:
    """With the database open in time, no start screen and no second read: one draw."""
    from textual.widgets import Static

    from screens.overview import OverviewScreen
    from sekretariat.domain import overview as overview_module
    from sekretariat.prefetch import Prefetch
    from tui.app import SekretariatApp

    reads: list[dt.date] = []
    real = overview_module.load_overview

    def counting(db, today, *args, **kwargs):
        reads.append(today)
        return real(db, today, *args, **kwargs)

    monkeypatch.setattr(overview_module, "load_overview", counting)
    prefetch = Prefetch(sample_db, TODAY).start()
    prefetch.ready(timeout=10)
    app = SekretariatApp(sample_db, today=TODAY, prefetch=prefetch)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, OverviewScreen)
        assert app.title == "Samarbeidsforum Innlandet"
        panel = app.screen.query_one("#panel-forum", Static)
        assert "42 av 45" in str(panel.render())
        await settle(pilot)
        # The data came from the start-up read: the overview did not read it again.
        assert reads == [TODAY]
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        # Coming back reads afresh.
        assert reads == [TODAY, TODAY]


async def test_a_failed_prefetch_is_reported_like_a_failed_open(tmp_path: Path) -> None:
    from screens.fatal import FatalScreen
    from sekretariat.prefetch import Prefetch
    from tui.app import SekretariatApp

    path = tmp_path / "ikke.db"
    path.write_text("dette er ingen database")
    prefetch = Prefetch(path, TODAY).start()
    app = SekretariatApp(path, today=TODAY, prefetch=prefetch)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if isinstance(app.screen, FatalScreen):
                break
        assert isinstance(app.screen, FatalScreen)
