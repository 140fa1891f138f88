"""Render the site model into `{output path: bytes}`: pages, sitemap and static assets."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from sitegen.errors import BuildFailed, ContentError, Diagnostics
from sitegen.handouts.index import handout_index
from sitegen.handouts.sheets import page_handouts
from sitegen.pages import tools
from sitegen.pages.offline import province_urls
from sitegen.render import charts
from sitegen.render.markdown import Converter, Glossary
from sitegen.search.data import client_data, facets
from sitegen.site import Page, Site, guide_anchors, local

Outputs = dict[str, bytes]


def environment(templates: Path) -> jinja2.Environment:
    """The one Jinja2 environment: autoescape on, undefined names are errors. Compiled
    templates are kept in .cache/templates/ beside templates/ and reused while unchanged."""
    compiled = templates.parent / ".cache" / "templates"
    compiled.mkdir(parents=True, exist_ok=True)
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def check_templates(root: Path, diags: Diagnostics) -> None:
    """Compile every template so a syntax error is reported before anything is rendered."""
    env = environment(root / "templates")
    for path in sorted((root / "templates").glob("*.html")):
        try:
            env.get_template(path.name)
        except jinja2.TemplateSyntaxError as exc:
            diags.error(f"templates/{path.name}", exc.lineno, 1,
                        f"template error: {exc.message}",
                        "check that every {% block %}, {% if %} and {% for %} is closed")


def template_error(exc: jinja2.TemplateError, page: Page) -> ContentError:
    """A rendering failure as a content error naming the template line, not a traceback."""
    tb, place = exc.__traceback__, ("templates", 0)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".html"):
            place = (f"templates/{Path(name).name}", tb.tb_lineno)
        tb = tb.tb_next
    return ContentError(place[0], place[1], 1, f"template error on {page.url}: {exc}",
                        "a template uses a name that does not exist for this page")


class Renderer:
    """Holds what is built once per process: the Jinja2 environment, converters, assets."""

    def __init__(self, site: Site, *, pdf: bool = False,
                 pdf_sizes: Mapping[str, int] | None = None) -> None:
        """`pdf`: link the PDF handouts (the build makes them); `pdf_sizes`: bytes by URL."""
        self.site = site
        self.pdf, self.pdf_sizes = pdf, pdf_sizes
        templates = site.content.root / "templates"
        self.env = environment(templates)
        self.env.filters["date"] = self._date
        self.assets = static_assets(templates / "static")
        self.converter = Converter()
        self.by_key = site.by_key
        guide_of = {k.id: k.guide for k in site.content.procedures.procedures}
        self.procedures_of: dict[str, list[tuple[str, str]]] = {}  # guide slug: (code, proc id)
        for code, province in site.provinces.items():
            for proc in province.spec.procedures:
                self.procedures_of.setdefault(guide_of[proc.id], []).append((code, proc.id))

    def render_page(self, page: Page) -> bytes:
        """The HTML of one page."""
        template = self.env.get_template(f"{page.kind}.html")
        try:
            return template.render(self._context(page)).encode("utf-8")
        except jinja2.TemplateError as exc:
            raise BuildFailed([template_error(exc, page)]) from None

    def _context(self, page: Page) -> dict[str, Any]:
        site, lang = self.site, page.lang.tag
        strings = site.content.i18n[lang]
        context: dict[str, Any] = {
            "site": site,
            "page": page,
            "t": strings,
            "L": lambda value: local(value, lang, site.default.tag),
            "url": lambda key, tag=lang: site.url(key, tag),
            "switch_url": lambda tag: site.urls.get((page.key, tag)) or site.url("home", tag),
            "asset": lambda name: self.assets[name][0],
            "alternates": self._alternates(page),
            "canonical": site.absolute(site.url(page.key, page.content_lang)),
            "report_url": self._report_url(page),
            "crumbs": self._crumbs(page),
            "site_title": local(site.content.spec.title, lang, site.default.tag),
            "handout_links": page_handouts(page) if self.pdf else [],
        }
        context.update(self._page_data(page))
        return context

    def _page_data(self, page: Page) -> dict[str, Any]:
        site = self.site
        builders = {"guide": self._guide, "procedure": self._procedure, "home": self._home,
                    "guides": self._guide_list, "topics": self._topics,
                    "handouts": self._handout_list, "glossary": self._glossary_page,
                    "search": self._search_page, "province": self._province}
        data = builders[page.kind](page) if page.kind in builders else {}
        if page.kind in tools.BUILDERS:
            data = tools.BUILDERS[page.kind](site, page)
        if page.kind in ("province", "procedure"):
            data["province"] = site.provinces[page.ref[0]].spec
        if page.kind in ("home", "provinces"):
            data["provinces"] = [(code, p.spec) for code, p in site.provinces.items()]
        return data

    def _title(self, key: str, tag: str) -> str:
        return self.by_key[(key, tag)].title

    def _guide(self, page: Page) -> dict[str, Any]:
        site, tag = self.site, page.lang.tag
        guide = site.guides[page.ref[0]]
        text = guide.texts.get(tag, guide.default)
        glossary = self._glossary(page)
        anchors = [a for a in guide_anchors(text) if a != "you-need"]
        sections = [
            {"anchor": anchor, "title": s.title, "html": self._markdown(s.markdown, page, glossary)}
            for anchor, s in zip(anchors, text.sections, strict=True)
        ]
        groups = {g.id: g for g in site.content.groups.groups}
        procedures = [
            (f"procedure/{code}/{proc_id}", local(site.provinces[code].spec.name, tag,
                                                  site.default.tag))
            for code, proc_id in self.procedures_of.get(guide.slug, [])
        ]
        related = [(f"guide/{s}", self._title(f"guide/{s}", tag))
                   for s in text.meta.related if s in site.guides]
        return {"guide": text, "intro_html": self._markdown(text.intro, page, glossary),
                "sections": sections, "procedures": procedures, "related": related,
                "sources": text.meta.sources,
                "audiences": [local(groups[a].name, tag, site.default.tag)
                              for a in text.meta.audiences]}

    def _province(self, page: Page) -> dict[str, Any]:
        return {"offline_urls": province_urls(self.site, page, pdf=self.pdf)}

    def _procedure(self, page: Page) -> dict[str, Any]:
        site, tag = self.site, page.lang.tag
        code, proc_id = page.ref
        spec = site.provinces[code].spec
        proc = site.procedure(code, proc_id)
        kind = next(k for k in site.content.procedures.procedures if k.id == proc_id)
        channels = {c.id: c for c in spec.channels}
        return {"proc": proc, "channels": [channels[c] for c in proc.channels],
                "guide_key": f"guide/{kind.guide}",
                "guide_title": self._title(f"guide/{kind.guide}", tag),
                "sources": [{"name": local(s.name, tag, site.default.tag), "url": s.url}
                            for s in proc.sources]}

    def _home(self, page: Page) -> dict[str, Any]:
        site, tag = self.site, page.lang.tag
        groups = []
        for group in site.content.groups.groups:
            guides = [(f"guide/{slug}", self._title(f"guide/{slug}", tag))
                      for slug, g in site.guides.items()
                      if group.id in g.default.meta.audiences]
            if guides:
                groups.append((group, guides))
        return {"tasks": site.content.tasks.tasks, "groups": groups}

    def _guide_list(self, page: Page) -> dict[str, Any]:
        tag = page.lang.tag
        return {"guides": [(p.key, p.title, p.description) for p in self.site.pages
                           if p.kind == "guide" and p.lang.tag == tag]}

    def _topics(self, page: Page) -> dict[str, Any]:
        site, tag = self.site, page.lang.tag
        kinds = {k.id: k.topic for k in site.content.procedures.procedures}
        topics = []
        for topic in site.content.topics.topics:
            guides = [(f"guide/{slug}", self._title(f"guide/{slug}", tag))
                      for slug, g in site.guides.items() if topic.id in g.default.meta.topics]
            procedures = [
                (p.key, f"{self._title('province/' + p.ref[0], tag)}: {p.title}")
                for p in site.pages
                if p.kind == "procedure" and p.lang.tag == tag and kinds[p.ref[1]] == topic.id]
            if guides or procedures:
                topics.append((topic, guides, procedures))
        return {"topics": topics}

    def _handout_list(self, page: Page) -> dict[str, Any]:
        return handout_index(self.site, page, pdf=self.pdf, sizes=self.pdf_sizes)

    def _search_page(self, page: Page) -> dict[str, Any]:
        tag = page.lang.tag
        return {"search_data": client_data(self.site, tag), "facets": facets(self.site, tag)}

    def _glossary_page(self, page: Page) -> dict[str, Any]:
        tag = page.lang.tag
        return {"terms": self.site.content.glossary.terms,
                "guide_titles": {slug: self._title(f"guide/{slug}", tag)
                                 for slug in self.site.guides}}

    def _markdown(self, text: str, page: Page, glossary: Glossary) -> str:
        site = self.site
        strings = site.content.i18n[page.lang.tag]

        def resolve(href: str) -> str:
            scheme, _, rest = href.partition(":")
            name, _, anchor = rest.partition("#")
            key = f"{scheme}/{name}" if scheme != "glossary" else "glossary"
            anchor = anchor or (name if scheme == "glossary" else "")
            return site.url(key, page.lang.tag) + (f"#{anchor}" if anchor else "")

        def chart(name: str) -> str:
            return charts.chart_html(name, site.content.survey, page.lang.tag,
                                     site.default.tag, strings)

        return self.converter.convert(text, resolve, glossary, chart)

    def _glossary(self, page: Page) -> Glossary:
        lang, default = page.content_lang, self.site.default.tag
        latin = lang.startswith("en") or not lang.startswith(("zh", "ja", "ko"))
        words: dict[str, str] = {}
        for term in self.site.content.glossary.terms:
            names = [local(term.term, lang, default), *term.aliases.get(lang, [])]
            for name in names:
                words.setdefault(name.lower() if latin else name, term.id)
        glossary_url = self.site.url("glossary", page.lang.tag)
        return Glossary.build(words, lambda term: f"{glossary_url}#{term}", latin)

    def _alternates(self, page: Page) -> list[tuple[str, str]]:
        """hreflang links: only to languages that really have this page's content."""
        result = []
        for lang in self.site.languages:
            other = self._page(page.key, lang.tag)
            if other is not None and not other.fallback:
                result.append((lang.tag, self.site.absolute(other.url)))
        return result

    def _page(self, key: str, tag: str) -> Page | None:
        return self.by_key.get((key, tag))

    def _report_url(self, page: Page) -> str:
        spec = self.site.content.spec
        title = f"[{page.lang.tag}] {page.title or page.key}"
        body = f"Page: {self.site.absolute(page.url)}\n\nWhat is wrong:\n"
        return (f"{spec.repository.rstrip('/')}/issues/new?title={quote(title)}"
                f"&body={quote(body)}")

    def _crumbs(self, page: Page) -> list[tuple[str, str]]:
        site, tag = self.site, page.lang.tag
        strings = site.content.i18n[tag]
        crumbs = [(strings["home_title"], site.url("home", tag))]
        if page.kind == "guide":
            crumbs.append((strings["guides_title"], site.url("guides", tag)))
        if page.kind in ("province", "procedure"):
            crumbs.append((strings["provinces_title"], site.url("provinces", tag)))
        if page.kind.startswith("finder-"):
            crumbs.append((strings["finder_title"], site.url("finder", tag)))
        if page.kind == "finder-pair":
            crumbs.append((self.by_key[(f"finder/{page.ref[0]}", tag)].title,
                           site.url(f"finder/{page.ref[0]}", tag)))
        if page.kind == "procedure":
            spec = site.provinces[page.ref[0]].spec
            crumbs.append((local(spec.name, tag, site.default.tag),
                           site.url(f"province/{page.ref[0]}", tag)))
        return crumbs if page.kind not in ("home", "chooser") else []

    def _date(self, value: dt.date, tag: str) -> str:
        strings = self.site.content.i18n[tag]
        months = strings["months"].split(",")
        return strings["date_format"].format(
            year=value.year, month=value.month, day=value.day, month_name=months[value.month - 1])


def static_assets(folder: Path) -> dict[str, tuple[str, bytes]]:
    """Static files with a content hash in their names: {name: (url, bytes)}."""
    assets = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()[:10]
            name = path.relative_to(folder).as_posix()
            stem, dot, ext = name.rpartition(".")
            assets[name] = (f"/static/{stem}.{digest}{dot}{ext}", data)
    return assets


def render_all(site: Site, pages: tuple[Page, ...] | None = None) -> Outputs:
    """Render `pages` (default: all) in this process."""
    renderer = Renderer(site)
    return {p.output: renderer.render_page(p) for p in (pages or site.pages)}


def extra_outputs(site: Site) -> Outputs:
    """Everything that is not a page: static assets, sitemap, robots.txt."""
    outputs = {url.lstrip("/"): data for url, data in static_assets(
        site.content.root / "templates" / "static").values()}
    outputs["sitemap.xml"] = sitemap(site).encode("utf-8")
    outputs["robots.txt"] = f"User-agent: *\nSitemap: {site.absolute('/sitemap.xml')}\n".encode()
    return outputs


def sitemap(site: Site) -> str:
    """sitemap.xml with an hreflang alternate for each translation of each page."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    listed = [p for p in site.pages if p.kind not in ("404", "chooser", "search", "offline")]
    translations = {(p.key, p.lang.tag): p for p in listed if not p.fallback}
    for page in listed:
        if page.fallback:
            continue
        lines.append(f"<url><loc>{site.absolute(page.url)}</loc>")
        if page.last_reviewed:
            lines.append(f"<lastmod>{page.last_reviewed.isoformat()}</lastmod>")
        for lang in site.languages:
            other = translations.get((page.key, lang.tag))
            if other:
                lines.append(f'<xhtml:link rel="alternate" hreflang="{lang.tag}" '
                             f'href="{site.absolute(other.url)}"/>')
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
