"""A titled box of text, the building block of the overview and of later dashboards."""

from __future__ import annotations

from textual.widgets import Static

from sekretariat.i18n import ui as _

#: What a panel says until its data has been read.
READING = "[$foreground-muted]" + _("Leser …") + "[/]"


class Panel(Static):
    """A ``Static`` under a rule that carries its title.

    Only the top edge is drawn, so a panel costs one line more than its text, which
    matters at 80x24 where every row counts.
    Panels are filled with Textual markup so that colours come from the theme.
    """

    DEFAULT_CSS = """
    Panel {
        height: auto;
        border-top: solid $primary;
        border-title-color: $text-primary;
        border-title-style: bold;
        padding: 0 1;
    }
    """

    def __init__(self, title: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(READING, id=id, classes=classes)
        self.border_title = title
