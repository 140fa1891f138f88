"""Sync a built folder to an S3-compatible bucket (Aliyun OSS, Tencent COS, AWS S3…) with boto3.

Each file is stored with its Content-Type and with the Cache-Control netlify.toml gives its
path, so the mirror caches as the primary site does. Only what changed is uploaded: a file
whose MD5 equals the object's ETag (single-request uploads only, so the two compare) and whose
headers equal those recorded at the last sync is left alone. The headers are recorded in one
small object, `.sitegen-sync.json`, because listing a bucket gives no object's headers and
asking each object for them costs a request per file. Files the folder no longer has are
deleted. Hashed assets go first, then pages, then the service worker (which names the
version), then deletions: a reader mid-deploy never gets a page whose assets are missing.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.content.targets import TargetSpec
from sitegen.errors import ContentError
from sitegen.incremental.hashing import md5_hex
from sitegen.publish.rules import HostRules
from sitegen.write import MARKER

MANIFEST = ".sitegen-sync.json"
SERVICE_WORKER = "sw.js"
WORKERS = 8  # uploads at a time: most files are small, so the round trips are what cost
TEXT = "; charset=utf-8"
# Every kind of file a build writes, and its Content-Type. An unknown kind stops the deploy
# rather than be guessed (a guessed type is how a page ends up downloaded instead of shown).
CONTENT_TYPES = {
    ".html": "text/html" + TEXT, ".css": "text/css" + TEXT, ".js": "text/javascript" + TEXT,
    ".json": "application/json", ".xml": "application/xml", ".txt": "text/plain" + TEXT,
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp",
    ".ico": "image/x-icon", ".pdf": "application/pdf", ".wasm": "application/wasm",
    # Pagefind's index: compressed data its own script reads.
    ".pagefind": "application/octet-stream", ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream", ".pf_meta": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
}


@dataclass(frozen=True)
class Upload:
    """One file as it should be in the bucket."""

    key: str
    path: Path
    md5: str
    content_type: str
    cache_control: str | None

    @property
    def headers(self) -> list[str | None]:
        """What is recorded of it in the manifest."""
        return [self.content_type, self.cache_control]


@dataclass(frozen=True)
class SyncResult:
    """What a sync changed (or, dry, would change)."""

    uploaded: tuple[str, ...]
    deleted: tuple[str, ...]
    unchanged: int


def plan_uploads(folder: Path, rules: HostRules) -> list[Upload]:
    """Every file of `folder` with its key, MD5, Content-Type and Cache-Control; raise
    ContentError for a kind of file with no known Content-Type."""
    uploads = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        key = path.relative_to(folder).as_posix()
        if key == MARKER:
            continue  # sitegen's own note that the folder is its output: not for readers
        content_type = CONTENT_TYPES.get(path.suffix.lower())
        if content_type is None:
            raise ContentError(path, 0, 0, f"no Content-Type is known for {key}",
                               "add its extension to CONTENT_TYPES in sitegen/publish/s3.py")
        cache = rules.headers_for("/" + key).get("Cache-Control")
        uploads.append(Upload(key, path, md5_hex(path.read_bytes()), content_type, cache))
    return uploads


def connect(target: TargetSpec, key_id: str, secret: str) -> Any:
    """A boto3 S3 client for the target's endpoint, with these credentials and no others
    (no profile file, no instance metadata)."""
    import boto3
    from botocore.config import Config

    config = Config(
        s3={"addressing_style": target.addressing},
        # Only the checksums the protocol requires: OSS and COS refuse the newer ones that
        # botocore would otherwise add to every upload. Content-MD5 is sent instead.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        retries={"max_attempts": 5, "mode": "standard"})
    session = boto3.session.Session(aws_access_key_id=key_id, aws_secret_access_key=secret,
                                    region_name=target.region)
    return session.client("s3", endpoint_url=target.endpoint, config=config)


def sync(client: Any, bucket: str, uploads: Sequence[Upload], *, dry_run: bool = False,
         workers: int = WORKERS) -> SyncResult:
    """Make the bucket hold exactly `uploads`: upload what changed, delete what is gone."""
    remote = _etags(client, bucket)
    recorded = _manifest(client, bucket) if MANIFEST in remote else {}
    changed = [u for u in uploads
               if remote.get(u.key) != u.md5 or recorded.get(u.key) != u.headers]
    wanted = {u.key for u in uploads}
    stale = sorted(k for k in remote if k not in wanted and k != MANIFEST)
    if not dry_run:
        for phase in _phases(changed):
            _each(workers, lambda u: _put(client, bucket, u), phase)
        for start in range(0, len(stale), 1000):
            _delete(client, bucket, stale[start:start + 1000])
        if changed or stale or MANIFEST not in remote:
            body = json.dumps({u.key: u.headers for u in uploads}, indent=0, sort_keys=True)
            client.put_object(Bucket=bucket, Key=MANIFEST, Body=body.encode(),
                              ContentType="application/json", CacheControl="no-store")
    return SyncResult(tuple(u.key for u in changed), tuple(stale),
                      len(uploads) - len(changed))


def _etags(client: Any, bucket: str) -> dict[str, str]:
    """Every object's key and ETag (lowercase: OSS gives it in capitals)."""
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            found[item["Key"]] = item["ETag"].strip('"').lower()
    return found


def _manifest(client: Any, bucket: str) -> dict[str, list[str | None]]:
    """The headers recorded at the last sync, by key; {} if the record cannot be read (then
    every file is uploaded again, and the record written anew)."""
    try:
        data = json.loads(client.get_object(Bucket=bucket, Key=MANIFEST)["Body"].read())
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _phases(changed: Sequence[Upload]) -> list[list[Upload]]:
    """Assets, then pages, then the service worker."""
    assets = [u for u in changed if not u.key.endswith(".html") and u.key != SERVICE_WORKER]
    pages = [u for u in changed if u.key.endswith(".html")]
    worker = [u for u in changed if u.key == SERVICE_WORKER]
    return [phase for phase in (assets, pages, worker) if phase]


def _each(workers: int, work: Callable[[Upload], None], items: Iterable[Upload]) -> None:
    with ThreadPoolExecutor(workers) as pool:
        for _ in pool.map(work, items):  # re-raises the first failure
            pass


def _put(client: Any, bucket: str, upload: Upload) -> None:
    data = upload.path.read_bytes()
    if md5_hex(data) != upload.md5:
        raise ContentError(upload.path, 0, 0, "the file changed during the deploy",
                           "build again, then deploy")
    extra = {"CacheControl": upload.cache_control} if upload.cache_control else {}
    client.put_object(Bucket=bucket, Key=upload.key, Body=data,
                      ContentType=upload.content_type,
                      ContentMD5=base64.b64encode(bytes.fromhex(upload.md5)).decode(), **extra)


def _delete(client: Any, bucket: str, keys: list[str]) -> None:
    answer = client.delete_objects(Bucket=bucket, Delete={
        "Objects": [{"Key": key} for key in keys], "Quiet": True})
    errors = answer.get("Errors", [])
    if errors:
        first = errors[0]
        raise ContentError(f"s3://{bucket}/{first['Key']}", 0, 0,
                           f"could not delete {len(errors)} objects: {first.get('Message')}",
                           "the access key needs permission to delete objects")
