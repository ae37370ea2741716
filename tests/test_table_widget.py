"""The app's table measures its rows cheaply and gets the same column widths as DataTable."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from widgets.table import Table

ROWS: list[tuple[object, ...]] = [
    ("Kari Nordmann", "Hamarregionen", 1_800_000, None),
    ("Áile Juuso-Ánte", "[b]fet[/b] tekst", 3.5, Text("Tekst med stil", style="bold")),
    ("漢字 bred", "to:\nlinjer her", -12, "kl. 09:00"),
    ("", ":warning: varsel", 0, Text("kort")),
    ("Ola", "Gjøvikregionen og Land", 42, "1 234 567 kr"),
]


class Both(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable(id="textual")
        yield Table(id="ours")


async def test_column_widths_match_datatable() -> None:
    app = Both()
    async with app.run_test(size=(120, 30)) as pilot:
        for table in app.query(DataTable):
            table.add_columns("Navn", "Nettverk", "Beløp", "Merknad")
            for row in ROWS:
                table.add_row(*row)
        await pilot.pause()
        textual = app.query_one("#textual", DataTable)
        ours = app.query_one("#ours", Table)
        assert [c.content_width for c in ours.ordered_columns] == [
            c.content_width for c in textual.ordered_columns
        ]
        assert [c.content_width for c in ours.ordered_columns] == [15, 22, 7, 14]
        assert ours.virtual_size == textual.virtual_size


async def test_rows_added_later_widen_columns_and_removed_rows_are_skipped() -> None:
    app = Both()
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.query_one("#ours", Table)
        table.add_columns("A", "B")
        table.add_row("kort", "x")
        await pilot.pause()
        assert [c.content_width for c in table.ordered_columns] == [4, 1]
        gone = table.add_row("denne raden forsvinner", "y")
        table.add_row("litt lengre", "zz")
        table.remove_row(gone)
        await pilot.pause()
        assert [c.content_width for c in table.ordered_columns] == [11, 2]
        assert table.row_count == 2


async def test_set_rows_leaves_an_unchanged_table_alone_and_keeps_the_cursor() -> None:
    app = Both()
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.query_one("#ours", Table)
        table.add_columns("Navn", "Nettverk")
        rows = [("a", ("Kari", "Hamar")), ("b", ("Ola", "Gjøvik")), ("c", ("Áile", "Valdres"))]
        assert table.set_rows(rows) is True
        table.move_cursor(row=2)
        await pilot.pause()
        assert table.set_rows(rows) is False
        assert table.cursor_row == 2
        # Rows change: rebuilt, the cursor stays on the same key where it moved.
        assert table.set_rows([rows[2], rows[0]]) is True
        assert table.cursor_row == 0
        assert table.get_row_at(0) == ["Áile", "Valdres"]
        # A change made some other way makes the next set_rows rebuild.
        table.add_row("Per", "Elverum", key="d")
        assert table.set_rows([rows[2], rows[0]]) is True
        assert table.row_count == 2


def _cells(lines: list) -> list[tuple[str, object]]:  # type: ignore[type-arg]
    """A rendered cell as (character, style) pairs: the same picture whatever the segments."""
    return [(ch, seg.style) for line in lines for seg in line for ch in seg.text]


async def test_plain_cells_are_drawn_as_datatable_draws_them() -> None:
    """The quick drawing of plain one-line strings gives DataTable's picture, cell for
    cell and style for style: cropped, padded, wide letters, cursor, hover, fixed column."""
    from rich.style import Style

    plain = [
        ("Kari Nordmann", "Hamarregionen", "1\u00a0800\u00a0000"),
        ("Áile Juuso-Ánte", "漢字 bred tekst her", ""),
        ("Ola", "kl. 09:00", "−12 %"),
    ]
    app = Both()
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.query_one("#ours", Table)
        table.add_column("Navn", width=8)  # narrower than the names: they are cut
        table.add_column("Nettverk")
        table.add_column("Beløp", width=3)
        for row in [*plain, *ROWS]:
            table.add_row(*row[:3])
        table.fixed_columns = 1
        await pilot.pause()
        base = Style(bgcolor="#202020") + Style(color="white")
        checked = 0
        for row in range(table.row_count):
            for column in range(3):
                for cursor, hover in ((False, False), (True, False), (False, True)):
                    for width in (table.ordered_columns[column].get_render_width(table), 4):
                        table._cell_render_cache.clear()
                        ours = table._render_cell(row, column, base, width, cursor, hover)
                        table._cell_render_cache.clear()
                        theirs = DataTable._render_cell(
                            table, row, column, base, width, cursor, hover
                        )
                        assert _cells(ours) == _cells(theirs), (row, column, cursor, hover, width)
                        checked += 1
        assert checked == 8 * 3 * 3 * 2
        # Plain strings took the quick way (one segment), markup and Text DataTable's.
        table._cell_render_cache.clear()
        assert len(table._render_cell(0, 0, base, 8)[0]) == 1
        assert len(table._render_cell(4, 1, base, 20)[0]) > 1  # "[b]fet[/b] tekst"
