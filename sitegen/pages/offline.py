"""Reading without a connection: the offline page (`/{lang}/offline/`, shown for a page that
was not kept), the service worker, and what a province page can save."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from sitegen.handouts.sheets import pack_url, page_handouts
from sitegen.pages.base import Page, ProcedureRef, ProvinceRef, named_kind, ref_of

if TYPE_CHECKING:
    from sitegen.site import Site

STATIC_URL = re.compile(r'"(/static/[^"]+)"')
SERVICE_WORKER = "sw.js"  # at the root, unhashed: its scope must be "/" and its name stable


def service_worker(site: Site, outputs: Mapping[str, bytes], *, preview: bool = False) -> bytes:
    """/sw.js: templates/sw.js after a line naming this build's version, languages and shell.

    The version is a hash of every other output, so a new deploy gets new cache names and the
    worker drops the old caches whole instead of mixing two versions of the site. In the
    `preview` it hashes the static files only: an edited page is fetched first anyway, and a
    save then rewrites that page alone.
    """
    digest = hashlib.sha256()
    for name in sorted(outputs):
        if name != SERVICE_WORKER and (not preview or name.startswith("static/")):
            digest.update(name.encode("utf-8") + b"\0" + outputs[name] + b"\0")
    config = {
        "version": digest.hexdigest()[:12],
        "prefixes": [lang.prefix for lang in site.languages],
        "offline": {lang.prefix: site.url("offline", lang.tag) for lang in site.languages},
        "shell": sorted(_shell(site, outputs)),
    }
    source = (site.content.root / "templates" / SERVICE_WORKER).read_text("utf-8")
    return f"var SITE = {json.dumps(config, sort_keys=True)};\n{source}".encode()


def _shell(site: Site, outputs: Mapping[str, bytes]) -> set[str]:
    """The static files the offline pages load: kept at once, so that page shows as it should.
    Other files are kept when a page that loads them is kept, not before (data costs money)."""
    pages = [p.output for p in site.pages if p.kind == "offline"]
    return {url for page in pages for url in STATIC_URL.findall(outputs[page].decode("utf-8"))}


def province_urls(site: Site, page: Page, *, pdf: bool) -> list[str]:
    """What "save this province" keeps: the province page, its procedures in the page's
    language and, when the build makes them, their PDF handouts and the province booklet."""
    code = ref_of(page, ProvinceRef).code
    procedures = [p for p in site.pages_of("procedure", page.lang)
                  if ref_of(p, ProcedureRef).code == code]
    urls = [page.url] + [p.url for p in procedures]
    if pdf:
        urls += [href for p in procedures for _, href in page_handouts(site, p)]
        urls.append(pack_url(page.lang, code))
    return urls


KINDS = (named_kind("offline", "offline/", sitemap=False),)
