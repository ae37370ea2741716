"""The parts of Textual's private API the app leans on for speed, checked by name.

Each use degrades quietly if it goes (the app is then only slower), so an upgrade of
Textual that renames one would go unnoticed; these tests say which one to look at.
"""

from __future__ import annotations

import inspect

from textual.app import App
from textual.screen import Screen
from textual.widgets import DataTable


def test_app_internals_used_to_build_areas_in_the_background() -> None:
    # sekretariat/app.py: _prebuild_next, _people_screen, _area_screen
    assert list(inspect.signature(App._init_mode).parameters) == ["self", "mode"]
    assert list(inspect.signature(App._get_screen).parameters) == ["self", "screen"]
    app = App()
    assert isinstance(app._screen_stacks, dict)
    assert isinstance(app._css_update_count, int)
    assert isinstance(Screen()._css_update_count, int)
    from textual._context import active_app

    assert active_app.get(None) is None


def test_datatable_internals_table_overrides() -> None:
    # widgets/table.py: Table._update_dimensions and its render caches
    from textual.widgets._data_table import RowKey, default_cell_formatter  # noqa: F401

    assert list(inspect.signature(DataTable._update_dimensions).parameters) == ["self", "new_rows"]
    assert list(inspect.signature(DataTable._render_cell).parameters) == [
        "self",
        "row_index",
        "column_index",
        "base_style",
        "width",
        "cursor",
        "hover",
    ]
    assert list(inspect.signature(DataTable._get_styles_to_render_cell).parameters)[1:] == [
        "is_header_cell",
        "is_row_label_cell",
        "is_fixed_style_cell",
        "hover",
        "cursor",
        "show_cursor",
        "show_hover_cursor",
        "has_css_foreground_priority",
        "has_css_background_priority",
    ]
    table = DataTable()
    for name in (
        "_row_locations",
        "_column_locations",
        "_data",
        "_cell_render_cache",
        "_row_render_cache",
        "_line_cache",
        "_update_count",
        "_pseudo_class_state",
        "_show_hover_cursor",
    ):
        assert hasattr(table, name), name
