"""Print handout HTML to PDF with WeasyPrint, and refuse any PDF whose fonts are wrong.

The configured CJK family is checked three times: before printing (fontconfig must have it),
while printing (WeasyPrint's missing-glyph warnings fail the handout) and on the PDF bytes
(every embedded font is that family: fontconfig silently falls back to the JP variant or to
DejaVu when the family or a glyph is missing, and the PDF would still look almost right).

WeasyPrint is imported only in the functions that print, as the build may run without PDFs.
"""

from __future__ import annotations

import contextlib
import hashlib
import html as html_lib
import logging
import multiprocessing
import os
import re
import subprocess
import zlib
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.errors import BuildFailed, ContentError

PAPER = {"a4": "A4", "a5": "A5"}
PDF_VARIANT = "pdf/ua-1"  # tagged, with /Lang, title and description
QR_CODE = re.compile(r'<svg class="qr" data-qr="([^"]*)"><title>([^<]*)</title></svg>')
BASE_FONT = re.compile(rb"/(?:BaseFont|FontName)\s*/[A-Z]{6}\+([^\s/<>\[\]()]+)")
OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm[^>]*>>\s*stream\r?\n")
# Words Pango appends to a family in the font names WeasyPrint embeds ("Noto-Sans-CJK-SC-Bold").
STYLE_WORDS = sorted((
    "Thin", "Ultra-Light", "Extra-Light", "Light", "Semi-Light", "Demi-Light", "Book", "Regular",
    "Medium", "Semi-Bold", "Demi-Bold", "Bold", "Ultra-Bold", "Extra-Bold", "Heavy", "Ultra-Heavy",
    "Italic", "Oblique", "Small-Caps", "Condensed", "Semi-Condensed", "Extra-Condensed",
    "Expanded", "Semi-Expanded"), key=len, reverse=True)  # longest first: Semi-Bold before Bold

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """One PDF to print: its HTML at each level of detail (fullest first), paper, the font
    sizes to try, and whether it must fit a page."""

    url: str
    versions: tuple[str, ...]
    paper: str
    font_sizes: tuple[float, ...]
    one_page: bool


@dataclass(frozen=True)
class Printed:
    """The PDF of a job, or why there is none (`pages` > 1: it did not fit at the floor size)."""

    url: str
    pdf: bytes | None
    pages: int
    problems: tuple[str, ...] = ()


def font_files(family: str) -> tuple[str, ...]:
    """The font files of `family` that cover Chinese; BuildFailed if fontconfig has none."""
    try:
        listing = subprocess.run(["fc-list", "--format", "%{family}\t%{file}\n", ":lang=zh-cn"],
                                 capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise BuildFailed([ContentError(
            "site.yaml", 0, 0, f"cannot list the installed fonts with fc-list: {exc}",
            "install fontconfig and fonts-noto-cjk (`make site` does)")]) from None
    files: dict[str, set[str]] = {}
    for line in listing.splitlines():
        families, _, path = line.partition("\t")
        for name in families.split(","):
            files.setdefault(name.strip(), set()).add(path)
    if family not in files:
        raise BuildFailed([ContentError(
            "site.yaml", 0, 0,
            f"cjk_font '{family}' is not installed (fc-list ':lang=zh-cn' does not list it); "
            "no handout was written",
            "install fonts-noto-cjk (`make site` does) or set cjk_font to one of: "
            + ", ".join(sorted(files)))])
    return tuple(sorted(files[family]))


def font_problems(pdf: bytes, family: str) -> list[str]:
    """What is wrong with the fonts embedded in `pdf`: any font that is not `family`."""
    wanted = family.replace(" ", "-")
    names = sorted(set(embedded_fonts(pdf)))
    if not names:
        return ["the PDF has no embedded font"]
    return [f"the PDF embeds font '{name}', not the configured cjk_font '{family}' "
            "(a fallback for a missing family or glyph)"
            for name in names if _family_of(name) != wanted]


def embedded_fonts(pdf: bytes) -> list[str]:
    """The names (without subset prefix) of the fonts in a PDF, in object streams too."""
    found = [m.group(1).decode("latin-1") for m in BASE_FONT.finditer(pdf)]
    for match in OBJECT_STREAM.finditer(pdf):
        try:
            data = zlib.decompressobj().decompress(pdf[match.end():])
        except zlib.error:
            continue
        found += [m.group(1).decode("latin-1") for m in BASE_FONT.finditer(data)]
    return found


def _family_of(name: str) -> str:
    """The family part of an embedded font's name: 'Noto-Sans-CJK-SC-Bold' -> 'Noto-Sans-CJK-SC'."""
    while True:
        word = next((w for w in STYLE_WORDS if name.endswith("-" + w)), None)
        if word is None:
            return name
        name = name[: -len(word) - 1]


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings and errors: each of them fails the handout being printed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_warnings() -> Iterator[list[str]]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


class Printer:
    """WeasyPrint's state, built once per process: one font configuration (a new one per
    handout leaks memory) and the stylesheets, parsed once and reused for every handout."""

    def __init__(self, css: str, family: str) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.family = family
        self.fonts = FontConfiguration()
        self.base = CSS(string=css, font_config=self.fonts)
        self.variants: dict[tuple[str, float], Any] = {}

    def _variant(self, paper: str, points: float) -> Any:
        """The paper size, the family first, and the base font size."""
        from weasyprint import CSS

        key = (paper, points)
        if key not in self.variants:
            family = self.family.replace("\\", "\\\\").replace('"', '\\"')
            css = (f"@page {{ size: {PAPER[paper]}; }}\n"
                   f'html {{ font-family: "{family}", sans-serif; font-size: {points}pt; }}\n')
            self.variants[key] = CSS(string=css, font_config=self.fonts)
        return self.variants[key]

    def print(self, job: Job) -> Printed:
        """The PDF of `job`: its fullest version that fits one page (when it must), at the
        largest font size at which it fits."""
        from weasyprint import HTML

        with _weasyprint_warnings() as warnings:
            for number, version in enumerate(job.versions):
                document, pages = self._fit(HTML(string=with_qr_codes(version)), job,
                                            floor_first=number > 0)
                if document is not None:
                    break
            else:
                return Printed(job.url, None, pages)
            pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
        problems = [f"WeasyPrint: {message}" for message in warnings]
        problems += font_problems(pdf, self.family)
        return Printed(job.url, pdf, len(document.pages), tuple(problems))

    def _fit(self, html: Any, job: Job, *, floor_first: bool = False) -> tuple[Any, int]:
        """The document at the largest size that fits one page, or (None, pages at the floor).

        Each try is a full layout (about half a second), so: the largest size first (most
        sheets fit at once), then the floor (a sheet that is too long fails at once), then
        halve the sizes between the largest known to overflow and the smallest known to fit.
        A shorter version of a sheet whose fuller one did not fit (`floor_first`) is likely to
        be long too: the floor first, so that one layout tells it does not fit either.
        """
        sizes = job.font_sizes
        if not job.one_page:
            document = self._layout(html, job.paper, sizes[0])
            return document, len(document.pages)
        overflow, fits = -1, len(sizes) - 1  # -1: the largest size is not tried yet
        if not floor_first:
            document = self._layout(html, job.paper, sizes[0])
            if len(document.pages) == 1:
                return document, 1
            overflow = 0
        if overflow < fits:
            document = self._layout(html, job.paper, sizes[fits])
            if len(document.pages) > 1:
                return None, len(document.pages)
        elif len(document.pages) > 1:  # one size only, and it overflowed
            return None, len(document.pages)
        while fits - overflow > 1:
            middle = (overflow + fits) // 2
            attempt = self._layout(html, job.paper, sizes[middle])
            if len(attempt.pages) == 1:
                fits, document = middle, attempt
            else:
                overflow = middle
        return document, 1

    def _layout(self, html: Any, paper: str, points: float) -> Any:
        return html.render(font_config=self.fonts, pdf_variant=PDF_VARIANT,
                           stylesheets=[self.base, self._variant(paper, points)])


def with_qr_codes(html: str) -> str:
    """Draw each QR code placeholder (`<svg class="qr" data-qr="URL"><title>…`) as a QR code.

    Drawing a code takes about 40 ms, so it happens here, only for handouts that are printed,
    and not in the HTML that the cache key is made from (the code depends only on the URL).
    """
    import segno

    def draw(match: re.Match[str]) -> str:
        url, title = html_lib.unescape(match.group(1)), html_lib.unescape(match.group(2))
        code = segno.make(url, error="m", micro=False)
        return str(code.svg_inline(border=4, omitsize=True, svgclass="qr", title=title))

    return QR_CODE.sub(draw, html)


class PdfCache:
    """Printed PDFs, by a hash of everything a PDF depends on: its HTML, paper and font sizes,
    the CSS, the font family and its files, and the versions of WeasyPrint and segno."""

    def __init__(self, folder: Path, css: str, family: str, fonts: tuple[str, ...]) -> None:
        from importlib.metadata import version

        self.folder = folder
        self.base = [version("weasyprint"), version("segno"), css, family,
                     *(f"{path}:{os.stat(path).st_size}" for path in fonts)]

    def _path(self, job: Job) -> Path:
        digest = hashlib.sha256()
        for part in (*self.base, job.paper, repr(job.font_sizes), str(job.one_page),
                     *job.versions):
            digest.update(part.encode("utf-8") + b"\0")
        return self.folder / f"{digest.hexdigest()}.pdf"

    def get(self, job: Job) -> bytes | None:
        """The PDF printed before from exactly this input, if it is kept and is a PDF (a
        damaged or unreadable file is printed again)."""
        try:
            data = self._path(job).read_bytes()
        except OSError:
            return None
        return data if data.startswith(b"%PDF-") and b"%%EOF" in data[-64:] else None

    def put(self, job: Job, pdf: bytes) -> None:
        """Keep a PDF; written atomically, so a killed build never leaves half a file. A cache
        that cannot be written is skipped (the build goes on)."""
        path = self._path(job)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(pdf)
            os.replace(partial, path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            log.warning("%s: PDF cache not used (%s)", self.folder, exc.strerror)

    def keep_only(self, jobs: list[Job]) -> None:
        """Remove every PDF but those of `jobs`, so the cache does not grow without end."""
        wanted = {self._path(job) for job in jobs}
        try:
            for path in self.folder.glob("*"):
                if path not in wanted:
                    path.unlink()
        except OSError:
            pass  # a read-only cache: it was not written either


_printer: Printer | None = None  # one per worker process


def _init_worker(css: str, family: str) -> None:
    global _printer
    _printer = Printer(css, family)


def _print_in_worker(job: Job) -> Printed:
    assert _printer is not None
    return _printer.print(job)


def print_all(jobs: list[Job], css: str, family: str, *, processes: int) -> list[Printed]:
    """Print every job, over `processes` forked worker processes when there is more than one."""
    processes = min(processes, len(jobs))
    if not jobs:
        return []
    if processes == 1:
        printer = Printer(css, family)
        return [printer.print(job) for job in jobs]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(processes, mp_context=context, initializer=_init_worker,
                             initargs=(css, family)) as pool:
        return list(pool.map(_print_in_worker, jobs))

