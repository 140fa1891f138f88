"""Incremental builds: a rebuild renders only the pages whose inputs changed, reuses unchanged
files of the previous site without writing through them, and equals a clean build byte for byte.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen import build as builder
from sitegen.build import BuildResult
from sitegen.site import Site
from sitegen.write import write_file, write_outputs

from .conftest import REPO, copy_site, edit, files_of, run

GUIDE = "content/guides/medical-insurance/zh-CN.md"  # no en.md: the en page falls back to it


def build(root: Path, *, jobs: int = 1) -> tuple[Site, BuildResult]:
    site, _, env = builder.load(root)
    assert site is not None
    return site, builder.build(site, env, root / "public", jobs=jobs, pdf=False, search=False)




def outputs_of(site: Site, *kinds: str, key: str | None = None) -> set[str]:
    return {p.output for p in site.pages
            if (not kinds or p.kind in kinds) and (key is None or p.key == key)}


def index_pages(site: Site) -> set[str]:
    return {p.output for p in site.pages if site.kinds[p.kind].source(p) == "*"}




def assert_same_as_clean_build(root: Path, scratch: Path) -> None:
    """The incremental public/ equals what a build from a clean copy (no cache) writes."""
    clean = scratch / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    clean.mkdir(parents=True)
    for part in ("site.yaml", "content", "provinces", "data", "templates"):
        source = root / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, clean / part)
    build(clean)
    incremental, fresh = files_of(root / "public"), files_of(clean / "public")
    assert sorted(incremental) == sorted(fresh)
    differ = [name for name in fresh if incremental[name] != fresh[name]]
    assert not differ, f"incremental output differs from a clean build in {differ}"


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Site]:
    root = copy_site("mini", tmp_path)
    site, result = build(root)
    assert set(result.rendered) == outputs_of(site)  # a first build renders every page
    return root, site


def test_a_rebuild_with_no_change_renders_nothing_and_links_every_file(
        built: tuple[Path, Site]) -> None:
    root, _ = built
    before = {name: (root / "public" / name).stat().st_ino for name in files_of(root / "public")}
    _, result = build(root)
    assert result.rendered == ()
    assert result.linked == result.files
    after = {name: (root / "public" / name).stat().st_ino for name in files_of(root / "public")}
    assert after == before  # the very same files: nothing was written again


def test_editing_a_guide_renders_the_guide_in_every_language_only(
        built: tuple[Path, Site], tmp_path: Path) -> None:
    """The index pages show a guide's front matter, never its text: they stay as they are."""
    root, site = built
    edit(root, GUIDE, "居民医保缴费更少。", "居民医保缴费更少，待遇也低一些。")
    _, result = build(root)
    guide = outputs_of(site, key="guide/medical-insurance")
    assert guide == {"zh/guides/medical-insurance/index.html",
                     "en/guides/medical-insurance/index.html"}
    assert set(result.rendered) == guide
    assert "待遇也低一些" in (root / "public/en/guides/medical-insurance/index.html").read_text()
    assert_same_as_clean_build(root, tmp_path)


def test_editing_a_province_renders_its_pages_and_the_indexes(
        built: tuple[Path, Site], tmp_path: Path) -> None:
    root, site = built
    path = root / "provinces" / "guangdong.yaml"
    path.write_text(path.read_text("utf-8") + "\n# a comment changes the file's hash\n", "utf-8")
    _, result = build(root)
    province = {p.output for p in site.pages if site.kinds[p.kind].source(p) == "province/guangdong"}
    assert len(province) > 2
    assert set(result.rendered) == province | index_pages(site)
    assert_same_as_clean_build(root, tmp_path)


def test_a_template_change_renders_the_pages_that_use_it(built: tuple[Path, Site]) -> None:
    root, site = built
    edit(root, "templates/procedure.html", "{% endblock %}", "<!-- changed -->\n{% endblock %}")
    _, result = build(root)
    assert set(result.rendered) == outputs_of(site, "procedure")
    edit(root, "templates/_ask.html", "</section>", "</section>\n<!-- changed -->")
    _, result = build(root)
    assert set(result.rendered) == outputs_of(site, "procedure", "province", "check-plan")
    edit(root, "templates/base.html", "</body>", "<!-- changed -->\n</body>")
    _, result = build(root)
    assert set(result.rendered) == outputs_of(site) - outputs_of(site, "chooser")


EDITS = [
    # a guide's text: its pages only (the en page falls back to it)
    (GUIDE, "居民医保缴费更少。", "居民医保缴费更少，待遇也低一些。"),
    # a title is shown by other pages: related guides, the procedure's national guide, indexes
    (GUIDE, "title: 灵活就业人员的医疗保险", "title: 医疗保险怎么选"),
    ("content/guides/pension-flexible-workers/zh-CN.md", "last_reviewed: 2026-11-23",
     "last_reviewed: 2026-11-24"),
    ("content/guides/pension-flexible-workers/zh-CN.md", "summary: 没有单位", "summary: 自己"),
    ("provinces/guangdong.yaml", "name: {zh-CN: 广东省", "name: {zh-CN: 广东"),
    ("data/groups.yaml", "zh-CN: 外卖骑手", "zh-CN: 送外卖的"),
    ("templates/i18n/en.yaml", "skip_link: Skip to main content", "skip_link: Skip"),
    ("site.yaml", "zh-CN: 新就业形态劳动者社保指南", "zh-CN: 社保指南"),
    ("templates/static/site.css", "\n", "\n.changed { color: red; }\n"),
]


def test_every_kind_of_edit_gives_the_same_site_as_a_clean_build(
        built: tuple[Path, Site], tmp_path: Path) -> None:
    root, _ = built
    for name, old, new in EDITS:
        before = files_of(root / "public")
        edit(root, name, old, new)
        build(root)
        assert files_of(root / "public") != before, f"editing {name} changed nothing"
        assert_same_as_clean_build(root, tmp_path)


def test_a_new_translation_replaces_the_fallback_page(built: tuple[Path, Site],
                                                      tmp_path: Path) -> None:
    root, _ = built
    text = (root / GUIDE).read_text("utf-8").replace("title: 灵活就业人员的医疗保险",
                                                     "title: Medical insurance")
    (root / "content/guides/medical-insurance/en.md").write_text(text, "utf-8")
    _, result = build(root)
    assert "en/guides/medical-insurance/index.html" in result.rendered
    assert_same_as_clean_build(root, tmp_path)


def test_incremental_parallel_build_of_the_real_content(tmp_path: Path) -> None:
    root = copy_site("repo", tmp_path)
    site, first = build(root, jobs=2)
    assert len(first.rendered) == len(site.pages)
    edit(root, "content/guides/transfer-pension/en.md", "\n## ", "\nOne more sentence.\n\n## ")
    _, result = build(root, jobs=2)
    assert set(result.rendered) == outputs_of(site, key="guide/transfer-pension")
    assert_same_as_clean_build(root, tmp_path)
    # A new process, with the content cache warm, renders every page again after an edit of
    # the glossary (every page links its words): a province read from the cache keeps its
    # policy facts (the cache once dropped them, and its pages showed `[[fact:…]]`).
    edit(root, "data/glossary.yaml", "国家法定的保险", "国家依法设立的保险")
    command = [sys.executable, str(REPO / "build.py"), "build", "--root", str(root),
               "--no-pdf", "--no-search"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert_same_as_clean_build(root, tmp_path)


def test_a_file_written_over_a_linked_one_leaves_the_previous_site_alone(tmp_path: Path) -> None:
    previous, staged = tmp_path / "public", tmp_path / "staged"
    write_outputs({"a/index.html": b"same", "b.html": b"old"}, previous)
    linked = write_outputs({"a/index.html": b"same", "b.html": b"new"}, staged, previous=previous)
    assert linked == 1
    assert (staged / "a/index.html").stat().st_ino == (previous / "a/index.html").stat().st_ino
    write_file(staged / "a/index.html", b"rewritten later in the build")
    assert (previous / "a/index.html").read_bytes() == b"same"
    assert (previous / "b.html").read_bytes() == b"old"
    assert (staged / "b.html").read_bytes() == b"new"


def test_the_spare_site_is_reused_and_left_with_nothing_stale(
        built: tuple[Path, Site], tmp_path: Path) -> None:
    """The site a swap replaces becomes the next staging folder; what it has that the new
    site has not (a stray file, a folder where a file must go, a link where a folder must
    go) is gone after the swap, nothing is written through a link, and the result equals a
    clean build."""
    root, _ = built
    edit(root, GUIDE, "居民医保缴费更少。", "居民医保缴费更少，待遇也低一些。")
    build(root)
    spare = root / ".public-spare"
    assert (spare / "zh/guides/medical-insurance/index.html").is_file()
    (spare / "stray.html").write_text("left by hand", "utf-8")
    (spare / "robots.txt").unlink()
    (spare / "robots.txt").mkdir()
    (spare / "robots.txt" / "inside").write_text("a folder where a file must go", "utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(spare / "zh/guides/medical-insurance")
    (spare / "zh/guides/medical-insurance").symlink_to(outside)  # a page's folder as a link
    edit(root, GUIDE, "待遇也低一些。", "待遇也低一些。看病报销也少。")
    build(root)
    assert not (root / "public/stray.html").exists()
    assert (root / "public/robots.txt").is_file()
    assert not (root / "public/zh/guides/medical-insurance").is_symlink()
    assert not list(outside.iterdir())  # nothing was written through the link
    assert_same_as_clean_build(root, tmp_path)
    # unchanged pages are the previous site's very files (links), not copies
    before = (root / ".public-spare/en/index.html").stat().st_ino
    assert (root / "public/en/index.html").stat().st_ino == before


def test_a_build_with_nothing_changed_stops_at_the_stamp(tmp_path: Path) -> None:
    root = copy_site("mini", tmp_path)
    # medical-insurance has no en.md: a warning, which a skipped build must show again
    args = ("build", "--root", str(root), "--no-pdf", "--no-search")
    first = run(*args)
    assert first.exit_code == 0 and first.stdout.startswith("Built "), first.output
    inodes = {p: p.stat().st_ino for p in (root / "public").rglob("*")}

    again = run(*args)
    assert again.exit_code == 0
    assert again.stdout.startswith("Nothing changed since the last build"), again.output
    assert {p: p.stat().st_ino for p in (root / "public").rglob("*")} == inodes
    warning = "warning: guide 'medical-insurance' is not translated into 'en'"
    assert warning in first.stderr and warning in again.stderr  # shown again

    with_search = run("build", "--root", str(root), "--no-pdf")  # other options: a real build
    assert with_search.stdout.startswith("Built "), with_search.output
    assert (root / "public/pagefind").is_dir()


@pytest.mark.parametrize("change", ["edit input", "new input", "output changed",
                                    "output removed", "sitegen changed"])
def test_any_change_to_inputs_or_output_makes_a_real_build(tmp_path: Path, change: str) -> None:
    root = copy_site("mini", tmp_path)
    args = ("build", "--root", str(root), "--no-pdf", "--no-search")
    assert run(*args).stdout.startswith("Built ")
    page = root / "public/zh/guides/medical-insurance/index.html"
    if change == "edit input":
        edit(root, GUIDE, "居民医保缴费更少。", "居民医保缴费更少，待遇也低一些。")
    elif change == "new input":
        (root / "data/notes.txt").write_text("an editor's note\n", "utf-8")
    elif change == "output changed":
        page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>changed</p></body>"))
    elif change == "output removed":
        page.unlink()
    else:
        stamp = json.loads((root / ".cache/build-stamp.json").read_text("utf-8"))
        stamp["inputs"] = "0" * 128  # what any other sitegen version would have hashed
        (root / ".cache/build-stamp.json").write_text(json.dumps(stamp), "utf-8")
    result = run(*args)
    assert result.exit_code == 0 and result.stdout.startswith("Built "), result.output
    if change != "new input":
        assert "待遇也低一些" in page.read_text("utf-8") if change == "edit input" else (
            b"<p>changed</p>" not in page.read_bytes())
