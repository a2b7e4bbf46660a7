"""Monthly counts per category and counts per season."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse

from community_map.models import Concern


def get(client, name: str, **query: str) -> dict:
    response = client.get(
        reverse(f"community_map:concerns-{name}", args=["oskemen"]), query
    )
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def dated(record):
    day = datetime.date
    record(reported_on=day(2024, 12, 10), category="heating")
    record(reported_on=day(2025, 1, 15), category="heating")
    resolved = record(reported_on=day(2025, 1, 20), category="heating")
    Concern.objects.filter(pk=resolved.pk).update(status="resolved")
    record(reported_on=day(2025, 2, 3), category="snow")
    record(reported_on=day(2025, 3, 2), category="snow")
    record(reported_on=day(2025, 7, 1), category="yards")


@pytest.mark.django_db
def test_monthly_counts_per_category(client, dated):
    body = get(client, "timeline")
    assert body["months"] == [
        "2024-12",
        "2025-01",
        "2025-02",
        "2025-03",
        "2025-04",
        "2025-05",
        "2025-06",
        "2025-07",
    ]
    series = {s["category"]: s["counts"] for s in body["series"]}
    assert series == {
        "heating": [1, 2, 0, 0, 0, 0, 0, 0],
        "snow": [0, 0, 1, 1, 0, 0, 0, 0],
        "yards": [0, 0, 0, 0, 0, 0, 0, 1],
    }
    assert body["total"] == 6
    assert {s["label"] for s in body["series"]} == {
        "Heating",
        "Snow removal",
        "Yards",
    }


@pytest.mark.django_db
def test_heating_and_snow_show_up_in_winter(client, dated):
    body = get(client, "seasons")
    assert [s["code"] for s in body["seasons"]] == [
        "winter",
        "spring",
        "summer",
        "autumn",
    ]
    series = {s["category"]: s["counts"] for s in body["series"]}
    # December 2024 and January/February 2025 are one winter.
    assert series == {
        "heating": [3, 0, 0, 0],
        "snow": [1, 1, 0, 0],
        "yards": [0, 0, 1, 0],
    }


@pytest.mark.django_db
def test_filters_narrow_the_timeline(client, dated):
    body = get(client, "timeline", status="resolved")
    assert body["months"] == ["2025-01"] and body["total"] == 1
    assert get(client, "seasons", category="yards")["total"] == 1
    assert get(client, "timeline", category="air") == {
        "months": [],
        "series": [],
        "total": 0,
    }


@pytest.mark.django_db
def test_season_labels_follow_the_language(client, dated):
    response = client.get(
        reverse("community_map:concerns-seasons", args=["oskemen"]),
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 200
