"""A meeting checked out to a laptop: who has it, the rule that its minutes are read-only
on the server meanwhile, the database's identity, and cancelling a checkout; and the rule
that approved minutes are read-only for good (``refuse_if_approved``).

The file that travels and the check-in that brings the minutes back are the exchange
layer's (``sekretariat.exchange.checkout``); this module holds what the domain's write
paths must know: every write to a checked-out meeting's minutes, attendance, conflicts
of interest and actions calls ``refuse_if_checked_out`` in its own transaction, so the
refusal names who has the meeting and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import col, select

from sekretariat.errors import RuleViolation, UserError
from sekretariat.formats import moment, short_date
from sekretariat.i18n import ui
from sekretariat.storage.audit import os_user
from sekretariat.storage.models import Checkout, DatabaseIdentity, Meeting

if TYPE_CHECKING:
    from sqlmodel import Session

    from sekretariat.storage.database import Database

#: Where a checkout row was made: the server lent the meeting out, or a laptop received it.
SERVER, LAPTOP = "server", "laptop"
#: Its states: out (the minutes are elsewhere), checked in, cancelled (the file is void).
OUT, IN, CANCELLED = "out", "in", "cancelled"
#: How a laptop's copy notes the meetings that came along for reference only.
REFERENCE = "reference"


class CheckedOut(UserError):
    """The meeting is checked out: its minutes are written elsewhere until it comes back."""


def now_text() -> str:
    """Now, as the checkout rows store a moment (UTC, to the second, like the audit log)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def here() -> tuple[str, str]:
    """(OS user, host) of this process."""
    return os_user(), socket.gethostname()


# -- the database's identity ----------------------------------------------------------


def identity(s: Session) -> str:
    """This database's identity (given when it was created or migrated to schema 0005)."""
    row = s.get(DatabaseIdentity, 1)
    if row is None:  # only a file whose migration was undone by hand
        raise UserError(ui("Databasen mangler identitet; åpne den med denne versjonen på nytt."))
    return row.uuid


def identity_of(db: Database) -> str:
    with db.read() as s:
        return identity(s)


# -- who has a meeting ----------------------------------------------------------------


@dataclass(frozen=True)
class CheckoutInfo:
    """A checkout as screens and messages show it."""

    token: str
    side: str
    meeting_id: int
    date: dt.date
    user: str
    host: str
    at: dt.datetime
    state: str
    ended_at: dt.datetime | None
    ended_by: str

    @property
    def line(self) -> str:
        """``"Sjekket ut til kari på kari-laptop 20.01.2027 kl. 10.12"``."""
        return ui("Sjekket ut til {user} på {host} {moment}").format(
            user=self.user, host=self.host, moment=moment(self.at)
        )


def info(row: Checkout, day: dt.date) -> CheckoutInfo:
    return CheckoutInfo(
        row.token,
        row.side,
        row.meeting_id,
        day,
        row.user,
        row.host,
        dt.datetime.fromisoformat(row.at),
        row.state,
        dt.datetime.fromisoformat(row.ended_at) if row.ended_at else None,
        row.ended_by,
    )


def active(s: Session, meeting_id: int) -> Checkout | None:
    """The meeting's checkout to a laptop while it is out, if it is."""
    return s.exec(
        select(Checkout).where(
            Checkout.meeting_id == meeting_id, Checkout.side == SERVER, Checkout.state == OUT
        )
    ).first()


def refusal(row: Checkout, day: dt.date) -> str:
    """What a write to a checked-out meeting's minutes is refused with."""
    who = info(row, day)
    return ui(
        "Møtet {date} er sjekket ut til {user} på {host} {moment}; protokollen kan bare endres der til møtet er sjekket inn igjen."
    ).format(date=short_date(day), user=who.user, host=who.host, moment=moment(who.at))


def refuse_if_checked_out(s: Session, meeting_id: int | None, *, follow_up: bool = False) -> None:
    """Refuse (``CheckedOut``) a write to the minutes of a meeting that is checked out.

    On a laptop the meetings that came along with a checkout for reference (the previous
    minutes) are refused too: what was written in them would not go back. Marking a
    follow-up action done (``follow_up``) is allowed there: that comes back.
    """
    if meeting_id is None:
        return
    row = active(s, meeting_id)
    if row is not None:
        meeting = s.get(Meeting, meeting_id)
        assert meeting is not None
        raise CheckedOut(refusal(row, meeting.date))
    if follow_up:
        return
    copies = s.exec(select(Checkout).where(Checkout.side == LAPTOP, Checkout.state == OUT))
    for copy in copies:
        places = copy.places
        if any(k.startswith(f"{REFERENCE}:") and v == meeting_id for k, v in places.items()):
            meeting, taken = s.get(Meeting, meeting_id), s.get(Meeting, copy.meeting_id)
            assert meeting is not None and taken is not None
            raise CheckedOut(
                ui(
                    "Møtet {date} kom med utsjekken av møtet {taken} til orientering; det som skrives i protokollen her, tas ikke med tilbake, så den endres på serveren."
                ).format(date=short_date(meeting.date), taken=short_date(taken.date))
            )


def approved_refusal(meeting: Meeting) -> str:
    """What a write to approved minutes is refused with."""
    return ui(
        "Protokollen for møtet {date} er godkjent og kan ikke endres; registrer en rettelse i stedet."
    ).format(date=short_date(meeting.date))


def is_approved(meeting: Meeting) -> bool:
    """Approved minutes: the status says so, or an approval day is recorded (an imported
    meeting may carry the day with another status)."""
    return meeting.status == "approved" or meeting.minutes_approved is not None


def refuse_if_approved(s: Session, meeting: Meeting | int | None) -> None:
    """Refuse (``RuleViolation``) a write to a meeting whose minutes are approved.

    THE check for frozen minutes: every path that writes a meeting's agenda, items (notes,
    decision, outcome), attendance, actions, conflicts of interest, reflection, or the
    allocation run put before one of its items calls it in its own transaction. What the
    plan allows after approval does not: a correction is recorded as an amendment
    (``minutes.add_amendment``), and marking a follow-up action done is following up,
    not editing (``minutes.set_action_done``).
    """
    if meeting is None:
        return
    found = s.get(Meeting, meeting) if isinstance(meeting, int) else meeting
    if found is not None and is_approved(found):
        raise RuleViolation(approved_refusal(found))


def checkout_of(db: Database, meeting_id: int) -> CheckoutInfo | None:
    """The meeting's checkout while it is out (read for a screen's banner)."""
    with db.read() as s:
        row = active(s, meeting_id)
        meeting = s.get(Meeting, meeting_id)
        return info(row, meeting.date) if row is not None and meeting is not None else None


def meeting_checkouts(db: Database) -> dict[int, CheckoutInfo]:
    """Every meeting that is out (lent from here) or is a copy received here, by id.

    A copy received on a laptop is listed while this database holds it, whatever became of
    it on the server (the laptop cannot know).
    """
    with db.read() as s:
        rows = s.exec(
            select(Checkout, Meeting)
            .join(Meeting, col(Meeting.id) == col(Checkout.meeting_id))
            .where(Checkout.state == OUT)
            .order_by(col(Checkout.id))
        ).all()
        return {row.meeting_id: info(row, meeting.date) for row, meeting in rows}


def laptop_copy(s: Session, meeting_id: int) -> Checkout | None:
    """The newest checkout received here for this meeting (this database is the laptop)."""
    return s.exec(
        select(Checkout)
        .where(Checkout.meeting_id == meeting_id, Checkout.side == LAPTOP)
        .order_by(col(Checkout.id).desc())
    ).first()


def meeting_on(s: Session, day: dt.date) -> Meeting:
    meeting = s.exec(select(Meeting).where(Meeting.date == day)).first()
    if meeting is None:
        raise UserError(ui("Det finnes ikke noe møte {date}.").format(date=short_date(day)))
    return meeting


# -- a lost laptop ----------------------------------------------------------------------


def cancel_checkout(db: Database, day: dt.date) -> CheckoutInfo:
    """End the checkout of the meeting on ``day`` without a check-in (the laptop is lost).

    The minutes can be written on the server again, and the file that went out is refused
    if it ever comes back. The audit log records who cancelled it (an update of the row).
    """
    user, _ = here()
    with db.write() as s:
        meeting = meeting_on(s, day)
        row = active(s, meeting.id or 0)
        if row is None:
            raise UserError(ui("Møtet {date} er ikke sjekket ut.").format(date=short_date(day)))

        row.state = CANCELLED
        row.ended_at = now_text()
        row.ended_by = user
        s.add(row)
        s.flush()
        return info(row, meeting.date)
