"""Sources that can be checked: an address on an official domain (site.yaml's
`official_domains`) unless the source is marked as press or research, and, in the full form,
the page of the document itself rather than a site's homepage."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel

from sitegen.content.dated import GuideSource, LocalSource
from sitegen.content.yamlload import Document, YamlPath
from sitegen.errors import Diagnostics

Source = GuideSource | LocalSource


def is_homepage(url: str) -> bool:
    """True for an address with no path (`https://www.gov.cn/`): a site, not a document."""
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def is_official(url: str, domains: tuple[str, ...]) -> bool:
    """True when the address's host is one of `domains` or under one of them."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def check_sources(model: BaseModel, doc: Document, diags: Diagnostics,
                  domains: tuple[str, ...], *, draft: bool = False) -> None:
    """Every source in a validated file: an official domain or a press or research source
    (else an error), and a full-form source naming more than a homepage (else a warning,
    except in a draft)."""
    for where, source in _sources(model, ()):
        line, col = doc.marks.at((*where, "url"))
        if source.kind == "official" and not is_official(source.url, domains):
            host = urlsplit(source.url).hostname or source.url
            diags.error(doc.marks.path, line, col, f"'{host}' is not an official domain",
                        "official domains (site.yaml, official_domains): " + ", ".join(domains)
                        + "; mark a news report `kind: press` and a study `kind: research`")
        elif source.name is None and is_homepage(source.url) and not draft:
            diags.warning(doc.marks.path, line, col,
                          f"this source's address is only a homepage ({source.url})",
                          "link the page that carries the document itself, so a reader can "
                          "check the sentence against it")


def _sources(value: Any, where: YamlPath) -> Iterator[tuple[YamlPath, Source]]:
    if isinstance(value, GuideSource | LocalSource):
        yield where, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _sources(getattr(value, name), (*where, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _sources(item, (*where, i))
