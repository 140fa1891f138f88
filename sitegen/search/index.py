"""Build the Pagefind search index of a written site with the extended binary.

The extended binary segments Chinese with jieba at index time; the standard one indexes a
Chinese page as whole clauses, so 社保 would find nothing. We select it explicitly.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

from markupsafe import escape

from sitegen.pages.base import Page
from sitegen.search.data import catalogue, page_terms, synonym_groups, words_file
from sitegen.search.words import spelling_tables
from sitegen.site import Site


class SearchIndexError(Exception):
    """Pagefind could not be found or failed."""


def extended_binary() -> Path:
    """The Pagefind extended binary shipped by the pagefind-bin-extended package."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise SearchIndexError(
            "the Pagefind extended binary is not installed: run `make site` "
            "(it installs pagefind[extended])") from None
    return Path(get_executable())


def index_files(site: Site, outputs: dict[str, bytes]) -> tuple[dict[str, bytes], int]:
    """The Pagefind bundle (`pagefind/…`) of the rendered pages of `site`, and a catalogue per
    language (`{prefix}/search/catalogue.json`) that maps Pagefind's result ids to pages, as
    output files; and how many pages were indexed."""
    records: dict[str, str] = {}
    texts: dict[str, list[str]] = {lang.tag: [] for lang in site.languages}
    anchors: dict[str, list[list[str]]] = {}
    synonyms = {lang.tag: synonym_groups(site, lang.tag) for lang in site.languages}
    for page in site.pages:
        html = outputs[page.output].decode("utf-8")
        if site.kinds[page.kind].indexed and MAIN.search(html):
            article = _article(html)
            records[page.output] = index_html(site, page, article, synonyms[page.content_lang])
            texts[page.lang.tag].append(TAG.sub(" ", article))
            anchors[page.url] = [[a, h] for a, h, _ in sections(article) if h]
    with tempfile.TemporaryDirectory(prefix="sitegen-bundle-") as scratch:
        bundle = Path(scratch) / "pagefind"
        _index(bundle, records)
        files = {f"pagefind/{path.relative_to(bundle).as_posix()}": path.read_bytes()
                 for path in sorted(bundle.rglob("*")) if path.is_file()}
        ids = fragment_ids(bundle)
    for lang in site.languages:
        entries = [{"id": ids[entry["url"]], **entry} for entry in catalogue(site, lang.tag)]
        for entry in entries:
            if entry["kind"] == "handouts":  # results can open a province's or a group's flyers
                entry["anchors"] = anchors.get(entry["url"], [])
        files[f"{lang.prefix}/search/catalogue.json"] = _json(entries)
        words = words_file(site, lang.tag, texts[lang.tag])
        # Pagefind's metaCacheTag: a fixed address for its entry file as long as it is the same
        words["version"] = hashlib.sha256(files["pagefind/pagefind-entry.json"]).hexdigest()[:12]
        words["bundle"] = bundle_urls(files, lang.tag, lang.prefix, words["version"],
                                      spelling=lang.tag == site.default.tag)
        reading = {key: words.pop(key) for key in READING}
        files[f"{lang.prefix}/search/words.json"] = _json(words)
        files[f"{lang.prefix}/search/reading.json"] = _json(reading)
        if lang.tag == site.default.tag:
            telling = [e["title"] + " " + e["summary"] + " " + " ".join(e.get("keywords", []))
                       for e in entries]
            given = [w for group in words["synonyms"] for w in group] + [
                w for key in ("groups", "tools", "guides", "answers") for w in words[key]]
            given += [w for u in words["uncovered"] for w in u["words"]]
            given += [n for names in words["places"].values() for n in names.split("|")]
            files[f"{lang.prefix}/search/spelling.json"] = _json(
                spelling_tables(texts[lang.tag], telling, given))
    return files, len(records)


# The tables for a query not written as the site writes it (pinyin, the English words a
# misspelt one is read as, traditional characters): a file of their own, fetched only for a
# query with Latin letters or a character the site's titles and words do not have.
READING = ("pinyin", "known", "traditional")


def bundle_urls(files: dict[str, bytes], tag: str, prefix: str, version: str, *,
                spelling: bool) -> list[str]:
    """What the service worker keeps for searching offline in one language: Pagefind's
    script, worker and WebAssembly, the language's metadata and index chunks (not the page
    fragments: results are shown from the catalogue), and the search page's own files."""
    entry = json.loads(files["pagefind/pagefind-entry.json"])
    language = entry["languages"].get(tag.lower())
    if language is None:
        return []
    wanted = {"pagefind/pagefind.js", "pagefind/pagefind-worker.js",
              f"pagefind/wasm.{language['wasm'] or 'unknown'}.pagefind",
              f"pagefind/pagefind.{language['hash']}.pf_meta"}
    chunks = [name for name in files if name.startswith(f"pagefind/index/{tag.lower()}_")]
    urls = sorted(f"/{name}" for name in files if name in wanted) + sorted(f"/{c}" for c in chunks)
    urls.append(f"/pagefind/pagefind-entry.json?ts={version}")
    own = ["catalogue.json", "words.json", "reading.json"] + (["spelling.json"] if spelling else [])
    urls += [f"/{prefix}/search/{name}" for name in own]
    return urls


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def fragment_ids(bundle: Path) -> dict[str, str]:
    """Page URL to Pagefind result id, read from the fragments Pagefind wrote."""
    ids = {}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        ids[json.loads(data)["url"]] = path.stem
    return ids


# Word positions per index chunk (Pagefind's default is 20,000). Every Chinese character is a
# word of the index, so a query of five characters loads five chunks or so: small ones keep
# what a first query downloads under 150 KB and a later one, for a character not loaded yet,
# under 10 KB. Pagefind 1.5 reads it from this variable only (it has no option for it yet).
INDEX_CHUNK_SIZE = 3000


def _index(bundle: Path, records: dict[str, str]) -> None:
    """Run Pagefind's command line on the records, written to a scratch folder, into `bundle`.

    The command line, not Pagefind's Python API: the API's service is stopped as soon as it
    answers "written", and under load that cut off files it was still writing.
    """
    with tempfile.TemporaryDirectory(prefix="sitegen-index-") as folder:
        for output, html in records.items():
            path = Path(folder) / output
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html, "utf-8")
        try:  # run in the scratch folder, so that no pagefind.yml of the caller's is read
            result = subprocess.run(
                [str(extended_binary()), "--site", folder, "--output-path", str(bundle),
                 "--quiet"], cwd=folder, capture_output=True, text=True,
                env={**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK_SIZE)},
                timeout=60 + len(records) // 10)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SearchIndexError(f"Pagefind could not run: {exc}") from None
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed (exit {result.returncode}): "
                               f"{(result.stderr or result.stdout).strip()[-2000:]}")
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise SearchIndexError(f"Pagefind wrote no usable {entry_path.name}: {exc}") from None
    # Pagefind writes its languages in hash-map order; sort them so builds are byte-identical.
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")


BODY = re.compile(r"<[a-z]+ [^>]*data-pagefind-body[^>]*>")
MAIN = re.compile(r"<main\b[^>]*>")
END = re.compile(r"</article>|</main>")
ANCHOR = re.compile(r'<(section|h2|h3|li)\b[^>]*\bid="([^"]+)"[^>]*>')
INNER_HEADING = re.compile(r"<h[23][^>]*>(.*?)</h[23]>", re.S)
SPACES = re.compile(r"\s+")
HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=[A-Za-z])")  # work-injury is searched as two words


def _article(html: str) -> str:
    """The part of a page that is indexed: its `data-pagefind-body` element, else <main>."""
    start = BODY.search(html) or MAIN.search(html)
    assert start is not None
    end = END.search(html, start.end())
    return html[start.end(): end.start() if end else len(html)]


def sections(article: str) -> list[tuple[str, str, str]]:
    """The article cut at each element with an id (a guide's sections, a procedure's steps,
    the handouts page's provinces and groups): (id, heading, text) for each part."""
    marks: list[re.Match[str]] = []
    for mark in ANCHOR.finditer(article):  # a section's heading is not a part of its own
        if not (marks and mark.group(2) == marks[-1].group(2) + "-title"):
            marks.append(mark)
    parts = []
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(article)
        chunk = article[mark.start():end]
        inner = INNER_HEADING.search(chunk)
        text = _plain(chunk)
        heading = _plain(inner.group(1)) if inner and mark.group(1) != "li" else _start(text)
        parts.append((mark.group(2), heading, text))
    return parts


def _start(text: str, size: int = 40) -> str:
    """The start of a step, as its sub-result's title: `size` characters, not cutting a word."""
    if len(text) <= size:
        return text
    cut = text.rfind(" ", 0, size + 1)
    return text[:cut] if cut > size // 2 and text[size].isascii() else text[:size]


def _plain(html: str) -> str:
    return SPACES.sub(" ", TAG.sub(" ", html)).strip()


def index_html(site: Site, page: Page, article: str, synonyms: list[list[str]]) -> str:
    """The record Pagefind indexes for a page, written for the index alone.

    Title, summary and the words people type (keywords, the synonyms of every term the page
    uses, the platforms of its worker group) weigh most; then headings;
    the body text least, cut at each section and step with its id, so that Pagefind's
    sub-results can open the exact step. Chinese is spaced one character a word (see
    `space_cjk`). Results are shown from the catalogue, so a query downloads index chunks only.
    """
    parts = sections(article)
    first = ANCHOR.search(article)
    intro = _plain(article[: first.start()] if first else article)
    for said in (page.title, page.description):  # the page's header repeats them
        intro = intro.replace(said, " ")
    terms = page_terms(site, page, _plain(article), synonyms)
    header = (page.title + page.description).lower()  # indexed already, weighing as much
    terms = [t for t in terms if t.lower() not in header]
    fields = [(10, page.title), (6, page.description), (6, " · ".join(terms)), (1, intro)]
    body = "".join(_field(w, v) for w, v in fields if v.strip())
    for anchor, heading, text in parts:
        body += (f'<h2 id="{escape(anchor)}" data-pagefind-weight="3">'
                 f"{space_cjk(str(escape(heading)))}</h2>")
        if page.kind != "handouts":  # its lists repeat every guide's title
            body += _field(1, text[len(heading):] if text.startswith(heading) else text)
    return (f'<html lang="{page.lang.tag}"><body><main data-pagefind-body>'
            f'<span data-pagefind-meta="title">{escape(page.title)}</span>'
            f"{body}</main></body></html>")


def _field(weight: int, value: str) -> str:
    text = space_cjk(str(escape(HYPHEN.sub(" ", value))))
    return f'<p data-pagefind-weight="{weight}">{text}</p>'


TAG = re.compile(r"(<[^>]*>)")
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e"
BETWEEN_CJK = re.compile(f"(?<=[{CJK}])(?=[{CJK}])")


def space_cjk(html: str) -> str:
    """Put a space between CJK characters in text (not in tags), for the index only.

    Pagefind segments Chinese with jieba when indexing but with the browser's Intl.Segmenter
    when searching, and the two disagree (社保 is one word to jieba, 社|保 to Chromium), so
    a query often misses the page that says it. Indexed one character a word, a query typed
    as a quoted phrase of characters ("社 保") matches exactly the pages that contain 社保,
    anywhere inside a longer word: a substring search. search.js spaces queries the same way
    and removes the spaces from excerpts again.
    """
    out: list[str] = []
    raw = False  # text of meta and filter elements is shown to readers: keep it as written
    for part in TAG.split(html):
        if part.startswith("<"):
            raw = "data-pagefind-meta" in part or "data-pagefind-filter" in part
            out.append(part)
        else:
            out.append(part if raw else BETWEEN_CJK.sub(" ", part))
    return "".join(out)
