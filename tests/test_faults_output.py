"""Fault catalogue, round two, of where the build writes: outputs that would touch inputs, two
builds at once, the swap, damaged caches, full and read-only disks, and the no-change shortcut
against a full build. Each failure is a clear message, no traceback, and nothing lost."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen import lock
from sitegen.write import MARKER, swap_in

from .conftest import copy_site, edit, files_of, run

GUIDE = "content/guides/pension-flexible-workers/zh-CN.md"
BUILD = ("--no-pdf", "--no-search", "--jobs", "1")


def build(site: Path, *args: str) -> tuple[int, str]:
    result = run("build", "--root", str(site), *BUILD, *args)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def tree(folder: Path) -> dict[str, bytes]:
    """Every file and link under `folder` (a link as its target), to compare before and after."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[path.relative_to(folder).as_posix()] = str(path.readlink()).encode()
        elif path.is_file():
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


@pytest.mark.parametrize("out", [".", "content", "templates", "content/guides/x", "data/site",
                                 "..", ".git", "site.yaml", "provinces"])
def test_an_output_that_touches_the_inputs_is_refused(mini: Path, out: str) -> None:
    (mini / ".git").mkdir()
    before = tree(mini.parent)
    code, output = build(mini, "--out", str(mini / out))
    assert code == 2, output
    assert "--out" in output
    assert tree(mini.parent) == before


def test_a_file_where_the_output_should_be_is_left_alone(mini: Path) -> None:
    (mini / "public").write_text("my notes", "utf-8")
    code, output = build(mini)
    assert code == 2 and "is not a folder" in output, output
    assert (mini / "public").read_text("utf-8") == "my notes"
    assert not list(mini.glob(".public-*"))


def test_a_folder_sitegen_did_not_make_is_replaced_only_with_force(mini: Path) -> None:
    (mini / "public").mkdir()
    (mini / "public" / "thesis.docx").write_bytes(b"years of work")
    code, output = build(mini)
    assert code == 2 and f"has no {MARKER}" in output, output
    assert (mini / "public" / "thesis.docx").read_bytes() == b"years of work"
    code, output = build(mini, "--force")
    assert code == 0, output
    assert (mini / "public" / MARKER).is_file()
    assert not (mini / "public" / "thesis.docx").exists()


def test_a_second_build_waits_or_with_no_wait_stops(mini: Path) -> None:
    assert build(mini)[0] == 0
    before = files_of(mini / "public")
    edit(mini, GUIDE, "外卖配送员", "外卖骑手")
    with lock.exclusive(mini / ".cache" / "build.lock"):
        code, output = build(mini, "--no-wait")
    assert code == 1 and "another build of this site is running" in output, output
    assert files_of(mini / "public") == before
    held = threading.Event()

    def hold() -> None:
        with lock.exclusive(mini / ".cache" / "build.lock"):
            held.set()
            time.sleep(1.5)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    code, output = build(mini)
    holder.join()
    assert code == 0 and "Waiting for another build" in output, output
    assert "外卖骑手".encode() in (mini / "public/zh/guides/pension-flexible-workers/index.html"
                                  ).read_bytes()


def test_the_swap_exchanges_the_two_folders_in_one_step(tmp_path: Path) -> None:
    out, staged = tmp_path / "public", tmp_path / ".public-new-1"
    for folder, text in ((out, "old"), (staged, "new")):
        folder.mkdir()
        (folder / "index.html").write_text(text, "utf-8")
    swap_in(staged, out)
    assert (out / "index.html").read_text("utf-8") == "new"
    assert (tmp_path / ".public-spare" / "index.html").read_text("utf-8") == "old"
    assert not (tmp_path / ".public-old").exists()  # no moment with the site moved aside
    assert not staged.exists()


def test_a_leftover_old_folder_that_is_a_link_is_not_followed(mini: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep", "utf-8")
    (mini / ".public-old").symlink_to(elsewhere)
    assert build(mini)[0] == 0
    edit(mini, GUIDE, "外卖配送员", "外卖骑手")
    assert build(mini)[0] == 0
    assert (elsewhere / "keep.txt").read_text("utf-8") == "keep"
    assert (mini / "public" / MARKER).is_file()


def damage_content_cache(site: Path) -> None:
    path = site / ".cache/content.sqlite"
    path.write_bytes(path.read_bytes()[:100])


def damage_page_cache(site: Path) -> None:
    for path in (site / ".cache/pages").glob("*.sqlite"):
        path.write_bytes(b"not a database at all" * 100)


def foreign_rows(site: Path) -> None:
    with contextlib.closing(sqlite3.connect(site / ".cache/content.sqlite")) as db, db:
        db.execute("UPDATE files SET value = ?", ("{not json",))


def cache_is_a_file(site: Path) -> None:
    shutil.rmtree(site / ".cache")
    (site / ".cache").write_text("oops", "utf-8")


def cache_warnings(output: str) -> int:
    return sum(1 for line in output.splitlines()
               if line.startswith("warning: ") and "cache" in line)


@pytest.mark.parametrize("damage", [damage_content_cache, damage_page_cache, foreign_rows,
                                    cache_is_a_file])
def test_a_damaged_cache_is_worked_around(mini: Path, tmp_path: Path, damage: object) -> None:
    assert build(mini)[0] == 0
    edit(mini, GUIDE, "外卖配送员", "外卖骑手")
    damage(mini)  # type: ignore[operator]
    code, output = build(mini)
    assert code == 0, output
    clean = copy_site("mini", tmp_path / "clean")
    edit(clean, GUIDE, "外卖配送员", "外卖骑手")
    assert build(clean)[0] == 0
    assert files_of(mini / "public") == files_of(clean / "public")
    if damage is not foreign_rows:  # a row that does not decode is simply read again
        assert cache_warnings(output) >= 1, output  # a warning per cache says why
    if damage is not cache_is_a_file:  # the next build finds a working cache again
        edit(mini, GUIDE, "外卖骑手", "外卖配送员")
        code, output = build(mini)
        assert code == 0 and cache_warnings(output) == 0, output


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted at `folder` (the tests run as root, as CI does)."""
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                   check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_full_disk_is_a_message_and_the_site_stays(mini: Path, tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "4m") as disk:
        out = disk / "public"
        assert build(mini, "--out", str(out))[0] == 0
        before = files_of(out)
        filler = disk / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as file:
            while True:
                file.write(b"\0" * 65536)
        (mini / "templates/static/big.txt").write_bytes(b"x" * 1_000_000)
        code, output = build(mini, "--out", str(out))
        assert code == 1, output
        assert ": error: cannot write: No space left on device" in output
        assert "  hint: " in output
        assert files_of(out) == before
        assert not list(disk.glob(".public-new-*"))


def test_a_read_only_output_disk_is_a_message(mini: Path, tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "8m") as disk:
        out = disk / "public"
        assert build(mini, "--out", str(out))[0] == 0
        before = files_of(out)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        edit(mini, GUIDE, "外卖配送员", "外卖骑手")
        code, output = build(mini, "--out", str(out))
        assert code == 1, output
        assert ": error: cannot write: Read-only file system" in output
        assert files_of(out) == before


def test_a_read_only_checkout_builds_elsewhere(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "16m") as disk:
        site = copy_site("mini", disk)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        code, output = build(site, "--out", str(tmp_path / "public"))
        assert code == 0, output
        assert (tmp_path / "public/zh/index.html").is_file()
        check = run("check", "--root", str(site))
        assert check.exit_code == 0, check.output


# Edits after a successful build: the no-change shortcut must give the verdict a clean build
# of the edited tree gives (same exit code, same files).
def guide_folder_link(site: Path) -> None:
    outside = site / "drafts" / "linked-guide"
    shutil.copytree(site / "content/guides/medical-insurance", outside)
    shutil.rmtree(site / "content/guides/medical-insurance")
    (site / "content/guides/medical-insurance").symlink_to(outside)


def edit_through_the_link(site: Path) -> None:
    edit(site, "drafts/linked-guide/zh-CN.md", "职工医保和居民医保", "两种医保")


def empty_guide_folder(site: Path) -> None:
    (site / "content/guides/empty").mkdir()


def rename_guide_file(site: Path) -> None:
    path = site / "content/guides/medical-insurance/zh-CN.md"
    path.rename(path.with_name("zh.md"))


def file_becomes_a_folder_link(site: Path) -> None:
    (site / "provinces/extra.yaml").symlink_to(site / "provinces")


def permissions_change(site: Path) -> None:
    (site / GUIDE).chmod(0o600)


EDITS = [(guide_folder_link, edit_through_the_link), (None, empty_guide_folder),
         (None, rename_guide_file), (None, file_becomes_a_folder_link),
         (None, permissions_change)]


@pytest.mark.parametrize(("setup", "change"), EDITS, ids=[e[1].__name__ for e in EDITS])
def test_the_no_change_shortcut_agrees_with_a_clean_build(tmp_path: Path, setup: object,
                                                          change: object) -> None:
    site = copy_site("mini", tmp_path / "incremental")
    clean = copy_site("mini", tmp_path / "clean")
    for tree_ in (site, clean):
        if setup is not None:
            setup(tree_)  # type: ignore[operator]
    assert build(site)[0] == 0
    for tree_ in (site, clean):
        change(tree_)  # type: ignore[operator]
    code, output = build(site)
    clean_code, clean_output = build(clean)
    assert code == clean_code, (output, clean_output)
    if code == 0:
        assert files_of(site / "public") == files_of(clean / "public")


def test_new_guide_with_an_overlong_slug_is_a_usage_error(mini: Path) -> None:
    result = run("new", "guide", "a" * 300, "--root", str(mini))
    assert result.exit_code == 2
    assert "at most 64" in result.output
    assert sorted(p.name for p in (mini / "content/guides").iterdir()) == [
        "medical-insurance", "pension-flexible-workers"]
