"""The frame every area screen shares: header, a heading line, the body and the footer."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from screens.host import HostAccess
from sekretariat.i18n import ui as _
from widgets.app_header import AppHeader
from widgets.key_footer import KeyFooter

from . import AREA_BY_MODE, Area


def size_class(screen: Screen[object]) -> str:
    """The breakpoint class (``-narrow``, ``-wide``) Textual gives ``screen`` at the app's width.

    Textual sets it on the screen's first ``Resize``, after its widgets are mounted and
    styled, which restyles them all once more; a screen that has it from its compose on
    is styled once. (The app's ``HORIZONTAL_BREAKPOINTS``, chosen as Textual does.)
    """
    points = screen.HORIZONTAL_BREAKPOINTS
    if points is None:
        points = screen.app.HORIZONTAL_BREAKPOINTS
    width = screen.app.size.width
    return next((name for point, name in sorted(points or [], reverse=True) if width >= point), "")


class AreaScreen(HostAccess, Screen[None]):
    """Base for the screens reached by the number keys.

    The heading names the area (the header is kept for the forum and the database file),
    and its right-hand side is free for what the area wants to show at a glance.
    Subclasses yield their content from ``compose_body``.
    """

    MODE: str = ""
    #: Whether the screen reads its data with ``read_when_shown``: then the first read
    #: starts as the screen is composed, while Textual builds and draws it.
    READS_WHEN_SHOWN = False

    #: Set for a second screen of an area (the inbox's annual reports): its id's suffix.
    VARIANT: str = ""

    def __init__(self, mode: str | None = None) -> None:
        self.area: Area = AREA_BY_MODE[mode or self.MODE]
        suffix = f"-{self.VARIANT}" if self.VARIANT else ""
        super().__init__(id=f"screen-{self.area.mode}{suffix}", classes="area-screen")
        #: The database's change mark when the screen's data was read (None: not yet);
        #: set by the screen when what it read arrives (see ``read_when_shown``).
        self.read_mark: int | None = None
        self._first_read_asked = False

    def compose(self) -> ComposeResult:
        self.add_class(size_class(self))
        if self.READS_WHEN_SHOWN:
            self.read_when_shown()
        yield AppHeader()
        with Horizontal(id="heading"):
            yield Static(self.area.title, id="heading-title")
            yield Static("", id="heading-info")
        yield from self.compose_body()
        yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        """The area's own widgets, between the heading and the footer."""
        yield from ()

    class WrittenSince(Message):
        """Someone has written to the database since the screen last read it."""

    @work(thread=True, group="read-again", exit_on_error=False, description=_("lese på nytt"))
    def read_again_if_changed(self, mark: int) -> None:
        """Read again (``read_again``) if anyone has written since ``mark``.

        For a screen that reads once and is shown again later: left for another area
        while other users go on writing.
        """
        if self.sekretariat.database.change_mark() != mark:
            self.post_message(self.WrittenSince())

    @on(WrittenSince)
    def _written_since(self) -> None:
        self.read_again()

    def read_when_shown(self) -> None:
        """On a visit: read the first time, and later only if someone wrote since.

        For a screen whose ``read_again`` reads all it shows and sets ``read_mark``. Its
        first visit resumes it twice (Textual resumes a mode's screen as it is made and
        again as it is shown): that is one read. Coming back to an unchanged database
        reads nothing and leaves the screen as it was.
        """
        if self.read_mark is not None:
            self.read_again_if_changed(self.read_mark)
        elif not self._first_read_asked:
            self._first_read_asked = True
            self.read_again()

    def read_again(self) -> None:
        """Read what the screen shows again (after ``read_again_if_changed``)."""
