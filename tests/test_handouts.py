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

from sitegen.pages.calculator import percent, table

from .conftest import REPO, copy_site, edit, run

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
      "12333", "https://hrss.gd.gov.cn/", "Next check by 22 May 2027"]),
    # A fallback: the English handout of a guide only written in Chinese opens the original.
    ("en/handouts/guide-medical-insurance-a4.pdf", "/zh/guides/medical-insurance/",
     "灵活就业人员的医疗保险", ["两种医保", "职工医保待遇更高，居民医保缴费更少。"]),
    # The tools: a plan of the guided check (its steps, each with why: a procedure Guangdong
    # has and a national guide; A4 only), the calculator, the scenarios.
    ("zh/handouts/check-flexible-guangdong-ab-a4.pdf",
     "/zh/check/food-delivery/guangdong/contract-no/", "没有单位也能参保",
     ["广东省", "在广东以灵活就业人员身份参加养老保险", "养老保险要交够最低年限",
      "灵活就业人员的医疗保险", "看病是最常见的花费。", "12333人社服务热线"]),
    ("en/handouts/check-flexible-guangdong-ab-a4.pdf",
     "/en/check/food-delivery/guangdong/contract-no/", "Insured without an employer",
     ["Enrol in the pension as a flexible worker in Guangdong", "灵活就业人员的医疗保险",
      "12333 Social security hotline", "Medical bills are the most common cost."]),
    ("en/handouts/calculator-a4.pdf", "/en/calculator/", "Pension contribution calculator",
     ["between 60% and 300%", "Per quarter", "pooled fund 7.2%, personal account 4.8%",
      "confirm with 12333 or your local social insurance office"]),
    ("zh/handouts/calculator-a5.pdf", "/zh/calculator/", "养老保险缴费计算器",
     ["每季度", "常见选择：60岁退休", "请打12333"]),
    ("zh/handouts/scenarios-a4.pdf", "/zh/scenarios/", "如果出了事……",
     ["外卖骑手送单路上摔伤了", "有社保：他一直按时交医保", "没有社保：没有任何保障",
      "网约车司机到了退休年龄", "以灵活就业人员身份参加职工养老保险"]),
    ("en/handouts/scenarios-a5.pdf", "/en/scenarios/", "Insured or not: four stories",
     ["A rider is hurt on a delivery", "A ride-hailing driver reaches retirement age",
      "Uninsured: He did not pay or not for long enough",
      "What to do now: Enrol in the employee pension as a flexible worker · "]),
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


def copy_with_cache(built: Path, dest: Path) -> Path:
    """A fresh copy of the mini site with the PDF cache of `built`: its build prints only the
    handouts whose input changed, which keeps the tests that build a broken site quick."""
    site = copy_site("mini", dest)
    shutil.copytree(built / ".cache", site / ".cache")
    return site




def test_every_guide_procedure_and_tool_has_both_sizes_and_each_province_a_pack(
        site: Path) -> None:
    names = sorted(pdfs(site / "public"))
    expected = sorted(f"{lang}/handouts/{name}" for lang in ("zh", "en") for name in (
        "guangdong-pack.pdf", "group-food-delivery-pack.pdf", "group-courier-pack.pdf",
        "group-other-flexible-pack.pdf",
        *(f"{key}-{size}.pdf" for size in ("a4", "a5") for key in (
            "guide-pension-flexible-workers", "guide-medical-insurance",
            "procedure-guangdong-enroll-pension", "calculator", "scenarios")),
        # The check's plans, on A4 only: one for each plan that prints differently.
        "check-employer-guangdong-a-a4.pdf", "check-flexible-guangdong-ab-a4.pdf"))
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


def test_a_plan_flyer_says_what_to_do_bring_and_where(site: Path) -> None:
    """Each step of a flyer of what to do first carries the actions of the page it leads to:
    the procedure's first steps, its documents and its channels; a guide's steps."""
    for size in ("a4",):
        text = squash(tool("pdftotext", "-enc", "UTF-8", str(
            site / "public" / f"en/handouts/check-flexible-guangdong-ab-{size}.pdf"), "-"), "en")
        assert ("What to do: Open the Guangdong portal → Choose a contribution base"
                in text), text
        assert "Bring: Resident identity card" in text
        assert "Where: Guangdong Department of Human Resources and Social Security" in text
        assert "What to do: 两种医保" in text  # a guide only written in Chinese, marked so


def test_a5_prints_the_explanations_when_they_fit(site: Path) -> None:
    """A sheet drops detail only when it does not fit: the mini site's A5 keeps them."""
    text = squash(tool("pdftotext", "-enc", "UTF-8", str(
        site / "public/en/handouts/guide-pension-flexible-workers-a5.pdf"), "-"), "en")
    assert "Most delivery riders can enrol." in text and "Pay every month" in text


def test_group_pack_has_a_cover_and_the_groups_guides(site: Path) -> None:
    path = site / "public/zh/handouts/group-food-delivery-pack.pdf"
    text = squash(tool("pdftotext", "-enc", "UTF-8", str(path), "-"), "zh")
    assert "写给外卖骑手的社保宣传单" in text and "目录" in text
    assert text.count("以灵活就业人员身份参加职工养老保险") >= 2  # contents and its page
    assert "灵活就业人员的医疗保险" not in text  # a guide for other workers
    assert re.search(r"^Pages:\s+2$", tool("pdfinfo", str(path)), re.M)


@pytest.mark.parametrize("size", ["a4", "a5"])
def test_calculator_handout_has_the_whole_table(site: Path, size: str) -> None:
    """Every row of the page's table, in order: base, month, quarter, year, and on A4 where it
    goes (the A5 sheet, short of room beside the pension estimates, leaves that column out:
    the rule above the table says it)."""
    path = site / "public" / f"en/handouts/calculator-{size}.pdf"
    text = squash(tool("pdftotext", "-enc", "UTF-8", str(path), "-"), "en")
    assert "12 points go into the pooled fund and 8 points into your personal account" in text
    for row in table():
        month = row["month"]
        cells = [f"{month.base}%", *(percent(row[p].total) for p in ("month", "quarter", "year"))]
        if size == "a4":
            cells.append(f"pooled fund {percent(month.pooled)}, personal account "
                         f"{percent(month.personal)}")
        assert " ".join(cells) in text, (cells, text)


@pytest.mark.parametrize("size", ["a4", "a5"])
def test_calculator_handout_has_the_pension_estimates(site: Path, size: str) -> None:
    """The page's no-JavaScript table of estimates: every base and number of years, each total
    as the page shows it, and that it is an estimate to confirm with 12333."""
    from sitegen.pages.calculator import pension_table, tenths

    path = site / "public" / f"en/handouts/calculator-{size}.pdf"
    text = squash(tool("pdftotext", "-enc", "UTF-8", str(path), "-"), "en")
    assert "Typical choices, retiring at 60 (139 months)" in text, text
    for row in pension_table():
        assert f"{row[0].base}%" in text
        for estimate in row:
            assert tenths(estimate.total) in text, (estimate, text)
    assert "This is an estimate, not what you will be paid: confirm with 12333" in text
    zh = squash(tool("pdftotext", "-enc", "UTF-8", str(
        site / "public" / f"zh/handouts/calculator-{size}.pdf"), "-"), "zh")
    assert "常见选择：60岁退休（计发月数139）" in zh and "这只是估算" in zh


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
                      ("zh/handouts/guangdong-pack.pdf", "pack-zh"),
                      ("zh/handouts/check-flexible-guangdong-ab-a4.pdf", "check-plan-zh-a4"),
                      ("en/handouts/calculator-a5.pdf", "calculator-en-a5"),
                      ("en/handouts/scenarios-a4.pdf", "scenarios-en-a4")):
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
    for url, name in (("en/calculator/", "calculator"), ("zh/scenarios/", "scenarios")):
        html = (public / url / "index.html").read_text("utf-8")
        for size in ("a4", "a5"):
            assert f'href="/{url[:2]}/handouts/{name}-{size}.pdf"' in html, (url, size)
    plan = (public / "zh/check/food-delivery/guangdong/contract-no/index.html").read_text("utf-8")
    assert 'href="/zh/handouts/check-flexible-guangdong-ab-a4.pdf"' in plan
    assert "-a5.pdf" not in plan
    listing = (public / "zh/handouts/index.html").read_text("utf-8")
    assert 'href="#topic-pension"' in listing and 'id="topic-pension"' in listing
    tools = listing[listing.index('<section id="tools"'):]  # the tools' section, at the end
    assert '<h2 id="tools-title">工具</h2>' in tools and "/handouts/check-" not in listing
    for name in ("calculator", "scenarios"):
        for size in ("a4", "a5"):
            assert f'href="/zh/handouts/{name}-{size}.pdf"' in tools, (name, size)
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


def test_unchanged_handouts_come_from_the_cache(site: Path, tmp_path: Path) -> None:
    site = copy_with_cache(site, tmp_path)
    assert run("build", "--root", str(site), "--no-search").exit_code == 0
    cache = site / ".cache/handouts"
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(before) == 32  # 24 flyers, a province's booklet and 3 groups', in 2 languages
    guide = site / GUIDE_EN
    guide.write_text(guide.read_text("utf-8").replace("## Pay every month",
                                                      "## Pay each month"), "utf-8")
    assert run("build", "--root", str(site), "--no-search").exit_code == 0
    after = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    # that guide's A4 and A5, and the booklets of the two groups it is for
    assert len(after) == 32 and len(set(after) - set(before)) == 4
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


def test_content_too_long_for_one_page_names_the_file(site: Path, tmp_path: Path) -> None:
    broken = copy_with_cache(site, tmp_path)
    long_summary = "外卖配送员一般都可以参保，" * 400  # the summary is on both sizes
    edit(broken, GUIDE_ZH, "summary: 没有单位也能交职工养老保险。", "summary: " + long_summary)
    # A plan step's reason is dropped when it does not fit (plans have only A4); a story's
    # title is on every version; the calculator's rule is an interface string.
    edit(broken, "data/check.yaml", "看病是最常见的花费。", "看病是最常见的花费。" * 300)
    edit(broken, "data/scenarios.yaml", "A rider is hurt on a delivery",
         "A rider is hurt on a delivery " * 500)
    edit(broken, "templates/i18n/en.yaml", "You usually pay {total}% of the base",
         "You usually pay {total}% of the base" * 300)
    result = run("build", "--root", str(broken), "--no-search")
    assert result.exit_code == 1
    assert (f"{GUIDE_ZH}: error: the A4 handout /zh/handouts/guide-pension-flexible-workers-a4.pdf"
            " does not fit on one page, even at 11.0pt with the least detail") in result.output
    assert f"{GUIDE_ZH}: error: the A5 handout" in result.output
    # The plan prints without the reasons (its page has them): no error.
    assert "check-flexible-guangdong-ab-a4.pdf does not fit" not in result.output
    for size in ("A4", "A5"):
        assert (f"data/scenarios.yaml: error: the {size} handout "
                f"/en/handouts/scenarios-{size.lower()}.pdf does not fit") in result.output
        assert (f"templates/i18n/en.yaml: error: the {size} handout "
                f"/en/handouts/calculator-{size.lower()}.pdf does not fit") in result.output
    assert not (broken / "public").exists()


def test_a_character_the_cjk_font_lacks_fails_the_handout(site: Path, tmp_path: Path) -> None:
    """A fallback font (DejaVu for ☐) or a missing glyph (private use U+E000) is refused."""
    site = copy_with_cache(site, tmp_path)
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
