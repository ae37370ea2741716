"""Sekretariat: the core of the tool for a samarbeidsforum's secretariat.

Importing this package must never pull in Textual: the user interface lives in
``sekretariat.app``, ``screens`` and ``widgets``, and only ``sekretariat.app`` may import it.
"""

__version__ = "0.1.0"
