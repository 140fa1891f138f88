"""Sources that can be checked: official domains only (unless press or research), the
document's own page rather than a homepage, and the older name/url form still accepted."""

from __future__ import annotations

from pathlib import Path

from .conftest import run

GUIDE = "content/guides/pension-flexible-workers/zh-CN.md"
PROVINCE = "provinces/guangdong.yaml"
OLD = "  - name: 国家社会保险公共服务平台\n    url: https://si.12333.gov.cn/\n"


def full_source(url: str, kind: str = "") -> str:
    return ("  - issuer: 江苏省人力资源社会保障厅等十部门\n"
            "    title: 关于扩大新就业形态人员职业伤害保障试点工作的通知\n"
            "    number: 苏人社发〔2025〕31号\n"
            "    date: 2025-09-18\n"
            f"    url: {url}\n" + (f"    kind: {kind}\n" if kind else ""))


def set_source(site: Path, text: str) -> int:
    """Put `text` in place of the guide's source; the line of its `url:`."""
    path = site / GUIDE
    body = path.read_text("utf-8")
    assert OLD in body
    path.write_text(body.replace(OLD, text, 1), "utf-8")
    lines = path.read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith("    url: "))


def check(site: Path, *args: str) -> tuple[int, str]:
    result = run("check", "--root", str(site), "--as-of", "2026-11-23", *args)
    return result.exit_code, result.output


def test_a_full_source_with_a_homepage_address_is_a_warning(mini: Path) -> None:
    line = set_source(mini, full_source("https://jshrss.jiangsu.gov.cn/"))
    code, output = check(mini)
    assert code == 0, output
    assert (f"{GUIDE}:{line}:10: warning: this source's address is only a homepage "
            "(https://jshrss.jiangsu.gov.cn/)") in output
    assert "hint: link the page that carries the document itself" in output
    assert check(mini, "--strict")[0] == 1


def test_the_documents_own_page_is_clean_and_shown_with_number_and_date(mini: Path) -> None:
    set_source(mini, full_source("http://jshrss.jiangsu.gov.cn/art/2025/9/18/art_77279_11643909.html"))
    code, output = check(mini)
    assert code == 0 and "homepage (" not in output, output
    assert run("build", "--root", str(mini), "--no-pdf", "--no-search").exit_code == 0
    html = (mini / "public/zh/guides/pension-flexible-workers/index.html").read_text("utf-8")
    assert "苏人社发〔2025〕31号，2025年9月18日" in html


def test_a_domain_outside_the_allow_list_is_an_error(mini: Path) -> None:
    line = set_source(mini, full_source("https://www.example.com/notice/31.html"))
    code, output = check(mini)
    assert code == 1
    assert f"{GUIDE}:{line}:10: error: 'www.example.com' is not an official domain" in output
    assert "official domains (site.yaml, official_domains): gov.cn" in output
    assert run("build", "--root", str(mini), "--no-pdf", "--no-search").exit_code == 1


def test_press_and_research_sources_may_be_anywhere(mini: Path) -> None:
    set_source(mini, full_source("https://www.example.com/notice/31.html", "press"))
    code, output = check(mini)
    assert code == 0, output
    assert run("build", "--root", str(mini), "--no-pdf", "--no-search").exit_code == 0
    html = (mini / "public/zh/guides/pension-flexible-workers/index.html").read_text("utf-8")
    assert "2025年9月18日，新闻报道" in html


def test_the_allow_list_comes_from_site_yaml(mini: Path) -> None:
    set_source(mini, full_source("https://www.example.com/notice/31.html"))
    with (mini / "site.yaml").open("a", encoding="utf-8") as out:
        out.write("official_domains: [gov.cn, example.com]\n")
    assert check(mini)[0] == 0
    text = (mini / PROVINCE).read_text("utf-8").replace("https://hrss.gd.gov.cn/\n    last",
                                                         "https://gd.example.org/a\n    last")
    (mini / PROVINCE).write_text(text, "utf-8")
    code, output = check(mini)
    assert code == 1 and "'gd.example.org' is not an official domain" in output


def test_the_older_form_is_valid_and_counted_not_warned(mini: Path) -> None:
    code, output = check(mini)
    assert code == 0 and "homepage (" not in output
    # Two in data/check.yaml, one for each plan of the guided check.
    assert ("Sources in the older form that cite only a homepage: 6 in 5 files" in output
            and "`sitegen check --sources` lists them." in output)
    code, output = check(mini, "--sources")
    assert f"      1  {GUIDE}" in output.splitlines()


def test_a_source_names_either_a_name_or_an_issuer_and_title(mini: Path) -> None:
    set_source(mini, "  - name: 国家社会保险公共服务平台\n    issuer: 人社部\n"
                     "    url: https://si.12333.gov.cn/\n")
    code, output = check(mini)
    assert code == 1
    assert "write either `name:` (the older form) or `issuer:` and `title:`, not both" in output
    path = mini / GUIDE
    path.write_text(path.read_text("utf-8").replace(
        "  - name: 国家社会保险公共服务平台\n    issuer", "  - issuer"), "utf-8")
    code, output = check(mini)
    assert code == 1 and "a source needs `issuer:` and `title:`" in output


def test_a_draft_may_keep_a_homepage_until_it_is_published(mini: Path) -> None:
    set_source(mini, full_source("https://jshrss.jiangsu.gov.cn/"))
    path = mini / GUIDE
    path.write_text(path.read_text("utf-8").replace("related:", "draft: true\nrelated:", 1))
    _, output = check(mini)
    assert "homepage (" not in output
