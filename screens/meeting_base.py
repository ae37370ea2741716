"""What the meetings area's screens share: running core calls in thread workers, the
frame of the screens pushed from the year view, and reading dates and times as typed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.worker import Worker

from widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from screens.host import Host
    from sekretariat.storage.database import Database


class CoreCalls:
    """Mixin: run a core function in a thread worker, then a callback on the UI thread.

    Failures (a ``UserError`` included) are reported by the app in one place, as a
    Norwegian sentence (``SekretariatApp.report_worker_state``).
    """

    app: Any

    @property
    def sekretariat(self) -> Host:
        return cast("Host", self.app)

    @property
    def database(self) -> Database:
        return self.sekretariat.database

    def call_core(
        self,
        work: Callable[[], Any],
        then: Callable[[Any], None] | None = None,
        *,
        description: str,
        group: str = "meetings",
    ) -> Worker[Any]:
        def run() -> Any:
            result = work()
            if then is not None:
                self.app.call_from_thread(then, result)
            return result

        return self.run_worker(  # type: ignore[attr-defined]
            run, thread=True, group=group, exit_on_error=False, description=description
        )


class MeetingSubScreen(CoreCalls, Screen[None]):
    """A screen pushed over the year view (agenda, attendance, prompts): the same
    header, heading line and footer as the areas, and Esc back to the year view."""

    BINDINGS = [
        Binding("escape", "back", "Tilbake", tooltip="Tilbake til møteplanen", id="meetings.back")
    ]

    HEADING = ""

    def compose(self) -> ComposeResult:
        yield Header()
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

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.sekretariat.report_worker_state(event)


# -- reading what was typed ------------------------------------------------------------


def parse_date(text: str) -> dt.date | None:
    """``21.01.2027``, ``21.1.27`` or ``2027-01-21``; None when it is not a date."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})", text)
        if m:
            day, month, year = (int(g) for g in m.groups())
            return dt.date(year + 2000 if year < 100 else year, month, day)
    except ValueError:
        return None
    return None


def parse_time(text: str) -> dt.time | None:
    """``09.00``, ``9:30`` or ``0900``; None when it is not a time of day."""
    m = re.fullmatch(r"(\d{1,2})[.:]?(\d{2})", text.strip())
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def parse_minutes(text: str) -> int | None:
    """A whole number of minutes, 0–600."""
    text = text.strip()
    if not text.isdigit() or int(text) > 600:
        return None
    return int(text)
