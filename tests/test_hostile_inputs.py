"""Every hostile input (tests/hostile_inputs.py) ends in a Norwegian sentence or is taken
as it should be: in under 4 s and 200 MB each, with no traceback and nothing left behind.

Run in a fresh process per group (the cases are forked from it, so the memory measured
is a command's, not pytest's); the groups run side by side under xdist.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import hostile_inputs
import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("group", list(hostile_inputs.GROUPS))
def test_every_hostile_input_ends_as_it_should(group: str) -> None:
    done = subprocess.run(
        [sys.executable, hostile_inputs.__file__, "--json", "--group", group],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    outcomes, skipped = result["outcomes"], result["skipped"]
    failed = [
        f"{o['name']}: {'; '.join(o['problems'])} — {o['err'][:300]}"
        for o in outcomes
        if o["problems"]
    ]
    assert not failed, "\n".join(failed)
    assert len(outcomes) + len(skipped) == len(hostile_inputs.GROUPS[group]())
    if not outcomes:
        pytest.skip("; ".join(sorted(set(s.split(": ", 1)[1] for s in skipped))))
    print(f"\n{group}: {len(outcomes)} tried, all ended as they should")


def test_every_hostile_text_in_every_form_is_refused_or_taken_as_the_import_takes_it() -> None:
    """The parsers the app's forms read fields with, fed every hostile text: a short
    Norwegian sentence, or a value the exchange format accepts too (what a form stores,
    its export gives back)."""
    outcomes = hostile_inputs.form_outcomes()
    failed = [f"{o.name}: {'; '.join(o.problems)}" for o in outcomes if o.problems]
    assert not failed, "\n".join(failed)
    assert len(outcomes) == len(hostile_inputs.HOSTILE_TEXTS) * len(hostile_inputs._form_parsers())
