"""Slips benchmark: each word editors give the search (glossary terms and aliases, synonyms,
platforms and jobs, tool words, answer phrases: words.json) typed with one slip. In Chinese,
one character swapped for another common character of the same main pinyin reading, as a
pinyin input method offers it (公伤 for 工伤, 歪卖员 for 外卖员); in English, one slip of the
fingers in its longest word of five letters or more: a letter left out, two swapped, a
neighbouring key, a letter doubled (delvery, insuracne, roder). A slip is read back when its
first result is the first result of the words spelled right. It also types each Chinese
word in pinyin, spaced and joined, and prints how many are read back the same way.

The slips are drawn with fixed seeds: seed 1 is the part looked at while tuning the reading
(search-spelling.js, search-core.js's closestWord), seeds 2 and 3 are held out (the same
words, other slips). Prints, per part and language, the share read back (first result) and the
share whose right first result is among the slip's first three; with --show, the tuning part's
slips that were not read back.

    .venv/bin/python bench/search_slips.py                 # builds the site (no PDFs) first
    .venv/bin/python bench/search_slips.py --site public --show
"""

from __future__ import annotations

import json
import random
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen.search.words import common_chars, readings  # noqa: E402
from tests.browser import browser, serve  # noqa: E402

SEEDS = {"tune": (1,), "held-out": (2, 3)}
LANGUAGES = {"zh-CN": "zh", "en": "en"}
WORD = {"zh-CN": re.compile(r"[\u4e00-\u9fff]{2,6}"), "en": re.compile(r"[a-z][a-z ]+")}
OFFERED = 8  # a slip is one of the first characters an input method offers for the sound
KEYS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


@dataclass
class Slip:
    typed: str
    meant: str
    first: str = ""       # the first result of `meant`
    found: tuple[str, ...] = ()


def editors_words(site: Path, tag: str) -> list[str]:
    """The words of /{lang}/search/words.json that editors give, sorted: in English, those
    with a word of five letters or more."""
    words = json.loads((site / LANGUAGES[tag] / "search" / "words.json").read_text("utf-8"))
    given = {w for group in words["synonyms"] for w in group}
    given |= {w for key in ("groups", "tools", "guides", "answers") for w in words[key]}
    return sorted(w for w in given if WORD[tag].fullmatch(w)
                  and (tag != "en" or max(map(len, w.split())) >= 5))


def slips(words: list[str], seed: int, tag: str) -> list[Slip]:
    """One slip per word that has one; a slip that makes another of the editors' words is
    not a slip."""
    rnd, known, out = random.Random(seed), set(words), []
    slip = _same_sound(rnd) if tag == "zh-CN" else _finger(rnd)
    for word in words:
        typed = slip(word)
        if typed and typed != word and typed not in known:
            out.append(Slip(typed, word))
    return out


def _same_sound(rnd: random.Random) -> Callable[[str], str]:
    """A character swapped for a common character with the same main reading."""
    by_sound: dict[str, list[str]] = {}
    for char in common_chars():
        for sound in readings(char)[:1]:
            by_sound.setdefault(sound, []).append(char)

    def slip(word: str) -> str:
        at = rnd.randrange(len(word))
        sound = (readings(word[at]) or [""])[0]
        others = [c for c in by_sound.get(sound, []) if c not in word][:OFFERED]
        return word[:at] + rnd.choice(others) + word[at + 1:] if others else ""
    return slip


def _finger(rnd: random.Random) -> Callable[[str], str]:
    """One slip inside the longest word (not its first or last letter)."""
    def near(char: str) -> list[str]:
        row = next((r for r in KEYS if char in r), char)
        at = row.index(char)
        return [row[i] for i in (at - 1, at + 1) if 0 <= i < len(row)] or [char]

    def slip(phrase: str) -> str:
        words = phrase.split()
        k = max(range(len(words)), key=lambda i: len(words[i]))
        word, at, kind = words[k], rnd.randrange(1, len(words[k]) - 1), rnd.choice("lsnd")
        words[k] = {"l": word[:at] + word[at + 1:],
                    "s": word[:at] + word[at + 1] + word[at] + word[at + 2:],
                    "n": word[:at] + rnd.choice(near(word[at])) + word[at + 1:],
                    "d": word[:at] + word[at] + word[at:]}[kind]
        return " ".join(words)
    return slip


# Queries one after another in the page, each one's URLs (one call for many: quicker).
SEARCH_ALL = """qs => qs.reduce((done, q) => done.then(all =>
  Promise.resolve(window.sitegenSearch(q)).then(r => all.concat([Array.isArray(r) ? r : r.urls]))),
  Promise.resolve([]))"""


def run_slips(site: Path, names: tuple[str, ...] = tuple(SEEDS)
              ) -> dict[tuple[str, str], list[Slip]]:
    """The slips of the parts `names` in each language, searched with the words spelled
    right, on the built site."""
    parts = {}
    with serve(site) as base, browser() as chromium:
        for tag, prefix in LANGUAGES.items():
            page = chromium.new_page()
            page.goto(f"{base}/{prefix}/search/")
            words = editors_words(site, tag)
            first = {w: (urls[0].split("#")[0] if urls else "")
                     for w, urls in zip(words, page.evaluate(SEARCH_ALL, words), strict=True)}
            for part in names:
                parts[part, tag] = [s for seed in SEEDS[part] for s in slips(words, seed, tag)]
                found = page.evaluate(SEARCH_ALL, [slip.typed for slip in parts[part, tag]])
                for slip, urls in zip(parts[part, tag], found, strict=True):
                    slip.first = first[slip.meant]
                    slip.found = tuple(u.split("#")[0] for u in urls[:3])
            page.close()
    return parts


def run_pinyin(site: Path) -> dict[str, list[Slip]]:
    """Each Chinese word of the editors typed in toneless pinyin, spaced (yang lao bao xian)
    and joined (yanglaobaoxian), searched with the word itself, on the built site."""
    from pypinyin import lazy_pinyin

    words = editors_words(site, "zh-CN")
    parts = {"spaced": [Slip(" ".join(lazy_pinyin(w)), w) for w in words],
             "joined": [Slip("".join(lazy_pinyin(w)), w) for w in words]}
    with serve(site) as base, browser() as chromium:
        page = chromium.new_page()
        page.goto(f"{base}/zh/search/")
        first = [urls[0].split("#")[0] if urls else "" for urls in page.evaluate(SEARCH_ALL, words)]
        for part in parts.values():
            found = page.evaluate(SEARCH_ALL, [slip.typed for slip in part])
            for slip, right, urls in zip(part, first, found, strict=True):
                slip.first, slip.found = right, tuple(u.split("#")[0] for u in urls[:3])
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
        parts, pinyin = run_slips(site), run_pinyin(site)
    for (part, tag), found in parts.items():
        first, three = read_back(found)
        click.echo(f"{part} {tag}: {len(found)} slips, read back {first:.3f}, "
                   f"in the first three {three:.3f}")
    for how, typed in pinyin.items():
        first, three = read_back(typed)
        click.echo(f"pinyin, {how}: {len(typed)} words, read back {first:.3f}, "
                   f"in the first three {three:.3f}")
    if show:
        for tag in LANGUAGES:
            for slip in parts["tune", tag]:
                if slip.found[:1] != (slip.first,):
                    click.echo(f"  {slip.typed} (meant {slip.meant} → {slip.first}): "
                               f"{list(slip.found)}")

if __name__ == "__main__":
    main()
