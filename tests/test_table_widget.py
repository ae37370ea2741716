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
