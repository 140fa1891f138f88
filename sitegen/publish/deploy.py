"""`sitegen deploy`: check that a built folder is for the target, then sync it to the bucket.

Netlify targets are deployed by scripts/deploy.sh with the Netlify CLI; this deploys the
targets of kind s3. Every problem is a ContentError naming what to fix (site.yaml, the
folder, the environment or the bucket), shown as the build's errors are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sitegen.content.load import load_config
from sitegen.content.targets import TargetSpec, is_placeholder
from sitegen.errors import ContentError
from sitegen.publish.rules import FILE, read_rules
from sitegen.publish.s3 import SyncResult, Upload, connect, plan_uploads, sync
from sitegen.publish.target import Treatment, choose_target, mirror_treatment

KEY_ID, SECRET = "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"


@dataclass(frozen=True)
class Deploy:
    """A checked deploy: the target, the files as they will be stored, and what becomes of
    netlify.toml's rules there."""

    target: TargetSpec
    folder: Path
    uploads: tuple[Upload, ...]
    treatment: tuple[Treatment, ...]


def prepare(root: Path, name: str, folder: Path) -> Deploy:
    """Check the target and the built folder; raise ContentError if either is not ready."""
    spec = load_config(root)
    rules = read_rules(root)
    if rules is None:
        raise ContentError(FILE, 0, 0, "netlify.toml is missing",
                           "the mirror's Cache-Control rules are read from it")
    target = choose_target(spec, name, rules).spec
    if target.kind != "s3":
        raise ContentError("site.yaml", 0, 0, f"target '{name}' is a Netlify site",
                           "deploy it with scripts/deploy.sh (the Netlify CLI)")
    for what in ("base_url", "endpoint"):
        value = getattr(target, what)
        if is_placeholder(value):
            raise ContentError("site.yaml", 0, 0,
                               f"target '{name}' still has the example {what} {value}",
                               "set the mirror's real base_url, endpoint, bucket and region "
                               "in site.yaml (README.md, \"Publishing\")")
    _check_built_for(folder, target)
    prefixes = tuple(lang.prefix for lang in spec.languages)
    return Deploy(target, folder, tuple(plan_uploads(folder, rules)),
                  tuple(mirror_treatment(rules, prefixes)))


def _check_built_for(folder: Path, target: TargetSpec) -> None:
    """The folder was built for this target: its robots.txt names the target's sitemap."""
    robots = folder / "robots.txt"
    hint = f"build it first: sitegen build --target {target.name}"
    if not robots.is_file():
        raise ContentError(folder, 0, 0, "no built site here (no robots.txt)", hint)
    wanted = f"Sitemap: {target.base_url.rstrip('/')}/sitemap.xml"
    lines = robots.read_text("utf-8").splitlines()
    if wanted not in lines:
        found = next((line for line in lines if line.startswith("Sitemap:")), "no sitemap")
        raise ContentError(folder, 0, 0, f"this site was built for another address ({found})",
                           hint)


def publish(deploy: Deploy, environ: Mapping[str, str], *, dry_run: bool = False) -> SyncResult:
    """Sync the folder to the target's bucket with the access key in `environ`."""
    key_id, secret = environ.get(KEY_ID, ""), environ.get(SECRET, "")
    if not key_id or not secret:
        raise ContentError("environment", 0, 0, f"{KEY_ID} and {SECRET} are not set",
                           "the bucket's access key (Aliyun AccessKey, Tencent SecretId and "
                           "SecretKey); in CI the secrets MIRROR_ACCESS_KEY_ID and "
                           "MIRROR_SECRET_ACCESS_KEY (README.md, \"Publishing\")")
    from botocore.exceptions import BotoCoreError, ClientError

    target = deploy.target
    assert target.bucket is not None  # the schema requires it of kind s3
    try:
        client = connect(target, key_id, secret)
        return sync(client, target.bucket, deploy.uploads, dry_run=dry_run)
    except (BotoCoreError, ClientError) as exc:
        raise ContentError(f"s3://{target.bucket}", 0, 0, f"the sync failed: {exc}",
                           f"check endpoint ({target.endpoint}), region and bucket in "
                           "site.yaml, and that the key may list, upload and delete objects"
                           ) from None
