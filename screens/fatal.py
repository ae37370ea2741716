"""The database cannot be used: say why, plainly, and leave on a key."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Static


class FatalScreen(ModalScreen[None]):
    """A modal with the core's one-sentence reason; any key dismisses it.

    Used when the database is refused (not ours, too new, missing) or cannot be opened
    at all. The caller exits the app when it is dismissed, so there is nothing to retry
    here and no traceback to show.
    """

    def __init__(self, title: str, text: str) -> None:
        super().__init__(id="fatal")
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="fatal-dialog") as dialog:
            dialog.border_title = self.title_text
            yield Static(escape(self.text), id="fatal-text")
            yield Static("[$foreground-muted]Trykk en tast for å avslutte.[/]", id="fatal-hint")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.dismiss(None)
