"""PDF handouts: one page, the configured CJK font only, text and QR code readable back,
tagged with a language, deterministic, refused when the font or the length is wrong.

Checked with the tools a reader's printer shop would trust more than our own code: poppler's
pdfinfo, pdffonts, pdftotext and pdftoppm, and zbarimg for the QR codes.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from .conftest import REPO, copy_site, run

BASE = "https://shebao-guide.netlify.app"
GUIDE_ZH = "content/guides/pension-flexible-workers/zh-CN.md"
GUIDE_EN = "content/guides/pension-flexible-workers/en.md"
ARTIFACTS = REPO / "test-artifacts"

# (handout, its page, title, steps) for each language and kind.
HANDOUTS = [
    ("zh/handouts/guide-pension-flexible-workers-a4.pdf", "/zh/guides/pension-flexible-workers/",
     "以灵活就业人员身份参加职工养老保险", ["确认自己可以参保", "选择缴费基数", "按月缴费",
                                            "外卖配送员一般都可以参保。"]),
    ("en/handouts/guide-pension-flexible-workers-a5.pdf", "/en/guides/pension-flexible-workers/",
     "Enrol in the employee pension as a flexible worker",
     ["Check that you can enrol", "Choose a contribution base", "Pay every month"]),
    ("zh/handouts/procedure-guangdong-enroll-pension-a5.pdf",
     "/zh/provinces/guangdong/enroll-pension/", "在广东以灵活就业人员身份参加养老保险",
     ["打开广东人社网站", "选择缴费基数", "居民身份证", "12333"]),
    ("en/handouts/procedure-guangdong-enroll-pension-a4.pdf",
     "/en/provinces/guangdong/enroll-pension/",
     "Enrol in the pension as a flexible worker in Guangdong",
     ["Open the Guangdong portal", "Choose a contribution base", "Resident identity card",
      "12333", "https://hrss.gd.gov.cn/"]),
    # A fallback: the English handout of a guide only written in Chinese opens the original.
    ("en/handouts/guide-medical-insurance-a4.pdf", "/zh/guides/medical-insurance/",
     "灵活就业人员的医疗保险", ["两种医保", "职工医保待遇更高，居民医保缴费更少。"]),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini site, built once with its handouts."""
    site = copy_site("mini", tmp_path_factory.mktemp("handouts"))
    result = run("build", "--root", str(site), "--no-search")
    assert result.exit_code == 0, result.output
    return site


def tool(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pdfs(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.pdf"))}


def squash(text: str, lang: str) -> str:
    """Text without the line breaks of layout (Chinese has no spaces between words)."""
    return re.sub(r"\s+", "" if lang == "zh" else " ", text).strip()


def test_every_guide_and_procedure_has_both_sizes_and_each_province_a_pack(site: Path) -> None:
    names = sorted(pdfs(site / "public"))
    expected = sorted(f"{lang}/handouts/{name}" for lang in ("zh", "en") for name in (
        "guangdong-pack.pdf",
        *(f"{key}-{size}.pdf" for size in ("a4", "a5") for key in (
            "guide-pension-flexible-workers", "guide-medical-insurance",
            "procedure-guangdong-enroll-pension"))))
    assert names == expected


@pytest.mark.parametrize(("name", "url", "title", "steps"), HANDOUTS)
def test_handout_is_one_tagged_page_with_title_and_language(
        site: Path, name: str, url: str, title: str, steps: list[str]) -> None:
    path = site / "public" / name
    info = tool("pdfinfo", str(path))
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    assert re.search(rf"^Title:\s+{re.escape(title)}$", info, re.M), info
    assert re.search(r"^Subject:\s+\S", info, re.M), info  # the description
    assert re.search(r"^CreationDate:.*2026", info, re.M), info  # the review date, no clock
    size = "595.276 x 841.89" if name.endswith("a4.pdf") else "419.528 x 595.276"
    assert size in info
    lang = "zh-CN" if name.startswith("zh/") else "en"
    assert f"/Lang ({lang})".encode() in pdf_objects(path.read_bytes())


@pytest.mark.parametrize(("name", "url", "title", "steps"), HANDOUTS)
def test_text_comes_back_out(site: Path, name: str, url: str, title: str,
                             steps: list[str]) -> None:
    lang = "en" if title.isascii() else "zh"
    text = squash(tool("pdftotext", "-enc", "UTF-8", str(site / "public" / name), "-"), lang)
    for expected in (title, *steps):
        assert squash(expected, lang) in text, (expected, text)


def test_a5_is_the_short_version(site: Path) -> None:
    """A5 prints step titles without their explanations; A4 has both."""
    def text(name: str) -> str:
        return squash(tool("pdftotext", "-enc", "UTF-8", str(site / "public" / name), "-"), "en")
    a4 = text("en/handouts/guide-pension-flexible-workers-a4.pdf")
    a5 = text("en/handouts/guide-pension-flexible-workers-a5.pdf")
    assert "Most delivery riders can enrol." in a4
    assert "Most delivery riders can enrol." not in a5 and "Pay every month" in a5


@pytest.mark.parametrize("name", [h[0] for h in HANDOUTS] + ["zh/handouts/guangdong-pack.pdf"])
def test_only_the_configured_cjk_font_embedded_and_subset(site: Path, name: str) -> None:
    lines = tool("pdffonts", str(site / "public" / name)).splitlines()[2:]
    assert lines
    for line in lines:
        match = re.match(r"(\S+)\s.*\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", line)
        assert match, line
        font, embedded, subset = match.group(1), match.group(2), match.group(3)
        assert re.fullmatch(r"[A-Z]{6}\+Noto-Sans-CJK-SC(-Bold)?", font), line
        assert (embedded, subset) == ("yes", "yes"), line


@pytest.mark.parametrize(("name", "url", "title", "steps"), HANDOUTS)
def test_qr_code_opens_the_live_page(site: Path, tmp_path: Path, name: str, url: str,
                                     title: str, steps: list[str]) -> None:
    image = tmp_path / "page"
    tool("pdftoppm", "-r", "150", "-png", "-singlefile", str(site / "public" / name), str(image))
    assert tool("zbarimg", "--raw", "-q", f"{image}.png").strip() == BASE + url


def test_page_images_for_people_to_look_at(site: Path) -> None:
    """PNGs of two handouts in test-artifacts/ (git-ignored), to check the layout by eye."""
    ARTIFACTS.mkdir(exist_ok=True)
    for name, png in (("zh/handouts/guide-pension-flexible-workers-a4.pdf", "handout-zh-a4"),
                      ("en/handouts/guide-pension-flexible-workers-a5.pdf", "handout-en-a5"),
                      ("zh/handouts/guangdong-pack.pdf", "pack-zh")):
        tool("pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", "-singlefile",
             str(site / "public" / name), str(ARTIFACTS / png))
        assert (ARTIFACTS / f"{png}.png").stat().st_size > 10_000


def test_pack_has_cover_contents_and_every_procedure(site: Path) -> None:
    path = site / "public/zh/handouts/guangdong-pack.pdf"
    assert re.search(r"^Pages:\s+2$", tool("pdfinfo", str(path)), re.M)
    text = squash(tool("pdftotext", "-enc", "UTF-8", str(path), "-"), "zh")
    assert "广东省社保办事指南" in text and "目录" in text
    assert text.count("在广东以灵活就业人员身份参加养老保险") == 2  # contents and its page


def test_pages_link_their_handouts_and_the_list_has_sizes(site: Path) -> None:
    public = site / "public"
    guide = (public / "zh/guides/pension-flexible-workers/index.html").read_text("utf-8")
    for size in ("a4", "a5"):
        href = f"/zh/handouts/guide-pension-flexible-workers-{size}.pdf"
        assert f'href="{href}"' in guide and (public / href.lstrip("/")).is_file()
    procedure = (public / "en/provinces/guangdong/enroll-pension/index.html").read_text("utf-8")
    assert 'href="/en/handouts/procedure-guangdong-enroll-pension-a5.pdf"' in procedure
    listing = (public / "zh/handouts/index.html").read_text("utf-8")
    assert 'href="#topic-pension"' in listing and 'id="topic-pension"' in listing
    assert 'href="#province-guangdong"' in listing and 'id="province-guangdong"' in listing
    assert 'href="/zh/handouts/guangdong-pack.pdf"' in listing
    kb = round((public / "zh/handouts/guangdong-pack.pdf").stat().st_size / 1024)
    assert f"PDF, {kb} KB" in listing
    for href in re.findall(r'href="([^"]+\.pdf)"', listing):
        assert (public / href.lstrip("/")).is_file(), href


def test_no_pdf_build_links_no_pdf(tmp_path: Path) -> None:
    site = copy_site("mini", tmp_path)
    result = run("build", "--root", str(site), "--no-pdf", "--no-search")
    assert result.exit_code == 0, result.output
    assert not list((site / "public").rglob("*.pdf"))
    for page in (site / "public").rglob("*.html"):
        assert ".pdf" not in page.read_text("utf-8"), page
    listing = (site / "public/en/handouts/index.html").read_text("utf-8")
    assert "not available in this version" in listing


def test_two_builds_give_byte_identical_pdfs(site: Path, tmp_path: Path) -> None:
    """Printed afresh (no cache), in two processes: the same bytes, however often it runs."""
    again = copy_site("mini", tmp_path)
    result = run("build", "--root", str(again), "--no-search", "--jobs", "2")
    assert result.exit_code == 0, result.output
    first, second = pdfs(site / "public"), pdfs(again / "public")
    assert first.keys() == second.keys()
    assert {k: hashlib.sha256(v).hexdigest() for k, v in first.items()} == {
        k: hashlib.sha256(v).hexdigest() for k, v in second.items()}


def test_unchanged_handouts_come_from_the_cache(tmp_path: Path) -> None:
    site = copy_site("mini", tmp_path)
    assert run("build", "--root", str(site), "--no-search").exit_code == 0
    cache = site / ".cache/handouts"
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(before) == 14
    guide = site / GUIDE_EN
    guide.write_text(guide.read_text("utf-8").replace("## Pay every month",
                                                      "## Pay each month"), "utf-8")
    assert run("build", "--root", str(site), "--no-search").exit_code == 0
    after = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(after) == 14 and len(set(after) - set(before)) == 2  # only that guide's A4, A5
    assert all(after[name] == before[name] for name in set(after) & set(before))


def test_missing_cjk_font_fails_before_any_pdf(tmp_path: Path) -> None:
    site = copy_site("mini", tmp_path)
    config = site / "site.yaml"
    config.write_text(config.read_text("utf-8").replace(
        "cjk_font: Noto Sans CJK SC", "cjk_font: Noto Sans CJK XX"), "utf-8")
    result = run("build", "--root", str(site), "--no-search")
    assert result.exit_code == 1
    assert "site.yaml: error: cjk_font 'Noto Sans CJK XX' is not installed" in result.output
    assert "fonts-noto-cjk" in result.output
    assert not list(site.rglob("*.pdf")) and not (site / "public").exists()


def test_content_too_long_for_one_page_names_the_file(tmp_path: Path) -> None:
    site = copy_site("mini", tmp_path)
    guide = site / GUIDE_ZH
    long_summary = "外卖配送员一般都可以参保，" * 400  # the summary is on both sizes
    guide.write_text(guide.read_text("utf-8").replace(
        "summary: 没有单位也能交职工养老保险。", "summary: " + long_summary), "utf-8")
    result = run("build", "--root", str(site), "--no-search")
    assert result.exit_code == 1
    assert (f"{GUIDE_ZH}: error: the A4 handout /zh/handouts/guide-pension-flexible-workers-a4.pdf"
            " does not fit on one page, even at 9.0pt") in result.output
    assert f"{GUIDE_ZH}: error: the A5 handout" in result.output
    assert not (site / "public").exists()


def test_a_character_the_cjk_font_lacks_fails_the_handout(tmp_path: Path) -> None:
    """A fallback font (DejaVu for ☐) or a missing glyph (private use U+E000) is refused."""
    site = copy_site("mini", tmp_path)
    for name, old, new in ((GUIDE_ZH, "外卖配送员一般都可以参保。", "☐ 外卖配送员一般都可以参保。"),
                           (GUIDE_EN, "Most delivery riders can enrol.", "Most riders \ue000 can.")):
        path = site / name
        path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
    result = run("build", "--root", str(site), "--no-search")
    assert result.exit_code == 1
    assert re.search(rf"{GUIDE_ZH}: error: handout /zh/handouts/guide-pension-flexible-workers-a4"
                     r"\.pdf: the PDF embeds font 'DejaVu-Sans", result.output), result.output
    assert re.search(rf"{GUIDE_EN}: error: handout /en/handouts/guide-pension-flexible-workers-a4"
                     r"\.pdf: WeasyPrint: \.notdef glyph", result.output), result.output
    assert not (site / "public").exists()


def pdf_objects(data: bytes) -> bytes:
    """The PDF with its compressed streams (object streams too) inflated, to search in."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end():]))
        except zlib.error:
            continue
    return b"\n".join(parts)


@pytest.fixture(autouse=True, scope="module")
def _tools_present() -> None:
    missing = [t for t in ("pdfinfo", "pdffonts", "pdftotext", "pdftoppm", "zbarimg")
               if shutil.which(t) is None]
    if missing:
        pytest.fail(f"install poppler-utils and zbar-tools (`make test` does): {missing}")
