"""A synthetic content tree of any size for the build-speed benchmark, and the same text as an
MkDocs project and as a Hugo project.

    .venv/bin/python bench/corpus.py --pages 2000 --out .cache/bench/corpus-2000

Writes `OUT/sitegen/` (our format: site.yaml, data/ and templates/ copied from the repository,
content/guides/*/{zh-CN,en}.md and provinces/*.yaml), `OUT/mkdocs/` and `OUT/hugo/`.
The text is the repository's own, recombined: each synthetic guide takes its front matter from
one real guide and each of its sections (in both languages) from a random section of a random
real guide, so pages have realistic Chinese and English lengths, links, lists and glossary
terms. Synthetic provinces (`p0001` …) are copies of the real province files under a new code
and name, with every procedure of the fixed vocabulary. The real guides and provinces are kept,
since data/ names them. Every language has every page: half the pages are zh-CN, half en.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import click
import yaml

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("zh-CN", "en")
PREFIX = {"zh-CN": "zh", "en": "en"}
INDEX_PAGES = 8  # per language: home, guides, provinces, glossary, search, topics, handouts, 404
TOOL_PAGES = 2  # per language: calculator, scenarios (the guided check is left out, below)
PROCEDURES = 6  # the fixed vocabulary of data/procedures.yaml
LINK = re.compile(r"\]\((guide|procedure|glossary):([^)#\s]*)(#[^)\s]*)?\)")
SECTION = re.compile(r"^## (.*)$", re.M)
LABELS = {
    "zh-CN": {"eligible": "谁可以办", "documents": "要带的材料", "steps": "怎么办",
              "channels": "在哪里办", "time": "时间和费用", "notes": "注意", "sources": "来源",
              "you_need": "办之前准备好", "procedures": "办事指南", "cities": "城市",
              "guides": "全部指南", "provinces": "各省办事", "glossary": "词语解释",
              "topics": "按主题"},
    "en": {"eligible": "Who can apply", "documents": "What to bring", "steps": "How to do it",
           "channels": "Where to do it", "time": "Time and cost", "notes": "Notes",
           "sources": "Sources", "you_need": "Before you start", "procedures": "Procedures",
           "cities": "Cities", "guides": "All guides", "provinces": "Provinces",
           "glossary": "Glossary", "topics": "By topic"},
}


@dataclass(frozen=True)
class Plan:
    """How many guides and provinces make a corpus of about `pages` pages of our site."""

    guides: int
    provinces: int

    @property
    def pages(self) -> int:
        """Our page count: the chooser and root 404, then per language the index and tool
        pages, every guide, and for every province its page and each of its procedures."""
        per_province = 1 + PROCEDURES
        return 2 + len(LANGS) * (INDEX_PAGES + TOOL_PAGES + self.guides
                                 + per_province * self.provinces)


def plan_for(pages: int) -> Plan:
    """About one guide in ten pages, the rest provinces with their procedures."""
    per_lang = pages / len(LANGS) - 1
    guides = max(len(real_guide_slugs()), round(per_lang / 10))
    fixed = INDEX_PAGES + TOOL_PAGES + guides
    provinces = max(8, round((per_lang - fixed) / (1 + PROCEDURES)))
    return Plan(guides, provinces)


@dataclass(frozen=True)
class GuideFile:
    """One language's file of a guide: raw front matter, parsed meta, intro and sections."""

    slug: str
    lang: str
    front: str
    meta: dict[str, Any]
    intro: str
    sections: tuple[tuple[str, str], ...]

    def text(self) -> str:
        """The file as an editor writes it."""
        body = "".join(f"\n## {title}\n\n{markdown.strip()}\n" for title, markdown in self.sections)
        return f"---\n{self.front}---\n\n{self.intro.strip()}\n{body}"

    @property
    def title(self) -> str:
        """The guide's title in this language."""
        return str(self.meta["title"])


def real_guide_slugs() -> list[str]:
    """The repository's guides."""
    return sorted(p.name for p in (ROOT / "content" / "guides").iterdir() if p.is_dir())


def read_guide(path: Path, slug: str, lang: str) -> GuideFile:
    """Parse one real guide file (front matter, intro, `## ` sections)."""
    text = path.read_text("utf-8")
    front, body = text.removeprefix("---\n").split("\n---\n", 1)
    parts = SECTION.split(body)
    sections = tuple(zip(parts[1::2], parts[2::2], strict=True))
    return GuideFile(slug, lang, front + "\n", yaml.safe_load(front), parts[0], sections)


def real_guides() -> dict[str, dict[str, GuideFile]]:
    """Every real guide in every language."""
    folder = ROOT / "content" / "guides"
    return {slug: {lang: read_guide(folder / slug / f"{lang}.md", slug, lang) for lang in LANGS}
            for slug in real_guide_slugs()}


def synthetic_guide(n: int, real: dict[str, dict[str, GuideFile]],
                    rng: random.Random) -> dict[str, GuideFile]:
    """Guide `n`: front matter of one real guide, sections drawn from all of them."""
    slugs = sorted(real)
    base = real[rng.choice(slugs)]
    picks = []
    for _ in base["zh-CN"].sections:
        source = real[rng.choice(slugs)]["zh-CN"]
        picks.append((source.slug, rng.randrange(len(source.sections))))
    slug = f"guide-{n:04d}"
    result = {}
    for lang in LANGS:
        file = base[lang]
        title = f"{file.title}（{n}）" if lang == "zh-CN" else f"{file.title} ({n})"
        front = re.sub(r"^title: .*$", "title: " + json.dumps(title, ensure_ascii=False),
                       file.front, count=1, flags=re.M)
        sections = tuple(real[s][lang].sections[i] for s, i in picks)
        result[lang] = replace(file, slug=slug, front=front, meta={**file.meta, "title": title},
                               sections=sections)
    return result


@dataclass(frozen=True)
class ProvinceFile:
    """One province: the YAML text as written, and its data."""

    code: str
    text: str
    data: dict[str, Any]


def real_provinces() -> list[ProvinceFile]:
    """The repository's provinces."""
    files = []
    for path in sorted((ROOT / "provinces").glob("*.yaml")):
        text = path.read_text("utf-8")
        files.append(ProvinceFile(path.stem, text, yaml.safe_load(text)))
    return files


def synthetic_province(n: int, template: ProvinceFile) -> ProvinceFile:
    """Province `pNNNN`: a real province's file under a new code and name."""
    code = f"p{n:04d}"
    name = {"zh-CN": f"示范省{n:04d}", "en": f"Sample province {n:04d}"}
    text = re.sub(r"^code: .*$", f"code: {code}", template.text, count=1, flags=re.M)
    text = re.sub(r"^name: .*$", "name: " + json.dumps(name, ensure_ascii=False), text,
                  count=1, flags=re.M)
    return ProvinceFile(code, text, {**template.data, "code": code, "name": name})


@dataclass(frozen=True)
class Corpus:
    """Everything one benchmark size is made of."""

    plan: Plan
    guides: list[dict[str, GuideFile]]
    provinces: list[ProvinceFile]


def make_corpus(pages: int, *, seed: int = 1) -> Corpus:
    """The guides and provinces of a corpus of about `pages` pages (same seed, same corpus)."""
    plan = plan_for(pages)
    rng = random.Random(seed)
    real = real_guides()
    guides = list(real.values())
    guides += [synthetic_guide(n, real, rng) for n in range(1, plan.guides - len(real) + 1)]
    provinces = real_provinces()
    templates = list(provinces)
    provinces += [synthetic_province(n, templates[n % len(templates)])
                  for n in range(1, plan.provinces - len(templates) + 1)]
    return Corpus(plan, guides, provinces)


def write_sitegen(corpus: Corpus, dest: Path) -> None:
    """Our own format: a site `sitegen check` accepts."""
    shutil.copy2(ROOT / "site.yaml", dest / "site.yaml")
    for part in ("data", "templates"):
        shutil.copytree(ROOT / part, dest / part)
    # The guided check makes a page for each path, over a hundred per province: with the
    # corpus's provinces it would pass its bound, and the sites compared have no such tool.
    (dest / "data" / "check.yaml").unlink(missing_ok=True)
    for guide in corpus.guides:
        for lang, file in guide.items():
            path = dest / "content" / "guides" / file.slug / f"{lang}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(file.text(), "utf-8")
    (dest / "provinces").mkdir()
    for province in corpus.provinces:
        (dest / "provinces" / f"{province.code}.yaml").write_text(province.text, "utf-8")


# ---- the same text as plain Markdown pages, for MkDocs and Hugo -------------------------


@dataclass(frozen=True)
class MarkdownPage:
    """One page of the equivalent sites: where it goes (URL path) and its text."""

    url: str
    title: str
    summary: str
    body: str
    section: bool = False  # a page with pages under it (Hugo: a branch bundle)
    children: str = ""  # links to those pages: Hugo's list layout makes them, MkDocs needs them


def _links(markdown: str, lang: str) -> str:
    """Our `guide:`, `procedure:` and `glossary:` links as absolute URL paths."""
    prefix = PREFIX[lang]

    def url(match: re.Match[str]) -> str:
        scheme, name, anchor = match.group(1), match.group(2), match.group(3) or ""
        if scheme == "glossary":
            return f"](/{prefix}/glossary/#{name}{anchor})"
        folder = "guides" if scheme == "guide" else "provinces"
        return f"](/{prefix}/{folder}/{name}/{anchor})"

    return LINK.sub(url, markdown)


def _local(value: Any, lang: str) -> str:
    return str(value.get(lang, value["zh-CN"])) if isinstance(value, dict) else str(value)


def guide_page(file: GuideFile) -> MarkdownPage:
    """A guide: summary, what to bring, introduction, sections, sources."""
    lang, labels, meta = file.lang, LABELS[file.lang], file.meta
    parts = [f"*{meta['summary']}*\n"]
    if meta.get("you_need"):
        parts.append(f"## {labels['you_need']}\n\n" + "".join(f"- {i}\n" for i in meta["you_need"]))
    parts.append(_links(file.intro.strip(), lang) + "\n")
    parts += [f"## {title}\n\n{_links(text.strip(), lang)}\n" for title, text in file.sections]
    parts.append(f"## {labels['sources']}\n\n"
                 + "".join(f"- [{s['name']}]({s['url']})\n" for s in meta["sources"]))
    return MarkdownPage(f"/{PREFIX[lang]}/guides/{file.slug}/", file.title, str(meta["summary"]),
                        "\n".join(parts))


def procedure_page(province: ProvinceFile, proc: dict[str, Any], lang: str) -> MarkdownPage:
    """A procedure of a province, with the same headings as ours."""
    labels, channels = LABELS[lang], {c["id"]: c for c in province.data["channels"]}

    def items(values: list[Any], mark: str = "-") -> str:
        return "".join(f"{mark} {_local(v, lang)}\n" for v in values)

    parts = [f"**{_local(province.data['name'], lang)}**\n", f"*{_local(proc['summary'], lang)}*\n",
             f"## {labels['eligible']}\n\n{items(proc['eligible'])}",
             f"## {labels['documents']}\n\n{items(proc['documents'])}",
             f"## {labels['steps']}\n\n{items(proc['steps'], '1.')}",
             f"## {labels['channels']}\n\n" + "".join(
                 f"- [{_local(channels[c]['name'], lang)}]({channels[c]['url']})\n"
                 for c in proc["channels"]),
             f"## {labels['time']}\n\n{_local(proc['time_and_cost'], lang)}\n"]
    if proc.get("notes"):
        parts.append(f"## {labels['notes']}\n\n{_local(proc['notes'], lang)}\n")
    parts.append(f"## {labels['sources']}\n\n" + "".join(
        f"- [{_local(s['name'], lang)}]({s['url']})\n" for s in proc["sources"]))
    return MarkdownPage(f"/{PREFIX[lang]}/provinces/{province.code}/{proc['id']}/",
                        _local(proc["title"], lang), _local(proc["summary"], lang),
                        "\n".join(parts))


def province_page(province: ProvinceFile, lang: str) -> MarkdownPage:
    """A province: summary, cities, its procedures, channels, hotlines."""
    data, labels, prefix = province.data, LABELS[lang], PREFIX[lang]
    procs = "".join(
        f"- [{_local(p['title'], lang)}](/{prefix}/provinces/{province.code}/{p['id']}/): "
        f"{_local(p['summary'], lang)}\n" for p in data["procedures"])
    cities = "、".join(data["cities"].get(lang, data["cities"]["zh-CN"]))
    parts = [f"{_local(data['summary'], lang)}\n", f"{labels['cities']}: {cities}\n",
             f"## {labels['procedures']}\n\n{procs}",
             f"## {labels['channels']}\n\n" + "".join(
                 f"- [{_local(c['name'], lang)}]({c['url']})\n" for c in data["channels"]),
             "".join(f"- {_local(h['name'], lang)}: {h['number']}\n" for h in data["hotlines"])]
    return MarkdownPage(f"/{prefix}/provinces/{province.code}/", _local(data["name"], lang),
                        _local(data["summary"], lang), "\n".join(parts), section=True)


def index_pages(corpus: Corpus, lang: str) -> Iterator[MarkdownPage]:
    """The index pages of one language: home, guides, provinces, glossary, topics."""
    prefix, labels = PREFIX[lang], LABELS[lang]
    glossary = yaml.safe_load((ROOT / "data" / "glossary.yaml").read_text("utf-8"))["terms"]
    guides = [g[lang] for g in corpus.guides]
    guide_list = "".join(f"- [{g.title}](/{prefix}/guides/{g.slug}/)\n" for g in guides)
    province_list = "".join(
        f"- [{_local(p.data['name'], lang)}](/{prefix}/provinces/{p.code}/)\n"
        for p in corpus.provinces)
    procedure_list = "".join(
        f"- [{_local(p.data['name'], lang)}: {_local(proc['title'], lang)}]"
        f"(/{prefix}/provinces/{p.code}/{proc['id']}/)\n"
        for p in corpus.provinces for proc in p.data["procedures"])
    yield MarkdownPage(f"/{prefix}/", labels["guides"], "", guide_list, section=True)
    yield MarkdownPage(f"/{prefix}/guides/", labels["guides"], "", "", True, guide_list)
    yield MarkdownPage(f"/{prefix}/provinces/", labels["provinces"], "", "", True, province_list)
    yield MarkdownPage(f"/{prefix}/glossary/", labels["glossary"], "", "".join(
        f"## {_local(t['term'], lang)}\n\n{_local(t['definition'], lang)}\n\n" for t in glossary))
    yield MarkdownPage(f"/{prefix}/topics/", labels["topics"], "",
                       guide_list + "\n" + province_list + "\n" + procedure_list)


def markdown_pages(corpus: Corpus) -> Iterator[MarkdownPage]:
    """Every page of the equivalent sites."""
    for lang in LANGS:
        yield from index_pages(corpus, lang)
        for guide in corpus.guides:
            yield guide_page(guide[lang])
        for province in corpus.provinces:
            yield province_page(province, lang)
            for proc in province.data["procedures"]:
                yield procedure_page(province, proc, lang)


def _front(page: MarkdownPage) -> str:
    lines = [f"title: {json.dumps(page.title, ensure_ascii=False)}"]
    if page.summary:
        lines.append(f"description: {json.dumps(page.summary, ensure_ascii=False)}")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def write_mkdocs(corpus: Corpus, dest: Path) -> None:
    """An MkDocs project with the default theme, a one-entry nav and no plugins (no search)."""
    docs = dest / "docs"
    (docs).mkdir(parents=True)
    (docs / "index.md").write_text("# 社保指南 · Social insurance guide\n\n- [中文](zh/)\n"
                                   "- [English](en/)\n", "utf-8")
    for page in markdown_pages(corpus):
        path = docs / (page.url.strip("/") + ("/index.md" if page.section else ".md"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_front(page) + page.body + page.children, "utf-8")
    (dest / "mkdocs.yml").write_text(
        "site_name: 社保指南 · Social insurance guide\nsite_url: https://example.org/\n"
        "docs_dir: docs\nsite_dir: site\nuse_directory_urls: true\n"
        "nav:\n  - index.md\nplugins: []\ntheme:\n  name: mkdocs\n", "utf-8")


HUGO_BASE = """<!DOCTYPE html>
<html lang="{{ .Params.lang | default "zh-CN" }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="canonical" href="{{ .Permalink }}"><link rel="stylesheet" href="/site.css"></head>
<body><header><a href="/">{{ site.Title }}</a>
<form action="/search/"><input name="q" type="search"><button>Search</button></form></header>
<nav class="breadcrumbs"><ol>{{ range .Ancestors.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}<li>{{ .Title }}</li></ol></nav>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>{{ .Lastmod.Format "2006-01-02" }}</p></footer>
</body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def write_hugo(corpus: Corpus, dest: Path) -> None:
    """A Hugo project with a small theme of our own: a page, a list and a 404 layout."""
    content, layouts = dest / "content", dest / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "baseof.html").write_text(HUGO_BASE, "utf-8")
    (layouts / "single.html").write_text(HUGO_SINGLE, "utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, "utf-8")
    (dest / "layouts" / "index.html").write_text(HUGO_LIST, "utf-8")
    (dest / "layouts" / "404.html").write_text(
        '{{ define "main" }}<h1>404</h1><p><a href="/">Home</a></p>{{ end }}\n', "utf-8")
    (dest / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "社保指南 · Social insurance guide"\n'
        'disableKinds = ["taxonomy", "term", "RSS"]\n', "utf-8")
    content.mkdir()
    (content / "_index.md").write_text('---\ntitle: "社保指南"\n---\n', "utf-8")
    for page in markdown_pages(corpus):
        name = "_index.md" if page.section else "index.md"
        path = content / page.url.strip("/") / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_front(page) + page.body, "utf-8")


def generate(dest: Path, pages: int, *, seed: int = 1) -> Plan:
    """Write the three trees of a corpus of about `pages` pages into `dest` (emptied first)."""
    corpus = make_corpus(pages, seed=seed)
    shutil.rmtree(dest, ignore_errors=True)
    for name, write in (("sitegen", write_sitegen), ("mkdocs", write_mkdocs),
                        ("hugo", write_hugo)):
        (dest / name).mkdir(parents=True)
        write(corpus, dest / name)
    return corpus.plan


def edit_guide(site: Path, n: int) -> Path:
    """Change the body (not the title) of the first synthetic guide: a benchmark's one edit."""
    folder = site / "content" / "guides"
    path = (sorted(folder.glob("guide-*/zh-CN.md")) or sorted(folder.glob("*/zh-CN.md")))[0]
    stamp = dt.datetime.now().isoformat(timespec="microseconds")
    with path.open("a", encoding="utf-8") as file:
        file.write(f"\n基准测试第 {n} 次修改这一段（{stamp}）。\n")
    return path


@click.command()
@click.option("--pages", type=click.IntRange(min=100), default=2000, show_default=True,
              help="About how many pages our site should have.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write sitegen/, mkdocs/ and hugo/ into (emptied first).")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
def main(pages: int, out: Path, seed: int) -> None:
    """Write a synthetic corpus in our format, for MkDocs and for Hugo."""
    plan = generate(out, pages, seed=seed)
    click.echo(f"{plan.pages} pages: {plan.guides} guides, {plan.provinces} provinces, "
               f"in {out}")


if __name__ == "__main__":
    main()
