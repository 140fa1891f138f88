"""The schema of site.yaml's `targets:`: each place the site is published, with its address.

A build is for one target (`sitegen build --target NAME`, the first by default): every absolute
URL it writes (canonical and hreflang links, the sitemap, robots.txt, the handouts' QR codes)
starts with that target's `base_url`. A target of kind `netlify` is deployed by the Netlify
CLI (scripts/deploy.sh); one of kind `s3` is S3-compatible object storage (Aliyun OSS,
Tencent COS, …) that `sitegen deploy` uploads to.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

# One label of a host name (letters, digits, inner dashes); an IPv4 address is labels of digits.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_BUCKET = re.compile(r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")
# Hosts reserved for examples (RFC 2606): site.yaml may name them until the real one is known,
# but nothing is deployed to them.
PLACEHOLDER_HOSTS = ("example.com", "example.net", "example.org", "example", "invalid")


def _fail(message: str, hint: str) -> PydanticCustomError:
    return PydanticCustomError("value_error", message, {"hint": hint})


def _host_url(value: str) -> str:
    """A web address of a host alone: http(s), a host name, maybe a port, nothing after it."""
    hint = "write it like https://shebao-guide.netlify.app (no path, query or spaces)"
    if any(c.isspace() or c in "<>\"'`\\{}|^" or ord(c) < 32 for c in value):
        raise _fail("a web address cannot contain spaces, quotes or markup", hint)
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as exc:
        raise _fail(f"'{value}' is not a web address ({exc})", hint) from None
    if parts.scheme not in ("https", "http"):
        raise _fail(f"'{value}' must start with https:// (or http://)", hint)
    host = parts.hostname or ""
    if not _HOST.fullmatch(host) or "@" in parts.netloc:
        raise _fail(f"'{value}' has no valid host name after {parts.scheme}://", hint)
    if port == 0:
        raise _fail(f"'{value}' has port 0", hint)
    if parts.path not in ("", "/") or parts.query or parts.fragment or value.endswith(("?", "#")):
        raise _fail(f"'{value}' must be the host alone, with nothing after it",
                    "pages' links start at the top of the host, so the site cannot live in "
                    "a folder: " + hint)
    return value


HostUrl = Annotated[str, AfterValidator(_host_url)]


def is_placeholder(url: str) -> bool:
    """Whether `url` is on a host reserved for examples (not yet set for real)."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == name or host.endswith("." + name) for name in PLACEHOLDER_HOSTS)


class TargetSpec(BaseModel):
    """One place the site is published. `bucket`, `endpoint` and `region` are for kind s3."""

    # As sitegen.content.models.Schema (which imports this module): frozen, no unknown keys.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)

    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=40)]
    kind: Literal["netlify", "s3"]
    base_url: HostUrl
    bucket: str | None = Field(default=None, validate_default=True)
    endpoint: HostUrl | None = Field(default=None, validate_default=True)
    region: str | None = Field(default=None, validate_default=True)
    # OSS and COS only take virtual-hosted addresses (bucket.endpoint); path-style suits
    # servers without a wildcard host name, like a local test server.
    addressing: Literal["virtual", "path"] = "virtual"

    @field_validator("bucket", "endpoint", "region")
    @classmethod
    def _storage_only(cls, value: Any, info: ValidationInfo) -> Any:
        kind, name = info.data.get("kind"), info.field_name
        if kind == "s3" and value is None:
            raise PydanticCustomError("missing", f"a target of kind s3 needs {name}")
        if kind == "netlify" and value is not None:
            raise _fail(f"'{name}' is only for targets of kind s3",
                        "a Netlify target needs only name, kind and base_url")
        if name == "bucket" and value is not None and not _BUCKET.fullmatch(value):
            raise _fail(f"'{value}' is not a bucket name",
                        "3 to 63 lowercase letters, digits and dashes, as the storage "
                        "provider's console shows it")
        if name == "region" and value is not None and not re.fullmatch(r"[a-z0-9-]+", value):
            raise _fail(f"'{value}' is not a region name",
                        "the provider's region id, for example cn-hangzhou or ap-guangzhou")
        return value


def check_targets(targets: list[TargetSpec], info: ValidationInfo) -> list[TargetSpec]:
    """site.yaml names the site's address once: either `targets:` or (one Netlify site) the
    older `base_url:`; target names are unique."""
    if targets and info.data.get("base_url") is not None:
        raise _fail("site.yaml gives both base_url and targets",
                    "keep targets: the first target's base_url is the default address")
    if not targets and info.data.get("base_url") is None:  # absent, or wrong (said already)
        raise PydanticCustomError("missing", "site.yaml needs targets")
    names = [t.name for t in targets]
    for name in names:
        if names.count(name) > 1:
            raise _fail(f"two targets are named '{name}'", "give each target its own name")
    return targets


def default_targets(base_url: str | None, targets: list[TargetSpec]) -> tuple[TargetSpec, ...]:
    """The targets of a site.yaml: its `targets:`, or one Netlify target at `base_url:`."""
    if targets:
        return tuple(targets)
    assert base_url is not None  # check_targets made sure
    return (TargetSpec(name="netlify", kind="netlify", base_url=base_url),)
