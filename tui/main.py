"""The program's entry point: the command line, which may start the terminal app.

``sekretariat.cli`` parses the arguments and runs the headless commands; when the app
is wanted it prepares what to open (and starts reading the database) and calls
``run_app`` here, so the core never imports Textual. Textual is imported only now,
while the prefetch thread opens the database: that is the first-frame path.
"""

from __future__ import annotations

from collections.abc import Sequence

from sekretariat import cli
from sekretariat.i18n import set_app_language, user_language


def run_app(request: cli.AppRequest) -> int:
    """Start the terminal app on what the command line prepared; its exit code.

    The app's language is chosen before the screens are imported: their key descriptions
    are read when their classes are made.
    """
    set_app_language(user_language())
    from tui.app import SekretariatApp  # the first-frame path: imported after the prefetch starts

    app = SekretariatApp(
        request.path,
        demo=request.demo,
        first_run=request.first_run,
        start=request.start,
        meeting_date=request.meeting_date,
        prefetch=request.prefetch,
    )
    app.run()
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    """``sekretariat [--db PATH] [COMMAND ...]``."""
    return cli.main(argv, run_app=run_app)
