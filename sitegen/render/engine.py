"""The rendering engine: any page through its kind's template and context; the sitemap and the
static assets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup, escape

from sitegen.errors import BuildFailed, ContentError, Diagnostics
from sitegen.handouts.sheets import format_date, page_handouts
from sitegen.pages import thanks
from sitegen.pages.base import (
    CheckRef,
    GroupRef,
    GuideRef,
    Page,
    ProcedureRef,
    ProvinceRef,
    Ref,
    local,
)
from sitegen.pages.changes import feeds
from sitegen.render import charts, phones
from sitegen.render.audit import outside_requests
from sitegen.render.markdown import Converter, Glossary
from sitegen.site import Site

Outputs = dict[str, bytes]


def environment(templates: Path, *, compiled: Path | None = None) -> jinja2.Environment:
    """The one Jinja2 environment: autoescape on, undefined names are errors. `compiled`: a
    folder to keep compiled templates in and reuse while they are unchanged (builds only:
    `check` writes nothing)."""
    cache = None
    if compiled is not None:
        try:
            compiled.mkdir(parents=True, exist_ok=True)
            cache = jinja2.FileSystemBytecodeCache(str(compiled))
        except OSError:  # a read-only checkout: compile every time
            pass
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        bytecode_cache=cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["phones"] = phones.phones  # hotlines as tel: links, in any template
    return env


def site_environment(root: Path, *, write_cache: bool = True) -> jinja2.Environment:
    """The environment of the site in `root`, its compiled templates in .cache/templates/."""
    return environment(root / "templates",
                       compiled=root / ".cache" / "templates" if write_cache else None)


def check_templates(root: Path, env: jinja2.Environment, diags: Diagnostics) -> None:
    """Compile every template so a syntax error is reported before anything is rendered."""
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


REFS = {"GuideRef": GuideRef, "ProvinceRef": ProvinceRef, "ProcedureRef": ProcedureRef,
        "CheckRef": CheckRef, "GroupRef": GroupRef}


class Renderer:
    """The engine: renders any page with its kind's template and context. Holds what is built
    once per process: the Jinja2 environment, the Markdown converter, the static assets."""

    def __init__(self, site: Site, env: jinja2.Environment, *, pdf: bool = False,
                 pdf_sizes: Mapping[str, int] | None = None) -> None:
        """`pdf`: link the PDF handouts (the build makes them); `pdf_sizes`: bytes by URL."""
        self.site, self.env = site, env
        self.pdf, self.pdf_sizes = pdf, pdf_sizes
        self.env.filters["date"] = self._date
        self.assets = site.content.assets
        self.own_hosts = {urlsplit(target.base_url).hostname or ""
                              for target in site.content.spec.deploy_targets}  # all of ours
        self.converter = Converter()

    def render_page(self, page: Page) -> bytes:
        """The HTML of one page; a failure is a content error naming the page's file."""
        try:
            template = self.env.get_template(f"{page.kind}.html")
            html = template.render(self._context(page))
        except jinja2.TemplateError as exc:
            raise BuildFailed([template_error(exc, page)]) from None
        except BuildFailed:
            raise
        except Exception as exc:  # a bug, or data no schema caught: name where it happened
            source = self.site.kinds[page.kind].file(self.site, page)
            raise BuildFailed([ContentError(
                source, 0, 0, f"could not render {page.url}: {type(exc).__name__}: {exc}",
                "this is a bug in sitegen or a case its checks miss; please report it "
                "with this message")]) from exc
        outside = outside_requests(html, self.own_hosts)
        if outside:
            raise BuildFailed([ContentError(
                *self._written_at(url, page), f"{page.url} would load {url!r} from another site",
                "the site makes no request to other hosts: keep the file in the repository "
                "(templates/static/) or link to the page instead") for url in outside])
        return html.encode("utf-8")

    def _written_at(self, text: str, page: Page) -> tuple[str, int, int]:
        """Where `text` is written: the page's content file or a template, with its line."""
        root = self.site.root
        source = self.site.kinds[page.kind].file(self.site, page)
        for path in [root / source, *sorted((root / "templates").glob("*.html"))]:
            try:
                lines = path.read_text("utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                continue
            for number, line in enumerate(lines, 1):
                if text in line:
                    return path.relative_to(root).as_posix(), number, line.index(text) + 1
        return source, 0, 0

    def _context(self, page: Page) -> dict[str, Any]:
        site, lang = self.site, page.lang.tag
        kind = site.kinds[page.kind]
        context: dict[str, Any] = {
            "site": site,
            "page": page,
            "t": site.strings(lang),
            "L": lambda value: site.local(value, lang),
            "url": lambda key, tag=lang: site.url(key, tag),
            "switch_url": lambda tag: self._switch_url(page, tag),
            "asset": lambda name: self.assets[name][0],
            "alternates": self._alternates(page),
            "canonical": site.absolute(site.url(page.key, page.content_lang)),
            "host_meta": site.target.meta,
            "report_url": self._report_url(page),
            "feedback_action": thanks.feedback_action(site, page),
            "feedback_form": thanks.FORM_NAME, "honeypot": thanks.HONEYPOT,
            "crumbs": kind.crumbs(self, page),
            "site_title": site.local(site.content.spec.title, lang),
            "handout_links": page_handouts(site, page) if self.pdf else [],
            "review_dates": self._review_dates(page),
            **REFS,
        }
        context.update(kind.context(self, page))
        return context

    def title(self, key: str | Ref, tag: str) -> str:
        """The title of page `key` in language `tag`."""
        return self.site.page(key, tag).title

    def crumb(self, key: str | Ref, page: Page) -> tuple[str, str]:
        """A breadcrumb to page `key` in `page`'s language: (title, URL)."""
        other = self.site.page(key, page.lang.tag)
        return other.title, other.url

    def markdown(self, text: str, page: Page, glossary: Glossary) -> str:
        """A guide's Markdown as HTML, its links resolved in the page's language."""
        site, tag = self.site, page.lang.tag

        def resolve(href: str) -> str:
            scheme, _, rest = href.partition(":")
            name, _, anchor = rest.partition("#")
            key = f"{scheme}/{name}" if scheme != "glossary" else "glossary"
            anchor = anchor or (name if scheme == "glossary" else "")
            return site.url(key, tag) + (f"#{anchor}" if anchor else "")

        def chart(name: str) -> str:
            return charts.chart_html(name, site.content.survey, tag, site.default.tag,
                                     site.strings(tag))

        return self.converter.convert(text, resolve, glossary, chart)

    def glossary(self, page: Page) -> Glossary:
        """The glossary's words in the page's content language, linked to the glossary page."""
        lang, default = page.content_lang, self.site.default.tag
        latin = lang.startswith("en") or not lang.startswith(("zh", "ja", "ko"))
        words: dict[str, str] = {}
        for term in self.site.content.glossary.terms:
            names = [local(term.term, lang, default), *term.aliases.get(lang, [])]
            for name in names:
                words.setdefault(name.lower() if latin else name, term.id)
        glossary_url = self.site.url("glossary", page.lang.tag)
        return Glossary.build(words, lambda term: f"{glossary_url}#{term}", latin)

    def _switch_url(self, page: Page, tag: str) -> str:
        other = self.site.by_key.get((page.key, tag))
        return other.url if other is not None else self.site.url("home", tag)

    def _alternates(self, page: Page) -> list[tuple[str, str]]:
        """hreflang links: only to languages that really have this page's content."""
        result = []
        for lang in self.site.languages:
            other = self.site.by_key.get((page.key, lang.tag))
            if other is not None and not other.fallback:
                result.append((lang.tag, self.site.absolute(other.url)))
        return result

    def _report_url(self, page: Page) -> str:
        spec = self.site.content.spec
        title = f"[{page.lang.tag}] {page.title or page.key}"
        body = f"Page: {self.site.absolute(page.url)}\n\nWhat is wrong:\n"
        return (f"{spec.repository.rstrip('/')}/issues/new?title={quote(title)}"
                f"&body={quote(body)}")

    def _review_dates(self, page: Page) -> Markup:
        """"Checked on …; next check by …" with both dates as <time> elements."""
        if page.last_reviewed is None or page.review_by is None:
            return Markup("")

        def time(value: dt.date) -> Markup:
            return Markup('<time datetime="{}">{}</time>').format(
                value.isoformat(), self._date(value, page.lang.tag))

        text = Markup.escape(self.site.strings(page.lang.tag)["review_dates"])
        return text.format(checked=time(page.last_reviewed), due=time(page.review_by))

    def _date(self, value: dt.date, tag: str) -> str:
        return format_date(value, self.site.strings(tag))






def extra_outputs(site: Site) -> Outputs:
    """Everything that is not a page: static assets, sitemap, robots.txt, the host's files."""
    outputs = {url.lstrip("/"): data for url, data in site.content.assets.values()}
    outputs["sitemap.xml"] = sitemap(site).encode("utf-8")
    outputs.update(feeds(site))
    outputs["robots.txt"] = f"User-agent: *\nSitemap: {site.absolute('/sitemap.xml')}\n".encode()
    outputs.update(site.target.outputs())  # _headers and _redirects, for a Netlify target
    return outputs


def sitemap(site: Site) -> str:
    """sitemap.xml with an hreflang alternate for each translation of each page."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    listed = [p for p in site.pages if site.kinds[p.kind].sitemap]
    translations = {(p.key, p.lang.tag): p for p in listed if not p.fallback}
    for page in listed:
        if page.fallback:
            continue
        lines.append(f"<url><loc>{escape(site.absolute(page.url))}</loc>")
        if page.last_reviewed:
            lines.append(f"<lastmod>{page.last_reviewed.isoformat()}</lastmod>")
        for lang in site.languages:
            other = translations.get((page.key, lang.tag))
            if other:
                lines.append(f'<xhtml:link rel="alternate" hreflang="{escape(lang.tag)}" '
                             f'href="{escape(site.absolute(other.url))}"/>')
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
