"""The framed modal every small dialog uses: a column in a box, Escape answers None."""

from __future__ import annotations

from textual.binding import Binding
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Static


class FramedDialog(ModalScreen):
    """Base for small dialogs: compose a ``Vertical`` with ``.dialog-title``,
    ``.dialog-error`` and ``.dialog-hint`` children; ``dismiss`` the answer."""

    DEFAULT_CSS = """
    FramedDialog {
        align: center middle;
    }
    FramedDialog > Vertical {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    FramedDialog .dialog-title {
        text-style: bold;
        color: $text-primary;
        margin-bottom: 1;
    }
    FramedDialog .dialog-error {
        color: $text-error;
        height: auto;
    }
    FramedDialog .dialog-hint {
        color: $text-muted;
    }
    FramedDialog OptionList {
        height: auto;
        max-height: 14;
    }
    FramedDialog VerticalScroll {
        height: auto;
        max-height: 1fr;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Lukk", id="dialog.cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, text: str) -> None:
        self.query_one(".dialog-error", Static).update(escape(text))
