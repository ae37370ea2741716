"""The year's meetings for listing: those stored, else the dates the annual cycle gives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import col, select

from sekretariat.domain.cycle import meeting_dates
from sekretariat.i18n import ui, ui_label
from sekretariat.storage.models import Forum, Meeting

if TYPE_CHECKING:
    from sekretariat.storage.database import Database


@dataclass(frozen=True)
class ListedMeeting:
    date: dt.date
    start: dt.time | None
    end: dt.time | None
    place: str
    status: str
    stored: bool

    @property
    def status_label(self) -> str:
        return ui_label(self.status) if self.stored else ui("etter årshjulet")


def year_meetings(db: Database, year: int) -> list[ListedMeeting]:
    with db.read() as s:
        forum = s.get(Forum, 1)
        stored = s.exec(
            select(Meeting)
            .where(Meeting.date >= dt.date(year, 1, 1), Meeting.date <= dt.date(year, 12, 31))
            .order_by(col(Meeting.date))
        ).all()
    if stored:
        return [
            ListedMeeting(m.date, m.start, m.end, m.place or m.video_link, m.status, True)
            for m in stored
        ]
    if forum is None:
        return []
    return [
        ListedMeeting(d, forum.meeting_start, forum.meeting_end, "", "planned", False)
        for d in meeting_dates(year, list(forum.meeting_weeks), forum.meeting_weekday)
    ]
