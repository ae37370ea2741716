"""The app's table (``widgets/table.py``): rows as data, only the visible lines drawn,
the cursor on a key, DataTable's messages and looks."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from rich.text import Text
from textual.app import App, ComposeResult
from textual.strip import Strip

from widgets.table import Table

#: 20 lines: the header and 19 rows on screen.
SIZE = (40, 20)


class OneTable(App[None]):
    def __init__(self, **table: object) -> None:
        super().__init__()
        self.table_options = table
        self.messages: list[tuple[str, int, str]] = []

    def compose(self) -> ComposeResult:
        yield Table(id="ours", **self.table_options)  # type: ignore[arg-type]

    def on_table_row_highlighted(self, event: Table.RowHighlighted) -> None:
        self.messages.append(("highlighted", event.cursor_row, event.row_key.value))

    def on_table_row_selected(self, event: Table.RowSelected) -> None:
        self.messages.append(("selected", event.cursor_row, event.row_key.value))


def numbered(count: int) -> list[tuple[str, tuple[str, str]]]:
    return [(f"k{i}", (f"rad {i}", str(i * 7))) for i in range(count)]


def text_of(strip: Strip) -> str:
    return "".join(segment.text for segment in strip)


async def test_set_rows_leaves_an_unchanged_table_alone_and_keeps_the_cursor() -> None:
    app = OneTable()
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.query_one("#ours", Table)
        table.add_columns("Navn", "Nettverk")
        rows = [("a", ("Kari", "Hamar")), ("b", ("Ola", "Gjøvik")), ("c", ("Áile", "Valdres"))]
        assert table.set_rows(rows) is True
        table.move_cursor(row=2)
        await pilot.pause()
        assert table.set_rows(rows) is False
        assert table.cursor_row == 2
        # Rows change: the cursor stays on the same key where it moved.
        assert table.set_rows([rows[2], rows[0]]) is True
        assert table.cursor_row == 0
        assert table.cursor_key == "c"
        assert table.get_row_at(0) == ["Áile", "Valdres"]
        assert table.get_row("a") == ["Kari", "Hamar"]
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == "c"
        # The cursor put on a key of the new rows; the same rows with a cursor just move it.
        assert table.set_rows([rows[0], rows[1], rows[2]], cursor="b") is True
        assert table.cursor_key == "b"
        assert table.set_rows([rows[0], rows[1], rows[2]], cursor="a") is False
        assert table.cursor_key == "a"
        assert table.set_rows([rows[2], rows[0]], cursor="x") is True  # not there: as before
        assert table.cursor_key == "a"
        # A row added some other way is part of the table; set_rows replaces it.
        table.add_row("Per", "Elverum", key="d")
        assert table.row_count == 3 and "d" in table.rows
        assert table.set_rows([rows[2], rows[0]]) is True
        assert table.row_count == 2
        # The cursor's row gone: the next row still there takes it (no jump to the top),
        # else the one before it, else the first row.
        table.set_rows(rows)
        table.move_cursor(row=1)  # b
        assert table.set_rows([rows[0], rows[2]]) is True
        assert table.cursor_key == "c"
        assert table.set_rows([rows[0], rows[1]]) is True  # c gone, nothing after: a
        assert table.cursor_key == "a"
        assert table.set_rows([rows[1], rows[2]]) is True  # a gone: b, the next, is first
        assert table.cursor_row == 0
        with pytest.raises(ValueError, match="same key"):
            table.set_rows([rows[0], rows[0]])


async def test_keys_move_the_cursor_and_say_so() -> None:
    app = OneTable()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one("#ours", Table)
        table.add_columns("Navn", "Tall")
        table.set_rows(numbered(100))
        table.focus()
        await pilot.pause()
        assert app.messages == [("highlighted", 0, "k0")]
        await pilot.press("down", "down")
        assert table.cursor_row == 2
        await pilot.press("up")
        assert table.cursor_row == 1
        await pilot.press("pagedown")  # 19 rows on screen under the header
        assert table.cursor_row == 20
        await pilot.press("pageup")
        assert table.cursor_row == 1
        await pilot.press("end")
        assert table.cursor_row == 99
        await pilot.press("down")  # the last row is the last
        assert table.cursor_row == 99
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("up")
        assert table.cursor_row == 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.messages == [
            ("highlighted", 0, "k0"),
            ("highlighted", 1, "k1"),
            ("highlighted", 2, "k2"),
            ("highlighted", 1, "k1"),
            ("highlighted", 20, "k20"),
            ("highlighted", 1, "k1"),
            ("highlighted", 99, "k99"),
            ("highlighted", 0, "k0"),
            ("selected", 0, "k0"),
        ]


async def test_a_click_moves_the_cursor_and_a_second_one_selects() -> None:
    app = OneTable()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one("#ours", Table)
        table.add_columns("Navn", "Tall")
        table.set_rows(numbered(5))
        await pilot.pause()
        await pilot.click(Table, offset=(2, 3))  # the header is line 0: row 2
        assert table.cursor_row == 2
        await pilot.click(Table, offset=(2, 3))
        await pilot.click(Table, offset=(2, 0))  # the header: nothing
        await pilot.click(Table, offset=(2, 10))  # below the last row: nothing
        await pilot.pause()
        assert app.messages[1:] == [("highlighted", 2, "k2"), ("selected", 2, "k2")]
        assert table.cursor_row == 2


async def test_only_the_lines_on_screen_are_drawn() -> None:
    app = OneTable()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one("#ours", Table)
        table.add_columns("Navn", "Tall")
        table.set_rows(numbered(5000))
        await pilot.pause()
        drawn: list[str] = []
        line = Table._line

        def spy(self: Table, cells: tuple[object, ...], *args: object) -> list[Segment]:
            drawn.append(str(cells[0]))
            return line(self, cells, *args)  # type: ignore[arg-type]

        Table._line = spy  # type: ignore[method-assign]
        try:
            table.refresh()
            table.focus()
            await pilot.press("pagedown")
            await pilot.pause()
        finally:
            Table._line = line  # type: ignore[method-assign]
        rows = {text for text in drawn if text.startswith("rad")}
        assert rows <= {f"rad {i}" for i in range(0, 40)}
        assert len(rows) <= 2 * 19
        # What is on screen after Page Down: the header, then rows 19 to 37.
        assert text_of(table.render_line(0)).startswith(" Navn")
        assert text_of(table.render_line(1)).startswith(" rad 19 ")
        assert text_of(table.render_line(19)).startswith(" rad 37 ")


async def test_column_widths_given_or_the_widest_cell() -> None:
    app = OneTable()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one("#ours", Table)
        table.add_column("Navn")  # the widest cell: 4 cells for two wide characters
        table.add_column("Kort", width=3)  # cut to 3
        table.add_column(Text("Beløp"), key="amount")
        table.set_rows([("a", ("漢字", "abcdef", Text("1 000", justify="right"))), ("b", ("x",))])
        assert [(c.key, c.width) for c in table.columns] == [
            ("column-0", 4),
            ("column-1", 3),
            ("amount", 5),
        ]
        await pilot.pause()
        assert text_of(table.render_line(0)).startswith(" Navn  Kor  Beløp ")
        assert text_of(table.render_line(1)).startswith(" 漢字  abc  1 000 ")
        # A missing cell is empty; a short right-justified cell keeps to the right.
        table.set_rows([("a", ("x", "y", Text("5", justify="right")))])
        await pilot.pause()
        assert text_of(table.render_line(1)).startswith(" x     y        5 ")
        # Cleared rows: auto widths back to their labels.
        table.clear()
        assert [c.width for c in table.columns] == [4, 3, 5]
        assert table.row_count == 0 and table.cursor_key is None


async def test_cells_are_plain_text_and_text_cells_keep_their_style() -> None:
    app = OneTable()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one("#ours", Table)
        table.add_columns("A", "B")
        table.set_rows(
            [("a", ("[b]ikke markup[/b]", Text("ja", style="bold reverse"))), ("b", ("x", "ledig"))]
        )
        table.move_cursor(row=1)
        await pilot.pause()
        line = list(table.render_line(1))
        assert text_of(table.render_line(1)).startswith(" [b]ikke markup[/b]  ja    ")
        ja = next(i for i, segment in enumerate(line) if segment.text == "ja")
        assert line[ja].style is not None and line[ja].style.bold and line[ja].style.reverse
        plain = next(segment for segment in line if "markup" in segment.text)
        assert plain.style is not None and not plain.style.bold
        # The text's own style covers the text, not the rest of its column.
        assert line[ja + 1].text.startswith("   ")
        assert line[ja + 1].style is not None and not line[ja + 1].style.reverse


async def test_the_cursor_row_zebra_stripes_and_header_use_datatables_component_classes() -> None:
    app = OneTable(zebra_stripes=True)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one("#ours", Table)
        table.add_columns("A")
        table.set_rows(numbered(3))
        table.focus()
        await pilot.pause()
        header = table.get_component_rich_style("datatable--header")
        cursor = table.get_component_rich_style("datatable--cursor")
        odd = table.get_component_rich_style("datatable--odd-row")
        assert header.bold
        first = [list(table.render_line(y))[0].style for y in range(3)]
        assert [style.bgcolor for style in first if style] == [
            header.bgcolor,
            cursor.bgcolor,
            odd.bgcolor,
        ]
        assert cursor.bgcolor != odd.bgcolor


async def test_without_colours_the_cursor_is_reversed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = OneTable()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one("#ours", Table)
        table.add_columns("A")
        table.set_rows(numbered(3))
        table.focus()
        await pilot.pause()
        assert table.get_component_rich_style("datatable--cursor").reverse
        assert not table.get_component_rich_style("datatable--header").reverse


async def test_the_first_row_added_is_highlighted() -> None:
    app = OneTable()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one("#ours", Table)
        table.add_columns("A", "B")
        table.add_row("x", key="one")
        table.add_row("y", "z", key="two")
        await pilot.pause()
        assert app.messages == [("highlighted", 0, "one")]
        assert table.get_row("one") == ["x", ""]
        with pytest.raises(ValueError):
            table.add_row("1", "2", "3")
        with pytest.raises(ValueError):
            table.add_row("again", key="one")


class Amounts(App[None]):
    """An allocation-like table: a name column that gives way, amounts that never do."""

    def compose(self) -> ComposeResult:
        yield Table(id="ours")

    def on_mount(self) -> None:
        table = self.query_one(Table)
        table.add_column("Nettverk", flex=True)
        for title in ("Tildelt", "Søkt", "Nettverk", "UH"):
            # A given width is a least width for amounts: never narrower than the widest.
            table.add_column(title, justify="right", width=4)
        table.set_rows(
            [
                ("hamar", ("Hamarregionen", "1 800 000", "3 400 000", "1 300 000", "500 000")),
                ("privat", ("Privatskolenettverket", "950 000", "–", "12 500 000", "0")),
                ("sum", ("Sum", "2 750 000", "3 400 000", "13 800 000", "500 000")),
            ]
        )


def screen_lines(table: Table) -> list[str]:
    return [text_of(table.render_line(y)) for y in range(table.row_count + 1)]


async def test_amounts_are_right_aligned_and_never_cut_at_80_columns() -> None:
    app = Amounts()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(Table)
        lines = screen_lines(table)
        # Each amount column as wide as its widest amount (9, 9, 10, 7), 2 cells of padding
        # a column: the name has 80 - 35 - 10 = 35 cells.
        row = " {:<35}  {:>9}  {:>9}  {:>10}  {:>7} ".format
        assert lines == [
            row("Nettverk", "Tildelt", "Søkt", "Nettverk", "UH"),
            row("Hamarregionen", "1 800 000", "3 400 000", "1 300 000", "500 000"),
            row("Privatskolenettverket", "950 000", "–", "12 500 000", "0"),
            row("Sum", "2 750 000", "3 400 000", "13 800 000", "500 000"),
        ]
        assert table.virtual_size.width == 80


async def test_a_narrow_table_cuts_the_name_never_an_amount() -> None:
    app = Amounts()
    async with app.run_test(size=(56, 24)) as pilot:
        await pilot.pause()
        lines = screen_lines(app.query_one(Table))
        # 56 - 35 - 10 = 11 cells for the name.
        assert lines[1] == " Hamarregio…  1 800 000  3 400 000   1 300 000  500 000 "
        assert lines[2] == " Privatskol…    950 000          –  12 500 000        0 "


async def test_a_wide_table_gives_the_name_what_is_left() -> None:
    app = Amounts()
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        lines = screen_lines(app.query_one(Table))
        assert (
            lines[2]
            == f" {'Privatskolenettverket':<155}    950 000          –  12 500 000        0 "
        )
