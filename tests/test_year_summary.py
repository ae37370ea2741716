"""The year summary of the annual reports: figures are the rows' sums, to the krone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from sekretariat.domain import year_summary
from sekretariat.domain.allocation_runs import adopt, decision_items, run_for_year, save_run
from sekretariat.domain.grant_decisions import record_decision
from sekretariat.domain.year_summary import (
    FailedCheck,
    Grant,
    NetworkRow,
    ReportedMeasure,
    ReportRow,
    build,
)
from sekretariat.exchange import import_text
from sekretariat.storage.database import Database
from sekretariat.storage.models import (
    AnnualReport,
    AnnualReportCheck,
    AnnualReportVersion,
    Forum,
    Region,
    row_id,
)

MINI = (Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")
# A second network, Hadeland, with FTEs but no needs report and no annual report.
EXTRA = """schema = 1
[forum]
name = "Samarbeidsforum Test"
[[region]]
code = "valdres"
name = "Valdres"
host = "Nord-Aurdal"
[[region]]
code = "hadeland"
name = "Hadeland"
host = "Gran"
fte = { "2027" = 400.0 }
"""


def forum_2027(tmp_path: Path, *, decide: bool = True) -> Database:
    """mini.toml's 2027: a 2 000 000 run adopted on 21.01.2027 gives Valdres its request,
    1 300 000 (400 000 network, 900 000 UH; Hadeland asked for nothing and gets 0). The
    decision lowers Valdres to 1 000 000: 307 692 network, 692 308 UH (see
    tests/test_grant_decisions.py for the split)."""
    db = Database.open(tmp_path / "y.db", create=True)
    import_text(db, MINI, "mini.toml")
    import_text(db, EXTRA, "extra.toml")
    result, scheme, _ = run_for_year(db, 2027, 2_000_000)
    key = save_run(db, 2027, result, scheme)
    adopt(db, key, decision_items(db, 2027)[0][0], today=dt.date(2027, 1, 21))
    if decide:
        record_decision(
            db,
            2027,
            None,
            decided_by="Statsforvalteren i Innlandet",
            decided=dt.date(2027, 2, 10),
            amounts={"valdres": (1_000_000, "Lavere ramme")},
        )
    return db


def add_report(db: Database, code: str, year: int = 2027, scheme: str = "kollektiv") -> None:
    """Valdres's report: version 1 (superseded) and version 2, one deviation."""
    with db.write() as s:
        region = s.exec(select(Region).where(Region.code == code)).one()
        report = AnnualReport(
            region_id=row_id(region), year=year, scheme_code=scheme, state="review"
        )
        s.add(report)
        s.flush()
        rid = row_id(report)
        s.add(
            AnnualReportVersion(
                report_id=rid,
                number=1,
                received=dt.date(2028, 2, 20),
                spent_network=1,
                spent_uh=2,
                leftover_amount=3,
                measures=[{"title": "Gammel", "theme": "inkludering"}],
            )
        )
        s.add(
            AnnualReportVersion(
                report_id=rid,
                number=2,
                received=dt.date(2028, 3, 1),
                granted_amount=1_000_000,
                spent_network=300_000,
                spent_uh=650_000,
                leftover_amount=50_000,
                measures=[
                    {"title": "Språkløft", "theme": "inkludering", "target": "barnehage"},
                    {"title": "Lesing", "theme": ""},
                    {"title": "Sámi giella, čállin ŋ", "theme": "samisk"},
                ],
                goal_assessment="Godt i gang.",
                criteria={"a": "Gjennomført som planlagt.", "c": "  "},
            )
        )
        s.add(AnnualReportCheck(report_id=rid, code="FORMALIA", result="ok"))
        s.add(
            AnnualReportCheck(
                report_id=rid, code="BELOP", result="avvik", note="Brukt mer enn tildelt på UH."
            )
        )
        s.add(AnnualReportCheck(report_id=rid, code="SIGNERT", result=""))
        forum = s.get(Forum, 1)
        forum.report_checks = [{"code": "BELOP", "kind": "rimelighet", "text": "Bruken stemmer"}]


def test_a_hand_worked_year(tmp_path: Path) -> None:
    db = forum_2027(tmp_path)
    add_report(db, "valdres")
    summary = year_summary.load(db, 2027)
    assert summary.grant_source == year_summary.DECIDED
    assert summary.scheme_code == "kollektiv"
    valdres, hadeland = summary.networks
    assert (valdres.requested, valdres.granted, valdres.granted_network, valdres.granted_uh) == (
        1_300_000,
        1_000_000,
        307_692,
        692_308,
    )
    # The newest version counts: 300 000 + 650 000 used, 50 000 left.
    assert (valdres.used, valdres.left, valdres.measure_count) == (950_000, 50_000, 3)
    assert valdres.report is not None and valdres.report.version == 2
    assert valdres.state_text == "Under behandling"
    assert valdres.answered == ("a",)
    assert valdres.report.failed == (
        FailedCheck("BELOP", "Bruken stemmer", "Brukt mer enn tildelt på UH."),
    )
    assert (hadeland.requested, hadeland.granted, hadeland.report) == (0, 0, None)
    assert [n.name for n in summary.missing] == ["Hadeland"]
    assert (summary.requested, summary.granted, summary.used, summary.left) == (
        1_300_000,
        1_000_000,
        950_000,
        50_000,
    )
    # The forum's one theme first, then a code it does not know, then none.
    assert summary.measures_by_theme() == [
        ("Fremme inkludering", 1),
        ("samisk", 1),
        ("Uten tema", 1),
    ]
    assert [n for _, _, n in summary.criteria_answered()] == [1, 0, 0, 0, 0]
    assert summary.failed_checks() == [("Valdres", valdres.report.failed[0])]


def test_the_advice_counts_until_a_decision_is_recorded(tmp_path: Path) -> None:
    db = forum_2027(tmp_path, decide=False)
    summary = year_summary.load(db, 2027)
    assert summary.grant_source == year_summary.ADVISED
    assert [(n.code, n.granted) for n in summary.networks] == [
        ("valdres", 1_300_000),
        ("hadeland", 0),
    ]
    assert len(summary.missing) == 2 and summary.used == 0


def test_a_year_without_anything(tmp_path: Path) -> None:
    db = forum_2027(tmp_path, decide=False)
    summary = year_summary.load(db, 2030)
    assert summary.grant_source == year_summary.NONE
    assert (summary.requested, summary.granted, summary.used) == (0, 0, 0)
    assert year_summary.summary_years(db) == [2027]


def test_a_report_without_a_scheme_code_belongs_to_the_default_scheme(tmp_path: Path) -> None:
    db = forum_2027(tmp_path)
    add_report(db, "valdres", scheme="")
    assert year_summary.load(db, 2027).networks[0].used == 950_000


# ------------------------------------------------------------------------- hypothesis
amounts = st.integers(min_value=0, max_value=10**9)
measures = st.lists(
    st.builds(ReportedMeasure, st.text(max_size=5), st.sampled_from(["", "a", "b", "x"])),
    max_size=4,
)
reports = st.builds(
    ReportRow,
    state=st.sampled_from(["received", "accepted"]),
    received=st.none(),
    version=st.integers(1, 3),
    spent_network=amounts,
    spent_uh=amounts,
    leftover_amount=amounts,
    measures=measures.map(tuple),
    criteria=st.lists(st.sampled_from(["", "svar"]), min_size=5, max_size=5).map(
        lambda texts: tuple(zip("abcde", texts, strict=True))
    ),
)
rows = st.lists(
    st.builds(
        NetworkRow,
        code=st.text(min_size=1, max_size=4),
        name=st.text(max_size=4),
        host=st.just(""),
        requested=amounts,
        grant=st.builds(Grant, amounts, amounts, amounts),
        report=st.none() | reports,
    ),
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(rows)
def test_totals_are_the_sums_of_the_rows(rows: list[NetworkRow]) -> None:
    s = build(2027, "k", "K", "F", "vedtak", (("a", "A"), ("b", "B")), rows)
    reported = [r.report for r in rows if r.report is not None]
    assert s.requested == sum(r.requested for r in rows)
    assert s.granted == sum(r.grant.allocated for r in rows)
    assert s.granted_network == sum(r.grant.network for r in rows)
    assert s.granted_uh == sum(r.grant.uh for r in rows)
    assert s.used == sum(r.spent_network + r.spent_uh for r in reported)
    assert s.used == s.spent_network + s.spent_uh
    assert s.left == sum(r.leftover_amount for r in reported)
    assert s.measure_count == sum(len(r.measures) for r in reported)
    assert sum(n for _, n in s.measures_by_theme()) == s.measure_count
    assert len(s.missing) + len(s.reported) == len(rows)
    for code, _, count in s.criteria_answered():
        assert count == sum(1 for r in reported if dict(r.criteria)[code])


@pytest.mark.parametrize("missing", [True, False])
def test_a_network_without_a_report_counts_nothing_used(missing: bool) -> None:
    report = None if missing else ReportRow("accepted", None, 1, spent_network=5, spent_uh=7)
    s = build(2027, "k", "K", "F", "", (), [NetworkRow("v", "V", "", 0, Grant(), report)])
    assert (s.used, len(s.missing)) == ((0, 1) if missing else (12, 0))


# ------------------------------------------------------------------------- document
NBSP = str.maketrans({"\xa0": " "})


def test_the_summary_as_docx_and_pdf(tmp_path: Path) -> None:
    from docx import Document as read_docx
    from pypdf import PdfReader

    from sekretariat.documents.year_summary import default_filename, write_summary

    db = forum_2027(tmp_path)
    add_report(db, "valdres")
    assert default_filename(2027, "pdf") == "sammenstilling-arsrapporter-2027.pdf"
    docx = write_summary(db, 2027, "docx", tmp_path / "s.docx")
    pdf = write_summary(db, 2027, "pdf", tmp_path / "s.pdf")
    d = read_docx(str(docx))
    assert d.paragraphs[0].text == "Sammenstilling av årsrapporter 2027"
    figures = [[c.text.translate(NBSP) for c in r.cells] for r in d.tables[0].rows]
    assert figures == [
        ["Nettverk", "Søkt", "Tildelt", "Brukt", "Igjen", "Tiltak", "Årsrapport"],
        [
            "Valdres",
            "1 300 000 kr",
            "1 000 000 kr",
            "950 000 kr",
            "50 000 kr",
            "3",
            "Under behandling",
        ],
        ["Hadeland", "0 kr", "0 kr", "0 kr", "0 kr", "0", "Ikke mottatt"],
        ["Sum", "1 300 000 kr", "1 000 000 kr", "950 000 kr", "50 000 kr", "3", "1 av 2 mottatt"],
    ]
    # The chart: 24 cells for the largest amount (1 000 000); 950 000 is 22.8 cells, so
    # 22 full blocks and six eighths (▊).
    chart = [[c.text.translate(NBSP) for c in r.cells] for r in d.tables[1].rows]
    assert chart[1] == ["Valdres", "Tildelt", "1 000 000 kr", "█" * 24]
    assert chart[2] == ["", "Brukt", "950 000 kr", "█" * 22 + "▊"]
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Sámi giella, čállin ŋ (samisk)" in text
    assert "Valdres: Bruken stemmer (BELOP) – Brukt mer enn tildelt på UH." in text
    assert "1 nettverk har ikke levert årsrapport for 2027: Hadeland." in text
    pages = "\n".join(page.extract_text() for page in PdfReader(pdf).pages).translate(NBSP)
    for expected in (
        "Sammenstilling av årsrapporter 2027",
        "1 300 000 kr",
        "950 000 kr",
        "Sámi giella, čállin ŋ",
        "Brukt mer enn tildelt på UH.",
        "Hadeland",
    ):
        assert expected in pages, expected


def test_the_summary_in_nynorsk_reads_back_in_nynorsk(sample_db: Path, tmp_path: Path) -> None:
    """Issue 19: the summary goes to the whole forum, so it follows the forum's language;
    --lang nn writes it in nynorsk, read back with python-docx."""
    from docx import Document as read_docx
    from language_words import foreign_words

    from sekretariat.cli import main

    out = tmp_path / "samanstilling.docx"
    assert main(["--db", str(sample_db), "summary", "2026", "-o", str(out), "--lang", "nn"]) == 0
    doc = read_docx(str(out))
    text = "\n".join(
        [p.text for p in doc.paragraphs]
        + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    )
    assert "Samanstilling av årsrapportar 2026" in text
    assert "Tildelt etter vedtaket om tilskot" in text
    assert "Tiltaka har bidrege til planlagd praksisendring" in text
    # The networks' own texts (goal assessments, measure titles) stay as written; the
    # document's own words are nynorsk.
    own = {"ikke", "være", "hvordan", "fra", "hva", "mye", "ble"}
    assert foreign_words(text, "nn") - own == set()
