"""What changed: the `changes:` of guides and procedures, newest first, on `/{lang}/changes/`
(searched, in the sitemap) and as an Atom feed per language, `/{lang}/changes/feed.xml`, for
outreach teams to follow; the latest major change of a page is shown on the page itself."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitegen.content.dated import GuideChange, LocalChange
from sitegen.handouts.sheets import format_date
from sitegen.pages.base import Context, GuideRef, Language, Page, ProcedureRef, Ref, named_kind

if TYPE_CHECKING:
    from sitegen.render.engine import Renderer
    from sitegen.site import Site

ATOM = "http://www.w3.org/2005/Atom"
RECENT = 100  # entries on the page and in the feed


@dataclass(frozen=True)
class ChangeNote:
    """One change of one page, in the words of one language."""

    date: dt.date
    type: str
    note: str
    note_lang: str  # the language the note is written in (the original's, for a fallback)
    ref: Ref
    anchor: str  # stable within the page: change-DATE-N


def page_changes(site: Site, ref: Ref, tag: str) -> list[ChangeNote]:
    """The changes of a guide or procedure page, newest first, notes in language `tag`."""
    default = site.default.tag
    if isinstance(ref, GuideRef):
        text = site.guides[ref.slug].text(tag)
        entries: list[GuideChange | LocalChange] = list(text.meta.changes)
        langs = [text.lang] * len(entries)
        notes = [c.note for c in text.meta.changes]
    elif isinstance(ref, ProcedureRef):
        local = site.procedure(ref).changes
        entries = list(local)
        langs = [tag if tag in c.note else default for c in local]
        notes = [c.note.get(tag, c.note[default]) for c in local]
    else:
        return []
    found: list[ChangeNote] = []
    seen: dict[dt.date, int] = {}
    for entry, note, lang in zip(entries, notes, langs, strict=True):
        seen[entry.date] = seen.get(entry.date, 0) + 1
        found.append(ChangeNote(entry.date, entry.type, str(note), lang, ref,
                                f"change-{entry.date.isoformat()}-{seen[entry.date]}"))
    return sorted(found, key=lambda c: c.date, reverse=True)


def latest_major(site: Site, page: Page) -> ChangeNote | None:
    """The newest major change of a page, shown at its top ("updated on …: …")."""
    return next((c for c in page_changes(site, page.ref, page.lang.tag) if c.type == "major"),
                None)


def site_changes(site: Site, lang: Language) -> list[ChangeNote]:
    """The recent changes of every guide and procedure, newest first."""
    refs: list[Ref] = [GuideRef(slug) for slug in site.guides]
    refs += [ProcedureRef(code, proc.id) for code, province in site.provinces.items()
             for proc in province.spec.procedures]
    found = [c for ref in refs for c in page_changes(site, ref, lang.tag)]
    found.sort(key=lambda c: (-c.date.toordinal(), c.ref.key))
    return found[:RECENT]


def _context(r: Renderer, page: Page) -> Context:
    site, tag = r.site, page.lang.tag
    items = []
    for change in site_changes(site, page.lang):
        target = site.page(change.ref, tag)
        items.append({"change": change, "title": target.title, "url": target.url,
                      "date": format_date(change.date, site.strings(tag)),
                      "title_lang": target.content_lang if target.fallback else ""})
    return {"items": items, "feed_url": feed_url(page.lang)}


def feed_url(lang: Language) -> str:
    """The address of the Atom feed of one language."""
    return f"/{lang.prefix}/changes/feed.xml"


def feeds(site: Site) -> dict[str, bytes]:
    """An Atom feed of the recent changes for each language: {output path: bytes}."""
    return {feed_url(lang).lstrip("/"): atom(site, lang) for lang in site.languages}


def _stamp(day: dt.date) -> str:
    """A day as an RFC 3339 time, as Atom requires (changes are dated by the day)."""
    return f"{day.isoformat()}T00:00:00Z"


def atom(site: Site, lang: Language) -> bytes:
    """The Atom feed of one language (deterministic: every time comes from the content)."""
    t, changes = site.strings(lang.tag), site_changes(site, lang)
    title = site.local(site.content.spec.title, lang.tag)
    page_url = site.absolute(site.url("changes", lang.tag))
    reviewed = [p.last_reviewed for p in site.pages if p.last_reviewed]
    updated = changes[0].date if changes else max(reviewed, default=dt.date(2000, 1, 1))
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang.tag})
    _add(feed, "title", f"{t['changes_title']} · {title}")
    _add(feed, "id", page_url)
    _add(feed, "link", rel="self", href=site.absolute(feed_url(lang)))
    _add(feed, "link", rel="alternate", type="text/html", href=page_url)
    _add(feed, "updated", _stamp(updated))
    _add(_add(feed, "author"), "name", title)
    for change in changes:
        target = site.page(change.ref, lang.tag)
        url = site.absolute(target.url)
        entry = _add(feed, "entry")
        _add(entry, "title", f"{target.title} · {t['change_' + change.type]}")
        _add(entry, "id", f"{url}#{change.anchor}")
        _add(entry, "link", rel="alternate", type="text/html", href=url)
        _add(entry, "updated", _stamp(change.date))
        _add(entry, "category", term=change.type, label=t[f"change_{change.type}"])
        summary = _add(entry, "summary", change.note)
        summary.set("{http://www.w3.org/XML/1998/namespace}lang", change.note_lang)
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _add(parent: ET.Element, name: str, text: str = "", **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
    if text:
        element.text = text
    return element


KINDS = (named_kind("changes", "changes/", context=_context, indexed=True),)
