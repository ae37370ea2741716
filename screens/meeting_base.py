"""The frame of the screens pushed from the meetings area's year view (the agenda, the
attendance, the prompt library)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Static

from screens.base import size_class
from screens.host import HostAccess
from sekretariat.i18n import ui as _
from widgets.app_header import AppHeader
from widgets.key_footer import KeyFooter


class MeetingSubScreen(HostAccess, Screen[None]):
    """A screen pushed over the year view: the same header, heading line and footer as
    the areas, and Esc back to the year view."""

    BINDINGS = [
        Binding(
            "escape",
            "back",
            _("Tilbake"),
            tooltip=_("Tilbake til møteplanen"),
            id="meetings.back",
        )
    ]

    HEADING = ""

    def compose(self) -> ComposeResult:
        self.add_class(size_class(self))
        yield AppHeader()
        with Horizontal(id="heading"):
            yield Static(self.HEADING, id="heading-title", markup=False)
            yield Static("", id="heading-info")
        yield from self.compose_body()
        yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def set_heading(self, title: str, info: str = "") -> None:
        self.query_one("#heading-title", Static).update(title)
        self.query_one("#heading-info", Static).update(info)

    def action_back(self) -> None:
        self.dismiss(None)
