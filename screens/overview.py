"""The overview (oversikt): the forum today, at a glance, in one screen at 80x24."""

from __future__ import annotations

import datetime as dt

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

# The overview is the first frame: everything it imports reads with sqlite3 alone
# (tests/test_app_startup.py checks that SQLAlchemy is not among them).
from sekretariat import formats
from sekretariat.domain import overview as forum_overview
from sekretariat.domain.cycle import CycleEvent
from sekretariat.domain.overview import EndingTerm, Overview
from sekretariat.domain.seats import ENDING_SOON_DAYS
from sekretariat.i18n import app_language, ui_label
from sekretariat.i18n import ui as _
from widgets.panel import Panel

from .base import AreaScreen

#: How far ahead the annual cycle looks (the default of ``load_overview``).
CYCLE_HORIZON = dt.timedelta(days=120)

#: Markup colour of each kind of annual-cycle event.
EVENT_STYLE = {"meeting": "b", "deadline": "$text-warning", "task": ""}


class OverviewScreen(AreaScreen):
    """What the secretariat checks every morning: next meeting, seats, deadlines, cycle.

    The data is read in a thread worker every time the screen is shown, so coming back
    to it after work elsewhere never shows stale numbers.
    """

    MODE = "overview"
    BINDINGS = [
        Binding(
            "r",
            "reload",
            _("Oppdater"),
            tooltip=_("Les oversikten på nytt"),
            id="overview.reload",
        ),
    ]

    class Loaded(Message):
        """The overview was read from the database."""

        def __init__(self, overview: Overview) -> None:
            self.overview = overview
            super().__init__()

    def compose_body(self) -> ComposeResult:
        # Rows rather than a grid: a grid sizes a spanning cell's auto height by one
        # column's width. The rows are stacked or side by side by the width (app.tcss).
        with VerticalScroll(id="overview-body"):
            with Container(id="row-top", classes="overview-row"):
                yield Panel(_("Neste møte"), id="panel-next")
                with Container(id="row-forum"):
                    yield Panel(_("Forumet"), id="panel-forum")
                    yield Panel(_("Frister og oppfølging"), id="panel-due")
            with Container(id="row-bottom", classes="overview-row"):
                yield Panel(_("Årshjulet"), id="panel-cycle")
                yield Panel(_("Mandater som går ut"), id="panel-ending")

    #: Whether the data on screen was read at start-up and needs no second read yet.
    _fresh = False

    def on_mount(self) -> None:
        self.query_one("#heading-info", Static).update(
            escape(formats.long_date(self.sekretariat.today, lang=app_language()))
        )
        prefetched = self.sekretariat.take_prefetched_overview()
        if prefetched is not None:
            # Read while Textual was importing: the first frame already has the data.
            self._fresh = True
            self.show_overview(prefetched)

    def on_screen_resume(self) -> None:
        if self._fresh:
            self._fresh = False
            return
        self.action_reload()

    def action_reload(self) -> None:
        """Read the overview again (the key ``r``; also done whenever the screen shows)."""
        self.load()

    @work(
        thread=True,
        exclusive=True,
        group="db",
        exit_on_error=False,
        description=_("lese oversikten"),
    )
    def load(self) -> None:
        overview = forum_overview.load_overview(self.sekretariat.database, self.sekretariat.today)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(overview))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        self.show_overview(message.overview)

    def show_overview(self, ov: Overview) -> None:
        """Fill the heading and the five panels."""
        self.query_one("#heading-info", Static).update(heading_info(ov))
        upcoming = self.query_one("#panel-next", Panel)
        upcoming.border_title = next_meeting_title(ov)
        upcoming.update(next_meeting_text(ov))
        self.query_one("#panel-forum", Panel).update(forum_text(ov))
        due = self.query_one("#panel-due", Panel)
        due.update(due_text(ov))
        cycle = self.query_one("#panel-cycle", Panel)
        cycle.border_title = _("Årshjulet – til {date}").format(
            date=formats.short_date(ov.today + CYCLE_HORIZON)
        )
        cycle.update(cycle_text(ov.upcoming))
        ending = self.query_one("#panel-ending", Panel)
        ending.border_title = _("Mandater som går ut innen {days} dager").format(
            days=ENDING_SOON_DAYS
        )
        ending.update(ending_text(ov.ending_soon))


# The texts below are plain functions of the Overview so they can be read and tested
# without a terminal. They return Textual markup; user data is always escaped.


def heading_info(ov: Overview) -> str:
    """Today's date, and a marker no one can miss when the data is made up."""
    date = escape(formats.long_date(ov.today, lang=app_language()))
    if ov.fictional:
        return f"{date}  [reverse $text-warning] {_('Fiktive demodata')} [/]"
    return date


def next_meeting_title(ov: Overview) -> str:
    """The panel title carries how far off the meeting is, saving a line."""
    if ov.next_meeting is None:
        return _("Neste møte")
    when = formats.days_until(ov.next_meeting.date, ov.today, app_language())
    return _("Neste møte – {when}").format(when=when)


def next_meeting_text(ov: Overview) -> str:
    """When and where, agenda size and learning focus; then the last meeting."""
    meeting = ov.next_meeting
    if meeting is None:
        lines = [_("Ingen møter er lagt inn framover. Møtedatoene står i årshjulet.")]
    else:
        when = [
            formats.long_date(meeting.date, lang=app_language()),
            formats.time_span(meeting.start, meeting.end),
        ]
        lines = [f"[b]{escape(', '.join(p for p in when if p))}[/b]"]
        if meeting.place:
            lines[0] += f", {escape(meeting.place)}"
        lines.append(
            _("{items}, {duration} planlagt").format(
                items=formats.count(meeting.items, _("sak"), _("saker")),
                duration=formats.duration(meeting.planned_minutes),
            )
        )
        if meeting.learning_focus:
            lines.append(_("Læringsfokus: {text}").format(text=escape(meeting.learning_focus)))
        else:
            lines.append(_("Læringsfokus: [$text-warning]ikke satt[/]"))
    last = ov.last_meeting
    if last is not None:
        status = escape(ui_label(last.status).lower())
        said = _("Forrige møte: {date}, {status}").format(
            date=formats.short_date(last.date), status=status
        )
        lines[1 if meeting else 0] += f"  [$foreground-muted]{said}[/]"
    return "\n".join(lines)


def forum_text(ov: Overview) -> str:
    """Seats filled and vacant, and who leads the forum until when."""
    vacant = ov.seats_vacant
    vacant_text = (
        f"[$text-warning]{formats.count(vacant, _('ledig'), _('ledige'))}[/]"
        if vacant
        else _("ingen ledige")
    )
    lines = [
        _("Seter: [b]{filled} av {total}[/b] besatt, {vacant}").format(
            filled=ov.seats_filled, total=ov.seats_total, vacant=vacant_text
        )
    ]
    lines.append(
        _("Leder: {name}").format(name=escape(ov.leader))
        if ov.leader
        else _("Leder: [$text-warning]ikke valgt[/]")
    )
    lines.append(
        _("Nestleder: {name}").format(name=escape(ov.deputy))
        if ov.deputy
        else _("Nestleder: [$text-warning]ikke valgt[/]")
    )
    if ov.leader_until:
        until = _("Ledervervet varer til {date}").format(date=formats.short_date(ov.leader_until))
        lines.append(f"[$foreground-muted]{until}[/]")
    if ov.ending_soon:
        ending = formats.count(len(ov.ending_soon), _("mandat"), _("mandater"))
        soon = _("{terms} går ut innen {days} dager").format(terms=ending, days=ENDING_SOON_DAYS)
        lines.append(f"[$text-warning]{soon}[/]")
    return "\n".join(lines)


def due_text(ov: Overview) -> str:
    """Needs reports received against the due date, and follow-up actions still open."""
    lines = []
    if ov.reports_due is not None:
        missing = ov.reports_expected - ov.reports_in
        received = f"[b]{ov.reports_in} av {ov.reports_expected}[/b]"
        if ov.today > ov.reports_due and missing > 0:
            received = f"[$text-error]{received}[/]"
        lines.append(_("Behovsmeldinger {year}").format(year=ov.reports_year))
        lines.append("  " + _("{received} mottatt").format(received=received))
        due = _("frist {date}, {when}").format(
            date=formats.short_date(ov.reports_due),
            when=formats.days_until(ov.reports_due, ov.today, app_language()),
        )
        lines.append(f"[$foreground-muted]  {due}[/]")
    for line in ov.annual_reminders:
        # «Årsrapporter 2026, frist 01.03.2027: 1 ikke mottatt, …» on two lines, as the
        # needs reports above: the narrow panel would break it anywhere.
        head, _sep, rest = line.partition(": ")
        lines.append(escape(head))
        lines.append(f"  [$text-warning]{escape(rest)}[/]")
    open_ = formats.count(
        ov.open_actions, _("åpent oppfølgingspunkt"), _("åpne oppfølgingspunkter")
    )
    lines.append(f"[b]{open_}[/b]" if ov.open_actions else _("Ingen åpne oppfølgingspunkter"))
    if ov.overdue_actions:
        overdue = _("{count} på overtid").format(count=ov.overdue_actions)
        lines.append(f"  [$text-error]{overdue}[/]")
    return "\n".join(lines)


def cycle_text(events: list[CycleEvent]) -> str:
    """The coming entries of the annual cycle, one a line, meetings in bold."""
    if not events:
        return f"[$foreground-muted]{_('Ingenting de neste månedene.')}[/]"
    lines = []
    for event in events:
        style = EVENT_STYLE.get(event.kind, "")
        title = escape(event.title)
        if style:
            title = f"[{style}]{title}[/]"
        lines.append(f"{formats.short_date(event.date)}  {title}")
    return "\n".join(lines)


def ending_text(terms: list[EndingTerm]) -> str:
    """Terms ending soon (``ENDING_SOON_DAYS``), one a line: when, who, and which seat."""
    if not terms:
        none = _("Ingen mandater går ut de neste {days} dagene.").format(days=ENDING_SOON_DAYS)
        return f"[$foreground-muted]{none}[/]"
    lines = []
    for term in terms:
        seat = term.seat + (f", {term.region}" if term.region else "")
        lines.append(
            f"{formats.short_date(term.end)}  {escape(term.person)} [$foreground-muted]– {escape(seat)}[/]"
        )
    return "\n".join(lines)
