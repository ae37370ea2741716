"""The database cannot be used: say why, plainly, and leave on a key."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Static

from sekretariat.i18n import ui as _
from widgets.dialog import FramedDialog


class FatalScreen(FramedDialog[None]):
    """A dialog with the core's one-sentence reason; any key dismisses it.

    Used when the database is refused (not ours, too new, missing) or cannot be opened
    at all. The caller exits the app when it is dismissed, so there is nothing to retry
    here and no traceback to show.
    """

    DEFAULT_CSS = """
    FatalScreen > .dialog-frame {
        border: round $error;
    }
    """
    HINT = _("Trykk en tast for å avslutte.")

    def __init__(self, title: str, text: str) -> None:
        super().__init__(title, id="fatal")
        self.text = text

    def compose_body(self) -> ComposeResult:
        yield Static(self.text, id="fatal-text", classes="dialog-lead", markup=False)

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.dismiss(None)
