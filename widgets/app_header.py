"""The header line: the command palette's icon, the forum's name and the database file.

Textual's ``Header`` is four widgets (the header, its icon, its title and the space of
its clock), each styled, laid out and drawn on every screen that shows it; a screen is
restyled as a whole every time it is shown. This is the same line drawn by one widget:
the icon at the left, the title and sub-title centred between the icon's and the clock's
places, as Textual's header lays them out.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

#: The columns of Textual's header icon (``HeaderIcon``: width 8, padding 0 1) and of
#: its clock's place (``HeaderClockSpace``: width 10).
ICON_WIDTH = 8
CLOCK_WIDTH = 10


class AppHeader(Widget):
    """One line at the top of a screen: ``⭘`` (a click opens the command palette) and the
    app's title and sub-title."""

    DEFAULT_CSS = """
    AppHeader {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    ICON = "⭘"

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._retitle, init=False)
        self.watch(self.app, "sub_title", self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()

    def render(self) -> Content:
        width = self.size.width
        middle = max(width - ICON_WIDTH - CLOCK_WIDTH, 0)
        title = self.app.format_title(self.app.title, self.app.sub_title)
        if title.cell_length > middle:
            title = title.truncate(middle, ellipsis=True)
        left = (middle - title.cell_length) // 2
        icon = f" {self.ICON}".ljust(ICON_WIDTH)
        return Content.assemble(icon, " " * left, title).truncate(width, pad=True)

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH:
            event.stop()
            await self.run_action("app.command_palette")
