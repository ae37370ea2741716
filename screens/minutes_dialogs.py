"""Dialogs of minute-taking: a question of conflict of interest under an item.

The dialog runs the core's change itself, in a worker, and stays open with the core's
Norwegian sentence when it refuses (no ground, no one who decided, a substitute for
someone found not disqualified): what was typed is kept and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work
from textual.message import Message
from textual.widgets import Select
from textual.worker import get_current_worker

from screens.host import HostAccess
from sekretariat.errors import UserError
from widgets.dialog import FormDialog, FormField, FormSpec

#: The decision (forvaltningsloven § 8) as the form offers it: label, value.
DECISIONS = (("Inhabil – fratrer under saken", "inhabil"), ("Habil – deltar", "habil"))


class ConflictDialog(HostAccess, FormDialog):
    """Grunnlag, avgjort av, avgjørelse, stedfortreder and merknad for one person.

    ``store`` makes the change in the core (in a worker) with the values as typed; the
    dialog answers them only when it is stored. The substitute row is there only while
    the decision is «inhabil»: someone found not disqualified keeps the seat.
    """

    class Stored(Message):
        pass

    class Refused(Message):
        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    def __init__(
        self,
        name: str,
        substitutes: list[tuple[str, str]],
        store: Callable[[dict[str, str]], object],
    ) -> None:
        spec = FormSpec(
            f"Habilitet: {name}",
            [
                FormField("ground", "Grunnlag", placeholder="hva som gjør saken aktuell (§ 6)"),
                FormField("decided_by", "Avgjort av", placeholder="hvem som avgjorde (§ 8)"),
                FormField("decision", "Avgjørelse", "inhabil", kind="select", options=DECISIONS),
                FormField(
                    "substitute",
                    "Stedfortreder",
                    "",
                    kind="select",
                    options=(("Ingen", ""), *substitutes),
                ),
                FormField("note", "Merknad"),
            ],
            hint="Grunnlaget (forvaltningsloven § 6) og hvem som avgjorde (§ 8) "
            "står i protokollen.",
        )
        super().__init__(spec)
        self.store = store

    def values(self) -> dict[str, str]:
        """The fields as typed; no substitute for someone found not disqualified."""
        out = super().values()
        if out["decision"] != "inhabil":
            out["substitute"] = ""
        return out

    @on(Select.Changed, "#field-decision")
    def _decision_changed(self, event: Select.Changed) -> None:
        substitute = self.query_one("#field-substitute", Select)
        if substitute.parent is not None:
            substitute.parent.display = event.value == "inhabil"

    def action_save(self) -> None:
        self.show_note("Lagrer …")
        self._store(self.values())

    @work(
        thread=True,
        exclusive=True,
        group="conflict-dialog",
        exit_on_error=False,
        description="registrere habiliteten",
    )
    def _store(self, values: dict[str, str]) -> None:
        try:
            self.store(values)
        except UserError as exc:
            self.post_message(self.Refused(str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Stored())

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self.show_error(message.text)

    @on(Stored)
    def _stored(self) -> None:
        self.dismiss(self.values())
