"""Review dates readers see: "checked on …, next check by …" from last_reviewed and the review
interval (site.yaml's, a province's, a page's own), on pages and handouts; check warns when due."""

from __future__ import annotations

from pathlib import Path

from sitegen import build as builder
from sitegen.handouts.jobs import plan

from .conftest import built_page, edit, run

GUIDE = "content/guides/pension-flexible-workers/zh-CN.md"
EN_GUIDE = "content/guides/pension-flexible-workers/en.md"
PROVINCE = "provinces/guangdong.yaml"




def test_guides_and_procedures_show_when_they_were_checked_and_are_due(mini: Path) -> None:
    html = built_page(mini, "/en/guides/pension-flexible-workers/")
    assert ('<p class="review-dates">Checked on <time datetime="2026-11-23">23 November 2026'
            '</time>. Next check by <time datetime="2027-05-22">22 May 2027</time>.</p>') in html
    zh = (mini / "public/zh/provinces/guangdong/enroll-pension/index.html").read_text("utf-8")
    assert ('<time datetime="2026-11-23">2026年11月23日</time>核对，'
            '<time datetime="2027-05-22">2027年5月22日</time>前再次核对。') in zh


def test_a_page_sets_its_own_interval(mini: Path) -> None:
    edit(mini, EN_GUIDE, "last_reviewed: 2026-11-23\n",
         "last_reviewed: 2026-11-23\nreview_interval_days: 30\n")
    html = built_page(mini, "/en/guides/pension-flexible-workers/")
    assert "Next check by <time datetime=\"2026-12-23\">23 December 2026</time>" in html
    result = run("check", "--root", str(mini), "--as-of", "2026-12-24")
    assert result.exit_code == 0
    due = [line for line in result.output.splitlines() if "last reviewed on" in line]
    assert due == [f"{EN_GUIDE}:8:16: warning: last reviewed on 2026-11-23 (31 days ago; the "
                   "limit is 30): the next check was due by 2026-12-23"], result.output
    assert run("check", "--root", str(mini), "--as-of", "2026-12-24", "--strict").exit_code == 1


def test_a_provinces_interval_applies_to_its_procedures(mini: Path) -> None:
    edit(mini, PROVINCE, "last_reviewed: 2026-11-23\nhotlines",
         "last_reviewed: 2026-11-23\nreview_interval_days: 90\nhotlines")
    html = built_page(mini, "/en/provinces/guangdong/enroll-pension/")
    assert "Next check by <time datetime=\"2027-02-21\">21 February 2027</time>" in html
    result = run("check", "--root", str(mini), "--as-of", "2027-03-01")
    due = [line.split(": warning: ")[0] for line in result.output.splitlines()
           if "last reviewed on" in line]
    assert len(due) == 2 and all(d.startswith(PROVINCE) for d in due), result.output


def test_site_yaml_sets_the_interval_and_refuses_two_names(mini: Path) -> None:
    edit(mini, "site.yaml", "review_threshold_days: 180", "review_interval_days: 365")
    html = built_page(mini, "/en/guides/pension-flexible-workers/")
    assert "Next check by <time datetime=\"2027-11-23\">23 November 2027</time>" in html
    edit(mini, "site.yaml", "review_interval_days: 365", "review_interval_days: 365\n"
         "review_threshold_days: 180")
    result = run("check", "--root", str(mini))
    assert result.exit_code == 1 and "write review_interval_days only" in result.output


def test_handouts_show_both_dates(mini: Path) -> None:
    site, _, env = builder.load(mini)
    assert site is not None
    jobs = {p.job.url: p.job.versions[0] for p in plan(site, env)}  # the fullest version
    assert ("Checked on 23 November 2026. Next check by 22 May 2027."
            in jobs["/en/handouts/procedure-guangdong-enroll-pension-a4.pdf"])
    # The short A5 sheet says when to look again: an old flyer tells its reader it is old.
    a5 = jobs["/zh/handouts/guide-pension-flexible-workers-a5.pdf"]
    assert "· 2027年5月22日前再次核对" in a5 and "2026年11月23日核对" not in a5
