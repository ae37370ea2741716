"""Import and export of the exchange format (TOML, ``schema = 1``).

Import checks the whole file first (types, allowed values, references, simple rules) and
then applies it in one write transaction, so a file is taken whole or not at all. Every
problem names the file, the line and the row's key. Export is canonical: export →
import into an empty database → export gives the same bytes.

- ``spec``: what each table may hold, how a value is stored and written back;
- ``parse``: text → data (``tomli``, within size, line and depth limits);
- ``locate``: the line of a row, for messages;
- ``check``: rows against the spec and each other, problems in Norwegian;
- ``importer``: merging into the database; ``exporter``: the database as a file.
"""

from sekretariat.exchange.exporter import dumps, export_file, export_text
from sekretariat.exchange.importer import ImportSummary, Progress, import_file, import_text
from sekretariat.exchange.locate import Locator
from sekretariat.exchange.parse import read_file

__all__ = [
    "ImportSummary",
    "Locator",
    "Progress",
    "dumps",
    "export_file",
    "export_text",
    "import_file",
    "import_text",
    "read_file",
]
