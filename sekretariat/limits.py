"""The limits of what Sekretariat stores: one set for every way in.

The exchange format (through ``values``), the app's forms and the command line (through
``formats.parse_*``), the XLSX reader and the settings all refuse what lies outside these
limits, so no way in stores what another way in, or an export read back, would refuse.
The numbers are far beyond anything a forum has, and small enough that what is computed
from them (sums, dates some years on, SQLite's integers) stays exact and in the calendar.
"""

from __future__ import annotations

#: Longest text a field may hold (notes, decisions, background).
MAX_TEXT = 100_000
#: Largest amount in kroner: far above any grant, well inside what SQLite stores exactly.
MAX_KRONER = 10**12
#: The years a date or a year may lie in.
FIRST_YEAR, LAST_YEAR = 1990, 2200
#: Largest whole number stored at all (SQLite's 64-bit integers).
MAX_INTEGER = 2**63 - 1
#: Largest count: seats of a kind, places in the working group, a case number.
MAX_COUNT = 10_000
#: Longest planned time of an agenda item or a reflection prompt, in minutes.
MAX_MINUTES = 600
#: Longest span of years (a term of office): a date that many years on stays in the calendar.
MAX_YEARS = 100
#: Most digits a number typed or read may have before it is looked at (a number of a
#: million digits costs seconds to convert; none within the limits has more than 19).
MAX_DIGITS = 30

#: Characters that end a line (``str.splitlines`` breaks at all of them): a field shown
#: on one line (a name, an e-mail address, a place, a title) may hold none of them.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
