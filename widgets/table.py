"""The app's data table: Textual's ``DataTable`` that can be handed its rows whole."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.widgets import DataTable
from textual.widgets.data_table import RowKey


class Table(DataTable):
    """A ``DataTable`` whose ``set_rows`` leaves an unchanged table alone.

    An area reads its data again every time it is shown; rebuilding an unchanged table
    of a thousand rows would be most of the time that takes (``DataTable`` measures
    every cell it is given), and would lose the cursor.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The rows ``set_rows`` put in, while nothing else has changed the table.
        self._shown: list[tuple[str, tuple[object, ...]]] | None = None

    def set_rows(self, rows: Sequence[tuple[str, Sequence[object]]]) -> bool:
        """Show these (key, cells) rows, keeping the cursor on the same key if it is there.

        Returns whether the table changed.
        """
        wanted = [(key, tuple(cells)) for key, cells in rows]
        if wanted == self._shown:
            return False
        current = None
        if self.row_count:
            current = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        with self.app.batch_update():
            self.clear()
            for key, cells in wanted:
                self.add_row(*cells, key=key)
            if current is not None and current in self.rows:
                self.move_cursor(row=self.get_row_index(current), scroll=True)
        self._shown = wanted
        return True

    # Any other change makes the next set_rows rebuild the table.
    def clear(self, columns: bool = False) -> Table:
        self._shown = None
        return super().clear(columns)

    def add_row(self, *cells: Any, **kwargs: Any) -> RowKey:
        self._shown = None
        return super().add_row(*cells, **kwargs)

    def remove_row(self, row_key: RowKey | str) -> None:
        self._shown = None
        super().remove_row(row_key)

    def update_cell(self, *args: Any, **kwargs: Any) -> None:
        self._shown = None
        super().update_cell(*args, **kwargs)

    def update_cell_at(self, *args: Any, **kwargs: Any) -> None:
        self._shown = None
        super().update_cell_at(*args, **kwargs)

    def sort(self, *args: Any, **kwargs: Any) -> Table:
        self._shown = None
        return super().sort(*args, **kwargs)
