"""The guided check (data/check.yaml): the flow's rules as `path:line:col` errors, the pages
it makes (bounded, linked, answers in the URL), a walk to a plan with JavaScript off in both
languages, and the old finder's addresses redirected to it."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen.content.dated import LocalSource
from sitegen.content.guided import MAX_NODES, CheckOutcome, PlanStep, plan_steps

from .browser import serve, strict_csp_handler
from .conftest import REPO, copy_site, edit, run

HREF = re.compile(r'<a [^>]*href="(/[^"#?]*)')
CHECK = "data/check.yaml"


@pytest.fixture(scope="module")
def public(repo_public: Path) -> Path:
    return repo_public


def check_pages(public: Path, prefix: str) -> list[Path]:
    return sorted((public / prefix / "check").rglob("index.html"))


# ---- the flow's rules, with bad data in a copy of the real site ---------------------------


def line_of(site: Path, text: str) -> int:
    """The line of data/check.yaml where `text` first stands."""
    lines = (site / CHECK).read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


BROKEN = [
    # An unreachable question: nothing leads to it.
    ("unreachable", ("  - id: hukou\n", "  - id: orphan\n    ask: {zh-CN: 没人问, en: Nobody asks}\n"
                     "    answers:\n      - {id: orphan-a, label: {zh-CN: 甲, en: A}, "
                     "outcome: employer}\n  - id: hukou\n"),
     "  - id: orphan", "question 'orphan' is never reached"),
    # A dead end: an answer that goes nowhere.
    ("dead end", ("        label: {zh-CN: 不知道, en: \"I don't know\"}\n        outcome: find-out\n",
                  "        label: {zh-CN: 不知道, en: \"I don't know\"}\n"),
     "      - id: cover-unknown", "answer 'cover-unknown' is a dead end"),
    # A question with no answers is a dead end too.
    ("no answers", ("""    answers:
      - id: hukou-here
        label: {zh-CN: 在, en: "Yes"}
        next: age
      - id: hukou-elsewhere
        label: {zh-CN: 不在，在外省, en: "No, it is in another province"}
        next: age
""", "    answers: []\n"), "  - id: hukou", "question 'hukou' is a dead end"),
    # A loop: the path would never end.
    ("loop", ("        label: {zh-CN: 在, en: \"Yes\"}\n        next: age\n",
              "        label: {zh-CN: 在, en: \"Yes\"}\n        next: work\n"),
     "        next: work", "answer 'hukou-here' leads back to question 'work'"),
    # An outcome naming a page that does not exist.
    ("missing guide", ("      - guide: contribution-gaps\n", "      - guide: no-such-guide\n"),
     "no-such-guide", "no guide 'no-such-guide'"),
    ("missing procedure", ("      - procedure: transfer-pension\n",
                           "      - procedure: no-such-procedure\n"),
     "no-such-procedure", "unknown procedure 'no-such-procedure'"),
    ("missing question", ("        next: hukou\n      - id: cover-residents",
                          "        next: no-such-question\n      - id: cover-residents"),
     "no-such-question", "no question 'no-such-question'"),
    ("missing answer in a condition", ("        when: [age-near]\n", "        when: [age-nera]\n"),
     "age-nera", "no answer 'age-nera'"),
]


@pytest.mark.parametrize(("name", "change", "where", "message"), BROKEN,
                         ids=[case[0] for case in BROKEN])
def test_a_broken_flow_is_an_error_at_its_line(tmp_path: Path, name: str,
                                               change: tuple[str, str], where: str,
                                               message: str) -> None:
    site = copy_site("repo", tmp_path)
    edit(site, CHECK, *change)
    result = run("check", "--root", str(site))
    assert result.exit_code == 1, result.output
    line = line_of(site, where)
    found = [out for out in result.output.splitlines() if message in out]
    assert found, result.output
    assert re.match(rf"{CHECK}:{line}:\d+: error: ", found[0]), (found, line)


def test_an_outcome_without_sources_is_an_error(tmp_path: Path) -> None:
    site = copy_site("repo", tmp_path)
    text = (site / CHECK).read_text("utf-8")
    start = text.index("    sources:\n", text.index("  - id: employer"))
    end = text.index("\n\n", start)
    (site / CHECK).write_text(text[:start] + "    sources: []" + text[end:], "utf-8")
    result = run("check", "--root", str(site))
    assert result.exit_code == 1
    assert re.search(rf"{CHECK}:\d+:\d+: error: 'sources' is empty", result.output), (
        result.output)


def test_a_plan_left_without_steps_is_an_error(tmp_path: Path) -> None:
    site = copy_site("mini", tmp_path)
    edit(site, CHECK, "      - procedure: enroll-pension\n        why: {zh-CN: 先确认",
         "      - procedure: enroll-pension\n        when: [contract-no]\n        why: {zh-CN: 先确认")
    result = run("check", "--root", str(site))
    assert result.exit_code == 1
    assert ("the plan at /check/food-delivery/guangdong/contract-yes/ has 0 steps"
            in result.output), result.output


def test_steps_follow_their_conditions() -> None:
    why = {"en": "x"}
    steps = [PlanStep(guide="a", why=why), PlanStep(guide="b", why=why, when=["y"]),
             PlanStep(guide="c", why=why, unless=["y"]),
             PlanStep(guide="d", why=why, when=["y", "z"], unless=["w"])]
    outcome = CheckOutcome(id="o", title=why, summary=why, steps=steps,
                           sources=[LocalSource(name=why, url="https://www.gov.cn/")],
                           last_reviewed=dt.date(2026, 12, 1))

    def shown(*path: str) -> list[str | None]:
        return [s.guide for s in plan_steps(outcome, path)]
    assert shown() == ["a", "c"]
    assert shown("y") == ["a", "b", "d"]
    assert shown("z", "w") == ["a", "c"]


# ---- the pages it makes --------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["zh", "en"])
def test_pages_are_bounded_and_link_only_to_pages_that_exist(public: Path, prefix: str) -> None:
    pages = check_pages(public, prefix)
    assert 100 < len(pages) <= MAX_NODES + 1  # the flow's drawing besides
    for path in pages:
        html = path.read_text("utf-8")
        for href in HREF.findall(html):
            target = public / href.lstrip("/")
            assert (target / "index.html" if href.endswith("/") else target).is_file(), (
                f"{path.relative_to(public)} links to missing {href}")


def test_a_question_is_plain_links_with_the_answers_so_far(public: Path) -> None:
    html = (public / "en/check/courier/sichuan/contract-no/index.html").read_text("utf-8")
    main = html[html.index('<article class="check"'):html.index("</article>")]
    assert "<form" not in main and "<script" not in html.split("</main>")[0].split("<main")[1]
    for answer in ("cover-none", "cover-residents", "cover-employee", "cover-unknown"):
        assert f'href="/en/check/courier/sichuan/contract-no/{answer}/"' in html
    so_far = html[html.index('class="check-so-far"'):]
    for change in ("/en/check/", "/en/check/courier/", "/en/check/courier/sichuan/"):
        assert f'<a href="{change}" aria-label="Change this answer' in so_far, change
    assert "Couriers" in so_far and "Sichuan" in so_far


def test_a_plan_says_why_what_to_bring_where_and_how_long(public: Path) -> None:
    url = "zh/check/food-delivery/guangdong/contract-no/cover-none/hukou-elsewhere/age-near/"
    html = (public / url / "index.html").read_text("utf-8")
    steps = html.count('<li class="step"')
    assert 1 <= steps <= 6
    for label in ("为什么这时办", "要带什么", "在哪里办", "要多久、花多少钱", "详细说明"):
        assert label in html
    assert 'href="/zh/provinces/guangdong/occupational-injury/"' in html  # the province's
    assert 'href="/zh/guides/contribution-gaps/"' in html  # a national guide
    assert 'href="tel:12333"' in html  # the province's hotlines, tap to call
    assert "2030" in html  # a policy fact, resolved
    assert "户口不在这里也可以在工作的地方参保" in html  # the step for a hukou elsewhere
    assert "没有医保的，先参加医保" not in html  # and not the one for a hukou here
    assert 'id="sources-title"' in html and "国办发〔2024〕38号" in html


def test_the_flow_is_drawn_for_editors(public: Path) -> None:
    html = (public / "en/check/flow/index.html").read_text("utf-8")
    svg = html[html.index("<svg class=\"flow\""):html.index("</svg>")]
    assert svg.count('<g class="flow-question">') == 6
    assert svg.count('<g class="flow-outcome">') == 4
    assert svg.count('marker-end="url(#arrow)"') == 9  # answers to the same place: one arrow
    assert "<script" not in svg
    assert re.search(r"Per language: \d+ question pages and \d+ plans", html)


def test_old_finder_addresses_redirect_to_the_check(public: Path) -> None:
    rules = tomllib.loads((REPO / "netlify.toml").read_text("utf-8"))["redirects"]
    redirects = [r for r in rules if "/for/" in r["from"]]
    groups = [p.name for p in (public / "zh/check").iterdir() if p.is_dir() and p.name != "flow"]
    codes = sorted(p.stem for p in (REPO / "provinces").glob("*.yaml"))
    old = [u for lang in ("zh", "en") for u in (f"/{lang}/for/",
           *(f"/{lang}/for/{g}/" for g in groups), *(f"/{lang}/for/{g}/{c}/" for g in groups
                                                     for c in codes))]
    for url in old:
        target = redirect(url, redirects)
        assert target is not None, url
        assert (public / target.lstrip("/") / "index.html").is_file(), (url, target)
    rules_order = [r["from"] for r in rules]
    assert rules_order.index("/zh/for/:group/:code/") < rules_order.index("/zh/*")


def redirect(url: str, rules: list[dict[str, Any]]) -> str | None:
    """Where the first matching redirect sends `url`, its placeholders filled."""
    for rule in rules:
        names = re.findall(r":(\w+)", rule["from"])
        pattern = "^" + re.sub(r":\w+", "([^/]+)", rule["from"]) + "$"
        match = re.match(pattern, url)
        if match:
            to = rule["to"]
            for name, value in zip(names, match.groups(), strict=True):
                to = to.replace(f":{name}", value)
            return str(to)
    return None


# ---- with JavaScript off, in a real browser ------------------------------------------------


@pytest.fixture(scope="module")
def site_url(public: Path) -> Iterator[str]:
    with serve(public, strict_csp_handler()) as url:
        yield url


WALKS = [
    ("zh", ["food-delivery", "guangdong", "contract-no", "cover-none", "hukou-elsewhere",
            "age-near"], "没有单位也能参保：你的计划"),
    ("en", ["ride-hailing", "sichuan", "contract-no", "cover-residents", "hukou-here",
            "age-far"], "Insured without an employer: your plan"),
    ("en", ["courier", "beijing", "contract-yes"],
     "You have a labour contract: your employer must insure you"),
]


@pytest.mark.parametrize(("lang", "answers", "plan"), WALKS)
def test_walk_to_a_plan_without_javascript(chromium: Any, site_url: str, lang: str,
                                           answers: list[str], plan: str) -> None:
    context = chromium.new_context(java_script_enabled=False,
                                   viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{site_url}/{lang}/")
    page.click(f'main a[href="/{lang}/check/"]')
    for i, answer in enumerate(answers):
        assert page.locator(".check-so-far dd").count() == i
        page.click(f'.check-answers a[href$="/{answer}/"]')
    path = f"/{lang}/check/{'/'.join(answers)}/"
    assert page.url == site_url + path
    assert page.locator("h1").inner_text() == plan
    assert page.locator(".check-plan .step").count() >= 1
    assert page.locator(".check-plan .step").first.is_visible()
    page.go_back()  # the back button is the previous question, its answers kept
    assert page.url == site_url + path.rsplit("/", 2)[0] + "/"
    page.go_forward()
    page.locator(".check-so-far a", has_text="change" if lang == "en" else "修改").nth(1).click()
    assert page.url == f"{site_url}/{lang}/check/{answers[0]}/"  # change the second answer
    context.close()


def test_a_plan_due_for_review_is_a_warning_at_its_date(mini: Path) -> None:
    result = run("check", "--root", str(mini), "--as-of", "2027-12-01")
    line = line_of(mini, "last_reviewed: 2026-11-23")
    assert any(out.startswith(f"{CHECK}:{line}:") and ": warning: last reviewed on 2026-11-23"
               in out for out in result.output.splitlines()), result.output
    assert "Guided check: 3 question pages and 2 plans per language (2 plan handouts" in (
        result.output)
