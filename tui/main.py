"""The program's entry point: the command line, which may start the terminal app.

``sekretariat.cli`` parses the arguments and runs the headless commands; when the app
is wanted it prepares what to open (and starts reading the database) and calls
``run_app`` here, so the core never imports Textual. Textual is imported only now,
while the prefetch thread opens the database: that is the first-frame path.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from sekretariat import cli
from sekretariat.i18n import set_app_language


def language_for(request: cli.AppRequest) -> str:
    """The app's language: the user's own choice, else the forum's (issue 19), by the
    one rule the command line also speaks by (``cli.app_language_for``), read again for
    the database the app opens (a demo database may just have been built)."""
    return cli.app_language_for(request.path, new=request.first_run)


def restart() -> None:
    """Start this program again as it was started (``sekretariat``, ``python -m tui``,
    ``make run``): the same interpreter and arguments, in place of this process."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])


def run_app(request: cli.AppRequest) -> int:
    """Start the terminal app on what the command line prepared; its exit code.

    The app's language is chosen before the screens are imported: their key descriptions
    are read when their classes are made. So switching the language ends the app (after
    its usual saving) with ``RESTART`` and starts the program again in the new one.
    """
    set_app_language(language_for(request))
    from tui.app import RESTART, SekretariatApp  # the first-frame path: after the prefetch starts

    app = SekretariatApp(
        request.path,
        demo=request.demo,
        first_run=request.first_run,
        start=request.start,
        meeting_date=request.meeting_date,
        prefetch=request.prefetch,
    )
    if app.run() == RESTART:
        restart()
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    """``sekretariat [--db PATH] [COMMAND ...]``."""
    return cli.main(argv, run_app=run_app)
