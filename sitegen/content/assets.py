"""The static files of the templates (CSS, scripts, icons), named by a hash of their bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path


def static_assets(folder: Path) -> dict[str, tuple[str, bytes]]:
    """Static files with a content hash in their names: {name: (url, bytes)}."""
    assets = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            hashed = hashlib.sha256(data).hexdigest()[:10]
            name = path.relative_to(folder).as_posix()
            stem, dot, ext = name.rpartition(".")
            assets[name] = (f"/static/{stem}.{hashed}{dot}{ext}", data)
    return assets
