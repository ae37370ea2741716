"""Live minute-taking: what the meeting made of each item (notes, decision, outcome,
conflicts of interest, follow-up actions), the one-writer lock per meeting with the
position to resume at, and approval of the minutes (draft → approved, then frozen; a
later correction is a recorded amendment).

The lock row is never deleted: releasing it clears ``pid`` (0), so the item and cursor
where the minute-taker stopped stay for the next session.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import col, func, select

from sekretariat.domain.agenda import agenda_order
from sekretariat.domain.checkout import refuse_if_approved, refuse_if_checked_out
from sekretariat.errors import RuleViolation, UserError
from sekretariat.formats import clock, parse_date, short_date
from sekretariat.i18n import texts, ui, ui_label
from sekretariat.labels import APPROVED_HOW, ITEM_OUTCOMES, label
from sekretariat.storage.audit import os_user
from sekretariat.storage.models import (
    Action,
    AgendaItem,
    AllocationResult,
    AllocationRun,
    Amendment,
    Attendance,
    Conflict,
    Meeting,
    MinuteLock,
    NeedsReport,
    NeedsReportVersion,
    Person,
    Prompt,
    Region,
    Scheme,
    Term,
    row_id,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from sekretariat.storage.database import Database
    from sekretariat.storage.models import AgendaItem, Meeting, MinuteLock

#: A lock whose heartbeat is older than this is abandoned and taken back silently.
STALE_AFTER = dt.timedelta(seconds=60)
#: How often a holder should beat.
HEARTBEAT_EVERY = 10.0


class LockHeld(UserError):
    """Someone else is taking the minutes of this meeting."""

    def __init__(self, holder: LockInfo) -> None:
        self.holder = holder
        super().__init__(holder_message(holder))


class LockLost(UserError):
    """This process no longer holds the lock (someone took over)."""


# -- the lock ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LockInfo:
    """The lock row as screens see it."""

    meeting_id: int
    user: str
    host: str
    pid: int
    since: dt.datetime
    heartbeat: dt.datetime
    item_id: int | None
    cursor: int

    @property
    def active(self) -> bool:
        return self.pid != 0


def me() -> tuple[str, str, int]:
    """(user, host, pid) of this process."""

    return os_user(), socket.gethostname(), os.getpid()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _parse(value: str) -> dt.datetime:
    at = dt.datetime.fromisoformat(value)
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def _info(row: MinuteLock) -> LockInfo:
    return LockInfo(
        row.meeting_id,
        row.user,
        row.host,
        row.pid,
        _parse(row.since),
        _parse(row.heartbeat),
        row.item_id,
        row.cursor,
    )


def local_clock(at: dt.datetime) -> str:
    """``"09.05"`` in local time."""
    return clock(at.astimezone().time())


def holder_message(holder: LockInfo) -> str:
    """``"kari på server1 skriver protokoll siden kl. 09.05"`` (in the app's language: it
    is shown on screen and in the refusals the screen shows)."""
    return ui("{user} på {host} skriver protokoll siden kl. {time}").format(
        user=holder.user, host=holder.host, time=local_clock(holder.since)
    )


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def is_abandoned(holder: LockInfo, *, host: str, now: dt.datetime) -> bool:
    """Released, no heartbeat for a minute, or its process is gone on this host."""
    if not holder.active:
        return True
    if now - holder.heartbeat > STALE_AFTER:
        return True
    return holder.host == host and not pid_alive(holder.pid)


def _lock_row(s: Session, meeting_id: int) -> MinuteLock | None:
    return s.get(MinuteLock, meeting_id)


def lock_status(db: Database, meeting_id: int) -> LockInfo | None:
    """The lock row (active or released), or None if nobody ever took minutes."""
    with db.read() as s:
        row = _lock_row(s, meeting_id)
        return _info(row) if row is not None else None


def acquire_lock(
    db: Database,
    meeting_id: int,
    *,
    who: tuple[str, str, int] | None = None,
    now: dt.datetime | None = None,
    take_over: bool = False,
) -> LockInfo:
    """Take the minute lock; the returned info carries the position to resume at.

    A lock held by a live process elsewhere is refused with ``LockHeld`` naming the
    holder, unless ``take_over`` (the user chose to). An abandoned one is taken back
    silently. The same process acquiring again just refreshes it.
    """

    user, host, pid = who or me()
    now = now or _now()
    with db.write() as s:
        if s.get(Meeting, meeting_id) is None:
            raise UserError(ui("Møtet finnes ikke lenger."))
        refuse_if_checked_out(s, meeting_id)
        row = _lock_row(s, meeting_id)
        if row is None:
            row = MinuteLock(
                meeting_id=meeting_id,
                user=user,
                host=host,
                pid=pid,
                since=now.isoformat(),
                heartbeat=now.isoformat(),
            )
        else:
            holder = _info(row)
            mine = holder.host == host and holder.pid == pid
            if not mine and not take_over and not is_abandoned(holder, host=host, now=now):
                raise LockHeld(holder)
            if not mine:
                row.since = now.isoformat()
            row.user, row.host, row.pid = user, host, pid
            row.heartbeat = now.isoformat()
        s.add(row)
        s.flush()
        return _info(row)


def _own(s: Session, meeting_id: int, host: str, pid: int) -> MinuteLock:
    row = _lock_row(s, meeting_id)
    if row is None or row.host != host or row.pid != pid:
        if row is not None and row.pid:
            raise LockLost(
                ui("Du skriver ikke lenger protokollen: {holder}.").format(
                    holder=holder_message(_info(row))
                )
            )
        raise LockLost(ui("Du skriver ikke lenger protokollen for dette møtet."))
    return row


def heartbeat(
    db: Database,
    meeting_id: int,
    *,
    item_id: int | None = None,
    cursor: int | None = None,
    who: tuple[str, str, int] | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Keep the lock alive and record where the minute-taker is; ``LockLost`` if taken."""
    _, host, pid = who or me()
    with db.write() as s:
        row = _own(s, meeting_id, host, pid)
        row.heartbeat = (now or _now()).isoformat()
        if item_id is not None:
            row.item_id = item_id
        if cursor is not None:
            row.cursor = max(0, cursor)
        s.add(row)


def release_lock(
    db: Database,
    meeting_id: int,
    *,
    item_id: int | None = None,
    cursor: int | None = None,
    who: tuple[str, str, int] | None = None,
) -> bool:
    """Let go of the lock, keeping the position; False if it was not ours."""
    _, host, pid = who or me()
    with db.write() as s:
        row = _lock_row(s, meeting_id)
        if row is None or row.host != host or row.pid != pid:
            return False
        if item_id is not None:
            row.item_id = item_id
        if cursor is not None:
            row.cursor = max(0, cursor)
        row.pid = 0
        s.add(row)
        return True


# -- which meeting ----------------------------------------------------------------------


def minute_meeting(db: Database, today: dt.date, day: dt.date | None = None) -> int:
    """The meeting to take minutes for: on ``day`` if given, else today's, else the
    next one, else the most recent (cancelled meetings are skipped)."""
    with db.sql() as con:
        if day is not None:
            row = con.execute(
                'SELECT id, status FROM meeting WHERE "date" = ?', (day.isoformat(),)
            ).fetchone()
            if row is None:
                raise UserError(ui("Det finnes ikke noe møte {date}.").format(date=short_date(day)))
            if row["status"] == "cancelled":
                raise UserError(ui("Møtet {date} er avlyst.").format(date=short_date(day)))
            return int(row["id"])
        live = "status != 'cancelled'"
        row = (
            con.execute(
                f'SELECT id FROM meeting WHERE {live} AND "date" >= ? ORDER BY "date" LIMIT 1',
                (today.isoformat(),),
            ).fetchone()
            or con.execute(
                f'SELECT id FROM meeting WHERE {live} AND "date" < ? ORDER BY "date" DESC LIMIT 1',
                (today.isoformat(),),
            ).fetchone()
        )
    if row is None:
        raise UserError(
            ui("Det finnes ingen møter å skrive protokoll for; legg inn et møte under Møter (4).")
        )
    return int(row["id"])


# -- reading ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionView:
    id: int
    what: str
    owner: str
    owner_name: str
    due: dt.date | None
    done: dt.date | None


@dataclass(frozen=True)
class ConflictView:
    id: int
    person_key: str
    name: str
    note: str
    #: The ground (forvaltningsloven § 6), who decided (§ 8) and the decision.
    ground: str = ""
    decided_by: str = ""
    disqualified: bool = True
    substitute_key: str = ""
    substitute_name: str = ""

    def text(self, lang: str = "nb") -> str:
        """The conflict as the minutes state it, in one paragraph."""
        _ = texts(lang)
        if self.disqualified:
            out = _("{name} ble erklært inhabil og fratrådte under behandlingen av saken.")
        else:
            out = _("{name} ble vurdert som habil og deltok i behandlingen av saken.")
        out = out.format(name=self.name)
        if self.ground:
            out += " " + _("Grunnlag: {ground}.").format(ground=self.ground.rstrip("."))
        if self.decided_by:
            out += " " + _("Avgjort av: {who}.").format(who=self.decided_by.rstrip("."))
        if self.substitute_name:
            out += " " + _("{name} tok plassen.").format(name=self.substitute_name)
        if self.note:
            out += f" {self.note}"
        return out


@dataclass(frozen=True)
class MinuteItem:
    id: int
    number: int | None
    title: str
    kind: str
    minutes: int
    standing: str
    background: str
    proposal: str
    decision: str
    outcome: str
    notes: str
    actions: tuple[ActionView, ...] = ()
    conflicts: tuple[ConflictView, ...] = ()
    #: The allocation run put before this item ("" when none): a decision on allocation,
    #: where representatives whose own network or UH partner is affected are asked about
    #: conflicts of interest (``conflict_candidates``).
    allocation_run: str = ""
    #: The learning prompt the item carries (its title and question), "" when none: the
    #: question the meeting is to talk about, kept in front while it is minuted.
    prompt_title: str = ""
    prompt_question: str = ""

    @property
    def decision_or_proposal(self) -> str:
        """What the decision field shows: the decision, else the proposal to start from."""
        return self.decision or self.proposal

    @property
    def open(self) -> bool:
        return not self.outcome


@dataclass(frozen=True)
class MinuteView:
    meeting_id: int
    date: dt.date
    status: str
    minutes_approved: dt.date | None
    approved_how: str
    learning_focus: str
    reflection: str
    items: tuple[MinuteItem, ...] = ()

    @property
    def frozen(self) -> bool:
        return self.status == "approved" or self.minutes_approved is not None

    def first_open(self) -> int:
        """Index of the first item without an outcome (0 if all are done)."""
        for n, item in enumerate(self.items):
            if item.open:
                return n
        return 0


def load_minutes(db: Database, meeting_id: int) -> MinuteView:
    """The meeting's items in agenda order with what has been minuted."""

    with db.read() as s:
        meeting = s.get(Meeting, meeting_id)
        if meeting is None:
            raise UserError(ui("Møtet finnes ikke lenger."))
        items = agenda_order(
            list(s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)).all())
        )
        ids = [i.id for i in items]
        actions = (
            s.exec(
                select(Action)
                .where(col(Action.item_id).in_(ids))
                .order_by(col(Action.position), col(Action.id))
            ).all()
            if ids
            else []
        )
        conflicts = (
            s.exec(
                select(Conflict, Person)
                .join(Person, col(Person.id) == col(Conflict.person_id))
                .where(col(Conflict.item_id).in_(ids))
                .order_by(col(Conflict.id))
            ).all()
            if ids
            else []
        )
        subs = {c.substitute_id for c, _ in conflicts if c.substitute_id is not None}
        sub_people = (
            {
                row_id(p): (p.key, p.name)
                for p in s.exec(select(Person).where(col(Person.id).in_(subs))).all()
            }
            if subs
            else {}
        )
        runs = (
            {
                r.adopted_item_id: r.key
                for r in s.exec(
                    select(AllocationRun).where(col(AllocationRun.adopted_item_id).in_(ids))
                ).all()
            }
            if ids
            else {}
        )
        prompt_ids = {i.prompt_id for i in items if i.prompt_id is not None}
        prompts = (
            {
                p.id: (p.title, p.question)
                for p in s.exec(select(Prompt).where(col(Prompt.id).in_(prompt_ids))).all()
            }
            if prompt_ids
            else {}
        )
        # Only the owners named in these actions, not every person.
        owners = {a.owner for a in actions if a.owner}
        names = (
            dict(s.exec(select(Person.key, Person.name).where(col(Person.key).in_(owners))).all())
            if owners
            else {}
        )
        by_item: dict[int, list[ActionView]] = {}
        for a in actions:
            by_item.setdefault(a.item_id, []).append(
                ActionView(a.id or 0, a.what, a.owner, names.get(a.owner, a.owner), a.due, a.done)
            )
        conf_by: dict[int, list[ConflictView]] = {}
        for c, p in conflicts:
            sub_key, sub_name = sub_people.get(c.substitute_id or 0, ("", ""))
            conf_by.setdefault(c.item_id, []).append(
                ConflictView(
                    c.id or 0,
                    p.key,
                    p.name,
                    c.note,
                    c.ground,
                    c.decided_by,
                    c.disqualified,
                    sub_key,
                    sub_name,
                )
            )
        return MinuteView(
            meeting_id=meeting_id,
            date=meeting.date,
            status=meeting.status,
            minutes_approved=meeting.minutes_approved,
            approved_how=meeting.approved_how,
            learning_focus=meeting.learning_focus,
            reflection=meeting.reflection,
            items=tuple(
                MinuteItem(
                    i.id or 0,
                    i.number,
                    i.title,
                    i.kind,
                    i.minutes,
                    i.standing,
                    i.background,
                    i.proposal,
                    i.decision,
                    i.outcome,
                    i.notes,
                    tuple(by_item.get(i.id or 0, ())),
                    tuple(conf_by.get(i.id or 0, ())),
                    runs.get(i.id or 0, ""),
                    *prompts.get(i.prompt_id or 0, ("", "")),
                )
                for i in items
            ),
        )


# -- writing ----------------------------------------------------------------------------


def _check_open(s: Session, meeting: Meeting) -> None:
    refuse_if_approved(s, meeting)
    if meeting.status == "cancelled":
        raise UserError(ui("Møtet {date} er avlyst.").format(date=short_date(meeting.date)))


def _item_for_writing(s: Session, item_id: int) -> tuple[AgendaItem, Meeting]:
    item = s.get(AgendaItem, item_id)
    if item is None:
        raise UserError(ui("Saken finnes ikke lenger."))
    meeting = s.get(Meeting, item.meeting_id)
    assert meeting is not None
    _check_open(s, meeting)
    refuse_if_checked_out(s, meeting.id)
    return item, meeting


MINUTE_FIELDS = ("notes", "decision", "outcome")


def save_item(
    db: Database,
    item_id: int,
    fields: dict[str, str],
    *,
    holder: tuple[str, str, int] | None = None,
) -> None:
    """Save an item's notes, decision text and/or outcome.

    With ``holder`` (user, host, pid) the write is refused (``LockLost``) unless that
    process holds the meeting's minute lock, so a minute-taker who was taken over from
    cannot write over the new one. Setting an outcome of adopted on an item without a
    decision text stores the proposal as the decision.
    """
    unknown = set(fields) - set(MINUTE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    outcome = fields.get("outcome")
    if outcome is not None and outcome and outcome not in ITEM_OUTCOMES:
        raise UserError(
            ui("«{outcome}» er ikke et utfall (velg {choices}).").format(
                outcome=outcome, choices=", ".join(ui_label(o) for o in ITEM_OUTCOMES)
            )
        )
    with db.write() as s:
        item, meeting = _item_for_writing(s, item_id)
        if holder is not None:
            _own(s, meeting.id or 0, holder[1], holder[2])
        changed = False
        for name in MINUTE_FIELDS:
            if name in fields and getattr(item, name) != fields[name]:
                setattr(item, name, fields[name])
                changed = True
        if (
            outcome in ("adopted", "adopted_changed")
            and not item.decision.strip()
            and item.proposal
        ):
            item.decision = item.proposal
            changed = True
        if changed:
            s.add(item)


def reflection(db: Database, meeting_id: int) -> str:
    """What the forum reflected on in a meeting, as written so far (``""`` if nothing)."""
    with db.sql() as con:
        row = con.execute("SELECT reflection FROM meeting WHERE id = ?", (meeting_id,)).fetchone()
    if row is None:
        raise UserError(ui("Møtet finnes ikke lenger."))
    return row[0] or ""


def set_reflection(db: Database, meeting_id: int, text: str) -> None:
    """What the forum reflected on (the learning focus's other half)."""

    with db.write() as s:
        meeting = s.get(Meeting, meeting_id)
        if meeting is None:
            raise UserError(ui("Møtet finnes ikke lenger."))
        _check_open(s, meeting)
        refuse_if_checked_out(s, meeting_id)
        if meeting.reflection != text:
            meeting.reflection = text
            s.add(meeting)


def parse_due(text: str) -> dt.date | None:
    """A due date typed as any date is (``formats.parse_date``); empty for none."""
    return parse_date(text) if text.strip() else None


def add_action(
    db: Database, item_id: int, what: str, owner: str = "", due: dt.date | None = None
) -> int:
    """A follow-up action under an item; ``owner`` is a person key or a free name."""

    what = what.strip()
    if not what:
        raise UserError(ui("Skriv hva som skal gjøres."))
    with db.write() as s:
        _item_for_writing(s, item_id)
        last = s.exec(select(func.max(Action.position)).where(Action.item_id == item_id)).one()
        action = Action(
            item_id=item_id, what=what, owner=owner.strip(), due=due, position=int(last or 0) + 1
        )
        s.add(action)
        s.flush()
        return action.id or 0


def set_action_done(db: Database, action_id: int, done: dt.date | None) -> None:
    """Mark a follow-up action done on ``done`` (None: not done). Allowed after approval:
    following up is not editing the minutes."""

    with db.write() as s:
        action = s.get(Action, action_id)
        if action is None:
            raise UserError(ui("Oppfølgingspunktet finnes ikke lenger."))
        item = s.get(AgendaItem, action.item_id)
        refuse_if_checked_out(s, item.meeting_id if item is not None else None, follow_up=True)
        action.done = done
        s.add(action)


def update_action(
    db: Database, action_id: int, what: str, owner: str = "", due: dt.date | None = None
) -> None:
    """Correct a wrongly recorded action while the minutes are a draft (the audit log keeps
    what it said); once they are approved a correction is an amendment."""

    what = what.strip()
    if not what:
        raise UserError(ui("Skriv hva som skal gjøres."))
    with db.write() as s:
        action = s.get(Action, action_id)
        if action is None:
            raise UserError(ui("Oppfølgingspunktet finnes ikke lenger."))
        _item_for_writing(s, action.item_id)
        action.what, action.owner, action.due = what, owner.strip(), due
        s.add(action)


def remove_action(db: Database, action_id: int) -> None:
    """Remove a wrongly recorded action while the minutes are a draft; the audit log keeps
    the row that was removed."""
    with db.write() as s:
        action = s.get(Action, action_id)
        if action is None:
            return
        _item_for_writing(s, action.item_id)
        s.delete(action)


def add_conflict(
    db: Database,
    item_id: int,
    person_key: str,
    note: str = "",
    *,
    ground: str,
    decided_by: str,
    disqualified: bool = True,
    substitute: str = "",
) -> int:
    """Record a question of conflict of interest under an item: the ground (forvaltningsloven
    § 6), who decided it (§ 8), the decision, and who took the seat while the item was
    dealt with (``substitute``, a person key; only for someone disqualified)."""

    ground, decided_by = " ".join(ground.split()), " ".join(decided_by.split())
    if not ground:
        raise UserError(ui("Skriv grunnlaget for habilitetsspørsmålet (forvaltningsloven § 6)."))
    if not decided_by:
        raise UserError(ui("Skriv hvem som avgjorde habilitetsspørsmålet (forvaltningsloven § 8)."))
    if substitute and not disqualified:
        raise UserError(ui("Bare den som er inhabil, fratrer og får noen i sitt sted."))
    with db.write() as s:
        _item_for_writing(s, item_id)
        person = s.exec(select(Person).where(Person.key == person_key)).first()
        if person is None:
            raise UserError(ui("Fant ingen person med nøkkelen «{key}».").format(key=person_key))
        existing = s.exec(
            select(Conflict).where(Conflict.item_id == item_id, Conflict.person_id == person.id)
        ).first()
        if existing is not None:
            raise UserError(
                ui("Habiliteten til {name} er allerede registrert i denne saken.").format(
                    name=person.name
                )
            )
        substitute_id = None
        if substitute:
            found = s.exec(select(Person).where(Person.key == substitute)).first()
            if found is None:
                raise UserError(
                    ui("Fant ingen person med nøkkelen «{key}».").format(key=substitute)
                )
            if found.id == person.id:
                raise UserError(ui("{name} kan ikke ta sin egen plass.").format(name=person.name))
            substitute_id = found.id
        conflict = Conflict(
            item_id=item_id,
            person_id=person.id or 0,
            note=note.strip(),
            ground=ground,
            decided_by=decided_by,
            disqualified=disqualified,
            substitute_id=substitute_id,
        )
        s.add(conflict)
        s.flush()
        return conflict.id or 0


@dataclass(frozen=True)
class ConflictCandidate:
    """A representative whose own network or UH partner an allocation item affects."""

    person: str
    name: str
    reason: str


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def conflict_candidates(db: Database, item_id: int) -> list[ConflictCandidate]:
    """Who to ask about a conflict of interest before an allocation is decided.

    Only for an item an allocation run is put before. The people considered are those
    registered as present (or as vara) at the meeting, or, before attendance is taken,
    everyone holding a seat (not as vara) on the meeting day. A person is named when the
    run allocates to the network they belong to, or when their organisation is a UH
    partner named in that year's needs reports for the scheme, or the recipient of the
    common measures. Those already recorded under the item are left out.
    """
    with db.read() as s:
        item = s.get(AgendaItem, item_id)
        if item is None:
            raise UserError(ui("Saken finnes ikke lenger."))
        run = s.exec(select(AllocationRun).where(AllocationRun.adopted_item_id == item_id)).first()
        if run is None:
            return []
        meeting = s.get(Meeting, item.meeting_id)
        assert meeting is not None
        networks = set(
            s.exec(
                select(AllocationResult.region_id).where(AllocationResult.run_id == run.id)
            ).all()
        )
        region_names = {row_id(r): r.name for r in s.exec(select(Region)).all()}
        partners: dict[str, str] = {}
        for v in s.exec(
            select(NeedsReportVersion)
            .join(NeedsReport, col(NeedsReport.id) == col(NeedsReportVersion.report_id))
            .where(NeedsReport.year == run.year, NeedsReport.scheme_code == run.scheme_code)
        ).all():
            for name in v.partners:
                partners.setdefault(_fold(name), name)
        scheme = s.exec(select(Scheme).where(Scheme.code == run.scheme_code)).first()
        if scheme is not None and scheme.common_recipient.strip():
            partners.setdefault(_fold(scheme.common_recipient), scheme.common_recipient)
        present = s.exec(
            select(Attendance.person_id).where(
                Attendance.meeting_id == meeting.id,
                col(Attendance.status).in_(("present", "substitute")),
            )
        ).all()
        if present:
            ids = set(present)
        else:
            ids = set(
                s.exec(
                    select(Term.person_id).where(
                        Term.start <= meeting.date,
                        Term.end >= meeting.date,
                        col(Term.substitute).is_(False),
                    )
                ).all()
            )
        done = set(s.exec(select(Conflict.person_id).where(Conflict.item_id == item_id)).all())
        people = s.exec(select(Person).where(col(Person.id).in_(ids - done))).all() if ids else []
        out = []
        for p in people:
            reasons = []
            if p.region_id is not None and p.region_id in networks:
                reasons.append(
                    ui("eget nettverk: {network}").format(network=region_names.get(p.region_id, ""))
                )
            org = partners.get(_fold(p.organisation)) if p.organisation.strip() else None
            if org:
                reasons.append(f"UH-partner: {org}")
            if reasons:
                out.append(ConflictCandidate(p.key, p.name, "; ".join(reasons)))
    out.sort(key=lambda c: c.name.casefold())
    return out


def remove_conflict(db: Database, conflict_id: int) -> None:
    """Remove a wrongly recorded question of conflict of interest while the minutes are a
    draft (record it again to correct it); the audit log keeps the row that was removed."""
    with db.write() as s:
        conflict = s.get(Conflict, conflict_id)
        if conflict is None:
            return
        _item_for_writing(s, conflict.item_id)
        s.delete(conflict)


# -- approval and amendments --------------------------------------------------------------


def approve_minutes(
    db: Database,
    meeting_id: int,
    day: dt.date,
    how: str = "meeting",
    *,
    today: dt.date | None = None,
) -> None:
    """Approve the draft minutes (in a meeting or by e-mail); they are frozen from now on.

    Approval records what has happened: the meeting must have taken place and the day of
    approval cannot lie after ``today``."""

    today = today or dt.date.today()
    if day > today:
        raise RuleViolation(
            ui(
                "Godkjenningsdatoen {date} er etter i dag; skriv datoen protokollen ble godkjent."
            ).format(date=short_date(day))
        )
    if how not in APPROVED_HOW:
        raise UserError(
            ui("«{how}» er ikke en godkjenningsmåte (velg meeting eller email).").format(how=how)
        )
    with db.write() as s:
        meeting = s.get(Meeting, meeting_id)
        if meeting is None:
            raise UserError(ui("Møtet finnes ikke lenger."))
        if meeting.status == "approved":
            raise RuleViolation(
                ui("Protokollen for møtet {date} er allerede godkjent.").format(
                    date=short_date(meeting.date)
                )
            )
        refuse_if_checked_out(s, meeting_id)
        if meeting.status not in ("summoned", "held"):
            raise RuleViolation(
                ui(
                    "Møtet {date} er {status}; bare et avholdt møte kan få protokollen godkjent."
                ).format(date=short_date(meeting.date), status=ui_label(meeting.status).lower())
            )
        if meeting.date > today:
            raise RuleViolation(
                ui("Møtet {date} er ikke holdt ennå; protokollen godkjennes etter møtet.").format(
                    date=short_date(meeting.date)
                )
            )
        if day < meeting.date:
            raise RuleViolation(ui("Protokollen kan ikke godkjennes før møtet er holdt."))
        meeting.status = "approved"
        meeting.minutes_approved = day
        meeting.approved_how = how
        s.add(meeting)


@dataclass(frozen=True)
class AmendmentView:
    made: dt.date
    made_by: str
    text: str
    item_title: str


def add_amendment(
    db: Database,
    meeting_id: int,
    text: str,
    day: dt.date,
    *,
    item_id: int | None = None,
    made_by: str | None = None,
) -> int:
    """Record a correction to approved minutes (they are never edited in place)."""

    text = text.strip()
    if not text:
        raise UserError(ui("Skriv hva rettelsen gjelder."))
    with db.write() as s:
        meeting = s.get(Meeting, meeting_id)
        if meeting is None:
            raise UserError(ui("Møtet finnes ikke lenger."))
        if meeting.status != "approved":
            raise UserError(ui("Protokollen er ikke godkjent ennå; rett den direkte."))
        if item_id is not None:
            item = s.get(AgendaItem, item_id)
            if item is None or item.meeting_id != meeting_id:
                raise UserError(ui("Saken hører ikke til dette møtet."))
        row = Amendment(
            meeting_id=meeting_id,
            item_id=item_id,
            made=day,
            made_by=made_by or os_user(),
            text=text,
        )
        s.add(row)
        s.flush()
        return row.id or 0


def amendments(db: Database, meeting_id: int) -> list[AmendmentView]:
    with db.read() as s:
        rows = s.exec(
            select(Amendment, AgendaItem)
            .join(AgendaItem, col(AgendaItem.id) == col(Amendment.item_id), isouter=True)
            .where(Amendment.meeting_id == meeting_id)
            .order_by(col(Amendment.made), col(Amendment.id))
        ).all()
        return [
            AmendmentView(a.made, a.made_by, a.text, i.title if i is not None else "")
            for a, i in rows
        ]


def item_clock(used_seconds: float, planned_minutes: int) -> str:
    """``"12:05 / 20 min"``; with a plus sign over when the time is up (``"+2:10 over"``)."""
    used = int(used_seconds)
    text = f"{used // 60}:{used % 60:02d}"
    if planned_minutes <= 0:
        return text
    over = used - planned_minutes * 60
    if over > 0:
        return f"{text} / {planned_minutes} min (+{over // 60}:{over % 60:02d} over)"
    return f"{text} / {planned_minutes} min"


def outcome_choices() -> list[tuple[str, str]]:
    return [(o, label(o)) for o in ITEM_OUTCOMES]
