"""The networks' local competence plans (Innlandet plan 4.1).

«Utarbeide en 4-årig lokal kompetanseplan i samarbeid med UH … Planen sendes
statsforvalter, sammen med beslutningsgrunnlaget innen fristen 01. februar hvert år.»
The secretariat records per network what it received: the plan's period, the day it came
and where it is (a link). The needs-report checks look here (``needs`` LOKAL).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import col, select

from sekretariat.errors import UserError
from sekretariat.i18n import ui
from sekretariat.storage.models import LocalPlan, Region, row_id

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

#: The plan's length the Innlandet plan names («4-årig»); a plan of another length is
#: still recorded, and shown with its own period.
PLAN_YEARS = 4
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class PlanView:
    """One recorded plan."""

    start_year: int
    end_year: int
    received: dt.date | None = None
    link: str = ""
    note: str = ""

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    def covers(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


@dataclass(frozen=True)
class NetworkPlans:
    """A network and its plans, newest period first."""

    code: str
    name: str
    plans: tuple[PlanView, ...] = ()

    def for_year(self, year: int) -> PlanView | None:
        return next((p for p in self.plans if p.covers(year)), None)


def local_plans(db: Database) -> list[NetworkPlans]:
    """Every network in file order with the plans recorded for it."""
    with db.read() as s:
        regions = s.exec(select(Region).order_by(col(Region.position), col(Region.id))).all()
        plans: dict[int, list[PlanView]] = {}
        for p in s.exec(select(LocalPlan).order_by(col(LocalPlan.start_year).desc())).all():
            plans.setdefault(p.region_id, []).append(
                PlanView(p.start_year, p.end_year, p.received, p.link, p.note)
            )
        return [NetworkPlans(r.code, r.name, tuple(plans.get(row_id(r), ()))) for r in regions]


def save_local_plan(
    db: Database,
    region: str,
    start_year: int,
    end_year: int,
    *,
    received: dt.date | None = None,
    link: str = "",
    note: str = "",
) -> None:
    """Record a network's plan for a period (the one starting ``start_year`` is replaced)."""
    for year in (start_year, end_year):
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise UserError(ui("{year} er ikke et årstall.").format(year=year))
    if end_year < start_year:
        raise UserError(
            ui("Planen kan ikke slutte ({end}) før den begynner ({start}).").format(
                end=end_year, start=start_year
            )
        )
    with db.write() as s:
        found = s.exec(select(Region).where(Region.code == region)).first()
        if found is None:
            raise UserError(ui("Ukjent nettverk «{code}».").format(code=region))
        plan = s.exec(
            select(LocalPlan).where(
                LocalPlan.region_id == found.id, LocalPlan.start_year == start_year
            )
        ).first()
        if plan is None:
            plan = LocalPlan(region_id=row_id(found), start_year=start_year, end_year=end_year)
        plan.end_year = end_year
        plan.received = received
        plan.link = link.strip()
        plan.note = note.strip()
        s.add(plan)


def remove_local_plan(db: Database, region: str, start_year: int) -> None:
    """Take away a plan recorded by mistake."""
    with db.write() as s:
        found = s.exec(select(Region).where(Region.code == region)).first()
        if found is None:
            raise UserError(ui("Ukjent nettverk «{code}».").format(code=region))
        plan = s.exec(
            select(LocalPlan).where(
                LocalPlan.region_id == found.id, LocalPlan.start_year == start_year
            )
        ).first()
        if plan is not None:
            s.delete(plan)
