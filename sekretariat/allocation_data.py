"""Reading an allocation's inputs from the database and saving runs.

The model itself (``allocation.py``) is pure; this module gathers its inputs (rules,
FTEs for the year, each network's newest needs-report version) and stores results.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .allocation import NetworkInput, Result, Rules, allocate
from .errors import UserError
from .labels import label

if TYPE_CHECKING:
    from .db import Database


def load_inputs(session: Any, year: int, scheme_code: str | None = None) -> tuple[Any, Rules, list[NetworkInput], dict[str, str]]:
    """The scheme, its rules, the networks in file order and their names, for ``year``."""
    from sqlmodel import select

    from .models import NeedsReport, NeedsReportVersion, Region, RegionFte, Scheme

    query = select(Scheme).where(Scheme.code == scheme_code) if scheme_code else select(Scheme).where(Scheme.is_default)
    scheme = session.exec(query).first()
    if scheme is None:
        what = f"«{scheme_code}»" if scheme_code else "standardordningen"
        raise UserError(f"Fant ikke tildelingsregler for {what}.")
    rules = Rules(scheme.common_bp, scheme.equalization_bp, scheme.network_max_bp, scheme.unit)
    regions = session.exec(select(Region).order_by(Region.position, Region.id)).all()
    fte = {f.region_id: f.centi_fte for f in session.exec(select(RegionFte).where(RegionFte.year == year)).all()}
    missing = [r.name for r in regions if r.id not in fte]
    if missing:
        raise UserError(f"Årsverk for {year} mangler for {', '.join(missing)}; legg dem inn før tildelingen.")
    newest: dict[int, Any] = {}
    rows = session.exec(
        select(NeedsReport.region_id, NeedsReportVersion)
        .join(NeedsReportVersion, NeedsReportVersion.report_id == NeedsReport.id)
        .where(NeedsReport.year == year)
        .order_by(NeedsReportVersion.number)
    ).all()
    for region_id, version in rows:
        newest[region_id] = version  # ordered by number: the last one wins
    networks = []
    for r in regions:
        v = newest.get(r.id)
        networks.append(
            NetworkInput(
                r.code,
                fte[r.id],
                r.equalization,
                v.network_amount if v else None,
                v.uh_amount if v else None,
            )
        )
    return scheme, rules, networks, {r.code: r.name for r in regions}


def run_for_year(db: Database, year: int, budget: int, scheme_code: str | None = None) -> tuple[Result, Any, dict[str, str]]:
    with db.read() as s:
        scheme, rules, networks, names = load_inputs(s, year, scheme_code)
    return allocate(budget, rules, networks), scheme, names


def save_run(db: Database, year: int, result: Result, scheme: Any, *, note: str = "") -> str:
    """Store a run as a proposal with its rules; returns its key (``2027-1``, ``2027-2``…)."""
    from sqlmodel import select

    from .audit import os_user
    from .models import AllocationResult, AllocationRun, Region

    with db.write() as s:
        keys = s.exec(select(AllocationRun.key).where(AllocationRun.year == year)).all()
        n = 1 + max((int(k.rsplit("-", 1)[1]) for k in keys if k.rsplit("-", 1)[-1].isdigit()), default=0)
        key = f"{year}-{n}"
        run = AllocationRun(
            key=key,
            year=year,
            scheme_code=scheme.code,
            budget=result.budget,
            status="proposal",
            created=dt.date.today(),
            created_by=os_user(),
            note=note,
            rules={
                "common_pct": scheme.common_bp / 100,
                "equalization_pct": scheme.equalization_bp / 100,
                "network_max_pct": scheme.network_max_bp / 100,
                "unit": scheme.unit,
                "common": result.common,
                "unallocated": result.unallocated,
            },
        )
        s.add(run)
        s.flush()
        region_id = {r.code: r.id for r in s.exec(select(Region)).all()}
        for pos, r in enumerate(result.networks, start=1):
            s.add(
                AllocationResult(
                    run_id=run.id,
                    region_id=region_id[r.code],
                    position=pos,
                    centi_fte=r.centi_fte,
                    key=r.key,
                    equalization=r.equalization,
                    requested=r.requested,
                    allocated=r.allocated,
                    network=r.network,
                    uh=r.uh,
                    flags=list(r.flags),
                )
            )
    return key


CSV_HEADER = ["Kode", "Nettverk", "Årsverk", "Nøkkel", "Utjevning", "Søkt", "Tildelt", "Nettverksdel", "UH-del", "Merknader"]


def result_csv(result: Result, names: dict[str, str]) -> str:
    """Semicolon-separated, decimal comma: what a Norwegian spreadsheet expects."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(CSV_HEADER)
    for r in result.networks:
        w.writerow(
            [
                r.code,
                names.get(r.code, r.code),
                f"{r.centi_fte // 100},{r.centi_fte % 100:02d}",
                r.key,
                r.equalization,
                r.requested,
                r.allocated,
                r.network,
                r.uh,
                ", ".join(label(f) for f in r.flags),
            ]
        )
    w.writerow(["", "Fellestiltak", "", "", "", "", result.common, "", "", ""])
    w.writerow(["", "Ikke fordelt", "", "", "", "", result.unallocated, "", "", ""])
    w.writerow(["", "Sum", "", "", "", "", result.budget, "", "", ""])
    return out.getvalue()


def write_csv(path: Path, text: str) -> None:
    try:
        Path(path).expanduser().write_text(text, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise UserError(f"Kan ikke skrive {path}: {exc.strerror}.") from None
