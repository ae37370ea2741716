"""The grant decision recorded apart from the forum's advice, and the grant letters."""

import datetime as dt
import io
import sqlite3
from pathlib import Path

import pytest
from docx import Document as read_docx
from pypdf import PdfReader

from sekretariat.cli import main
from sekretariat.documents.grant_letters import grant_letters, write_letters
from sekretariat.domain.allocation_runs import adopt, decision_items, run_for_year, save_run
from sekretariat.domain.grant_decisions import load_decision, record_decision
from sekretariat.domain.letter_template import (
    DEFAULT_TEMPLATE,
    check_template,
    letter_template,
    save_letter_template,
)
from sekretariat.errors import UserError
from sekretariat.exchange import export_text, import_text
from sekretariat.storage.audit_log import entries
from sekretariat.storage.database import Database

NBSP = str.maketrans({"\xa0": " "})
MINI = (Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")
#: The meeting that adopts the run (mini.toml: 21.01.2027, «Tildeling 2027»).
MEETING = dt.date(2027, 1, 21)
# mini.toml with a budget of 2 000 000 (tests/test_allocation_runs.py): Valdres gets its
# whole request, 1 300 000, split as requested: network 400 000, UH 900 000.
# Decided at 1 000 000 instead: 400:900 of 1 000 000 is 307 692.3 : 692 307.7, largest
# remainder gives the last krone to UH → network 307 692, UH 692 308 (under the 40 % cap).
HOST = """schema = 1
[forum]
name = "Samarbeidsforum Test"
reports_due = "01.03"
[[region]]
code = "valdres"
name = "Valdres"
host = "Nord-Aurdal"
"""


@pytest.fixture
def db(tmp_path: Path) -> Database:
    db = Database.open(tmp_path / "g.db", create=True)
    import_text(db, MINI, "mini.toml")
    import_text(db, HOST, "host.toml")
    return db


def advise(db: Database) -> str:
    """Save and adopt the 2 000 000 run in the meeting of 21.01.2027."""
    result, scheme, _ = run_for_year(db, 2027, 2_000_000)
    key = save_run(db, 2027, result, scheme)
    adopt(db, key, decision_items(db, 2027)[0][0], today=MEETING)
    return key


def decide(db: Database, **kw: object) -> object:
    args: dict = {
        "decided_by": "Statsforvalteren i Innlandet",
        "decided": dt.date(2027, 2, 10),
        "reference": "2027/123-4",
    }
    args.update(kw)
    return record_decision(db, 2027, None, **args)


def test_a_decision_as_advised(db: Database) -> None:
    key = advise(db)
    decision = decide(db)
    assert decision.run_key == key and decision.scheme_code == "kollektiv"
    # The item has no case number yet: it gets one when the summons or minutes go out.
    assert decision.advice == "Tildeling 2027 (21.01.2027)"
    [line] = decision.lines
    assert (line.code, line.host, line.advised, line.allocated, line.network, line.uh) == (
        "valdres",
        "Nord-Aurdal",
        1_300_000,
        1_300_000,
        400_000,
        900_000,
    )
    assert decision.changes == () and decision.total == 1_300_000
    assert load_decision(db, 2027) == decision


def test_a_changed_line_is_split_by_the_runs_rules(db: Database) -> None:
    advise(db)
    decision = decide(db, amounts={"valdres": (1_000_000, "  Lavere   ramme fra Udir ")})
    [line] = decision.changes
    assert (line.advised, line.allocated, line.network, line.uh, line.reason) == (
        1_000_000 + 300_000,
        1_000_000,
        307_692,
        692_308,
        "Lavere ramme fra Udir",
    )
    # The same amount as advised is no change, and needs no reason.
    assert decide(db, amounts={"valdres": (1_300_000, "")}, correct=True).changes == ()


def test_refusals(db: Database) -> None:
    with pytest.raises(UserError, match="Forumet har ikke vedtatt noen tildeling for 2027"):
        decide(db)
    advise(db)
    with pytest.raises(UserError, match=r"Vedtaksdatoen 20\.01\.2027 er før møtet 21\.01\.2027"):
        decide(db, decided=dt.date(2027, 1, 20))
    with pytest.raises(UserError, match="avviker fra innstillingen .* må ha en begrunnelse"):
        decide(db, amounts={"valdres": (1_000_000, " ")})
    for bad in (-1, 1.5, True, "1000"):
        with pytest.raises(UserError, match="Beløpet for Valdres må være hele kroner, 0 eller mer"):
            decide(db, amounts={"valdres": (bad, "Grunn")})
    with pytest.raises(UserError, match="Nettverket «hamar» er ikke med i innstillingen 2027-1"):
        decide(db, amounts={"hamar": (1, "Grunn")})
    with pytest.raises(UserError, match="Oppgi hvem som fattet vedtaket"):
        decide(db, decided_by="  ")
    with pytest.raises(UserError, match="Det er ikke registrert noe vedtak om tilskudd for 2027"):
        decide(db, correct=True)
    assert load_decision(db, 2027) is None  # nothing was stored by any refusal
    decide(db)
    with pytest.raises(UserError, match="allerede registrert; rett det i stedet"):
        decide(db)


def test_a_correction_is_audited(db: Database) -> None:
    advise(db)
    decide(db, amounts={"valdres": (1_000_000, "Lavere ramme")})
    decide(db, reference="2027/123-5", amounts={"valdres": (1_100_000, "Ny ramme")}, correct=True)
    decision = load_decision(db, 2027)
    assert decision is not None and decision.reference == "2027/123-5"
    assert [(c.allocated, c.reason) for c in decision.changes] == [(1_100_000, "Ny ramme")]
    change = entries(db, entity="grantchange", limit=1)[0]
    assert change.action == "update"
    assert "vedtatt beløp: «1 000 000 kr» → «1 100 000 kr»" in change.summary().translate(NBSP)
    head = entries(db, entity="grantdecision", limit=1)[0]
    assert head.summary() == "referanse: «2027/123-4» → «2027/123-5»"
    # Back to the advice: the change row goes, logged as deleted.
    decide(db, correct=True)
    assert entries(db, entity="grantchange", limit=1)[0].action == "delete"
    assert load_decision(db, 2027).changes == ()


def test_the_decision_survives_export_and_import(db: Database, tmp_path: Path) -> None:
    advise(db)
    decide(db, amounts={"valdres": (1_000_000, "Lavere ramme")})
    text = export_text(db)
    assert (
        '[[grant_decision]]\nyear = 2027\nscheme = "kollektiv"\n'
        'decided_by = "Statsforvalteren i Innlandet"\ndecided = 2027-02-10\n'
        'reference = "2027/123-4"\n\n[[grant_decision.change]]\nregion = "valdres"\n'
        'allocated = 1000000\nnetwork = 307692\nuh = 692308\nreason = "Lavere ramme"\n'
    ) in text
    other = Database.open(tmp_path / "other.db", create=True)
    import_text(other, text, "x.toml")
    assert export_text(other) == text
    import_text(other, text, "x.toml")  # again: nothing changes
    assert export_text(other) == text
    here, there = load_decision(db, 2027), load_decision(other, 2027)
    assert there is not None and here is not None
    # The file names the item that adopted the run, so the advice reads the same there.
    assert here.advice == "Tildeling 2027 (21.01.2027)"
    assert (there.lines, there.decided, there.run_key, there.advice) == (
        here.lines,
        here.decided,
        here.run_key,
        here.advice,
    )


def test_an_import_naming_an_unknown_network_is_refused(db: Database) -> None:
    bad = 'schema = 1\n[[grant_decision]]\nyear = 2027\nscheme = "kollektiv"\n'
    bad += 'decided_by = "SF"\ndecided = 2027-02-10\n[[grant_decision.change]]\n'
    bad += 'region = "nowhere"\nallocated = 1\nreason = "x"\n'
    with pytest.raises(UserError, match="ukjent nettverk «nowhere»"):
        import_text(db, bad, "bad.toml")


# -- the template ------------------------------------------------------------------------
def test_template_refusals_and_storage(db: Database) -> None:
    assert letter_template(db) == DEFAULT_TEMPLATE
    with pytest.raises(UserError, match=r"ukjente plassholderen «\{kommune\}»"):
        save_letter_template(db, "# Brev til {kommune}\n")
    with pytest.raises(UserError, match="klamme uten sin make"):
        save_letter_template(db, "# Brev {år\n")
    with pytest.raises(UserError, match=r"\{tabell\} må stå alene på en linje"):
        save_letter_template(db, "# Brev\n\nSe {tabell}\n")
    with pytest.raises(UserError, match="må begynne med brevets tittel"):
        save_letter_template(db, "Brev\n")
    assert letter_template(db) == DEFAULT_TEMPLATE
    saved = save_letter_template(db, "# Brev {år} til {vertskommune}\r\n\r\nKlammer: {{x}}")
    assert saved == "# Brev {år} til {vertskommune}\n\nKlammer: {{x}}\n"
    assert letter_template(db) == saved
    assert save_letter_template(db, DEFAULT_TEMPLATE) == DEFAULT_TEMPLATE
    assert letter_template(db) == DEFAULT_TEMPLATE
    assert check_template(DEFAULT_TEMPLATE) == DEFAULT_TEMPLATE


def test_the_letter_text(db: Database) -> None:
    advise(db)
    decide(db, amounts={"valdres": (1_000_000, "Lavere ramme")})
    save_letter_template(
        db,
        "# Tilskuddsbrev {år} – {vertskommune}\n\n## Vedtak\n{vedtatt_av} vedtok "
        "{vedtaksdato} ({referanse}), etter {innstilling}.\n\n{tabell}\n\n"
        "- Sum: {sum}\n- Frist: {rapportfrist}\n\nKlammer {{slik}}.\n",
    )
    [letter], without = grant_letters(db, 2027)
    assert without == [] and letter.municipality == "Nord-Aurdal"
    from sekretariat.documents.document import to_markdown

    assert to_markdown(letter.document).translate(NBSP) == (
        "# Tilskuddsbrev 2027 – Nord-Aurdal\n\n"
        "## Vedtak\n\n"
        "Statsforvalteren i Innlandet vedtok 10. februar 2027 (2027/123-4), etter "
        "Tildeling 2027 (21.01.2027).\n\n"
        "| Nettverk | Tilskudd | Til nettverket | Til UH |\n"
        "|---|---:|---:|---:|\n"
        "| Valdres | 1 000 000 kr | 307 692 kr | 692 308 kr |\n\n"
        "- Valdres: vedtatt 1 000 000 kr, innstillingen var 1 300 000 kr. "
        "Begrunnelse: Lavere ramme\n\n"
        "- Sum: 1 000 000 kr\n- Frist: 01.03.2028\n\n"
        "Klammer {slik}.\n"
    )


def test_letters_read_back_as_docx_and_pdf(db: Database, tmp_path: Path) -> None:
    advise(db)
    decide(db)
    out = tmp_path / "brev"
    out.mkdir()
    [docx_path], _ = write_letters(db, 2027, out, "docx")
    [pdf_path], _ = write_letters(db, 2027, out, "pdf")
    assert docx_path.name == "tilskuddsbrev-2027-nord-aurdal.docx"
    assert pdf_path.name == "tilskuddsbrev-2027-nord-aurdal.pdf"
    doc = read_docx(io.BytesIO(docx_path.read_bytes()))
    paragraphs = [p.text for p in doc.paragraphs]
    assert "Tilskuddsbrev 2027 – Nord-Aurdal" in paragraphs
    assert "Frist for rapporten: 01.03.2028." in paragraphs
    cells = [[c.text.translate(NBSP) for c in row.cells] for row in doc.tables[0].rows]
    assert cells == [
        ["Nettverk", "Tilskudd", "Til nettverket", "Til UH"],
        ["Valdres", "1 300 000 kr", "400 000 kr", "900 000 kr"],
    ]
    text = " ".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    text = " ".join(text.translate(NBSP).split())
    assert "Tilskuddsbrev 2027 – Nord-Aurdal" in text
    assert "Statsforvalteren i Innlandet har 10. februar 2027 vedtatt tilskudd for 2027" in text
    assert "1 300 000 kr" in text and "Frist for rapporten: 01.03.2028." in text


def test_letters_refusals(db: Database, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Det er ikke registrert noe vedtak om tilskudd for 2027"):
        grant_letters(db, 2027)
    advise(db)
    decide(db)
    with pytest.raises(UserError, match=r"Mappen .*finnes-ikke finnes ikke"):
        write_letters(db, 2027, tmp_path / "finnes-ikke")
    with pytest.raises(UserError, match="«html» er ikke et format for brev"):
        write_letters(db, 2027, tmp_path, "html")
    import_text(db, 'schema = 1\n[forum]\nname = "Samarbeidsforum Test"\n', "f.toml")
    with db.write() as s:
        from sekretariat.storage.models import Forum

        forum = s.get(Forum, 1)
        forum.reports_due_day = forum.reports_due_month = None
    with pytest.raises(UserError, match="Forumet har ingen frist for årsrapport"):
        grant_letters(db, 2027)
    save_letter_template(db, "# Brev til {vertskommune}\n\n{tabell}\n")
    [letter], _ = grant_letters(db, 2027)  # a template without the deadline needs none
    assert letter.document.title == "Brev til Nord-Aurdal"


def test_cli_letters(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    advise(db)
    decide(db)
    path = str(db.path)
    assert main(["--db", path, "letters", "2027", "-o", str(tmp_path / "nope")]) == 1
    assert "finnes ikke" in capsys.readouterr().err
    out = tmp_path / "ut"
    out.mkdir()
    assert main(["--db", path, "letters", "2027", "-o", str(out), "--format", "md"]) == 0
    assert capsys.readouterr().out == f"{out / 'tilskuddsbrev-2027-nord-aurdal.md'}\n"
    text = (out / "tilskuddsbrev-2027-nord-aurdal.md").read_text(encoding="utf-8").translate(NBSP)
    assert "| Valdres | 1 300 000 kr | 400 000 kr | 900 000 kr |" in text


def test_sami_letters_survive_docx_and_pdf(db: Database, tmp_path: Path) -> None:
    advise(db)
    decide(db, decided_by="Stáhtahálddahus", reference="Áššenummar ČŊĐŦŠŽ čŋđŧšž")
    [docx_path], _ = write_letters(db, 2027, tmp_path, "docx")
    [pdf_path], _ = write_letters(db, 2027, tmp_path, "pdf")
    said = "Stáhtahálddahus har 10. februar 2027 vedtatt tilskudd for 2027 i ordningen"
    docx_text = " ".join(p.text for p in read_docx(str(docx_path)).paragraphs)
    pdf_text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf_path).pages).split())
    for text in (docx_text, pdf_text):
        assert said in text and "(referanse Áššenummar ČŊĐŦŠŽ čŋđŧšž)" in text


def test_no_letter_where_nothing_is_granted(sample_db: Path) -> None:
    """The sample's 2027 run on 40 000 000 gives 0 kr to the three networks without a
    report (Midt-Gudbrandsdal, Nord-Gudbrandsdal, Sør-Østerdal): their hosts get no grant
    letter, and the private-school network has no host. Both are said, not written."""
    from sekretariat.domain.agenda import add_item

    sample = Database.open(sample_db)
    result, scheme, _ = run_for_year(sample, 2027, 40_000_000)
    key = save_run(sample, 2027, result, scheme)
    item = add_item(sample, 5, {"title": "Fordeling av tilskudd 2027", "kind": "decision"})
    adopt(sample, key, item, today=dt.date(2026, 12, 2))
    record_decision(
        sample, 2027, None, decided_by="Statsforvalteren i Innlandet", decided=dt.date(2026, 12, 3)
    )
    with sqlite3.connect(sample_db) as con:  # the annual-report deadline, 1 March
        con.execute("UPDATE forum SET reports_due_day = 1, reports_due_month = 3")
    letters, left_out = grant_letters(sample, 2027)
    assert [x.municipality for x in letters] == [
        "Kongsvinger",
        "Hamar",
        "Gjøvik",
        "Lillehammer",
        "Tynset",
        "Nord-Aurdal",
    ]
    assert left_out == [
        "Uten vertskommune, ikke med i noe brev: Privatskolenettverket.",
        "Ikke tildelt noe, så uten tilskuddsbrev: Midt-Gudbrandsdal, Nord-Gudbrandsdal, "
        "Sør-Østerdal.",
    ]
