"""The screen shown for the moment it takes to open (or create) the database."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static

from sekretariat.i18n import ui as _
from widgets.app_header import AppHeader
from widgets.key_footer import KeyFooter


class StartScreen(Screen[None]):
    """A plain first frame, drawn before SQLAlchemy is even imported.

    It keeps the terminal from looking frozen while the database opens in a worker,
    and it is the backdrop of the welcome and error dialogs.
    """

    def __init__(self) -> None:
        super().__init__(id="screen-start")

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Middle(), Center():
            yield Static(_("Åpner databasen …"), id="start-message")
        yield KeyFooter()
