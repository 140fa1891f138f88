"""The building blocks of every schema: text by language, web addresses, slugs, and the base
class whose unknown keys are errors."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

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


def _web_url(value: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise ValueError("must be a web address starting with https://")
    if any(c.isspace() or c in '<>"\'`{}|\\^' or not c.isprintable() for c in value):
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
    ok = value and all(c.islower() or c.isdigit() or c == "-" for c in value)
    if not ok or not value.isascii() or value.startswith("-"):
        raise ValueError("use lowercase ASCII letters, digits and dashes, like 'enroll-pension'")
    return value


WebUrl = Annotated[str, AfterValidator(_web_url)]
Slug = Annotated[str, AfterValidator(_slug)]
NonEmpty = Annotated[str, Field(min_length=1)]


class Schema(BaseModel):
    """Base of every schema: frozen, and unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


