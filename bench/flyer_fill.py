"""How much of the printable height each handout fills: every page of every PDF under a built
site's handouts, rendered to a small grey image by poppler's pdftoppm, its inked rows found, and
the extent from the first inked row to the last taken over the page height inside the margins.
It also reads each flyer's body text size: the size most of its glyphs are set in (`Tf` in the
PDF's content, in CSS pixels, at WeasyPrint's 0.75 pt a pixel).

A flyer that fills less than `FLOOR` of it wastes paper that outreach teams pay for; the test
(tests/test_flyer_fill.py) holds every one-page flyer to it. The script prints the lowest and
median fill per paper size, and the flyers below the floor:

    .venv/bin/python bench/flyer_fill.py                  # builds the site with its PDFs first
    .venv/bin/python bench/flyer_fill.py --site public    # measures an existing build
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
FLOOR = 0.70
DPI = 24  # a row is about 1 mm: enough to find the text's extent, and quick
MARGIN_MM = 12.0  # templates/handout.css's @page margin
INK = 200  # a grey level below this (of 255) is ink; paper is 255, light rules stay ink
MM_PER_INCH = 25.4


BODY_FLOOR = {"a4": 11.0, "a5": 9.0}  # pt, sheets.FONT_SIZES' floors
SET_SIZE = re.compile(rb"/[\w.+-]+ ([\d.]+) Tf")
STREAM = re.compile(rb"stream\r?\n")
HEX_STRING = re.compile(rb"<([0-9a-fA-F]+)>")
PT_PER_PX = 0.75
FOOTER_EM = 0.85  # .meta's font size in templates/handout.css


def body_size(pdf: bytes) -> float:
    """The size in points that most of a PDF's body glyphs are set in. Each `Tf` counts the
    glyphs of the hex strings up to the next one (WeasyPrint writes glyph ids as hex). The
    footer (address, review dates, sources) is set at FOOTER_EM of the body size by design
    (templates/handout.css) and is often the longest text: a size that is FOOTER_EM of another
    size on the sheet is the footer's and is not counted."""
    import collections
    import zlib

    sizes: collections.Counter[float] = collections.Counter()
    for match in STREAM.finditer(pdf):
        try:
            data = zlib.decompressobj().decompress(pdf[match.end():])
        except zlib.error:
            continue
        runs = list(SET_SIZE.finditer(data))
        for run, following in zip(runs, [*runs[1:], None], strict=False):
            text = data[run.end():following.start() if following else len(data)]
            glyphs = sum(len(h) for h in HEX_STRING.findall(text)) // 4
            sizes[round(float(run.group(1)) * PT_PER_PX, 2)] += glyphs
    footer = {size for size in sizes
              if any(abs(size - FOOTER_EM * other) < 0.05 for other in sizes)}
    body = [(glyphs, size) for size, glyphs in sizes.items() if size not in footer]
    return round(max(body)[1], 1) if body else 0.0


@dataclass(frozen=True)
class Fill:
    """One page of one handout: the share of the printable height its content spans."""

    pdf: str  # the path under public/, e.g. "zh/handouts/calculator-a4.pdf"
    page: int  # from 1
    fill: float
    body_pt: float = 0.0  # the PDF's body text size

    @property
    def size(self) -> str:
        """"a4", "a5", or "pack" for a booklet (a province's or a worker group's)."""
        stem = Path(self.pdf).stem
        return stem.rsplit("-", 1)[-1] if stem.endswith(("-a4", "-a5")) else "pack"


def page_fill(rows: Iterable[int], height: int, dpi: int = DPI) -> float:
    """The extent of the inked `rows` of a page `height` pixels high, over its printable height."""
    inked = sorted(rows)
    if not inked:
        return 0.0
    margin = MARGIN_MM / MM_PER_INCH * dpi
    return (inked[-1] - inked[0] + 1) / (height - 2 * margin)


def inked_rows(png: Path) -> tuple[list[int], int]:
    """The rows of a page image with any ink, and the image's height."""
    from PIL import Image

    with Image.open(png) as image:
        grey = image.convert("L")
        width, height = grey.size
        pixels = grey.load()
        assert pixels is not None
        rows = [y for y in range(height)
                if any(int(pixels[x, y]) < INK for x in range(width))]  # type: ignore[arg-type]
    return rows, height


def pdf_fills(public: Path, pdf: Path, dpi: int = DPI) -> list[Fill]:
    """The fill of every page of `pdf`."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf),
                        f"{folder}/page"], check=True, capture_output=True)
        pages = sorted(Path(folder).glob("page*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        name, body = pdf.relative_to(public).as_posix(), body_size(pdf.read_bytes())
        return [Fill(name, number, page_fill(*inked_rows(png), dpi=dpi), body)
                for number, png in enumerate(pages, 1)]


def measure(public: Path) -> list[Fill]:
    """The fill of every page of every handout of a built site."""
    pdfs = sorted(public.glob("*/handouts/*.pdf"))
    with ThreadPoolExecutor() as pool:
        return [fill for fills in pool.map(lambda p: pdf_fills(public, p), pdfs)
                for fill in fills]


def summary(fills: list[Fill]) -> list[str]:
    """Lines of the report: per size the count, lowest and median fill, then those under FLOOR."""
    lines = []
    for size in ("a4", "a5", "pack"):
        of_size = [f for f in fills if f.size == size]
        if not of_size:
            continue
        lowest = min(of_size, key=lambda f: f.fill)
        lines.append(f"{size:5} {len(of_size):4} pages  lowest {lowest.fill:6.1%} "
                     f"({lowest.pdf} p{lowest.page})  median "
                     f"{statistics.median(f.fill for f in of_size):6.1%}  body text "
                     f"{min(f.body_pt for f in of_size):g}-{max(f.body_pt for f in of_size):g} pt")
    under = [f for f in fills if f.size != "pack" and f.fill < FLOOR]
    lines.append(f"flyers under {FLOOR:.0%}: {len(under)}")
    lines += [f"  {f.fill:6.1%}  {f.pdf}" for f in sorted(under, key=lambda f: f.fill)]
    small = [f for f in fills if f.size in BODY_FLOOR and f.body_pt < BODY_FLOOR[f.size]]
    lines.append(f"flyers with body text under 11 pt (A4) or 9 pt (A5): {len(small)}")
    lines += [f"  {f.body_pt:g} pt  {f.pdf}" for f in small]
    return lines


@click.command()
@click.option("--site", "public", type=click.Path(path_type=Path, file_okay=False),
              help="A built public/ folder with its handouts; without it the site is built.")
def main(public: Path | None) -> None:
    """Print the lowest and median fill of the handouts per paper size."""
    if public is None:
        subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--no-search"],
                       check=True, cwd=ROOT)
        public = ROOT / "public"
    for line in summary(measure(public)):
        click.echo(line)


if __name__ == "__main__":
    main()
