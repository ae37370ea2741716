"""The agenda (saksliste) of a meeting: its items, their order and case numbers, and how
well it serves a learning meeting (Roald's principles, the time spent on one-way
information against reflection), plus the library of prompts items can carry.

The computations are plain functions of ``ItemView`` lists so they can be tested by hand;
the functions taking a ``Database`` read and write through SQLModel sessions.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlmodel import col, func, select

from sekretariat.domain.checkout import refuse_if_approved, refuse_if_checked_out
from sekretariat.errors import UserError
from sekretariat.formats import case_label, short_date
from sekretariat.i18n import N_, texts, ui
from sekretariat.labels import ITEM_KINDS, label
from sekretariat.storage.models import (
    AgendaItem,
    Forum,
    Meeting,
    Person,
    Prompt,
    Setting,
    row_id,
)
from sekretariat.storage.row_versions import ensure_fresh

if TYPE_CHECKING:
    from sqlmodel import Session

    from sekretariat.storage.database import Database
    from sekretariat.storage.models import AgendaItem, Meeting

#: Standing items keep their place: approval of the summons first, of the previous
#: minutes second, any other business last; the ordinary items sit between them.
STANDING_RANK = {"summons": 0, "minutes": 1, "": 2, "aob": 3}


#: Roald's principles for learning meetings as the Innlandet plan lists them (8.4): the
#: short name prompts use in their ``principle`` field, and the plan's sentence, word for
#: word.
PRINCIPLES: tuple[tuple[str, str], ...] = (
    (
        N_("Klart læringsfokus"),
        N_(
            "Møtene skal ha et klart læringsfokus, ikke bare være informasjonsformidling eller "
            "administrativ koordinering."
        ),
    ),
    (
        N_("Rom for refleksjon og erfaringsdeling"),
        N_("Det skal være rom for refleksjon, erfaringsdeling og utvikling av praksis."),
    ),
    (
        N_("Alle deltakere er aktive"),
        N_("Alle deltakere skal være aktive og ha medansvar for møtets innhold og prosess."),
    ),
    (
        N_("Møteledelse på omgang"),
        N_("Møteledelse kan gå på omgang for å styrke eierskap og engasjement."),
    ),
    (
        N_("Struktur som fremmer dialog"),
        N_("Møtene bør ha en struktur som fremmer dialog og felles refleksjon."),
    ),
    (
        N_("Lærende organisasjon"),
        N_(
            "Møtekulturen skal støtte en lærende organisasjon, der man lærer av hverandre og "
            "utvikler felles forståelse."
        ),
    ),
    (
        N_("Lov å spørre og undre seg"),
        N_(
            "Det er viktig å bygge en kultur der det er lov å stille spørsmål, være undrende og "
            "utforske sammenhenger."
        ),
    ),
    (
        N_("Vurdere og forbedre praksis"),
        N_(
            "Møtene brukes som arenaer for å vurdere og forbedre praksis, ikke bare rapportere status."
        ),
    ),
)

#: Kinds in which the meeting talks together rather than listens.
REFLECTIVE_KINDS = ("learning", "discussion")


@dataclass(frozen=True)
class PromptView:
    """A prompt from the library, as screens and exports show it."""

    id: int
    key: str
    title: str
    principle: str = ""
    question: str = ""
    method: str = ""
    minutes: int = 10


@dataclass(frozen=True)
class ItemView:
    """One agenda item with what the screens and the summons need to show."""

    id: int
    position: int
    title: str
    kind: str = "orientation"
    minutes: int = 0
    number: int | None = None
    presenter: str = ""
    background: str = ""
    proposal: str = ""
    standing: str = ""
    documents: tuple[str, ...] = ()
    prompt: PromptView | None = None
    #: The row version when read, so a save over someone else's change is refused.
    row_version: int | None = None


@dataclass(frozen=True)
class AgendaView:
    """A meeting and its agenda in order."""

    meeting_id: int
    date: dt.date
    start: dt.time | None
    end: dt.time | None
    status: str
    place: str
    video_link: str
    learning_focus: str
    chair: str
    facilitator: str
    items: tuple[ItemView, ...] = ()
    #: The facilitator of the meeting before (not cancelled); "" when none was named.
    previous_facilitator: str = ""


# -- pure computations ----------------------------------------------------------------


def summons_gaps(view: AgendaView) -> list[str]:
    """What the summons would go out without that the members look for in it: where to
    come (a place or a video link), who chairs, and what the meeting is to learn (the plan
    asks for a clear learning focus, 8.4). Said before the summons is written; the
    document itself leaves an empty field out rather than print its label."""
    gaps = []
    if not view.place.strip() and not view.video_link.strip():
        gaps.append(ui("sted eller videolenke"))
    if not view.chair.strip():
        gaps.append(ui("møteleder"))
    if not view.learning_focus.strip():
        gaps.append(ui("læringsfokus"))
    return gaps


def agenda_order(items: list[Any]) -> list[Any]:
    """Items with ``standing`` and ``position`` in agenda order (standing items in place)."""
    return sorted(items, key=lambda i: (STANDING_RANK.get(i.standing, 2), i.position, i.id or 0))


def assign_numbers(items: list[Any], highest_used: int) -> dict[int, int]:
    """Case numbers for the unnumbered items, in agenda order, after ``highest_used``.

    Items that already have a number keep it: numbers are never changed once given.
    """
    out: dict[int, int] = {}
    n = highest_used
    for item in agenda_order(items):
        if item.number is None:
            n += 1
            out[item.id] = n
    return out


def running_clock(
    start: dt.time | None, minutes: list[int]
) -> list[tuple[dt.time, dt.time]] | None:
    """Start and end of each item from the meeting's start, item after item."""
    if start is None:
        return None
    at = dt.datetime.combine(dt.date(2000, 1, 1), start)
    out = []
    for m in minutes:
        end = at + dt.timedelta(minutes=max(m, 0))
        out.append((at.time(), end.time()))
        at = end
    return out


@dataclass(frozen=True)
class Balance:
    """Planned minutes by kind, and what a learning meeting should be warned about."""

    minutes: dict[str, int]
    has_prompt: bool
    item_count: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.minutes.values())

    @property
    def orientation_heavy(self) -> bool:
        """One-way information takes more than half of the planned time."""
        return self.total > 0 and 2 * self.minutes.get("orientation", 0) > self.total

    @property
    def no_reflection(self) -> bool:
        """No item invites reflection: no learning or discussion item and no prompt."""
        return not self.has_prompt and not any(self.item_count.get(k) for k in REFLECTIVE_KINDS)

    def warnings(self, lang: str = "nb") -> list[str]:
        _ = texts(lang)
        out = []
        if self.orientation_heavy:
            out.append(
                _("Orientering tar mer enn halve tiden ({part} av {total} min).").format(
                    part=self.minutes["orientation"], total=self.total
                )
            )
        if self.no_reflection:
            out.append(
                _(
                    "Ingen sak inviterer til refleksjon (ingen læringsøkt, drøfting eller "
                    "refleksjonsspørsmål)."
                )
            )
        return out

    def segments(self, width: int) -> list[tuple[str, int]]:
        """The bar: cells per kind in ``ITEM_KINDS`` order, summing to ``width``.

        Whole cells by largest remainder (ties to the earlier kind); a kind with any
        minutes gets at least one cell when the bar has room for it.
        """
        total = self.total
        if total <= 0 or width <= 0:
            return []
        kinds = [k for k in ITEM_KINDS if self.minutes.get(k, 0) > 0]
        cells = {k: self.minutes[k] * width // total for k in kinds}
        rest = width - sum(cells.values())
        by_remainder = sorted(
            kinds, key=lambda k: (-(self.minutes[k] * width % total), ITEM_KINDS.index(k))
        )
        for k in by_remainder[:rest]:
            cells[k] += 1
        if len(kinds) <= width:
            for k in kinds:
                if cells[k] == 0:
                    donor = max(kinds, key=lambda d: (cells[d], -ITEM_KINDS.index(d)))
                    cells[donor] -= 1
                    cells[k] = 1
        return [(k, cells[k]) for k in kinds]


def balance(items: list[ItemView]) -> Balance:
    """How the agenda's planned minutes split between the kinds of item."""
    minutes = {k: 0 for k in ITEM_KINDS}
    counts = {k: 0 for k in ITEM_KINDS}
    for item in items:
        kind = item.kind if item.kind in minutes else "orientation"
        minutes[kind] += max(item.minutes, 0)
        counts[kind] += 1
    return Balance(
        minutes=minutes,
        has_prompt=any(i.prompt is not None for i in items),
        item_count=counts,
    )


@dataclass(frozen=True)
class PrincipleCheck:
    """One of Roald's principles and what in the agenda covers it (empty: nothing)."""

    name: str
    text: str
    covered_by: tuple[str, ...]
    #: Why something that might have covered it does not ("" when nothing to say).
    note: str = ""

    @property
    def covered(self) -> bool:
        return bool(self.covered_by)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def principle_checklist(
    items: list[ItemView],
    *,
    year: int,
    learning_focus: str = "",
    facilitator: str = "",
    previous_facilitator: str = "",
    lang: str = "nb",
) -> list[PrincipleCheck]:
    """Which of Roald's principles the agenda covers, and by what.

    A prompt covers the principle named in its ``principle`` field (every principle can be
    covered so). Besides: a learning focus set for the meeting covers the clear learning
    focus; a learning item covers reflection and sharing; a discussion item covers a
    structure for dialogue; a facilitator other than the previous meeting's covers
    rotating facilitation («Møteledelse kan gå på omgang») — the same one again does not.
    """
    _ = texts(lang)
    reasons: dict[str, list[str]] = {_fold(name): [] for name, _text in PRINCIPLES}
    notes: dict[str, str] = {}
    if learning_focus.strip():
        reasons[_fold("Klart læringsfokus")].append(_("læringsfokus for møtet"))
    rotating = _fold("Møteledelse på omgang")
    if facilitator.strip():
        if _fold(facilitator) == _fold(previous_facilitator):
            notes[rotating] = _("{name} var fasilitator også i forrige møte").format(
                name=facilitator
            )
        else:
            reasons[rotating].append(_("fasilitator: {name}").format(name=facilitator))
    for item in agenda_order(list(items)):
        name = case_label(item.number, year) or item.title
        if item.kind == "learning":
            reasons[_fold("Rom for refleksjon og erfaringsdeling")].append(
                _("læringsøkt: {item}").format(item=name)
            )
        if item.kind == "discussion":
            reasons[_fold("Struktur som fremmer dialog")].append(
                _("drøfting: {item}").format(item=name)
            )
        if item.prompt is not None and _fold(item.prompt.principle) in reasons:
            reasons[_fold(item.prompt.principle)].append(f"«{item.prompt.title}» ({name})")
    return [
        PrincipleCheck(n, t, tuple(reasons[_fold(n)]), notes.get(_fold(n), ""))
        for n, t in PRINCIPLES
    ]


def standing_items(previous: dt.date | None, lang: str = "nb") -> list[dict[str, Any]]:
    """The standing items a new meeting starts with (summons, previous minutes, AOB), in
    the forum's language: they are stored as the forum's own text and go out with it."""
    _ = texts(lang)
    minutes_item: dict[str, Any] = {
        "title": _("Godkjenning av protokoll fra forrige møte"),
        "kind": "decision",
        "minutes": 5,
        "standing": "minutes",
        "proposal": _("Protokollen fra forrige møte godkjennes."),
    }
    if previous is not None:
        minutes_item["proposal"] = _("Protokollen fra møtet {date} godkjennes.").format(
            date=short_date(previous)
        )
        minutes_item["documents"] = [f"Protokoll {short_date(previous)}.pdf"]
    return [
        {
            "title": _("Godkjenning av innkalling og saksliste"),
            "kind": "decision",
            "minutes": 5,
            "standing": "summons",
            "proposal": _("Innkalling og saksliste godkjennes."),
        },
        minutes_item,
        {"title": _("Eventuelt"), "kind": "orientation", "minutes": 10, "standing": "aob"},
    ]


def documents_from_text(text: str) -> list[str]:
    """Links to documents, one per line; blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def prompt_key(title: str, taken: set[str]) -> str:
    """A stable key for a new prompt from its title: ``"hva-hjalp-oss-i-dag"``."""
    text = title.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:40].strip("-") or "sporsmal"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


# -- reading and writing ------------------------------------------------------------


def _prompt_view(p: Any) -> PromptView:
    return PromptView(p.id, p.key, p.title, p.principle, p.question, p.method, p.minutes)


def _item_view(i: AgendaItem, prompts: dict[int, PromptView]) -> ItemView:
    return ItemView(
        id=i.id or 0,
        position=i.position,
        title=i.title,
        kind=i.kind,
        minutes=i.minutes,
        number=i.number,
        presenter=i.presenter,
        background=i.background,
        proposal=i.proposal,
        standing=i.standing,
        documents=tuple(i.documents or ()),
        prompt=prompts.get(i.prompt_id) if i.prompt_id is not None else None,
        row_version=i.version,
    )


def load_agenda(db: Database, meeting_id: int) -> AgendaView:
    """A meeting with its items in agenda order and their prompts."""

    with db.read() as s:
        meeting = s.get(Meeting, meeting_id)
        if meeting is None:
            raise UserError(ui("Møtet finnes ikke lenger."))
        items = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)).all()
        prompt_ids = {i.prompt_id for i in items if i.prompt_id is not None}
        prompts = (
            {
                row_id(p): _prompt_view(p)
                for p in s.exec(select(Prompt).where(col(Prompt.id).in_(prompt_ids))).all()
            }
            if prompt_ids
            else {}
        )

        def name(pid: int | None) -> str:
            person = s.get(Person, pid) if pid is not None else None
            return person.name if person else ""

        previous = s.exec(
            select(Meeting)
            .where(Meeting.date < meeting.date, Meeting.status != "cancelled")
            .order_by(col(Meeting.date).desc())
        ).first()
        # A meeting without hours of its own keeps the forum's usual hours.
        forum = s.get(Forum, 1)
        start, end = meeting.start, meeting.end
        if start is None and forum is not None:
            start, end = forum.meeting_start, forum.meeting_end
        return AgendaView(
            meeting_id=meeting_id,
            date=meeting.date,
            start=start,
            end=end,
            status=meeting.status,
            place=meeting.place,
            video_link=meeting.video_link,
            learning_focus=meeting.learning_focus,
            chair=name(meeting.chair_id),
            facilitator=name(meeting.facilitator_id),
            items=tuple(_item_view(i, prompts) for i in agenda_order(list(items))),
            previous_facilitator=name(previous.facilitator_id) if previous else "",
        )


def _editable_meeting(s: Session, meeting_id: int) -> Meeting:
    meeting = s.get(Meeting, meeting_id)
    if meeting is None:
        raise UserError(ui("Møtet finnes ikke lenger."))
    refuse_if_approved(s, meeting)
    if meeting.status == "cancelled":
        raise UserError(
            ui("Møtet {date} er avlyst; gjenopprett det før du endrer sakslisten.").format(
                date=short_date(meeting.date)
            )
        )
    return meeting


def _removed_key(year: int) -> str:
    """The setting that remembers the highest case number of ``year`` whose item was
    removed: the number is spent, and no later item of the year gets it again."""
    return f"highest_removed_case_number_{year}"


def highest_number(s: Session, year: int) -> int:
    """The highest case number used in ``year`` (0 when none), removed items' included."""

    value = s.exec(
        select(func.max(AgendaItem.number))
        .join(Meeting, col(Meeting.id) == col(AgendaItem.meeting_id))
        .where(Meeting.date >= dt.date(year, 1, 1), Meeting.date <= dt.date(year, 12, 31))
    ).one()
    removed = s.get(Setting, _removed_key(year))
    return max(int(value or 0), int(removed.value) if removed is not None else 0)


def number_items(s: Session, meeting: Meeting) -> int:
    """Give the meeting's unnumbered items case numbers (when the summons goes out)."""

    items = list(s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).all())
    numbers = assign_numbers(items, highest_number(s, meeting.date.year))
    for item in items:
        if item.id in numbers:
            item.number = numbers[item.id]
            s.add(item)
    return len(numbers)


def ensure_numbers(db: Database, meeting_id: int) -> int:
    """Give a meeting's unnumbered items their case numbers now, by the rule the summons
    uses (``number_items``): decision minutes always carry them, also for a meeting whose
    summons never went out of the app. Returns how many were numbered."""
    with db.sql() as con:
        row = con.execute(
            "SELECT COUNT(*) FROM agendaitem WHERE meeting_id = ? AND number IS NULL",
            (meeting_id,),
        ).fetchone()
    if not row or not row[0]:
        return 0
    with db.write() as s:
        meeting = s.get(Meeting, meeting_id)
        if meeting is None:
            raise UserError(ui("Møtet finnes ikke lenger."))
        return number_items(s, meeting)


ITEM_FIELDS = ("title", "kind", "minutes", "presenter", "background", "proposal", "documents")


def _clean_item(fields: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in fields.items() if k in ITEM_FIELDS}
    if "title" in out:
        out["title"] = str(out["title"]).strip()
        if not out["title"]:
            raise UserError(ui("Saken må ha en tittel."))
    if "kind" in out and out["kind"] not in ITEM_KINDS:
        raise UserError(ui("«{kind}» er ikke en sakstype.").format(kind=out["kind"]))
    if "minutes" in out:
        minutes = out["minutes"]
        if not isinstance(minutes, int) or not 0 <= minutes <= 600:
            raise UserError(ui("Planlagt tid må være et helt antall minutter mellom 0 og 600."))
    if "documents" in out and isinstance(out["documents"], str):
        out["documents"] = documents_from_text(out["documents"])
    return out


def add_item(db: Database, meeting_id: int, fields: dict[str, Any]) -> int:
    """Add an ordinary item before 'any other business'.

    On a meeting already summoned the item gets the next free case number of the year
    at once (a late item); numbers already given never change.
    """

    values = _clean_item(fields)
    if "title" not in values:
        raise UserError(ui("Saken må ha en tittel."))
    with db.write() as s:
        return _insert_item(s, _editable_meeting(s, meeting_id), values).id or 0


def _insert_item(s: Session, meeting: Meeting, values: dict[str, Any]) -> AgendaItem:
    """An ordinary item last before 'any other business' (standing items keep their rank),
    numbered at once on a meeting already summoned."""
    last = s.exec(
        select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id)
    ).one()
    item = AgendaItem(meeting_id=meeting.id or 0, position=int(last or 0) + 1, **values)
    if meeting.status != "planned":
        item.number = highest_number(s, meeting.date.year) + 1
    s.add(item)
    s.flush()
    return item


@dataclass(frozen=True)
class PostponedItem:
    """An item the previous meeting postponed, offered for this meeting's agenda."""

    id: int
    number: int | None
    title: str
    day: dt.date

    @property
    def name(self) -> str:
        """``"Sak 29/26 Valg av leder (12.11.2026)"``."""
        case = case_label(self.number, self.day.year)
        return f"{case} {self.title} ({short_date(self.day)})" if case else self.title


def _postponed(s: Session, meeting: Meeting) -> list[AgendaItem]:
    """The items the meeting before this one (the last one not cancelled) postponed, once
    it is held, less those whose title already stands on this agenda."""
    previous = s.exec(
        select(Meeting)
        .where(Meeting.date < meeting.date, Meeting.status != "cancelled")
        .order_by(col(Meeting.date).desc())
    ).first()
    if previous is None or previous.status not in ("held", "approved"):
        return []
    here = {
        _fold(title)
        for title in s.exec(select(AgendaItem.title).where(AgendaItem.meeting_id == meeting.id))
    }
    items = agenda_order(
        list(
            s.exec(
                select(AgendaItem).where(
                    AgendaItem.meeting_id == previous.id, AgendaItem.outcome == "postponed"
                )
            ).all()
        )
    )
    return [i for i in items if _fold(i.title) not in here]


def postponed_items(db: Database, meeting_id: int) -> list[PostponedItem]:
    """What ``add_postponed_items`` would bring onto the meeting's agenda."""
    with db.read() as s:
        meeting = s.get(Meeting, meeting_id)
        if meeting is None:
            raise UserError(ui("Møtet finnes ikke lenger."))
        previous_day: dict[int, dt.date] = {}
        out = []
        for item in _postponed(s, meeting):
            if item.meeting_id not in previous_day:
                found = s.get(Meeting, item.meeting_id)
                assert found is not None
                previous_day[item.meeting_id] = found.date
            out.append(
                PostponedItem(item.id or 0, item.number, item.title, previous_day[item.meeting_id])
            )
        return out


#: What a postponed item brings along to the next agenda: the case as it was put forward,
#: not what the meeting made of it (notes, decision, outcome).
CARRIED = ("title", "kind", "minutes", "presenter", "background", "proposal", "documents")


def add_postponed_items(db: Database, meeting_id: int) -> int:
    """Put the items the previous meeting postponed on this agenda (each once; an item whose
    title is already here is left out); returns how many were added."""
    with db.write() as s:
        meeting = _editable_meeting(s, meeting_id)
        carried = [
            {name: getattr(item, name) for name in CARRIED} | {"prompt_id": item.prompt_id}
            for item in _postponed(s, meeting)
        ]
        for values in carried:
            _insert_item(s, meeting, {**values, "documents": list(values["documents"])})
        return len(carried)


def update_item(
    db: Database, item_id: int, fields: dict[str, Any], *, seen_version: int | None = None
) -> None:
    """Change an item's text, kind, time, presenter or documents.

    Refused (``StaleEdit``) when someone saved the item after ``seen_version`` was read.
    """

    values = _clean_item(fields)
    with db.write() as s:
        item = s.get(AgendaItem, item_id)
        if item is None:
            raise UserError(ui("Saken finnes ikke lenger."))
        ensure_fresh(s, item, seen_version)
        _editable_meeting(s, item.meeting_id)
        for key, value in values.items():
            setattr(item, key, value)
        s.add(item)


def remove_item(db: Database, item_id: int) -> str:
    """Remove an item; its case number (if any) is not given to another item."""

    with db.write() as s:
        item = s.get(AgendaItem, item_id)
        if item is None:
            raise UserError(ui("Saken finnes ikke lenger."))
        meeting = _editable_meeting(s, item.meeting_id)
        refuse_if_checked_out(s, meeting.id)
        if meeting.status == "held":
            raise UserError(ui("Møtet er avholdt; saker kan ikke fjernes fra sakslisten."))
        assert isinstance(meeting, Meeting)
        title = item.title
        if item.number:
            key = _removed_key(meeting.date.year)
            spent = s.get(Setting, key)
            if spent is None:
                s.add(Setting(key=key, value=item.number))
            elif item.number > int(spent.value):
                spent.value = item.number
                s.add(spent)
        s.delete(item)
        return title


def move_item(db: Database, item_id: int, delta: int) -> bool:
    """Move an ordinary item one place up (-1) or down (+1) among the ordinary items.

    Standing items stay where they are; returns False when the item cannot move further.
    """

    with db.write() as s:
        item = s.get(AgendaItem, item_id)
        if item is None:
            raise UserError(ui("Saken finnes ikke lenger."))
        _editable_meeting(s, item.meeting_id)
        if item.standing:
            raise UserError(
                ui("«{title}» er en fast sak og har fast plass på sakslisten.").format(
                    title=item.title
                )
            )
        items = agenda_order(
            list(s.exec(select(AgendaItem).where(AgendaItem.meeting_id == item.meeting_id)).all())
        )
        ordinary = [i for i in items if not i.standing]
        at = ordinary.index(item)
        to = at + delta
        if not 0 <= to < len(ordinary):
            return False
        ordinary[at], ordinary[to] = ordinary[to], ordinary[at]
        # Positions follow the new order; standing items keep their rank by ``standing``.
        for pos, i in enumerate([*(i for i in items if i.standing), *ordinary], start=1):
            if i.position != pos:
                i.position = pos
                s.add(i)
        return True


def add_standing_items(db: Database, meeting_id: int) -> int:
    """Add the standing items a meeting lacks (one imported without an agenda, say);
    returns how many were added."""

    with db.write() as s:
        meeting = _editable_meeting(s, meeting_id)
        items = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)).all()
        have = {i.standing for i in items}
        previous = s.exec(
            select(Meeting)
            .where(Meeting.date < meeting.date, Meeting.status != "cancelled")
            .order_by(col(Meeting.date).desc())
        ).first()
        base = max((i.position for i in items), default=0)
        added = 0
        next_number = highest_number(s, meeting.date.year) if meeting.status != "planned" else 0
        forum = s.get(Forum, 1)
        lang = forum.language if forum is not None else "nb"
        for values in standing_items(previous.date if previous else None, lang):
            if values["standing"] in have:
                continue
            added += 1
            item = AgendaItem(meeting_id=meeting_id, position=base + added, **values)
            if meeting.status != "planned":
                next_number += 1
                item.number = next_number
            s.add(item)
        return added


def attach_prompt(db: Database, item_id: int, prompt_id: int | None) -> None:
    """Attach a prompt from the library to an item (None takes it off)."""

    with db.write() as s:
        item = s.get(AgendaItem, item_id)
        if item is None:
            raise UserError(ui("Saken finnes ikke lenger."))
        _editable_meeting(s, item.meeting_id)
        if prompt_id is not None and s.get(Prompt, prompt_id) is None:
            raise UserError(ui("Refleksjonsspørsmålet finnes ikke lenger."))
        item.prompt_id = prompt_id
        s.add(item)


# -- the prompt library -------------------------------------------------------------


def list_prompts(db: Database) -> list[PromptView]:
    """The library in its order (by principle as the plan lists them, then position)."""

    with db.read() as s:
        rows = s.exec(select(Prompt).order_by(col(Prompt.position), col(Prompt.id))).all()
        return [_prompt_view(p) for p in rows]


PROMPT_FIELDS = ("title", "principle", "question", "method", "minutes")


def save_prompt(db: Database, prompt_id: int | None, fields: dict[str, Any]) -> int:
    """Add a prompt (``prompt_id`` None) or change one; returns its id."""

    values = {k: v for k, v in fields.items() if k in PROMPT_FIELDS}
    for key in ("title", "principle", "question", "method"):
        if key in values:
            values[key] = " ".join(str(values[key]).split())
    if not values.get("title", "x"):
        raise UserError(ui("Refleksjonsspørsmålet må ha en tittel."))
    minutes = values.get("minutes", 10)
    if not isinstance(minutes, int) or not 1 <= minutes <= 240:
        raise UserError(ui("Tiden må være et helt antall minutter mellom 1 og 240."))

    with db.write() as s:
        if prompt_id is None:
            if not values.get("title"):
                raise UserError(ui("Refleksjonsspørsmålet må ha en tittel."))
            taken = set(s.exec(select(Prompt.key)).all())
            last = s.exec(select(func.max(Prompt.position))).one()
            prompt = Prompt(
                key=prompt_key(values["title"], taken), position=int(last or 0) + 1, **values
            )
        else:
            found = s.get(Prompt, prompt_id)
            if found is None:
                raise UserError(ui("Refleksjonsspørsmålet finnes ikke lenger."))
            prompt = found
            for key, value in values.items():
                setattr(prompt, key, value)
        s.add(prompt)
        s.flush()
        return prompt.id or 0


def kind_label(kind: str) -> str:
    """The Norwegian name of an item kind."""
    return label(kind)
