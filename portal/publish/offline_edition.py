"""The offline edition as one zip file: byte-identical for the same build, opened from file://."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

README = """{name}: offline edition

Open index.html in this folder with any web browser: no internet connection is needed, and
search works. Built on {date}. Guidance changes: get a newer copy when you can, and check
phone numbers and opening hours with the organisations concerned.
"""


def write_zip(site: Path, target: Path, folder: str, name: str, built: datetime) -> Path:
    """Zip every file of `site` under `folder/`, in a fixed order with a fixed time, plus a README."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stamp = (max(built.year, 1980), built.month, built.day, built.hour, built.minute, built.second)
    files = sorted(path for path in site.rglob("*") if path.is_file())
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        entries = [(f"{folder}/README.txt", README.format(name=name, date=built.date().isoformat()).encode())]
        entries += [(f"{folder}/{path.relative_to(site).as_posix()}", path.read_bytes()) for path in files]
        for entry_name, data in entries:
            info = zipfile.ZipInfo(entry_name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return target
