"""The app's table: ``set_rows`` leaves an unchanged table alone and keeps the cursor."""

from __future__ import annotations

from textual.app import App, ComposeResult

from widgets.table import Table


class OneTable(App[None]):
    def compose(self) -> ComposeResult:
        yield Table(id="ours")


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
        # Rows change: rebuilt, the cursor stays on the same key where it moved.
        assert table.set_rows([rows[2], rows[0]]) is True
        assert table.cursor_row == 0
        assert table.get_row_at(0) == ["Áile", "Valdres"]
        # A change made some other way makes the next set_rows rebuild.
        table.add_row("Per", "Elverum", key="d")
        assert table.set_rows([rows[2], rows[0]]) is True
        assert table.row_count == 2
        # The cursor's row gone: back to the first row.
        table.move_cursor(row=1)
        assert table.set_rows([rows[1], rows[2]]) is True
        assert table.cursor_row == 0
