"""Build the Pagefind search index of a written site with the extended binary.

The extended binary segments Chinese with jieba at index time; the standard one indexes a
Chinese page as whole clauses, so 社保 would find nothing. We select it explicitly.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import tempfile
from pathlib import Path

from markupsafe import escape

from sitegen.pages.base import Page
from sitegen.search.data import catalogue, page_terms
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
    records = {}
    for page in site.pages:
        html = outputs[page.output].decode("utf-8")
        if site.kinds[page.kind].indexed and BODY.search(html):
            records[page.output] = index_html(site, page, html)
    with tempfile.TemporaryDirectory(prefix="sitegen-bundle-") as scratch:
        bundle = Path(scratch) / "pagefind"
        _index(bundle, records)
        files = {f"pagefind/{path.relative_to(bundle).as_posix()}": path.read_bytes()
                 for path in sorted(bundle.rglob("*")) if path.is_file()}
        ids = fragment_ids(bundle)
    for lang in site.languages:
        entries = [{"id": ids[entry["url"]], **entry} for entry in catalogue(site, lang.tag)]
        files[f"{lang.prefix}/search/catalogue.json"] = json.dumps(
            entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return files, len(records)


def fragment_ids(bundle: Path) -> dict[str, str]:
    """Page URL to Pagefind result id, read from the fragments Pagefind wrote."""
    ids = {}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        ids[json.loads(data)["url"]] = path.stem
    return ids


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
END = re.compile(r"</article>")
HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=[A-Za-z])")  # work-injury is searched as two words
HEADING = re.compile(r"<h[23][^>]*>(.*?)</h[23]>", re.S)


def index_html(site: Site, page: Page, html: str) -> str:
    """The record Pagefind indexes for a page, written for the index alone.

    Title, summary, the words people type (keywords and the synonyms of every term the page
    uses) and headings, with weights. Body text is left out on purpose: with it the index
    triples and a reader's first query costs 240 KB instead of 150 KB, for no better ranking
    on the benchmark. Chinese is spaced one character a word (see `space_cjk`). Results are
    shown from the catalogue, so a query downloads index chunks only.
    """
    body = BODY.search(html)
    assert body is not None
    end = END.search(html, body.end())
    article = html[body.end(): end.start() if end else len(html)]
    headings = " · ".join(TAG.sub(" ", h) for h in HEADING.findall(article))
    text = TAG.sub(" ", article)
    fields = [
        (10, page.title),
        (6, page.description),
        (6, " · ".join(page_terms(site, page, text))),
        (3, headings),
    ]
    paragraphs = "".join(
        f'<p data-pagefind-weight="{weight}">{space_cjk(str(escape(HYPHEN.sub(" ", value))))}</p>'
        for weight, value in fields if value.strip())
    return (f'<html lang="{page.lang.tag}"><body><main data-pagefind-body>'
            f'<span data-pagefind-meta="title">{escape(page.title)}</span>'
            f"{paragraphs}</main></body></html>")


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
