"""Dialogs of minute-taking: a question of conflict of interest under an item.

The dialog runs the core's change itself (``StoreFormDialog``) and stays open with the
core's Norwegian sentence when it refuses (no ground, no one who decided): what was typed
is kept and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.widgets import Select

from widgets.dialog import FormField, FormSpec

from .store_form import StoreFormDialog

#: The decision (forvaltningsloven § 8) as the form offers it: label, value.
DECISIONS = (("Inhabil – fratrer under saken", "inhabil"), ("Habil – deltar", "habil"))


class ConflictDialog(StoreFormDialog):
    """Grunnlag, avgjort av, avgjørelse, stedfortreder and merknad for one person.

    The substitute row is there only while the decision is «inhabil»: someone found not
    disqualified keeps the seat, and no substitute is stored for them.
    """

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
        super().__init__(spec, store)

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
