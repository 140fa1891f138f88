"""The building blocks of every schema: text by language, web addresses, slugs, and the base
class whose unknown keys are errors."""

from __future__ import annotations

import functools
import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

MARKUP = re.compile(r"[\s<>\"'`{}|\\^]")  # characters a web address cannot hold
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")

LocalText = dict[str, str]
"""A translatable value: text by language tag."""

ProcedureId = Literal[
    "enroll-pension",
    "enroll-medical",
    "occupational-injury",
    "transfer-pension",
    "pay-online",
    "check-records",
]


@functools.lru_cache(maxsize=8192)  # the same addresses recur in every province
def _web_url(value: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise ValueError("must be a web address starting with https://")
    if MARKUP.search(value) or not value.isprintable():
        raise ValueError("a web address cannot contain spaces, quotes, <, > or other markup")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (raises for a port that is not a number)
    except ValueError as exc:
        raise ValueError(f"not a web address: {exc}") from None
    host = parts.hostname or ""
    if not host or not all(label and (label.isalnum() or "-" in label) and label.isascii()
                           for label in host.split(".")):
        raise ValueError("the address needs a host name like www.example.gov.cn")
    return value


def _slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        raise ValueError("use lowercase ASCII letters, digits and dashes, like 'enroll-pension'")
    return value


WebUrl = Annotated[str, AfterValidator(_web_url)]
Slug = Annotated[str, AfterValidator(_slug)]
NonEmpty = Annotated[str, Field(min_length=1)]


class Schema(BaseModel):
    """Base of every schema: frozen, and unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


