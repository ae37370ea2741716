"""The wheel carries everything an installed copy needs, the sample forum included."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_sample_and_migrations(tmp_path: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    wheel = next(tmp_path.glob("sekretariat-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "sekretariat/data/sample.toml" in names
    assert "sekretariat/storage/migrations/env.py" in names
    assert any(n.startswith("sekretariat/storage/migrations/versions/0001") for n in names)
    assert "tui/app.tcss" in names
    assert "sekretariat/locale/nn/LC_MESSAGES/sekretariat.po" in names
    assert "sekretariat/locale/nb/LC_MESSAGES/sekretariat.po" in names
    assert "screens/__init__.py" in names and "widgets/__init__.py" in names
    packaged = zipfile.ZipFile(wheel).read("sekretariat/data/sample.toml")
    assert packaged == (ROOT / "sample.toml").read_bytes()
