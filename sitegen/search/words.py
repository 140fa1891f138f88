"""How a reader may write a word: traditional characters (OpenCC), pinyin and same-pinyin
slips (pypinyin). Made at build time from the site's own text, so the browser gets small
tables instead of the libraries.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import Any

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
MAX_READINGS = 4  # pinyin spellings kept for a word whose characters have several readings
WORD_LENGTHS = (2, 3, 4)  # lengths of the site's text runs a slip may be read as
MAX_WORD = 6  # the longest of the editors' words a slip may be read as (自由职业者)
MIN_COUNT = 3


@cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def simplified(text: str) -> str:
    """The text in simplified characters (OpenCC's t2s)."""
    return str(_converter("t2s").convert(text))


def pinyin_forms(word: str, *, readings: bool = False) -> list[str]:
    """Toneless pinyin of a Chinese word (see `_pinyin_forms`), cached: titles, keywords and
    synonyms repeat from page to page."""
    return list(_pinyin_forms(word, readings))


@cache
def _pinyin_forms(word: str, readings: bool) -> tuple[str, ...]:
    """Toneless pinyin of a Chinese word, spaced and joined ("yang lao", "yanglao"); with
    `readings`, also the other readings of its characters (郫都 is pi du as well as pi dou),
    at most MAX_READINGS of them."""
    from pypinyin import Style, lazy_pinyin, pinyin

    if not HAN.search(word):
        return ()
    spellings = [[p for p in lazy_pinyin(word, errors="ignore") if p.isalpha()]]
    if readings:
        per_char = [r for r in pinyin(word, style=Style.NORMAL, heteronym=True, errors="ignore")]
        for combo in itertools.islice(itertools.product(*per_char), MAX_READINGS * 4):
            if list(combo) not in spellings:
                spellings.append(list(combo))
    forms: list[str] = []
    for syllables in spellings[:MAX_READINGS]:
        for form in (" ".join(syllables), "".join(syllables)):
            if form and form not in forms:
                forms.append(form)
    return tuple(forms)


def traditional_table(site_chars: Iterable[str]) -> dict[str, str]:
    """Traditional character to simplified, for each simplified character the site uses
    (醫 → 医): the browser reads a traditional query with it."""
    wanted = set(site_chars)
    candidates = [chr(c) for c in range(0x4E00, 0xA000)]
    converted = simplified("\n".join(candidates)).split("\n")
    if len(converted) != len(candidates):  # a phrase rule joined lines: go one by one
        converted = [simplified(c) for c in candidates]
    return {t: s for t, s in zip(candidates, converted, strict=True)
            if t != s and len(s) == 1 and s in wanted}


def common_chars() -> list[str]:
    """The 3,755 characters of GB 2312 level 1, the ones a pinyin input method offers first:
    the characters a same-pinyin slip is most likely to be."""
    chars = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def readings(char: str) -> list[str]:
    """Every toneless reading of one character (累: lei, lv, lie), as pypinyin's NORMAL style
    gives them, read straight from its table: a build reads thousands of characters."""
    from pypinyin.pinyin_dict import pinyin_dict

    out: list[str] = []
    for toned in pinyin_dict.get(ord(char), "").split(","):
        syllable = toneless(toned)
        if syllable and syllable not in out:
            out.append(syllable)
    return out


def toneless(toned: str) -> str:
    """A pinyin syllable without its tone mark, ü as v (lǜ → lv)."""
    plain = unicodedata.normalize("NFD", toned).replace("u\u0308", "v")
    return "".join(c for c in plain if not unicodedata.combining(c))


def said(word: str, main: dict[str, str]) -> str:
    """A word's reading: its characters' `main` readings, except where pypinyin's phrase
    table reads a part of it otherwise (银行 is yin hang, 行 alone xing), longer parts last."""
    from pypinyin.phrases_dict import phrases_dict

    sounds = [main.get(c, "?") for c in word]
    for n in range(2, len(word) + 1):
        for i in range(len(word) - n + 1):
            for k, toned in enumerate(phrases_dict.get(word[i:i + n], [])):
                sounds[i + k] = toneless(toned[0])
    return " ".join(sounds)


def spelling_tables(texts: Iterable[str], telling: Iterable[str],
                    vocabulary: Iterable[str] = ()) -> dict[str, Any]:
    """What the browser needs to read a same-pinyin slip (养老保显 → 养老保险, 社保咔 → 社保卡):

    `readings`: syllable → characters: those whose main reading it is (the site's own in order
    of how often the site uses them, a `|`, the other common characters), a `|`, then those
    for which it is another reading (假 is jia first; ge, xia and jie only after);
    `words`: the words a slip may be read as, the `vocabulary` (the words editors give:
    glossary, synonyms, places, groups) first, then runs of two to four characters of the
    `telling` texts (titles, keywords, headings) that the site's text uses at least MIN_COUNT
    times, each part most frequent first;
    `sounds`: a word's reading where it is not its characters' main readings (银行 yin hang).
    """
    text = "\n".join(texts)
    chars = Counter(HAN.findall(text))
    site_order = [c for c, _ in chars.most_common()]
    by_syllable: dict[str, tuple[list[str], list[str], list[str]]] = {}
    for char in site_order + [c for c in common_chars() if c not in chars]:
        for i, syllable in enumerate(s for s in readings(char) if s.isalpha()):
            own, other, alternative = by_syllable.setdefault(syllable, ([], [], []))
            (alternative if i else own if char in chars else other).append(char)
    candidates = {run[i:i + n] for line in telling for run in HAN_RUN.findall(line)
                  for n in WORD_LENGTHS for i in range(len(run) - n + 1)}
    runs = HAN_RUN.findall(text)
    counts = Counter([run[i:i + n] for run in runs for n in WORD_LENGTHS
                      for i in range(len(run) - n + 1)])
    given = {w for w in vocabulary if HAN_RUN.fullmatch(w) and 2 <= len(w) <= MAX_WORD}
    words = sorted(given, key=lambda w: (-counts.get(w, 0), w)) + [
        w for w, count in counts.most_common() if count >= MIN_COUNT and w in candidates
        and w not in given]
    main = {c: sound for sound, parts in by_syllable.items() for c in parts[0] + parts[1]}
    several = {c for parts in by_syllable.values() for c in parts[2]}  # 行: xing, hang
    sounds = {}
    for word in (w for w in words if several.intersection(w)):
        reading = said(word, main)
        if reading != " ".join(main.get(c, "?") for c in word):
            sounds[word] = reading
    return {"readings": {s: "|".join("".join(part) for part in parts)
                         for s, parts in sorted(by_syllable.items())},
            "words": "|".join(words), "sounds": sounds}
