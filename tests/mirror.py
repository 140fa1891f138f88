"""A fixture site with two targets (Netlify and an S3-compatible mirror) and the repository's
netlify.toml, for the tests of targets, host files and the mirror deploy."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .conftest import REPO, copy_site

PRIMARY = "https://shebao-guide.netlify.app"
MIRROR = "https://jingxiang.shebao-guide.test"  # .test: reserved for tests, never resolves
BUCKET = "shebao-mirror"
REGION = "cn-north-1"


def targets_yaml(endpoint: str = "https://oss.shebao-guide.test", *,
                 mirror: str = MIRROR, addressing: str = "path") -> str:
    """site.yaml's `targets:` for the two targets."""
    return (f"targets:\n"
            f"  - name: netlify\n    kind: netlify\n    base_url: {PRIMARY}\n"
            f"  - name: mirror\n    kind: s3\n    base_url: {mirror}\n"
            f"    bucket: {BUCKET}\n    endpoint: {endpoint}\n    region: {REGION}\n"
            f"    addressing: {addressing}\n")


def mirror_site(dest: Path, targets: str | None = None, name: str = "mini") -> Path:
    """Fixture `name` copied into `dest`, its `base_url:` replaced by `targets`, with the
    repository's netlify.toml and templates."""
    site = copy_site(name, dest)
    shutil.rmtree(site / "templates")
    shutil.copytree(REPO / "templates", site / "templates")
    shutil.copy2(REPO / "netlify.toml", site / "netlify.toml")
    set_targets(site, targets if targets is not None else targets_yaml())
    return site


def set_targets(site: Path, targets: str) -> None:
    """Replace the site.yaml's address (`base_url:` or `targets:`) by `targets`."""
    path = site / "site.yaml"
    text = path.read_text("utf-8")
    text = re.sub(r"^base_url: .*\n", "", text, flags=re.M)
    text = re.sub(r"^targets:\n(?:  .*\n)*", "", text, flags=re.M)
    path.write_text(text.replace("repository:", targets + "repository:", 1), "utf-8")
