"""What a screen may ask of the app that shows it.

The app (``tui.app.SekretariatApp``) sits above the screens and imports them; the
screens see it only through this protocol, so the arrows between the layers point one
way. ``sekretariat`` on a screen or dialog is ``self.app`` typed as this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from textual.worker import Worker

    from sekretariat.domain.overview import Overview
    from sekretariat.storage.database import Database


class Host(Protocol):
    """The app as its screens use it: the database, today's date and a few services."""

    today: dt.date
    #: The meeting ``sekretariat minute DATE`` asked for (None: today's, else the next).
    meeting_date: dt.date | None
    #: Called on Ctrl+Q, SIGTERM and SIGHUP: each saves what its screen holds.
    flush_callbacks: list[Callable[[], None]]
    title: str

    @property
    def database(self) -> Database: ...

    def report_worker_state(self, event: Worker.StateChanged) -> None: ...

    def show_people(self) -> None: ...

    def take_prefetched_overview(self) -> Overview | None: ...


class HostAccess:
    """Mixin for screens, dialogs and widgets that run workers: ``self.sekretariat`` is
    their app, typed as a ``Host``, and their failed workers are reported by it."""

    app: Any  # a screen's or widget's own ``app``

    @property
    def sekretariat(self) -> Host:
        return cast("Host", self.app)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Worker events do not bubble: the app turns every failure into one sentence."""
        self.sekretariat.report_worker_state(event)
