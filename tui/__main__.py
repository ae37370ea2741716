"""``python -m tui``: the same as the ``sekretariat`` command."""

from tui.main import main

raise SystemExit(main())
