"""The columns of synthetic rows besides their place: statuses, titles, costs, dates.

Each function draws whole columns at once from a seeded generator; a value of None
is stored as NULL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np

from .texts import CATEGORIES, CONCERNS

DAY = 86_400
# Mostly through review and the vote; a few being built; a few never submitted.
PROPOSAL_STATUSES = {
    "draft": 0.03,
    "submitted": 0.22,
    "accepted": 0.20,
    "on_ballot": 0.20,
    "selected": 0.15,
    "not_selected": 0.15,
    "in_progress": 0.03,
    "built": 0.02,
}
KAZAKH_SHARE = 0.55
# Costs in tenge: log-normal around a typical yard project, rounded to thousands.
COST_MEDIAN, COST_SPREAD, COST_LEAST = 5_000_000, 0.6, 200_000
HOUSE_NUMBERS = (1, 200)

CONCERN_SOURCES = {
    "hotline": 0.30,
    "whatsapp": 0.30,
    "survey": 0.15,
    "reception": 0.10,
    "focus_group": 0.05,
    "brainstorm": 0.05,
    "web": 0.05,
}
CONCERN_STATUSES = {"new": 0.40, "forwarded": 0.25, "answered": 0.20, "resolved": 0.15}
PRIVATE_SHARE = 0.7
PRECISIONS_M = (10, 25, 25, 25, 50, 100)
CONCERN_DAYS = (dt.date(2024, 1, 1), dt.date(2025, 12, 31))


def _pick(rng: np.random.Generator, shares: dict[str, float], size: int) -> np.ndarray:
    names = np.array(list(shares))
    return names[rng.choice(len(names), size=size, p=list(shares.values()))]


def _texts(
    rng: np.random.Generator, templates: Sequence[dict[str, str]], size: int
) -> tuple[list[str], np.ndarray]:
    """One template per row, in Kazakh or Russian, with a house number."""
    kazakh = rng.random(size) < KAZAKH_SHARE
    language = np.where(kazakh, "kk", "ru")
    house = rng.integers(*HOUSE_NUMBERS, size=size, endpoint=True)
    texts = [
        template[code].format(n=n)
        for template, code, n in zip(
            templates, language.tolist(), house.tolist(), strict=True
        )
    ]
    return texts, language


def proposal_columns(
    rng: np.random.Generator,
    size: int,
    *,
    categories: dict[str, int],
    window: tuple[int, int],
    cap: int,
) -> dict[str, Any]:
    """Statuses, titles, categories, costs and dates of ``size`` proposals.

    ``categories`` maps slugs to pks; ``window`` is the submission window in epoch
    seconds; every cost is within ``cap``.
    """
    slugs = list(CATEGORIES)
    shares = np.array([CATEGORIES[slug][1] for slug in slugs])
    which = rng.choice(len(slugs), size=size, p=shares / shares.sum())
    titles, language = _texts(rng, [CATEGORIES[slugs[i]][2] for i in which], size)
    status = _pick(rng, PROPOSAL_STATUSES, size)
    cost = np.exp(rng.normal(np.log(COST_MEDIAN), COST_SPREAD, size))
    cost = np.clip(np.round(cost, -3), COST_LEAST, cap).astype(np.int64)
    estimate = np.round(cost * rng.uniform(0.85, 1.15, size), -3)
    estimate = np.clip(estimate, COST_LEAST, cap).astype(np.int64)
    created = rng.integers(window[0], window[1] - 2 * DAY, size=size)
    submitted = created + rng.integers(0, 2 * DAY, size=size)
    pks = np.array([categories[slug] for slug in slugs], dtype=np.int64)
    return {
        "title": titles,
        "language": language,
        "category_id": pks[which],
        "cost": cost,
        "cost_estimate": estimate,
        "status": status,
        "created_s": created,
        "submitted_s": [
            None if draft else when
            for draft, when in zip(
                (status == "draft").tolist(), submitted.tolist(), strict=True
            )
        ],
    }


def concern_columns(rng: np.random.Generator, size: int) -> dict[str, Any]:
    """Categories, sources, dates, texts and statuses of ``size`` concerns."""
    shares = {category: share for category, (share, _texts) in CONCERNS.items()}
    category = _pick(rng, shares, size)
    text, _language = _texts(rng, [CONCERNS[c][1] for c in category.tolist()], size)
    first, last = (day - dt.date(1970, 1, 1) for day in CONCERN_DAYS)
    reported = rng.integers(first.days, last.days, size=size, endpoint=True)
    # Recorded during the working day in Kazakhstan (UTC+5): 03:00-15:00 UTC.
    created = reported * DAY + rng.integers(3 * 3600, 15 * 3600, size=size)
    return {
        "category": category,
        "source": _pick(rng, CONCERN_SOURCES, size),
        "reported_days": reported,
        "precision_m": rng.choice(np.array(PRECISIONS_M), size=size),
        "text": text,
        "status": _pick(rng, CONCERN_STATUSES, size),
        "private": rng.random(size) < PRIVATE_SHARE,
        "created_s": created,
    }
