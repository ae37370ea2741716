"""The app's data table: rows kept as plain data, only the visible lines drawn.

Textual's ``DataTable`` measures every cell it is given through Rich (about half a
millisecond a row: a second for the seat table of the large database) and draws each
visible cell as ``Styled(Padding(Text))``. This table is a ``ScrollView`` with the Line
API instead (as Textual's guide on ``ScrollView`` and Textualize's toolong draw their
lines): a row is a key and a tuple of cells, a column's width is given or is the
longest ``cell_len`` of its cells, and ``render_line`` draws the header and the rows on
screen, nothing else. Giving it 5 000 rows costs what building the tuples costs.

It keeps the part of ``DataTable``'s API the screens use (``add_column``, ``add_row``,
``clear``, ``move_cursor``, ``get_row_index``, ``coordinate_to_cell_key`` ...), a row
cursor only, and ``DataTable``'s component classes (``datatable--header``,
``datatable--cursor``, ``datatable--hover``, ``datatable--even-row``,
``datatable--odd-row``) with its default look, so themes style it the same way.

A cell is a ``str`` (plain text: never markup, so nothing needs escaping) or a
``rich.text.Text`` when it needs a style or right-justifying. Cells are one line: a
second line is not shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from sekretariat.i18n import ui as _

#: What a cell may be.
Cell = str | Text


@dataclass(frozen=True)
class RowKey:
    """A row's key, as ``DataTable``'s messages carry it (``row_key.value``)."""

    value: str


@dataclass(frozen=True)
class CellKey:
    """The row and column keys of a cell (``coordinate_to_cell_key``)."""

    row_key: RowKey
    column_key: str


@dataclass(frozen=True)
class Column:
    """A column: its header label, key and content width (without the padding)."""

    label: Cell
    key: str
    width: int
    #: Whether the width follows the widest cell (no width was given).
    auto: bool
    #: "right" for amounts: right-aligned, and never narrower than the widest cell.
    justify: str = "left"
    #: Takes the width the other columns leave (at least ``width`` when that is less than
    #: its widest cell), cutting long cells with «…»: the one column that gives way.
    flex: bool = False

    def fitted(self, width: int) -> Column:
        """The column at ``width`` (an auto or right-aligned column grows to its cells)."""
        return Column(self.label, self.key, width, self.auto, self.justify, self.flex)

    def emptied(self) -> Column:
        """The column when its rows are gone: back to its label or given width."""
        return self.fitted(_width(self.label)) if self.auto else self


@dataclass(frozen=True)
class Look:
    """The styles a line is drawn with (from the component classes)."""

    base: Style
    header: Style
    cursor: Style
    cursor_post: Style
    hover: Style
    even: Style
    odd: Style


def _first_line(cell: Cell) -> Cell:
    if isinstance(cell, str):
        return cell.partition("\n")[0] if "\n" in cell else cell
    return cell.split("\n")[0] if "\n" in cell.plain else cell


def _ellipsis(cell: Cell, width: int) -> Cell:
    """A cell cut to ``width`` cells, the last one «…» (a flex column's long name)."""
    if width <= 0:
        return ""
    if isinstance(cell, str):
        return set_cell_size(cell, width - 1) + "…"
    cut = cell.copy()
    cut.truncate(width, overflow="ellipsis")
    return cut


def _width(cell: Cell) -> int:
    cell = _first_line(cell)
    return cell_len(cell) if isinstance(cell, str) else cell.cell_len


class Table(ScrollView, can_focus=True):
    """Rows of cells under a header line, with a row cursor; see the module's docstring.

    ``set_rows`` hands it the rows whole: an unchanged table is left alone (an area reads
    its data again on every visit) and the cursor stays on the same key.
    """

    #: Not scoped to the widget: the rule for terminals without colour starts at the app.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    Table {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;

        &:focus {
            background-tint: $foreground 5%;
            & > .datatable--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .datatable--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .datatable--even-row {
            background: $surface-darken-1 40%;
        }
        & > .datatable--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .datatable--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .datatable--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .datatable--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .datatable--hover {
            background: $block-hover-background;
        }
    }
    /* Without colours the cursor would be a background no one sees. */
    App:nocolor Table > .datatable--cursor {
        text-style: reverse;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "datatable--header",
        "datatable--cursor",
        "datatable--hover",
        "datatable--even-row",
        "datatable--odd-row",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", _("Velg"), show=False),
        Binding("up", "cursor_up", _("Opp"), show=False),
        Binding("down", "cursor_down", _("Ned"), show=False),
        Binding("pageup", "cursor_page_up", _("Side opp"), show=False),
        Binding("pagedown", "cursor_page_down", _("Side ned"), show=False),
        Binding("home,ctrl+home", "cursor_first", _("Første"), show=False),
        Binding("end,ctrl+end", "cursor_last", _("Siste"), show=False),
    ]

    class RowHighlighted(Message):
        """The cursor is on another row (it moved, or the rows changed under it)."""

        def __init__(self, table: Table, cursor_row: int, row_key: RowKey) -> None:
            self.table = table
            self.cursor_row = cursor_row
            self.row_key = row_key
            super().__init__()

        @property
        def control(self) -> Table:
            return self.table

    class RowSelected(Message):
        """Enter (or a click) on the cursor's row."""

        def __init__(self, table: Table, cursor_row: int, row_key: RowKey) -> None:
            self.table = table
            self.cursor_row = cursor_row
            self.row_key = row_key
            super().__init__()

        @property
        def control(self) -> Table:
            return self.table

    def __init__(
        self,
        *,
        zebra_stripes: bool = False,
        cell_padding: int = 1,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.zebra_stripes = zebra_stripes
        self.cell_padding = max(cell_padding, 0)
        self.show_header = True
        self._columns: list[Column] = []
        self._keys: list[str] = []
        self._cells: list[tuple[Cell, ...]] = []
        self._index: dict[str, int] = {}
        self._cursor = 0
        self._hover: int | None = None
        self._unnamed = 0
        self._look: Look | None = None

    # -- reading --------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def rows(self) -> Mapping[str, int]:
        """Each row's key and its index (``key in table.rows``)."""
        return MappingProxyType(self._index)

    @property
    def columns(self) -> list[Column]:
        return list(self._columns)

    @property
    def cursor_row(self) -> int:
        return self._cursor

    @property
    def cursor_coordinate(self) -> Coordinate:
        return Coordinate(self._cursor, 0)

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor; None in an empty table."""
        return self._keys[self._cursor] if self._keys else None

    def get_row_index(self, key: str) -> int:
        return self._index[key]

    def get_row_at(self, index: int) -> list[Cell]:
        return list(self._cells[index])

    def get_row(self, key: str) -> list[Cell]:
        return list(self._cells[self._index[key]])

    def coordinate_to_cell_key(self, coordinate: Coordinate | tuple[int, int]) -> CellKey:
        row, column = coordinate
        return CellKey(RowKey(self._keys[row]), self._columns[column].key)

    # -- changing -------------------------------------------------------------------
    def add_column(
        self,
        label: Cell,
        *,
        width: int | None = None,
        key: str | None = None,
        justify: str = "left",
        flex: bool = False,
    ) -> str:
        """Add a column; ``justify="right"`` for amounts (the column is then never narrower
        than its widest cell, whatever ``width`` says), ``flex=True`` for the one column
        (a name) that takes the width the others leave and cuts long cells with «…»."""
        key = key if key is not None else f"column-{len(self._columns)}"
        widest = max((_width(cells[len(self._columns)]) for cells in self._cells), default=0)
        if width is None:
            width, auto = max(_width(label), widest), True
        else:
            auto = False
            if justify == "right":
                width = max(width, widest)
        self._columns.append(Column(label, key, width, auto, justify, flex))
        self._changed()
        return key

    def add_columns(self, *labels: Cell) -> list[str]:
        return [self.add_column(label) for label in labels]

    def add_row(self, *cells: Cell, key: str | None = None) -> RowKey:
        if len(cells) > len(self._columns):
            raise ValueError("More values provided than there are columns.")
        if key is None:
            self._unnamed += 1
            key = f"\0row-{self._unnamed}"
        if key in self._index:
            raise ValueError(f"The row key {key!r} already exists.")
        row = tuple(cells) + ("",) * (len(self._columns) - len(cells))
        self._index[key] = len(self._keys)
        self._keys.append(key)
        self._cells.append(row)
        self._widen([row])
        self._changed()
        if len(self._keys) == 1:
            self._highlighted()
        return RowKey(key)

    def clear(self, columns: bool = False) -> Table:
        self._keys, self._cells, self._index = [], [], {}
        if columns:
            self._columns = []
        else:
            self._columns = [c.emptied() for c in self._columns]
        self._cursor = 0
        self._hover = None
        self._changed()
        self.scroll_to(0, 0, animate=False)
        return self

    def set_rows(
        self, rows: Iterable[tuple[str, Sequence[Cell]]], *, cursor: str | None = None
    ) -> bool:
        """Show these (key, cells) rows, with the cursor on the row ``cursor`` if given and
        there, else on the same key as before if it is there, else on the first row
        (``RowHighlighted`` says when that is another row).

        Returns whether the rows changed: unchanged rows leave the table alone.
        """
        count = len(self._columns)
        keys: list[str] = []
        cells: list[tuple[Cell, ...]] = []
        for key, row in rows:
            keys.append(key)
            cells.append(tuple(row) + ("",) * (count - len(row)))
        if keys == self._keys and cells == self._cells:
            if cursor is not None and cursor in self._index:
                self._move(self._index[cursor])
            return False
        current = self.cursor_key
        index = {key: i for i, key in enumerate(keys)}
        if len(index) != len(keys):
            raise ValueError("Two rows have the same key.")
        wanted = cursor if cursor in index else current
        if wanted not in index:
            wanted = self._neighbour(index)
        self._keys, self._cells, self._index = keys, cells, index
        self._columns = [c.emptied() for c in self._columns]
        self._widen(cells)
        self._cursor = index.get(wanted, 0) if wanted is not None else 0
        self._hover = None
        self._changed()
        self._scroll_to_cursor()
        if self.cursor_key != current:
            self._highlighted()
        return True

    def _neighbour(self, index: Mapping[str, int]) -> str | None:
        """The row the cursor goes to when its own row is gone from the new rows: the
        next one that is still there (as a list closes up over a removed line), else the
        one before; the cursor does not jump to the top under the user."""
        after = self._keys[self._cursor + 1 :]
        before = reversed(self._keys[: self._cursor])
        return next((key for key in [*after, *before] if key in index), None)

    def move_cursor(
        self, *, row: int | None = None, animate: bool = False, scroll: bool = True
    ) -> None:
        """Put the cursor on a row (clamped to the table); ``animate`` is never used."""
        if row is not None:
            self._move(row, scroll=scroll)

    # -- keys and mouse -------------------------------------------------------------
    def action_cursor_up(self) -> None:
        self._move(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self._move(self._cursor + 1)

    def action_cursor_page_down(self) -> None:
        page = self._page()
        self.scroll_to(y=min(self.scroll_y + page, self.max_scroll_y), animate=False)
        self._move(self._cursor + page)

    def action_cursor_page_up(self) -> None:
        page = self._page()
        self.scroll_to(y=max(self.scroll_y - page, 0), animate=False)
        self._move(self._cursor - page)

    def action_cursor_first(self) -> None:
        self._move(0)

    def action_cursor_last(self) -> None:
        self._move(len(self._keys) - 1)

    def action_select_cursor(self) -> None:
        if self._keys:
            key = RowKey(self._keys[self._cursor])
            self.post_message(self.RowSelected(self, self._cursor, key))

    def on_click(self, event: events.Click) -> None:
        row = self._row_at(event)
        if row is None:
            return
        event.stop()
        if row == self._cursor:
            self.action_select_cursor()
        else:
            self._move(row)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._row_at(event))

    def on_leave(self, _event: events.Leave) -> None:
        self._set_hover(None)

    def on_resize(self, _event: events.Resize) -> None:
        self._changed()
        self._scroll_to_cursor()

    # -- drawing --------------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._look = None

    def _styles(self) -> Look:
        """The styles of a line, worked out once per change of style (not once a line)."""
        if self._look is None:
            component = self.get_component_rich_style
            cursor = component("datatable--cursor")
            self._look = Look(
                base=self.rich_style,
                header=component("datatable--header"),
                cursor=cursor,
                # The cursor's colour wins over a cell's own, as in DataTable.
                cursor_post=Style.from_color(cursor.color),
                hover=component("datatable--hover"),
                even=component("datatable--even-row"),
                odd=component("datatable--odd-row"),
            )
        return self._look

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        header = 1 if self.show_header else 0
        look = self._styles()
        if y < header:
            labels = tuple(
                Text(c.label, justify="right")
                if c.justify == "right" and isinstance(c.label, str)
                else c.label
                for c in self._columns
            )
            line = self._line(labels, look.header, None, width + scroll_x)
        else:
            row = y - header + scroll_y
            if row >= len(self._keys):
                return Strip.blank(width, look.base)
            style = look.base
            if self.zebra_stripes:
                style = look.odd if row % 2 else look.even
            post = None
            if row == self._cursor:
                style += look.cursor
                post = look.cursor_post
            elif row == self._hover:
                style += look.hover
            line = self._line(self._cells[row], style, post, width + scroll_x)
        strip = Strip(line)
        if scroll_x:
            strip = strip.crop(scroll_x, scroll_x + width)
        return strip.adjust_cell_length(width, look.base)

    def _line(
        self, cells: tuple[Cell, ...], style: Style, post: Style | None, width: int
    ) -> list[Segment]:
        """One line of cells, each fitted to its column, filled out to ``width``."""
        pad = " " * self.cell_padding
        segments: list[Segment] = []
        used = 0
        get_style = self.app.console.get_style
        for column, cell in zip(self._drawn(), cells, strict=False):
            if column.flex and _width(cell) > column.width:
                cell = _ellipsis(_first_line(cell), column.width)
            if isinstance(cell, str):
                text = cell.partition("\n")[0] if "\n" in cell else cell
                if column.justify == "right":
                    text = " " * (column.width - cell_len(text)) + text
                segments.append(Segment(pad + set_cell_size(text, column.width) + pad, style))
            elif not cell.spans and "\n" not in cell.plain:
                # A Text of one style (the usual kind): one segment, no rendering.
                own = style
                if cell.style:
                    own += get_style(cell.style, default=Style.null())
                if post is not None:
                    own += post
                # As Rich lays a Text out: justifying spaces take its style, the rest of
                # the column and the padding the row's.
                spare = column.width - cell.cell_len
                if spare <= 0:
                    body, rest = set_cell_size(cell.plain, column.width), ""
                elif cell.justify == "right":
                    body, rest = " " * spare + cell.plain, ""
                elif cell.justify == "center":
                    body, rest = " " * (spare // 2) + cell.plain + " " * (spare - spare // 2), ""
                else:
                    body, rest = cell.plain, " " * spare
                segments.append(Segment(pad, style))
                segments.append(Segment(body, own))
                segments.append(Segment(rest + pad, style))
            else:
                segments.append(Segment(pad, style))
                segments.extend(self._text(cell, column.width, style, post))
                segments.append(Segment(pad, style))
            used += column.width + 2 * self.cell_padding
        if used < width:
            segments.append(Segment(" " * (width - used), style))
        return segments

    def _text(self, text: Text, width: int, style: Style, post: Style | None) -> list[Segment]:
        """A ``Text`` of several styles (or lines): rendered by Rich, fitted to ``width``.

        The text's style covers the text, not the rest of the column (as in DataTable).
        """
        console = self.app.console
        text = _first_line(text)  # type: ignore[assignment]
        segments = list(text.render(console))
        own = Style.null()
        if text.style:  # ``Text.render`` leaves a text's own style to its caller
            own = console.get_style(text.style, default=Style.null())
            segments = list(Segment.apply_style(segments, own))
        spare = width - text.cell_len
        if spare > 0 and text.justify in ("right", "center"):
            left = spare if text.justify == "right" else spare // 2
            segments.insert(0, Segment(" " * left, own if text.style else None))
        segments = Segment.adjust_line_length(segments, width, pad=True)
        return list(Segment.apply_style(segments, style, post))

    # -- inside ---------------------------------------------------------------------
    def _widen(self, rows: list[tuple[Cell, ...]]) -> None:
        """Auto-width columns grow to their widest cell in ``rows``."""
        for i, column in enumerate(self._columns):
            if (column.auto or column.justify == "right") and rows:
                widest = max(_width(cells[i]) for cells in rows)
                if widest > column.width:
                    self._columns[i] = column.fitted(widest)

    def _drawn(self) -> list[Column]:
        """The columns as drawn at the table's width: the flex column takes what is left."""
        flex = next((i for i, c in enumerate(self._columns) if c.flex), None)
        if flex is None:
            return self._columns
        pads = 2 * self.cell_padding * len(self._columns)
        others = sum(c.width for i, c in enumerate(self._columns) if i != flex)
        room = self.scrollable_content_region.width - others - pads
        column = self._columns[flex]
        drawn = list(self._columns)
        least = min(column.width, max(_width(column.label), 4))  # never out of sight
        drawn[flex] = column.fitted(max(room, least))
        return drawn

    def _changed(self) -> None:
        """The rows or columns changed: a new virtual size, and everything drawn again."""
        width = sum(c.width + 2 * self.cell_padding for c in self._drawn())
        height = len(self._keys) + (1 if self.show_header else 0)
        self._cursor = max(0, min(self._cursor, len(self._keys) - 1))
        self.virtual_size = Size(width, height)
        self.refresh()

    def _page(self) -> int:
        """Rows in one screenful."""
        header = 1 if self.show_header else 0
        return max(1, self.scrollable_content_region.height - header)

    def _move(self, row: int, *, scroll: bool = True) -> None:
        self._set_hover(None)
        if not self._keys:
            return
        row = max(0, min(row, len(self._keys) - 1))
        if scroll:
            self._scroll_to_cursor(row)
        if row == self._cursor:
            return
        header = 1 if self.show_header else 0
        self.refresh_line(self._cursor + header)
        self._cursor = row
        self.refresh_line(row + header)
        self._highlighted()

    def _scroll_to_cursor(self, row: int | None = None) -> None:
        """Scroll just enough for the cursor's row (or ``row``) to be on screen."""
        row = self._cursor if row is None else row
        if not self.scrollable_content_region.height:
            return  # not laid out yet: ``on_resize`` comes back here
        top = round(self.scroll_y)
        page = self._page()
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + page:
            self.scroll_to(y=row - page + 1, animate=False)

    def _highlighted(self) -> None:
        if self._keys:
            key = RowKey(self._keys[self._cursor])
            self.post_message(self.RowHighlighted(self, self._cursor, key))

    def _row_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        header = 1 if self.show_header else 0
        if offset is None or offset.y < header:
            return None
        row = offset.y - header + round(self.scroll_y)
        return row if row < len(self._keys) else None

    def _set_hover(self, row: int | None) -> None:
        if row == self._hover:
            return
        header = 1 if self.show_header else 0
        for old_or_new in (self._hover, row):
            if old_or_new is not None:
                self.refresh_line(old_or_new + header)
        self._hover = row
