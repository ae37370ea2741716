"""Documents the forum sends out (summons, and later the decision minutes), written once
as a list of blocks and rendered to Markdown, HTML, DOCX and PDF.

Nothing here depends on the machine: the PDF embeds the DejaVu fonts shipped in
``sekretariat/documents/fonts`` (Norwegian and Sámi letters), DOCX and HTML need no tools, user text
is escaped in HTML and stripped of control characters everywhere.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor
from fpdf import FPDF

from sekretariat.i18n import ui
from sekretariat.labels import DOCUMENT_FORMATS

#: The export formats, with the Norwegian names the UI shows (kept in ``labels``, so a
#: form can offer them without loading the writers).
FORMATS = DOCUMENT_FORMATS

FONT_DIR = Path(__file__).with_name("fonts")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"

# Characters XML 1.0 (and so DOCX) cannot hold, and that have no business in a
# document anyway; tab and newline stay.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def clean(text: str) -> str:
    """User text fit for any format: line ends normalised, control characters removed."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""  # "" | "muted" | "bold"


@dataclass(frozen=True)
class Fields:
    """Label and value pairs, one a line ("Sted: Hamar")."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A small table (an allocation in the minutes); ``right`` lists right-aligned columns."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    right: tuple[int, ...] = ()


Block = Heading | Paragraph | Fields | Bullets | Table


@dataclass
class Document:
    """A title and blocks; every renderer below writes the same content."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    language: str = "nb"


# -- Markdown -------------------------------------------------------------------------


#: Characters that make markup anywhere in a line (emphasis, links, code, tables).
_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
#: What makes markup at the start of a line: a heading (also an underline of = or -),
#: a quote, a list item.
_MD_LINE_START = re.compile(
    r"^([ \t]*)(>|[=\-](?=[=\-]*[ \t]*$)|(?:[#+\-]|\d{1,9}[.)])(?=\s|$))", re.MULTILINE
)


def _md(text: str) -> str:
    """User text as literal Markdown: nothing typed becomes a heading, link or HTML.

    Markdown passes raw HTML through, so ``<``, ``>`` and ``&`` become entities; the
    characters that start emphasis, links, code or table cells are escaped, and so is
    what would make a line a heading, quote or list item.
    """
    text = clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    lead, mark = match.group(1), match.group(2)
    if mark[0].isdigit():  # "1." starts a numbered list: escape the dot, not the digit
        return f"{lead}{mark[:-1]}\\{mark[-1]}"
    return f"{lead}\\{mark}"


def to_markdown(doc: Document) -> str:
    out = [f"# {_md(doc.title)}", ""]
    for b in doc.blocks:
        if isinstance(b, Heading):
            out += [f"{'#' * min(b.level + 1, 6)} {_md(b.text)}", ""]
        elif isinstance(b, Paragraph):
            text = _md(b.text).replace("\n", "  \n")
            out += [
                f"**{text}**" if b.style == "bold" else f"*{text}*" if b.style == "muted" else text,
                "",
            ]
        elif isinstance(b, Fields):
            out += [f"**{_md(k)}:** {_md(v)}".replace("\n", "  \n") + "  " for k, v in b.pairs]
            out[-1] = out[-1].rstrip()
            out.append("")
        elif isinstance(b, Bullets):
            out += [f"- {_md(i)}" for i in b.items] + [""]
        elif isinstance(b, Table):
            cell = lambda t: _md(t).replace("\n", " ")  # noqa: E731
            out.append("| " + " | ".join(cell(h) for h in b.header) + " |")
            out.append(
                "|"
                + "|".join("---:" if i in b.right else "---" for i in range(len(b.header)))
                + "|"
            )
            out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in b.rows]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


# -- HTML -----------------------------------------------------------------------------


def _h(text: str) -> str:
    return html.escape(clean(text), quote=True).replace("\n", "<br>\n")


_CSS = (
    "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:46em;margin:2em auto;"
    "padding:0 1em;line-height:1.45;color:#111}"
    "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.4em}h3{font-size:1.05em;margin-top:1.2em}"
    ".muted{color:#555}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}"
    "dt{font-weight:bold}dd{margin:0}"
    "table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #bbb;padding:.2em .5em}"
)


def _td(tag: str, right: bool, text: str) -> str:
    align = ' style="text-align:right"' if right else ""
    return f"<{tag}{align}>{_h(text)}</{tag}>"


def to_html(doc: Document) -> str:
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{doc.language}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_h(doc.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_h(doc.title)}</h1>",
    ]
    for b in doc.blocks:
        if isinstance(b, Heading):
            level = min(b.level + 1, 6)
            out.append(f"<h{level}>{_h(b.text)}</h{level}>")
        elif isinstance(b, Paragraph):
            text = _h(b.text)
            if b.style == "bold":
                out.append(f"<p><strong>{text}</strong></p>")
            elif b.style == "muted":
                out.append(f'<p class="muted">{text}</p>')
            else:
                out.append(f"<p>{text}</p>")
        elif isinstance(b, Fields):
            out.append("<dl>")
            out += [f"<dt>{_h(k)}</dt><dd>{_h(v)}</dd>" for k, v in b.pairs]
            out.append("</dl>")
        elif isinstance(b, Bullets):
            out.append("<ul>")
            out += [f"<li>{_h(i)}</li>" for i in b.items]
            out.append("</ul>")
        elif isinstance(b, Table):
            out.append("<table>")
            out.append(
                "<tr>"
                + "".join(_td("th", i in b.right, h) for i, h in enumerate(b.header))
                + "</tr>"
            )
            out += [
                "<tr>" + "".join(_td("td", i in b.right, c) for i, c in enumerate(row)) + "</tr>"
                for row in b.rows
            ]
            out.append("</table>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


# -- DOCX -----------------------------------------------------------------------------


#: Width of a bold letter at 9 pt, in cm (a body letter is taken as 0.18).
BOLD_CM = 0.22


def column_widths(table: Table, total_cm: float) -> list[float]:
    """Widths in cm that keep names and amounts on one line where the page allows.

    Equal columns break "Hamarregionen" and "1 800 000" mid-word. Every column asks for
    its longest value at about 9 pt; when the page is too narrow, the text columns give
    way from the right (they wrap between words), never below their longest word.
    """
    rows = [table.header, *table.rows]
    # The header is bold, a little wider per letter: LibreOffice broke «Nettverk» over
    # «Glåmdal» at the body's width.
    cm = [
        max(
            min(max((len(row[c]) for row in table.rows), default=0), 40) * 0.18,
            min(len(table.header[c]), 40) * BOLD_CM,
        )
        + 0.45
        for c in range(len(table.header))
    ]
    over = sum(cm) - total_cm
    for c in reversed([c for c in range(len(cm)) if c not in table.right]):
        if over <= 0:
            break
        longest_word = max((len(w) for row in rows for w in row[c].split()), default=4)
        cut = max(min(over, cm[c] - (longest_word * 0.18 + 0.45)), 0)
        cm[c] -= cut
        over -= cut
    return cm


def to_docx_bytes(doc: Document) -> bytes:
    d = Docx()
    d.core_properties.title = clean(doc.title)
    d.core_properties.language = doc.language
    d.add_heading(clean(doc.title), level=0)
    for b in doc.blocks:
        if isinstance(b, Heading):
            d.add_heading(clean(b.text), level=min(b.level, 9))
        elif isinstance(b, Paragraph):
            run = d.add_paragraph().add_run(clean(b.text))
            if b.style == "bold":
                run.bold = True
            elif b.style == "muted":
                run.italic = True
                run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        elif isinstance(b, Fields):
            for k, v in b.pairs:
                p = d.add_paragraph()
                p.paragraph_format.space_after = Pt(2)
                p.add_run(f"{clean(k)}: ").bold = True
                p.add_run(clean(v))
        elif isinstance(b, Bullets):
            for i in b.items:
                d.add_paragraph(clean(i), style="List Bullet")
        elif isinstance(b, Table):
            table = d.add_table(rows=1 + len(b.rows), cols=len(b.header))
            table.style = "Table Grid"
            table.autofit = False
            rows = [b.header, *b.rows]
            cm = column_widths(b, 16.0)
            widths = [Cm(w) for w in cm]
            for column, width in zip(table.columns, widths, strict=True):
                column.width = width  # the grid LibreOffice reads; Word reads the cells
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    cell = table.cell(r, c)
                    cell.width = widths[c]
                    cell.text = clean(text)
                    para = cell.paragraphs[0]
                    if c in b.right:
                        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    for run in para.runs:
                        run.font.size = Pt(9)
                        run.bold = r == 0
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# -- PDF ------------------------------------------------------------------------------


def to_pdf_bytes(doc: Document) -> bytes:

    # PDF/A-2B for archiving: fpdf2 adds the sRGB output intent and the XMP identification;
    # the fonts are embedded (DejaVu, shipped in the package).
    pdf = FPDF(format="A4", enforce_compliance="PDF/A-2B")
    pdf.set_title(clean(doc.title))
    pdf.set_lang(doc.language)
    pdf.add_font("DejaVu", "", str(FONT_REGULAR))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()

    def write(
        text: str, size: float = 10.5, style: str = "", gap: float = 1.5, grey: bool = False
    ) -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.set_text_color(85 if grey else 0)
        pdf.multi_cell(0, size * 0.5, clean(text), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    write(doc.title, size=16, style="B", gap=3)
    for b in doc.blocks:
        if isinstance(b, Heading):
            pdf.ln(2)
            write(b.text, size=13 if b.level <= 1 else 11.5, style="B", gap=1)
        elif isinstance(b, Paragraph):
            write(b.text, style="B" if b.style == "bold" else "", grey=b.style == "muted")
        elif isinstance(b, Fields):
            pdf.set_text_color(0)
            for k, v in b.pairs:
                pdf.set_font("DejaVu", "B", 10.5)
                pdf.write(5.25, f"{clean(k)}: ")
                pdf.set_font("DejaVu", "", 10.5)
                pdf.write(5.25, clean(v))
                pdf.ln(5.25)
            pdf.ln(1.5)
        elif isinstance(b, Bullets):
            for i in b.items:
                write(f"•  {i}", gap=0.5)
            pdf.ln(1)
        elif isinstance(b, Table):
            pdf.set_font("DejaVu", "", 8.5)
            pdf.set_text_color(0)
            aligns = tuple("RIGHT" if i in b.right else "LEFT" for i in range(len(b.header)))
            widths = tuple(column_widths(b, (pdf.w - pdf.l_margin - pdf.r_margin) / 10))
            with pdf.table(
                col_widths=widths, text_align=aligns, line_height=4.6, first_row_as_headings=True
            ) as table:
                for row in [b.header, *b.rows]:
                    cells = table.row()
                    for text in row:
                        cells.cell(clean(text))
            pdf.ln(2)
    return bytes(pdf.output())


# -- files ----------------------------------------------------------------------------


def render(doc: Document, fmt: str) -> bytes:
    """The document in one of ``FORMATS`` as bytes (text formats in UTF-8)."""
    if fmt == "md":
        return to_markdown(doc).encode("utf-8")
    if fmt == "html":
        return to_html(doc).encode("utf-8")
    if fmt == "docx":
        return to_docx_bytes(doc)
    if fmt == "pdf":
        return to_pdf_bytes(doc)
    raise ValueError(
        ui("«{format}» er ikke et format (velg {choices}).").format(
            format=fmt, choices=", ".join(FORMATS)
        )
    )
