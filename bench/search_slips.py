"""Same-sound slips benchmark: each Chinese word editors give the search (glossary terms and
aliases, synonyms, platforms and jobs, tool words, answer phrases: words.json), with one of
its characters swapped for another common character of the same main pinyin reading, as a
pinyin input method offers it (公伤 for 工伤, 歪卖员 for 外卖员). A slip is read back when
its first result is the first result of the word spelled right.

The slips are drawn with fixed seeds: seed 1 is the part looked at while tuning the reading
(search-spelling.js), seeds 2 and 3 are held out (the same words, other slips). Prints, per
part, the share read back (first result) and the share whose right first result is among the
slip's first three; with --show, the tuning part's slips that were not read back.

    .venv/bin/python bench/search_slips.py                 # builds the site (no PDFs) first
    .venv/bin/python bench/search_slips.py --site public --show
"""

from __future__ import annotations

import json
import random
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search_quality import SEARCH  # noqa: E402
from sitegen.search.words import common_chars, readings  # noqa: E402
from tests.browser import browser, serve  # noqa: E402

SEEDS = {"tune": (1,), "held-out": (2, 3)}
WORD = re.compile(r"[\u4e00-\u9fff]{2,6}")
OFFERED = 8  # a slip is one of the first characters an input method offers for the sound


@dataclass
class Slip:
    typed: str
    meant: str
    first: str = ""       # the first result of `meant`
    found: tuple[str, ...] = ()


def editors_words(site: Path) -> list[str]:
    """The Chinese words of /zh/search/words.json that editors give, sorted."""
    words = json.loads((site / "zh" / "search" / "words.json").read_text("utf-8"))
    given = {w for group in words["synonyms"] for w in group}
    given |= {w for key in ("groups", "tools", "guides", "answers") for w in words[key]}
    return sorted(w for w in given if WORD.fullmatch(w))


def slips(words: list[str], seed: int) -> list[Slip]:
    """One slip per word that has one: a character swapped for a common character with the
    same main reading; a swap that makes another of the editors' words is not a slip."""
    rnd, by_sound = random.Random(seed), {}
    for char in common_chars():
        for sound in readings(char)[:1]:
            by_sound.setdefault(sound, []).append(char)
    known, out = set(words), []
    for word in words:
        at = rnd.randrange(len(word))
        sound = (readings(word[at]) or [""])[0]
        others = [c for c in by_sound.get(sound, []) if c not in word][:OFFERED]
        if others:
            typed = word[:at] + rnd.choice(others) + word[at + 1:]
            if typed not in known:
                out.append(Slip(typed, word))
    return out


def run_slips(site: Path, names: tuple[str, ...] = tuple(SEEDS)) -> dict[str, list[Slip]]:
    """The slips of the parts `names`, searched with the word spelled right, on the built site."""
    words = editors_words(site)
    parts = {part: [slip for seed in SEEDS[part] for slip in slips(words, seed)]
             for part in names}
    first: dict[str, str] = {}
    with serve(site) as base, browser() as chromium:
        page = chromium.new_page()
        page.goto(f"{base}/zh/search/")
        for part in parts.values():
            for slip in part:
                if slip.meant not in first:
                    urls = page.evaluate(SEARCH, slip.meant)["urls"]
                    first[slip.meant] = urls[0].split("#")[0] if urls else ""
                slip.first = first[slip.meant]
                urls = page.evaluate(SEARCH, slip.typed)["urls"][:3]
                slip.found = tuple(u.split("#")[0] for u in urls)
    return parts


def read_back(part: list[Slip]) -> tuple[float, float]:
    """The share of slips whose first result is the right word's, and whose first three have it."""
    n = max(1, len(part))
    return (sum(s.found[:1] == (s.first,) for s in part) / n,
            sum(s.first in s.found for s in part) / n)


@click.command()
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="A built site to search (default: build one into a temporary folder).")
@click.option("--show", is_flag=True, help="Also list the tuning part's slips not read back.")
def main(site: Path | None, show: bool) -> None:
    """Run the same-sound slips benchmark and print its figures."""
    with tempfile.TemporaryDirectory() as tmp:
        if site is None:
            from sitegen.cli import main as sitegen

            site = Path(tmp) / "public"
            sitegen(["build", "--root", str(ROOT), "--out", str(site), "--no-pdf"],
                    standalone_mode=False)
        parts = run_slips(site)
    for part, found in parts.items():
        first, three = read_back(found)
        click.echo(f"{part}: {len(found)} slips, read back {first:.3f}, "
                   f"in the first three {three:.3f}")
    if show:
        for slip in parts["tune"]:
            if slip.found[:1] != (slip.first,):
                click.echo(f"  {slip.typed} (meant {slip.meant} → {slip.first}): "
                           f"{list(slip.found)}")


if __name__ == "__main__":
    main()
