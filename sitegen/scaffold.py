"""Scaffold new content that passes `check` as it is: a guide in every language, a province.

Everything scaffolded is `draft: true` (validated, not published) and full of placeholders
("TODO: …", "待填写：…") for the editor to replace.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TypeVar

from sitegen.content.load import MAX_SLUG, SLUG, language_tags, load_config, load_file
from sitegen.content.models import GroupsFile, LocalText, ProcedureKind, ProceduresFile, TopicsFile
from sitegen.errors import BuildFailed, ContentError, Diagnostics

M = TypeVar("M", TopicsFile, GroupsFile, ProceduresFile)
COMMENT_COLUMN = 30
OFFICIAL_URL = "https://si.12333.gov.cn/"  # the national platform: a valid placeholder source


def valid_name(name: str) -> bool:
    """True for a slug or province code: lowercase ASCII letters and digits, single dashes,
    at most MAX_SLUG characters."""
    return SLUG.fullmatch(name) is not None and len(name) <= MAX_SLUG


def new_guide(root: Path, slug: str, *, today: dt.date) -> list[Path]:
    """Write content/guides/SLUG/{tag}.md for every language; the paths, relative to root."""
    folder = Path("content") / "guides" / slug
    if (root / folder).exists():
        raise ContentError(folder, 0, 0, f"guide '{slug}' exists already",
                           "choose another slug, or edit the files in this folder")
    tags = language_tags(load_config(root))
    topics = _load(root, TopicsFile, "topics.yaml", tags).topics
    groups = _load(root, GroupsFile, "groups.yaml", tags).groups
    paths = [folder / f"{tag}.md" for tag in tags]
    texts = [_guide_text(slug, tag, topics[0].id, groups[0].id, today) for tag in tags]
    return _write_all(root, dict(zip(paths, texts, strict=True)))


def new_province(root: Path, code: str, *, today: dt.date) -> list[Path]:
    """Write provinces/CODE.yaml with every procedure and every language; its path."""
    path = Path("provinces") / f"{code}.yaml"
    if (root / path).exists():
        raise ContentError(path, 0, 0, f"province '{code}' exists already",
                           "choose another code, or edit this file")
    tags = language_tags(load_config(root))
    kinds = _load(root, ProceduresFile, "procedures.yaml", tags).procedures
    text = _province_head(code, tags, today) + "".join(
        _procedure(kind, code, tags, today) for kind in kinds)
    return _write_all(root, {path: text})


def _load(root: Path, schema: type[M], name: str, tags: tuple[str, ...]) -> M:
    diags = Diagnostics()
    model, _ = load_file(schema, root / "data" / name, root, diags, tags)
    if model is None:
        raise BuildFailed(diags.errors)
    return model


def _write_all(root: Path, files: dict[Path, str]) -> list[Path]:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as out:  # "x": never overwrite
            out.write(text)
    return list(files)


def _fill(template: str, **values: str) -> str:
    """Fill in a template line by line, keeping the comments after values in one column."""
    lines = []
    for line in template.splitlines():
        if line.lstrip().startswith("#"):  # a commented-out key: as it is, filled in
            lines.append(line.format(**values))
            continue
        code, sep, comment = line.partition("  # ")
        code = code.rstrip().format(**values)
        comment = comment.format(**values)
        lines.append(f"{code:<{COMMENT_COLUMN - 2}}  # {comment}" if sep else code)
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _is_zh(tag: str) -> bool:
    return tag.lower().startswith("zh")


def _todo(tag: str, en: str, zh: str) -> str:
    return f"待填写：{zh}" if _is_zh(tag) else f"TODO: {en}"


def _local(tags: tuple[str, ...], en: str, zh: str) -> str:
    """A flow map by language tag with a placeholder in each language."""
    return "{" + ", ".join(f"{tag}: {_q(_todo(tag, en, zh))}" for tag in tags) + "}"


def _given(tags: tuple[str, ...], text: LocalText) -> str:
    """A flow map by language tag with known text, the default language's where missing."""
    return "{" + ", ".join(f"{t}: {_q(text.get(t, text[tags[0]]))}" for t in tags) + "}"


GUIDE_EN = """\
---
# A new guide. It is a draft: checked by `sitegen check`, not published.
# Replace every "TODO", then delete the line `draft: true`. Format: README.md, "For editors".
title: {title}
summary: {summary}
type: steps                 # steps: every "## " heading is a numbered step; article: anything else
topics: [{topic}]           # ids from data/topics.yaml
audiences: [{group}]        # ids from data/groups.yaml
keywords: [{keyword}]       # the words people type into a search box
last_reviewed: {today}      # the day a person last checked the text against its sources
# review_interval_days: 90  # optional: check this page sooner than site.yaml's interval
sources:                    # the page of each document the text relies on
  - issuer: {issuer}
    title: {source}
    number: {number}  # its document number (文号); delete the line if it has none
    date: {today}  # the document's date
    url: {url}  # the page that carries the document, not a homepage
    kind: official          # official | press (a news report) | research (a study)
you_need:                   # steps guides only: the "before you start" box
  - {need}
changes: []                 # add `- {{date: …, type: major|minor, note: …}}` when you change it
# translated_from: …        # written by `sitegen translated {slug} {tag}` when translated
draft: true                 # delete this line when the guide is ready to publish
---

{intro}

## {step1}

{text1}

## {step2}

{text2}
"""

GUIDE_ZH = """\
---
# 新指南。这是草稿（draft）：`sitegen check` 会检查它，但网站不发布。
# 把所有"待填写"换成正文，然后删除 `draft: true` 这一行。格式见 README.md 的 "For editors" 一节。
title: {title}
summary: {summary}
type: steps                 # steps：每个 "## " 标题是一个步骤；article：其他文章
topics: [{topic}]           # data/topics.yaml 里的 id
audiences: [{group}]        # data/groups.yaml 里的 id
keywords: [{keyword}]       # 读者实际会搜索的词
last_reviewed: {today}      # 最近一次有人对照来源核对全文的日期
# review_interval_days: 90  # 可选：比 site.yaml 规定的更早再次核对
sources:                    # 正文依据的每份文件所在的网页
  - issuer: {issuer}
    title: {source}
    number: {number}  # 文号；没有文号就删除这一行
    date: {today}  # 文件的日期
    url: {url}  # 刊载这份文件的网页，不要只写网站首页
    kind: official          # official（官方）| press（新闻报道）| research（研究报告）
you_need:                   # 仅 steps 指南：“开始前准备”
  - {need}
changes: []                 # 改动内容时加一条 `- {{date: …, type: major|minor, note: …}}`
draft: true                 # 可以发布时删除这一行
---

{intro}

## {step1}

{text1}

## {step2}

{text2}
"""


def _guide_text(slug: str, tag: str, topic: str, group: str, today: dt.date) -> str:
    def todo(en: str, zh: str) -> str:
        return _todo(tag, en, zh)

    return _fill(
        GUIDE_ZH if _is_zh(tag) else GUIDE_EN,
        title=_q(todo("the title, as a reader would ask it", "标题，用读者会问的话")),
        summary=_q(todo("one or two sentences: who it is for, what they can do",
                        "一两句话：写给谁，读完能做什么")),
        topic=topic, group=group, today=today.isoformat(), url=OFFICIAL_URL,
        keyword=_q(todo("a word people search for", "读者会搜索的词")),
        source=_q(todo("the document's title", "文件标题")),
        issuer=_q(todo("who issued it", "发文机关")),
        number=_q(todo("its number", "文号")),
        slug=slug, tag=tag,
        need=_q(todo("a document the reader needs", "需要准备的证件或材料")),
        intro=todo("a few sentences before the first step.", "第一步之前的几句介绍。"),
        step1=todo("the first step", "第一步"), step2=todo("the second step", "第二步"),
        text1=todo("what to do, in plain words.", "用简单的话写要做什么。"),
        text2=todo("what to do next.", "接下来做什么。"),
    )


PROVINCE_HEAD = """\
# A new province. It is a draft: checked by `sitegen check`, not published.
# Replace every "TODO" / "待填写", then delete the line `draft: true`.
# Each translatable value is a map by language tag. Format: README.md, "A province".
code: {code}                 # must equal the file name
draft: true                  # delete this line when the province is ready to publish
name: {name}
cities: {cities}
summary: {summary}
last_reviewed: {today}       # the day a person last checked this file against its sources
hotlines:
  - number: "12333"          # always in quotes
    name: {hotline}
channels:                    # apps, portals, mini programs, halls; procedures name them by id
  - id: {code}-portal
    kind: portal             # app | portal | mini-program | wechat | hall
    name: {channel}
    url: {url}    # TODO: the province's own address
service_points:
  - {service_point}
procedures:                  # one entry for each id in data/procedures.yaml
"""


def _province_head(code: str, tags: tuple[str, ...], today: dt.date) -> str:
    cities = "{" + ", ".join(
        f"{t}: [{_q(_todo(t, 'a city', '城市'))}]" for t in tags) + "}"
    return _fill(
        PROVINCE_HEAD,
        code=code, cities=cities, today=today.isoformat(), url=OFFICIAL_URL,
        name=_local(tags, "the province's name", "省份名称"),
        summary=_local(tags, "one sentence on what this page covers", "一句话介绍本页内容"),
        hotline=_local(tags, "the hotline's name", "热线名称"),
        channel=_local(tags, "the portal's name", "网站或应用名称"),
        service_point=_local(tags, "where to go in person", "线下办理地点"),
    )


PROCEDURE = """\
  - id: {id}
    title: {title}
    summary: {summary}
    eligible:                # who can use it
      - {eligible}
    documents:
      - {document}
    steps:
      - {step}
    channels: [{code}-portal]   # ids from channels above
    time_and_cost: {time}
    sources:                 # the page of each document this procedure relies on
      - issuer: {issuer}
        title: {source}
        number: {number}   # its document number (文号); delete the line if it has none
        date: {today}   # the document's date
        url: {url}   # the page that carries the document, not a homepage
        kind: official       # official | press | research
    last_reviewed: {today}
    # review_interval_days: 90   # optional: check this procedure sooner than the site's interval
    changes: []              # add `- {{date: …, type: major|minor, note: {{zh-CN: …, en: …}}}}`
"""


def _procedure(kind: ProcedureKind, code: str, tags: tuple[str, ...], today: dt.date) -> str:
    return _fill(
        PROCEDURE,
        id=kind.id, code=code, today=today.isoformat(), url=OFFICIAL_URL,
        title=_given(tags, kind.name),
        summary=_local(tags, "what this procedure gets you", "一句话：办完能得到什么"),
        eligible=_local(tags, "who can use it", "谁可以办"),
        document=_local(tags, "a document to bring", "需要的材料"),
        step=_local(tags, "the first step", "第一步"),
        time=_local(tags, "how long it takes and what it costs", "办理时间和费用"),
        source=_local(tags, "the document's title", "文件标题"),
        issuer=_local(tags, "who issued it", "发文机关"),
        number=_q(_todo(tags[0], "its number", "文号")),
    )
