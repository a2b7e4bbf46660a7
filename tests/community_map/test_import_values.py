"""What a cell means: formulas, numbers, dates, words for categories in kk/ru/en."""

from __future__ import annotations

import datetime

import pytest

from community_map.imports import values
from community_map.imports.columns import choice_named, guess_mapping
from mapping.files import is_formula
from mapping.files.csvfile import decode, delimiter_of


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://x")',
        "=1+1",
        "@SUM(A1)",
        "+SUM(A1:A2)",
        "-2+3+cmd|' /C calc'!A0",
        "=cmd|' /C notepad'!A0",
        "\t=HYPERLINK(1)",
        "+A1*2",
    ],
)
def test_formulas_are_recognised(cell):
    assert is_formula(cell)


@pytest.mark.parametrize(
    "cell",
    [
        "-5 °C in the flat",
        "+7 701 123 45 67",
        "-",
        "=",
        "@akimat said no",
        "- lights off (again)",
        "Water: 3+ days",
        "",
    ],
)
def test_ordinary_text_is_not_a_formula(cell):
    assert not is_formula(cell)


def test_numbers_take_either_decimal_mark():
    assert values.number("52,045") == 52.045
    assert values.number(" 76.915° ") == 76.915
    assert values.number("52.0.1") is None and values.number("") is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2025-01-31", datetime.date(2025, 1, 31)),
        ("2025-01-31T10:00:00", datetime.date(2025, 1, 31)),
        ("2025/01/31 10:00:00", datetime.date(2025, 1, 31)),
        ("31.01.2025", datetime.date(2025, 1, 31)),
        ("31/01/2025", datetime.date(2025, 1, 31)),
        ("31.01.25", datetime.date(2025, 1, 31)),
        ("45678", datetime.date(2025, 1, 21)),  # an Excel serial number
        ("45678.5", datetime.date(2025, 1, 21)),
    ],
)
def test_dates_as_people_and_excel_write_them(text, day):
    assert values.date(text) == day


@pytest.mark.parametrize("text", ["31.02.2025", "yesterday", "12345", "2025"])
def test_what_is_not_a_date(text):
    assert values.date(text) is None


@pytest.mark.parametrize(
    ("field", "text", "code"),
    [
        ("category", "отопление", "heating"),
        ("category", "Освещение", "lighting"),
        ("category", "Street lighting", "lighting"),
        ("category", "ЖЫЛУ", "heating"),
        ("category", "Вывоз мусора", "waste"),
        ("category", "snow", "snow"),
        ("source", "горячая линия", "hotline"),
        ("source", "WhatsApp", "whatsapp"),
        ("source", "Фокус-группа", "focus_group"),
        ("status", "Решено", "resolved"),
        ("status", "forwarded", "forwarded"),
    ],
)
def test_choices_are_named_in_three_languages(field, text, code):
    assert choice_named(field, text) == code


def test_unknown_words_name_no_choice():
    assert choice_named("category", "weather") is None


def test_the_mapping_is_guessed_from_headers_in_three_languages():
    columns = ["Ендік", "Бойлық", "Санат", "Күні", "Сипаттама", "Дереккөз", "ID"]
    assert guess_mapping(columns) == {
        "lat": "Ендік",
        "lon": "Бойлық",
        "category": "Санат",
        "date": "Күні",
        "text": "Сипаттама",
        "source": "Дереккөз",
        "external_id": "ID",
    }
    # A file's own shapes are the location, whatever else it has.
    assert guess_mapping(["name", "lat", "text"], "geometry")["wkt"] == "geometry"


def test_text_is_decoded_from_utf8_or_windows_1251():
    assert decode("Дата".encode()) == "Дата"
    assert decode(b"\xef\xbb\xbf" + "Дата".encode()) == "Дата"
    assert decode("Дата".encode("cp1251")) == "Дата"
    assert decode("Дата".encode("utf-16")) == "Дата"


def test_the_delimiter_is_the_one_the_header_uses():
    assert delimiter_of("a;b;c") == ";"
    assert delimiter_of("a\tb\tc") == "\t"
    assert delimiter_of("a,b") == ","
    assert delimiter_of("single") == ","
