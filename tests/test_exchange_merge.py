"""Merging as a property: importing A and then B is importing the merge of A and B.

DESIGN: "rows are matched on their stable keys (region code, seat code, person key; a
term by person+seat+start; a needs report by region+year) and updated or added". The merge
of two files is defined here as docs/exchange.md states it: a row of B that matches a row
of A updates it key by key (keys B leaves out keep A's values; a region's FTEs year by
year; a nested array B gives, such as a meeting's items, replaces A's), except that a term
in a file is the whole term (keys left out take their defaults); a row of B that matches
nothing is added after A's rows. Generated forums are small and valid; both ways must
import without any error and export the same bytes.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sekretariat.exchange import dumps, export_text, import_text
from sekretariat.storage.database import Database

#: Fixed per code, so that no file changes what makes another file's rows valid.
REGION_KIND = {"r0": "regional", "r1": "regional", "r2": "regional", "pv": "private"}
SEAT_PER_REGION = {"plain": False, "per-region": True}
PEOPLE = ["p0", "p1", "p2", "p3", "p4"]
#: Where each person sits in a one-per-network seat, and whether as vara: fixed, so that no
#: two files put two people in one network's place at once (the import refuses that).
PLACE = {
    "p0": ("r0", False),
    "p1": ("r1", False),
    "p2": ("r2", False),
    "p3": ("r0", True),
    "p4": ("r1", True),
}
DATES = [dt.date(2026, 1, 15), dt.date(2027, 1, 21)]
IDENTITY = {
    "region": ("code",),
    "seat": ("code",),
    "person": ("key",),
    "term": ("person", "seat", "start"),
    "meeting": ("date",),
    "needs_report": ("region", "year"),
}

words = st.text(alphabet="abcæøå -", min_size=1, max_size=6).filter(lambda s: s.strip() != "")


def maybe(draw: st.DrawFn, row: dict[str, Any], key: str, strategy: st.SearchStrategy) -> None:
    if draw(st.booleans()):
        row[key] = draw(strategy)


@st.composite
def forum_file(draw: st.DrawFn, known: dict[str, set[str]], first: bool) -> dict[str, Any]:
    """A valid file, given the regions, seats and people the database already holds.

    The forum's ``term_years`` is never given: a term's default end depends on it, so a
    later file changing it would end the earlier file's terms differently.
    """
    doc: dict[str, Any] = {"schema": 1}
    if first or draw(st.booleans()):
        forum: dict[str, Any] = {"name": draw(words)}
        maybe(draw, forum, "county", words)
        doc["forum"] = forum
    regions = draw(st.lists(st.sampled_from(sorted(REGION_KIND)), unique=True, max_size=3))
    if regions:
        doc["region"] = []
        for code in regions:
            row: dict[str, Any] = {"code": code, "name": draw(words), "kind": REGION_KIND[code]}
            maybe(draw, row, "equalization", st.booleans())
            if draw(st.booleans()):
                years = draw(st.lists(st.sampled_from(["2026", "2027"]), unique=True, min_size=1))
                row["fte"] = {y: draw(st.integers(0, 90_000)) / 100 for y in years}
            doc["region"].append(row)
    all_regions = sorted(known["region"] | set(regions))
    seats = draw(st.lists(st.sampled_from(sorted(SEAT_PER_REGION)), unique=True, max_size=2))
    if seats:
        doc["seat"] = [
            {
                "code": code,
                "name": draw(words),
                # at least as many places as people: the import refuses more holders
                "count": draw(st.integers(len(PEOPLE), 9)),
                "per_region": SEAT_PER_REGION[code],
            }
            for code in seats
        ]
    all_seats = sorted(known["seat"] | set(seats))
    people = draw(st.lists(st.sampled_from(PEOPLE), unique=True, max_size=4))
    if people:
        doc["person"] = []
        for key in people:
            row = {"key": key, "name": draw(words)}
            maybe(draw, row, "email", words)
            if all_regions:
                maybe(draw, row, "region", st.sampled_from(all_regions))
            doc["person"].append(row)
    all_people = sorted(known["person"] | set(people))
    regional = [r for r in all_regions if REGION_KIND[r] == "regional"]
    terms: dict[tuple, dict[str, Any]] = {}
    if all_people and all_seats:
        for _ in range(draw(st.integers(0, 4))):
            seat = draw(st.sampled_from(all_seats))
            who = draw(st.sampled_from(all_people))
            place, vara = PLACE[who]
            if SEAT_PER_REGION[seat] and place not in regional:
                continue
            row = {"person": who, "seat": seat, "start": draw(st.sampled_from(DATES))}
            if SEAT_PER_REGION[seat]:
                row["region"] = place
            elif all_regions:
                maybe(draw, row, "region", st.sampled_from(all_regions))
            if draw(st.booleans()):
                row["end"] = row["start"] + dt.timedelta(days=draw(st.integers(0, 900)))
            if SEAT_PER_REGION[seat]:
                if vara:
                    row["substitute"] = True
            else:
                maybe(draw, row, "substitute", st.booleans())
            terms[(row["person"], row["seat"], row["start"])] = row
    if terms:
        doc["term"] = list(terms.values())
    meetings = draw(st.permutations(DATES))[: draw(st.integers(0, len(DATES)))]
    if meetings:
        doc["meeting"] = [draw(meeting(date, all_people)) for date in meetings]
    reports = draw(
        st.lists(
            st.tuples(st.sampled_from(all_regions), st.sampled_from([2026, 2027])),
            unique=True,
            max_size=2,
        )
        if all_regions
        else st.just([])
    )
    if reports:
        doc["needs_report"] = [draw(needs_report(region, year)) for region, year in reports]
    return doc


@st.composite
def meeting(draw: st.DrawFn, date: dt.date, people: list[str]) -> dict[str, Any]:
    row: dict[str, Any] = {"date": date}
    maybe(draw, row, "place", words)
    maybe(draw, row, "status", st.sampled_from(["planned", "held"]))
    if people:
        maybe(draw, row, "chair", st.sampled_from(people))
    if draw(st.integers(0, 3)):  # mostly with items
        numbers = draw(st.lists(st.integers(1, 9), unique=True, max_size=3))
        items = []
        for i in range(draw(st.sampled_from([0, 1, 1, 2, 3]))):
            item: dict[str, Any] = {"title": draw(words)}
            maybe(draw, item, "kind", st.sampled_from(["orientation", "decision"]))
            if i < len(numbers):
                item["number"] = numbers[i]
            if people and draw(st.booleans()):
                item["conflict"] = [{"person": draw(st.sampled_from(people))}]
            items.append(item)
        row["item"] = items
    if people and draw(st.booleans()):
        present = draw(st.lists(st.sampled_from(people), unique=True, max_size=3))
        row["attendance"] = [
            {"person": p, "status": draw(st.sampled_from(["present", "absent"]))} for p in present
        ]
    return row


@st.composite
def needs_report(draw: st.DrawFn, region: str, year: int) -> dict[str, Any]:
    row: dict[str, Any] = {"region": region, "year": year}
    maybe(draw, row, "state", st.sampled_from(["received", "accepted"]))
    maybe(draw, row, "network_amount", st.integers(0, 10**6))
    maybe(draw, row, "received", st.sampled_from(DATES))
    if draw(st.booleans()):
        row["measure"] = [{"title": draw(words), "amount": draw(st.integers(0, 10**5))}]
    if draw(st.booleans()):
        row["earlier"] = [
            {"received": draw(st.sampled_from(DATES)), "uh_amount": draw(st.integers(0, 10**5))}
            for _ in range(draw(st.integers(0, 2)))
        ]
    return row


def keys_of(doc: dict[str, Any]) -> dict[str, set[str]]:
    return {
        "region": {r["code"] for r in doc.get("region", [])},
        "seat": {r["code"] for r in doc.get("seat", [])},
        "person": {r["key"] for r in doc.get("person", [])},
    }


def merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """B's rows win on matched stable keys; see the module's docstring."""
    out: dict[str, Any] = {"schema": 1}
    if "forum" in a or "forum" in b:
        out["forum"] = {**a.get("forum", {}), **b.get("forum", {})}
    for table, ident in IDENTITY.items():
        rows = [dict(r) for r in a.get(table, [])]
        where = {tuple(r[k] for k in ident): i for i, r in enumerate(rows)}
        for row in b.get(table, []):
            match = tuple(row[k] for k in ident)
            if match not in where:
                where[match] = len(rows)
                rows.append(dict(row))
            elif table == "term":
                rows[where[match]] = dict(row)
            else:
                old = rows[where[match]]
                merged = {**old, **row}
                if "fte" in old and "fte" in row:
                    merged["fte"] = {**old["fte"], **row["fte"]}
                rows[where[match]] = merged
        if rows:
            out[table] = rows
    return out


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database to copy (creating one runs the migrations: most of an example)."""
    path = tmp_path_factory.mktemp("merge") / "empty.db"
    Database.open(path, create=True).dispose()
    return path


def imported(empty: Path, folder: Path, name: str, *docs: dict[str, Any]) -> str:
    shutil.copyfile(empty, folder / f"{name}.db")
    db = Database.open(folder / f"{name}.db")
    for i, doc in enumerate(docs):
        import_text(db, dumps(doc), f"{name}-{i}.toml")
    text = export_text(db)
    db.dispose()
    return text


@st.composite
def two_files(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    a = draw(forum_file({"region": set(), "seat": set(), "person": set()}, first=True))
    b = draw(forum_file(keys_of(a), first=False))
    return a, b


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_files())
def test_importing_a_then_b_is_importing_their_merge(
    empty_db: Path, files: tuple[dict, dict]
) -> None:
    a, b = files
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        one_by_one = imported(empty_db, folder, "one-by-one", a, b)
        assert one_by_one == imported(empty_db, folder, "merged", merge(a, b))


def test_the_merge_by_example() -> None:
    """The merge the property relies on, worked out by hand for one pair."""
    a = {
        "schema": 1,
        "forum": {"name": "F", "county": "C"},
        "region": [{"code": "r0", "name": "R", "fte": {"2026": 1.5}}],
        "term": [{"person": "p0", "seat": "plain", "start": DATES[0], "substitute": True}],
        "meeting": [{"date": DATES[0], "place": "Hamar", "item": [{"title": "X"}]}],
    }
    b = {
        "schema": 1,
        "region": [{"code": "r0", "name": "S", "fte": {"2027": 2.0}}, {"code": "r1", "name": "T"}],
        "term": [{"person": "p0", "seat": "plain", "start": DATES[0]}],
        "meeting": [{"date": DATES[0], "item": [{"title": "Y"}]}],
    }
    assert merge(a, b) == {
        "schema": 1,
        "forum": {"name": "F", "county": "C"},
        "region": [
            {"code": "r0", "name": "S", "fte": {"2026": 1.5, "2027": 2.0}},
            {"code": "r1", "name": "T"},
        ],
        "term": [{"person": "p0", "seat": "plain", "start": DATES[0]}],
        "meeting": [{"date": DATES[0], "place": "Hamar", "item": [{"title": "Y"}]}],
    }
