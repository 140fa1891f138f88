"""What the search index is given: Chinese spaced for substring search, extras, ids."""

from __future__ import annotations

import json
from pathlib import Path

from sitegen.search.index import READING, space_cjk

from .conftest import copy_site, run


def test_cjk_text_is_spaced_but_tags_and_meta_are_not() -> None:
    html = '<p class="a">社保卡 ok</p><span data-pagefind-meta="title">社保卡</span>'
    assert space_cjk(html) == '<p class="a">社 保 卡 ok</p><span data-pagefind-meta="title">社保卡</span>'


def test_latin_text_is_unchanged() -> None:
    assert space_cjk("<p>social insurance</p>") == "<p>social insurance</p>"


def test_catalogue_maps_every_result_id_to_its_page(tmp_path: Path) -> None:
    site = copy_site("mini", tmp_path)
    assert run("build", "--root", str(site), "--no-pdf").exit_code == 0
    public = site / "public"
    entries = json.loads((public / "zh/search/catalogue.json").read_text("utf-8"))
    by_url = {e["url"]: e for e in entries}
    guide = by_url["/zh/guides/pension-flexible-workers/"]
    assert guide["kind"] == "guide" and guide["title"].startswith("以灵活就业人员")
    assert "骑手交社保" in guide["keywords"]
    assert (public / "pagefind/fragment" / f"{guide['id']}.pf_fragment").is_file()
    procedure = by_url["/zh/provinces/guangdong/enroll-pension/"]
    assert procedure["code"] == "guangdong" and procedure["province"] == ["广东省"]
    # The published pages carry no search extras: those live in the index alone.
    page = (public / "zh/guides/pension-flexible-workers/index.html").read_text("utf-8")
    assert "自己交养老保险" not in page


def test_reading_tables_are_a_file_of_their_own(tmp_path: Path) -> None:
    """Pinyin, English spellings and traditional characters are in reading.json, which the
    search page fetches only for a query that needs them; the offline bundle keeps it too."""
    site = copy_site("mini", tmp_path)
    assert run("build", "--root", str(site), "--no-pdf").exit_code == 0
    search = site / "public/zh/search"
    words = json.loads((search / "words.json").read_text("utf-8"))
    reading = json.loads((search / "reading.json").read_text("utf-8"))
    assert set(reading) == set(READING) and not set(words) & set(READING)
    assert reading["pinyin"] and reading["traditional"]
    assert "/zh/search/reading.json" in words["bundle"]


def test_a_page_gets_the_synonyms_of_a_term_it_writes_with_a_hyphen(tmp_path: Path) -> None:
    from sitegen.build import analyse
    from sitegen.search.data import page_terms

    site, diags, _ = analyse(copy_site("mini", tmp_path))
    assert site is not None, diags
    page = next(p for p in site.pages if p.lang.tag == "en" and p.kind == "guide")
    group = ["occupational injury protection", "rider injury insurance"]
    terms = page_terms(site, page, "Occupational-injury protection pays per order.", [group])
    assert "rider injury insurance" in terms
    assert "rider injury insurance" not in page_terms(site, page, "Pays per order.", [group])


def test_spelling_tables_give_main_readings_and_the_editors_words() -> None:
    """假 is jia first (ge only after the second |); a word editors give is a word a slip may
    be read as even when the text has it once; 银行 carries its own reading, yin hang."""
    from sitegen.search.words import spelling_tables

    tables = spelling_tables(["假期 银行 三险一金"], ["假期"], ["三险一金", "银行"])
    own = tables["readings"]["jia"].split("|")[0]
    assert "假" in own and "假" in tables["readings"]["ge"].split("|")[2]
    assert "假" not in tables["readings"]["ge"].split("|")[0]
    assert tables["words"].split("|")[:2] == ["三险一金", "银行"]
    assert tables["sounds"]["银行"] == "yin hang" and "三险一金" not in tables["sounds"]


def test_an_autonomous_area_is_known_by_its_short_name_and_its_whole_name() -> None:
    """马边彝族自治县 is 马边 to its people: the peoples' names go with the suffix; the whole
    name is kept too, as search-core.js cannot shorten it. 忠县 would be too short."""
    import sitegen.build  # noqa: F401  (sitegen.search.places is imported through it)
    from sitegen.search.places import names

    assert names("马边彝族自治县")[:3] == ["马边", "马边彝族自治县", "mabian"]
    assert names("秀山土家族苗族自治县")[:2] == ["秀山", "秀山土家族苗族自治县"]
    assert names("郫都区")[:1] == ["郫都"] and names("忠县")[:1] == ["忠县"]
    assert names("内蒙古自治区")[:1] == ["内蒙古"]  # 蒙古 is a people, but not at the end here
