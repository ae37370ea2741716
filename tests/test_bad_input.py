"""Bad input everywhere: broken files, wrong arguments and hostile text.

Each is refused with one clear Norwegian sentence (and nothing changes), or stored as
typed and escaped wherever it is shown. Run with ``-s`` to see the count of inputs tried.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from sekretariat.cli import main
from sekretariat.exchange import export_text, import_file, import_text
from sekretariat.storage.database import Database

CORPUS_DIR = Path(__file__).parent / "corpus" / "exchange"
CORPUS = sorted(CORPUS_DIR.glob("*.toml"))
MINI = (Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")
TRIED = {"files": 0, "argv": 0, "hostile": 0}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "f.db"
    import_text(Database.open(path, create=True), MINI, "mini.toml")
    return path


@pytest.mark.parametrize("bad", CORPUS, ids=[p.stem for p in CORPUS])
def test_broken_exchange_files_are_refused_whole(
    bad: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = export_text(Database.open(db_path))
    assert main(["--db", str(db_path), "import", str(bad)]) == 1
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sekretariat: ")
    assert "Traceback" not in err and "Error" not in err
    assert bad.name in lines[0] or "UTF-8" in lines[0]
    assert export_text(Database.open(db_path)) == before
    TRIED["files"] += 1


BAD_ARGV = [
    ["import"],
    ["import", "a.toml", "b.toml"],
    ["export"],
    ["seats", "--date", "32.13.2026"],
    ["seats", "--date"],
    ["seats", "--json", "ekstra"],
    ["calendar"],
    ["calendar", "tjuesjuogtjue"],
    ["calendar", "20277"],
    ["allocate", "2027", "--budget", "-5"],
    ["allocate", "2027", "--budget", "mange"],
    ["allocate", "neste", "--budget", "100"],
    ["backup"],
    ["audit", "--limit", "mange"],
    ["--db"],
    ["--ukjent"],
    ["ukjent-kommando"],
    ["--versjon"],
]


@pytest.mark.parametrize("argv", BAD_ARGV, ids=[" ".join(a) or "tom" for a in BAD_ARGV])
def test_wrong_arguments_are_one_norwegian_sentence(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "feil:" in err
    TRIED["argv"] += 1


def test_user_errors_with_valid_arguments(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = [
        ["--db", str(tmp_path / "mangler.db"), "seats"],
        ["--db", str(db_path), "import", str(tmp_path / "mangler.toml")],
        ["--db", str(db_path), "import", str(tmp_path)],
        ["--db", str(db_path), "export", str(tmp_path)],
        ["--db", str(db_path), "backup", str(db_path)],
        ["--db", str(tmp_path), "seats"],
        ["--db", str(db_path), "allocate", "1999", "--budget", "100"],
        # no --budget and no budget recorded for the year in the scheme
        ["--db", str(db_path), "allocate", "2031"],
    ]
    for argv in cases:
        assert main(argv) == 1, argv
        err = capsys.readouterr().err.strip()
        assert err.startswith("sekretariat: ") and "\n" not in err and "Traceback" not in err
        TRIED["argv"] += 1


HOSTILE = [
    '<script>alert("x")</script>',
    "**fet** _kursiv_ [lenke](http://example.org) # overskrift",
    "\u202eRTL-overstyring\u202c og \u200fhøyre-til-venstre\u200f",
    "Sámi: čđŋšŧžá ČĐŊŠŦŽÁ – æøå ÆØÅ",
    "tabulator\tog\nlinjeskift",
    "& < > \" ' \\ ; ,",
    "x" * 5000,
]


@pytest.mark.parametrize(
    "text", HOSTILE, ids=["html", "markdown", "rtl", "sami", "whitespace", "specials", "long"]
)
def test_hostile_text_is_stored_and_escaped_everywhere(
    text: str, db_path: Path, tmp_path: Path
) -> None:
    import tomli_w

    db = Database.open(db_path)
    # Names and titles stand on one line (a line break there is refused: test_limits.py).
    one_line = " ".join(text.splitlines())
    patch = {
        "schema": 1,
        "person": [{"key": "kari-nordmann", "name": one_line[:300], "note": text}],
        "meeting": [
            {
                "date": dt.date(2027, 1, 21),
                "learning_focus": text,
                "item": [
                    {
                        "title": one_line[:500],
                        "kind": "decision",
                        "minutes": 30,
                        "proposal": text,
                        "background": text,
                    },
                ],
            }
        ],
    }
    import_text(db, tomli_w.dumps(patch), "fiendtlig.toml")
    # The exchange format keeps it exactly.
    again = Database.open(tmp_path / "igjen.db", create=True)
    import_text(again, export_text(db), "x.toml")
    assert export_text(again) == export_text(db)

    from sekretariat.documents.document import render
    from sekretariat.documents.summons import summons_document

    with db.sql() as con:
        meeting_id = con.execute("SELECT id FROM meeting").fetchone()[0]
    _, doc = summons_document(db, meeting_id)
    html = render(doc, "html").decode("utf-8")
    assert "<script>" not in html
    md = render(doc, "md").decode("utf-8")
    assert md
    docx = Document(io.BytesIO(render(doc, "docx")))
    body = "\n".join(p.text for p in docx.paragraphs) + "\n".join(
        c.text for t in docx.tables for row in t.rows for c in row.cells
    )
    pdf = PdfReader(io.BytesIO(render(doc, "pdf")))
    pdf_text = "".join(page.extract_text() for page in pdf.pages)
    if text.startswith("Sámi"):
        assert "čđŋšŧžá" in body
        assert "čđŋšŧžá" in pdf_text.replace("\n", "")
    assert zipfile.is_zipfile(io.BytesIO(render(doc, "docx")))

    from sekretariat.documents.representative_lists import write_list

    for suffix in ("csv", "xlsx"):
        write_list(db, "representatives", dt.date(2027, 1, 1), tmp_path / f"liste.{suffix}")
    TRIED["hostile"] += 1


def test_line_separators_do_not_move_line_numbers(db_path: Path) -> None:
    """TOML breaks lines at \\n only; U+2028, U+2029 and NEL (which ``str.splitlines``
    breaks at) are characters of strings and comments. The row refused starts on line 11,
    and the message quotes its key on one line."""
    from sekretariat.errors import ImportRefused

    with pytest.raises(ImportRefused) as refused:
        import_file(Database.open(db_path), CORPUS_DIR / "line-separators.toml")
    message = str(refused.value)
    assert message.startswith("line-separators.toml, linje 11: [[person]] nr. 2")
    assert "«b\\u2028c»" in message and "\u2028" not in message


def test_control_characters_are_refused(db_path: Path) -> None:
    from sekretariat.errors import ImportRefused

    with pytest.raises(ImportRefused, match="kontrolltegn \\(U\\+0001\\)"):
        import_text(
            Database.open(db_path),
            'schema = 1\n[[person]]\nkey = "x"\nname = "a\\u0001b"\n',
            "k.toml",
        )


def test_pdf_is_marked_pdf_a(db_path: Path) -> None:
    """The PDF carries what PDF/A-2B asks of the writer: output intent, XMP id, fonts."""
    from sekretariat.documents.document import render
    from sekretariat.documents.summons import summons_document

    db = Database.open(db_path)
    with db.sql() as con:
        meeting_id = con.execute("SELECT id FROM meeting").fetchone()[0]
    pdf = render(summons_document(db, meeting_id)[1], "pdf")
    assert b"/OutputIntents" in pdf and b"GTS_PDFA1" in pdf
    assert (
        b"<pdfaid:part>2</pdfaid:part>" in pdf
        and b"<pdfaid:conformance>B</pdfaid:conformance>" in pdf
    )
    assert b"/FontFile2" in pdf  # embedded TrueType
