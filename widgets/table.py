"""The app's data table: Textual's ``DataTable``, measuring its rows cheaply.

When rows are added, ``DataTable`` turns every cell into a Rich ``Text`` (parsing it as
markup) and asks Rich to measure it, which also asks the terminal for its size: about
350 µs a row of six cells on a 2-core machine, so 1 851 seats took 0.6 s to show.
Nearly all our cells are one line of plain text, whose width is simply its cell length;
only cells that may hold markup, several lines or a renderable are measured the long
way. Rows with labels or automatic height keep ``DataTable``'s own path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.render import measure
from textual.widgets import DataTable
from textual.widgets._data_table import RowKey, default_cell_formatter

#: How many rendered cells and lines a table keeps (DataTable: 10 000 and 1 000).
CELL_CACHE = 1500
LINE_CACHE = 250


#: Characters a terminal does not print as one cell each (DataTable's own drawing copes).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _plain_width(value: object) -> int | None:
    """The width of a one-line plain cell, or None when it must be measured."""
    if value is None:
        return 0
    if isinstance(value, str):
        if "[" in value or "\n" in value or value.count(":") > 1:
            return None  # markup, several lines, or an emoji code such as :warning:
        return cell_len(value)
    if isinstance(value, Text):
        if "\n" in value.plain:
            return None
        return value.cell_len
    return None


class Table(DataTable):
    """A ``DataTable`` whose rows are measured without rendering them.

    ``set_rows`` shows a list of keyed rows and does nothing when they are the rows
    already shown: an area re-reads its data every time it is shown, and rebuilding an
    unchanged table of a few thousand rows would be most of the time that takes.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # DataTable keeps up to 10 000 rendered cells and 1 000 rendered lines per
        # table: with ten tables open that is most of the app's heap, which every full
        # garbage collection walks (pauses of 50–100 ms while scrolling). A few
        # screenfuls are plenty at 80x24 and still at 60 rows.
        self._cell_render_cache = LRUCache(CELL_CACHE)
        self._row_render_cache = LRUCache(LINE_CACHE)
        self._line_cache = LRUCache(LINE_CACHE)
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

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """DataTable's cell, drawn without Rich's layout for a plain one-line string.

        DataTable renders every cell as ``Styled(Padding(Text.from_markup(value)))``
        through the console (a third of a millisecond a cell: most of the time a
        keystroke in a filtered list takes). For a plain string in a row one line high
        the result is known: padding, the text cut or padded to the column, padding, all
        in one style, ``(base + meta + component) + post`` as ``Styled`` layers it.
        Anything else (headers, labels, markup, Text, taller rows) goes to DataTable.
        """
        pad = self.cell_padding
        if row_index < 0 or column_index < 0 or width < 2 * pad + 1:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        row = self.rows.get(row_key) if row_key is not None else None
        if row is None or row.height != 1 or row.auto_height:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        column_key = self._column_locations.get_key(column_index)
        value = self._data[row_key].get(column_key)
        if not isinstance(value, str) or _plain_width(value) is None or _CONTROL.search(value):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        lines = self._cell_render_cache.get(cache_key)
        if lines is None:
            fixed = row_index < self.fixed_rows or column_index < self.fixed_columns
            component_style, post_style = self._get_styles_to_render_cell(
                False,
                False,
                fixed,
                hover,
                cursor,
                self.show_cursor,
                self._show_hover_cursor,
                self.cursor_foreground_priority == "css",
                self.cursor_background_priority == "css",
            )
            style = (
                base_style
                + Style.from_meta({"row": row_index, "column": column_index})
                + component_style
            ) + post_style
            inner = set_cell_size(value, width - 2 * pad)
            lines = [[Segment(" " * pad + inner + " " * pad, style)]]
            self._cell_render_cache[cache_key] = lines
        return lines

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        new_rows = list(new_rows)
        locations = self._row_locations
        rows = self.rows
        if any(
            (row := rows.get(key)) is not None and (row.label is not None or row.auto_height)
            for key in new_rows
            if locations.get(key) is not None
        ):
            super()._update_dimensions(new_rows)
            return
        console = self.app.console
        columns = self.ordered_columns
        widths = [column.content_width for column in columns]
        for row_key in new_rows:
            # The row may have gone again before the table was idle.
            if locations.get(row_key) is None:
                continue
            cells = self._data[row_key]
            for index, column in enumerate(columns):
                value = cells.get(column.key)
                width = _plain_width(value)
                if width is None:
                    width = measure(console, default_cell_formatter(value), 1)
                if width > widths[index]:
                    widths[index] = width
        for column, width in zip(columns, widths, strict=True):
            column.content_width = width
        # With no new rows left, DataTable only sets the virtual size from the columns.
        super()._update_dimensions(())
