"""Save a picture of the public overview at phone width, drawn by headless Chromium.

    python tools/public_screenshot.py docs/screenshots/public-overview.png

The page is written from a throw-away copy of the packaged sample forum, dated the day
the sample is written around, so the picture only changes when the page does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sekretariat.documents.public_overview import write_public  # noqa: E402
from sekretariat.new_database import create_from_sample  # noqa: E402
from sekretariat.storage.database import Database  # noqa: E402

SAMPLE_TODAY = dt.date(2026, 11, 22)
#: A phone's width in CSS pixels, and enough height for the first year's tables.
WINDOW = "390,1600"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium er ikke installert; ingen skjermbilde.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sample.db"
        create_from_sample(path).dispose()
        db = Database.open(path)
        write_public(db, folder, SAMPLE_TODAY)
        db.dispose()
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--window-size={WINDOW}",
                f"--screenshot={args.output.resolve()}",
                (Path(folder) / "index.html").as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    print(args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
