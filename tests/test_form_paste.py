"""A paste with tabs in a form at 80x24: each part lands in its own field, as typed Tabs."""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from widgets.dialog import FormDialog, FormField, FormSpec

KINDS = (("Orientering", "orientation"), ("Vedtakssak", "decision"))


class OneForm(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("bak")

    def on_mount(self) -> None:
        spec = FormSpec(
            "Ny person",
            [
                FormField("name", "Navn"),
                FormField("org", "Organisasjon"),
                FormField("kind", "Type", "orientation", "select", KINDS),
                FormField("town", "Sted"),
                FormField("note", "Merknad"),
            ],
        )
        self.push_screen(FormDialog(spec))


async def test_a_paste_with_tabs_is_spread_over_the_fields() -> None:
    app = OneForm()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        await pilot.press(*"Kari ")
        app.post_message(events.Paste("Nordmann\tHøgskolen\tVedtakssak\tHamar\n"))
        await pilot.pause()
        assert dialog.values() == {
            "name": "Kari Nordmann",
            "org": "Høgskolen",
            "kind": "decision",
            "town": "Hamar",
            "note": "",
        }
        assert app.focused is dialog.query_one("#field-town", Input)
        await pilot.press(*"!")  # typing goes on where the paste ended
        assert dialog.values()["town"] == "Hamar!"


async def test_a_paste_without_tabs_is_the_inputs_own() -> None:
    app = OneForm()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        app.post_message(events.Paste("Kari Nordmann\nandre linje"))
        await pilot.pause()
        assert dialog.values()["name"] == "Kari Nordmann"
        assert dialog.values()["org"] == ""


async def test_tabs_in_a_burst_of_keys_move_on_before_the_next_keys() -> None:
    """Keys that arrive together (tmux send-keys, a slow link catching up) are queued
    before the first is handled: a Tab among them must move the focus before the keys
    behind it are given to a field (issue 15: «Navn<Tab>kode» ended as «Navnkode»)."""
    app = OneForm()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        burst = [*"Kari", "tab", *"NTNU", "tab", "tab", *"Hamar", "shift+tab"]
        for key in burst:
            character = {"tab": "\t", "shift+tab": None}.get(key, key)
            app.post_message(events.Key(key, character))
        await pilot.pause()
        assert dialog.values() == {
            "name": "Kari",
            "org": "NTNU",
            "kind": "orientation",
            "town": "Hamar",
            "note": "",
        }
        assert app.focused is not None and app.focused.id == "field-kind"
