from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitegen.content.yamlload import load_yaml
from sitegen.errors import ContentError

P = Path("x.yaml")


def test_only_true_and_false_are_booleans() -> None:
    data = load_yaml("a: no\nb: on\nc: true\nd: false\ne: off\n", P).data
    assert data == {"a": "no", "b": "on", "c": True, "d": False, "e": "off"}


def test_leading_zero_is_text_not_octal() -> None:
    assert load_yaml("code: 012\nn: 12\nq: '12'\n", P).data == {"code": "012", "n": 12, "q": "12"}


def test_dates_and_marks() -> None:
    doc = load_yaml("title: x\nwhen: 2026-11-23\nlist:\n  - a\n  - b\n", P)
    assert doc.data["when"] == dt.date(2026, 11, 23)
    assert doc.marks.at(("list", 1)) == (5, 5)
    assert doc.marks.at(("when",), key=True) == (2, 1)


def test_line_offset_is_added() -> None:
    doc = load_yaml("a: 1\nb: 2\n", P, line_offset=3)
    assert doc.marks.at(("b",)) == (5, 4)


def test_duplicate_key_names_both_lines() -> None:
    with pytest.raises(ContentError) as err:
        load_yaml("title: a\nsummary: s\ntitle: b\n", P)
    assert (err.value.line, err.value.col) == (3, 1)
    assert "duplicate key 'title'" in err.value.message
    assert "line 1" in err.value.hint


def test_tab_indentation_has_a_hint() -> None:
    with pytest.raises(ContentError) as err:
        load_yaml("a:\n\t- b\n", P)
    assert err.value.line == 2
    assert "tab" in err.value.hint


def test_unclosed_quote_points_at_the_file() -> None:
    with pytest.raises(ContentError) as err:
        load_yaml('a: "open\nb: c\n', P)
    assert str(err.value).startswith("x.yaml:")
    assert err.value.hint


def test_impossible_date_is_an_error() -> None:
    with pytest.raises(ContentError) as err:
        load_yaml("when: 2026-02-30\n", P)
    assert (err.value.line, err.value.col) == (1, 7)
