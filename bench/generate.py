"""A large forum with 15 years of history, for the large-database benchmarks.

5 000 people, 20 000 terms, 400 meetings with 8 000 agenda items (decisions, actions,
attendance), 200 networks with 3 000 needs reports (and their versions), 300 allocation
runs with their results, in realistic-looking Norwegian. Built through the core: the file
is created and migrated by ``Database.open`` and filled with SQLAlchemy Core bulk inserts
inside one ``db.write()`` transaction, so the app opens it like any other database.

The result is cached (``cached_large_db``) under the user cache directory, keyed by
``GENERATOR_VERSION`` and the schema head, so ``make bench`` builds it once.

    .venv/bin/python bench/generate.py [PATH]      # default: the cache path; prints it
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _words(text: str) -> list[str]:
    return text.split()


#: Bump when the generated data changes; the cached file is rebuilt then.
GENERATOR_VERSION = 2

PEOPLE = 5_000
REGIONS = 200
FIRST_YEAR = 2012
LAST_YEAR = 2026  # 15 years of history; the current period runs into 2028
MEETINGS_PER_YEAR = 25  # 16 years (2012-2027) x 25 = 400 meetings
ITEMS_PER_MEETING = 20  # 8 000 agenda items
RUNS_PER_YEAR = 20  # 15 x 20 = 300 allocation runs

FIRST = _words(
    "Kari Ola Per Anne Ingrid Lars Kristin Hans Marit Bjørn Astrid Knut Solveig Arne Liv "
    "Jon Randi Odd Berit Svein Tone Geir Hilde Terje Siri Øystein Åse Håkon Ragnhild Eirik "
    "Sigrid Trond Gunn Rune Heidi Magnus Nora Emil Ida Sondre Maja Jørgen Elin Vegard Tuva "
    "Ståle Guro Ørjan Synnøve Torbjørn Mari Sindre Oda Halvor Kjersti Asbjørn Turid"
)
LAST = _words(
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen "
    "Haugen Bakken Solberg Moen Berg Lien Dahl Lunde Strand Fjeld Hovda Sletten Haugland "
    "Rønning Bråten Kvam Bøe Myhre Nygård Aas Sæther Løken Tveit Grønli Amundsen Sandvik "
    "Evensen Holm Brekke Østby Skjærvik Vold Engen Fossum Lie Ødegård Aasen Høiby"
)
PLACES = _words(
    "Hamar Gjøvik Lillehammer Elverum Kongsvinger Valdres Otta Tynset Brumunddal Raufoss "
    "Fagernes Dombås Vinstra Trysil Rena Koppang Stange Løten Åmot Våler Åsnes Grue Eidskog "
    "Nord-Odal Sør-Odal Ringsaker Østre Toten Vestre Toten Gran Lunner Jevnaker Lesja Skjåk "
    "Lom Vågå Sel Dovre Nord-Fron Sør-Fron Ringebu Øyer Gausdal Etnedal Nord-Aurdal "
    "Sør-Aurdal Vestre Slidre Øystre Slidre Vang Alvdal Folldal Rendalen Stor-Elvdal "
    "Engerdal Os Tolga Bodø Narvik Kristiansand Arendal Grimstad Mandal Flekkefjord Mo "
    "Mosjøen Sandnessjøen Svolvær Sortland Fauske Brønnøysund Farsund Lillesand Risør"
)
ORGS = ("kommune", "barnehage", "skole", "oppvekstsenter", "PP-tjeneste")
SEATS = (
    # code, name, count, per_region, voting, leader_eligible, roles, sector, wg_slot
    (
        "bhg_myndighet",
        "Barnehagemyndighet",
        REGIONS,
        True,
        True,
        True,
        ["authority"],
        "barnehage",
        "barnehage",
    ),
    (
        "kommunal_bhg_eier",
        "Kommunale barnehageeiere",
        REGIONS,
        True,
        True,
        True,
        ["owner"],
        "barnehage",
        "barnehage",
    ),
    (
        "kommunal_skoleeier",
        "Kommunale skoleeiere",
        REGIONS,
        True,
        True,
        True,
        ["owner"],
        "skole",
        "skole",
    ),
    ("ppt", "PP-tjenesten", REGIONS, True, True, False, [], "begge", ""),
    ("koordinator", "Koordinatorfunksjon", REGIONS, True, False, False, [], "begge", ""),
    (
        "privat_bhg_eier",
        "Private barnehageeiere",
        3,
        False,
        True,
        True,
        ["owner"],
        "barnehage",
        "barnehage",
    ),
    ("privat_skoleeier", "Private skoleeiere", 1, False, True, True, ["owner"], "skole", "skole"),
    ("uh", "Universitetet i Innlandet", 6, False, True, False, [], "begge", "uh"),
    ("fagskole", "Fagskolen i Innlandet", 1, False, True, False, [], "begge", ""),
    ("udf", "Utdanningsforbundet", 2, False, True, False, [], "begge", ""),
    ("fagforbundet", "Fagforbundet", 1, False, True, False, [], "begge", ""),
    ("ks", "KS", 1, False, True, False, [], "begge", ""),
    ("statsforvalteren", "Statsforvalteren", 4, False, True, True, [], "begge", "statsforvalteren"),
)
TOPICS = (
    "Tildeling av tilskudd",
    "Behovsmeldinger fra nettverkene",
    "Lærende møter i praksis",
    "Inkluderende barnehage- og skolemiljø",
    "Leseopplæring på tvers av trinn",
    "Overgang barnehage–skole",
    "Profesjonsfellesskap i skolen",
    "Partnerskap med UH",
    "Årsrapport fra kompetansenettverkene",
    "Revisjon av langtidsplanen",
    "Spesialpedagogisk kompetanse (Kompetanseløftet)",
    "Vurdering for læring",
    "Fagfornyelsen og dybdelæring",
    "Barns medvirkning",
    "Samisk språk og kultur i barnehagen",
    "Erfaringsdeling fra Valdres",
    "Evaluering av fellestiltakene",
    "Frikjøp og koordinering",
)
SENTENCES = (
    "Nettverket har gjennomført en grundig vurdering av kompetansebehovene i barnehager og skoler.",
    "Eierne peker på behov for å styrke profesjonsfellesskapene og ledelsen av utviklingsarbeidet.",
    "Samarbeidet med universitetet bygger på erfaringene fra forrige periode.",
    "Tiltakene skal gå over to år og involvere alle ansatte, også assistenter og fagarbeidere.",
    "PP-tjenesten deltar i planleggingen og støtter arbeidet med inkluderende praksis.",
    "Egeninnsatsen består av frikjøpt tid til planlegging, deling og refleksjon i personalgruppene.",
    "Forumet drøftet hvordan erfaringene kan deles mellom nettverkene på en god måte.",
    "Det ble lagt vekt på at tiltakene må forankres hos eierne og i den enkelte barnehage og skole.",
)
METHODS = ("Samtale i par", "Runde", "Gruppearbeid", "Exit-lapp", "Fiskebolle", "Stille skriving")


def _ascii(name: str) -> str:
    """A stable key from a name: lower case a–z, digits and hyphens."""
    return name.lower().translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a"})).replace(" ", "-")


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(n))


def _thursdays(year: int, count: int) -> list[dt.date]:
    day = dt.date(year, 1, 4)
    day += dt.timedelta(days=(3 - day.weekday()) % 7)
    out = [day + dt.timedelta(weeks=2 * i) for i in range(count)]
    return [d for d in out if d.year == year][:count]


def cache_path() -> Path:
    from platformdirs import user_cache_path

    from sekretariat.storage.migrate import SCHEMA_HEAD

    return user_cache_path("sekretariat") / "bench" / f"stor-v{GENERATOR_VERSION}-s{SCHEMA_HEAD}.db"


def cached_large_db(*, quiet: bool = False) -> Path:
    """The large database, generated once per generator version and schema head."""
    path = cache_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("stor-*.db*"):
            old.unlink()
        tmp = path.with_name(path.name + ".tmp")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        t = time.perf_counter()
        generate(tmp)
        tmp.rename(path)
        if not quiet:
            print(f"generated {path} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return path


def generate(path: Path, seed: int = 15) -> Path:  # noqa: PLR0915 - one straight build
    """Write the large forum to a new database at ``path``."""
    from sqlalchemy import insert

    from sekretariat.storage import models as m
    from sekretariat.storage.database import Database

    rng = random.Random(seed)
    db = Database.open(path, create=True)
    rows: dict[type, list[dict]] = {}

    def add(model: type, **values: object) -> dict:
        rows.setdefault(model, []).append(values)
        return values

    add(
        m.Forum,
        id=1,
        name="Samarbeidsforum Storfylket",
        county="Storfylket",
        secretariat="Statsforvalteren i Storfylket",
        fictional=True,
        description="Et stort, fiktivt forum for ytelsesmålinger.",
        meeting_weeks=[3, 10, 25, 38, 46],
        working_group={"barnehage": 1, "skole": 1, "uh": 2, "statsforvalteren": 3},
    )
    add(
        m.Scheme,
        id=1,
        code="kollektiv",
        name="Kollektiv kompetanseutvikling",
        is_default=True,
        fixed_amounts={},
        needs_cap=True,
        position=0,
    )
    themes = [
        "lesing",
        "inkludering",
        "profesjonsfellesskap",
        "overganger",
        "vurdering",
        "medvirkning",
    ]
    for i, code in enumerate(themes):
        add(m.Theme, id=i + 1, code=code, name=code.capitalize(), position=i)
    for i in range(12):
        add(
            m.Prompt,
            id=i + 1,
            key=f"prompt-{i + 1}",
            title=f"Refleksjon {i + 1}",
            principle="Alle deltakere er aktive.",
            question="Hva tar vi med oss fra dette?",
            method=METHODS[i % len(METHODS)],
            minutes=10 + 5 * (i % 3),
            position=i,
        )

    # Networks, their FTEs per year.
    names: set[str] = set()
    for i in range(REGIONS):
        place = PLACES[i % len(PLACES)]
        prefix = ("", "Indre ", "Ytre ", "Øvre ")[i // len(PLACES) % 4]
        name = f"{prefix}{place}-nettverket"
        while name in names:
            name += " II"
        names.add(name)
        add(
            m.Region,
            id=i + 1,
            code=f"nett-{i + 1:03d}",
            name=name,
            kind="regional",
            equalization=i % 9 == 0,
            host=f"{place} kommune",
            municipalities=[place, PLACES[(i + 7) % len(PLACES)]],
            position=i,
        )
        base = rng.randint(15_000, 120_000)
        for year in range(FIRST_YEAR, LAST_YEAR + 2):
            add(m.RegionFte, region_id=i + 1, year=year, centi_fte=base + rng.randint(-3000, 3000))

    seat_ids = {}
    for i, (code, name, count, per_region, voting, leader, roles, sector, slot) in enumerate(SEATS):
        seat_ids[code] = i + 1
        add(
            m.Seat,
            id=i + 1,
            code=code,
            name=name,
            count=count,
            per_region=per_region,
            regions=[],
            voting=voting,
            leader_eligible=leader,
            roles=roles,
            sector=sector,
            wg_slot=slot,
            note="",
            position=i,
        )

    for i in range(PEOPLE):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        place = PLACES[i % len(PLACES)]
        add(
            m.Person,
            id=i + 1,
            key=_ascii(f"{first}-{last}-{i + 1}"),
            name=f"{first} {last}",
            email=f"{first}.{last}{i + 1}@{place.lower().replace(' ', '')}.kommune.no",
            phone=f"9{rng.randint(1000000, 9999999)}",
            title="Kommunalsjef",
            organisation=f"{place} {rng.choice(ORGS)}",
            municipality=place,
            region_id=i % REGIONS + 1,
            roles=[rng.choice(["owner", "authority", "coordinator"])],
            note="",
        )

    # Terms: 8 two-year periods; every per-region seat with holder and substitute.
    period_starts = [dt.date(FIRST_YEAR + 2 * p, 1, 19) for p in range(8)]
    term_id = 0
    for p, start in enumerate(period_starts):
        end = dt.date(start.year + 2, start.month, start.day) - dt.timedelta(days=1)
        person = p * 2_500
        for code, _n, count, per_region, *_rest in SEATS:
            slots = (
                [(r + 1, sub) for r in range(REGIONS) for sub in (False, True)]
                if per_region
                else [(None, sub) for _ in range(count) for sub in (False, True)]
            )
            for region_id, sub in slots:
                if code == "koordinator" and sub:
                    continue
                term_id += 1
                add(
                    m.Term,
                    id=term_id,
                    person_id=person % PEOPLE + 1,
                    seat_id=seat_ids[code],
                    region_id=region_id,
                    start=start,
                    end=end,
                    substitute=sub,
                    ended_reason="",
                )
                person += 1
    # Fill up to 20 000 with short, ended terms (people who left early and their successors).
    taken: set[tuple[int, dt.date]] = set()
    while term_id < 20_000:
        start = dt.date(rng.randint(FIRST_YEAR, 2025), rng.randint(1, 12), rng.randint(1, 28))
        person = rng.randint(1, PEOPLE)
        if (person, start) in taken:
            continue
        taken.add((person, start))
        term_id += 1
        add(
            m.Term,
            id=term_id,
            person_id=person,
            seat_id=seat_ids["udf"],
            region_id=None,
            start=start,
            end=start + dt.timedelta(days=rng.randint(30, 300)),
            substitute=True,
            ended_reason="Sluttet i stillingen",
        )
    office = 0
    for p, start in enumerate(period_starts):
        end = dt.date(start.year + 2, start.month, start.day) - dt.timedelta(days=1)
        slots = ["", "", "barnehage", "skole", "uh", "uh", *["statsforvalteren"] * 3]
        for k, role in enumerate(["leader", "deputy"] + ["working_group"] * 7):
            office += 1
            add(
                m.Office,
                id=office,
                person_id=(p * 2_500 + k * 11) % PEOPLE + 1,
                role=role,
                slot=slots[k],
                start=start,
                end=end,
                elected=start,
            )

    # Meetings with 20 items each, decisions on the held ones, actions and attendance.
    meeting_id = item_id = 0
    decision_items: dict[int, list[int]] = {}
    today = dt.date(2026, 11, 22)
    for year in range(FIRST_YEAR, LAST_YEAR + 2):
        number = 0
        for day in _thursdays(year, MEETINGS_PER_YEAR):
            meeting_id += 1
            past = day < today
            add(
                m.Meeting,
                id=meeting_id,
                date=day,
                start=dt.time(9),
                end=dt.time(15),
                place=f"{rng.choice(PLACES)} rådhus",
                video_link="",
                status="approved" if past else "planned",
                chair_id=rng.randint(1, PEOPLE),
                facilitator_id=rng.randint(1, PEOPLE),
                learning_focus=rng.choice(TOPICS),
                reflection=_text(rng, 2) if past else "",
                summons_sent=day - dt.timedelta(days=14) if past else None,
                minutes_approved=day + dt.timedelta(days=20) if past else None,
                approved_how="email" if past else "",
            )
            for pos in range(ITEMS_PER_MEETING):
                item_id += 1
                number += 1
                kind = ("orientation", "discussion", "decision", "learning")[pos % 4]
                standing = {0: "summons", 1: "minutes"}.get(pos, "")
                title = {
                    0: "Godkjenning av innkalling og saksliste",
                    1: "Godkjenning av protokoll fra forrige møte",
                }.get(pos, rng.choice(TOPICS))
                decided = past and kind == "decision"
                add(
                    m.AgendaItem,
                    id=item_id,
                    meeting_id=meeting_id,
                    position=pos,
                    number=number if past or pos else None,
                    title=title,
                    kind=kind,
                    minutes=rng.choice((5, 10, 15, 20, 30)),
                    presenter=rng.choice(FIRST),
                    background=_text(rng, 3),
                    proposal="Samarbeidsforum slutter seg til forslaget.",
                    decision="Vedtatt som foreslått." if decided else "",
                    outcome=("adopted" if decided else "noted") if past else "",
                    notes=_text(rng, 2) if past else "",
                    prompt_id=rng.randint(1, 12) if kind == "learning" else None,
                    standing=standing,
                    documents=[f"vedlegg-{item_id}.pdf"] if pos % 5 == 0 else [],
                )
                if decided:
                    decision_items.setdefault(year, []).append(item_id)
                    add(
                        m.Action,
                        item_id=item_id,
                        position=0,
                        what="Følge opp vedtaket overfor nettverkene",
                        owner="Sekretariatet",
                        due=day + dt.timedelta(days=60),
                        done=day + dt.timedelta(days=50) if day.year < LAST_YEAR else None,
                    )
            if past:
                for k in range(30):
                    add(
                        m.Attendance,
                        meeting_id=meeting_id,
                        person_id=(meeting_id * 37 + k) % PEOPLE + 1,
                        status="present" if k % 10 else "absent_notice",
                        note="",
                        position=k,
                    )

    # Needs reports: every network every year, some returned and adjusted (two versions).
    report_id = 0
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for r in range(REGIONS):
            report_id += 1
            returned = rng.random() < 0.3
            add(
                m.NeedsReport,
                id=report_id,
                region_id=r + 1,
                year=year,
                state="accepted" if year < LAST_YEAR else ("returned" if returned else "review"),
                return_reason="Nettverksandelen er over 40 %." if returned else "",
            )
            for number in range(1, 3 if returned else 2):
                network = rng.randint(2, 12) * 50_000
                uh = rng.randint(4, 20) * 50_000
                add(
                    m.NeedsReportVersion,
                    report_id=report_id,
                    number=number,
                    received=dt.date(year, 1, rng.randint(10, 31))
                    + dt.timedelta(days=30 * (number - 1)),
                    needs_assessment=_text(rng, 4),
                    partnership_plan=_text(rng, 3),
                    own_contribution=_text(rng, 1),
                    owners=[f"{PLACES[r % len(PLACES)]} kommune"],
                    partners=["Universitetet i Innlandet"],
                    coordinator_amount=network // 10,
                    release_amount=network // 5,
                    leftover_amount=rng.randint(0, 5) * 10_000,
                    network_amount=network,
                    uh_amount=uh,
                    kindergarten_amount=(network + uh) // 2,
                    school_amount=(network + uh) - (network + uh) // 2,
                    themes=rng.sample(themes, 2),
                    measures=[{"title": rng.choice(TOPICS), "target": "begge", "years": 2}],
                )

    # Allocation runs with a result line per network; one adopted per year.
    run_id = 0
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for k in range(RUNS_PER_YEAR):
            run_id += 1
            adopted = k == RUNS_PER_YEAR - 1
            budget = 200_000_000 + 1_000_000 * k
            add(
                m.AllocationRun,
                id=run_id,
                key=f"{year}-{k + 1}",
                year=year,
                scheme_code="kollektiv",
                budget=budget,
                status="adopted" if adopted else "proposal",
                created=dt.date(year, 1, 5) + dt.timedelta(days=k),
                created_by="sekretariat",
                note=f"Forslag {k + 1}",
                rules={"common_pct": 10, "equalization_pct": 2, "network_max_pct": 40, "unit": 1},
                adopted_item_id=decision_items[year][0] if adopted else None,
            )
            share = budget * 88 // 100 // REGIONS
            for r in range(REGIONS):
                allocated = share + rng.randint(-50_000, 50_000)
                add(
                    m.AllocationResult,
                    run_id=run_id,
                    region_id=r + 1,
                    position=r,
                    centi_fte=60_000,
                    key=share,
                    equalization=0,
                    requested=allocated,
                    allocated=allocated,
                    network=allocated * 2 // 5,
                    uh=allocated - allocated * 2 // 5,
                    flags=["must_adjust"] if r % 17 == 0 else [],
                    adjustment=0,
                    adjustment_reason="",
                )

    with db.write() as s:
        for model, values in rows.items():
            s.execute(insert(model.__table__), values)
    with db.sql() as con:
        con.execute("PRAGMA query_only=OFF")
        con.execute("ANALYZE")
    db.dispose()
    return path


if __name__ == "__main__":
    if len(sys.argv) > 1:
        target = Path(sys.argv[1])
        t0 = time.perf_counter()
        generate(target)
        print(f"{target} ({time.perf_counter() - t0:.1f} s)")
    else:
        print(cached_large_db())
