"""User text in Markdown minutes stays text: read back with an independent CommonMark parser."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from sekretariat.documents.document import Bullets, Document, Paragraph, Table, to_markdown

HOSTILE = [
    "# Ikke en overskrift",
    "[klikk her](javascript:alert(1))",
    "<script>alert(1)</script>",
    "![bilde](http://example.org/x.png)",
    "> ikke et sitat",
    "- ikke et punkt",
    "1. ikke nummerert",
    "Tittel\n===",
    "---",
    "`kode` og *kursiv* og __fet__ og ~~streket~~",
    "a | b | c",
    "&amp; &lt; \\* backslash",
]


def tokens(markdown: str) -> list[str]:
    """Every token type the CommonMark parser finds (inline ones included)."""
    out = []
    for token in MarkdownIt("commonmark").parse(markdown):
        out.append(token.type)
        out += [child.type for child in token.children or []]
    return out


def plain(markdown: str) -> str:
    """The text a reader sees: the parser's text tokens joined."""
    return "".join(
        child.content if child.type == "text" else "\n" if "break" in child.type else ""
        for token in MarkdownIt("commonmark").parse(markdown)
        for child in token.children or []
    )


@pytest.mark.parametrize("text", HOSTILE)
def test_a_paragraph_of_hostile_text_is_one_paragraph_of_text(text: str) -> None:
    markdown = to_markdown(Document("Protokoll", [Paragraph(text)]))
    body = markdown.split("\n", 2)[2]  # after the title line and its blank line
    kinds = set(tokens(body))
    assert kinds <= {
        "paragraph_open",
        "paragraph_close",
        "inline",
        "text",
        "softbreak",
        "hardbreak",
    }
    assert plain(body).replace("\n", "") == text.replace("\n", "")


def test_table_cells_and_bullets_stay_text() -> None:
    doc = Document(
        "T", [Bullets(("# a", "[x](javascript:y)")), Table(("A|B", "C"), (("<b>", "1. x"),))]
    )
    kinds = set(tokens(to_markdown(doc)))
    assert not kinds & {"link_open", "html_inline", "html_block", "image", "em_open", "code_inline"}
    assert "[x](javascript:y)" in plain(to_markdown(doc))


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60))
def test_any_text_reads_back_as_itself(text: str) -> None:
    markdown = to_markdown(Document("T", [Paragraph(text)]))
    body = markdown.partition("\n")[2]  # after the title line
    markup = {"link_open", "html_inline", "html_block", "image", "heading_open", "em_open"}
    assert not set(tokens(body)) & markup
    # What a reader sees is what was typed (the parser may trim spaces at line edges).
    assert "".join(plain(body).split()) == "".join(text.split())
