"""Annual reports (plan 7): checks by hand, states, versions, the control, restmidler."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sekretariat.domain import annual_reports as ar
from sekretariat.domain.allocation_runs import adopt, decision_items, run_for_year, save_run
from sekretariat.domain.annual_reports import Content, DoneMeasure
from sekretariat.domain.cycle import annual_report_due
from sekretariat.domain.grant_decisions import record_decision
from sekretariat.errors import RuleViolation, UserError
from sekretariat.exchange import export_text, import_text
from sekretariat.storage.database import Database

MINI = (Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")
#: Annual reports for 2027 due 1 March 2028.
DUE_SETTING = """schema = 1
[forum]
name = "Samarbeidsforum Test"
reports_due = "01.03"
"""
DUE = dt.date(2028, 3, 1)
TODAY = dt.date(2028, 3, 10)

#: Valdres was granted 1 300 000 (its whole request in the 2 000 000 run of
#: test_grant_decisions) and brought 50 000 in: 1 350 000 to account for. Used 400 000 +
#: 830 000 = 1 230 000, left 120 000: 1 230 000 + 120 000 = 1 350 000.
GOOD = Content(
    received=dt.date(2028, 2, 20),
    measures=(
        DoneMeasure("Språk i barnehagen", "barnehage", 500_000, "gjennomført"),
        DoneMeasure("Lesing", "skole", 730_000, "delvis"),
    ),
    granted_amount=1_300_000,
    carried_in=50_000,
    spent_network=400_000,
    spent_uh=830_000,
    leftover_amount=120_000,
    goal_assessment="Tiltakene nådde barnehagene; lesingen fortsetter i 2028.",
    criteria={code: f"Vurdering {code}." for code in ar.CRITERION_CODES},
)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    db = Database.open(tmp_path / "a.db", create=True)
    import_text(db, MINI, "mini.toml")
    import_text(db, DUE_SETTING, "due.toml")
    return db


def advise(db: Database) -> None:
    """Adopt the 2 000 000 run for 2027 (Valdres: 1 300 000) in the meeting of 21.01.2027."""
    result, scheme, _ = run_for_year(db, 2027, 2_000_000)
    key = save_run(db, 2027, result, scheme)
    adopt(db, key, decision_items(db, 2027)[0][0], today=dt.date(2027, 1, 21))


def codes(content: Content, first: dt.date | None = None, decided: int | None = None) -> list[str]:
    return [c.code for c in ar.run_checks(content, DUE, first or content.received, decided)]


# --------------------------------------------------------------------------- checks
def test_a_complete_report_passes_every_check() -> None:
    assert codes(GOOD, decided=1_300_000) == []


def test_deadline_day_is_in_time_the_day_after_is_late() -> None:
    assert codes(GOOD, first=DUE) == []
    [late] = ar.run_checks(GOOD, DUE, dt.date(2028, 3, 2))
    assert (late.code, late.severity) == ("FRIST", "warning")
    assert late.text == "Mottatt 02.03.2028, 1 dag etter fristen 01.03.2028."


def test_no_deadline_set_means_no_deadline_check() -> None:
    assert annual_report_due(2027, None, None) is None
    assert annual_report_due(2027, 1, 3) == DUE
    assert ar.run_checks(GOOD, None, dt.date(2030, 1, 1)) == []


def test_what_paragraph_17_and_5_require_blocks() -> None:
    empty = Content(received=DUE)
    found = ar.run_checks(empty, DUE, DUE)
    assert [(c.code, c.severity) for c in found] == [
        ("TILTAK", "block"),
        ("MIDLER", "block"),
        ("MÅL", "block"),
        ("KJENNETEGN", "block"),
    ]
    assert found[3].text == "Kjennetegn a, b, c, d, e i forskriften § 5 er ikke vurdert."
    two_missing = replace(GOOD, criteria={"a": "x", "b": "y", "d": "z"})
    [check] = ar.run_checks(two_missing, DUE, DUE)
    assert check.text == "Kjennetegn c, e i forskriften § 5 er ikke vurdert."


def test_sums_off_by_one_krone_warn() -> None:
    off = replace(GOOD, leftover_amount=119_999)
    [check] = ar.run_checks(off, DUE, DUE)
    assert check.code == "SUM" and not check.blocks
    assert check.text.replace("\xa0", " ") == (
        "Brukt (1 230 000 kr) + restmidler (119 999 kr) = 1 349 999 kr, men tildelt + "
        "restmidler fra tidligere år = 1 350 000 kr."
    )


def test_granted_other_than_decided_warns() -> None:
    [check] = ar.run_checks(GOOD, DUE, DUE, decided=1_000_000)
    assert check.code == "TILDELT"
    assert check.text.replace("\xa0", " ") == (
        "Rapporten oppgir 1 300 000 kr i tildeling; vedtatt beløp for nettverket er 1 000 000 kr."
    )


amounts = st.integers(min_value=0, max_value=10**9)


@given(amounts, amounts, amounts, amounts, amounts)
def test_the_sum_check_fails_exactly_when_the_accounts_do_not_balance(
    granted: int, carried: int, network: int, uh: int, left: int
) -> None:
    content = replace(
        GOOD,
        granted_amount=granted,
        carried_in=carried,
        spent_network=network,
        spent_uh=uh,
        leftover_amount=left,
    )
    flagged = "SUM" in [c.code for c in ar.run_checks(content, None, None)]
    assert flagged == (network + uh + left != granted + carried)
    assert ar.sums_add_up(content) is not flagged


def test_validate_refuses_what_no_report_can_hold() -> None:
    with pytest.raises(UserError, match="Brukt av UH-partneren kan ikke være negativt"):
        ar.validate(replace(GOOD, spent_uh=-1))
    with pytest.raises(UserError, match="Ukjent kjennetegn «f»"):
        ar.validate(replace(GOOD, criteria={"f": "x"}))
    with pytest.raises(UserError, match="gjennomført, delvis eller ikke gjennomført"):
        ar.validate(replace(GOOD, measures=(DoneMeasure("X", "skole", 1, "ferdig"),)))
    with pytest.raises(UserError, match="Tiltak 1 mangler tittel"):
        ar.validate(replace(GOOD, measures=(DoneMeasure("  "),)))


# --------------------------------------------------------------------------- inbox
def test_every_network_is_listed_and_missing_after_the_deadline(db: Database) -> None:
    inbox = ar.load_inbox(db, 2027, DUE)
    [row] = inbox.rows
    assert (inbox.due, row.code, row.report, row.state_text) == (
        DUE,
        "valdres",
        None,
        "ikke mottatt",
    )
    late = ar.load_inbox(db, 2027, dt.date(2028, 3, 2))
    assert late.rows[0].state_text == "MANGLER"
    assert ar.reminder(late) == "Årsrapporter 2027, frist 01.03.2028: 1 mangler."
    # During the grant year nothing is due yet.
    assert ar.reminder(ar.load_inbox(db, 2027, dt.date(2027, 12, 31))) == ""


def test_granted_comes_from_the_decision_else_the_adopted_run(db: Database) -> None:
    assert ar.decided_amounts(db, 2027) == ({}, "")
    advise(db)
    assert ar.decided_amounts(db, 2027) == ({"valdres": 1_300_000}, "vedtatt tildeling")
    record_decision(
        db,
        2027,
        None,
        decided_by="Statsforvalteren i Innlandet",
        decided=dt.date(2027, 2, 10),
        amounts={"valdres": (1_000_000, "Lavere ramme")},
    )
    assert ar.decided_amounts(db, 2027) == ({"valdres": 1_000_000}, "vedtak")
    ar.register(db, "valdres", 2027, GOOD)
    report = ar.load_report(db, "valdres", 2027)
    assert report.decided == 1_000_000
    assert [c.code for c in report.checks] == ["TILDELT"]


# --------------------------------------------------------------------------- states
def test_returned_and_corrected_keeps_both_versions(db: Database) -> None:
    first = replace(GOOD, goal_assessment="", criteria={})
    report = ar.register(db, "valdres", 2027, first)
    assert report.state == "received" and [c.code for c in report.checks] == ["MÅL", "KJENNETEGN"]
    ar.change_state(db, "valdres", 2027, "review")
    with pytest.raises(RuleViolation, match="kan ikke godkjennes før dette er rettet"):
        ar.change_state(db, "valdres", 2027, "accepted")
    with pytest.raises(UserError, match="Skriv hvorfor"):
        ar.change_state(db, "valdres", 2027, "returned", "  ")
    ar.change_state(db, "valdres", 2027, "returned", "Vurderingen mangler.")
    with pytest.raises(RuleViolation, match="allerede en årsrapport"):
        ar.register(db, "valdres", 2027, GOOD)
    with pytest.raises(UserError, match="før forrige versjon"):
        ar.receive(db, "valdres", 2027, replace(GOOD, received=dt.date(2028, 2, 1)))
    report = ar.receive(db, "valdres", 2027, replace(GOOD, received=dt.date(2028, 3, 5)))
    assert (report.state, [v.number for v in report.versions]) == ("adjusted", [1, 2])
    assert report.return_reason == "Vurderingen mangler."
    # The deadline is judged on the first version (20.02), not the adjusted one.
    assert report.checks == () and not report.late
    changed = [c.label for c in ar.compare(report.version(1), report.newest) if c.changed]
    assert changed == ["Mottatt", "Vurdering av måloppnåelse", "Kjennetegn a–e"]


def test_accepting_needs_every_control_point_marked(db: Database) -> None:
    ar.register(db, "valdres", 2027, GOOD)
    ar.change_state(db, "valdres", 2027, "review")
    report = ar.load_report(db, "valdres", 2027)
    assert [p.code for p in report.points] == [p["code"] for p in ar.DEFAULT_POINTS]
    assert report.control_text == "0/7"
    with pytest.raises(RuleViolation, match="ikke kontrollert: rapporten er mottatt innen"):
        ar.change_state(db, "valdres", 2027, "accepted")
    with pytest.raises(UserError, match="Skriv hva avviket er"):
        ar.mark_point(db, "valdres", 2027, "behov", "avvik", today=TODAY)
    with pytest.raises(UserError, match="finnes ikke"):
        ar.mark_point(db, "valdres", 2027, "nei", "ok", today=TODAY)
    for point in ar.DEFAULT_POINTS[:-1]:
        ar.mark_point(db, "valdres", 2027, point["code"], "ok", today=TODAY, user="kari")
    report = ar.mark_point(
        db, "valdres", 2027, "behov", "avvik", " Lesing var ikke meldt ", today=TODAY, user="ola"
    )
    point = report.point("behov")
    assert (point.result, point.note, point.checked_by, point.checked) == (
        "avvik",
        "Lesing var ikke meldt",
        "ola",
        TODAY,
    )
    assert report.control_text == "7/7 1 avvik"
    report = ar.change_state(db, "valdres", 2027, "accepted")
    assert report.state == "accepted"
    with pytest.raises(RuleViolation, match="kontrollen endres ikke"):
        ar.mark_point(db, "valdres", 2027, "behov", "ok", today=TODAY)


def test_the_forums_own_points_replace_the_defaults(db: Database) -> None:
    own = """schema = 1
[forum]
name = "Samarbeidsforum Test"
"""
    import_text(db, own, "own.toml")
    with db.write() as s:
        from sekretariat.storage.models import Forum

        forum = s.get(Forum, 1)
        forum.report_checks = [{"code": "regnskap", "kind": "rimelighet", "text": "Regnskap"}]
    ar.register(db, "valdres", 2027, GOOD)
    report = ar.load_report(db, "valdres", 2027)
    assert [(p.code, p.kind, p.text) for p in report.points] == [
        ("regnskap", "rimelighet", "Regnskap")
    ]


# --------------------------------------------------------------------------- restmidler
def test_leftover_and_the_money_table(db: Database) -> None:
    assert ar.reported_leftover(db, 2027) == {}
    ar.register(db, "valdres", 2027, GOOD)
    assert ar.reported_leftover(db, 2027) == {"valdres": 120_000}
    assert ar.leftover_line(2027, 120_000).replace("\xa0", " ") == (
        "Restmidler fra årsrapport 2027: 120 000 kr"
    )
    assert ar.leftover_line(2027, None) == ""
    ar.change_state(db, "valdres", 2027, "review")
    ar.change_state(db, "valdres", 2027, "returned", "Feil restbeløp")
    ar.receive(
        db,
        "valdres",
        2027,
        replace(GOOD, received=dt.date(2028, 3, 5), spent_uh=850_000, leftover_amount=100_000),
    )
    assert ar.reported_leftover(db, 2027) == {"valdres": 100_000}
    advise(db)
    # mini.toml: Valdres asked for 400 000 + 900 000 = 1 300 000 in its needs report.
    [line] = ar.money_table(db, 2027)
    assert (line.requested, line.allocated, line.used, line.left) == (
        1_300_000,
        1_300_000,
        1_250_000,
        100_000,
    )
    [empty] = ar.money_table(db, 2026)
    assert (empty.requested, empty.allocated, empty.used, empty.left) == (None, None, None, None)


# --------------------------------------------------------------------------- overview
def test_the_overview_reminds_of_reports_due_missing_or_returned(db: Database) -> None:
    from sekretariat.domain.overview import load_overview

    # No grant for 2027 yet: nothing to report on, nothing said.
    assert load_overview(db, TODAY).annual_reminders == []
    advise(db)
    assert load_overview(db, dt.date(2028, 2, 1)).annual_reminders == [
        "Årsrapporter 2027, frist 01.03.2028: 1 ikke mottatt."
    ]
    assert load_overview(db, TODAY).annual_reminders == [
        "Årsrapporter 2027, frist 01.03.2028: 1 mangler."
    ]
    ar.register(db, "valdres", 2027, GOOD)
    ar.change_state(db, "valdres", 2027, "review")
    assert load_overview(db, TODAY).annual_reminders == [
        "Årsrapporter 2027, frist 01.03.2028: 1 til kontroll."
    ]
    ar.change_state(db, "valdres", 2027, "returned", "Mangler kjennetegn")
    assert load_overview(db, TODAY).annual_reminders == [
        "Årsrapporter 2027, frist 01.03.2028: 1 returnert."
    ]
    # Every report accepted: the line goes.
    ar.receive(db, "valdres", 2027, replace(GOOD, received=dt.date(2028, 3, 5)))
    for point in ar.DEFAULT_POINTS:
        ar.mark_point(db, "valdres", 2027, point["code"], "ok", today=TODAY, user="kari")
    ar.change_state(db, "valdres", 2027, "accepted")
    assert load_overview(db, TODAY).annual_reminders == []


# --------------------------------------------------------------------------- exchange
ANNUAL_TOML = """schema = 1
[forum]
name = "Samarbeidsforum Test"
report_headings = [{ code = "effekt", text = "Effekt/Resultat" }]
report_checks = [
  { code = "frist", kind = "formalia", text = "Mottatt innen fristen" },
  { code = "regnskap", kind = "rimelighet", text = "Regnskapet går opp" },
]

[[annual_report]]
region = "valdres"
year = 2027
state = "accepted"
return_reason = "Kjennetegnene mangler."
received = 2028-03-05
granted_amount = 1300000
carried_in = 50000
spent_network = 400000
spent_uh = 830000
leftover_amount = 120000
goal_assessment = "Godt."
criteria = { a = "A.", b = "B.", c = "C.", d = "D.", e = "E." }
evaluation = { effekt = "Mer språk." }
  [[annual_report.measure]]
  title = "Språk"
  target = "barnehage"
  amount = 1230000
  status = "gjennomført"
  [[annual_report.earlier]]
  received = 2028-02-20
  granted_amount = 1300000
    [[annual_report.earlier.measure]]
    title = "Språk"
    status = "delvis"
  [[annual_report.check]]
  code = "frist"
  result = "ok"
  checked_by = "kari"
  checked = 2028-03-10
  [[annual_report.check]]
  code = "regnskap"
  result = "avvik"
  note = "Restmidler ikke forklart."
  checked_by = "kari"
  checked = 2028-03-10
"""


def test_annual_reports_and_the_forums_control_round_trip(db: Database, tmp_path: Path) -> None:
    import_text(db, ANNUAL_TOML, "aarsrapport.toml")
    report = ar.load_report(db, "valdres", 2027)
    assert (report.state, [v.number for v in report.versions]) == ("accepted", [1, 2])
    assert report.version(1).measures == (DoneMeasure("Språk", "begge", 0, "delvis"),)
    assert report.newest == replace(
        GOOD,
        received=dt.date(2028, 3, 5),
        measures=(DoneMeasure("Språk", "barnehage", 1_230_000, "gjennomført"),),
        goal_assessment="Godt.",
        criteria={k: f"{k.upper()}." for k in "abcde"},
        evaluation={"effekt": "Mer språk."},
    )
    assert [(p.code, p.result, p.note) for p in report.points] == [
        ("frist", "ok", ""),
        ("regnskap", "avvik", "Restmidler ikke forklart."),
    ]
    text = export_text(db)
    for key in (
        "[[annual_report]]",
        "[[annual_report.earlier]]",
        "[[annual_report.check]]",
        "[[forum.report_checks]]",
        "[[forum.report_headings]]",
    ):
        assert key in text, key
    again = Database.open(tmp_path / "igjen.db", create=True)
    import_text(again, text, "x.toml")
    assert export_text(again) == text
    # Importing the same file again changes nothing.
    assert import_text(again, text, "x.toml").text() == "ingen endringer"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ('criteria = { a = "A.", f = "F." }', "ukjent kjennetegn «f»"),
        ('region = "hamar"', "ukjent nettverk «hamar»"),
        ('status = "ferdig"', "«ferdig» er ikke tillatt"),
        ('note = "Restmidler ikke forklart."', "avviket i «regnskap» mangler «note»"),
    ],
)
def test_bad_annual_reports_are_refused(db: Database, bad: str, message: str) -> None:
    key = bad.split(" = ")[0]
    lines = ANNUAL_TOML.splitlines()
    if key == "note":
        lines = [line for line in lines if not line.strip().startswith("note =")]
    else:
        index = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{key} ="))
        lines[index] = lines[index].replace(lines[index].strip(), bad)
    with pytest.raises(UserError, match=message):
        import_text(db, "\n".join(lines), "feil.toml")
    assert ar.load_inbox(db, 2027, TODAY).rows[0].report is None


def test_the_criteria_are_a_to_e_everywhere() -> None:
    assert tuple(code for code, _ in ar.CRITERIA) == ar.CRITERION_CODES == ("a", "b", "c", "d", "e")
